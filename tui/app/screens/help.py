"""Help: every key of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

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


def _rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if binding.description:
            key = binding.key_display or binding.key
            rows.append((key.replace("_", " "), binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        sections = [
            ("This screen", _rows(list(self.under.BINDINGS))),
            ("Lists and reading", NAVIGATION),
            ("Everywhere", _rows(list(self.app.BINDINGS))),
        ]
        for title, rows in sections:
            table.add_row(Text(title, style="bold underline"), "")
            for key, description in rows:
                table.add_row(Text(key), Text(description))
            table.add_row("", "")
        with VerticalScroll(classes="dialog", id="help") as scroll:
            scroll.border_title = "Keys (escape to close)"
            yield Static(table)
