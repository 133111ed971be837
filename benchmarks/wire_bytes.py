"""Bytes on the wire: what each action of the reader sends to the terminal (issue 15).

    python benchmarks/wire_bytes.py            # over SSH and local, 80x24, bundled library
    python benchmarks/wire_bytes.py --idle 20  # a longer idle window
    python benchmarks/wire_bytes.py --size 10000 --modes ssh  # a generated 10k library
    python benchmarks/wire_bytes.py --parts tour  # only the tour of every dialog key
    python benchmarks/wire_bytes.py --parts tour --tour-idle 0  # the tour, no idle minutes

The real app runs in a pseudo-terminal at 80x24 (TERM=xterm-256color, no
COLORTERM, as over SSH) and is driven with keys; every byte it writes is counted.
An action's bytes are those written from the key until the app has been quiet
for a moment. Two runs: "ssh" (SSH_CONNECTION set, so no scroll animation and
no cursor blink) and "local" (Textual's defaults: animated scrolling, blinking).

Targets (from issue 15): idle sends 0 bytes; no single key sends more than
one full repaint, measured here as the bytes of ctrl+l (the whole screen drawn
again, once) on that same screen; an opened article is on screen,
complete, within 100 ms of Enter on the bundled library and 200 ms at 10,000 articles
(timed to the first frame of the article screen, which holds the whole article; the
first result, then `--opens` more, each the next result: the median and the slowest).
The idle minute is measured over a shorter window (10 s by default) and scaled to a
minute: said in the table. A generated library
(`--size`) keeps its index in benchmarks/out/wire-cache-SIZE, built once, before timing.

The tour then opens and closes every dialog and screen over SSH (help, glossary,
palette, messages, themes, search, an article's contents, links and words, bookmark,
`]`/`[`, tab into an article's lists, a related article, bookmarks, a question, notes)
at 80x24 and at 40x12, in the dark theme and under NO_COLOR, each key against one full
repaint of the screen before it or the one after it, whichever is larger, and prints a
table with PASS or FAIL for each. At 80x24 in colour it leaves the palette, the search
box and an article open for `--tour-idle` seconds each (60): 0 bytes is the target.
The app sends only the cells that changed, so words are looked for on an emulated
screen (terminal_screen.py), never in the bytes; after each ctrl+l the emulated screen
must be what it was before (the frames drew what the app shows).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from terminal_screen import TerminalScreen

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
COLUMNS, LINES = 80, 24
QUIET = 0.6  # seconds without output that end an action
#: The same in the tour, where quiet also means the app has stopped working (see
#: `Terminal.settled_on_cpu`): a loaded machine drew some dialogs 0.6 s after their key.
TOUR_QUIET = 0.4
#: In the article screen's first frame only (its header: "2 min read"; result rows say
#: "2 min ·"). Not the takeaway (a long header can push it below the first screen), not
#: the footer (the same on every screen).
ARTICLE = b"min read"
TAKEAWAY_MS = 100  # Enter to the complete article, bundled library (issue 15)
TAKEAWAY_MS_LARGE = 200  # the same at 10,000 articles
LARGE = 10_000
#: Seconds the longest notice stays above the key hints (a warning: 8 s), and a margin.
NOTICE_MOST = 9.0
CAP = 3.0  # a blinking cursor is never quiet: the local run's actions stop counting here


class Terminal:
    """The app in a pseudo-terminal that is its controlling terminal (so resizes reach it)."""

    def __init__(
        self, env: dict[str, str], library: Path, size: tuple[int, int] = (COLUMNS, LINES)
    ) -> None:
        self.size = size
        self.controller, terminal = pty.openpty()
        self.resize(*size)

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--library", str(library)],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            env=env,
            cwd=tempfile.gettempdir(),
            preexec_fn=controlling_terminal,
        )
        os.close(terminal)
        self.seen = b""
        self.screen = TerminalScreen(*size)  # what the terminal shows: words are looked for here
        self.unlike: list[
            tuple[str, str]
        ] = []  # screens a full repaint changed (see `full_repaint`)
        self.found_after = 0.0  # seconds from the start of the last drain to `until` on screen
        self.limit = 60.0  # the longest an action may take to go quiet
        self.quiet = QUIET
        #: Quiet also means the app used no processor time and none of its threads was
        #: waiting to run (Linux): a loaded machine that had not yet run the app's next
        #: frame was taken for quiet. Not for a blinking cursor, which never rests.
        self.settled_on_cpu = False

    def resize(self, columns: int, lines: int) -> None:
        if hasattr(self, "screen"):
            self.screen.resize(columns, lines)
        fcntl.ioctl(self.controller, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def shows(self, words: bytes) -> bool:
        """`words` are on the screen now (a frame sends only the cells that changed, so they
        may never pass down the wire in one piece)."""
        return words.decode() in self.screen.text()

    def drain(self, quiet: float = 0.0, limit: float | None = None, until: bytes = b"") -> int:
        """Read until `until` is on screen and then nothing came for `quiet` seconds (the
        terminal's own `quiet` if 0): bytes read."""
        quiet = quiet or self.quiet
        limit = limit or self.limit
        count, start = 0, time.monotonic()
        last = start
        self.found_after = 0.0
        working = self.working()
        while time.monotonic() - start < limit:
            waited = time.monotonic() - last
            if waited >= quiet and self.shows(until):
                now = self.working()
                if now == working:
                    break
                working, last = now, time.monotonic()  # busy all the same: wait on
                continue
            ready, _, _ = select.select([self.controller], [], [], max(0.01, quiet - waited))
            if not ready:
                continue
            try:
                chunk = os.read(self.controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            count += len(chunk)
            self.seen = (self.seen + chunk)[-400_000:]
            self.screen.feed(chunk)
            last = time.monotonic()
            if until and not self.found_after and self.shows(until):
                self.found_after = last - start
        return count

    def working(self) -> object:
        """What changes while the app works (its processor time, a thread ready to run);
        None when not asked for or not known."""
        if not self.settled_on_cpu:
            return None
        ticks, ready = 0, False
        try:
            for task in Path(f"/proc/{self.process.pid}/task").iterdir():
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
                ready = ready or fields[0] in "RD"
        except (OSError, IndexError, ValueError):
            return None
        return (ticks, time.monotonic()) if ready else ticks  # ready: never the same twice

    def key(self, data: bytes, **drain) -> int:
        os.write(self.controller, data)
        return self.drain(**drain)

    def window(self, seconds: float) -> int:
        """Every byte written in the next `seconds`, keys or not."""
        count, end = 0, time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.controller], [], [], left)
            if ready:
                chunk = os.read(self.controller, 65536)
                if not chunk:
                    break
                count += len(chunk)
                self.screen.feed(chunk)
        return count

    def notice_shown(self) -> bool:
        """A notice is on the line above the key hints: indented by a space, where the text
        above is indented by two, a border or a blank (a hint starts with its key)."""
        lines = self.screen.text().split("\n")
        return len(lines) > 1 and lines[-2][:1] == " " and lines[-2][1:2] not in (" ", "")

    def notice_gone(self, limit: float = 0.0) -> int:
        """Wait until no notice is shown (it ends on its own timer), up to `limit` seconds
        (NOTICE_MOST if 0): the bytes its end sent."""
        count, end = 0, time.monotonic() + (limit or NOTICE_MOST)
        while time.monotonic() < end and self.notice_shown():
            count += self.window(0.2)
        return count

    def redraw(self) -> int:
        """The bytes of one full repaint of the screen as it is: ctrl+l, which draws all
        of it again. The terminal must show the same after it, else `unlike` says so (but
        for a notice that ended meanwhile, on its own timer, 3 to 8 s after it came)."""
        noticed = self.notice_shown()
        before, shown = self.screen.cells(), self.screen.text()
        count = self.key(b"\x0c")
        if self.screen.cells() != before and not (noticed and not self.notice_shown()):
            self.unlike.append((shown, self.screen.text()))
        return count

    def full_repaint(self) -> int:
        """The bytes of redrawing the whole screen: resize away and back, count the return."""
        columns, lines = self.size
        before, shown = self.screen.cells(), self.screen.text()
        self.resize(columns, lines + 1)
        self.drain()
        self.resize(columns, lines)
        count = self.drain()
        if self.screen.cells() != before:  # the frames sent had not drawn what the app shows
            self.unlike.append((shown, self.screen.text()))
        return count

    def close(self) -> None:
        """Quit with ctrl+q, which quits from any screen (a `q` is typed into a focused
        text box, and the app was then killed after a 10-second wait)."""
        try:
            os.write(self.controller, b"\x11")
            self.drain(quiet=0.3, limit=10)
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)  # reaped: no zombie, no ResourceWarning
        os.close(self.controller)


def environment(home: Path, ssh: bool, cache: Path | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("COLORTERM", "NO_COLOR", "CI", "SSH_CONNECTION", "SSH_TTY", "TEXTUAL_ANIMATIONS")
        # pytest-xdist's workers carry COLUMNS=80 LINES=24, and a size in the environment
        # wins over the terminal's own: the app drew 80 columns on a 40-column pty
        and k not in ("COLUMNS", "LINES")
    }
    env.update(
        TERM="xterm-256color",
        PYTHONPATH=str(REPO),
        XDG_CACHE_HOME=str(cache or home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        HOME=str(home),  # appointment notes (`n`) are written here, never in a real home
    )
    if ssh:
        env["SSH_CONNECTION"] = "127.0.0.1 50000 127.0.0.1 22"
    return env


def run(
    mode: str, library: Path, home: Path, idle: float, opens: int, cache: Path | None = None
) -> dict[str, object]:
    """One session: start, type a query, open the first result, scroll, page, idle, then
    open the next results one by one (back, down, enter) for more Enter-to-article times."""
    term = Terminal(environment(home, ssh=mode == "ssh", cache=cache), library)
    if mode == "local":
        term.limit = CAP
    figures: dict[str, object] = {}
    try:
        figures["start"] = term.drain(quiet=1.5, limit=60, until=b"articles")
        figures["full repaint (browse)"] = term.redraw()
        term.key(b"/")
        letters = [term.key(bytes([c])) for c in b"fatigue"]
        figures["letter typed"] = letters
        figures["full repaint (search)"] = term.redraw()
        figures["idle minute, search box focused"] = round(term.window(idle) * 60 / idle)
        figures["open article"] = term.key(b"\r", until=ARTICLE)
        # the first frame is the whole article (related articles found ahead)
        figures["open article, ms to first frame"] = round(term.found_after * 1000)
        figures["full repaint (article)"] = term.redraw()
        figures["line scrolled (j)"] = [term.key(b"j") for _ in range(8)]
        figures["page down (space)"] = [term.key(b" ") for _ in range(3)]
        figures["top (g)"] = term.key(b"g")
        figures["idle minute, article"] = round(term.window(idle) * 60 / idle)
        times = [figures["open article, ms to first frame"]]
        for _ in range(opens):
            term.key(b"\x1b")  # back to the search, on the row opened
            term.key(b"\x1b[B")  # down: into the results (the search box had the focus)
            term.key(b"j")  # the next one: highlighted a moment, as a reader does
            term.key(b"\r", until=ARTICLE)
            times.append(round(term.found_after * 1000))
        figures["open article, ms to first frame"] = times
        # no row of it highlighted before: related articles found while the last was read
        figures["next article (])"] = term.key(b"]")
    finally:
        term.close()
    return figures


ESC = b"\x1b"
#: What the query of the tour opens: the first result of this search.
TOUR_QUERY = b"fatigue"
#: Terminal sizes the tour is taken at: a clinician's 80x24 and a patient's large type.
TOUR_SIZES = ((80, 24), (40, 12))
#: Colours the tour is taken in: the dark theme, and none (NO_COLOR).
TOUR_COLOURS = ("dark", "NO_COLOR")

Row = tuple[str, int, int]  # action, bytes sent, target


def tour(
    library: Path,
    home: Path,
    size: tuple[int, int],
    cache: Path | None = None,
    colour: str = "dark",
    idle: float = 0.0,
) -> list[Row]:
    """Every screen and dialog key over SSH, opened and closed: (action, bytes, target).

    The target is one full repaint (ctrl+l: the screen drawn whole once), of the screen
    before the key or the one after it, whichever is larger (a key that changes every line
    cannot cost less than drawing the screen it leads to once). A dialog key that opens
    nothing (an article without links) is said so, and nothing is closed after it. With
    `idle`, the palette, the article and the search box are each left open that many
    seconds: the target is 0 bytes.
    """
    env = environment(home, ssh=True, cache=cache)
    if colour == "NO_COLOR":
        env["NO_COLOR"] = "1"
    term = Terminal(env, library, size)
    term.quiet, term.settled_on_cpu = TOUR_QUIET, True
    rows: list[Row] = []

    def hints() -> None:
        """No notice above the key hints: one ("Theme: light", "Search words are
        highlighted") ends on its own timer, 3 to 8 s later, and its end was counted to
        whichever key it came after."""
        term.notice_gone()

    def step(name: str, key: bytes, before: int, until: bytes = b"") -> int:
        """`key` against the larger of `before` and the screen it leads to: that one's
        full repaint, for the next step."""
        hints()
        sent = term.key(key, until=until)
        after = term.redraw()
        rows.append((name, sent, max(before, after)))
        return after

    def there_and_back(name: str, key: bytes, under: int, title: bytes = b"") -> None:
        hints()
        opened = term.key(key)
        if title and not term.shows(title):
            rows.append((f"{name}: nothing to show", opened, under))
            return
        own = term.redraw()
        rows.append((f"{name}: open", opened, max(under, own)))
        if name.startswith("ctrl+p") and idle:
            rows.append((f"idle {idle:g} s, palette open", term.window(idle), 0))
        rows.append((f"{name}: close", term.key(ESC), max(under, own)))

    try:
        term.drain(quiet=1.5, limit=60, until=b"articles")
        browse = term.redraw()
        there_and_back("? help (browse)", b"?", browse)
        there_and_back("W glossary", b"W", browse)
        there_and_back("ctrl+p palette", b"\x10", browse)
        there_and_back("M messages", b"M", browse)
        for _ in range(3):  # the three themes, back to the first
            browse = step("T theme", b"T", browse)
        opened = term.key(b"/")
        search = term.redraw()
        rows.append(("/ search: open", opened, max(browse, search)))
        search = step("typing the query", TOUR_QUERY, search)
        if idle:
            rows.append((f"idle {idle:g} s, search box focused", term.window(idle), 0))
        article = step("enter: open an article", b"\r", search, until=ARTICLE)
        if idle:
            hints()
            rows.append((f"idle {idle:g} s, article open", term.window(idle), 0))
        there_and_back("? help (article)", b"?", article)
        there_and_back("t contents", b"t", article, title=b"Contents (")
        there_and_back("o links", b"o", article, title=b"Links (")
        there_and_back("w words", b"w", article)
        hints()
        rows.append(("b bookmark", term.key(b"b"), article))
        hints()
        rows.append(("b bookmark removed", term.key(b"b"), article))
        hints()
        term.key(b"b")  # bookmarked again: the bookmarks screen lists it
        article = step("] next article", b"]", article)
        article = step("[ previous article", b"[", article)
        article = step("tab: into the topics list", b"\t", article)
        article = step("tab: into the related list", b"\t", article)
        # nothing highlighted it: its related articles come later
        article = step("enter: a related article", b"\r", article)
        search = step("escape: back to the results", ESC, article)
        browse = step("escape: back to browse", ESC, search)
        marks = step("B bookmarks: open", b"B", browse)
        there_and_back("e question", b"e", marks)
        hints()
        rows.append(("n appointment notes", term.key(b"n"), marks))
        hints()
        rows.append(("B bookmarks: back", term.key(ESC), max(marks, browse)))
        if term.unlike:  # ctrl+l changed what the terminal showed: the frames were wrong
            rows.append(("screens ctrl+l changed (must be 0)", len(term.unlike), 0))
    finally:
        term.close()
    return rows


def worst(value: object) -> int:
    return max(value) if isinstance(value, list) else int(value)  # type: ignore[arg-type]


def describe(value: object) -> str:
    if isinstance(value, list):
        return f"median {statistics.median(value):,.0f}, max {max(value):,}"
    return f"{value:,}"


def targets(figures: dict[str, object], takeaway_ms: int) -> dict[str, tuple[int, bool]]:
    """Each key against one full repaint of its screen; idle against 0."""
    repaint = {
        "letter typed": "full repaint (search)",
        "open article": "full repaint (article)",
        "line scrolled (j)": "full repaint (article)",
        "page down (space)": "full repaint (article)",
        "top (g)": "full repaint (article)",
        "next article (])": "full repaint (article)",
    }
    checked = {}
    for name, reference in repaint.items():
        limit = worst(figures[reference])
        checked[name] = (limit, worst(figures[name]) <= limit)
    checked["open article, ms to first frame"] = (
        takeaway_ms,
        worst(figures["open article, ms to first frame"]) <= takeaway_ms,
    )
    for name in ("idle minute, search box focused", "idle minute, article"):
        checked[name] = (0, worst(figures[name]) == 0)
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=10.0, help="idle window in seconds")
    parser.add_argument(
        "--tour-idle",
        type=float,
        default=60.0,
        help="seconds the tour leaves the palette, the search box and an article open (0: not)",
    )
    parser.add_argument("--library", type=Path, default=REPO / "library")
    parser.add_argument("--size", type=int, help="a generated library of this many articles")
    parser.add_argument("--modes", default="ssh,local", help="ssh, local or both (ssh,local)")
    parser.add_argument("--opens", type=int, default=4, help="more articles opened and timed")
    parser.add_argument(
        "--parts", default="run,tour", help="run (the actions above), tour (every dialog) or both"
    )
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    library, cache, articles = args.library, None, None
    if args.size:
        from generate import ensure_library

        library, cache, articles = (
            ensure_library(args.size),
            OUT / f"wire-cache-{args.size}",
            args.size,
        )
    takeaway_ms = TAKEAWAY_MS_LARGE if (articles or 0) >= LARGE else TAKEAWAY_MS
    modes = [m for m in ("ssh", "local") if m in args.modes.split(",")]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        if cache is not None:  # a large library: its index built (or checked) before timing
            subprocess.run(
                [sys.executable, "-m", "tui", "--library", str(library), "index"],
                env=environment(home, ssh=True, cache=cache),
                cwd=tempfile.gettempdir(),
                stdout=subprocess.DEVNULL,
                check=True,
            )
        warm = Terminal(environment(home, ssh=True, cache=cache), library)  # builds the index
        warm.drain(quiet=2.0, limit=1800, until=b"articles")
        warm.close()
        for mode in modes if "run" in parts else ():
            print(f"wire bytes: {mode} run…", file=sys.stderr, flush=True)
            results[mode] = run(mode, library, home, args.idle, args.opens, cache)
        tours: dict[str, list[Row]] = {}
        for size in TOUR_SIZES if "tour" in parts else ():
            for colour in TOUR_COLOURS:
                where = f"{size[0]}x{size[1]}, {colour}"
                print(f"wire bytes: the tour at {where}…", file=sys.stderr, flush=True)
                own = home / f"tour-{size[0]}x{size[1]}-{colour}"  # its own bookmarks
                # the idle minutes once: at 80x24, in colour
                first = (size, colour) == (TOUR_SIZES[0], TOUR_COLOURS[0])
                idle = args.tour_idle if first else 0
                tours[where] = tour(library, own, size, cache or home / "cache", colour, idle)
    what = f"{articles:,} generated articles" if articles else library.name
    report: dict[str, object] = {"library": what, "tour": tours}
    if results:
        report.update(table(results, modes, what, args.idle, takeaway_ms))
    failed = sum(tour_table(where, rows, what) for where, rows in tours.items())
    if tours:
        checked = sum(map(len, tours.values()))
        print(f"\nThe tour: {checked - failed} of {checked} actions PASS, {failed} FAIL")
    OUT.mkdir(exist_ok=True)
    name = f"wire_bytes-{articles}.json" if articles else "wire_bytes.json"
    (OUT / name).write_text(json.dumps(report, indent=1))
    return 0


def tour_table(where: str, rows: list[Row], what: str) -> int:
    """Print one tour: each action, its bytes, its target and PASS or FAIL; how many FAIL."""
    print(f"\nEvery dialog and screen key over SSH at {where}, {what}. Target: one full")
    print("repaint (ctrl+l) of the screen before the key or after it, whichever is larger;")
    print("idle: 0 bytes.")
    print(f"{'action':38} {'bytes':>8} {'target':>8} {'x repaint':>9}  verdict")
    failed = 0
    for name, sent, limit in rows:
        ratio = f"{sent / limit:.2f}" if limit else "-"
        verdict = "PASS" if sent <= limit else "FAIL"
        failed += verdict == "FAIL"
        print(f"{name:38} {sent:>8,} {limit:>8,} {ratio:>9}  {verdict}")
    return failed


def table(
    results: dict[str, dict], modes: list[str], what: str, idle: float, takeaway_ms: int
) -> dict[str, object]:
    """Print the run's actions against their targets; what the JSON report keeps of them."""
    scale = f"idle measured over {idle:g} s, x{60 / idle:g}"
    print(f"\nBytes on the wire at {COLUMNS}x{LINES}, {what} ({scale}; local capped at {CAP:g} s)")
    print(
        "".join(
            f"{name:34}" if not i else f" {name:>26}"
            for i, name in enumerate(
                ["action", *("over SSH" if m == "ssh" else "local (defaults)" for m in modes)]
            )
        )
        + f"  target ({modes[0]})"
    )
    checks = targets(results[modes[0]], takeaway_ms)
    for name in results[modes[0]]:
        row = f"{name:34}" + "".join(f" {describe(results[m][name]):>26}" for m in modes)
        if name in checks:
            limit, met = checks[name]
            row += f"  <= {limit:,} {'PASS' if met else 'FAIL'}"
        print(row)
    return {
        "size": [COLUMNS, LINES],
        "idle_seconds": idle,
        "results": results,
        "targets_met": {name: met for name, (_, met) in checks.items()},
    }


if __name__ == "__main__":
    sys.exit(main())
