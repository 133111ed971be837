"""The key hints line: compact, and on a narrow screen `? Help` first, so the key that
lists every other one is never the one cut off at the edge (QA G20)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 60  # columns: below this the screen's keys do not all fit


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)  # fits 80 columns
        self.narrow = False

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        if self.narrow:
            first = [key for key in keys if isinstance(key, FooterKey) and key.action == "help"]
            keys = first + [key for key in keys if key not in first]
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            self.refresh(recompose=True)
