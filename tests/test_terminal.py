"""Terminals: tiny and resized screens, and a run under a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest
from app_helpers import make_app, press, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY, ROOT

from tui.app.screens.article import ArticleScreen


async def test_resizing_down_to_10x5_and_back(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        for size in [(40, 12), (20, 8), (10, 5), (12, 6), (80, 24), (10, 5), (120, 40)]:
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, ArticleScreen)
        await press(app, pilot, "escape", "slash", *"vitamin")
        await pilot.resize_terminal(10, 5)
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert "1 result" in screen_text(app)


def read_until(fd: int, needle: bytes, timeout: float = 30.0, until_closed: bool = False) -> bytes:
    """Read from the pty until `needle` shows up (or fail after `timeout`).

    With `until_closed`, read everything until the other side closes instead.
    """
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
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
    return seen


@pytest.mark.parametrize(
    "term_env",
    [
        {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
        {"TERM": "xterm"},  # 16 colours, no COLORTERM (as over SSH)
        {"TERM": "xterm", "NO_COLOR": "1"},
        {"TERM": "dumb"},
    ],
    ids=["truecolor", "16-colours", "no-color", "dumb"],
)
def test_real_pty_start_search_open_quit(isolated_dirs, term_env):
    controller, terminal = pty.openpty()
    os.set_blocking(controller, True)
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "CI")}
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
        read_until(controller, b"articles")
        os.write(controller, b"/")
        read_until(controller, b"Type to search")
        os.write(controller, b"vitamin")
        read_until(controller, b"1 result")
        os.write(controller, b"\r")
        read_until(controller, b"Key takeaway")
        os.write(controller, b"q")
        assert process.wait(timeout=20) == 0
        tail = read_until(controller, b"\x00never\x00", timeout=5, until_closed=True)
        assert b"\x1b[?1049l" in tail  # the alternate screen is left...
        assert b"\x1b[?25h" in tail  # ...and the cursor shown again: the terminal is restored
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
