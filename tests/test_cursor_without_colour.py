"""The cursor row is marked by more than colour: under NO_COLOR and in the high-contrast
theme, a grey or yellow band is not the only sign of the row Enter opens (QA G24)."""

from __future__ import annotations

import pytest
from app_helpers import make_app, press, settle
from conftest import FIXTURE_LIBRARY

from tui.app.themes import HIGH_CONTRAST


def marks(app, text: str) -> set[str]:
    """The non-colour styles on the screen line that shows `text`."""
    for strip in app.screen._compositor.render_strips():
        if text in strip.text:
            styles = [  # of the words of `text`, not of the other pane on that line
                segment.style
                for segment in strip
                if (words := segment.text.strip()) and (words in text or text in words)
            ]
            return {
                name
                for name in ("reverse", "underline")
                if any(style and getattr(style, name) for style in styles)
            }
    raise AssertionError(f"{text!r} is not on the screen")


@pytest.mark.parametrize("how", ["NO_COLOR", "high contrast"])
async def test_the_cursor_row_is_marked_without_colour(isolated_dirs, monkeypatch, how):
    if how == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        if how == "high contrast":
            app.theme = HIGH_CONTRAST.name
        await settle(app, pilot)
        assert marks(app, "All articles (5)")  # the topic tree has the keys
        assert not marks(app, "Bookmarks (0)")
        await press(app, pilot, "tab")  # to the articles
        title = app.screen.query_one("#articles").highlighted_article.title
        assert marks(app, title)
        assert marks(app, "All articles (5)")  # still shown where the tree's cursor is
