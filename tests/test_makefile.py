"""`make run` and `make test`: set up .venv once from the lock, and run what CI runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib

import pytest
from conftest import ROOT


@pytest.fixture
def checkout(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path)
    return tmp_path


# Run as a user would, even when the suite itself runs under `make test`.
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


def make(folder, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=check,
        env=MAKE_ENV,
    )


def dry_run(folder, target: str) -> str:
    """What `make` would run, without running it."""
    return make(folder, "-n", target, check=True).stdout


def fake_program(path, script: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)


def installed(checkout) -> None:
    """A venv that looks set up: every tool a fake that logs its arguments and succeeds."""
    bin_dir = checkout / ".venv" / "bin"
    for tool in ("pip", "python", "ruff", "mypy", "lint-imports", "myelin"):
        fake_program(bin_dir / tool, f'echo "{tool} $*" >> "{checkout}/ran"\n')
    later = max(os.stat(checkout / n).st_mtime for n in ("pyproject.toml", "requirements.lock"))
    stamp = bin_dir.parent / ".installed"
    stamp.touch()
    os.utime(stamp, (later + 10, later + 10))


def test_a_fresh_checkout_creates_the_venv_and_installs_from_the_lock(checkout):
    for target in ("run", "test"):
        plan = dry_run(checkout, target)
        assert "-m venv .venv" in plan
        assert 'pip install --quiet -c requirements.lock -e ".[dev]"' in plan
        # and builds what a first start reads beside the code, as a wheel carries it
        assert "myelin --library library index --output tui/library-index" in plan
    assert ".venv/bin/myelin" in dry_run(checkout, "run")


def test_the_lock_pins_every_dependency_exactly(checkout):
    """A dependency added to pyproject.toml without `make lock` would install unpinned."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lines = (checkout / "requirements.lock").read_text().splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    locked = {canonicalize_name(name) for name in pins}
    project = tomllib.loads((checkout / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    missing = {canonicalize_name(Requirement(w).name) for w in wanted} - locked
    assert not missing, f"run `make lock`: {sorted(missing)} not in requirements.lock"
    assert all(version[0].isdigit() for version in pins.values())
    assert "myelin" not in locked  # the project itself is not pinned


def test_no_reinstall_until_pyproject_or_the_lock_changes(checkout):
    installed(checkout)
    for target in ("run", "test", "lint"):
        assert "pip install" not in dry_run(checkout, target), target
    for changed in ("pyproject.toml", "requirements.lock"):
        later = os.stat(checkout / ".venv" / ".installed").st_mtime + 10
        os.utime(checkout / changed, (later, later))
        assert "pip install" in dry_run(checkout, "test"), changed
        installed(checkout)


def test_make_test_runs_lint_types_contracts_and_pytest_and_nothing_else(checkout):
    installed(checkout)
    done = make(checkout, "test", check=True)
    ran = (checkout / "ran").read_text().splitlines()
    checks = [
        "ruff check tui tests benchmarks",
        "ruff format --check tui tests benchmarks",
        "mypy ",
        "lint-imports ",
    ]
    assert [line for line in ran if line in checks] == checks  # in this order
    pytest = f"python -m pytest -n {(os.cpu_count() or 1) * 2 + 1} --dist loadgroup"
    assert sorted(ran) == sorted([*checks, pytest])
    assert ".venv/bin/mypy" in done.stdout  # the checks' output is shown, after the tests'
    assert "make test" in (ROOT / ".ci" / "run").read_text().splitlines()[-1]
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize("failing", ["ruff", "mypy", "lint-imports", "python"])
def test_any_failing_step_fails_make_test(checkout, failing):
    """pytest's exit code 5 ("no tests ran") too: CI must not pass on an empty run."""
    installed(checkout)
    fake_program(checkout / ".venv" / "bin" / failing, "exit 5\n")
    done = make(checkout, "test")
    assert done.returncode != 0, done.stdout


def test_without_the_venv_module_make_says_the_command_that_fixes_it(checkout, tmp_path):
    """Stock Debian and Ubuntu ship Python without ensurepip (the python3-venv package)."""
    python = tmp_path / "fake" / "python3"
    fake_program(
        python,
        'case "$*" in\n'
        "  *ensurepip*) exit 1 ;;\n"
        "  *version_info*) echo 3.11 ;;\n"
        f'  *) echo "python $*" >> "{checkout}/ran" ;;\n'
        "esac\n",
    )
    for target in ("run", "test"):
        done = make(checkout, target, f"PYTHON={python}")
        assert done.returncode != 0
        assert "sudo apt install python3.11-venv" in done.stderr
        assert "Traceback" not in done.stderr
        assert not (checkout / "ran").exists()  # venv was never tried
        assert not (checkout / ".venv").exists()


def test_lint_bench_eval_and_screenshots_targets(checkout):
    lint = dry_run(checkout, "lint")
    assert "ruff check tui tests benchmarks" in lint and "ruff format --check" in lint
    assert "benchmarks/run.py" in dry_run(checkout, "bench")
    assert "benchmarks/eval.py" in dry_run(checkout, "eval")
    assert "tui.app.screenshots" in dry_run(checkout, "screenshots")
    assert "eval" not in dry_run(checkout, "test")  # search quality is not part of the tests
