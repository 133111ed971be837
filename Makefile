# Myelin: `make run` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench eval screenshots clean

# Re-install only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/myelin

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check tui tests benchmarks
	$(BIN)/ruff format --check tui tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format tui tests benchmarks
	$(BIN)/ruff check --fix tui tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/wire_bytes.py
	$(BIN)/python benchmarks/clinic_bench.py
	$(BIN)/python benchmarks/cli_bench.py
	$(BIN)/python benchmarks/completion_bench.py

# Search quality: Myelin against an FTS5 baseline on graded questions (not part of `make test`).
eval: $(STAMP)
	$(BIN)/python benchmarks/eval.py

screenshots: $(STAMP)
	$(BIN)/python -m tui.app.screenshots screenshots

clean:
	rm -rf $(VENV) .pytest_cache build dist
