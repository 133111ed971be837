"""The terminal as Textual's Linux driver reads and writes it: a byte from the keyboard
that is not UTF-8 never ends the app, a paste is read as text, never as keys, and a
terminal that goes away ends it as a hang-up.

A terminal set to Latin-1 sends one byte for "é", and a paste can hold any byte. Textual's
input thread decodes strictly, so one such byte raised UnicodeDecodeError in that thread
and the app ended, losing the question being typed (QA H34). Its decoder is made to put
U+FFFD in place of what cannot be read, as every terminal program should.

When the far end of the terminal closes (an SSH connection dropped, a terminal window
killed, tmux's server gone), the kernel sends SIGHUP only to the session whose controlling
terminal it was. A reader started any other way (setsid, a supervisor, some multiplexers)
got no signal: Textual's input thread found the terminal ready with nothing to read, again
and again (50% of a core, forever), and its output thread died on the first write the
terminal refused (EIO), leaving the app to wait on a full queue. Both now raise SIGHUP in
the process, once: what was typed is saved and the app ends (`MyelinApp.hang_up`).

A paste is everything between the terminal's paste brackets. Textual's parser took the
first escape inside a paste (text copied with its colours) for the start of a key, and
sent the rest as keys: the line break submitted the dialog and the next lines ran as
commands (QA4 Q2). The escape sequences inside a paste are removed before it is parsed.
"""

from __future__ import annotations

import codecs
import re
import signal
import threading
import time
from collections.abc import Iterable

from textual._xterm_parser import XTermParser

#: Set once the terminal is known to be gone: SIGHUP is raised once.
GONE = threading.Event()
#: The end of input reads as ready at once: the input thread waits this long between
#: looks while the app ends, instead of spinning.
PAUSE = 0.1


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
            yield from mark_typed_runs(list(super().feed(text)))


def mark_typed_runs(tokens: list) -> list:
    """Give each key of a run of printable keys that came in one read the whole run, as
    `typed_run`: a word typed by tmux, a fast typist or over SSH arrives together, and a
    screen may read "kesimpta" as a word to search, not `k` then "esimpta" (QA4 Q13)."""
    run: list = []
    for token in [*tokens, None]:
        character = getattr(token, "character", None)
        if token is not None and getattr(token, "is_printable", False) and character:
            run.append(token)
            continue
        if len(run) > 1:
            text = "".join(key.character for key in run)
            for key in run:
                key.typed_run = text
        run = []
    return tokens


def terminal_gone() -> None:
    """Act as the kernel does for a session's terminal: a hang-up, once."""
    if not GONE.is_set():
        GONE.set()
        signal.raise_signal(signal.SIGHUP)


class _Decoder:
    """Textual's UTF-8 decoder, replacing what cannot be read; an empty read (the
    terminal's end of input) is the terminal gone."""

    def __init__(self, encoding: str) -> None:
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def decode(self, data: bytes, final: bool = False) -> str:
        if not data and not final:  # select said "ready", and there was nothing to read
            terminal_gone()
            time.sleep(PAUSE)
        return self._decoder.decode(data, final)


def _decoder_factory(encoding: str):
    return lambda: _Decoder(encoding)


def watch_the_terminal() -> None:
    """Before the app runs: Textual's Linux driver looks up its decoder when input starts,
    and makes its output thread when the app starts."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not POSIX: another driver
        return
    from textual.drivers._writer_thread import WriterThread

    class Writer(WriterThread):
        """Textual's output thread; a write the terminal refuses is the terminal gone,
        and what is written after it is taken and dropped (the app never waits on it)."""

        def run(self) -> None:
            try:
                super().run()
            except (OSError, ValueError):  # EIO; or the stream closed under it
                terminal_gone()
                while self._queue.get() is not None:
                    pass

    linux_driver.getincrementaldecoder = _decoder_factory
    linux_driver.WriterThread = Writer  # type: ignore[misc]
    linux_driver.XTermParser = PasteWholeParser  # type: ignore[misc]
