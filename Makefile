# Two set-up commands: `make demo` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.stamp-run
STAMP_TEST := $(VENV)/.stamp-test

.PHONY: demo test lint typecheck imports pytest bench mutation screenshots sandbox clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/fstui --demo

sandbox: $(STAMP_RUN)
	$(BIN)/fstui sandbox

lint: $(STAMP_TEST)
	$(BIN)/ruff check fstui tests $(wildcard bench)
	$(BIN)/ruff format --check fstui tests $(wildcard bench)

typecheck: $(STAMP_TEST)
	$(BIN)/mypy fstui

# The architecture's import contracts ([tool.importlinter] in pyproject.toml).
imports: $(STAMP_TEST)
	$(BIN)/lint-imports

pytest: $(STAMP_TEST)
	$(BIN)/pytest

test: lint typecheck imports pytest

bench: $(STAMP_TEST)
	$(BIN)/python -m bench

# Mutation score per core module against its focused tests (not part of `make test`).
mutation: $(STAMP_TEST)
	$(BIN)/python -m bench.mutation --show-survivors

screenshots: $(STAMP_TEST)
	$(BIN)/python -m fstui.screenshots screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
