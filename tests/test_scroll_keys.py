"""Every scrolling pane has the reading keys: a reader who scrolls with `j` or space in an
article is not stuck at the first screen of the problems (QA5 R5)."""

from __future__ import annotations

from app_helpers import make_app, press, settle
from conftest import write_article

from tui.app.screens.problems import ProblemsScreen
from tui.app.widgets.key_scroll import KeyScroll


async def test_the_problems_screen_scrolls_with_the_reading_keys(isolated_dirs, library_dir):
    for number in range(40):
        write_article(library_dir, f"broken-{number}", credibility="high")
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "P")
        assert isinstance(app.screen, ProblemsScreen)
        pane = app.screen.query_one("#problems", KeyScroll)
        assert pane.max_scroll_y > 20
        await press(app, pilot, "j", "j")
        assert pane.scroll_y == 2
        await press(app, pilot, "k")
        assert pane.scroll_y == 1
        await press(app, pilot, "space")
        assert pane.scroll_y == 1 + pane.scrollable_content_region.height
        await press(app, pilot, "G")
        assert pane.scroll_y == pane.max_scroll_y
        await press(app, pilot, "g")
        assert pane.scroll_y == 0
