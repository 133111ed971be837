"""ctrl+c in the linear reader, typed in a terminal of its own as a person types it: it
cancels the line being typed (never glued to the next one, never a traceback), stops
an answer being printed, and twice in a row ends the reader as `q` does (QA5 R12)."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import FIXTURE_LIBRARY
from test_plain_mode import flat, terminal, typed
from test_terminal import read_until

from tui.core.state import StateStore
from tui.plain_reader import CANCELLED, CANCELLED_LINE, DRAFT_KEPT, STOPPED

LIBRARY = ["--library", str(FIXTURE_LIBRARY)]
CTRL_C = b"\x03"
UP = b"\x1b[A"
TRACES = ("Traceback", "KeyboardInterrupt", "Exception ignored")


def heard_after(tty: int, needle: str = "q to quit.") -> str:
    """What the reader says up to `needle` (the next prompt's end), flattened; never a
    traceback."""
    said = read_until(tty, needle.encode()).decode(errors="replace")
    assert not any(trace in said for trace in TRACES), said
    return flat(said)


def cancel(tty: int, *before: str, typing: str) -> str:
    """Open the EBV article, send the lines `before`, type `typing` (no Enter) and press
    ctrl+c: what the reader says."""
    read_until(tty, b"q to quit.")
    for line in ("ebv", "1", *before):
        typed(tty, line)
    os.write(tty, typing.encode())
    read_until(tty, typing.split()[-1].encode())  # on the line, not sent
    os.write(tty, CTRL_C)
    return heard_after(tty)


@pytest.mark.parametrize("term", ["dumb", "xterm-256color"])
def test_ctrl_c_cancels_the_line_being_typed(isolated_dirs, term):
    """ctrl+c after "question half typed" printed a traceback, and the next command was
    glued on: the question saved was "half typedbookmarks"."""
    with terminal("read", "--plain", "--width", "60", *LIBRARY, term=term, own=True) as (
        tty,
        process,
    ):
        said = cancel(tty, "question Will it hurt?", typing="question + half typed")
        assert flat(CANCELLED_LINE) in said
        assert "Kept with" not in said
        os.write(tty, b"bookmarks\n")
        listed = heard_after(tty)
        assert "My question: Will it hurt?" in listed and "typedbookmarks" not in listed
        assert StateStore().load().bookmarks["ebv-risk"].question == "Will it hurt?"
        typed(tty, "b")  # back to the article
        os.write(tty, UP * 3 + b"\n")  # the line dropped comes back with the up arrow
        assert "Kept with the bookmark: Will it hurt? half typed" in heard_after(tty)
        assert StateStore().load().bookmarks["ebv-risk"].question == "Will it hurt? half typed"
        os.write(tty, CTRL_C)  # at an empty prompt: a word, and the reader goes on
        assert flat(CANCELLED) in heard_after(tty)
        assert "Search for relapse" in flat(typed(tty, "relapse"))  # nothing glued on
        assert typed(tty, "q", "Goodbye.").startswith("Goodbye.")
        assert process.wait(timeout=20) == 0


def test_ctrl_c_twice_ends_and_keeps_the_question_being_typed(isolated_dirs):
    with terminal("read", "--plain", "--width", "60", *LIBRARY, own=True) as (tty, process):
        assert flat(CANCELLED_LINE) in cancel(tty, "bookmark", typing="question a fridge?")
        os.write(tty, CTRL_C)
        assert "Goodbye." in heard_after(tty, "Goodbye.")
        assert process.wait(timeout=20) == 0  # ended as q ends: saved
    assert StateStore().load().is_bookmarked("ebv-risk")
    again = flat(_myelin_reads("bookmarks\n"))
    assert flat(DRAFT_KEPT) in again and "My question: a fridge?" in again


def test_ctrl_d_after_ctrl_c_ends_and_keeps_the_question_too(isolated_dirs):
    with terminal("read", "--plain", "--width", "60", *LIBRARY, own=True) as (tty, process):
        assert flat(CANCELLED_LINE) in cancel(tty, typing="question is it safe")
        os.write(tty, b"\x04")
        assert "Goodbye." in heard_after(tty, "Goodbye.")
        assert process.wait(timeout=20) == 0
    assert "My question: is it safe." in flat(_myelin_reads("bookmarks\n"))


def test_ctrl_c_stops_a_long_answer_and_the_reader_goes_on(isolated_dirs, tmp_path):
    """An answer longer than the terminal holds unread (`problems` of a library with 2,000
    broken files): the reader waits to write it, and ctrl+c stops it there."""
    library = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    for number in range(2000):
        (library / f"broken-{number:04}.md").write_text("no front matter here\n")
    with terminal("read", "--plain", "--width", "60", "--library", str(library), own=True) as (
        tty,
        process,
    ):
        read_until(tty, b"q to quit.")
        os.write(tty, b"problems\n")
        read_until(tty, b"Problems in the library: 2000.")
        os.write(tty, CTRL_C)
        said = heard_after(tty)
        assert said.count("broken-") < 2000 and f"{STOPPED} Type a number" in said
        assert "Search for" not in said
        assert "Search for vitamin: 1 article." in flat(typed(tty, "vitamin"))  # it goes on
        assert typed(tty, "q", "Goodbye.").startswith("Goodbye.")
        assert process.wait(timeout=20) == 0


def _myelin_reads(stdin: str) -> str:
    from conftest import run_cli

    return run_cli("read", "--plain", "--width", "60", *LIBRARY, stdin=stdin).stdout


def test_ctrl_c_with_commands_from_a_pipe_ends_saving_as_q_does(isolated_dirs):
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "read", "--plain", *LIBRARY],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"ebv\n1\nbookmark\n")
        process.stdin.flush()
        read_until(process.stdout.fileno(), b"Bookmarked")
        process.send_signal(signal.SIGINT)  # the pipe stays open: the reader waits
        assert process.wait(timeout=20) == 130
        said = flat(process.stdout.read().decode())
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert said.endswith("Stopped (ctrl+c). Goodbye.") and "Traceback" not in said
    assert StateStore().load().is_bookmarked("ebv-risk")
