"""Library problems: every file that could not be loaded, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.app.widgets.key_scroll import KeyScroll
from tui.app.widgets.notice import BottomLine
from tui.core.sanitize import show_name

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class ProblemsScreen(Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="problems.back")]

    def compose(self) -> ComposeResult:
        problems = self.app.library.problems
        text = Text()
        if not problems:
            text.append("No problems: every file in the library loaded.")
        else:
            text.append(
                f"{len(problems)} problem(s) in {show_name(self.app.library.root)}. "
                "The files below were skipped or partly read; the rest loaded.\n"
                "Run `myelin check` to see the same list in a terminal.\n\n"
            )
            for problem in problems:
                text.append(str(problem) + "\n")
        with KeyScroll(id="problems"):
            yield Static(text)
        yield BottomLine()
