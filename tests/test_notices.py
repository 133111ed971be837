"""News goes on one line at the bottom, over the key hints and never over the text: at
80 columns the article stays whole, a new notice replaces the last instead of stacking,
a warning replaced early is still counted, and `M` shows every recent one in full."""

from __future__ import annotations

import os
import sys

import pytest
from app_helpers import make_app, press, said, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY, ROOT
from textual.widgets import Footer

from tui.app.screens.dialogs import MessagesDialog
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.notice import Notice

sys.path.insert(0, str(ROOT / "benchmarks"))
from wire_bytes import Terminal, environment


def covered_rows(app) -> set[int]:
    """The screen rows the notice line takes now."""
    notice = app.screen.query_one(Notice)
    return set(range(notice.region.y, notice.region.bottom)) if notice.display else set()


async def test_news_at_80_columns_covers_no_text_and_never_stacks(library_dir, isolated_dirs):
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "vitamin-d-levels")
        view = app.screen.query_one(ArticleView)
        await press(app, pilot, "y")  # a long one: the citation
        assert said(app)[-1].startswith("Copied citation: ")
        text_rows = set(range(view.region.y, view.region.bottom))
        assert covered_rows(app) == {23} and not covered_rows(app) & text_rows  # the last row
        assert not app.screen.query_one(Footer).display  # the key hints' place, for a moment
        path = library_dir / "vitamin-d-levels.md"
        path.write_text(path.read_text().replace("did not clearly reduce", "clearly cut"))
        os.utime(path, ns=(1, 1))
        app.screen.check_file()  # a warning, then a key's news over it before its time is up
        await press(app, pilot, "b")
        bottom = screen_text(app).splitlines()[-1].strip()
        assert bottom.startswith("Bookmarked.") and "(1 more: press M)" in bottom
        assert len(covered_rows(app)) == 1  # one line, the newest: nothing piles up
        assert not app._notifications  # and no toast anywhere
        await press(app, pilot, "M")
        assert isinstance(app.screen, MessagesDialog)
        shown = " ".join(screen_text(app).split())
        newest_first = [
            "Bookmarked.",
            "Warning: This article's file has changed on disk:",
            "Copied citation: ",
        ]
        places = [shown.find(words) for words in newest_first]
        assert -1 not in places and places == sorted(places), shown
        await press(app, pilot, "escape", "r")
        assert said(app)[-1] == "Reloaded."


async def test_news_under_a_dialog_shows_on_the_screen_beneath(library_dir, isolated_dirs):
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "vitamin-d-levels")
        article = app.screen
        await press(app, pilot, "question_mark")
        app.say("Could not save the notes: the disk is full.", 10, "error")
        await settle(app, pilot)
        notice = article.query_one(Notice)
        assert notice.display and notice.has_class("-error") and not app._notifications
        assert not notice.region.overlaps(app.screen.query_one("#help").region)  # in view


@pytest.mark.slow
def test_a_notice_coming_and_going_redraws_only_the_bottom_line(tmp_path):
    """In a real terminal over SSH: the notice and the key hints take turns on the last
    line, and only that line is sent again (a notice over the screen redrew the article
    each time it came and went, about 6 KB at 80x24)."""
    term = Terminal(environment(tmp_path, ssh=True), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        term.key(b"\t")
        term.key(b"\r", until=b"min read")  # the article's header ("Bookmark" is on browse too)
        # "Nothing to step through…", one line, over the key hints
        assert 0 < term.key(b"n", until=b"Nothing to step through") < 1500
        assert not term.shows(b"Bookmark")
        # Gone after 2 s: the key hints again, one line (waited for on the screen, not
        # for a fixed time, which a loaded machine overran).
        assert 0 < term.drain(until=b"Bookmark") < 1500
    finally:
        term.close()


async def test_where_a_file_was_saved_and_warnings_are_shown_whole(
    library_dir, isolated_dirs, monkeypatch
):
    """At 40 columns a saved file's name was cut to "…/myelin-appointm…" (QA H14)."""
    monkeypatch.setenv("HOME", str(isolated_dirs))
    app = make_app(library_dir, isolated_dirs)
    app.export_dir = isolated_dirs / "Documents"
    app.export_dir.mkdir()
    app.state.toggle_bookmark("vitamin-d-levels")
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "n")
        (notes,) = app.export_dir.glob("myelin-appointment-notes-*.md")
        assert (
            said(app)[-1] == f"Saved to ~/Documents/{notes.name}: appointment notes for 1 article"
        )
        shown = "".join(screen_text(app).split())  # wrapped onto the lines it needs
        assert f"~/Documents/{notes.name}" in shown
        assert len(covered_rows(app)) > 1
        app.say("Ordinary news that is much longer than forty columns, cut.")
        await pilot.pause()
        assert covered_rows(app) == {11}  # news stays one line
        app.say("Could not save your bookmarks in ~/x (no space left); kept in memory.", 9, "error")
        await pilot.pause()
        assert len(covered_rows(app)) > 1 and "kept in memory" in screen_text(app)
