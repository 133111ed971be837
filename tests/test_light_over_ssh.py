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


def dialog_there_and_back(term: Terminal, key: bytes, under: int) -> tuple[int, int, int]:
    """(bytes of opening, bytes of closing, one full repaint: the larger of the screen under
    the dialog and the dialog's own screen)."""
    opened = term.key(key)
    own = term.full_repaint()
    closed = term.key(b"\x1b")
    return opened, closed, max(under, own)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_a_dialog_opened_and_closed_over_ssh_sends_one_full_repaint_each_way(tmp_path, size):
    """Help (`?`) over the browse screen, then contents (`t`) and help over an article: each
    key at most one full repaint. Textual drew a pushed or popped screen two or three
    times, and at 40 columns laid a dialog out at 80% of the width before its narrow
    layout (help: 56 KB against 26 KB at 80x24, 23 KB against 12 KB at 40x12)."""
    term = Terminal(environment(tmp_path, ssh=True), FIXTURE_LIBRARY, size)
    try:
        term.drain(until=b"articles")
        browse = term.full_repaint()
        opened, closed, repaint = dialog_there_and_back(term, b"?", browse)
        assert term.shows(b"Search") and 0 < opened <= repaint and closed <= repaint
        term.key(b"/")
        term.key(b"ebv")
        term.key(b"\r", until=b"min read")
        article = term.full_repaint()
        for key in (b"t", b"?"):
            opened, closed, repaint = dialog_there_and_back(term, key, article)
            assert 0 < opened <= repaint and closed <= repaint, key
        assert term.shows(b"min read")
    finally:
        term.close()


@pytest.mark.slow
def test_b_sends_the_mark_not_the_article(tmp_path):
    """Bookmarking marks the header's blank top line: nothing under it moves, so the key
    sends a line's worth, not the article again (it sent a full repaint and more)."""
    term = Terminal(environment(tmp_path, ssh=True), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        term.key(b"/")
        term.key(b"ebv")
        term.key(b"\r", until=b"min read")
        article = term.full_repaint()
        marked = term.key(b"b", until=b"Bookmarked (b removes it)")
        assert 0 < marked <= article / 8
        assert 0 < term.key(b"b") <= article / 8 and not term.shows(b"b removes it")
    finally:
        term.close()


@pytest.mark.slow
def test_the_terminal_shows_what_a_whole_redraw_draws(tmp_path):
    """Only the cells that changed are sent, yet after keys on several screens the
    terminal's picture is, cell for cell and colour for colour, the one the app draws
    whole after a resize."""
    term = Terminal(environment(tmp_path, ssh=True), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        # (not to the article's end: a resize moves a view scrolled to its end a line)
        for keys in (b"?", b"\x1b", b"\t", b"j", b"\r", b"j", b"j", b"t", b"\x1b", b"k"):
            term.key(keys)
            term.full_repaint()
        assert term.shows(b"min read") and term.unlike == []
    finally:
        term.close()
