"""Text too long for its place is shortened where it says least, never cut where it
matters (QA G20): a topic keeps its count; a narrow footer keeps `? Help`."""

from __future__ import annotations

from app_helpers import make_app, screen_text, settle
from conftest import FIXTURE_LIBRARY


async def test_a_long_topic_name_is_shortened_and_keeps_its_count(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Disease-modifying thera… (1)" in shown
        assert "├ EBV (1)" in shown  # a short one as it is
