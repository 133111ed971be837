"""Keys the reader can remap: every binding has an id, and `[keys]` in settings.toml
gives an id new keys (Textual's keymap). The help screen shows the keys in use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap, BindingType, Keymap

from tui.core.sanitize import show_name
from tui.core.settings import Settings

if TYPE_CHECKING:
    from textual.dom import DOMNode


def step_bindings(screen: str) -> list[Binding]:
    """`[` and `]`: the previous and next article of the list a screen is showing."""
    return [
        Binding(
            f"{side}_square_bracket",
            f"step({step})",
            f"{word} article",
            key_display="[" if step < 0 else "]",
            show=False,
            id=f"{screen}.{word.lower()}-article",
        )
        for side, step, word in (("left", -1, "Previous"), ("right", 1, "Next"))
    ]


def remappable() -> dict[str, Binding]:
    """Every binding with an id, across the app, its screens and widgets."""
    from tui.app.app import MyelinApp
    from tui.app.screens.article import ArticleScreen
    from tui.app.screens.bookmarks import BookmarksScreen
    from tui.app.screens.browse import BrowseScreen
    from tui.app.screens.dialogs import (
        ChoiceDialog,
        LinkDialog,
        MessagesDialog,
        QuestionDialog,
        TermsDialog,
    )
    from tui.app.screens.glossary import GlossaryScreen
    from tui.app.screens.help import HelpScreen
    from tui.app.screens.problems import ProblemsScreen
    from tui.app.screens.search import SearchScreen
    from tui.app.widgets.article_view import ArticleView
    from tui.app.widgets.key_list import KeyList
    from tui.app.widgets.topic_tree import TopicTree

    owners: list[type[DOMNode]] = [
        MyelinApp,
        BrowseScreen,
        SearchScreen,
        ArticleScreen,
        GlossaryScreen,
        BookmarksScreen,
        HelpScreen,
        ProblemsScreen,
        ChoiceDialog,
        TermsDialog,
        LinkDialog,
        QuestionDialog,
        MessagesDialog,
        KeyList,
        TopicTree,
        ArticleView,
    ]
    return {
        binding.id: binding
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


def keymap_problems(settings: Settings) -> list[str]:
    """Ids in the settings file that name no binding (a typo would otherwise do nothing),
    and keys it gives to two bindings that are active together (one would shadow the
    other: `q` given to bookmarking would stop `q` quitting from an article)."""
    known = remappable()
    problems = [
        f"settings.toml: [keys] has no binding called {show_name(name)!r}; the ids are in "
        "the README."
        for name in settings.keys
        if name not in known
    ]
    keys = {
        name: set(settings.keys.get(name, binding.key).split(","))
        for name, binding in known.items()
    }
    said: set[frozenset[str]] = set()
    for mine in sorted(settings.keys.keys() & known.keys()):
        given = keys[mine] - set(known[mine].key.split(","))  # the keys the reader added
        for other, theirs in keys.items():
            scopes = (mine.split(".")[0], other.split(".")[0])
            together = scopes[0] == scopes[1] or "app" in scopes
            shared = given & theirs
            if other != mine and together and shared and {mine, other} not in said:
                said.add(frozenset((mine, other)))
                problems.append(
                    f"settings.toml: [keys] {', '.join(sorted(shared))} is given to both "
                    f"{mine} and {other}; where both apply, only one of them will work."
                )
    return problems


def key_rows(bindings: Iterable[BindingType], keymap: Keymap) -> list[tuple[str, str]]:
    """(keys, description) of each described binding, with the keys it has after `keymap`."""
    active = BindingsMap(bindings)
    if keymap:
        active.apply_keymap(keymap)
    keys: dict[tuple[str, str], list[str]] = {}
    for key, found in active.key_to_bindings.items():
        for binding in found:
            if binding.description:
                names = keys.setdefault((binding.action, binding.description), [])
                shown = binding.key_display or key
                if shown not in names:
                    names.append(shown)
    return [(",".join(names).replace("_", " "), text) for (_, text), names in keys.items()]


def readable(key: str) -> str:
    """A key as the footer and help name it: Textual shows ctrl+o as "^o", and a reader
    looking for the key wants the word (shift+^o: shift+ctrl+o)."""
    before, plus, last = key.rpartition("+")
    if last.startswith("^") and len(last) > 1:
        last = f"ctrl+{last[1:]}"
    return before + plus + last
