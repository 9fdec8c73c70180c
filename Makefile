# Everything creates and uses .venv by itself: `make site`, `make serve`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

## site: build the sample site into site/ (strict: any warning fails)
site: $(STAMP)
	$(BIN)/bantin build --strict

## serve: preview on http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BIN)/bantin serve

## check: validate posts and the registry without building
check: $(STAMP)
	$(BIN)/bantin check

## test: every test (browser tests skip without Chromium, except under CI=true)
test: $(STAMP)
	$(BIN)/pytest -n auto

clean:
	rm -rf site .venv .pytest_cache test-artifacts
