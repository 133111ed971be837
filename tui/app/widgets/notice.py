"""One line of news ("Bookmarked.", "Match 2 of 5", a file that changed) above the key hints.

Unlike Textual's toasts it covers no text: it takes a line of its own just above the key
hints, which stay in view (at 40x12 a saved file's path took their place, QA4 Q10), and a
new notice replaces the one before instead of stacking under it. A warning replaced
before its time is counted in the line that replaces it; every notice can be read again
with `M` (the messages dialog).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from tui.app.widgets.key_footer import KeyFooter

Severity = Literal["information", "warning", "error"]

#: Where a word too long for a line may break, best first: after a path's separator (or
#: before the full stop after a name), then after a hyphen, underscore or dot inside a
#: name; a piece still too long is cut.
BREAKS = (re.compile(r"(?<=/)|(?=[.,:;]+$)"), re.compile(r"(?<=[-_.])"))


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken only between words. A word longer
    than a line (a path, a file name) breaks at the best place that `BREAKS` gives, so
    "~/Documents/" and "notes-2026-12-02.md" each stay whole when they fit (a fold
    anywhere made "…-12-02." and "md" of a name a person copies)."""
    width = max(width, 1)
    lines: list[str] = []
    for word in text.split():
        first, *rest = _pieces(word, width, BREAKS)
        if lines and cell_len(lines[-1]) + 1 + cell_len(first) <= width:
            lines[-1] += " " + first  # "to ~/" ends a line, the file's name starts one
        else:
            lines.append(first)
        lines += rest
    return lines or [""]


def _pieces(word: str, width: int, breaks: tuple[re.Pattern[str], ...]) -> list[str]:
    """`word` in lines of at most `width` cells, joined greedily from its pieces."""
    if cell_len(word) <= width:
        return [word]
    if not breaks:  # nowhere left to break: cut at the width
        cut = next(n for n in range(len(word), 0, -1) if cell_len(word[:n]) <= width)
        return [word[:cut], *_pieces(word[cut:], width, ())]
    lines: list[str] = []
    for piece in (part for part in breaks[0].split(word) if part):
        if lines and cell_len(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines += _pieces(piece, width, breaks[1:])
    return lines


class Words:
    """Text wrapped by `wrap_words` at whatever width the notice has (a resize included)."""

    def __init__(self, text: str, style: Style | str = "") -> None:
        self.text, self.style = text, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in wrap_words(self.text, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, end="\n")


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
    /* What must be read whole (a warning, an error, where a file was saved) wraps
       between words, up to three lines, rather than being cut just where the file's
       name was. */
    Notice.-whole { height: auto; max-height: 3; }
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
        error or a message said `whole` wraps between words onto up to three lines instead
        of being cut."""
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
        self.update(Words(shown) if whole else Text(shown, no_wrap=True, overflow="ellipsis"))
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
        """Above the key hints, or gone: the text above gives up its last lines for the
        moment, and only the lines that changed are sent (tui/app/wire.py)."""
        self.display = shown


class BottomLine(Widget):
    """The screen's last lines: a notice for a moment, and the key hints always."""

    DEFAULT_CSS = """
    BottomLine { dock: bottom; height: auto; max-height: 4; layout: vertical; }
    BottomLine Footer { dock: none; }
    """

    def compose(self) -> ComposeResult:
        yield Notice()
        yield KeyFooter()
