# Two entry points: `make run` (dashboard on the demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= $(or $(STREAMLIT_SERVER_PORT),8501)
DB ?= $(or $(TIMELINE_DB),data/timeline.db)
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHART_BUNDLE := charts/frontend/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js

.PHONY: run test demo chromium bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.run-installed

demo: $(VENV)/.run-installed
	$(PY) -m pipeline demo --db $(DB)

# the dashboard's chart code (plotly.js's basic bundle), pinned by charts/frontend/package-lock.json
$(CHART_BUNDLE): charts/frontend/package.json charts/frontend/package-lock.json
	@command -v npm >/dev/null || { export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends npm; }
	npm ci --prefix charts/frontend --no-audit --no-fund --loglevel=error
	touch $@

run: demo $(CHART_BUNDLE)
	TIMELINE_DB=$(DB) $(PY) -m streamlit run dashboard.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

chromium:
	@test -x $(CHROMIUM) || { export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends chromium fonts-liberation; }

test: $(VENV)/.test-installed chromium $(CHART_BUNDLE)
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest -q -p no:cacheprovider tests

bench: $(VENV)/.run-installed
	$(PY) benchmarks/tempeval.py --data ../shared/data/tempeval3
	$(PY) benchmarks/signals.py --data ../shared/data/events

clean:
	rm -rf $(VENV) charts/frontend/node_modules data/timeline.db data/timeline.db-wal data/timeline.db-shm
