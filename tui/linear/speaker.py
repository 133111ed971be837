"""What every part of the linear reader shares: the reader's state, and saying things
wrapped to the width (a braille line never runs over)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from tui.core.article import Article
from tui.core.library import Library
from tui.core.plain import wrap_item, wrap_text
from tui.core.search import SearchEngine
from tui.core.state import Bookmark, ReadingState, StateStore
from tui.core.trail import Trail
from tui.linear.listing import Listing


class Speaker:
    """The base of the reader's parts (`PlainReader` puts them together)."""

    library: Library
    engine: SearchEngine
    out: TextIO
    width: int
    store: StateStore | None  # where reading marks and settings are kept; None: nowhere
    state: ReadingState
    with_ids: bool  # `myelin search --plain`: ids to pass to `myelin show`
    trail: Trail[Listing | Article]
    #: What the numbers open now: the list on screen, an article's related articles, or
    #: its contents or words once asked for.
    numbers: list[tuple[str, str]]
    caveats_first: bool
    sort: str  # of searches: `sort` changes it for this session
    new_ids: set[str]
    unsaved: bool  # the last save failed: quitting writes a copy elsewhere
    #: A question typed over an existing one waits for the same line again (never replaced
    #: silently: the reader may not remember writing the first).
    replacing: tuple[str, str] | None
    removed: list[Bookmark]  # for `undo`, the last last

    def say(self, text: str = "") -> None:
        """One paragraph, wrapped to the width."""
        for line in wrap_text(text, self.width) if text else [""]:
            self.out.write(line + "\n")

    def say_item(self, text: str) -> None:
        """One item of a list: its later lines indented under it."""
        for line in wrap_item(text, self.width):
            self.out.write(line + "\n")

    def show(self, item: Listing | Article, remember: bool = True) -> None:
        raise NotImplementedError

    def search(self, words: str, suggest_command: bool = False) -> None:
        raise NotImplementedError

    def words(self) -> dict[str, Callable[[], None]]:
        """The commands of one word, by name."""
        raise NotImplementedError

    def commands(self) -> dict[str, Callable[[str], None]]:
        """The commands followed by words, by name."""
        raise NotImplementedError

    def _article_on_screen(self, what: str) -> Article | None:
        current = self.trail.current
        if isinstance(current, Article):
            return current
        self.say(f"Open an article first, then type {what}.")
        return None

    def _save(self) -> bool:
        """Save now; False (said) when it could not be: kept in memory, and on quitting a
        copy is written elsewhere, as the app does."""
        if self.store is None:
            return True
        self.unsaved = not self.store.save(self.state)
        for message in self.store.messages:
            self.say(message)
        self.store.messages.clear()
        return not self.unsaved
