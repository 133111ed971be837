"""An `Input` that follows the app's blink setting (off in tests, for stable snapshots)."""

from __future__ import annotations

from textual.widgets import Input


class TextInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)
