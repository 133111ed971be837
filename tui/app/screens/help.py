"""Help: the keys that work on the screen underneath now, built from its active bindings,
so it never lists a key that does nothing there or misses one that works."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.app.screens.dialogs import Dialog
from tui.app.widgets.key_scroll import KeyScroll

if TYPE_CHECKING:
    from tui.app.app import MyelinApp

#: Keys with no binding of Myelin's own (Textual's lists and screens handle them).
LISTS = [
    ("↓ ↑, pgdn pgup", "Move down / up in a list or the text"),
    ("enter", "Open or choose"),
    ("tab, shift+tab", "Next / previous part of the screen"),
    ("ctrl+p", "Command palette: open any article, jump to a topic, themes, screenshot"),
]


def _not_repeated(rows: list[tuple[str, str]], shown: set[str]) -> list[tuple[str, str]]:
    """The general rows without the keys "This screen" already lists (tab is "Next pane"
    on browse: it is not listed twice)."""
    kept = []
    for keys, what in rows:
        groups = [
            " ".join(key for key in group.split() if key not in shown) for group in keys.split(", ")
        ]
        if left := ", ".join(group for group in groups if group):
            kept.append((left, what))
    return kept


def _ours(node) -> set[str]:
    """The descriptions of the bindings Myelin's own classes give `node` (not Textual's
    scrolling defaults, which the "Lists" rows sum up)."""
    return {
        binding.description
        for cls in type(node).__mro__
        if cls.__module__.startswith("tui.")
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
    }


def key_rows(screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this screen's keys, the keys that work everywhere), each description once with all
    its keys in readable names ("d, delete", "space")."""
    app = screen.app
    here: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.description not in _ours(active.node):
            continue
        where = everywhere if active.node is app else here
        keys = where.setdefault(binding.description, [])
        shown = app.get_key_display(binding)  # in words: ctrl+o (MyelinApp.get_key_display)
        if shown not in keys:
            keys.append(shown)
    return (
        [(", ".join(keys), what) for what, keys in here.items()],
        [(", ".join(keys), what) for what, keys in everywhere.items()],
    )


class HelpScreen(Dialog[None]):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("space,pagedown", "scroll(10)", "Page down", show=False, id="help.page-down"),
        Binding("b,pageup", "scroll(-10)", "Page up", show=False, id="help.page-up"),
        Binding("g,home", "scroll(-10000)", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll(10000)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        here, everywhere = key_rows(self.under)
        shown = {key for keys, _ in here + everywhere for key in keys.replace(",", " ").split()}
        sections = [
            ("This screen", here),
            ("Lists", _not_repeated(LISTS, shown)),
            ("Everywhere", everywhere),
        ]
        for title, rows in sections:
            table.add_row(Text(title, style="bold underline"), "")
            for key, description in rows:
                table.add_row(Text(key), Text(description))
            table.add_row("", "")
        with KeyScroll(classes="dialog", id="help") as scroll:
            scroll.border_title = "Keys (j/k scroll, escape to close)"
            yield Static(table)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help", KeyScroll).scroll_lines(lines)
