"""A non-editable `pip install .` into a fresh venv ships the library and works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from tui.core.index_files import FIRST_START_FILES

PIP = (sys.executable, "-m", "pip")
#: Counts the articles a first start with an empty cache (argv[1]) parses.
PARSES_ON_A_FIRST_START = """
import sys
from pathlib import Path
from tui.core import library
from tui.core.first_start import first_start_for
from tui.core.paths import bundled_library
parsed = []
read = library.read_article
library.read_article = lambda *args: parsed.append(args) or read(*args)
packaged = first_start_for(bundled_library())
print("snapshot" if packaged and packaged.snapshot() else "no snapshot")
library.load_library(bundled_library(), cache=Path(sys.argv[1]), use_cache=True)
print(len(parsed), "parsed")
"""
QUIET_LOCAL = ("--no-deps", "--no-build-isolation", "-q")  # no network needed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built once for both tests (a build takes seconds)."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", *QUIET_LOCAL, "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(folder.glob("myelin-*.whl"))


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")  # one worker builds the wheel for both
def test_pip_install_into_a_fresh_venv_runs_from_any_directory(tmp_path, wheel):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # No network here: the runtime dependencies (and hatchling, to build) come from this
    # environment through a path file; Myelin itself is installed into the new venv.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [*PIP, "--python", str(python), "install", *QUIET_LOCAL, str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    assert not list(site.glob("*myelin*.pth")), "installed editable"
    assert (site / "tui" / "library" / "topics.yaml").is_file()
    assert len(list((site / "tui" / "library").glob("*.md"))) >= 5

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYELIN_LIBRARY")}
    env["COLUMNS"] = "200"

    def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(c) for c in command],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    where = run(python, "-c", "import tui; print(tui.__file__)")
    assert where.stdout.startswith(str(site / "tui")), where  # the installed copy
    topics = run(env_dir / "bin" / "myelin", "topics")  # the console script
    assert topics.returncode == 0, topics.stderr
    assert "EBV (" in topics.stdout and "problem" not in topics.stderr
    packaged = run(env_dir / "bin" / "myelin", "index")  # a first start builds nothing
    assert f"Using the shared index in {site / 'tui' / 'library-index'}" in " ".join(
        packaged.stdout.split()
    ), packaged
    found = run(python, "-m", "tui", "search", "stem cell transplant", "--json")
    assert found.returncode == 0, found.stderr
    assert '"id": "ahsct-mist-trial"' in found.stdout
    private = Path(env["XDG_CACHE_HOME"]) / "myelin" / "index"
    assert not private.exists() or not any(private.iterdir())  # nothing built
    # Nor parsed: the articles and the first screen come from the package (first_start.py).
    fresh = run(python, "-c", PARSES_ON_A_FIRST_START, elsewhere / "fresh-cache")
    assert fresh.stdout.split() == ["snapshot", "0", "parsed"], fresh

    # An installed library edited by hand: the packaged index no longer matches it, so
    # it is left alone (untouched) and the user's own index answers, up to date.
    packaged_index = site / "tui" / "library-index"
    before = {p.name: p.stat().st_mtime_ns for p in packaged_index.iterdir()}
    article = site / "tui" / "library" / "ahsct-mist-trial.md"
    article.write_text(
        article.read_text().replace("## Key takeaway\n", "## Key takeaway\nZanzibar. ", 1)
    )
    edited = run(python, "-m", "tui", "search", "zanzibar", "--json")
    assert '"id": "ahsct-mist-trial"' in edited.stdout, edited
    assert "Using the shared index" not in run(env_dir / "bin" / "myelin", "index").stdout
    assert any(private.iterdir())
    assert {p.name: p.stat().st_mtime_ns for p in packaged_index.iterdir()} == before


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_wheel_carries_the_library_as_package_data(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt")))
    assert "tui/library/topics.yaml" in names and "tui/library/glossary.yaml" in names
    assert "tui/library-index/myelin-manifest.json" in names  # hatch_build.py
    assert {f"tui/library-index/{name}" for name in FIRST_START_FILES} <= set(names)
    shipped = {n.removeprefix("tui/library/") for n in names if n.startswith("tui/library/")}
    assert shipped == {p.name for p in (ROOT / "library").iterdir()}
    assert "tui/app/myelin.tcss" in names
    assert "myelin = tui.cli:main" in entry_points.decode()
