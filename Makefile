# Two commands are the whole setup: `make run` and `make test`. Everything lands in .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run app test test-fast setup browser demo bench clean hub hub-env hub-clean

setup: $(STAMP)

$(STAMP): pyproject.toml binder/requirements.txt tests/requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r binder/requirements.txt -r tests/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Debian's chromium for the browser tests (never `playwright install`), and poppler's
# pdftoppm/pdftotext to look at the printed report page by page.
browser:
	@{ command -v chromium && command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and poppler-utils for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-liberation poppler-utils >/dev/null; }

demo: setup
	$(BIN)/workbook demo --if-missing

run: setup demo
	$(BIN)/workbook lab

app: setup demo
	$(BIN)/workbook app

test: setup browser
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory hub-env; fi
	WORKBOOK_HUB_PREFIX=$(HUB_PREFIX) WORKBOOK_HUB_PROXY=$(CURDIR)/$(HUB_PROXY) $(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: setup
	$(BIN)/python -m benchmarks

# A career centre's JupyterHub (deploy/jupyterhub/), for trying it (`make hub`) and for its
# test. Users' servers run as their own system users, so their Python lives where every user
# can read it (HUB_PREFIX), not in this checkout; the proxy runs as root beside the hub.
HUB_PREFIX ?= /opt/workbook-hub
HUB_PY := $(HUB_PREFIX)/bin/python
# The system Python, as TLJH uses: a venv runs its base interpreter, which every user must
# reach (a pyenv or conda Python under /root is not). Debian 12's is 3.11.2, too old for the
# soupsieve that binder/ pins, so the hub environment takes the one pinned beside the hub's.
HUB_BASE_PY ?= /usr/bin/python3
HUB_PROXY := $(VENV)/hub-proxy/node_modules/.bin/configurable-http-proxy

hub-env: setup $(HUB_PROXY)
	test -x $(HUB_PY) || $(HUB_BASE_PY) -m venv $(HUB_PREFIX)
	grep -v '^soupsieve==' binder/requirements.txt | cat - deploy/jupyterhub/requirements.txt \
	  > $(HUB_PREFIX)/requirements.new
	cmp -s $(HUB_PREFIX)/requirements.new $(HUB_PREFIX)/requirements.txt || { \
	  $(HUB_PY) -m pip install --quiet -r $(HUB_PREFIX)/requirements.new && \
	  mv $(HUB_PREFIX)/requirements.new $(HUB_PREFIX)/requirements.txt; }
	$(HUB_PY) -m pip install --quiet --no-deps --force-reinstall .
	rm -rf $(HUB_PREFIX)/share/workbook/notebooks
	mkdir -p $(HUB_PREFIX)/share/workbook/notebooks $(HUB_PREFIX)/etc/jupyter
	cp notebooks/*.ipynb $(HUB_PREFIX)/share/workbook/notebooks/
	cp deploy/jupyterhub/jupyter_server_config.py $(HUB_PREFIX)/etc/jupyter/
	chmod -R go+rX,go-w $(HUB_PREFIX)

$(HUB_PROXY): deploy/jupyterhub/proxy/package.json deploy/jupyterhub/proxy/package-lock.json
	mkdir -p $(VENV)/hub-proxy
	cp $^ $(VENV)/hub-proxy/
	npm ci --prefix $(VENV)/hub-proxy --no-audit --no-fund --loglevel=error
	touch $@

hub: hub-env
	$(HUB_PY) deploy/jupyterhub/trial.py --proxy $(CURDIR)/$(HUB_PROXY)

hub-clean:
	test ! -x $(HUB_PY) || $(HUB_PY) deploy/jupyterhub/trial.py --remove

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
