"""The start screen: topics, the articles of the chosen topic, and a preview."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.app.keys import step_bindings
from tui.app.messages import MarksChanged
from tui.app.render import preview
from tui.app.typing_pace import typed_soon
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.key_scroll import KeyScroll
from tui.app.widgets.notice import BottomLine
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.topic_tree import TopicTree, View
from tui.core.article import Article
from tui.core.library import empty_words

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class BrowseScreen(Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [
        Binding("enter", "open", "Open", show=False, id="browse.open"),
        *step_bindings("browse"),
        Binding("escape", "topics", "Topics", show=False, id="browse.topics"),
        Binding("tab", "switch_pane(1)", "Next pane", show=False, id="browse.next-pane"),
        Binding(
            "shift+tab", "switch_pane(-1)", "Previous pane", show=False, id="browse.previous-pane"
        ),
    ]

    def __init__(self) -> None:
        # The topic tree has focus first: with its class set now, focusing it restyles nothing.
        super().__init__(classes="-show-topics")
        self.add_class(self.app.width_class(), update=False)  # styled when mounted
        self.view = View("all")
        self.previewed: Article | None = None
        self.shown_once = False
        self.resumed = False  # see on_screen_resume
        #: The last key, when it was a letter acted on as a key, and when (see `on_key`).
        self.letter_taken: tuple[str, float] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-bar"):
            yield Static(Text("Myelin · loading library…"), id="title")
            yield Static(Text(" · press / to search, ? for help"), id="title-hint")
        with Horizontal(id="panes"):
            yield TopicTree(id="topics")
            yield ArticleList(id="articles")
            with KeyScroll(id="preview-pane"):
                yield Static(id="preview")
        yield StatusLine(id="status")
        yield BottomLine()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time, Textual styles every widget again that was styled as it was
        mounted a moment before (about 4 ms of the first screen): not that time."""
        if not self.resumed:
            self.resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.query_one(TopicTree).focus()
        if self.app.library.articles or self.app.library.problems:
            self.show_library()
        self.watch(self.app, "index_progress", self.show_status)

    def show_library(self) -> None:
        library = self.app.library
        count = len(library.articles)
        self.query_one("#title", Static).update(
            Text(f"Myelin · {count} article{'s' * (count != 1)}")
        )
        tree = self.query_one(TopicTree)
        line = tree.cursor_line if self.shown_once else 0  # the full library replaced a snapshot
        self._show_tree()
        tree.cursor_line = line
        self.shown_once = True
        self.show_view(self.view)
        self.show_status()

    def _show_tree(self) -> None:
        app = self.app
        self.query_one(TopicTree).show(
            app.library, len(app.new_ids), len(app.bookmarks_here()), len(app.recent_ids())
        )

    def show_status(self, *_args) -> None:
        self.query_one(StatusLine).show(self.app.index_progress, len(self.app.library.problems))

    def show_view(self, view: View) -> None:
        self.view = view
        library, state = self.app.library, self.app.state
        if view.kind == "all":
            articles, empty = library.newest(), empty_words(library.root)
        elif view.kind == "new":
            articles = [a for a in library.newest() if a.id in self.app.new_ids]
            empty = "Nothing new since your last visit."
        elif view.kind == "history":
            articles = [a for i in self.app.recent_ids() if (a := library.get(i))]
            empty = "Nothing read yet."
        elif view.kind == "bookmarks":
            articles = [a for i in self.app.bookmarks_here() if (a := library.get(i))]
            empty = self.app.no_bookmarks()
        else:
            articles, empty = library.in_topic(view.name), "No articles on this topic."
        listing = self.query_one(ArticleList)
        listing.show(articles, state, empty)
        self._preview(listing.highlighted_article)  # now, so the first frame has it
        # A topic name comes from the library: Content keeps it from being read as markup.
        self.query_one(ArticleList).border_title = Content(view.title)

    def on_key(self, event: events.Key) -> None:
        """A letter no key uses starts a search with it: a patient who types their question
        straight away got nothing at all (QA H35)."""
        character = event.character or ""
        taken, self.letter_taken = self.letter_taken, None
        if not (event.is_printable and character):
            return
        if self.app.screen is not self:  # the rest of a burst, sent here before the search
            event.stop()  # screen took over: every character of it, spaces too
            event.prevent_default()
            self.app.start_search(character)
        elif character.isalpha() and (
            event.key not in self.app.active_bindings or self.typed_word(event)
        ):
            event.stop()
            event.prevent_default()
            self.app.start_search(character, lost=self._lost_letter(taken))
        elif character.isalpha():
            self.letter_taken = (character, time.monotonic())

    @staticmethod
    def _lost_letter(taken: tuple[str, float] | None) -> str:
        """The letter key acted on just before a search began, the key before it: "esimpta"
        after `k` is searched as "kesimpta" when "esimpta" is in no article."""
        if taken and typed_soon(taken[1]):
            return taken[0]
        return ""

    def typed_word(self, event: events.Key) -> bool:
        """A key that came with more letters in one read, one of which no key here uses, is
        the first letter of a word ("kesimpta", "quality of life"), not `k` or `q`; a run of
        key letters alone ("jjjj" held down over SSH) is still a run of keys."""
        run = getattr(event, "typed_run", "")
        bindings = self.app.active_bindings
        return any(c.isalpha() and c not in bindings for c in run)

    def on_paste(self, event: events.Paste) -> None:
        """A question pasted on the list is searched, not dropped."""
        from tui.app.widgets.text_input import one_line

        if text := one_line(event.text):
            event.stop()
            self.app.start_search(text)

    def on_marks_changed(self, message: MarksChanged) -> None:
        """Unread and bookmark marks changed: redraw those rows and the counts, in place."""
        article_ids = message.article_ids
        if not self.app.library.articles:
            return
        app = self.app
        self.query_one(TopicTree).show_counts(
            len(app.new_ids), len(app.bookmarks_here()), len(app.recent_ids())
        )
        listing = self.query_one(ArticleList)
        if article_ids and self.view.kind not in ("bookmarks", "history"):
            listing.refresh_rows(article_ids, app.state)
        else:  # the list itself changes
            self.show_view(self.view)

    def select_article(self, article_id: str) -> None:
        """Highlight the row of `article_id` (`[`/`]` in the article moved on)."""
        self.query_one(ArticleList).select(article_id)

    def select_topic(self, topic: str) -> None:
        view = View("topic", self.app.library.topics.canonical(topic))
        self.query_one(TopicTree).select_view(view)
        self.show_view(view)
        self.query_one(ArticleList).focus()

    def on_topic_tree_view_chosen(self, message: TopicTree.ViewChosen) -> None:
        if message.view != self.view:
            self.show_view(message.view)

    def on_article_list_article_highlighted(self, message: ArticleList.ArticleHighlighted) -> None:
        self._preview(message.article)

    def on_article_list_article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        self._open(message.article.id)

    def _open(self, article_id: str) -> None:
        from tui.app.screens.article import Origin

        ids = [a.id for a in self.query_one(ArticleList).articles]
        self.app.open_article(article_id, origin=Origin(self, ids))

    def _preview(self, article: Article | None) -> None:
        if article is self.previewed and article is not None:
            return  # each update re-lays out the screen
        self.previewed = article
        self.query_one("#preview", Static).update(preview(article) if article else Text(""))

    def on_descendant_focus(self) -> None:
        """On a narrow terminal only one pane shows: the one with focus."""
        self.set_class(isinstance(self.focused, TopicTree), "-show-topics")

    def action_open(self) -> None:
        article = self.query_one(ArticleList).highlighted_article
        if isinstance(self.focused, TopicTree):
            self.query_one(ArticleList).focus()
        elif article is not None:
            self._open(article.id)

    def action_step(self, delta: int) -> None:
        self.query_one(ArticleList).step(delta)

    def action_switch_pane(self, step: int) -> None:
        """Tab between panes; on a narrow terminal the other pane takes the screen."""
        narrow = self.has_class("-narrow")
        panes: list[Widget] = [self.query_one(TopicTree), self.query_one(ArticleList)]
        if not narrow and self.query_one("#preview-pane").styles.display != "none":
            panes.append(self.query_one("#preview-pane"))
        current = next((i for i, w in enumerate(panes) if w is self.focused), 0)
        target = panes[(current + step) % len(panes)]
        self.set_class(isinstance(target, TopicTree), "-show-topics")
        target.focus()

    def action_topics(self) -> None:
        self.query_one(TopicTree).focus()

    def on_tree_node_selected(self, event: TopicTree.NodeSelected) -> None:
        """Enter on a topic moves to its articles."""
        if event.node.data is not None:
            self.query_one(ArticleList).focus()
