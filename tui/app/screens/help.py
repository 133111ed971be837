"""Help: every key of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.app.keys import key_rows

if TYPE_CHECKING:
    from tui.app.app import MyelinApp

NAVIGATION = [
    ("j / k, ↓ / ↑", "Move down / up"),
    ("g / G", "First / last item, top / bottom"),
    ("tab / shift+tab", "Next / previous pane"),
    ("enter", "Open"),
    ("escape", "Back"),
    ("ctrl+p", "Command palette: open any article, jump to a topic, change theme"),
    ("H / L", "Back / forward through what you read"),
    ("T", "Next theme (dark, light, high contrast)"),
]


class HelpScreen(ModalScreen[None]):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        sections = [
            ("This screen", key_rows(self.under.BINDINGS, self.app.keymap)),
            ("Lists and reading", NAVIGATION),
            ("Everywhere", key_rows(self.app.BINDINGS, self.app.keymap)),
        ]
        for title, rows in sections:
            table.add_row(Text(title, style="bold underline"), "")
            for key, description in rows:
                table.add_row(Text(key), Text(description))
            table.add_row("", "")
        with VerticalScroll(classes="dialog", id="help") as scroll:
            scroll.border_title = "Keys (escape to close)"
            yield Static(table)
