"""A slow typist's pace: a letter that comes soon after a letter key may be the next letter
of a word, not a key (QA5 R6, R17). People with weak or tired hands type 2-3 letters a
second, so each letter arrives alone, never in one burst with the next."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from tui.app.app import MyelinApp

#: How long after a letter the next key may still be part of the same word.
TYPING_PAUSE = 3.0


def typed_soon(since: float | None) -> bool:
    """Whether a key now comes within a typing pause of `since` (time.monotonic)."""
    return since is not None and time.monotonic() - since <= TYPING_PAUSE


class OpenedByLetter:
    """Mixed into a screen that a letter key opens from the first screen (B, P). A letter
    typed next, at a typing pace, that is no key here is the next letter of a word: the
    screen closes and the word is searched. "Bladder" typed slowly is a search, not `B`
    then `d` `d` removing two bookmarks (QA5 R17). A key of the screen (`j`, `e`, `d`)
    typed at once is still that key: a reader who knows the list acts quickly, and what
    could take their words asks first (see BookmarksScreen.action_remove)."""

    app: MyelinApp
    #: The letter that opened the screen, and when; cleared by the next key.
    opened_by: tuple[str, float] | None = None

    def opened_by_letter(self, letter: str) -> None:
        self.opened_by = (letter, time.monotonic())

    def typed_on(self, event: events.Key) -> bool:
        """Take `event` as the word's next letter (True), or leave it a key (False)."""
        opened, self.opened_by = self.opened_by, None
        character = event.character or ""
        if opened is None or not (event.is_printable and character.isalpha()):
            return False
        if not typed_soon(opened[1]) or event.key in self.app.active_bindings:
            return False
        event.stop()
        event.prevent_default()
        self.app.pop_screen()
        self.app.start_search(opened[0] + character)
        return True
