"""The README's key table and the app's keys agree: each screen's active bindings (what
the help screen is built from, `key_rows`) are in the table for that screen, and every key
the table gives a screen works there. The wording may differ; the keys may not."""

from __future__ import annotations

import re

from app_helpers import make_app, press, settle, show_article
from conftest import FIXTURE_LIBRARY, ROOT

from tui.app.screens.help import LISTS, key_rows

#: The table's "Where" words, by the screen they name ("lists" and "articles" are the kinds
#: of screen; "everywhere" is every screen).
WHERE = {
    "browse": {"everywhere", "browse", "lists"},
    "search": {"everywhere", "search", "lists"},
    "article": {"everywhere", "article", "articles"},
    "glossary": {"everywhere", "glossary", "lists"},
    "bookmarks": {"everywhere", "bookmarks", "lists"},
}

#: The help's names for a key, as the README writes them (ctrl+j is enter in a text box).
SAME_KEY = {"esc": "escape", "del": "delete", "⏎": "enter", "ctrl+j": "enter"}

#: Keys handled by Textual's lists, scrolling and palette, which the help sums up in rows
#: of its own (`LISTS`) rather than from Myelin's bindings.
GENERAL = {SAME_KEY.get(key, key) for keys, _ in LISTS for key in keys.replace(",", " ").split()}


def readme_keys() -> dict[str, set[str]]:
    """Each screen's keys by the README's table (the `backticked` keys of its first column)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("### Keys", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|")[1:3] for line in table.splitlines()[2:]]
    assert len(rows) > 20, "the README's key table was not found"
    keys: dict[str, set[str]] = {screen: set() for screen in WHERE}
    known = set().union(*WHERE.values())
    for key_cell, where_cell in rows:
        where = {word.strip() for word in where_cell.split(",")}
        assert where <= known, f"the key table names a place the test does not know: {where}"
        for screen, words in WHERE.items():
            if where & words:
                keys[screen] |= set(re.findall(r"`([^`]+)`", key_cell))
    return keys


def bound_keys(screen) -> set[str]:
    """The keys the help lists for `screen` as it is now, named as the README names them."""
    here, everywhere = key_rows(screen)
    return {
        SAME_KEY.get(key, key)
        for keys, _ in here + everywhere
        for key in keys.replace(",", " ").split()
    }


async def test_the_readme_key_table_names_the_keys_each_screen_has(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    bound: dict[str, set[str]] = {screen: set() for screen in WHERE}
    async with app.run_test(size=(100, 30)) as pilot:

        async def visit(screen: str, *keys: str) -> None:
            await press(app, pilot, *keys)
            assert type(app.screen).__name__.lower() == f"{screen}screen"
            bound[screen] |= bound_keys(app.screen)

        await settle(app, pilot)
        await visit("browse")  # the topic tree
        await visit("browse", "tab")  # the article list
        await visit("search", "slash")  # the box
        await visit("search", "down")  # the results
        await press(app, pilot, "escape", "escape")
        await show_article(app, pilot, "ebv-risk")
        await visit("article")
        await visit("glossary", "W")  # the box
        await visit("glossary", "down")  # the terms
        await visit("bookmarks", "escape", "B")
    documented = readme_keys()
    for screen in WHERE:
        undocumented = bound[screen] - documented[screen] - GENERAL
        assert not undocumented, f"{screen}: keys missing from the README's table"
        not_bound = documented[screen] - bound[screen] - GENERAL
        assert not not_bound, f"{screen}: the README's table names keys that do nothing there"
