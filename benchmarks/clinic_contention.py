"""Clinic server, part two (run by clinic_bench.py): sessions held open together on one
shared index: memory per session (RSS and PSS) and search latency under contention.

A process's RSS counts every page it maps, shared or not; PSS divides each shared
page among the processes that map it (the shared index's files, mapped by Whoosh,
the interpreter and its libraries), so the sum of PSS over the sessions is what
they cost the server together. Both need the processes alive, so here they are
read from /proc/PID/smaps_rollup while every session is up:

- apps: `myelin read QUERY`, the real command, each in its own 120x40
  pseudo-terminal with its own cache and reading-state folders (XDG) and
  MYELIN_INDEX set. Clock: the first screen with text, and the first results
  ("N results"). Once every session shows results, the memory of each.
  First the first user's first start alone (parses every article into their
  own cache), then, from a copy of it, one returning user alone, then all at once.
- search: sessions holding what the app holds for search (library, shared
  index, SearchEngine), released together; each runs search_bench.py's query
  set through `engine.search` (limit 20), timed per query; one session alone,
  then all at once. Then the memory of each, all still alive.

The shared folder is made read-only (chmod a-w) meanwhile, and compared after:
readers must not have written to it.

    python benchmarks/clinic_contention.py --library LIB --index DIR [--sessions 10]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import PYTHON, ms, summary, table
from terminal_probe import MYELIN_READY, myelin_command, start_in_terminal
from terminal_screen import TerminalScreen

APP_QUERY = "vitamin D relapses"
FIRST_RESULTS = re.compile(r"\d+\+? results?\b")
FIRST_SCREEN = re.compile(MYELIN_READY.pattern + r"|Preparing the search index|\d+ results")


def session_env(home: Path, library: Path, shared: Path) -> dict[str, str]:
    """One user: their own cache, data, config and state folders; the shared index."""
    env = {**os.environ, "MYELIN_LIBRARY": str(library), "MYELIN_INDEX": str(shared)}
    for name in ("CACHE", "DATA", "CONFIG", "STATE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    return env


def memory_mb(pid: int) -> dict[str, float]:
    """RSS and PSS of a live process (MiB)."""
    found: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                found[key.lower() + "_mb"] = int(rest.split()[0]) / 1024
    return found


# -- the real command in pseudo-terminals ------------------------------------------------------


class Terminal:
    """One `myelin read QUERY` in its own pseudo-terminal, read without blocking."""

    def __init__(self, env: dict[str, str]) -> None:
        command = [*myelin_command(), "read", APP_QUERY]
        self.child, self.master, self.started = start_in_terminal(command, env)
        self.screen = TerminalScreen(120, 40)
        self.first_screen_s: float | None = None
        self.results_s: float | None = None
        self.ended = False

    def read(self) -> None:
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            self.ended = True
            return
        self.screen.feed(chunk)
        text = self.screen.text()
        now = time.perf_counter() - self.started
        if self.first_screen_s is None and FIRST_SCREEN.search(text):
            self.first_screen_s = now
        if self.results_s is None and FIRST_RESULTS.search(text):
            self.results_s = now

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.child.pid, signal.SIGKILL)
        self.child.wait()
        os.close(self.master)


def held_apps(homes: list[Path], library: Path, shared: Path, timeout: float) -> list[dict]:
    """Every app started at once, kept until each shows results; then each one's memory."""
    terminals = [Terminal(session_env(home, library, shared)) for home in homes]
    deadline = time.perf_counter() + timeout
    try:
        while time.perf_counter() < deadline:
            waiting = {t.master: t for t in terminals if t.results_s is None and not t.ended}
            if not waiting:
                break
            readable, _, _ = select.select(list(waiting), [], [], 1.0)
            for fd in readable:
                waiting[fd].read()
        memory = [memory_mb(t.child.pid) for t in terminals]
    finally:
        for t in terminals:
            t.stop()
    return [
        {
            "first_screen_s": t.first_screen_s,
            "results_s": t.results_s,
            **m,
            "error": None if t.results_s else t.screen.text()[-300:],
        }
        for t, m in zip(terminals, memory, strict=True)
    ]


# -- search sessions released together -------------------------------------------------------


def session_main(library_dir: str, repeats: int) -> None:
    """A child: what a session holds for search; says it is ready, waits for a line on
    stdin, runs the query set, prints its timings and memory, waits to be let go."""
    from search_bench import QUERIES

    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine

    library = load_library(Path(library_dir), use_cache=True)
    index = open_index(library)
    engine = SearchEngine(library, index)
    status = index.status
    print(json.dumps({"shared": status.shared, "messages": status.messages}), flush=True)
    sys.stdin.readline()
    latencies = []
    for _ in range(repeats):
        for query in QUERIES:
            started = time.perf_counter()
            engine.search(query.text, limit=20, as_you_type=query.as_you_type)
            latencies.append(time.perf_counter() - started)
    print(json.dumps({"latencies": latencies}), flush=True)
    sys.stdin.readline()  # memory is read while every session is still alive


def held_sessions(homes: list[Path], library: Path, shared: Path, repeats: int) -> dict:
    command = [PYTHON, __file__, "session", "--library", str(library)]
    children = [
        subprocess.Popen(
            [*command, "--repeats", str(repeats)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=session_env(home, library, shared),
            text=True,
        )
        for home in homes
    ]
    try:
        opened = [json.loads(child.stdout.readline()) for child in children]
        for child in children:  # released together
            child.stdin.write("go\n")
            child.stdin.flush()
        timed = [json.loads(child.stdout.readline()) for child in children]
        memory = [memory_mb(child.pid) for child in children]
        for child in children:
            child.stdin.write("done\n")
            child.stdin.flush()
    finally:
        for child in children:
            child.wait(timeout=60)
    return {
        "all_shared": all(o["shared"] for o in opened),
        "messages": sorted({m for o in opened for m in o["messages"]}),
        "latencies": [s for t in timed for s in t["latencies"]],
        "memory": memory,
    }


# -- the shared folder -------------------------------------------------------------------------


def set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.iterdir()]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~0o222)


def fingerprint(folder: Path) -> dict[str, list[int]]:
    found = {"": [folder.stat().st_mtime_ns]}
    for p in folder.iterdir():
        found[p.name] = [p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ino]
    return found


# -- measuring -------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(
    library: Path, shared: Path, sessions: int, scratch: Path, repeats: int = 1, timeout=600.0
) -> dict:
    """The apps, then the search sessions; one alone, then `sessions` at once."""
    shutil.rmtree(scratch, ignore_errors=True)
    homes = [scratch / f"u{n}" for n in range(sessions)]
    homes[0].mkdir(parents=True)
    before, load = fingerprint(shared), [os.getloadavg()[0]]
    set_writable(shared, False)
    try:
        log("held apps: the first user's first start …")
        first = held_apps(homes[:1], library, shared, timeout)
        for home in homes[1:]:  # returning users (parsing every article N times measures
            shutil.copytree(homes[0], home)  # nothing new)
        log("held apps: one alone, then all at once …")
        apps_alone = held_apps(homes[:1], library, shared, timeout)
        apps_together = held_apps(homes, library, shared, timeout)
        log("held search sessions: one alone, then all at once …")
        search_alone = held_sessions(homes[:1], library, shared, repeats)
        search_together = held_sessions(homes, library, shared, repeats)
    finally:
        set_writable(shared, True)
    load.append(os.getloadavg()[0])
    return {
        "load_average": load,
        "sessions": sessions,
        "apps": {"first start": first, "alone": apps_alone, "together": apps_together},
        "search": {"alone": search_alone, "together": search_together},
        "shared_untouched": fingerprint(shared) == before,
        "private_indexes": [str(p) for h in homes for p in h.glob("cache/myelin/index/*")],
    }


def spread(values: list[float], scale: float = 1.0) -> str:
    s = summary([v for v in values if v is not None])
    if not s["n"]:
        return "-"
    return f"{s['min'] * scale:.0f} / {s['median'] * scale:.0f} / {s['max'] * scale:.0f}"


def print_held(result: dict) -> None:
    n = result["sessions"]
    rows = []
    for case, apps in result["apps"].items():
        rows.append(
            [
                f"app, {case}" + (f" ({n})" if case == "together" else ""),
                spread([a["first_screen_s"] for a in apps], 1000),
                spread([a["results_s"] for a in apps], 1000),
                spread([a.get("rss_mb") for a in apps]),
                spread([a.get("pss_mb") for a in apps]),
                f"{sum(a.get('pss_mb', 0) for a in apps):.0f}",
            ]
        )
    for case, run in result["search"].items():
        memory = run["memory"]
        rows.append(
            [
                f"search session, {case}" + (f" ({n})" if case == "together" else ""),
                "-",
                "-",
                spread([m.get("rss_mb") for m in memory]),
                spread([m.get("pss_mb") for m in memory]),
                f"{sum(m.get('pss_mb', 0) for m in memory):.0f}",
            ]
        )
    headers = ["sessions held open", "first screen ms", "first results ms", "RSS MB", "PSS MB"]
    print("\nSessions held open together (min / median / max; PSS total: all sessions, MB)")
    print(table([*headers, "PSS total"], rows))
    rows = []
    for case, run in result["search"].items():
        s = summary(run["latencies"])
        rows.append([case, s["n"], ms(s["median"]), ms(s["p95"]), ms(s["max"])])
    print(f"\nengine.search under contention, query set of search_bench.py ({n} at once; ms)")
    print(table(["sessions", "searches", "median", "p95", "max"], rows))
    problems = [a["error"] for apps in result["apps"].values() for a in apps if a["error"]]
    problems += [m for run in result["search"].values() for m in run["messages"]]
    if not all(run["all_shared"] for run in result["search"].values()):
        problems.append("a search session did not use the shared index")
    if result["private_indexes"]:
        problems.append(f"private indexes were built: {result['private_indexes'][:3]}")
    if not result["shared_untouched"]:
        problems.append("a reader changed the shared folder")
    print("Problems: " + (json.dumps(problems)[:2000] if problems else "none"))
    print(f"Shared folder untouched by the readers: {result['shared_untouched']}")
    before, after = result["load_average"]
    print(
        f"Load average (1 min) {before:.1f} before, {after:.1f} after, on "
        f"{os.cpu_count()} cores: other work shares this machine; read these figures as noisy."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=("session",), help="(internal)")
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--index", type=Path, help="the shared index folder")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=1, help="query-set passes per session")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    if args.mode == "session":
        session_main(str(args.library), args.repeats)
        return
    if args.index is None:
        parser.error("--index DIR is needed (build it with myelin index --output DIR)")
    from common import OUT

    scratch = OUT / "clinic" / "held"
    print_held(
        measure(args.library, args.index, args.sessions, scratch, args.repeats, args.timeout)
    )


if __name__ == "__main__":
    main()
