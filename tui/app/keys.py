"""Keys the reader can remap: every binding has an id, and `[keys]` in settings.toml
gives an id new keys (Textual's keymap). The help screen shows the keys in use."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingsMap, BindingType, Keymap
from textual.widgets import Input

from tui.core.sanitize import show_name
from tui.core.settings import Settings

if TYPE_CHECKING:
    from textual.dom import DOMNode


#: Actions that open a text box (the search, the glossary's filter, the question, find in
#: the article; Textual's ctrl+p palette is bound the same way). Their keys act before the
#: keys typed after them are passed on, so a burst ("Wpira", `e` then words, over SSH or
#: from a fast typist) all reaches the box; where a text box has the focus, they are
#: letters to type (`BoxKeys`).
BOX_ACTIONS = frozenset({"search", "glossary", "question", "find"})


def box_key(key: str, action: str, description: str, **kwargs: Any) -> Binding:
    """The binding of a key that opens a text box (see BOX_ACTIONS): a priority binding,
    which Textual runs when the key arrives, before it hands the next keys on."""
    assert action in BOX_ACTIONS, action
    return Binding(key, action, description, priority=True, **kwargs)


def takes_text(widget: object) -> bool:
    """An Input or a TextArea. TextArea is looked up, not imported: its module pulls in
    Textual's document model (a dozen modules at start-up), and no TextArea can have
    focus before something else imported it."""
    text_area = sys.modules.get("textual.widgets._text_area")
    return isinstance(widget, Input) or (
        text_area is not None and isinstance(widget, text_area.TextArea)
    )


class BoxKeys:
    """Mixed into the app and each screen with a `box_key`: in a text box, the key is a
    letter to type (a priority binding would act on it first)."""

    focused: Any  # the app's and every screen's focused widget

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BOX_ACTIONS and takes_text(self.focused):
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]


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
        RemoveDialog,
        TermsDialog,
    )
    from tui.app.screens.glossary import GlossaryScreen
    from tui.app.screens.help import HelpScreen
    from tui.app.screens.problems import ProblemsScreen
    from tui.app.screens.search import SearchScreen
    from tui.app.widgets.key_list import KeyList
    from tui.app.widgets.key_scroll import KeyScroll
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
        RemoveDialog,
        MessagesDialog,
        KeyList,
        TopicTree,
        KeyScroll,
    ]
    return {
        binding.id: binding
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


#: The widgets with keys of their own, by the scope of their binding ids: what they are
#: called in a warning, and the screens (id scopes) they are on. A focused widget's key
#: wins over the screen's: `j` given to bookmarking would only ever scroll the article.
WIDGET_SCOPES: dict[str, tuple[str, frozenset[str]]] = {
    "reading": ("the article text uses", frozenset({"article", "problems"})),
    "list": (
        "the lists use",
        frozenset({"browse", "search", "glossary", "bookmarks", "choice", "article"}),
    ),
    "topics": ("the topic tree uses", frozenset({"browse"})),
}


def _widget_classes() -> dict[str, type[DOMNode]]:
    from tui.app.widgets.article_view import ArticleView
    from tui.app.widgets.key_list import KeyList
    from tui.app.widgets.topic_tree import TopicTree

    return {"reading": ArticleView, "list": KeyList, "topics": TopicTree}


def _apply_together(mine: str, other: str) -> bool:
    """Whether two binding ids can be active at once (so that one key cannot serve both)."""
    scopes = (mine.split(".")[0], other.split(".")[0])
    if scopes[0] == scopes[1] or "app" in scopes:
        return True
    return any(
        scopes[1 - side] in WIDGET_SCOPES.get(scopes[side], ("", frozenset()))[1] for side in (0, 1)
    )


def keymap_problems(settings: Settings) -> list[str]:
    """Ids in the settings file that name no binding (a typo would otherwise do nothing),
    and keys it gives to two bindings that are active together (one would shadow the
    other: `q` given to bookmarking would stop `q` quitting from an article; `j` given to
    it would only scroll the article, whose text has the keys while reading)."""
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
            shared = given & theirs
            together = _apply_together(mine, other)
            if other != mine and together and shared and {mine, other} not in said:
                said.add(frozenset((mine, other)))
                problems.append(
                    f"settings.toml: [keys] {', '.join(sorted(shared))} is given to both "
                    f"{mine} and {other}; where both apply, only one of them will work."
                )
        problems += _widget_key_problems(mine, given)
    return problems


def _widget_key_problems(mine: str, given: set[str]) -> list[str]:
    """Keys given to `mine` that a widget on the same screen keeps for itself without an
    id to remap (arrows, enter, space in the topic tree): named with what they do."""
    problems = []
    scope = mine.split(".")[0]
    for name, widget in _widget_classes().items():
        where, screens = WIDGET_SCOPES[name]
        if scope != "app" and scope not in screens:
            continue
        fixed = {
            key: (found[0].description or found[0].action).lower()
            for key, found in widget._merge_bindings().key_to_bindings.items()
            if not any(binding.id for binding in found)
        }
        for key in sorted(given & fixed.keys()):
            problems.append(
                f"settings.toml: [keys] {key} is given to {mine}, and {where} it ("
                f"{fixed[key]}); where both apply, only one of them will work."
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
