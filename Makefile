# Myelin: `make run` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exact versions of everything installed (`make lock` refreshes it); pyproject.toml keeps the
# ranges a package user gets.
LOCK := requirements.lock
# Test processes: two per core and one more, which run while the others wait on a pty's
# quiet moments or a child process (2 cores, 994 tests: 3 processes 123 s, 4 107 s, 5 105 s,
# 6 101 s of pytest wall). `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) * 2 + 1)")
SOURCES := tui tests benchmarks

.PHONY: run test checks lint types contracts pytest format bench eval screenshots lock clean

# Re-install when pyproject.toml or the lock changed since the last install. Without the venv
# module (stock Debian/Ubuntu) say the one command that fixes it instead of failing inside venv.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/pip || $(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  echo "Python's venv module is missing. Install it, then run make again:" >&2; \
	  echo "  sudo apt install python$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv" >&2; \
	  exit 1; }
	test -x $(BIN)/pip || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[dev]"
	@$(MAKE) --no-print-directory --always-make $(PACKAGED)
	touch $(STAMP)

# A first start would read every article before its list can show (seconds on a slow
# machine): the bundled library's index and what a first start reads are built beside the
# code, in tui/library-index/ (git-ignored), as a wheel carries them (hatch_build.py), and
# again when the library changes. Myelin uses them only while they match the library's files.
PACKAGED := tui/library-index/first-start.json
$(PACKAGED): $(wildcard library/*.md library/*.yaml tui/core/*.py tui/core/search/*.py)
	@echo "Preparing the bundled library's index and first start..."
	@$(BIN)/myelin --library library index --output tui/library-index >/dev/null

run: $(STAMP) $(PACKAGED)
	$(BIN)/myelin

# What CI runs (.ci/run): the tests, and beside them lint, types and the layering contract
# (their seconds of CPU fit in the tests' waits on terminals and child processes), whose
# output is printed after the tests'. Any failure, including pytest's exit code 5 for "no
# tests ran", fails the target.
test: $(STAMP)
	@log=$$(mktemp); $(MAKE) --no-print-directory checks > $$log 2>&1 & checks=$$!; \
	$(MAKE) --no-print-directory pytest; tests=$$?; \
	wait $$checks; checked=$$?; cat $$log; rm -f $$log; \
	test $$tests -eq 0 && test $$checked -eq 0

checks: lint types contracts

pytest: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

types: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

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

# Refresh the lock from the ranges in pyproject.toml, in a throw-away venv (needs the network).
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet -e ".[dev]"
	{ echo "# Exact versions for make's installs; refresh with make lock (see README)."; \
	  $(VENV)-lock/bin/python -m pip freeze --exclude-editable; } > $(LOCK)
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache build dist
