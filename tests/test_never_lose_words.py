"""Never lose what a person wrote: bookmark removal can be undone, questions are kept,
and appointment notes never replace an earlier file."""

from __future__ import annotations

from datetime import date

from app_helpers import make_app, press, said, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY
from conftest import run_cli as myelin
from textual import events
from textual.widgets import Input

from tui.app.screens.bookmarks import BookmarksScreen
from tui.app.widgets.article_list import ArticleList
from tui.core.notes import write_notes
from tui.core.state import MAX_TEXT, ReadingState, StateStore

LIBRARY = ["--library", str(FIXTURE_LIBRARY)]


def test_a_removed_question_comes_back_when_bookmarked_again():
    state = ReadingState()
    state.toggle_bookmark("ebv-risk")
    state.set_question("ebv-risk", "Ask about EBV tests")
    assert state.toggle_bookmark("ebv-risk") is False
    assert state.kept_questions == {"ebv-risk": "Ask about EBV tests"}
    restored = ReadingState.from_json(state.to_json())  # kept across a restart too
    assert restored.toggle_bookmark("ebv-risk") is True
    assert restored.bookmarks["ebv-risk"].question == "Ask about EBV tests"
    assert restored.kept_questions == {}


def test_an_undone_removal_survives_the_saved_tombstone(tmp_path):
    store = StateStore(tmp_path)
    state = store.load()
    state.toggle_bookmark("ebv-risk")
    store.save(state)
    mark = state.remove_bookmark("ebv-risk")
    store.save(state)  # the removal is on disk
    state.restore_bookmark(mark)
    assert store.save(state)
    assert StateStore(tmp_path).load().is_bookmarked("ebv-risk")


async def test_d_removes_with_undo_and_keeps_the_question(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for article_id in ("ebv-risk", "vitamin-d-levels"):
            await show_article(app, pilot, article_id)
            await press(app, pilot, "b")
        await press(app, pilot, "B")
        assert isinstance(app.screen, BookmarksScreen)
        await press(app, pilot, "j", "e", *"Ask about EBV tests", "enter")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"
        title = app.screen.query_one(ArticleList).highlighted_article.title
        await press(app, pilot, "d", "y")  # it holds a question: asked first
        assert not app.state.is_bookmarked("ebv-risk")
        assert (
            f"Removed the bookmark on “{title}” and the question you wrote for it. "
            "Press u to undo." in said(app)
        )
        await press(app, pilot, "u")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"
        assert app.screen.query_one(ArticleList).highlighted_article.id == "ebv-risk"
        assert "Bookmark restored." in screen_text(app)
        await press(app, pilot, "u")  # then the question edit before it
        assert "Question restored." in screen_text(app)
        assert app.state.bookmarks["ebv-risk"].question == ""
        await press(app, pilot, "u")
        assert "Nothing to undo." in screen_text(app)
    saved = StateStore(isolated_dirs / "state").load()
    assert saved.bookmarks["ebv-risk"].question == ""
    assert saved.earlier_questions["ebv-risk"] == ["Ask about EBV tests"]  # still recoverable


async def test_with_no_bookmarks_no_question_is_asked_for(isolated_dirs):
    """A question ("press e") needs a bookmark to ask about: an empty list offers none."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b", "B")
        assert "No question yet: press e." in screen_text(app)
        await press(app, pilot, "d")  # the last one
        assert "No bookmarks left: you removed a bookmark here." in screen_text(app)
        assert "press e" not in screen_text(app)


def test_notes_never_replace_an_existing_file(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("my own edits")
    first = write_notes("new notes", target)
    second = write_notes("newer notes", target)
    assert target.read_text() == "my own edits"
    assert (first.name, second.name) == ("notes-2.md", "notes-3.md")
    assert first.read_text() == "new notes" and second.read_text() == "newer notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes-2.md", "notes-3.md", "notes.md"]


def bookmark(data_home, article_id: str, question: str = "") -> dict:
    store = StateStore(data_home / "myelin")
    state = store.load()
    state.toggle_bookmark(article_id)
    state.set_question(article_id, question)
    assert store.save(state)
    return {"XDG_DATA_HOME": str(data_home)}


def test_myelin_notes_writes_a_new_dated_file_each_time(isolated_dirs, tmp_path):
    env = bookmark(isolated_dirs / "xdg_data_home", "ebv-risk", "Ask about tests")
    dated = isolated_dirs / f"myelin-appointment-notes-{date.today().isoformat()}.md"
    first = myelin("notes", *LIBRARY, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    dated.write_text("edited by hand")
    again = myelin("notes", *LIBRARY, env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert dated.read_text() == "edited by hand"
    second = dated.with_name(dated.stem + "-2.md")
    assert "Ask about tests" in second.read_text()
    assert "already exists and was kept as it is" in " ".join(again.stderr.split())
    assert str(second) in " ".join(again.stdout.split())


def test_myelin_notes_help_says_what_it_writes():
    """The help named a fixed file name; the file is dated and never replaced."""
    said = " ".join(myelin("notes", "--help").stdout.split())
    assert "myelin-appointment-notes-DATE.md" in said and "never replaced" in said


def test_no_bookmarks_writes_no_empty_page(isolated_dirs, tmp_path):
    result = myelin("notes", *LIBRARY, cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "d")})
    assert result.returncode == 1
    assert "No bookmarked articles, so no notes were written" in " ".join(result.stderr.split())
    assert [p for p in tmp_path.iterdir() if p.suffix == ".md"] == []


async def paste(app, pilot, text: str) -> None:
    """A bracketed paste, as the terminal hands it to the app."""
    event = events.Paste(text)
    event.set_sender(app)
    app._driver.send_message(event)
    await settle(app, pilot)


async def test_a_pasted_question_of_several_lines_keeps_every_line(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b", "B", "e")
        await paste(app, pilot, "First line of my question.\r\nSecond: dose?\n\n  Third?\n")
        await press(app, pilot, "enter")
        kept = "First line of my question. Second: dose? Third?"
        assert app.state.bookmarks["ebv-risk"].question == kept


async def test_a_pasted_search_of_several_lines_searches_them_all(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await paste(app, pilot, "vitamin d\nrelapses")
        assert app.screen.query_one("#query", Input).value == "vitamin d relapses"


async def test_e_adds_to_the_question_and_a_replacement_is_said(isolated_dirs):
    """`e` opened with the question selected: the first key typed wiped it (QA H24)."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    app.state.set_question("ebv-risk", "Ask about EBV tests")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "e", *" and the dose", "enter")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests and the dose"
        assert said(app)[-1] == "Question updated. Press u to undo."  # nothing was lost
        await press(app, pilot, "e", "ctrl+u", *"Something else", "enter")
        assert "Question replaced; the earlier one is kept. Press u to undo." in said(app)
        await press(app, pilot, "u")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests and the dose"


async def test_a_paste_longer_than_a_question_keeps_its_start_and_says_so(isolated_dirs):
    """The box took 25,200 characters the state file refused on the next start (QA H20)."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "e")
        app.screen.query_one("#question").post_message(events.Paste("long question " * 1800))
        await press(app, pilot, "enter")
        question = app.state.bookmarks["ebv-risk"].question
        assert len(question) == MAX_TEXT and question.startswith("long question long")
        assert any("the end of what you pasted was left out" in text for text in said(app))
        await press(app, pilot, "e", "z")  # typed into the full box: said, not silent (QA5 R3)
        assert said(app)[-1] == (
            "This box holds at most 20,000 characters: what you type past that is not taken."
        )
        await press(app, pilot, "enter")
    saved = StateStore(isolated_dirs / "state").load()
    assert saved.bookmarks["ebv-risk"].question == question  # read back whole, not blanked


def test_a_question_longer_than_the_limit_in_the_file_keeps_its_start(tmp_path):
    import json

    long = "x" * (MAX_TEXT + 500)
    mark = {"article_id": "a", "added": 1.0, "question": long}
    (tmp_path / "state.json").write_text(json.dumps({"bookmarks": [mark]}))
    store = StateStore(tmp_path)
    assert store.load().bookmarks["a"].question == long[:MAX_TEXT]
    assert "the first 20,000 were kept" in store.messages[0]
