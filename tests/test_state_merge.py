"""Two sessions saving the same reading state: the newest edit of each question wins,
clearing sticks, a replaced text stays recoverable, and a newer version's fields survive."""

from __future__ import annotations

import json
import subprocess
import sys

from tui.core.state import ReadingState, StateStore


def _two_sessions(tmp_path):
    first = StateStore(tmp_path)
    state = first.load()
    state.toggle_bookmark("a")
    state.toggle_bookmark("b")
    state.set_question("a", "old question")
    state.settings["theme"] = "textual-dark"
    assert first.save(state)
    one, two = StateStore(tmp_path), StateStore(tmp_path)
    return one, one.load(), two, two.load()


def _on_disk(tmp_path):
    return StateStore(tmp_path).load()


def test_a_stale_session_does_not_overwrite_a_newer_question(tmp_path):
    one, a, two, b = _two_sessions(tmp_path)
    a.set_question("a", "NEW question written in session A")
    assert one.save(a)
    b.remove_bookmark("b")  # an unrelated change in the stale session
    assert two.save(b)
    saved = _on_disk(tmp_path)
    assert saved.bookmarks["a"].question == "NEW question written in session A"
    assert "b" not in saved.bookmarks
    assert b.bookmarks["a"].question == "NEW question written in session A"  # B sees it too


def test_the_newest_of_two_edits_wins_and_the_other_is_kept(tmp_path):
    one, a, two, b = _two_sessions(tmp_path)
    a.set_question("a", "from A")
    b.set_question("a", "from B, written later")
    assert two.save(b)
    assert one.save(a)  # A saves last, but its edit is older
    saved = _on_disk(tmp_path)
    assert saved.bookmarks["a"].question == "from B, written later"
    assert {"from A", "old question"} <= set(saved.earlier_questions["a"])


def test_clearing_a_question_sticks_and_the_text_stays_recoverable(tmp_path):
    one, a, two, b = _two_sessions(tmp_path)
    a.set_question("a", "")
    assert one.save(a)
    assert two.save(b)  # the stale session still holds the old text
    saved = _on_disk(tmp_path)
    assert saved.bookmarks["a"].question == ""
    assert saved.earlier_questions["a"] == ["old question"]


def test_a_question_edited_after_another_session_removed_the_bookmark_is_kept(tmp_path):
    one, a, two, b = _two_sessions(tmp_path)
    b.remove_bookmark("a")
    assert two.save(b)
    a.set_question("a", "written while B removed it")
    assert one.save(a)
    saved = _on_disk(tmp_path)
    assert "a" not in saved.bookmarks
    kept = [saved.kept_questions.get("a"), *saved.earlier_questions.get("a", [])]
    assert "written while B removed it" in kept and "old question" in kept


def test_settings_take_the_newest_change_not_the_last_save(tmp_path):
    one, a, two, b = _two_sessions(tmp_path)
    a.settings["theme"] = "textual-light"
    assert one.save(a)
    b.mark_read("x")
    assert two.save(b)  # B never touched the theme
    assert _on_disk(tmp_path).settings["theme"] == "textual-light"


def test_two_processes_interleaving_saves_lose_no_question(tmp_path):
    _two_sessions(tmp_path)
    script = (
        "import sys; from pathlib import Path; from tui.core.state import StateStore\n"
        "store = StateStore(Path(sys.argv[1])); state = store.load()\n"
        "sys.stdin.readline()\n"  # both have loaded before either writes
        "if sys.argv[3]: state.set_question(sys.argv[2], sys.argv[3])\n"
        "else: state.remove_bookmark(sys.argv[2])\n"
        "assert store.save(state)\n"
    )
    editor = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path), "a", "from process A"],
        stdin=subprocess.PIPE,
        text=True,
    )
    stale = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path), "b", ""], stdin=subprocess.PIPE, text=True
    )
    editor.communicate("\n", timeout=60)
    stale.communicate("\n", timeout=60)
    assert editor.returncode == stale.returncode == 0
    saved = _on_disk(tmp_path)
    assert saved.bookmarks["a"].question == "from process A" and "b" not in saved.bookmarks


NEWER = {
    "version": 2,
    "bookmarks": [
        {"article_id": "a", "added": 1.0, "question": "my q", "tags": ["future"]},
    ],
    "future_notes": {"a": "A LONG NOTE WRITTEN IN VERSION 2"},
}


def test_a_newer_versions_file_keeps_what_this_version_does_not_understand(tmp_path):
    (tmp_path / "state.json").write_text(json.dumps(NEWER))
    store = StateStore(tmp_path)
    state = store.load()
    state.toggle_bookmark("b")
    assert store.save(state)
    data = json.loads((tmp_path / "state.json").read_text())
    assert data["version"] == 2
    assert data["future_notes"] == NEWER["future_notes"]
    (mark,) = [m for m in data["bookmarks"] if m["article_id"] == "a"]
    assert mark["tags"] == ["future"] and mark["question"] == "my q"
    assert json.loads((tmp_path / "state.json.version-2").read_text()) == NEWER
    assert any("newer version" in message for message in store.messages)


def test_one_bad_field_costs_that_field_not_the_bookmark_and_its_question(tmp_path):
    (tmp_path / "state.json").write_text(
        '{"bookmarks":[{"article_id":"a","added":1e400,"question":"q"},'
        '{"article_id":"b","added":5,"question":["not text"]}]}'
    )
    store = StateStore(tmp_path)
    state = store.load()
    assert state.bookmarks["a"].question == "q" and state.bookmarks["a"].added > 0
    assert "b" in state.bookmarks
    assert "bookmark 1's date added" in store.messages[0]
    assert list(tmp_path.glob("state.json.damaged-*"))  # the file as it was, kept


def test_a_save_that_fails_says_why_in_words(tmp_path):
    (tmp_path / "data").write_text("a file where the folder should be")
    store = StateStore(tmp_path / "data")
    state = store.load()
    state.toggle_bookmark("a")
    assert not store.save(state)
    assert all("a file is where the folder should be" in m for m in store.messages)
    assert not any("Errno" in m for m in store.messages)


def test_a_merge_names_the_questions_another_session_replaced(tmp_path):
    _, a, two, b = _two_sessions(tmp_path)
    b.set_question("a", "newer, from B")
    assert two.save(b)
    disk = _on_disk(tmp_path)
    assert a.merge(disk) == ["a"]  # the app says so: a text here was replaced
    assert a.merge(disk) == []


def test_the_words_kept_last_here_stay_the_newest_after_a_merge(tmp_path):
    """Another session's earlier questions go before this one's: the last is still the
    text just typed here, what "press e to see what you typed" shows (QA G18)."""
    one, a, two, b = _two_sessions(tmp_path)
    b.set_question("a", "Will it affect me?")  # "old question" becomes an earlier one
    b.set_question("a", "Will it affect me? and my kids?")
    assert two.save(b)
    a.remember_question("a", "A new long question I typed")  # escaped in the dialog
    assert one.save(a)
    assert a.earlier_questions["a"][-1] == "A new long question I typed"
    saved = _on_disk(tmp_path).earlier_questions["a"]
    assert saved == ["old question", "Will it affect me?", "A new long question I typed"]


async def test_a_bookmark_made_in_another_session_shows_in_the_open_app(isolated_dirs):
    """QA4 Q15: a bookmark made with `myelin read --plain` while the app was open showed
    on its Bookmarks screen only after a restart (it was kept: the save merges)."""
    from app_helpers import make_app, press, screen_text, settle
    from conftest import FIXTURE_LIBRARY

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B")
        assert "No bookmarks yet" in screen_text(app)
        app.check_other_sessions()  # nothing new: nothing read, nothing redrawn
        other = StateStore(isolated_dirs / "state")  # the linear reader, meanwhile
        state = other.load()
        state.toggle_bookmark("ebv-risk")
        state.set_question("ebv-risk", "Ask about EBV tests")
        assert other.save(state)
        app.check_other_sessions()  # what the app's timer runs every 2 seconds
        await settle(app, pilot)
        text = screen_text(app)
        assert "Fixture - a virus infection comes before" in text
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"
        assert app.store.news_from_other_sessions() is None  # merged once


def test_a_question_written_elsewhere_meanwhile_is_the_newest_earlier_one(tmp_path):
    """QA5 R4: another session's question, written after this one last read the file and
    then written over here, was listed as the oldest earlier question, and not said."""
    one, a, two, b = _two_sessions(tmp_path)
    b.set_question("a", "LINEAR TWO")  # the linear reader, while the app is open
    assert two.save(b)
    a.set_question("a", "old question + app edit")  # the app's edit of the stale text
    assert one.save(a)
    assert one.changed_elsewhere == ["a"]  # to say: words this session never saw
    saved = _on_disk(tmp_path)
    assert saved.bookmarks["a"].question == "old question + app edit"
    assert saved.earlier_questions["a"] == ["old question", "LINEAR TWO"]
    assert a.earlier_questions["a"] == ["old question", "LINEAR TWO"]
    again = ReadingState.from_json(a.to_json())
    assert again.merge(saved) == []  # known now: said once
    assert again.earlier_questions["a"] == ["old question", "LINEAR TWO"]


async def test_the_app_says_when_its_save_sets_aside_another_sessions_question(isolated_dirs):
    from app_helpers import make_app, press, said, settle, type_text
    from conftest import FIXTURE_LIBRARY

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.check_other_sessions = lambda: None  # its 2-second look comes after the edit
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.state.toggle_bookmark("ebv-risk")
        app.state.set_question("ebv-risk", "LINEAR REPLACEMENT")
        app.save_state()
        other = StateStore(isolated_dirs / "state")  # the linear reader, meanwhile
        state = other.load()
        state.set_question("ebv-risk", "LINEAR TWO")
        assert other.save(state)
        await press(app, pilot, "B")
        app.screen.opened_by = None  # a moment later
        await press(app, pilot, "e")  # before the app's timer looked at the file
        await type_text(app, pilot, " + app edit 2")
        await press(app, pilot, "enter")
        app._save_in_background()
        await settle(app, pilot)
        title = app.library.get("ebv-risk").title
        assert (
            f"Your question about “{title}” was also changed in another Myelin window; "
            "no words are lost: press e on Bookmarks to see the earlier ones." in said(app)
        )
        earlier = app.state.earlier_questions["ebv-risk"]
        assert earlier[-1] == "LINEAR TWO" and "LINEAR REPLACEMENT" in earlier
    saved = StateStore(isolated_dirs / "state").load()
    assert saved.bookmarks["ebv-risk"].question == "LINEAR REPLACEMENT + app edit 2"
    assert saved.earlier_questions["ebv-risk"][-1] == "LINEAR TWO"
