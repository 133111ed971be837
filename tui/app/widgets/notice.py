"""One line of news ("Bookmarked.", "Match 2 of 5", a file that changed) on the footer's row.

Unlike Textual's toasts it covers no text: it takes the key hints' line for a moment,
so at 80 columns the article stays whole, and a new notice replaces the one before
instead of stacking under it. A warning replaced before its time is counted in the
line that replaces it; every notice can be read again with `M` (the messages dialog).
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

Severity = Literal["information", "warning", "error"]


class Notice(Static):
    DEFAULT_CSS = """
    Notice {
        layer: notice;
        dock: bottom;
        width: 100%;
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;  /* cut, visibly: M shows it whole */
        background: $primary-background;
        color: $text;
        display: none;
    }
    Notice.-warning { background: $warning-muted; text-style: bold; }
    Notice.-error { background: $error-muted; text-style: bold; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.timer: Timer | None = None
        self.message = ""  # the notice shown now, as said
        self.severity: Severity = "information"  # of that notice
        self.worst: Severity = "information"  # of the notices the line stands for now
        self.unseen = 0  # warnings replaced by a later notice before their time was up

    def say(self, message: str, timeout: float = 3.0, severity: Severity = "information") -> None:
        """Show `message` (plain text, never markup) for `timeout` seconds."""
        if self.timer is not None:
            self.timer.stop()
        if not self.display:
            self.unseen = 0
        elif self.severity != "information" and message != self.message:
            self.unseen += 1
        shown, worst = message, severity
        if self.unseen:  # the warning it replaced stays readable with M, and marked
            shown += f"  ({self.unseen} more: press M)"
            timeout = max(timeout, 8.0)
            worst = "error" if "error" in (severity, self.worst) else "warning"
        self.message, self.severity, self.worst = message, severity, worst
        self.update(Text(shown, no_wrap=True, overflow="ellipsis"))
        self.set_class(worst == "warning", "-warning")
        self.set_class(worst == "error", "-error")
        self.display = True
        self.timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        self.message = ""
        self.severity = self.worst = "information"
        self.display = False
