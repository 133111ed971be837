"""Keys typed right after `/` reach the search box in the order typed, control keys
included (QA G15): a backspace or ctrl+u is not applied after the letters that follow it."""

from __future__ import annotations

import pytest
from app_helpers import make_app, settle
from conftest import FIXTURE_LIBRARY
from textual import events
from textual.widgets import Input

from tui.app.screens.search import SearchScreen

PRINTABLE = {"slash": "/", "space": " "}


async def burst(app, pilot, *keys: str) -> None:
    """Hand the keys to the app at once, as a terminal read does, then let it settle."""
    for key in keys:
        character = PRINTABLE.get(key, key if len(key) == 1 else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(app, pilot)


@pytest.mark.parametrize(
    ("keys", "box"),
    [
        (["slash", "backspace", *"rituximab"], "rituximab"),
        (["slash", "ctrl+u", *"rituximab"], "rituximab"),
        (["slash", *"ab", "backspace", "c"], "ac"),
        (["slash", *"ab", "ctrl+u", *"pml"], "pml"),
        (["slash", "x", "left", "y"], "yx"),
    ],
)
async def test_keys_after_slash_arrive_in_order(isolated_dirs, keys, box):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:  # the first `/` after start-up
        await burst(app, pilot, *keys)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == box


async def test_keys_in_a_focused_box_arrive_in_order(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(app, pilot, "slash")
        await burst(app, pilot, *"ab", "backspace", "c", "left", "x", "ctrl+u", *"pm")
        assert app.screen.query_one("#query", Input).value == "pmc"
