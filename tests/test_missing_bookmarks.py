"""A bookmark whose article was removed from the library, or skipped for a problem in its
file, still shows with its question: listed, editable, removable, and in the appointment
notes (QA H37). A patient never loses sight of what they wrote."""

from __future__ import annotations

import io
import json
import time

from app_helpers import make_app, press, said, screen_text, settle, type_text
from conftest import run_cli as myelin
from conftest import write_article

from tui.app.screens.bookmarks import BookmarksScreen
from tui.core.state import StateStore


def library_with_a_gap(folder):
    """`here` loads, `broken` is skipped for a bad date, `gone` is no file at all."""
    write_article(folder, "here", title="An article still here")
    write_article(folder, "broken", date="someday")
    return folder


def bookmarked(state_dir) -> None:
    """Bookmarks as an earlier version wrote them: no title kept with any."""
    state_dir.mkdir(parents=True, exist_ok=True)
    now = time.time()
    marks = [
        {"article_id": a, "added": now - n, "question": f"Q for {a}", "edited": now}
        for n, a in enumerate(["here", "broken", "gone-article"])
    ]
    (state_dir / "state.json").write_text(json.dumps({"version": 1, "bookmarks": marks}))


def flat(text: str) -> str:
    return " ".join(text.replace("▊", " ").replace("▎", " ").split())


def test_notes_keep_the_questions_of_missing_articles_and_say_why(tmp_path, isolated_dirs):
    library = library_with_a_gap(tmp_path / "lib")
    bookmarked(isolated_dirs / "xdg_data_home" / "myelin")
    notes = myelin("--library", str(library), "notes", "--output", "-").stdout
    assert "## 1. An article still here" in notes and "Q for here" in notes
    for number, name, why in (
        (2, "broken", "its file was skipped for a problem"),
        (3, "gone-article", "the article is not in this library"),
    ):
        item = notes.split(f"## {number}. {name}\n")[1]
        assert item.startswith(f"\n- **Summary missing:** {why}")
        assert f"- **My question:** Q for {name}\n" in item
    written = myelin("--library", str(library), "notes", "--output", str(tmp_path / "n.txt"))
    assert "Wrote notes for 3 bookmarked articles" in flat(written.stdout)


def test_notes_name_a_gone_article_by_the_title_kept_with_its_bookmark(tmp_path, isolated_dirs):
    library = library_with_a_gap(tmp_path / "lib")
    store = StateStore(isolated_dirs / "xdg_data_home" / "myelin")
    state = store.load()
    state.toggle_bookmark("gone-article", "Smoking and MS: a study from Sweden")
    state.set_question("gone-article", "Should I worry?")
    assert store.save(state)
    assert store.load().bookmarks["gone-article"].title == "Smoking and MS: a study from Sweden"
    notes = myelin("--library", str(library), "notes", "--format", "txt", "--output", "-")
    text = flat(notes.stdout)
    assert "1. Smoking and MS: a study from Sweden" in text
    assert "My question: Should I worry?" in text


async def test_bookmarks_screen_lists_edits_and_removes_missing_ones(tmp_path, isolated_dirs):
    library = library_with_a_gap(tmp_path / "lib")
    bookmarked(isolated_dirs / "state")
    app = make_app(library, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B")
        assert isinstance(app.screen, BookmarksScreen)
        shown = flat(screen_text(app))
        assert "An article still here" in shown
        assert "broken skipped: see Problems (P)" in shown
        assert "gone-article article not in this library" in shown
        # the header sentence wraps at 80 columns: its end is seen
        assert "skipped for a problem in their file (press P)." in shown
        await press(app, pilot, "down", "down")
        assert "My question: Q for gone-article" in flat(screen_text(app))
        await press(app, pilot, "e", "ctrl+u")
        await type_text(app, pilot, "New words")
        await press(app, pilot, "enter")
        assert app.state.bookmarks["gone-article"].question == "New words"
        assert "My question: New words" in flat(screen_text(app))
        await press(app, pilot, "up", "d", "y")  # it holds a question: asked first
        assert "broken" not in app.state.bookmarks
        assert (
            "Removed the bookmark on “broken” and the question you wrote for it. "
            "Press u to undo." in said(app)
        )
        await press(app, pilot, "u")
        assert app.state.bookmarks["broken"].question == "Q for broken"
        assert "My question: Q for broken" in flat(screen_text(app))


def test_linear_reader_lists_missing_bookmarks_with_their_questions(tmp_path, isolated_dirs):
    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    library = load_library(library_with_a_gap(tmp_path / "lib"))
    bookmarked(tmp_path / "state")
    store = StateStore(tmp_path / "state")
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "cache"))
    out = io.StringIO()
    reader = PlainReader(library, engine, out, 80, store=store)
    reader.answer("bookmarks")
    text = flat(out.getvalue())
    assert "Bookmarks: 1. And 2 bookmarks whose summary is missing" in text
    assert "1. An article still here. My question: Q for here." in text
    assert "- broken. Summary missing: its file was skipped for a problem" in text
    assert "My question: Q for broken." in text
    assert "- gone-article. Summary missing: the article is not in this library" in text
    assert "My question: Q for gone-article." in text
