"""An `Input` that follows the app's blink setting (off in tests, for stable snapshots)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class TextInput(Input):
    app: MyelinApp  # what `self.app` is, for the type checker

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)
