"""Start-up as a user sees it: a real command in a pseudo-terminal, until its first screen
shows text (issue 17).

The headless probe (startup_probe.py) times the app object; this one times the
`myelin` console script itself (and `python -m tui`): interpreter start, the
command's own imports, the app, and the first frame written to a terminal.
The parent opens a pseudo-terminal of the given size, starts the command on
it, reads what it writes, and stops the clock when the text that only the
filled first screen shows appears (escape sequences removed). The child is
then killed with its process group.

    python benchmarks/terminal_probe.py bare
    python benchmarks/terminal_probe.py myelin --library DIR   # uses $XDG_CACHE_HOME etc.

Run `python -m compileall tui` first: the figure should not include compiling
our own modules, which a user's installed copy never does.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from terminal_screen import TerminalScreen

HERE = Path(__file__).resolve().parent
BARE_TEXT = "A bare Textual app: the start-up baseline."
#: The browse screen's title once its list is filled ("Myelin · 71 articles"), looked for on
#: the screen the bytes draw: the app sends only the cells that change, so a first start that
#: showed "Myelin · loading" before sends only the count and "articles" when the list fills.
MYELIN_READY = re.compile(r"Myelin · \d+ articles?")
BARE_READY = re.compile(re.escape(BARE_TEXT[:24]))

BARE_APP = f"""
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static({BARE_TEXT!r})
        yield Footer()

Bare().run()
"""


def bare_command(python: str = sys.executable) -> list[str]:
    return [python, "-c", BARE_APP]


def myelin_command(python: str = sys.executable, module: bool = False) -> list[str]:
    """The console script next to `python` (as installed), or `python -m tui`."""
    if module:
        return [python, "-m", "tui"]
    return [str(Path(python).parent / "myelin")]


def start_in_terminal(
    command: list[str], env: dict[str, str] | None = None, size: tuple[int, int] = (120, 40)
) -> tuple[subprocess.Popen, int, float]:
    """`command` in a new pseudo-terminal of `size` (its own session): the child, the
    terminal's master side to read, and the perf_counter() just before it started."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environ = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), **(env or {})}
    environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's shell has it
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environ,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    return child, master, started


def first_screen(
    command: list[str],
    ready: re.Pattern[bytes],
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (120, 40),
    timeout: float = 60.0,
) -> tuple[float, float]:
    """Seconds from starting `command` in a pseudo-terminal until `ready` shows, and the
    CPU seconds the process used by then (contention from other work inflates the first
    much more than the second)."""
    child, master, started = start_in_terminal(command, env, size)
    screen = TerminalScreen(*size)
    try:
        while True:
            remaining = started + timeout - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no first screen after {timeout} s: {screen.text()!r}")
            readable, _, _ = select.select([master], [], [], remaining)
            if not readable:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{command[0]} ended before its first screen: {screen.text()!r}")
            screen.feed(chunk)
            if ready.search(screen.text()):
                return time.perf_counter() - started, cpu_seconds(child.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)


def cpu_seconds(pid: int) -> float:
    """User + system time of a running process (Linux /proc), or NaN elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app", choices=("bare", "myelin", "module"))
    parser.add_argument("--library")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {"MYELIN_LIBRARY": args.library} if args.library else {}
    for _ in range(args.runs):
        if args.app == "bare":
            seconds, cpu = first_screen(bare_command(), BARE_READY)
        else:
            command = myelin_command(module=args.app == "module")
            seconds, cpu = first_screen(command, MYELIN_READY, env)
        print(f"{seconds * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
