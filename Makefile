# Two commands on a fresh machine:  `make run`  (the app)  and  `make test`  (the whole test suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
WHEELS := $(wildcard /opt/wheels)
FIND_LINKS := $(if $(WHEELS),--find-links $(WHEELS),)

.PHONY: run test index eval gate bench browser clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet $(FIND_LINKS) torch==2.13.0
	$(PIP) install --quiet $(FIND_LINKS) -r requirements-dev.txt
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

index: $(VENV)/.installed
	$(PY) -m index build

eval: $(VENV)/.installed
	$(PY) -m eval compare

gate: $(VENV)/.installed
	$(PY) -m eval gate

bench: $(VENV)/.installed
	$(PY) -m eval bench

clean:
	rm -rf var
