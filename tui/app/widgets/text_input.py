"""An `Input` that follows the app's blink setting (off in tests, for stable snapshots),
keeps every line of a paste and applies keys in the order typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.widgets import Input

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


def one_line(text: str) -> str:
    """Pasted lines joined by spaces: a box of one line must not drop lines 2 and after."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


#: Return as it can reach a box: a line feed (ctrl+j) when it was typed before the app
#: took the terminal over (the terminal, not yet raw, turned it into one), or from a
#: terminal or serial line that sends one. Enter typed in the first second of a start was
#: lost, and the keys after it went into the words (QA H7).
RETURN_KEYS = ("enter", "ctrl+j")


class TextInput(Input):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [Binding("ctrl+j", "submit", "Submit", show=False)]

    def __init__(self, *args, hand_on: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The widget (a selector) the keys typed after Enter are for, if any: the app hands
        #: this box the keys of a burst before it has acted on the Enter among them, so
        #: "enter j j" over SSH would type "jj" in the box instead of moving in the results.
        self.hand_on = hand_on
        self.handing_on = False  # since Enter, until the box has the focus again

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)

    def _on_focus(self, event: events.Focus) -> None:
        self.handing_on = False
        super()._on_focus(event)

    async def _on_key(self, event: events.Key) -> None:
        """Editing keys (backspace, ctrl+u, arrows) act here, at once, like letters.

        Textual finds an Input's own key bindings only after the key has bubbled up to
        the app, while the letters behind it are typed straight in: in a burst ("/",
        ctrl+u, "pml" over SSH) the edit landed after the letters (QA G15).
        """
        if self.handing_on and self.hand_on and await self._hand_on(event):
            return
        if event.key in RETURN_KEYS and self.hand_on:
            self.handing_on = True
        await super()._on_key(event)
        if event._stop_propagation:  # a letter, typed in
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return

    async def _hand_on(self, event: events.Key) -> bool:
        """The key acted on by the widget it was typed for (its bindings), not typed here."""
        event.stop()
        event.prevent_default()
        target = self.screen.query_one(self.hand_on or "")
        for binding in target._bindings.key_to_bindings.get(event.key, ()):
            await self.app.run_action(binding.action, target)
        return True

    def restricted(self) -> None:
        """A key typed into a full box: said, not only a bell (which may be off)."""
        if self.max_length and len(self.value) >= self.max_length:
            self._say_full("what you type past that is not taken")
        else:
            super().restricted()

    def _say_full(self, what: str) -> None:
        self.app.say(
            f"This box holds at most {self.max_length:,} characters: {what}.",
            timeout=8,
            severity="warning",
        )

    def _on_paste(self, event: events.Paste) -> None:
        # Textual's Input keeps only the first line of a paste; a question pasted
        # from a phone's notes would lose the rest without a word.
        text = one_line(event.text)
        if text:  # " and more" pasted after a word keeps the space between them
            edges = event.text[:1].isspace(), event.text[-1:].isspace()
            text = " " * edges[0] + text + " " * edges[1]
        if self.max_length:  # Input refuses a paste that does not fit whole: keep its start
            start, end = sorted(self.selection)
            room = max(0, self.max_length - (len(self.value) - (end - start)))
            if len(text) > room:
                text = text[:room]
                self._say_full("the end of what you pasted was left out")
        if text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.stop()
        event.prevent_default()  # not Input's own paste as well
