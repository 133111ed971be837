"""Text too long for its place is shortened where it says least, never cut where it
matters (QA G20): a topic keeps its count; a narrow footer keeps `? Help`."""

from __future__ import annotations

import re

from app_helpers import make_app, press, screen_text, settle, show_article, type_text
from conftest import FIXTURE_LIBRARY


async def test_a_long_topic_name_is_shortened_and_keeps_its_count(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Disease-modifying thera… (1)" in shown
        assert "├ EBV (1)" in shown  # a short one as it is


async def test_at_40_columns_the_footer_starts_with_help(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith("? Help esc Back")
        await pilot.resize_terminal(80, 24)  # wide again: the usual order
        await settle(app, pilot)
        assert screen_text(app).splitlines()[-1].startswith("esc Back")


def hints_are_whole(app, footer: str) -> None:
    """Every word on the key hints line belongs to a whole hint ("w Words", never "w Word")."""
    hints = [
        f"{app.get_key_display(active.binding)} {active.binding.description}"
        for active in app.screen.active_bindings.values()
        if active.binding.show
    ]
    rest = footer.strip()
    while rest:
        found = [hint for hint in hints if rest.startswith(hint)]
        assert found, f"{rest!r} does not start with a whole hint of {hints}"
        rest = rest[len(max(found, key=len)) :].strip()


async def test_the_footer_shows_whole_hints_only_at_every_size(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        for width, height in ((40, 12), (44, 12), (60, 20), (80, 24), (52, 12)):
            await pilot.resize_terminal(width, height)
            await settle(app, pilot)
            footer = screen_text(app).splitlines()[-1]
            hints_are_whole(app, footer)
            assert "? Help" in footer


async def test_at_60_columns_the_lists_above_the_topics_keep_their_counts(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "New since last v… (0)" in shown
        assert "Recently read (0)" in shown


async def test_at_60_columns_search_results_get_more_room_than_the_topics(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "fatigue")
        results, facets = app.screen.query_one("#results"), app.screen.query_one("#facets")
        assert results.size.width > 1.5 * facets.size.width


async def test_a_rating_stays_with_its_label_and_ctrl_keys_are_named_in_words(isolated_dirs):
    """At 80 columns a result's dots wrapped onto a line of their own, away from the word
    "evidence"; the footer said ^o where help says ctrl+o."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "vitamin")
        lines = screen_text(app).splitlines()
        rated = [line for line in lines if "●" in line]
        assert rated and all("evidence ●" in line for line in rated)
        assert not [line for line in lines if line.rstrip(" │").endswith("· evidence")]
        assert "ctrl+o Sort" in lines[-1] and "^" not in lines[-1]


async def test_a_rows_reading_time_keeps_its_number_and_unit_together(isolated_dirs):
    """verify15: at 60x20 a row's facts broke as "2022 research · summary · 1" then
    "min · evidence ●●●●○ · unread" on the next line."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "tab")  # the article list, at its width beside the topics
        lines = screen_text(app).splitlines()
        assert any("│ 1-min · evidence" in line for line in lines)  # wrapped whole
        assert not [line for line in lines if re.search(r"│ *min\b", line)]
