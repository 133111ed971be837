"""ctrl+c says how to quit on the notice line, in Myelin's words, never in a toast over
the text; at 40 columns the Bookmarks screen still shows its e and n keys (QA5 R11)."""

from __future__ import annotations

from app_helpers import make_app, press, said, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY


async def test_ctrl_c_says_how_to_quit_on_the_notice_line(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "ctrl+c")
        assert said(app)[-1] == "To quit Myelin, press q or ctrl+q."
        assert said(app)[-1] in screen_text(app)
        assert not app._notifications  # no toast over the text
        await press(app, pilot, "slash", "ctrl+c")  # in the search box q is a letter
        assert said(app)[-1] == "To quit Myelin, press ctrl+q."
        assert not app._notifications


async def test_at_40_columns_bookmarks_show_their_question_and_notes_keys(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b", "B")
        shown = screen_text(app)
        assert "e question" in shown and "n notes" in shown
