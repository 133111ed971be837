"""A scrolling pane where every key press moves it.

Textual's scroll actions wait for the next refresh and count from where the pane is
then, so keys that arrive together (a held `j`, keys sent in one packet over SSH) all
land on the same line: five presses moved one line. Here each press counts from where
the one before left the pane, at once.

Every scrolling pane (the article, the problems, a dialog's text) has the same reading
keys, so a reader who scrolls with `j` or space in one is never stuck in another.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import VerticalScroll


class KeyScroll(VerticalScroll):
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="reading.down"),
        Binding("k", "scroll_up", "Up", show=False, id="reading.up"),
        Binding("g", "scroll_home", "Top", show=False, id="reading.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="reading.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="reading.page-down"),
    ]

    def scroll_lines(self, lines: float) -> None:
        """Move `lines` down (up if negative) from where the last key left the pane;
        animated only when the app animates (never over SSH, see MyelinApp.calm)."""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        moving = self.app.animator.is_being_animated(self, "scroll_y")
        start = self.scroll_target_y if moving else self.scroll_y
        self.scroll_to(y=start + lines, immediate=True)

    def action_scroll_down(self) -> None:
        self.scroll_lines(1)

    def action_scroll_up(self) -> None:
        self.scroll_lines(-1)

    def action_page_down(self) -> None:
        self.scroll_lines(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self.scroll_lines(-self.scrollable_content_region.height)
