"""A non-editable install ships the bundled library and works from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_carries_the_library_and_runs_from_elsewhere(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("myelin-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tui/library/topics.yaml" in names and "tui/library/glossary.yaml" in names
    assert sum(n.startswith("tui/library/") and n.endswith(".md") for n in names) >= 5
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("MYELIN_LIBRARY", None)
    where = subprocess.run(
        [sys.executable, "-c", "import tui; print(tui.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))  # the installed copy, not the checkout
    topics = subprocess.run(
        [sys.executable, "-m", "tui", "topics"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert topics.returncode == 0, topics.stderr
    assert str(target / "tui" / "library") not in topics.stderr
    assert "EBV (" in topics.stdout
