"""Light over SSH: no scroll animation and no blinking cursor over SSH (and by a setting
anywhere), so an idle screen sends nothing; the benchmark drives the same pty."""

from __future__ import annotations

import sys

import pytest
from app_helpers import make_app, press, screen_text, settle, show_article, type_text
from conftest import FIXTURE_LIBRARY, ROOT
from textual.widgets import OptionList

from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.text_input import TextInput

sys.path.insert(0, str(ROOT / "benchmarks"))
from wire_bytes import Terminal, environment


async def test_over_ssh_nothing_moves_or_blinks(isolated_dirs, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.blink_allowed = True  # as in a real session: only SSH turns the blink off
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(app, pilot)
        assert app.animation_level == "none"
        await press(app, pilot, "slash")
        assert app.screen.query_one(TextInput).cursor_blink is False
        await press(app, pilot, "escape")
        await show_article(app, pilot, "ebv-risk")
        view = app.screen.query_one(ArticleView)
        await pilot.press("space")  # one frame: at its place before anything is animated
        assert view.scroll_y == view.scrollable_content_region.height
        assert not app.animator.is_being_animated(view, "scroll_y")


async def test_the_setting_turns_motion_off_anywhere_and_is_kept(isolated_dirs, monkeypatch):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.blink_allowed = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.animation_level == "full" and app.blink
        await press(app, pilot, "slash")
        assert app.screen.query_one(TextInput).cursor_blink is True
        app.action_toggle_motion()
        await settle(app, pilot)
        assert app.animation_level == "none"
        assert app.screen.query_one(TextInput).cursor_blink is False
        assert "Scroll animation and cursor blinking are off." in screen_text(app)
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.animation_level == "none"


async def test_an_article_opened_from_the_results_is_laid_out_once(isolated_dirs):
    """Related articles are found while the result is highlighted, so the article's first
    frame already holds them: its layout does not change (no second repaint) afterwards."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "ebv")
        assert app.engine is not None
        with app.engine.index.lock:  # held: related articles cannot be found after the key
            await pilot.press("enter")
            await pilot.pause()  # the article's first frame
            view = app.screen.query_one(ArticleView)
            related = view.query_one("#related-links", OptionList)
            first = (view.virtual_size, related.option_count, view.blocks()[0].region)
        await settle(app, pilot)
        assert related.option_count > 0
        assert (view.virtual_size, related.option_count, view.blocks()[0].region) == first


@pytest.mark.slow
def test_an_idle_search_box_over_ssh_sends_nothing(tmp_path):
    """In a real pty: once the results are drawn, a focused text box sends no bytes."""
    term = Terminal(environment(tmp_path, ssh=True), FIXTURE_LIBRARY)
    try:
        assert term.drain(until=b"articles") > 0
        term.key(b"/")
        assert term.key(b"vitamin", until=b"1 result") > 0
        assert term.window(1.5) == 0  # a blinking cursor would send about 2.6 KB here
    finally:
        term.close()


async def test_the_next_article_of_the_list_is_laid_out_once(isolated_dirs):
    """`]` opens an article no row highlighted before: its related articles were found
    while the one before it was read, so its first frame holds them too."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "relapses")
        await press(app, pilot, "enter")
        assert app.engine is not None
        with app.engine.index.lock:  # held: nothing can be found after the key
            await pilot.press("right_square_bracket")
            await pilot.pause()  # the next article's first frame
            view = app.screen.query_one(ArticleView)
            related = view.query_one("#related-links", OptionList)
            assert view.article.id == app.screen.origin.ids[1]
            first = (view.virtual_size, related.option_count)
        await settle(app, pilot)
        assert related.option_count > 0 and (view.virtual_size, related.option_count) == first
