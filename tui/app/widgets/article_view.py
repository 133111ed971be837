"""The article body: header, Key takeaway panel, sections, Important considerations.

Search terms and find-in-article matches are highlighted; `next_match` steps
through them. Glossary terms are underlined at their first mention.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.geometry import Offset, Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.app.render import CURRENT_MATCH_STYLE, header, marked
from tui.app.widgets.key_list import KeyList
from tui.app.widgets.key_scroll import KeyScroll
from tui.core.article import Article
from tui.core.blocks import PROSE, RelatedLike, article_blocks, related_links
from tui.core.glossary import Glossary
from tui.core.wording import DISCLAIMER

#: The widest line of article text, as `ArticleView > *` in the CSS caps it.
MAX_WIDTH = 80

if TYPE_CHECKING:  # whoosh loads only when search is first needed
    from tui.core.search import Related


class Block(Static):
    """A piece of article text that knows its plain text, for highlighting."""

    def __init__(self, body: str, prose: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.body = body
        self.prose = prose  # the record (DOI, PMID) is shown as it is, never marked
        self.matches: list[tuple[int, int]] = []
        self.heading = ""  # a panel's title (Key takeaway…): the contents (`t`) lists it

    def mark(
        self,
        terms: tuple[str, ...],
        glossary: Glossary | None,
        seen: set[str],
        current: int | None = None,
    ) -> None:
        if not self.prose:
            self.update(Text(self.body))
            return
        text, self.matches = marked(self.body, terms, glossary, seen)
        if current is not None:
            start, end = self.matches[current]
            text.stylize(CURRENT_MATCH_STYLE, start, end)
        self.update(text)


class Heading(Static):
    """A section heading: the contents list (`t`) jumps to it."""

    def __init__(self, heading: str, **kwargs) -> None:
        super().__init__(Text(heading), **kwargs)
        self.heading = heading


class InlineList(KeyList):
    """A list inside the article, as tall as its options (see #related-links in the CSS):
    the article scrolls, not the list, so moving through the list (focused) scrolls the
    article to the highlighted option."""

    def scroll_to_region(self, region: Region, **kwargs) -> Offset:
        if not self.has_focus or not isinstance(self.parent, Widget):
            return super().scroll_to_region(region, **kwargs)
        inside = self.virtual_region.offset + Offset(self.gutter.left, self.gutter.top)
        return self.parent.scroll_to_region(region.translate(inside), **kwargs)


class ArticleView(KeyScroll):
    """The article text: its reading keys are every scrolling pane's (see KeyScroll)."""

    class TopicChosen(Message):
        def __init__(self, topic: str) -> None:
            super().__init__()
            self.topic = topic

    class RelatedChosen(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.terms: tuple[str, ...] = ()
        self.glossary: Glossary | None = None
        self.articles: Mapping[str, Article] | None = None
        self.match_index = -1
        self.generation = 0  # old pieces are removed asynchronously; new ids must differ
        self.compact = False  # the header made small: the screen is too short for it
        self.updates_below = False  # too short for the updates as well: they follow the takeaway
        self.shown: dict[str, object] = {}  # how the article was shown: again on a resize

    def compose(self) -> ComposeResult:
        yield Static(id="bookmark-mark")  # in the header's top margin: `b` moves no line
        yield Static(id="article-header")
        yield InlineList(id="topic-links")
        yield InlineList(id="related-links")
        yield Static(Text(DISCLAIMER), id="disclaimer")

    def show(
        self,
        article: Article,
        bookmarked: bool,
        glossary: Glossary,
        terms: tuple[str, ...] = (),
        caveats_first: bool = False,
        scroll_y: float = 0.0,
        articles: Mapping[str, Article] | None = None,
        related: Sequence[Related] = (),
    ) -> None:
        """Lay out the whole article, every block already filled: the first frame is complete.

        Related articles not found ahead (`related`) come later (`show_related`): they need
        the index.
        """
        self.article, self.glossary, self.terms = article, glossary, terms
        self.articles = articles  # names the article an update says replaces this one
        self.shown = {
            "article": article,
            "bookmarked": bookmarked,
            "glossary": glossary,
            "terms": terms,
            "caveats_first": caveats_first,
            "articles": articles,
            "related": related,
        }
        self.compact, self.updates_below = self.crowded(article)
        self.show_header(article, bookmarked)
        self.remove_children(".piece")
        self.generation += 1
        seen: set[str] = set()  # glossary words are underlined at their first mention

        def piece(body: str, kind: str, title: str = "") -> Block:
            made = Block(body, classes=f"piece {kind}", prose=kind in PROSE)
            made.border_title = title or None
            if title:  # a panel (Key takeaway…): the contents (`t`) lists it with the sections
                made.id = f"{kind}-{self.generation}-{len(pieces)}"
                made.heading = title
            made.mark(terms, glossary, seen)
            return made

        pieces: list[Static] = []
        blocks = article_blocks(
            article,
            (),
            caveats_first,
            articles,
            compact=self.compact,
            updates_below=self.updates_below,
        )
        for block in blocks:
            if block.kind == "section":
                heading = Heading(
                    block.heading,
                    classes="piece heading",
                    id=f"section-{self.generation}-{len(pieces)}",
                )
                pieces += [heading, piece(block.text, "section")]
            elif block.kind in PROSE or block.kind in ("rating", "record"):
                title = block.heading if block.kind != "intro" else ""
                pieces.append(piece(block.text, block.kind, title))
        self.mount_all(pieces, after="#article-header")
        topics = self.query_one("#topic-links", OptionList)
        topics.clear_options()
        topics.add_options(Option(Text(f"Topic: {t}"), id=t) for t in article.topics)
        topics.border_title = "Topics (enter to browse)"
        topics.display = bool(article.topics)
        topics.highlighted = 0 if article.topics else None
        self.show_related(list(related))
        self.match_index = -1
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if scroll_y:  # the new blocks are laid out on the next refresh: scroll again then
            self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)

    def crowded(self, article: Article) -> tuple[bool, bool]:
        """Whether the whole header, an explainer's introduction and the updates would push
        the Key takeaway below the first screen: then the header is compact (core.blocks
        says what moves under the takeaway); and whether even then the updates would: then
        one line above the takeaway says when the article was updated, and the updates
        follow it."""
        width, height = self.reading_size()
        console = self.app.console

        def lines(text: Text, inside: int = 0) -> int:
            return len(text.wrap(console, max(1, width - inside)))

        updates = sum(lines(Text(u.text), 4) + 3 for u in article.updates)  # borders, margin
        whole = 1 + lines(header(article)) + 1 + updates  # the bookmark line, the margin
        if article.intro:
            whole += lines(Text(article.intro)) + 1
        small = 1 + lines(header(article, compact=True)) + 1
        room = height - 3  # the takeaway's border and two of its lines
        return whole > room, small + updates > room

    def reading_size(self) -> tuple[int, int]:
        """The width the article's text wraps at and the lines it shows at once; before
        the first layout, worked out from the terminal's size."""
        if self.size.width:
            region = self.scrollable_content_region
            return min(region.width, MAX_WIDTH), region.height
        styles = self.styles
        scrollbar = styles.scrollbar_size_vertical if styles.scrollbar_gutter == "stable" else 0
        width = self.app.size.width - styles.gutter.width - scrollbar
        return max(1, min(width, MAX_WIDTH)), self.app.size.height - 1  # the key hints

    def on_resize(self) -> None:
        """The header made small, or whole again, when the terminal's size calls for it."""
        laid_out = (self.compact, self.updates_below)
        if self.article is not None and self.crowded(self.article) != laid_out:
            self.show(**self.shown, scroll_y=self.scroll_y)  # type: ignore[arg-type]

    def show_header(self, article: Article, bookmarked: bool) -> None:
        self.query_one("#article-header", Static).update(header(article, self.compact))
        self.show_bookmark(bookmarked)

    def show_bookmark(self, bookmarked: bool) -> None:
        """On the line above the title, kept blank when not bookmarked: marking it changes
        one line, and nothing below moves (a mark in the header could add a line to it,
        and every line under it was drawn again a line lower)."""
        self.shown["bookmarked"] = bookmarked
        mark = Text("Bookmarked (b removes it)") if bookmarked else Text()
        self.query_one("#bookmark-mark", Static).update(mark)

    def show_related(self, found: list[Related]) -> None:
        """The related articles, each with why it is related (wrapped, never cut); an article
        that replaces this one comes first, before the index has found any."""
        self.shown["related"] = found
        related: Sequence[RelatedLike] = found
        if self.article is not None:
            related = related_links(self.article, found, self.articles)
        links = self.query_one("#related-links", OptionList)
        links.clear_options()
        links.add_options(
            Option(
                Group(Text(r.article.title, "bold"), Padding(Text(r.reason, "dim"), (0, 0, 0, 2))),
                id=r.article.id,
            )
            for r in related
        )
        links.border_title = "Related articles"
        links.display = bool(related)
        links.highlighted = 0 if related else None

    def blocks(self) -> list[Block]:
        return [b for b in self.query(Block) if b.display]

    def highlight(self, terms: tuple[str, ...]) -> int:
        """Mark `terms` everywhere; returns how many matches there are."""
        self.terms = terms
        seen: set[str] = set()
        total = 0
        for block in self.blocks():
            block.mark(terms, self.glossary, seen)
            total += len(block.matches)
        self.match_index = -1
        return total

    def next_match(self, step: int = 1) -> tuple[int, int]:
        """Move to the next (or previous) match; returns (its number, how many)."""
        spots = [(b, i) for b in self.blocks() for i in range(len(b.matches))]
        if not spots:
            return 0, 0
        self.match_index = (self.match_index + step) % len(spots)
        seen: set[str] = set()
        block, number = spots[self.match_index]
        for other in self.blocks():
            other.mark(self.terms, self.glossary, seen, number if other is block else None)
        start = block.matches[number][0]
        line = block.body.count("\n", 0, start) + start // max(20, block.size.width or 60)
        self.scroll_to(y=block.virtual_region.y + line - 3, animate=False)
        return self.match_index + 1, len(spots)

    def section_headings(self) -> list[tuple[str, str]]:
        """The panels and sections, in the order shown: what the contents (`t`) lists."""
        pieces = [w for w in self.query(".piece") if isinstance(w, Heading | Block)]
        return [(w.id or "", w.heading) for w in pieces if w.heading]

    def jump_to(self, widget_id: str) -> None:
        self.scroll_to_widget(self.query_one(f"#{widget_id}"), top=True, animate=False)

    @on(OptionList.OptionSelected, "#topic-links")
    def _topic_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.TopicChosen(event.option.id))

    @on(OptionList.OptionSelected, "#related-links")
    def _related_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.RelatedChosen(event.option.id))
