"""One short line of news ("Bookmarked.", "Match 2 of 5") in the bottom corner.

Unlike Textual's toasts it covers one line, not half an article at 80 columns,
and a new notice replaces the one before instead of stacking under it.
"""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static


class Notice(Static):
    DEFAULT_CSS = """
    Notice {
        layer: notice;
        dock: bottom;
        offset-y: -1;
        width: auto;
        max-width: 100%;
        height: 1;
        padding: 0 1;
        background: $primary-background;
        color: $text;
        display: none;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.timer: Timer | None = None
        self.message = ""

    def say(self, message: str, timeout: float = 3.0) -> None:
        """Show `message` (plain text, never markup) for `timeout` seconds."""
        if self.timer is not None:
            self.timer.stop()
        if message != self.message or not self.display:
            self.message = message
            self.update(Text(message, no_wrap=True, overflow="ellipsis"))
            self.display = True
        self.timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        self.message = ""
        self.display = False
