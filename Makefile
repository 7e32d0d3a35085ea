# Two commands on a fresh machine:  `make run`  (the app)  and  `make test`  (the whole test suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
WHEELS := $(wildcard /opt/wheels)
FIND_LINKS := $(if $(WHEELS),--find-links $(WHEELS),)

.PHONY: run test test-fast lint index eval gate bench browser clean serve-venv

# torch first, pinned: the CPU build of 2.13.0 is on every machine here, any other pulls GBs of CUDA
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet $(FIND_LINKS) torch==2.13.0
	$(PIP) install --quiet $(FIND_LINKS) -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(PY) app.py

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's Chromium for the browser test..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	  else echo "Chromium is missing and this is not root: the browser test will be skipped."; fi; \
	fi

test: $(VENV)/.installed browser
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed           # the unit tests: no model, no server, no browser (well under a minute)
	$(PY) -m pytest -q -m unit

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

index: $(VENV)/.installed
	$(PY) -m index build

eval: $(VENV)/.installed
	$(PY) -m eval compare

gate: $(VENV)/.installed
	$(PY) -m eval gate

bench: $(VENV)/.installed
	$(PY) -m eval bench

serve-venv:                              # what `pip install .[serve]` gives: the app without torch
	$(PYTHON) -m venv var/serve-venv
	var/serve-venv/bin/pip install --quiet ".[serve]"
	! var/serve-venv/bin/python -c "import torch" 2>/dev/null

clean:
	rm -rf var
