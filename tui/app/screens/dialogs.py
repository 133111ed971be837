"""Small modal dialogs: pick from a list, glossary terms, following a link safely, and
asking before a question is removed."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.app.typing_pace import typed_soon
from tui.app.widgets.key_list import KeyList
from tui.app.widgets.key_scroll import KeyScroll
from tui.core.glossary import Term
from tui.core.links import check_link
from tui.core.state import MAX_TEXT

if TYPE_CHECKING:
    from tui.app.app import MyelinApp, Said


Answer = TypeVar("Answer")


class AnswersOnce:
    """For a modal screen: it answers once. A second Enter queued behind the first (a pasted
    line break, keys typed in a burst, a double press) reached a modal already closed, and
    Textual's dismiss pops whatever screen is on top: the screen below went too, then the
    app (QA4 Q2, Q3)."""

    def dismiss(self, result: object = None) -> AwaitComplete:
        screen = cast("ModalScreen[object]", self)
        if not screen.is_attached or screen.app.screen is not screen:
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]


class Dialog(AnswersOnce, ModalScreen[Answer]):
    """Myelin's modal dialogs."""


class ChoiceDialog(Dialog[str | None]):
    """A titled list; returns the chosen option's id, or None on escape."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close", id="choice.close")]

    def __init__(self, title: str, choices: list[tuple[str, Text]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = f"{self.title_text} (enter to choose, escape to close)"
            yield KeyList(*(Option(label, id=key) for key, label in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class TermsDialog(Dialog[None]):
    """The glossary terms used in one article, with their definitions."""

    BINDINGS = [Binding("escape,w,q", "dismiss", "Close", id="words.close")]

    def __init__(self, terms: list[Term]) -> None:
        super().__init__()
        self.terms = terms

    def compose(self) -> ComposeResult:
        text = Text()
        for term in self.terms:
            text.append(term.term, style="bold")
            if term.aliases:
                text.append(f" ({', '.join(term.aliases)})", style="dim")
            text.append(f"\n{term.definition}\n")
            if term.why_it_matters:
                text.append(f"Why it matters: {term.why_it_matters}\n", style="italic")
            text.append("\n")
        if not self.terms:
            text.append("No glossary words in this article.")
        with KeyScroll(classes="dialog") as scroll:
            scroll.border_title = "Words in this article (escape to close)"
            yield Static(text)


def open_in_browser(url: str) -> bool:
    """Start a graphical web browser; False when there is none to start.

    A text browser (lynx, w3m) is never started: it would take over this terminal.
    """
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    ):
        return False
    try:
        return bool(browser.open(url, new=2))
    except OSError:
        return False


class LinkDialog(Dialog[None]):
    """Asks before opening a web link; over SSH, or with no browser, shows the address."""

    app: MyelinApp  # what `self.app` is, for the type checker

    BINDINGS = [
        Binding("escape,n", "dismiss", "Cancel", id="link.cancel"),
        Binding("y", "open", "Open", id="link.open"),
        Binding("c", "copy", "Copy the address", id="link.copy-the-address"),
    ]

    def __init__(self, url: str, over_ssh: bool) -> None:
        super().__init__()
        self.url = url
        self.link = check_link(url)
        self.allowed = self.link.allowed
        self.over_ssh = over_ssh

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Link"
            yield Static(self.message(), id="link-text")

    def message(self, no_browser: bool = False) -> Text:
        text = Text()
        if not self.allowed:
            text.append(f"This link was not opened. {self.link.problem}\n\n")
            text.append(self.url, style="bold")
            text.append("\n\nPress escape to close.")
        elif self.over_ssh or no_browser:
            text.append(
                "No web browser could be started on this computer.\n"
                if no_browser
                else "You are connected over SSH, so no browser is started here.\n"
            )
            text.append("Copy this address into a browser on your own computer:\n\n")
            self.address(text)
            text.append("\n\nPress c to copy it, or escape to close.")
        else:
            text.append("Open this address in your web browser?\n\n")
            self.address(text)
            text.append("\n\nPress y to open it, c to copy it, or escape to stay here.")
        return text

    def address(self, text: Text) -> None:
        """The address, and beside it the site it really opens (as the browser names it)."""
        text.append(self.url, style="bold")
        text.append("\nSite: ")
        text.append(self.link.host or "", style="bold")
        if self.link.international:
            text.append(" (a name with letters outside English: check it is the site you expect)")

    def action_open(self) -> None:
        if not self.allowed or self.over_ssh:
            self.dismiss(None)
        elif self.app.open_link(self.url):
            self.dismiss(None)
            self.app.say("Opened in your web browser.")
        else:  # say so, and leave the address on screen to copy
            self.query_one("#link-text", Static).update(self.message(no_browser=True))

    def action_copy(self) -> None:
        """OSC 52: the address reaches the clipboard of the reader's own computer, even over SSH."""
        if self.allowed:
            self.app.copy_to_clipboard(self.url)
            self.dismiss(None)
            self.app.say("Copied the address.")


class RemoveDialog(Dialog[bool]):
    """Asks before a bookmark goes with the question written for it. Only `y` removes it;
    a `y` typed among other letters is a word being typed, not an answer (QA5 R17)."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "Keep it", id="remove.keep"),
        Binding("y", "answer(True)", "Remove it", id="remove.remove"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.article_title = title
        self.question = question
        self.typing_at: float | None = None  # when a letter other than the answers came

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Remove this bookmark?"
            yield Static(self.message(), id="remove-text")

    def message(self, typing: bool = False) -> Text:
        text = Text("Remove the bookmark on ")
        text.append(f"“{self.article_title}”", style="bold")
        text.append("? Your question about it goes with it:\n\n")
        text.append(self.question, style="italic")
        text.append("\n\nPress y to remove it (u puts it back), or n or escape to keep it.")
        if typing:
            text.append("\nLetters were being typed: press y on its own to remove it.")
        return text

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character not in (None, "y", "n"):
            self.typing_at = time.monotonic()

    def action_answer(self, remove: bool) -> None:
        if remove and typed_soon(self.typing_at):  # "symptoms" typed: its y is a letter
            self.typing_at = time.monotonic()
            self.query_one("#remove-text", Static).update(self.message(typing=True))
            return
        self.dismiss(remove)


class MessagesDialog(Dialog[None]):
    """The recent notices, newest first, in full: a notice line shows one for a moment,
    cut at the screen's width."""

    BINDINGS = [Binding("escape,M,q", "dismiss", "Close", id="messages.close")]

    def __init__(self, said: list[Said]) -> None:
        super().__init__()
        self.said = said

    def compose(self) -> ComposeResult:
        text = Text()
        for said in self.said:
            text.append(time.strftime("%H:%M:%S ", time.localtime(said.at)), style="dim")
            if said.severity != "information":
                text.append(f"{said.severity.capitalize()}: ", style="bold")
            text.append(f"{said.text}\n")
        if not self.said:
            text.append("No messages yet.")
        with KeyScroll(classes="dialog") as scroll:
            scroll.border_title = "Messages, newest first (escape to close)"
            yield Static(text)


class QuestionDialog(Dialog[str | None]):
    """Type the question to ask about a bookmarked article; enter keeps it."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="question.cancel")]
    AUTO_FOCUS = "#question"  # the box, not the earlier questions above it
    app: MyelinApp  # what `self.app` is, for the type checker

    def __init__(
        self, title: str, question: str, article_id: str = "", earlier: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.article_title = title
        self.question = question
        self.article_id = article_id  # the app keeps the typed text if it quits meanwhile
        #: Texts replaced, cleared or cancelled, oldest first: all shown, newest first, to retype.
        self.earlier = [text for text in earlier if text != question]

    def typed(self) -> str:
        from tui.app.widgets.text_input import TextInput

        return self.query_one("#question", TextInput).value

    def compose(self) -> ComposeResult:
        from tui.app.widgets.text_input import TextInput

        with Vertical(classes="dialog") as box:
            box.border_title = "My question (enter to keep, escape to cancel)"
            yield Static(Text(self.article_title, style="bold"))
            if self.earlier:
                newest, *before = reversed(self.earlier)
                text = Text(f"Earlier: {newest}", style="dim")
                for older in before:
                    text.append(f"\nBefore that: {older}")
                with VerticalScroll(id="question-earlier"):  # tab, then arrows: the rest
                    yield Static(text)
            # The cursor after the text, nothing selected: `e` is pressed to add to a
            # question as often as to replace it, and a selection is wiped by one key.
            yield TextInput(
                value=self.question,
                placeholder="What do I want to ask?",
                id="question",
                select_on_focus=False,
                max_length=MAX_TEXT,  # what the reading state keeps
            )

    def on_input_changed(self, event) -> None:
        if self.article_id:
            self.app.keep_draft(self.article_id, event.value)

    def on_input_submitted(self, event) -> None:
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        """Cancel; words typed are not thrown away but kept as an earlier question."""
        typed = self.typed().strip()
        self.dismiss(None)
        if self.article_id and typed and typed != self.question.strip():
            self.app.state.remember_question(self.article_id, typed)
            self.app.save_state_soon()  # said on the screen below, once this one is gone
            self.app.call_after_refresh(
                self.app.say, "Not kept as the question; press e to see what you typed."
            )
