# govlex: `make run` serves (for now: builds, validates and summarises) the bundled graph;
# `make test` runs every check and test. Both create .venv when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test validate build lint typecheck clean

$(BIN)/govlex: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/govlex
	$(BIN)/govlex validate
	$(BIN)/govlex build
	$(BIN)/govlex stats --coverage

validate: $(BIN)/govlex
	$(BIN)/govlex validate

build: $(BIN)/govlex
	$(BIN)/govlex build

lint: $(BIN)/govlex
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/govlex
	$(BIN)/mypy

test: $(BIN)/govlex lint typecheck
	$(BIN)/govlex validate
	$(BIN)/pytest

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
