"""Shared fixtures: isolated user dirs, and small libraries written on the fly."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.core import index_files

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_LIBRARY = ROOT / "tests" / "fixtures" / "library"
BUNDLED_LIBRARY = ROOT / "library"

# Whether `make` built the bundled library's index and first-start data in this checkout
# (tui/library-index/) changes nothing a test sees: the tests of the packaged data make
# their own and point PREBUILT at it.
index_files.PREBUILT = ROOT / "tests" / "no-packaged-index"


def pytest_collection_modifyitems(config, items):
    """Slow tests first (stable order otherwise): xdist hands them out before the quick
    ones, so no worker is left running a 10-second test alone at the end of the suite."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_collection_finish(session):
    """Python's cycle collector kept scanning everything a test process holds (pytest,
    every test module, Textual, Whoosh): about a third of a pilot test's CPU time. What
    collection imported is frozen out of its scans, and the young generation is collected
    every 50,000 allocations instead of 700 (pilot tests used 38% less CPU)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 50)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    """Point cache, data and config dirs at a temp folder: tests never touch the real ones."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("MYELIN_LIBRARY", raising=False)
    # Each test its own temp folder: Whoosh's in-memory index writes to a fixed
    # $TMPDIR/MAIN.tmp, which tests running at once (xdist) would share.
    temp = home / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.delenv("MYELIN_INDEX", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # TERM unset means a linear terminal (tui/core/plain.py): a suite started without one
    # (some CI runners) still tests the drawn output; tests that want another TERM set it.
    if not os.environ.get("TERM", "").strip():
        monkeypatch.setenv("TERM", "xterm-256color")
    # The app looks in the home folder for recovery copies of the reading state, and may
    # take them (tui/core/state.py, take_back_copies): never a real person's.
    monkeypatch.setenv("HOME", str(home))
    return home


def front_matter(**fields) -> str:
    defaults = {
        "title": "A test article",
        "date": "2024-03-01",
        "kind": "summary",
        "topics": "[EBV]",
        "study_type": "cohort study",
        "credibility": "3",
        "credibility_note": "A test rating.",
        "interest": "3",
        "source": "\n  journal: Test Journal\n  year: 2022",
    }
    defaults.update(fields)
    lines = [f"{k}: {v}" for k, v in defaults.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


SUMMARY_BODY = textwrap.dedent(
    """
    ## Key takeaway
    The main point in one sentence.

    ## What they found
    Some findings about the brain.

    ## Who should care and why
    Readers following this research.

    ## Important considerations
    A small study.
    """
)


def write_article(folder: Path, article_id: str, body: str = SUMMARY_BODY, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{article_id}.md"
    path.write_text(front_matter(**fields) + body, encoding="utf-8")
    return path


@pytest.fixture
def library_dir(tmp_path) -> Path:
    """A copy of the fixture library that a test may change."""
    import shutil

    target = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, target)
    return target


@pytest.fixture(scope="session")
def bundled_cache(tmp_path_factory) -> Path:
    """A cache holding the bundled library's index, built once per test process (2.5 s
    of CPU) for every test that searches it or needs it built (see `copy_bundled`)."""
    from tui.core.index import open_index
    from tui.core.library import load_library

    cache = tmp_path_factory.mktemp("bundled")
    open_index(load_library(BUNDLED_LIBRARY), cache=cache).close()
    return cache


@pytest.fixture(scope="session")
def bundled_engine(bundled_cache):
    """A search engine on the bundled library, for the modules that only search it."""
    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine

    library = load_library(BUNDLED_LIBRARY)
    return SearchEngine(library, open_index(library, cache=bundled_cache))


def copy_bundled(target: Path, cache: Path, bundled_cache: Path) -> Path:
    """A copy of the bundled library at `target`, its index in `cache` already up to date:
    copied from `bundled_cache`, for a test about what happens after the build."""
    import shutil

    from tui.core.index_files import index_dir_for

    shutil.copytree(BUNDLED_LIBRARY, target)
    shutil.copytree(index_dir_for(BUNDLED_LIBRARY, bundled_cache), index_dir_for(target, cache))
    return target


@dataclass
class CliResult:
    """What a `myelin` run left behind: the same fields as `subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict | None = None, cwd=None, stdin: str = "") -> CliResult:
    """Run `myelin ARGS` in this process: `tui.cli.main(argv)` with its output captured.

    Much faster than a subprocess (no interpreter start, no imports), so the CLI
    tests use it; `run_myelin` stays for the few that prove the real command.
    Environment, working directory and stdin are isolated and restored after.
    """
    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "100")
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.chdir(cwd or ROOT)
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as done:  # argparse: --help, --version, usage errors
                code = done.code if isinstance(done.code, int) else (done.code is not None)
    return CliResult(int(code or 0), out.getvalue(), err.getvalue())


def run_myelin(*args: str, env: dict | None = None, cwd=None):
    """Run the `myelin` command as a user would: a separate process, no terminal on stdin.

    Isolated (`-I`) like the installed `myelin` script: the folder it runs in never
    reaches `sys.path`, so a test may run it from inside a hostile library."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-I", "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )


def finishes(function, *args, seconds: float = 10.0):
    """`function(*args)` in a thread; fail if it has not ended within `seconds`.

    A guard against hangs and pathological (quadratic, cubic) work, not a speed target:
    the bound is generous so a loaded CI machine never trips it, while a real blow-up
    (minutes on a megabyte) still does. Speed is measured in benchmarks/.
    """
    import threading

    result: list = []
    failure: list = []

    def run() -> None:
        try:
            result.append(function(*args))
        except BaseException as error:  # re-raised below, in the test's thread
            failure.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{getattr(function, '__name__', function)} did not finish"
    if failure:
        raise failure[0]
    return result[0] if result else None


def top_ids(engine, text: str, n: int = 3, **options) -> list[str]:
    """The ids of the first `n` hits of a search."""
    return [hit.article.id for hit in engine.search(text, **options).hits[:n]]


def reader_that_cannot_save(home: Path, monkeypatch):
    """A linear reader on the fixture library whose state folder is a file, so nothing it
    keeps can be saved: the reader, the library and what it said."""
    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.core.state import StateStore
    from tui.plain_reader import PlainReader

    monkeypatch.setenv("HOME", str(home))
    (home / "state").write_text("a file where the folder should be")
    library = load_library(FIXTURE_LIBRARY)
    engine = SearchEngine(library, open_index(library, cache=home / "cache"))
    out = io.StringIO()
    reader = PlainReader(library, engine, out, 200, store=StateStore(home / "state"))
    return reader, library, out
