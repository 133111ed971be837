"""The topic tree: special views first, then categories with topic counts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree

from tui.app.widgets.key_list import NO_MARK, cursor_mark
from tui.core.catalog import Snapshot
from tui.core.library import Library


@dataclass(frozen=True)
class View:
    """What the article list shows: a topic, or one of the special lists."""

    kind: str  # "all" | "new" | "bookmarks" | "history" | "topic"
    name: str = ""

    @property
    def title(self) -> str:
        titles = {
            "all": "All articles",
            "new": "New since last visit",
            "bookmarks": "Bookmarks",
            "history": "Recently read",
        }
        return titles.get(self.kind, self.name)


class TopicTree(Tree[View]):
    _building = False  # while `show` adds the nodes (Tree's own __init__ invalidates too)
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="topics.down"),
        Binding("k", "cursor_up", "Up", show=False, id="topics.up"),
        Binding("g", "first", "Top", show=False, id="topics.top"),
        Binding("G", "last", "Bottom", show=False, id="topics.bottom"),
    ]

    class ViewChosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("Topics"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._lines_style: Style | None = None  # while lines are drawn (see render_lines)

    def show(
        self,
        library: Library | Snapshot,
        new_count: int,
        bookmark_count: int,
        history_count: int,
    ) -> None:
        """Rebuild the tree; labels are `Text`, so topic names are never markup."""
        self.clear()
        counts = library.topic_counts()
        shown = {"new": new_count, "bookmarks": bookmark_count, "history": history_count}
        self._building = True  # one invalidation for the whole tree, not one a node
        try:
            self.root.add_leaf(Text(f"All articles ({len(library.articles)})"), View("all"))
            for kind, count in shown.items():
                self.root.add_leaf(Text(f"{View(kind).title} ({count})"), View(kind))
            for category in library.topics.categories:
                branch = self.root.add(Text(category.name, style="bold"), expand=True)
                for topic in category.topics:
                    label = Text(f"{topic.name} ({counts.get(topic.name, 0)})")
                    branch.add_leaf(label, View("topic", topic.name))
        finally:
            self._building = False
        self.root.expand()  # which invalidates it

    def _invalidate(self) -> None:
        """Tree's caches dropped and a layout asked for: once `show` has added every node
        (each node added did it, 60 a start)."""
        if not self._building:
            super()._invalidate()

    def show_counts(self, new_count: int, bookmark_count: int, history_count: int) -> None:
        """Relabel the special lists only: the tree keeps its cursor and scroll."""
        counts = {"new": new_count, "bookmarks": bookmark_count, "history": history_count}
        for node in self.root.children[:4]:
            view = node.data
            if view is not None and view.kind in counts:
                node.set_label(Text(f"{view.title} ({counts[view.kind]})"))

    def render_label(self, node, base_style, style) -> Text:
        """A topic (or list) too long for the pane loses letters from its name, never its
        count: "Disease-modifying th… (49)", "New since last v… (3)" (QA G20)."""
        text = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - self.guide_depth * depth - self._gutter()
        view = node.data
        if view is not None and room >= 8 and text.cell_len > room:
            count = text.plain[text.plain.rfind(" (") :]
            name = Text(view.title)
            name.truncate(room - len(count), overflow="ellipsis")
            text = Text.assemble(name, count)
            text.stylize(style)
        return text

    def _gutter(self) -> int:
        return len(NO_MARK) if self.app.no_color else 0

    def render_lines(self, crop: Region) -> list[Strip]:
        """The tree's own style worked out once for the lines drawn: `Tree.render_line`
        worked it out again for each line (a fifth of drawing the first screen's tree)."""
        self._lines_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._lines_style = None

    def render_line(self, y: int) -> Strip:
        """Under NO_COLOR the cursor is said in text too, left of the guides (see KeyList)."""
        scroll_x, scroll_y = self.scroll_offset
        style = self.rich_style if self._lines_style is None else self._lines_style
        line = self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)
        if not self._gutter():
            return line
        mark = NO_MARK
        if y + self.scroll_offset.y == self.cursor_line:
            mark = cursor_mark(self.has_focus)
        bgcolor = next(iter(line), Segment("")).style
        plain = Style(bgcolor=bgcolor.bgcolor if bgcolor else None, bold=True)
        marked = Strip([Segment(mark, plain), *line], line.cell_length + len(mark))
        return marked.crop(0, line.cell_length)

    def action_first(self) -> None:
        self.cursor_line = 0

    def action_last(self) -> None:
        self.cursor_line = self.last_line

    def select_view(self, view: View) -> bool:
        for node in self._tree_nodes.values():
            if node.data == view:
                self.move_cursor(node)
                return True
        return False

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[View]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ViewChosen(event.node.data))
