"""The session ends but nothing is lost: no terminal means no full-screen app (and no
process left behind), a hang-up, a terminal that closed or ctrl+q keeps the question
being typed, and a state that cannot be saved is said on the terminal and written to a
recovery copy."""

from __future__ import annotations

import errno
import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import termios
import threading
import time
import types

import pytest
from app_helpers import make_app, press, said, settle
from conftest import FIXTURE_LIBRARY, ROOT, reader_that_cannot_save
from conftest import run_cli as myelin

from tui.app.app import MyelinApp
from tui.app.main import _keep_unsaved
from tui.app.screens.dialogs import QuestionDialog
from tui.core.state import StateStore

sys.path.insert(0, str(ROOT / "benchmarks"))
import wire_bytes
from wire_bytes import Terminal, environment


def test_without_a_terminal_myelin_says_so_and_ends(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--library", str(FIXTURE_LIBRARY)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=environment(tmp_path, ssh=False),
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == b""  # no screen codes into a pipe
    assert b"needs a terminal" in done.stderr and b"myelin read --plain" in done.stderr


def _seed(home):
    folder = home / "data" / "myelin"
    folder.mkdir(parents=True)
    mark = {"article_id": "ebv-risk", "added": 1.0, "question": "first"}
    (folder / "state.json").write_text(json.dumps({"bookmarks": [mark]}))
    return folder


def _start_typing(term: Terminal, words: str) -> None:
    """Open the question box of the one bookmark and type `words` after its text."""
    term.drain(until=b"articles")
    term.key(b"B", until=b"first")
    # The box is open (its title, not the list's "My question: first") and shows what was
    # typed; quiet for less than the cursor's half-second blink.
    term.key(b"e", until=b"enter to keep", quiet=0.3)
    term.key(f" {words}".encode(), until=words.split()[-1].encode(), quiet=0.3)


@pytest.mark.parametrize("ending", [signal.SIGHUP, signal.SIGTERM], ids=["hang-up", "kill"])
def test_a_hang_up_or_kill_ends_the_app_and_keeps_the_question_being_typed(tmp_path, ending):
    folder = _seed(tmp_path)
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        _start_typing(term, "typed before the line dropped")
        os.kill(term.process.pid, ending)
        assert term.process.wait(timeout=30) == 128 + ending
    finally:
        if term.process.poll() is None:
            term.process.kill()
        term.close()
    saved = StateStore(folder).load()
    assert saved.bookmarks["ebv-risk"].question == "first typed before the line dropped"
    assert saved.earlier_questions["ebv-risk"] == ["first"]


@pytest.mark.parametrize("controlling", [False, True], ids=["no-hang-up", "hang-up-too"])
def test_a_closed_terminal_ends_the_app_and_keeps_the_question(tmp_path, monkeypatch, controlling):
    """The pty's far end closes. When it is not the app's controlling terminal (a session
    of its own), no SIGHUP comes, and reading gives end-of-file; when it is, both come."""

    def ioctl(fd, request, *args):
        if request == termios.TIOCSCTTY and not controlling:
            return 0  # not made the controlling terminal: no SIGHUP when it closes
        return fcntl.ioctl(fd, request, *args)

    monkeypatch.setattr(wire_bytes, "fcntl", types.SimpleNamespace(ioctl=ioctl))
    folder = _seed(tmp_path)
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        _start_typing(term, "typed before the line dropped")
        os.close(term.controller)
        # a bound for a hang, not a timing: it ends in about a second
        assert term.process.wait(timeout=60) == 128 + signal.SIGHUP  # as on a hang-up
    finally:
        if term.process.poll() is None:
            term.process.kill()
            term.process.wait()
    saved = StateStore(folder).load()
    assert saved.bookmarks["ebv-risk"].question == "first typed before the line dropped"


async def test_ctrl_q_keeps_the_question_being_typed(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuestionDialog("EBV", "", "ebv-risk"))
        await press(app, pilot, *" and more", "ctrl+q")
    saved = StateStore(isolated_dirs / "state").load()
    assert saved.bookmarks["ebv-risk"].question == "and more"


async def test_an_unsaved_state_is_said_and_kept_in_a_recovery_copy(isolated_dirs, capsys):
    (isolated_dirs / "state").write_text("a file where the folder should be")
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = isolated_dirs / "exports"
    app.export_dir.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        app.state.toggle_bookmark("ebv-risk")
        app.state.set_question("ebv-risk", "keep me")
        await pilot.pause()
    assert app.unsaved
    _keep_unsaved(app)
    said = capsys.readouterr().err
    assert "could not be saved" in said and "a copy is in" in said
    (copy,) = app.export_dir.glob("myelin-reading-state-*.json")
    assert json.loads(copy.read_text())["bookmarks"][0]["question"] == "keep me"


async def test_a_recovery_copy_is_taken_back_on_the_next_start(isolated_dirs, capsys):
    """QA H13: the copy kept when saving failed was never offered back."""
    blocked = isolated_dirs / "state"
    blocked.write_text("a file where the folder should be")
    exports = isolated_dirs / "exports"
    exports.mkdir()
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = exports
    async with app.run_test(size=(80, 24)) as pilot:
        app.state.toggle_bookmark("ebv-risk")
        app.state.set_question("ebv-risk", "asked while the disk was full")
        await pilot.pause()
    _keep_unsaved(app)
    assert "the next start takes it back" in capsys.readouterr().err
    (copy,) = exports.glob("myelin-reading-state-*.json")
    blocked.unlink()  # room again
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    again.export_dir = exports
    async with again.run_test(size=(100, 24)) as pilot:
        await settle(again, pilot)
        assert again.state.bookmarks["ebv-risk"].question == "asked while the disk was full"
        assert any("are back in your reading history" in line for line in said(again))
    saved = StateStore(isolated_dirs / "state").load()
    assert saved.bookmarks["ebv-risk"].question == "asked while the disk was full"
    assert not copy.exists() and copy.with_name(copy.name + ".merged").exists()
    third = make_app(FIXTURE_LIBRARY, isolated_dirs)
    third.export_dir = exports
    async with third.run_test(size=(100, 24)) as pilot:
        await settle(third, pilot)
        assert not any("back in your reading history" in line for line in said(third))


@pytest.mark.parametrize("own", [True, False], ids=["own-copy", "another-data-folder"])
def test_notes_take_back_only_their_own_recovery_copy_from_the_home_folder(isolated_dirs, own):
    """The temp folder and home are shared by every data folder of a user (another
    XDG_DATA_HOME, a script): a copy goes back only to the state it was taken from."""
    store = StateStore() if own else StateStore(isolated_dirs / "another-data-folder")
    state = store.load()
    state.toggle_bookmark("ebv-risk")
    state.set_question("ebv-risk", "kept in a copy")
    copy = store.save_elsewhere(state, [isolated_dirs])
    assert copy is not None
    result = myelin("--library", str(FIXTURE_LIBRARY), "notes", "--output", "-")
    assert ("kept in a copy" in result.stdout) is own
    assert ("are back in your reading history" in result.stderr) is own
    assert copy.exists() is not own
    if not own:  # still there for the state it belongs to
        store.take_back_copies(taken := store.load(), [isolated_dirs])
        assert taken.bookmarks["ebv-risk"].question == "kept in a copy"


def test_a_copy_someone_else_could_change_is_not_taken(isolated_dirs):
    planted = isolated_dirs / f"myelin-reading-state-{StateStore().copy_tag}-20260101-000000.json"
    planted.write_text(json.dumps({"bookmarks": [{"article_id": "ebv-risk", "added": 1.0}]}))
    planted.chmod(0o666)
    result = myelin("--library", str(FIXTURE_LIBRARY), "notes", "--output", "-")
    assert "ebv-risk" not in result.stdout and planted.exists()


def test_the_app_ends_with_an_error_status_when_the_state_could_not_be_saved(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "myelin").write_text("a file where the folder should be")
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        term.key(b"\x11")  # ctrl+q
        assert term.process.wait(timeout=30) == 1
        term.drain(quiet=0.2)
    finally:
        if term.process.poll() is None:
            term.process.kill()
        term.close()
    assert b"could not be saved" in term.seen and b"the next start takes it back" in term.seen


def test_linear_mode_never_replaces_a_question_without_asking(tmp_path):
    import io

    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    library = load_library(FIXTURE_LIBRARY)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "cache"))
    out = io.StringIO()
    store = StateStore(tmp_path / "state")
    reader = PlainReader(library, engine, out, 200, store=store)
    reader.show(library.articles["ebv-risk"])
    reader.answer("question Is breastfeeding safe on my drug?")
    reader.answer("question hello")
    assert "already has a question: Is breastfeeding safe on my drug?" in out.getvalue()
    assert StateStore(tmp_path / "state").load().bookmarks["ebv-risk"].question == (
        "Is breastfeeding safe on my drug?"
    )
    reader.answer("question + and when?")
    assert reader.state.bookmarks["ebv-risk"].question == (
        "Is breastfeeding safe on my drug? and when?"
    )
    reader.answer("question hello")
    reader.answer("question hello")  # the same line again: replace, the old one kept
    saved = StateStore(tmp_path / "state").load()
    assert saved.bookmarks["ebv-risk"].question == "hello"
    assert "Is breastfeeding safe on my drug? and when?" in saved.earlier_questions["ebv-risk"]
    assert "earlier question is kept" in out.getvalue()


async def test_clearing_a_question_sticks_and_u_brings_it_back(isolated_dirs):
    from app_helpers import screen_text, show_article

    from tui.app.widgets.article_list import ArticleList

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    for article_id in ("ebv-risk", "vitamin-d-levels"):
        app.state.toggle_bookmark(article_id)
        app.state.set_question(article_id, f"Ask about {article_id}")
    async with app.run_test(size=(80, 24)) as pilot:
        await show_article(app, pilot, "ebv-risk")  # the library is loaded
        await press(app, pilot, "B", "j")
        chosen = app.screen.query_one(ArticleList).highlighted_article.id
        await press(app, pilot, "e", "ctrl+u", "enter")
        assert "Question cleared. Press u to undo." in screen_text(app)
        app.save_state()
        assert StateStore(isolated_dirs / "state").load().bookmarks[chosen].question == ""
        await press(app, pilot, "u")
        assert app.state.bookmarks[chosen].question == f"Ask about {chosen}"
        assert "Question restored." in screen_text(app)
    saved = StateStore(isolated_dirs / "state").load()
    assert saved.bookmarks[chosen].question == f"Ask about {chosen}"


async def test_escape_keeps_what_was_typed_and_e_shows_it(isolated_dirs):
    from app_helpers import screen_text, show_article

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    for article_id in ("ebv-risk", "vitamin-d-levels"):
        app.state.toggle_bookmark(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_article(app, pilot, "ebv-risk")  # the library is loaded
        await press(app, pilot, "B", "j")
        await press(app, pilot, "e", *"a long question typed then escaped", "escape")
        assert "press e to see what you typed" in screen_text(app)
        await press(app, pilot, "e")
        assert isinstance(app.screen, QuestionDialog)
        assert "Earlier: a long question typed then escaped" in screen_text(app)
    saved = StateStore(isolated_dirs / "state").load()
    assert any("a long question typed then escaped" in t for t in saved.earlier_questions.values())


async def test_e_shows_the_words_just_typed_after_another_session_saved(isolated_dirs):
    """Earlier questions saved meanwhile by another session (the linear reader) come
    before the text escaped here: `e` shows the words just typed, then all the others,
    newest first (QA G18)."""
    from app_helpers import screen_text, show_article

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    app.store.save(app.state)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_article(app, pilot, "ebv-risk")
        other = StateStore(isolated_dirs / "state")  # `myelin read --plain`, at the same time
        linear = other.load()
        linear.set_question("ebv-risk", "Will EBV affect me?")
        linear.set_question("ebv-risk", "Will EBV affect me? and my kids?")
        assert other.save(linear)
        await press(app, pilot, "B", "e", *"A new question I typed", "escape")
        app._save_in_background()  # what the save timer does, half a second later
        await settle(app, pilot)
        await press(app, pilot, "e")
        shown = screen_text(app)
        assert "Earlier: A new question I typed" in shown
        assert "Before that: Will EBV affect me?" in shown


def _wait_for_draft(term: Terminal, folder, text: str, deadline: float = 30.0) -> None:
    """Wait on the draft file itself until it holds `text` (the app writes it a moment
    after the last key; opening the box may already have written the text before),
    reading the terminal meanwhile so the app never blocks on a full pty."""
    end = time.monotonic() + deadline
    drafts: list[str] = []
    while text not in drafts:
        assert time.monotonic() < end, f"no draft holds {text!r}: {drafts}"
        term.window(0.05)
        drafts = [json.loads(path.read_text())["text"] for path in _drafts(folder)]
    assert len(drafts) == 1, drafts


def _drafts(folder):
    """The drafts on disk (a draft is replaced whole, never seen half-written)."""
    return list(folder.glob("question-draft-*.json"))


async def test_a_question_typed_when_the_process_was_killed_is_kept(tmp_path):
    """On disk a moment after the last key, taken over by the next session (QA H4)."""
    folder = _seed(tmp_path)
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        _start_typing(term, "and what dose of vitamin D?")
        _wait_for_draft(term, folder, "first and what dose of vitamin D?")
        os.kill(term.process.pid, signal.SIGKILL)  # nothing runs on the way out
        term.process.wait(timeout=30)
    finally:
        if term.process.poll() is None:
            term.process.kill()
        term.close()
    assert StateStore(folder).load().bookmarks["ebv-risk"].question == "first"  # not saved
    app = MyelinApp(FIXTURE_LIBRARY, state_dir=folder, cache_dir=tmp_path / "c", blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        said = [said.text for said in app.messages]
    assert any("what you typed is kept" in text for text in said), said
    saved = StateStore(folder).load()
    assert saved.bookmarks["ebv-risk"].question == "first and what dose of vitamin D?"
    assert saved.earlier_questions["ebv-risk"] == ["first"]
    assert not _drafts(folder)  # taken over, then removed


def test_a_byte_that_is_not_utf8_from_the_keyboard_is_a_character_not_the_end(tmp_path):
    """A Latin-1 terminal sends one byte for "é": Textual's input thread raised
    UnicodeDecodeError and the app ended with the question lost (QA H34)."""
    saved = question_typed(tmp_path, "is caf", b"\xe9 safe?", b"safe?")
    assert saved.bookmarks["ebv-risk"].question == "first is caf\ufffd safe?"


def test_the_end_of_input_or_a_refused_write_is_a_hang_up_once(monkeypatch):
    """What the input and output threads do when the terminal is gone: a hang-up is raised
    (once), and what is written after a refused write never makes the app wait."""
    from textual.drivers import linux_driver

    from tui.app import keyboard

    for name in ("WriterThread", "getincrementaldecoder"):  # put back after the test
        monkeypatch.setattr(linux_driver, name, getattr(linux_driver, name))
    raised: list[int] = []
    monkeypatch.setattr(keyboard.signal, "raise_signal", raised.append)
    monkeypatch.setattr(keyboard, "GONE", threading.Event())
    monkeypatch.setattr(keyboard, "PAUSE", 0)
    keyboard.watch_the_terminal()

    class Refusing(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.EIO, "Input/output error")

    writer = linux_driver.WriterThread(Refusing())
    writer.start()
    for _ in range(100):  # more than its queue holds: it is emptied all the same
        writer.write("a frame")
    writer.stop()  # returns: the thread took every write and ended
    assert raised == [signal.SIGHUP]
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"caf\xe9 ok") == "caf\ufffd ok"
    assert decode(b"") == decode(b"") == ""  # the end of input, read twice
    assert raised == [signal.SIGHUP]  # once


def question_typed(home, words: str, more: bytes, shown: bytes):
    """Type `words` into the bookmark's question box, then send `more` (until `shown` is on
    screen), keep it with Enter and quit with ctrl+q: the reading state saved then. The app
    must still be running after `more` and end cleanly."""
    folder = _seed(home)
    term = Terminal(environment(home, ssh=False), FIXTURE_LIBRARY)
    try:
        _start_typing(term, words)
        term.key(more, until=shown, quiet=0.3)
        assert term.process.poll() is None  # still running
        term.key(b"\r", until=b"My question: first", quiet=0.3)  # kept, on the bookmarks screen
        term.key(b"\x11")  # ctrl+q
        assert term.process.wait(timeout=30) == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()
        term.close()
    return StateStore(folder).load()


def test_linear_mode_keeps_a_copy_of_what_it_could_not_save(tmp_path, monkeypatch):
    """The linear reader said "Kept with the bookmark" and "Goodbye." while nothing was
    on disk, and the screen-reader user's question was gone (QA H36)."""

    reader, library, out = reader_that_cannot_save(tmp_path, monkeypatch)
    reader.show(library.articles["ebv-risk"])
    reader.answer("question can I work?")
    assert "Kept for this session only, not saved: can I work?" in out.getvalue()
    assert reader.goodbye() == 1
    said = " ".join(out.getvalue().split())
    assert "could not be saved" in said and "the next start takes it back" in said
    assert said.endswith("Goodbye.")
    (copy,) = tmp_path.glob("**/myelin-reading-state-*.json")
    assert json.loads(copy.read_text())["bookmarks"][0]["question"] == "can I work?"


def test_a_question_typed_on_the_list_in_one_burst_is_searched_whole(tmp_path):
    """Letters typed on the first screen start a search (QA H35); in a real terminal the
    rest of the burst reached the list before the search screen took over, and only the
    last letter was kept ("fatigue" searched "e")."""
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        term.key(b"heat makes it worse", until=b"heat makes it worse")
        assert term.shows(b"heat makes it worse")
    finally:
        term.close()
