"""Library problems: every file that could not be loaded, and why; then what `myelin check`
warns about in the files that did."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.app.typing_pace import OpenedByLetter
from tui.app.widgets.key_scroll import KeyScroll
from tui.app.widgets.notice import BottomLine
from tui.core.problems import on_loaded_files
from tui.core.sanitize import show_name

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


class ProblemsScreen(OpenedByLetter, Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="problems.back")]

    def compose(self) -> ComposeResult:
        library = self.app.library
        problems = library.problems
        loaded = {str(a.path) for a in library.articles.values()} if library.complete else ()
        on_loaded = set(on_loaded_files(problems, loaded))
        skipped = [p for p in problems if p not in on_loaded]
        text = Text()
        if skipped and on_loaded:  # the status line's count is the total: say it first
            text.append(
                f"{_count(len(problems), 'problem')} in {show_name(library.root)}: "
                f"{len(skipped)} in files skipped or partly read, {len(on_loaded)} in files "
                "that loaded (further down).\n\n"
            )
        if skipped:
            text.append(
                f"{_count(len(skipped), 'problem')} in {show_name(library.root)}: the files "
                "below were skipped or partly read; the rest loaded.\n\n"
            )
            for problem in skipped:
                text.append(str(problem) + "\n")
        else:
            text.append(f"Every article in {show_name(library.root)} loaded.\n")
        if on_loaded:
            text.append(
                f"\n{_count(len(on_loaded), 'problem')} in files that loaded "
                "(the article is shown without what is named):\n\n"
            )
            for problem in problems:
                if problem in on_loaded:
                    text.append(str(problem) + "\n")
        with KeyScroll(id="problems"):
            yield Static(text)
            yield Static(id="warnings")
            yield Static(Text("\nRun `myelin check` to see the same lists in a terminal."))
        yield BottomLine()

    def on_mount(self) -> None:
        if self.app.library.complete:
            self.find_warnings()

    @work(thread=True, exclusive=True, group="warnings", exit_on_error=False)
    def find_warnings(self) -> None:
        """What `myelin check` warns about (reading grade, a review due): it reads every
        article, so off the key path."""
        from tui.core.evidence import library_warnings
        from tui.core.readability import DEFAULT_MAX_GRADE

        articles = list(self.app.library.articles.values())
        warnings = library_warnings(articles, date.today(), DEFAULT_MAX_GRADE)
        if warnings:
            text = Text(f"\n{_count(len(warnings), 'warning')} (the articles loaded):\n\n")
            for warning in warnings:
                text.append(warning + "\n")
            self.app.call_from_thread(self.query_one("#warnings", Static).update, text)
