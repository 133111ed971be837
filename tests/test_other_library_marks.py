"""The reading state is shared by every library: counts and lists show this library's
bookmarks and reading, and say how many bookmarks belong to another one (QA G5)."""

from __future__ import annotations

from app_helpers import make_app, press, screen_text, settle
from conftest import FIXTURE_LIBRARY

from tui.app.screens.bookmarks import BookmarksScreen


def words(app) -> str:
    """The screen's words, joined across the list's frame and wrapped lines."""
    return " ".join(screen_text(app).replace("▊", " ").replace("▎", " ").split())


def made_in_another_library(app, *here: str) -> None:
    for article_id in ("from-another-library", "also-elsewhere", *here):
        app.state.toggle_bookmark(article_id)
        app.state.visit(article_id)


async def test_bookmarks_of_another_library_are_not_counted_here_but_said(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    made_in_another_library(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Bookmarks (0)" in shown and "Recently read (0)" in shown
        await press(app, pilot, "B")
        assert isinstance(app.screen, BookmarksScreen)
        assert (
            "No bookmarks in this library. 2 bookmarks are for articles not in this library."
            in words(app)
        )


async def test_this_librarys_bookmark_is_listed_and_the_others_said(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    made_in_another_library(app, "ebv-risk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Bookmarks (1)" in shown and "Recently read (1)" in shown
        await press(app, pilot, "B")
        shown = words(app)
        assert "a virus infection comes before MS" in shown
        assert "2 bookmarks are for articles not in this library." in shown
