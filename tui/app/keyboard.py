"""The terminal as Textual's Linux driver reads and writes it: a byte from the keyboard
that is not UTF-8 never ends the app, and a terminal that goes away ends it as a hang-up.

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
"""

from __future__ import annotations

import codecs
import signal
import threading
import time

#: Set once the terminal is known to be gone: SIGHUP is raised once.
GONE = threading.Event()
#: The end of input reads as ready at once: the input thread waits this long between
#: looks while the app ends, instead of spinning.
PAUSE = 0.1


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
