"""The glossary: every term, searchable, with the articles that use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.messages import MarksChanged, ReportsWorkFailures
from tui.app.widgets.key_list import KeyList
from tui.app.widgets.key_scroll import KeyScroll
from tui.app.widgets.notice import BottomLine
from tui.app.widgets.text_input import TextInput
from tui.core.glossary import Term

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


#: The longest the glossary waits for the articles that use its first term before it is
#: drawn without them (they come later then): about 0.1 s for the bundled library.
USES_WAIT = 0.3


class GlossaryScreen(ReportsWorkFailures, Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="glossary.back"),
        Binding("down", "to_terms", "Terms", show=False, id="glossary.terms"),
        Binding(
            "ctrl+y",
            "accept_suggestion",
            "Use suggestion",
            show=False,
            priority=True,
            id="glossary.use-suggestion",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder="Filter the glossary", id="glossary-filter")
        with Horizontal(id="glossary-panes"):
            yield KeyList(id="terms")
            with KeyScroll(id="definition-pane"):
                yield Static(id="definition")
                yield KeyList(id="term-articles")
        yield BottomLine()

    def on_mount(self) -> None:
        self.library = self.app.library  # the one whose articles `uses` comes from
        self.suggestion: str | None = None
        self.uses: dict[str, list[str]] | None = None  # found in the background
        self.shown: Term | None = None
        # drawn once the articles using the first term are listed (they came a frame later:
        # the screen was sent, then its scrollbar again), unless that takes long
        self.release = self.app.hold_frames(USES_WAIT)
        self.find_uses()
        self.query_one("#terms", OptionList).border_title = "Glossary"
        self.query_one("#term-articles", OptionList).border_title = "Articles using it"
        self.show_terms("")
        self.query_one("#glossary-filter").focus()

    @work(thread=True, exclusive=True, group="glossary", exit_on_error=False)
    def find_uses(self) -> None:
        """Every article's text is read: seconds for 10,000 articles, so not in the way.
        While the library is still loading (its snapshot has no article text) they are
        found once it has loaded (`on_marks_changed`)."""
        library = self.app.library
        if library.complete and library.articles:
            uses = library.glossary.uses(library.newest())
            self.app.call_from_thread(self._uses_found, uses)

    def on_marks_changed(self, message: MarksChanged) -> None:
        """The library has loaded (the app says so to every screen with this message): the
        terms again, for the words typed, and the articles that use them. Opened on a first
        start, the glossary had no terms until then."""
        if self.app.library is not self.library:
            self.library = self.app.library
            self.show_terms(self.query_one("#glossary-filter", Input).value)
            self.find_uses()

    def _uses_found(self, uses: dict[str, list[str]]) -> None:
        self.uses = uses
        self.show_term(self.shown)
        self.release()

    def on_unmount(self) -> None:
        self.release()

    def show_terms(self, words: str) -> None:
        """Terms matching `words`, exact and prefix matches first; the first one's definition
        at once (never the definition of a term that no longer matches)."""
        glossary = self.app.library.glossary
        self.terms = glossary.lookup(words)
        terms = self.query_one("#terms", OptionList)
        terms.clear_options()
        terms.add_options(Option(Text(t.term), id=t.term) for t in self.terms)
        if self.terms:
            terms.highlighted = 0
            self.show_term(self.terms[0])
            return
        nearest = glossary.suggest(words)
        self.show_term(None)
        message = Text(f"No term matches {words.strip()!r}.", style="bold")
        if nearest:
            message.append(f"\nDid you mean {nearest}? ")
            message.append("Press ctrl+y to look it up.", style="dim")
        self.suggestion = nearest
        self.query_one("#definition", Static).update(message)

    def show_term(self, term: Term | None) -> None:
        self.shown = term
        text = Text()
        if term is not None:
            text.append(term.term + "\n", style="bold")
            if term.aliases:
                text.append("Also: " + ", ".join(term.aliases) + "\n", style="dim")
            text.append("\n" + term.definition + "\n")
            if term.why_it_matters:
                text.append("\nWhy it matters: ", style="bold")
                text.append(term.why_it_matters + "\n")
        self.query_one("#definition", Static).update(text)
        articles = self.query_one("#term-articles", OptionList)
        articles.clear_options()
        if term is not None and self.uses is None:
            articles.add_option(Option(Text("Finding the articles that use it…"), disabled=True))
        for article_id in self.uses.get(term.term, []) if term and self.uses else []:
            article = self.app.library.get(article_id)
            if article:
                articles.add_option(Option(Text(article.title), id=article.id))
        articles.display = bool(articles.option_count)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_terms(event.value)

    @on(OptionList.OptionHighlighted, "#terms")
    def _term_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The term under the cursor now: an event queued before the filter changed is stale."""
        current = event.option_list.highlighted_option
        if (
            current is not None
            and current.id is not None
            and (self.shown is None or self.shown.term != current.id)
        ):
            self.show_term(self.app.library.glossary.find(current.id))

    @on(OptionList.OptionSelected, "#terms")
    def _term_chosen(self) -> None:
        self.query_one("#term-articles", OptionList).focus()

    @on(OptionList.OptionSelected, "#term-articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            from tui.app.screens.article import Origin

            listing = self.query_one("#term-articles", OptionList)
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            self.app.open_article(event.option.id, origin=Origin(self, [i for i in ids if i]))

    def select_article(self, article_id: str) -> None:
        listing = self.query_one("#term-articles", OptionList)
        for index in range(listing.option_count):
            if listing.get_option_at_index(index).id == article_id:
                listing.highlighted = index

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            box = self.query_one("#glossary-filter", Input)
            box.value = self.suggestion
            box.cursor_position = len(box.value)

    def action_to_terms(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#terms", OptionList).focus()
