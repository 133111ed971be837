"""Command palette entries: open any article by title, or jump to a topic.

Titles come from the library, so they are passed as `Content` objects:
Textual's `Matcher.highlight` and string `help` are parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.command import (
    CommandInput,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    SearchIcon,
)
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, LoadingIndicator

from tui.app.screens.dialogs import AnswersOnce
from tui.app.widgets.key_list import CursorMark

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class MyelinCommands(Provider):
    def _entries(self):
        app = cast("MyelinApp", self.app)  # Provider types it as any App
        for article in app.library.newest():
            yield f"Open: {article.title}", partial(app.open_article, article.id), "Read it"
        for topic in app.library.topics.topics:
            yield f"Topic: {topic.name}", partial(app.show_topic, topic.name), "Browse it"

    async def discover(self) -> Hits:
        for name, callback, help_text in list(self._entries())[:8]:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, Content(name), callback, text=name, help=help_text)


class MarkedCommandList(CommandList, CursorMark):  # CommandList first: its CSS applies
    """The palette's list, its cursor row said in text under NO_COLOR like every list."""

    acts_unfocused = True  # the typing goes to the palette's input; Enter runs this row


#: The longest the screen waits for the palette's first list before drawing it anyway.
READY_WAIT = 0.5


class MyelinPalette(AnswersOnce, CommandPalette):
    """Textual's command palette with `MarkedCommandList` for its list (its compose, as is,
    but for that one widget), drawn once its list is ready.

    Textual draws the palette in steps: the screen below dimmed (and its focus taken, every
    line recoloured), then the box and its list when the commands are in, then the list's
    scrollbar: one and a half full repaints down the wire for ctrl+p. Here nothing is
    drawn until the list is ready (`-ready`, at most READY_WAIT), then all of it at once.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.release: Callable[[], None] = lambda: None  # the frames held since mounted

    def on_mount(self) -> None:
        self.release = cast("MyelinApp", self.app).hold_frames(READY_WAIT)

    def on_unmount(self) -> None:
        self.release()  # closed before its list came

    def add_class(self, *class_names: str, update: bool = True) -> MyelinPalette:
        super().add_class(*class_names, update=update)
        if "-ready" in class_names:
            self.release()
        return self

    def compose(self) -> ComposeResult:
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield MarkedCommandList()
                yield LoadingIndicator()
