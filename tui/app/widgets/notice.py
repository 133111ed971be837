"""One line of news ("Bookmarked.", "Match 2 of 5", a file that changed) on the footer's row.

Unlike Textual's toasts it covers no text: it takes the key hints' place for a moment,
so at 80 columns the article stays whole, and a new notice replaces the one before
instead of stacking under it. A warning replaced before its time is counted in the
line that replaces it; every notice can be read again with `M` (the messages dialog).
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static

from tui.app.widgets.key_footer import KeyFooter

Severity = Literal["information", "warning", "error"]


class Notice(Static):
    DEFAULT_CSS = """
    Notice {
        width: 1fr;
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;  /* cut, visibly: M shows it whole */
        background: $primary-background;
        color: $text;
        display: none;
    }
    /* What must be read whole (a warning, an error, where a file was saved) wraps, up
       to three lines, rather than being cut just where the file's name was. */
    Notice.-whole { height: auto; max-height: 3; text-wrap: wrap; text-overflow: fold; }
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

    def say(
        self,
        message: str,
        timeout: float = 3.0,
        severity: Severity = "information",
        whole: bool = False,
    ) -> None:
        """Show `message` (plain text, never markup) for `timeout` seconds; a warning, an
        error or a message said `whole` wraps onto up to three lines instead of being cut."""
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
        whole = whole or worst != "information"
        self.update(Text(shown, no_wrap=not whole, overflow="fold" if whole else "ellipsis"))
        self.set_class(whole, "-whole")
        self.set_class(worst == "warning", "-warning")
        self.set_class(worst == "error", "-error")
        self._show(True)
        self.timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        self.message = ""
        self.severity = self.worst = "information"
        self._show(False)

    def _show(self, shown: bool) -> None:
        """In the key hints' place, or gone and the hints back: within the bottom line,
        so only that line is drawn again (shown over the screen in a layer of its own, it
        redrew the whole article each time, about 6 KB at 80x24)."""
        self.display = shown
        if isinstance(self.parent, BottomLine):
            self.parent.query_one(Footer).display = not shown


class BottomLine(Widget):
    """The screen's last line: the key hints, or a notice in their place for a moment."""

    DEFAULT_CSS = """
    BottomLine { dock: bottom; height: auto; max-height: 3; layout: horizontal; }
    BottomLine Footer { dock: none; }
    """

    def compose(self) -> ComposeResult:
        yield Notice()
        yield KeyFooter()
