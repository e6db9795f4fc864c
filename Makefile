# The two commands of the README: `make build` and `make test`. `make serve` previews.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed
COMPILED := $(VENV)/.compiled

.PHONY: build test test-fast typecheck serve check bench screenshots check-site clean

# Where the site is published, e.g. `make build BASE_URL=https://user.github.io/repo/`
# (also read from the environment, as the GitHub Pages workflow passes it); empty: site.yaml's.
BASE_URL ?=

build: $(COMPILED)
	$(PY) -m builder build . $(if $(strip $(BASE_URL)),--base-url '$(strip $(BASE_URL))')

# `make serve PORT=8001 DRAFTS=1`: another port; drafts shown too.
PORT ?= 8000
DRAFTS ?=
serve: $(COMPILED)
	$(PY) -m builder serve . --port '$(PORT)' $(if $(strip $(DRAFTS)),--drafts)

check: $(COMPILED)
	$(PY) -m builder check .

# Build times against Hugo, Eleventy, MkDocs and Pelican (installed into bench/peers/): ~25 min.
# (bench/ byte-compiles the builder it measures itself, a snapshot of another commit too.)
bench: $(INSTALLED)
	$(PY) bench/run.py $(BENCH_ARGS)

# The test files spread over every core, one file per process (pytest-xdist), so a file's
# module fixtures (a site built once for all its tests) are made once. `make test PYTEST_JOBS=`: one process.
# pytest keeps its rewritten test modules in __pycache__ even where PYTHONDONTWRITEBYTECODE is set:
# each test process would otherwise compile them all again (3 s of its start).
PYTEST_JOBS ?= -n auto --dist loadfile

test: $(TEST_INSTALLED) $(COMPILED)
	bash scripts/install-test-tools.sh
	$(PY) -m mypy builder
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q $(PYTEST_JOBS)

# The edit-test loop: the type check and every test that needs no browser or HTML checker.
test-fast: $(TEST_INSTALLED) $(COMPILED)
	$(PY) -m mypy builder
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q $(PYTEST_JOBS) -m "not tools"

typecheck: $(TEST_INSTALLED)
	$(PY) -m mypy builder

# The showcase's pages at phone, tablet and desktop widths, light and dark, and printed, into screenshots/ (chromium).
screenshots: $(TEST_INSTALLED)
	$(PY) scripts/screenshots.py

# Lighthouse (npm, pinned in tests/node) on every page type of the showcase: each of performance,
# accessibility, best practices and SEO at least 98 (`make check-site CHECK_SITE_ARGS="--only home"`).
check-site: $(TEST_INSTALLED) $(COMPILED)
	bash scripts/install-test-tools.sh
	$(PY) scripts/check_site.py $(CHECK_SITE_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Editable, so edits to builder/ take effect at once.
$(INSTALLED): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

# Byte-compiled like a regular install, so no build pays for compiling the builder's source
# (PYTHONDONTWRITEBYTECODE, or a read-only checkout, would otherwise leave that to every run).
$(COMPILED): $(INSTALLED) $(wildcard builder/*.py builder/*/*.py)
	$(PY) -m compileall -q builder
	touch $@

$(TEST_INSTALLED): pyproject.toml $(INSTALLED)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf public .cache
