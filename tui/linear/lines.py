"""Where the linear reader's lines come from: typed in a terminal (with line editing where
`readline` exists) or one a line from a pipe or a file; how a signal that ends the
reader (the terminal closed, SIGTERM) keeps what was being typed; and how ctrl+c
reaches the reader wherever it comes, readline's hook included."""

from __future__ import annotations

import contextlib
import select
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

LONGEST_LINE = 100_000  # characters of a line read from a pipe; the rest of it is dropped
PASTE_GAP = 0.05  # seconds: lines of one paste arrive together; a person types slower
NUDGE_EVERY = 0.05  # seconds: how often a signal not yet handled is sent again
#: The signals that end the reader as they end the app: the terminal closed, `kill`.
ENDINGS = (signal.SIGHUP, signal.SIGTERM)
#: Sent by the reader to itself to hand back a ctrl+c that came while readline looked at
#: the line (`Looking`): a signal of its own, so that one sent late is never taken for a
#: second ctrl+c.
HAND_BACK = signal.SIGUSR2


class PipedLines:
    """Commands from a pipe or a file, one a line: no prompt (nobody sees it), no line
    editing, and bytes that are not text read as a mark rather than ending the reader."""

    editing = False

    def __init__(self, stdin: TextIO) -> None:
        self.stdin = stdin
        self.dropped = 0  # characters of the last line past `LONGEST_LINE`, left out
        reconfigure = getattr(stdin, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")

    def read(self, prompt: str) -> str | None:
        line = self.stdin.readline(LONGEST_LINE)
        self.dropped = 0
        if len(line) == LONGEST_LINE and not line.endswith("\n"):
            while rest := self.stdin.readline(LONGEST_LINE):
                # a line that never ends (a file of NULs) is cut, never held whole
                self.dropped += len(rest.removesuffix("\n"))
                if rest.endswith("\n"):
                    break
        return line or None

    def unsent(self) -> str:
        return ""  # a line is read whole: nothing is half-typed

    def keep_cancelled(self, line: str) -> None:
        pass  # a pipe has no ctrl+c of its own, nor a history


class TypedLines:
    """Lines typed by the reader, with line editing where the `readline` module exists:
    arrow keys move in the line and recall earlier lines instead of typing escapes."""

    def __init__(self, stdin: TextIO) -> None:
        self.stdin = stdin
        self.editing = stdin is sys.stdin and stdin.isatty() and _line_editing()
        self.reading = False  # in `input()`: the line being typed is not yet sent
        #: The line as readline last had it: a terminal that goes away (a window closed,
        #: SSH dropped) makes readline read the end of its input and drop the line
        #: before Python hears of the hang-up.
        self.typed = ""
        #: A signal to end came while readline looked at the line (see `Looking`).
        self.ending = False
        self.dropped = 0  # a typed line is taken whole

    def read(self, prompt: str) -> str | None:
        if not self.editing:
            sys.stdout.write(prompt)
            sys.stdout.flush()
            return self.stdin.readline() or None
        # The prompt's last line is written by readline itself, once it reads the keys:
        # what is typed after the prompt shows is never echoed twice.
        self.typed = ""
        self.reading = True
        looking = Looking(self.look)
        try:
            line = input(prompt)
        except EOFError:
            return None  # `typed` keeps what was on the line (a hang-up drops it)
        finally:
            self.reading = False
            looking.stop()
        self.typed = ""  # sent with Enter
        return line

    def keep_cancelled(self, line: str) -> None:
        """A line dropped by ctrl+c: the up arrow brings it back, as any line sent."""
        if self.editing and line.strip():
            import readline

            readline.add_history(line)

    def look(self) -> None:
        """Readline read something (a key, the end of its input) or waited a moment: the
        line as it is before readline acts on it."""
        import readline

        self.typed = readline.get_line_buffer()

    def unsent(self) -> str:
        """What is typed but not yet sent with Enter (without line editing the terminal
        holds it, out of reach)."""
        if not self.reading:
            return self.typed
        import readline

        return readline.get_line_buffer() or self.typed


class Looking:
    """Python's input hook, called by readline each time it wakes (a key came, the end of
    its input, or every 0.1 s) before it acts on what came: `look` sees the line while
    it is still whole. Without ctypes (some builds) nothing is looked at.

    A signal's handler may run inside the hook, where an exception is lost: `end`
    leaves it for later there (`inside`), and the hook stops, so that the signal, sent
    again (`_Nudge`), is handled once readline waits for keys again."""

    active: Looking | None = None

    def __init__(self, look: Callable[[], None]) -> None:
        self.look = look
        self.pointer = None
        self.function = None
        try:
            import ctypes
        except ImportError:
            return
        hook = ctypes.CFUNCTYPE(ctypes.c_int)(self._call)
        with contextlib.suppress(ValueError, AttributeError):  # no such symbol here
            self.pointer = ctypes.c_void_p.in_dll(ctypes.pythonapi, "PyOS_InputHook")
            self.earlier = self.pointer.value
            self.function = hook  # kept alive while readline may call it
            self.pointer.value = ctypes.cast(hook, ctypes.c_void_p).value
            Looking.active = self

    def _call(self) -> int:
        self.look()
        if Looking.active is not self:  # a signal to end came: hand it back to Python
            self.stop()
        return 0

    @staticmethod
    def inside(frame: FrameType | None) -> bool:
        """Whether a signal handler was called inside the hook (or what it calls)."""
        while frame is not None:
            if frame.f_code is Looking._call.__code__:
                return True
            frame = frame.f_back
        return False

    def stop(self) -> None:
        if self.pointer is not None:
            self.pointer.value = self.earlier
            self.pointer = None
        if Looking.active is self:
            Looking.active = None


def _line_editing() -> bool:
    """Whether `readline` edits the lines (not on every system): set to echo nothing but
    the typed text."""
    try:
        import readline
    except ImportError:  # no line editing here: escapes typed are dropped by the reader
        return False
    for setting in ("enable-bracketed-paste off", "enable-meta-key off", "bell-style none"):
        readline.parse_and_bind(f"set {setting}")
    return True


def pasted_after(stdin: TextIO, read_line: Callable[[str], str | None]) -> list[str]:
    """The lines that came in the same paste as the one just read (already waiting):
    a question pasted from a phone's notes keeps its other lines instead of running
    them as searches (QA G28)."""
    lines: list[str] = []
    while True:
        try:
            waiting = select.select([stdin], [], [], PASTE_GAP)[0]
        except (OSError, ValueError, TypeError):  # no descriptor (a test's text): none waits
            return lines
        if not waiting or (line := read_line("")) is None:
            return lines
        if line.strip():
            lines.append(line.strip())


@contextmanager
def ending_keeps(keep_unsent: Callable[[], None], save: Callable[[], object]) -> Iterator[None]:
    """SIGHUP (the terminal closed) and SIGTERM end the reader as they end the app: the
    line being typed kept (`keep_unsent`), then what was done saved (`save`), exit 129 or
    143."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only (a test's reader in a thread)
        return
    ended = threading.Event()

    def end(number: int, frame: FrameType | None) -> None:
        if Looking.inside(frame):  # an exception would be lost in readline's hook
            Looking.active = None  # the hook stops; the signal is sent again (_Nudge)
            return
        ended.set()
        for each in ENDINGS:  # once: a second signal never cuts the save short
            signal.signal(each, signal.SIG_IGN)
        keep_unsent()
        raise SystemExit(128 + number)  # a save it interrupted ends (unlocks) first

    earlier = {number: signal.signal(number, end) for number in ENDINGS}
    nudge = _Nudge(ended)
    try:
        yield
    except SystemExit:
        if ended.is_set():
            save()
        raise
    finally:
        nudge.stop()
        for number, handler in earlier.items():
            signal.signal(number, handler)


class _Nudge:
    """Python runs a signal's handler once the signal interrupts a wait; readline waits in
    select() and a signal that comes while it handles a key would wait for the next key
    (a reader asked to end would not). Told of the signal by the wake-up descriptor, this
    thread sends it again until its handler has run."""

    def __init__(self, ended: threading.Event) -> None:
        self.ended = ended
        self.inbox, self.outbox = socket.socketpair()
        self.outbox.setblocking(False)
        self.earlier = signal.set_wakeup_fd(self.outbox.fileno(), warn_on_full_buffer=False)
        self.thread = threading.Thread(target=self._watch, name="nudge", daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        main = threading.main_thread().ident or 0
        while got := self.inbox.recv(64):  # nothing: stopped
            number = next((each for each in got if each in ENDINGS), None)
            if number is not None:
                while not self.ended.wait(NUDGE_EVERY):
                    signal.pthread_kill(main, number)
                return

    def stop(self) -> None:
        signal.set_wakeup_fd(self.earlier)
        self.ended.set()
        self.outbox.close()  # the thread's recv() ends
        self.thread.join()
        self.inbox.close()


@contextmanager
def ctrl_c_interrupts() -> Iterator[None]:
    """ctrl+c raises KeyboardInterrupt where it comes (the reader stops an answer, or drops
    the line being typed), never inside readline's hook, where the exception is lost: a
    traceback was printed and the line kept, to be glued to the next one (QA5 R12).
    There it is left for later, the hook stops, and `HAND_BACK` is sent until it is
    raised where readline waits for keys (which then drops the line)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only (a test's reader in a thread)
        return
    waiting = threading.Event()  # a ctrl+c waits to be handed back
    done = threading.Event()
    senders: list[threading.Thread] = []

    def interrupt(number: int, frame: FrameType | None) -> None:
        if not Looking.inside(frame):
            raise KeyboardInterrupt
        if (looking := Looking.active) is not None:
            looking.look()  # the line as it is, before readline drops it
        Looking.active = None  # the hook stops, then readline waits without it
        if not waiting.is_set():
            waiting.set()
            senders.append(threading.Thread(target=send, name="hand-back", daemon=True))
            senders[-1].start()

    def hand_back(number: int, frame: FrameType | None) -> None:
        if not waiting.is_set():
            return  # sent late, after the ctrl+c was handed back: nothing to do
        if Looking.inside(frame):
            Looking.active = None
            return
        waiting.clear()
        raise KeyboardInterrupt

    def send() -> None:
        main = threading.main_thread().ident or 0
        while waiting.is_set() and not done.is_set():
            signal.pthread_kill(main, HAND_BACK)
            done.wait(NUDGE_EVERY)

    earlier = {
        signal.SIGINT: signal.signal(signal.SIGINT, interrupt),
        HAND_BACK: signal.signal(HAND_BACK, hand_back),
    }
    try:
        yield
    finally:
        done.set()
        waiting.clear()
        for sender in senders:  # none sends once the usual handler (the end) is back
            sender.join()
        for number, handler in earlier.items():
            signal.signal(number, handler)
