"""A word typed slowly on the first screen is never run as keys that destroy what a person
wrote: "Bladder" at 2 letters a second opened Bookmarks and its `d`s removed two bookmarks
with their questions, the screen saying only "No bookmarks yet" (QA5 R17)."""

from __future__ import annotations

import pytest
from app_helpers import make_app, press, said, screen_text, settle, show_article, type_text
from conftest import FIXTURE_LIBRARY

from tui.app import typing_pace
from tui.app.screens.bookmarks import BookmarksScreen
from tui.app.screens.dialogs import RemoveDialog
from tui.app.screens.search import SearchScreen
from tui.app.widgets.article_list import ArticleList

IDS = ("ebv-risk", "vitamin-d-levels")


def flat(text: str) -> str:
    """The screen's words, wrapped lines joined, the list's border left out."""
    return " ".join(text.replace("▊", " ").replace("▎", " ").split())


@pytest.fixture
def app(isolated_dirs, monkeypatch):
    """Two bookmarks holding questions; every key comes at a typing pace (the pilot
    is quick), whatever the machine's load."""
    monkeypatch.setattr(typing_pace, "TYPING_PAUSE", 1e9)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    for article_id in IDS:
        app.state.toggle_bookmark(article_id)
        app.state.set_question(article_id, f"Ask about {article_id}")
    return app


def questions(app) -> dict[str, str]:
    return {i: mark.question for i, mark in app.state.bookmarks.items()}


async def bookmarks_a_while_ago(app, pilot) -> None:
    """B, then a pause longer than a typist's between two letters."""
    await press(app, pilot, "B")
    assert isinstance(app.screen, BookmarksScreen)
    app.screen.opened_by = None


async def test_bladder_typed_a_letter_at_a_time_is_a_search(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await type_text(app, pilot, "Bladder")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "Bladder"
        assert questions(app) == {i: f"Ask about {i}" for i in IDS}


async def test_a_key_of_the_screen_is_still_that_key_just_after_b(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "j")
        assert isinstance(app.screen, BookmarksScreen)
        assert app.screen.query_one(ArticleList).highlighted == 1
        await press(app, pilot, "escape", "B", "d")  # asks: it holds a question
        assert isinstance(app.screen, RemoveDialog)


async def test_d_asks_before_a_question_goes_and_letters_typed_never_answer(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await bookmarks_a_while_ago(app, pilot)
        await type_text(app, pilot, "ladder symptoms")  # its y comes among letters
        assert isinstance(app.screen, RemoveDialog)
        shown = flat(screen_text(app))
        assert "Remove the bookmark on “" in shown
        assert "Your question about it goes with it" in shown
        assert "press y on its own to remove it" in shown
        assert questions(app) == {i: f"Ask about {i}" for i in IDS}
        await press(app, pilot, "escape")
        assert isinstance(app.screen, BookmarksScreen)
        assert "Kept the bookmark on “" in said(app)[-1]
        assert questions(app) == {i: f"Ask about {i}" for i in IDS}


async def test_each_removal_is_said_with_its_article_and_u_undoes_it(app, monkeypatch):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await bookmarks_a_while_ago(app, pilot)
        titles = [a.title for a in app.screen.query_one(ArticleList).articles]
        monkeypatch.setattr(typing_pace, "TYPING_PAUSE", -1.0)  # y pressed on its own
        await press(app, pilot, "d", "y")
        removed = f"Removed the bookmark on “{titles[0]}” and the question you wrote for it."
        assert f"{removed} Press u to undo." in flat(screen_text(app))
        await press(app, pilot, "d", "y", "r")  # the list empty; then another notice
        shown = flat(screen_text(app))
        assert "No bookmarks left: you removed 2 bookmarks here." in shown
        assert f"Removed the bookmark on “{titles[1]}”" in shown
        assert "more: press M)" in shown  # the removals are not replaced unseen
        assert app.state.bookmarks == {}
        await press(app, pilot, "u", "u")
        assert questions(app) == {i: f"Ask about {i}" for i in IDS}


async def test_a_bookmark_without_a_question_goes_at_once_and_says_which(app):
    app.state.set_question("ebv-risk", "")
    app.state.set_question("vitamin-d-levels", "")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await bookmarks_a_while_ago(app, pilot)
        title = app.screen.query_one(ArticleList).highlighted_article.title
        await press(app, pilot, "d")
        assert isinstance(app.screen, BookmarksScreen)
        assert f"Removed the bookmark on “{title}”. Press u to undo." in said(app)
        assert len(app.state.bookmarks) == 1


async def test_b_in_an_article_says_the_question_went_with_the_bookmark(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b")
        assert (
            "Bookmark removed with the question you wrote for it. Press b to put both back."
            in said(app)
        )
        await press(app, pilot, "b")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about ebv-risk"
