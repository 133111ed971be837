"""Terminals: tiny and resized screens, and a run under a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest
from app_helpers import make_app, press, screen_text, settle, show_article, type_text
from conftest import FIXTURE_LIBRARY, ROOT

from tui.app.screens.article import ArticleScreen

sys.path.insert(0, str(ROOT / "benchmarks"))
from terminal_screen import TerminalScreen


async def test_resizing_down_to_10x5_and_back(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        for size in [(40, 12), (20, 8), (10, 5), (12, 6), (80, 24), (10, 5), (120, 40)]:
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, ArticleScreen)
        await press(app, pilot, "escape", "slash")
        await type_text(app, pilot, "vitamin")
        await pilot.resize_terminal(10, 5)
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert "1 result" in screen_text(app)


def read_until(
    fd: int,
    needle: bytes,
    timeout: float = 90.0,
    until_closed: bool = False,
    screen: TerminalScreen | None = None,
) -> bytes:
    """Read from the pty until `needle` shows up (or fail after `timeout`: generous, for a
    busy CI machine; pytest-timeout still stops the test at 120 s): on `screen`, fed what
    is read, if given (a frame sends only the cells that changed, so words on screen may
    never pass in one piece).

    With `until_closed`, read everything until the other side closes instead.
    """
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and not (screen and needle.decode() in screen.text()):
        remaining = deadline - time.monotonic()
        if until_closed and remaining <= 0:
            break
        assert remaining > 0, f"{needle!r} never appeared; last output: {seen[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if screen is not None:
                screen.feed(chunk)
    return seen


SGR = re.compile(rb"\x1b\[([0-9;]*)m|\x1b.|([^\x1b]+)", re.S)
FOREGROUNDS = {*range(30, 38), *range(90, 98)}
BACKGROUNDS = {*range(40, 48), *range(100, 108)}


def sgr_codes(params: bytes):
    """(kind, code) for each colour or reset in one SGR sequence: kind is "24-bit",
    "256", "16" or "other"; the numbers of an extended colour are skipped."""
    codes = [int(c) if c.isdigit() else 0 for c in params.split(b";")]
    position = 0
    while position < len(codes):
        code = codes[position]
        if code in (38, 48) and position + 1 < len(codes):
            extended = codes[position + 1] == 2
            yield ("24-bit" if extended else "256"), code
            position += 5 if extended else 3
            continue
        yield ("16" if code in FOREGROUNDS | BACKGROUNDS else "other"), code
        position += 1


def colour_depths(output: bytes) -> set[str]:
    """Which colour encodings the output uses: "24-bit", "256" and/or "16"."""
    return {
        kind
        for match in SGR.finditer(output)
        if match.group(1) is not None
        for kind, _ in sgr_codes(match.group(1))
        if kind != "other"
    }


def invisible_text(output: bytes) -> str:
    """Letters drawn in the same 16-colour foreground as their background."""
    hidden, fg, bg = [], None, None
    for match in SGR.finditer(output):
        if match.group(2):
            letters = [c for c in match.group(2).decode("utf-8", "replace") if c.isalnum()]
            if letters and fg is not None and bg is not None and fg + 10 == bg:
                hidden += letters
        elif match.group(1) is not None:
            for _, code in sgr_codes(match.group(1)):
                if code == 0:
                    fg = bg = None
                elif code in FOREGROUNDS or code == 39:
                    fg = None if code == 39 else code
                elif code in BACKGROUNDS or code == 49:
                    bg = None if code == 49 else code
    return "".join(hidden)


@pytest.mark.parametrize(
    ("term_env", "depth"),
    [
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "24-bit"),
        ({"TERM": "xterm"}, "16"),  # 16 colours, no COLORTERM (as over SSH)
        ({"TERM": "xterm", "NO_COLOR": "1"}, "16"),
    ],
    ids=["truecolor", "16-colours", "no-color"],  # TERM=dumb: tests/test_plain_mode.py
)
@pytest.mark.slow
def test_real_pty_start_search_open_quit(isolated_dirs, term_env, depth):
    controller, terminal = pty.openpty()
    os.set_blocking(controller, True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLORTERM", "NO_COLOR", "CI", "TEXTUAL_COLOR_SYSTEM")
    }
    env.update(term_env, LINES="24", COLUMNS="80", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--library", str(FIXTURE_LIBRARY)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(terminal)
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(controller, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        screen = TerminalScreen(80, 24)
        output = read_until(controller, b"articles", screen=screen)
        os.write(controller, b"/")
        output += read_until(controller, b"Type to search", screen=screen)
        os.write(controller, b"vitamin")
        output += read_until(controller, b"1 result", screen=screen)
        os.write(controller, b"\r")
        output += read_until(controller, b"Key takeaway", screen=screen)
        os.write(controller, b"q")
        # Read until the app closes the terminal: a reader that stops reading would
        # leave the app blocked writing its last frame, and it could never exit.
        tail = read_until(controller, b"\x00never\x00", timeout=30, until_closed=True)
        assert process.wait(timeout=10) == 0
        assert b"\x1b[?1049l" in tail  # the alternate screen is left...
        assert b"\x1b[?25h" in tail  # ...and the cursor shown again: the terminal is restored
        output += tail
        assert colour_depths(output) == {depth}
        if depth == "16":
            assert invisible_text(output) == ""
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
