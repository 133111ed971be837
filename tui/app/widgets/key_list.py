"""An `OptionList` that also moves with j/k and g/G, so every list feels the same."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList

#: Under NO_COLOR the cursor row is also marked in text, for a terminal that shows neither
#: colour nor underline: ▶ where the keys act, ▷ where a list keeps its place meanwhile.
CURSOR_MARK = "▶ "
RESTING_MARK = "▷ "
NO_MARK = "  "


def cursor_mark(widget_has_focus: bool) -> str:
    return CURSOR_MARK if widget_has_focus else RESTING_MARK


class CursorMark(OptionList):
    """The option list's cursor row said in text under NO_COLOR (a gutter of two columns)."""

    #: The list Enter acts on even without focus (the palette's list: its input has focus).
    acts_unfocused = False

    def _get_left_gutter_width(self) -> int:
        return len(NO_MARK) if self.app.no_color else 0

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        if not self.app.no_color:
            return line
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return line  # below the last option: blank, already as wide as the list
        mark = NO_MARK
        if index == self.highlighted and offset == 0:
            mark = cursor_mark(self.has_focus or self.acts_unfocused)
        style = next(iter(line), Segment("", self.rich_style)).style or Style()
        # the mark keeps the row's background but none of its underline or reverse
        plain = Style(bgcolor=style.bgcolor, bold=True, meta={"option": index})
        return Strip([Segment(mark, plain), *line], line.cell_length + len(mark))


class KeyList(CursorMark):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "Top", show=False, id="list.top"),
        Binding("G", "last", "Bottom", show=False, id="list.bottom"),
    ]
