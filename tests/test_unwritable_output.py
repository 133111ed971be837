"""Output that cannot be written (a full disk, a closed pipe) is said plainly, never as a bug."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys

import pytest
from conftest import FIXTURE_LIBRARY, ROOT

from tui import cli
from tui.core.paths import cache_root
from tui.core.state import StateStore

LIBRARY = ["--library", str(FIXTURE_LIBRARY)]
#: Every command that writes to standard output, as a user types it.
COMMANDS = [
    ["search", "relapses", *LIBRARY],
    ["search", "relapses", "--json", *LIBRARY],
    ["search", "relapses", "--plain", *LIBRARY],
    ["show", "ebv-risk", *LIBRARY],
    ["show", "ebv-risk", "--plain", *LIBRARY],
    ["topics", *LIBRARY],
    ["cite", "ebv-risk", *LIBRARY],
    ["notes", "--output", "-", *LIBRARY],
    ["check", str(FIXTURE_LIBRARY)],
    ["read", "--plain", *LIBRARY],
    ["completion", "bash"],
    ["--help"],
    ["search", "--help"],
    ["--version"],
]
NAMES = [" ".join(w for w in args if w != "--library" and "/" not in w) for args in COMMANDS]


class Refusing(io.RawIOBase):
    """A file that takes nothing: /dev/full (`failure` ENOSPC) or a closed pipe (EPIPE)."""

    def __init__(self, failure: int) -> None:
        self.failure = failure

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise (BrokenPipeError if self.failure == errno.EPIPE else OSError)(
            self.failure, os.strerror(self.failure)
        )


def run(args: list[str], failure: int, monkeypatch, capsys) -> tuple[int, str]:
    """`myelin ARGS` in this process, its output refused as `failure`; (status, stderr)."""
    capsys.readouterr()
    store = StateStore()  # a bookmark, so that `notes` has something to write
    state = store.load()
    state.toggle_bookmark("ebv-risk")
    assert store.save(state)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(Refusing(failure))))
    try:
        code = cli.main(args)
    except SystemExit as done:  # argparse: --help, --version
        code = done.code if isinstance(done.code, int) else 1
    return code, capsys.readouterr().err


@pytest.mark.parametrize("args", COMMANDS, ids=NAMES)
def test_a_full_disk_is_named_as_the_cause_with_no_crash_log(args, monkeypatch, capsys):
    """QA Q8: "Myelin stopped on an unexpected error (OSError)", a crash log and status 70."""
    code, err = run(args, errno.ENOSPC, monkeypatch, capsys)
    assert code == cli.EXIT_OUTPUT, err
    assert err == "Could not write the output: No space left on device.\n"
    assert not (cache_root() / "crash.log").exists()


@pytest.mark.parametrize("args", COMMANDS, ids=NAMES)
def test_a_closed_pipe_stays_quiet(args, monkeypatch, capsys):
    """`myelin search ms | head -1`: the reader chose to stop; nothing to say."""
    code, err = run(args, errno.EPIPE, monkeypatch, capsys)
    assert code == 0 and err == ""


def test_another_oserror_is_still_a_bug_with_its_log(monkeypatch, capsys):
    """Only the output's own failure is said as one: anything else keeps its crash log."""

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(cli, "cmd_topics", broken)
    assert cli.main(["topics", *LIBRARY]) == cli.EXIT_BUG
    assert "unexpected error (OSError)" in capsys.readouterr().err
    assert (cache_root() / "crash.log").exists()


@pytest.mark.slow
def test_myelin_search_into_dev_full(isolated_dirs):
    """The real command: one line naming the cause, a non-zero status, nothing at exit."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-I", "-m", "tui", "search", "ms", *LIBRARY],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            timeout=120,
            env={**os.environ, "HOME": str(isolated_dirs)},
        )
    assert result.returncode == cli.EXIT_OUTPUT
    assert result.stderr == "Could not write the output: No space left on device.\n"
    assert not (cache_root() / "crash.log").exists()
