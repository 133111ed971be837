"""`make run` and `make test` set up .venv once and re-install only after pyproject.toml changed."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import ROOT


@pytest.fixture
def checkout(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def dry_run(folder, target: str) -> str:
    """What `make` would run, without running it."""
    done = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_a_fresh_checkout_creates_the_venv_and_installs(checkout):
    for target in ("run", "test"):
        plan = dry_run(checkout, target)
        assert "-m venv .venv" in plan and 'pip install --quiet -e ".[dev]"' in plan
    assert ".venv/bin/myelin" in dry_run(checkout, "run")
    assert ".venv/bin/python -m pytest" in dry_run(checkout, "test")


def test_no_reinstall_until_pyproject_changes(checkout):
    stamp = checkout / ".venv" / ".installed"
    stamp.parent.mkdir()
    stamp.touch()
    later = os.stat(checkout / "pyproject.toml").st_mtime + 10
    os.utime(stamp, (later, later))
    for target in ("run", "test", "lint"):
        assert "pip install" not in dry_run(checkout, target), target
    os.utime(checkout / "pyproject.toml", (later + 10, later + 10))
    assert "pip install" in dry_run(checkout, "test")


def test_lint_bench_and_screenshots_targets(checkout):
    lint = dry_run(checkout, "lint")
    assert "ruff check tui tests benchmarks" in lint and "ruff format --check" in lint
    assert "benchmarks/run.py" in dry_run(checkout, "bench")
    assert "benchmarks/eval.py" in dry_run(checkout, "eval")
    assert "tui.app.screenshots" in dry_run(checkout, "screenshots")
    assert "eval" not in dry_run(checkout, "test")  # search quality is not part of the tests


def test_ci_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    assert "make test" in script.splitlines()[-1]
