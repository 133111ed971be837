"""No library folder runs code: every child Python is isolated from where it starts.

A library (or the folder the user stands in) may hold a `tui/` package, `json.py`,
`yaml/` or `whoosh/`. Each planted module writes a marker file when imported; the
index build runs in its child process and the marker must never appear.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_article

from tui import cli
from tui.core import index as index_module
from tui.core.paths import cache_root

#: Module names a child Python imports early, and a site hook Python runs by itself.
PLANTED = ("tui", "json", "yaml", "whoosh", "pickle", "filelock", "sitecustomize", "usercustomize")


def plant(folder: Path, marker: Path) -> None:
    """Put modules in `folder` that write `marker` when anything imports them."""
    code = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    for name in PLANTED:
        package = folder / name
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text(code, encoding="utf-8")
        (folder / f"{name}.py").write_text(code, encoding="utf-8")
    (folder / "tui" / "core").mkdir(exist_ok=True)
    (folder / "tui" / "core" / "__init__.py").write_text(code, encoding="utf-8")
    (folder / "tui" / "core" / "index.py").write_text(code, encoding="utf-8")


@pytest.fixture
def hostile_folders(tmp_path, monkeypatch):
    """A library with planted code, entered as the working directory, and a second
    planted folder on PYTHONPATH; the build always runs in a child on two cores."""
    marker = tmp_path / "marker"
    library = tmp_path / "library"
    for number in range(12):
        write_article(library, f"article-{number}", title=f"Relapses study {number}")
    plant(library, marker)
    elsewhere = tmp_path / "elsewhere"
    plant(elsewhere, marker)
    monkeypatch.setenv("PYTHONPATH", str(elsewhere))
    monkeypatch.setenv("PYTHONSTARTUP", str(elsewhere / "json.py"))
    monkeypatch.chdir(library)
    monkeypatch.setattr(index_module, "BUILD_IN_CHILD_FROM", 1)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    started = []
    real_popen = subprocess.Popen

    def spy(command, *args, **kwargs):
        started.append((command, kwargs))
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(index_module.subprocess, "Popen", spy)
    return library, marker, started


@pytest.mark.parametrize("command", [["search", "relapses"], ["index", "--rebuild"]])
def test_a_library_with_planted_modules_never_runs_them(hostile_folders, command, capsys):
    library, marker, started = hostile_folders
    assert cli.main([*command, "--library", "."]) == 0
    assert len(started) == 1, "the build ran in a child process"
    assert not marker.exists(), f"planted code ran: {marker.read_text()!r}"
    child, options = started[0]
    assert child[:2] == [sys.executable, "-I"]
    assert Path(options["cwd"]).resolve() != library.resolve()
    assert "PYTHONPATH" not in options["env"] and "PYTHONSTARTUP" not in options["env"]
    if command[0] == "search":
        assert "Relapses study" in capsys.readouterr().out


def test_the_child_build_starts_in_the_cache_not_the_working_directory(hostile_folders):
    library, marker, started = hostile_folders
    cli.main(["index", "--library", str(library)])
    _, options = started[0]
    cache = cache_root().resolve()
    assert Path(options["cwd"]).resolve().is_relative_to(cache)
    assert not marker.exists()


def test_the_installed_command_run_inside_a_hostile_library_runs_none_of_it(tmp_path):
    """The reproduction from the report: 500 small articles (enough for the build to run in
    a child process) and planted modules, `myelin search` run from inside the folder."""
    marker = tmp_path / "marker"
    library = tmp_path / "library"
    for number in range(index_module.BUILD_IN_CHILD_FROM):
        write_article(library, f"article-{number}", title=f"Relapses study {number}")
    plant(library, marker)
    _search_from_inside(library, marker, str(Path(sys.executable).with_name("myelin")))


def _search_from_inside(library: Path, marker: Path, *command: str) -> None:
    """`COMMAND search relapses --library .` run from inside the library: it works, and
    nothing planted there runs."""
    done = subprocess.run(
        [*command, "search", "relapses", "--library", "."],
        cwd=library,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Relapses study" in done.stdout
    assert not marker.exists(), f"planted code ran: {marker.read_text()!r}"


def test_python_m_tui_inside_a_library_imports_nothing_from_it(tmp_path):
    """`-m` puts the working folder first on sys.path: a `yaml/` or `whoosh/` there was
    imported in place of the real one (QA H39). Only a planted `tui/` itself is beyond
    `__main__`'s reach, which is why the README says `python -I -m tui`."""
    marker = tmp_path / "marker"
    library = tmp_path / "library"
    write_article(library, "one", title="Relapses study")
    plant(library, marker)
    shutil.rmtree(library / "tui")  # stands for the installed package, found first
    (library / "tui.py").unlink()
    _search_from_inside(library, marker, sys.executable, "-m", "tui")
