"""Reading one article: bookmark, find, glossary, contents, links, neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from tui.app.keys import BoxKeys, box_key, step_bindings
from tui.app.messages import IndexReady, ReportsWorkFailures
from tui.app.screens.dialogs import ChoiceDialog, LinkDialog, TermsDialog
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.notice import BottomLine
from tui.app.widgets.text_input import TextInput
from tui.core.article import Article
from tui.core.citations import text_citation
from tui.core.library import Library, file_status, reload_article
from tui.core.links import article_links
from tui.core.sanitize import sanitize
from tui.core.synonyms import same_meaning

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class ListsArticles(Protocol):
    """A screen with a list of articles (browse, search, glossary, bookmarks)."""

    def select_article(self, article_id: str) -> None: ...


@dataclass
class Origin:
    """The list an article was opened from: `[`/`]` step through it, back lands on the row."""

    screen: ListsArticles
    ids: list[str]


class ArticleScreen(BoxKeys, ReportsWorkFailures, Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [
        Binding("escape", "close", "Back", id="article.back"),
        Binding("b", "bookmark", "Bookmark", id="article.bookmark"),
        box_key("f", "find", "Find", id="article.find"),
        Binding("n", "match(1)", "Next match", show=False, id="article.next-match"),
        Binding("N", "match(-1)", "Previous match", show=False, id="article.previous-match"),
        Binding("w", "terms", "Words", id="article.words"),
        Binding("t", "contents", "Contents", id="article.contents"),
        Binding("o", "links", "Links", show=False, id="article.links"),
        Binding("r", "reload", "Reload", show=False, id="article.reload"),
        Binding("y", "copy_citation", "Copy citation", show=False, id="article.copy-citation"),
        Binding("c", "caveats_first", "Caveats first", show=False, id="article.caveats-first"),
        *step_bindings("article"),
    ]

    def __init__(
        self, article: Article, terms: tuple[str, ...] = (), origin: Origin | None = None
    ) -> None:
        super().__init__()
        self.article = article
        self.terms = terms
        self.origin = origin
        self.file_notice = "same"
        #: What find looks for instead when the words typed are not in the article: what
        #: the library takes them to mean ("jab": vaccine); () when it found them as typed.
        self.found_as: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article-view")
        yield TextInput(
            placeholder="Find in this article (enter to keep, escape to close)", id="find"
        )
        yield BottomLine()

    def on_mount(self) -> None:
        self.query_one("#find", Input).display = False
        self.show(self.article, self.terms)
        self.set_interval(2.0, self.check_file)

    def check_file(self) -> None:
        """Say so (once per change) when the file behind this article changes or goes away."""
        status = file_status(self.article)
        if status == self.file_notice:
            return
        self.file_notice = status
        if status == "missing":
            self.app.say(
                "This article's file is no longer in the library; you are reading the "
                "copy loaded earlier.",
                timeout=8,
                severity="warning",
            )
        elif status == "changed":
            self.app.say(
                "This article's file has changed on disk: press r to reload it.",
                timeout=8,
                severity="warning",
            )

    def action_reload(self) -> None:
        library = self.app.library
        if not isinstance(library, Library):  # the first screen's read-only snapshot
            self.app.library_ready()  # says the library is still loading
            return
        result = reload_article(library, self.article.id)
        if isinstance(result, list):
            self.app.say(
                "The changed file could not be read: " + str(result[0]),
                timeout=10,
                severity="error",
            )
            return
        self.file_notice = "same"
        self.show(result, self.terms)
        self.app.say("Reloaded.", timeout=2)

    def show(
        self, article: Article, terms: tuple[str, ...] = (), origin: Origin | None = None
    ) -> None:
        """Show `article` where the reader last left it this session (the top if new)."""
        app = self.app
        view = next(iter(self.query(ArticleView)), None)
        if view is None or not view.is_mounted:  # pushed a moment ago, not ready (a second
            self.article, self.terms = article, terms  # Enter in the same burst): it is
            self.origin = origin or self.origin  # shown when the screen mounts
            return
        if view.article is not None:
            app.positions[view.article.id] = view.scroll_y
        if article.id != self.article.id:
            self.file_notice = "same"
        if origin is not None:
            self.origin = origin
        self.article, self.terms = article, terms
        view.show(
            article,
            app.state.is_bookmarked(article.id),
            app.library.glossary,
            terms,
            caveats_first=bool(app.state.settings.get("caveats_first")),
            scroll_y=app.positions.get(article.id, 0.0),
            articles=app.library.articles,
            related=app.related_found.get(article.id, []),
        )
        view.focus()
        if article.id not in app.related_found:  # not found ahead: they come a moment later
            self.find_related(article.id)
        if self.origin is not None and article.id in self.origin.ids:  # for ] and [
            ids, at = self.origin.ids, self.origin.ids.index(article.id)
            app.find_related(*(ids[i] for i in (at + 1, at - 1) if 0 <= i < len(ids)))
        if terms and not app.highlight_explained:
            app.highlight_explained = True
            app.say("Search words are highlighted: n and N step through them.")
        self.check_file()

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def find_related(self, article_id: str) -> None:
        """Related articles need the index (and its lock): found off the key path."""
        engine = self.app.engine
        if engine is None:
            return
        related = self.app.related_found[article_id] = engine.related(article_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._related_found, article_id, related)

    def _related_found(self, article_id: str, related: list) -> None:
        if article_id == self.article.id:
            self.query_one(ArticleView).show_related(related)

    @on(IndexReady)
    def index_ready(self) -> None:
        """Related articles need the index; show them once it is there."""
        self.find_related(self.article.id)

    def scroll_to_center(self, widget: Widget, *args: Any, **kwargs: Any) -> None:
        """Focus moved into a list below (tab): the article scrolls to it in the frame that
        draws the focus. Textual scrolls after the next refresh, and that refresh drew the
        borders recoloured in place, then every line again, scrolled (1.4 repaints)."""
        super().scroll_to_center(widget, *args, **{**kwargs, "immediate": True})
        self.refresh(layout=True)  # the next frame is laid out at the new scroll position

    def on_screen_suspend(self) -> None:
        """Leaving (back, or another screen on top): remember where the reader was."""
        self.app.positions[self.article.id] = self.query_one(ArticleView).scroll_y

    # -- messages from the article view --------------------------------------------------------

    def on_article_view_topic_chosen(self, message: ArticleView.TopicChosen) -> None:
        self.app.show_topic(message.topic)

    def on_article_view_related_chosen(self, message: ArticleView.RelatedChosen) -> None:
        self.app.open_article(message.article_id)

    # -- actions -------------------------------------------------------------------------------

    def action_close(self) -> None:
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            self.query_one(ArticleView).focus()
        else:
            self.app.pop_screen()

    def action_bookmark(self) -> None:
        """Only the header changes: the reader stays where they are."""
        state = self.app.state
        held = state.bookmarks.get(self.article.id)
        asked = held.question if held else ""
        now = state.toggle_bookmark(self.article.id, self.article.title)
        self.query_one(ArticleView).show_bookmark(now)
        self.app.save_state_soon()
        self.app.refresh_lists(self.article.id)
        if now:
            back = state.bookmarks[self.article.id].question
            said = "Bookmarked." + (" Your earlier question is back." if back else "")
            self.app.say(said, timeout=2)
        elif asked:  # a removal that takes a question is never said in passing (QA5 R17)
            self.app.say(
                "Bookmark removed with the question you wrote for it. Press b to put both back.",
                timeout=8,
                severity="warning",
            )
        else:
            self.app.say("Bookmark removed. Press b to put it back.", timeout=2)

    def action_copy_citation(self) -> None:
        """Copy a plain citation with OSC 52, which also works over SSH."""
        citation = text_citation(self.article)
        self.app.copy_to_clipboard(citation)
        self.app.say(f"Copied citation: {citation}", timeout=5)

    def action_caveats_first(self) -> None:
        settings = self.app.state.settings
        settings["caveats_first"] = not settings.get("caveats_first")
        self.app.save_state_soon()
        view = self.query_one(ArticleView)
        self.app.positions[self.article.id] = view.scroll_y  # the reader stays where they are
        self.show(self.article, self.terms)
        where = "before" if settings["caveats_first"] else "after"
        self.app.say(f"Important considerations now come {where} the findings.")

    def action_find(self) -> None:
        find = self.query_one("#find", Input)
        find.display = True
        self.set_focus(find)  # now, not after a refresh: the keys after `f` are for it
        find.select_all()  # the last words stay to reuse, and typing replaces them

    def on_input_changed(self, event: Input.Changed) -> None:
        """Find the words as typed; in no place, what the library takes them to mean, as
        search would ("influenza" finds "flu" where synonyms.yaml says so), and said."""
        words = tuple(w for w in [event.value.strip()] if len(w) >= 2)
        view = self.query_one(ArticleView)
        count = view.highlight(words or self.terms)
        self.found_as = ()
        library = self.app.library
        if words and not count:
            meanings = same_meaning(words[0], library.glossary, library.synonyms)
            count = view.highlight(meanings) if meanings else 0
            self.found_as = meanings if count else ()
        if words:
            said = f" as {sanitize(', '.join(self.found_as))}" if self.found_as else ""
            # the library's words: Content keeps them from being read as markup (QA5 R21)
            self.query_one("#find", Input).border_title = Content(f"{count} found{said}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        view = self.query_one(ArticleView)
        view.focus()
        self.action_match(1)

    def action_match(self, step: int) -> None:
        number, total = self.query_one(ArticleView).next_match(step)
        words = self.query_one("#find", Input).value.strip()
        if total and self.found_as and len(words) >= 2:  # say what was found instead
            meant = ", ".join(self.found_as)
            self.app.say(
                f"Match {number} of {total} of {meant}, the library's words for "
                f"{sanitize(words)} (not in this article)",
                timeout=4,
            )
        elif total:
            self.app.say(f"Match {number} of {total}", timeout=2)
        elif len(words) >= 2:  # found nothing: say what was looked for, and where else to look
            self.app.say(
                f"No match for {sanitize(words)} in this article; / searches the library.",
                timeout=4,
            )
        else:
            self.app.say("Nothing to step through: press f to find a word.", timeout=2)

    def action_terms(self) -> None:
        terms = self.app.library.glossary.in_article(self.article)
        self.app.push_screen(TermsDialog(terms))

    def action_contents(self) -> None:
        headings = self.query_one(ArticleView).section_headings()
        if not headings:
            self.app.say("This article has no sections to jump to.", timeout=2)
            return

        def jump(widget_id: str | None) -> None:
            if widget_id:
                self.query_one(ArticleView).jump_to(widget_id)

        choices = [(i, Text(h)) for i, h in headings]
        self.app.push_screen(ChoiceDialog("Contents", choices), jump)

    def action_links(self) -> None:
        found = article_links(self.article)
        if not found:
            self.app.say("This article has no links.", timeout=2)
            return

        def chosen(url: str | None) -> None:
            if url:
                self.app.push_screen(LinkDialog(url, over_ssh=self.app.over_ssh))

        choices = [(str(n), Text(u)) for n, u in enumerate(found)]
        self.app.push_screen(
            ChoiceDialog("Links", choices),
            lambda k: chosen(found[int(k)] if k is not None else None),
        )

    def action_step(self, delta: int) -> None:
        """Previous/next article of the list this one was opened from."""
        origin = self.origin
        if origin is None or self.article.id not in origin.ids:
            self.app.say("This article was not opened from a list.", timeout=2)
            return
        position = origin.ids.index(self.article.id) + delta
        if not 0 <= position < len(origin.ids):
            self.app.say("That was the last one." if delta > 0 else "That was the first one.")
            return
        article_id = origin.ids[position]
        origin.screen.select_article(article_id)  # back lands on it
        self.app.open_article(article_id, self.terms)
