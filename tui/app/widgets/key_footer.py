"""The key hints line: compact, and only whole hints, as many as fit ("w Word" cut at
the edge helps nobody). When they do not all fit, `? Help` comes first, so the key that
lists every other one is never the one left out (QA G20)."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def hint_width(key: FooterKey) -> int:
    """Columns a compact hint takes: "b Bookmark" and the space after it."""
    return cell_len(key.key_display) + 1 + cell_len(key.description) + 1


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)  # fits 80 columns
        self.width = 0  # the columns the hints were last fitted to

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        hints = [key for key in keys if isinstance(key, FooterKey)]
        room = (self.width or self.app.size.width) + 1  # the last hint needs no space after
        if sum(map(hint_width, hints)) > room:
            first = [key for key in hints if key.action == "help"]
            keys = first + [key for key in keys if key not in first]
        for key in keys:
            if isinstance(key, FooterKey):
                room -= hint_width(key)
                if room < 0:
                    break
            yield key

    def bindings_changed(self, screen: Screen) -> None:
        """The hints of a screen under a dialog stay as they were: Textual recomposed them
        while it was covered, then again when it came back, each a frame after the one that
        showed the change (the footer line sent twice more per dialog)."""
        if screen is not self.app.screen:
            return
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # at once, not after the next refresh: an article opened drew its hints a
            # frame after the article (1.01 full repaints at 40x12)
            self.refresh(recompose=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self.width:
            self.width = self.app.size.width
            self.refresh(recompose=True)
