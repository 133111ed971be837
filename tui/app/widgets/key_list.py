"""An `OptionList` that also moves with j/k and g/G, so every list feels the same."""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

#: Under NO_COLOR the cursor row is also marked in text, for a terminal that shows neither
#: colour nor underline: ▶ where the keys act, ▷ where a list keeps its place meanwhile.
CURSOR_MARK = "▶ "
RESTING_MARK = "▷ "
NO_MARK = "  "


def cursor_mark(widget_has_focus: bool) -> str:
    return CURSOR_MARK if widget_has_focus else RESTING_MARK


#: A rating with its label: a row never shows "evidence" at a line's end and its dots alone
#: on the next (a search result's pane is narrow at 80 columns).
KEPT_TOGETHER = re.compile(r"evidence [●○]+")


class KeptTogether(Visual):
    """A row laid out for the width it is drawn at: when the wrap would fall inside the
    rating, the line breaks before the label instead (indented like the line it ends)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.laid_out: dict[int, Content] = {}

    def at(self, width: int) -> Content:
        if (laid := self.laid_out.get(width)) is None:
            laid = self.laid_out[width] = self._lay_out(width)
        return laid

    def _lay_out(self, width: int) -> Content:
        content, plain = self.content, self.content.plain
        found = KEPT_TOGETHER.search(plain)
        if found is None or width < len(found.group()) + 2:
            return content
        start, end = found.span()
        line_end = plain.find("\n", end)
        line = content[plain.rfind("\n", 0, start) + 1 : line_end if line_end >= 0 else None]
        if any(found.group() in part.plain for part in line.wrap(width)):
            return content
        return content[:start].rstrip() + "\n  " + content[start:]

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        return self.at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.at(width).get_height(rules, width)


class CursorMark(OptionList):
    """The option list's cursor row said in text under NO_COLOR (a gutter of two columns)."""

    #: The list Enter acts on even without focus (the palette's list: its input has focus).
    acts_unfocused = False

    def _get_visual(self, option: Option) -> Visual:
        visual = super()._get_visual(option)
        rated = isinstance(visual, Content) and KEPT_TOGETHER.search(visual.plain)
        if rated and isinstance(visual, Content) and isinstance(option.prompt, Text):
            visual = option._visual = KeptTogether(visual)
        return visual

    def _get_left_gutter_width(self) -> int:
        return len(NO_MARK) if self.app.no_color else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The options' height as they are drawn, right of the mark's gutter: Textual
        measured them without it, so a list that wraps a line more under NO_COLOR was
        laid out short, and its scrollbar came a frame later (the Contents dialog at 40x12
        sent its lines, then its scrollbar: 1.03 full repaints)."""
        return super().get_content_height(
            container, viewport, width - self._get_left_gutter_width()
        )

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
