"""Escalation Timeline: places escalation and de-escalation signals from news on the day they happened."""

__version__ = "0.1.0"
