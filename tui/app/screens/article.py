"""Reading one article: bookmark, find, glossary, contents, links, neighbours."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui.app.screens.dialogs import ChoiceDialog, LinkDialog, TermsDialog
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.notice import Notice
from tui.app.widgets.text_input import TextInput
from tui.core.article import Article
from tui.core.citations import text_citation
from tui.core.library import file_status, reload_article

# Characters a URL may hold (RFC 3986); a sanitiser placeholder such as ␛ ends it.
URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+")


class ArticleScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("b", "bookmark", "Bookmark"),
        Binding("f", "find", "Find"),
        Binding("n", "match(1)", "Next match", show=False),
        Binding("N", "match(-1)", "Previous match", show=False),
        Binding("w", "terms", "Words"),
        Binding("t", "contents", "Contents"),
        Binding("o", "links", "Links", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("y", "copy_citation", "Copy citation", show=False),
        Binding("c", "caveats_first", "Caveats first", show=False),
        Binding("left_square_bracket", "step(-1)", "Previous article", key_display="[", show=False),
        Binding("right_square_bracket", "step(1)", "Next article", key_display="]", show=False),
    ]

    def __init__(self, article: Article, terms: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.add_class(self.app.width_class())
        self.article = article
        self.terms = terms
        self.file_notice = "same"

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article-view")
        yield TextInput(
            placeholder="Find in this article (enter to keep, escape to close)", id="find"
        )
        yield Notice()
        yield Footer()

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
            self.notify(
                "This article's file is no longer in the library; you are reading the "
                "copy loaded earlier.",
                severity="warning",
                timeout=8,
            )
        elif status == "changed":
            self.notify(
                "This article's file has changed on disk: press r to reload it.",
                severity="warning",
                timeout=8,
            )

    def action_reload(self) -> None:
        result = reload_article(self.app.library, self.article.id)
        if isinstance(result, list):
            self.notify(
                "The changed file could not be read: " + str(result[0]),
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.file_notice = "same"
        self.show(result, self.terms)
        self.notify("Reloaded.", timeout=2)

    def show(self, article: Article, terms: tuple[str, ...] = ()) -> None:
        if article.id != self.article.id:
            self.file_notice = "same"
        self.article, self.terms = article, terms
        app = self.app
        related = app.engine.related(article.id) if app.engine else []
        view = self.query_one(ArticleView)
        view.show(
            article,
            app.state.is_bookmarked(article.id),
            app.library.glossary,
            related,
            terms,
            caveats_first=bool(app.state.settings.get("caveats_first")),
        )
        view.focus()
        app.refresh_lists()
        if terms:
            self.notify("Search words are highlighted: n and N step through them.", timeout=3)
        self.check_file()

    def index_ready(self) -> None:
        """Related articles need the index; show them once it is there."""
        self.show(self.article, self.terms)

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
        now = self.app.state.toggle_bookmark(self.article.id)
        self.app.save_state()
        self.app.refresh_lists()
        self.notify("Bookmarked." if now else "Bookmark removed.", timeout=2)
        self.show(self.article, self.terms)

    def action_copy_citation(self) -> None:
        """Copy a plain citation with OSC 52, which also works over SSH."""
        citation = text_citation(self.article)
        self.app.copy_to_clipboard(citation)
        self.notify(f"Copied citation: {citation}", timeout=5, markup=False)

    def action_caveats_first(self) -> None:
        settings = self.app.state.settings
        settings["caveats_first"] = not settings.get("caveats_first")
        self.app.save_state()
        self.show(self.article, self.terms)
        where = "before" if settings["caveats_first"] else "after"
        self.notify(f"Important considerations now come {where} the findings.", timeout=3)

    def action_find(self) -> None:
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        words = tuple(w for w in [event.value.strip()] if len(w) >= 2)
        count = self.query_one(ArticleView).highlight(words or self.terms)
        if words:
            self.query_one("#find", Input).border_title = f"{count} found"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        view = self.query_one(ArticleView)
        view.focus()
        self.action_match(1)

    def action_match(self, step: int) -> None:
        number, total = self.query_one(ArticleView).next_match(step)
        if total:
            self.notify(f"Match {number} of {total}", timeout=1.5)
        else:
            self.notify("Nothing to step through: press f to find a word.", timeout=2)

    def action_terms(self) -> None:
        text = "\n".join(
            [
                self.article.title,
                self.article.takeaway,
                self.article.body,
                self.article.considerations,
            ]
        )
        terms = self.app.library.glossary.terms_in(text)
        self.app.push_screen(TermsDialog(terms))

    def action_contents(self) -> None:
        headings = self.query_one(ArticleView).section_headings()
        if not headings:
            self.notify("This article has no sections to jump to.", timeout=2)
            return

        def jump(widget_id: str | None) -> None:
            if widget_id:
                self.query_one(ArticleView).jump_to(widget_id)

        choices = [(i, Text(h)) for i, h in headings]
        self.app.push_screen(ChoiceDialog("Contents", choices), jump)

    def action_links(self) -> None:
        found = list(dict.fromkeys(URL.findall(self.article.body + "\n" + self.article.takeaway)))
        if self.article.source and self.article.source.url:
            found.insert(0, self.article.source.url)
        if not found:
            self.notify("This article has no links.", timeout=2)
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
        from tui.app.screens.browse import BrowseScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, BrowseScreen):
                article = screen.step_from(self.article.id, delta)
                if article is not None:
                    self.app.open_article(article.id)
                return
