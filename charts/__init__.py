"""The dashboard's charts: plotly figures drawn by our own Streamlit component (charts/frontend).

Why not st.plotly_chart: it ships plotly.js's full bundle (4.7 MB, ~0.8 s of script to run in a
new browser before the first chart) and draws each new figure twice. Our figures use only
scatter and bar traces, which plotly.js's basic bundle (1.2 MB, from npm: `make` installs it)
draws. The component (st.components.v2, in the page, no iframe) uses that bundle, which the page
loads once as it opens (`charts.page`: a route and a tag in the page's head, added to the
dashboard's st.App), draws a figure once and redraws only when it changes. Clicking a point
hands its event id (the first item of its customdata) to the caller.

Without the installed bundle (a checkout where `make` has not run) the charts fall back to
st.plotly_chart, with the same figures and clicks.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Callable

import streamlit as st

FRONTEND = Path(__file__).resolve().parent / "frontend"
PACKAGE = FRONTEND / "node_modules" / "plotly.js-basic-dist-min"
BUNDLE = PACKAGE / "plotly-basic.min.js"
# plotly's toolbar keeps "Download plot as a PNG"; no "Share chart" (an upload to Plotly's cloud)
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["sendChartToCloud"]}
_HTML = '<div class="escalation-chart"></div>'


def bundle_installed() -> bool:
    return BUNDLE.is_file()


@cache
def _chart_component():
    """The component's mount command (registered once per process; Streamlit registers it again
    on a runtime that lacks it, such as each AppTest's)."""
    return st.components.v2.component("escalation_timeline.plotly_chart", html=_HTML,
                                      js=(FRONTEND / "chart.js").read_text(encoding="utf-8"),
                                      isolate_styles=False)


def picked_event(value) -> str | None:
    """The event id a click left in a chart's state (ours, or st.plotly_chart's selection)."""
    picked = getattr(value, "picked", None) if not isinstance(value, dict) else value.get("picked")
    if picked:
        return str(picked)
    points = getattr(getattr(value, "selection", None), "points", None) or []
    if points:
        data = points[0].get("customdata")
        data = data[0] if isinstance(data, (list, tuple)) and data else data
        if data:
            return str(data)
    return None


def plotly_chart(spec: str, key: str, on_pick: Callable[[str], None] | None = None) -> None:
    """Draw the figure `spec` (plotly JSON, `Figure.to_json()`); a click on a point calls `on_pick(event_id)`."""
    def picked() -> None:
        event_id = picked_event(st.session_state.get(key))
        if event_id and on_pick is not None:
            on_pick(event_id)

    if bundle_installed():
        from .page import bundle_path

        data = {"spec": spec, "config": CONFIG, "clickable": on_pick is not None, "bundle": "." + bundle_path()}
        _chart_component()(key=key, data=data, on_picked_change=picked if on_pick is not None else None)
        return
    import plotly.io as pio

    st.plotly_chart(pio.from_json(spec, skip_invalid=True), key=key, config=CONFIG,
                    on_select=picked if on_pick is not None else "ignore", selection_mode="points")
