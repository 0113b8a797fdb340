# Two commands are the whole setup: `make run` and `make test`. Everything lands in .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run app test test-fast setup browser demo bench clean

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
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
