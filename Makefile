# govlex: `make run` serves the bundled graph on http://127.0.0.1:8000;
# `make test` runs every check and test. Both create .venv when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run bench-sparql test check docs validate build lint typecheck clean web-assets

# The pages' third-party JavaScript, from npm as pinned by package-lock.json, into api/static/vendor/.
WEB_ASSETS := api/static/vendor/codemirror/codemirror.js
$(WEB_ASSETS): package.json package-lock.json scripts/web-assets
	scripts/system-deps --web
	scripts/web-assets
	touch $@

web-assets: $(WEB_ASSETS)

$(BIN)/govlex: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# What `govlex serve` needs beyond the core (the `serve` extra).
$(VENV)/.serve-deps: pyproject.toml $(BIN)/govlex
	$(BIN)/pip install --quiet -e '.[serve]'
	touch $@

# Every extra plus the test tools (the `test` extra includes `all`), and the optional embeddings matcher so its test runs on the real model. torch is
# pinned first: left to itself, sentence-transformers would pull a multi-GB CUDA build.
$(VENV)/.test-deps: pyproject.toml $(BIN)/govlex
	$(BIN)/pip install --quiet 'torch==2.13.0'
	$(BIN)/pip install --quiet -e '.[test,embeddings]'
	touch $@

# Serves http://127.0.0.1:8000 (API docs at /docs, SPARQL at /sparql); rebuilds first when the inputs changed.
run: $(VENV)/.serve-deps $(WEB_ASSETS)
	scripts/system-deps
	$(BIN)/govlex serve

validate: $(BIN)/govlex
	$(BIN)/govlex validate

build: $(BIN)/govlex
	$(BIN)/govlex build

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-deps
	$(BIN)/mypy

# The inner loop, under a minute: lint, types, and the tests that start no server, drive no browser and
# need no full build (doctests included).
check: $(VENV)/.test-deps lint typecheck
	$(BIN)/pytest -q -m "not server and not browser and not slow"

# The documentation site into site/, strict: a broken link or a stale page fails. The CLI reference is
# generated from the application first.
docs: $(VENV)/.test-deps
	$(BIN)/python -m govlex.cli.reference > docs/cli.md
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: $(VENV)/.test-deps $(WEB_ASSETS) lint typecheck
	scripts/system-deps --test
	npm ci --no-audit --no-fund  # axe-core for the browser tests' accessibility check (package.json)
	$(BIN)/govlex validate
	$(BIN)/pytest

bench-sparql: $(BIN)/govlex
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/sparql_bench.py

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache node_modules api/static/vendor
