"""One line at the bottom: index progress, warnings, and what to press about them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class StatusLine(Static):
    """Clicking it opens the problems view, as `P` does, when there are problems."""

    app: MyelinApp  # what `self.app` is, for the type checker

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    problems = 0

    def show(self, progress: float | None, problems: int, note: str = "") -> None:
        self.problems = problems
        parts = []
        if progress is not None:
            parts.append(f"Preparing search… {progress:.0%}")
        if problems:
            parts.append(f"{problems} library problem{'s' * (problems != 1)} (press P)")
        if note:
            parts.append(note)
        self.update(Text("  ·  ".join(parts)))
        self.display = bool(parts)
        self.tooltip = "Click to see the library problems" if problems else None

    def on_click(self) -> None:
        if self.problems:
            self.app.action_problems()
