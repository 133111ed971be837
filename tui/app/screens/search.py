"""Search as you type: results with snippets, topic facets, suggestion and sorting."""

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
from textual.worker import get_current_worker

from tui.app.messages import IndexReady, MarksChanged, ReportsWorkFailures
from tui.app.render import hit_option
from tui.app.widgets.key_list import KeyList
from tui.app.widgets.notice import BottomLine
from tui.app.widgets.text_input import TextInput
from tui.core.search.query import SORT_NAMES, SORTS

if TYPE_CHECKING:
    from tui.app.app import MyelinApp
    from tui.core.search import SearchResults

HINT = "Type to search. Questions in plain English work too."
NOTHING_FOUND = "No articles found. Try fewer or other words."
#: The result rows a definition never takes, and the lines the status may have (the
#: CSS's max-height for #search-status.defined).
RESULTS_KEPT, DEFINED_LINES = 3, 6
MORE = "… (ctrl+e)"  # at 40 columns: "Relapse (from the glossary)… (ctrl+e)"
ALL_TOPICS = "\x00all"  # an id no topic can have: the sanitiser removes NUL


class SearchScreen(ReportsWorkFailures, Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [
        Binding("escape", "close", "Back", id="search.back"),
        Binding("ctrl+o", "sort", "Sort", priority=True, id="search.sort"),
        Binding(
            "ctrl+y",
            "accept_suggestion",
            "Use suggestion",
            priority=True,
            show=False,
            id="search.use-suggestion",
        ),
        Binding(
            "ctrl+e", "details", "Search details", priority=True, show=False, id="search.details"
        ),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, query: str = "", lost_letter: str = "") -> None:
        super().__init__()
        self.first_query = query
        #: A letter key the first screen acted on just before this search began: tried in
        #: front of the first word when that finds nothing as typed (core lost_letter).
        self.lost_letter = lost_letter
        self.sort = SORTS[0]
        self.topic: str | None = None
        self.results: SearchResults | None = None
        self.as_typed = False  # "search instead for" the words as typed, not corrected
        self.details = False  # show how the search was understood (ctrl+e)
        #: Enter came before the results did: the first result opens when they arrive.
        self.open_first = False

    def compose(self) -> ComposeResult:
        yield TextInput(
            placeholder='Search: words, a question, "a phrase", -word, topic:EBV',
            id="query",
            hand_on="#results",
        )
        yield Static(id="search-status")
        with Horizontal(id="search-panes"):
            yield KeyList(id="results")
            yield KeyList(id="facets")
        yield BottomLine()

    def on_mount(self) -> None:
        if self.app.ending:  # a letter typed just after q opened it as the app closed
            return
        self.query_one("#results", OptionList).border_title = "Results"
        self.query_one("#facets", OptionList).border_title = "Topics"
        self._status(Text(HINT))
        self.focus_query()
        if self.first_query:
            box = self.query_one("#query", Input)
            box.value = self.first_query  # searches (now, or once the index is ready)
            box.cursor_position = len(box.value)

    def type_more(self, text: str) -> None:
        """Letters typed on the list while this screen was being opened (they were on
        their way to the list already): added to the words, in order."""
        if not self.is_mounted:
            self.first_query += text
            return
        box = self.query_one("#query", Input)
        box.insert_text_at_cursor(text)

    def focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    @on(IndexReady)
    def index_ready(self) -> None:
        self.run_search()

    # -- searching ----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.as_typed = False
        self.open_first = False  # new words: the Enter was for the old ones
        if not event.value.strip():  # the words typed again from nothing: no letter lost
            self.lost_letter = ""
        self.run_search()

    def run_search(self) -> None:
        text = self.query_one("#query", Input).value
        if self.app.engine is None:
            self._status(Text(self._preparing()))
            return
        self.search(text, self.topic, self.sort, not self.as_typed, self.lost_letter)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(
        self, text: str, topic: str | None, sort: str, correct: bool = True, lost: str = ""
    ) -> None:
        """Rank the first page at once; count matches and topics after, unless a newer key came."""
        from tui.core.search import lost_letter

        engine, worker = self.app.engine, get_current_worker()
        if engine is None:  # searches start only once the index is ready
            return
        results = lost_letter.search(
            engine,
            text,
            lost,
            topic=topic,
            sort=sort,
            limit=50,
            as_you_type=True,
            facets=False,
            correct=correct,
        )
        if worker.is_cancelled:  # a newer keystroke has taken over
            return
        self.app.call_from_thread(self.show_results, results)
        engine.add_facets(results)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_results, results, False)

    def show_results(self, results: SearchResults, new_hits: bool = True) -> None:
        """The results, topics and status; after counting, only what counting changed
        (each redraw of the list is sent down the wire)."""
        self.results = results
        if new_hits:
            self._show_hits(results)
        if results.facets or not new_hits:  # the first pass has none yet: keep the old ones
            facets = self.query_one("#facets", OptionList)
            facets.clear_options()
            facets.add_option(Option(Text("All topics"), id=ALL_TOPICS))
            facets.add_options(
                Option(Text(f"{name} ({count})"), id=name) for name, count in results.facets.items()
            )
        self._status(self._status_text(results))

    def _status_text(self, results: SearchResults) -> Text:
        """What the search understood and found: the line above the results."""
        status = Text() if results.text.strip() or self.topic else Text(HINT)
        self.query_one("#search-status", Static).set_class(bool(results.definition), "defined")
        if results.empty_library:  # said in the list, where results would be: nothing to count
            return status
        if results.corrected:
            status.append("Showing results for ")
            status.append(results.corrected, style="bold")
            status.append(f" · search instead for {results.text.strip()} (ctrl+y)\n")
        if results.text.strip() or self.topic:
            count = results.total
            if results.counted:
                status.append(f"{count} result{'s' * (count != 1)}", style="bold")
            else:
                status.append(f"{count}+ results, counting…", style="bold")
            status.append(f" · sorted by {SORT_NAMES.get(self.sort, self.sort)} (ctrl+o)")
            if self.topic:
                status.append(f" · topic: {self.topic}")
        if results.suggestion:
            status.append(" · Did you mean: ")
            status.append(results.suggestion, style="bold underline")
            status.append("? (ctrl+y)")
        for message in results.messages:
            status.append(f" · {message}", style="italic")
        if self.details and results.text.strip():
            from tui.core.search.present import explain  # loaded with the engine already

            status.append("\n" + "\n".join(explain(results)))
        if results.defined is not None and results.definition:  # "what is myelin": answered
            definition = self._fitted(results.definition, status)
            definition.stylize("bold", 0, len(results.defined.term))
            status = definition + Text("\n") + status
        return status

    def _fitted(self, definition: str, rest: Text) -> Text:
        """The glossary's definition, cut to leave the results three rows on a short
        screen (at 40x12 it left none, QA5 R20); whole with ctrl+e, or when there is room."""
        status = self.query_one("#search-status", Static)
        width = status.content_size.width or max(1, self.size.width - 2)
        above, below = self.query_one("#query"), self.query_one(BottomLine)
        used = above.outer_size.height + below.outer_size.height + RESULTS_KEPT + 2  # + border
        room = min(self.size.height - used, DEFINED_LINES) - self._lines(rest, width)
        text = Text(definition)
        if self.details or self._lines(text, width) <= max(room, 1):
            return text
        words = definition.split()
        while len(words) > 1:
            words.pop()
            text = Text(" ".join(words).rstrip(",;:") + MORE)
            if self._lines(text, width) <= max(room, 1):
                break
        return text

    def _lines(self, text: Text, width: int) -> int:
        return len(text.wrap(self.app.console, width)) if text.plain else 0

    def on_resize(self) -> None:
        if self.results is not None:  # the definition fitted to the new height
            self._status(self._status_text(self.results))

    def _preparing(self) -> str:
        progress = self.app.index_progress
        done = f" ({progress:.0%})" if progress is not None else ""
        then = (
            "the first result will open when it is ready."
            if self.open_first
            else "results will appear shortly."
        )
        return f"Preparing the search index{done}; {then}"

    def _show_hits(self, results: SearchResults) -> None:
        state = self.app.state
        listing = self.query_one("#results", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(hit_option(hit, unread, self.sort == "added"), id=hit.article.id)
            for hit in results.hits
            for unread in [not state.is_read(hit.article.id)]
        )
        if results.hits:
            listing.highlighted = 0
        elif results.text.strip():
            listing.add_option(Option(Text(results.empty_library or NOTHING_FOUND), disabled=True))
        if self.open_first and results.text == self.query_one("#query", Input).value:
            self.open_first = False
            if results.hits:
                self._open(results.hits[0].article.id)
            else:
                self.focus_query()  # nothing to open: back to the words, to change them

    def _status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    # -- choosing -----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Open the highlighted result; before the results for these words have come, open
        the first when they do, and move the keys to the list meanwhile (a `j` pressed while
        waiting moves in the list, it does not land in the words: see TextInput.hand_on)."""
        value = event.value
        listing = self.query_one("#results", OptionList)
        current = self.results is not None and self.results.text == value
        chosen = None
        if current and listing.option_count:
            chosen = listing.get_option_at_index(listing.highlighted or 0)
        if chosen is not None and chosen.id:
            self._open(chosen.id)
        elif not current and value.strip():
            self.open_first = True
            self.set_focus(listing)  # now: the keys already typed go to the list
            if self.app.engine is None:
                self._status(Text(self._preparing()))
        else:  # nothing to open: the keys typed next are for the words again
            self.query_one("#query", TextInput).handing_on = False

    def on_screen_resume(self) -> None:
        self.query_one("#query", TextInput).handing_on = False  # back from the article

    @on(OptionList.OptionSelected, "#results")
    def _result_chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.app.find_related(event.option.id)  # ahead: the article opens complete

    @on(OptionList.OptionSelected, "#facets")
    def _topic_chosen(self, event: OptionList.OptionSelected) -> None:
        self.topic = None if event.option.id == ALL_TOPICS else event.option.id
        self.run_search()

    def _open(self, article_id: str | None) -> None:
        from tui.app.screens.article import Origin

        if article_id:
            terms = self.results.terms if self.results else ()
            ids = [hit.article.id for hit in self.results.hits] if self.results else []
            self.app.open_article(article_id, terms=terms, origin=Origin(self, ids))

    def on_marks_changed(self, message: MarksChanged) -> None:
        """Redraw the rows whose marks changed: the list keeps its place and scroll."""
        article_ids = message.article_ids
        if self.results is None:
            return
        listing = self.query_one("#results", OptionList)
        state = self.app.state
        for index, hit in enumerate(self.results.hits):
            if hit.article.id in article_ids or not article_ids:
                unread = not state.is_read(hit.article.id)
                listing.replace_option_prompt_at_index(index, hit_option(hit, unread))

    def select_article(self, article_id: str) -> None:
        listing = self.query_one("#results", OptionList)
        ids = [hit.article.id for hit in self.results.hits] if self.results else []
        if article_id in ids:
            listing.highlighted = ids.index(article_id)

    # -- actions ------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.run_search()

    def action_details(self) -> None:
        self.details = not self.details
        self.query_one("#search-status", Static).set_class(self.details, "details")
        if self.results is not None:
            self.show_results(self.results)

    def action_accept_suggestion(self) -> None:
        """Search the words as typed after a correction, or take the suggestion."""
        if self.results and self.results.corrected:
            self.as_typed = True
            self.run_search()
        elif self.results and self.results.suggestion:
            query = self.query_one("#query", Input)
            query.value = self.results.suggestion
            query.cursor_position = len(query.value)

    def action_to_results(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#results", OptionList).focus()
