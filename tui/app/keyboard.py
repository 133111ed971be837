"""What comes from the keyboard is read as typed or pasted, never as something else.

A terminal set to Latin-1 sends one byte for "é", and a paste can hold any byte. Textual's
input thread decodes strictly, so one such byte raised UnicodeDecodeError in that thread
and the app ended, losing the question being typed (QA H34). Its decoder is made to put
U+FFFD in place of what cannot be read, as every terminal program should.

A paste is everything between the terminal's paste brackets. Textual's parser took the
first escape inside a paste (text copied with its colours) for the start of a key, and
sent the rest as keys: the line break submitted the dialog and the next lines ran as
commands (QA4 Q2). The escape sequences inside a paste are removed before it is parsed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from functools import partial

from textual._xterm_parser import XTermParser

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
#: Inside a paste: CSI sequences (colours), OSC/DCS/APC/PM/SOS strings, two-byte escapes, and a
#: lone ESC. What is left is text, which the box receiving the paste cleans as it does all text.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~])?")


def _marker_start(text: str, marker: str) -> int:
    """How many characters at the end of `text` may be the start of `marker`, split by a read."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class PasteWholeParser(XTermParser):
    """Textual's parser, given each paste whole and without escape sequences.

    Keys go through at once (an escape key is never held back). The paste's start marker
    goes through too, however the reads cut it; what follows it is kept until the end
    marker and given in one piece, cleaned."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._paste: list[str] | None = None  # the paste so far, while one is open
        self._tail = ""  # the end of what was given, which may be the start of a start marker
        self._held = ""  # the end of a read that may be the start of the end marker

    def feed(self, data: str) -> Iterable:
        if not data:  # end of input: what is held is given as it is
            held = "".join(self._paste or ()) + self._held
            self._paste, self._held = None, ""
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        ready: list[str] = []
        while data:
            if self._paste is None:
                seen = self._tail + data
                start = seen.find(PASTE_START)
                if start < 0:
                    ready.append(data)
                    self._tail = seen[-(len(PASTE_START) - 1) :]
                    break
                opened = start + len(PASTE_START) - len(self._tail)  # where the paste starts
                ready.append(data[:opened])
                data, self._paste, self._tail = data[opened:], [], ""
                continue
            data, self._held = self._held + data, ""
            end = data.find(PASTE_END)
            if end < 0:
                keep = _marker_start(data, PASTE_END)
                self._paste.append(data[: len(data) - keep])
                self._held = data[len(data) - keep :]
                break
            self._paste.append(data[:end])
            ready.append(_ESCAPES.sub("", "".join(self._paste)) + PASTE_END)
            data, self._paste = data[end + len(PASTE_END) :], None
        if text := "".join(ready):
            yield from super().feed(text)


def _replacing(encoding: str):
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_undecodable_input() -> None:
    """Before the app runs: Textual's Linux driver looks up its decoder and parser when
    input starts."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not POSIX: another driver
        return
    linux_driver.getincrementaldecoder = _replacing
    linux_driver.XTermParser = PasteWholeParser  # type: ignore[misc]
