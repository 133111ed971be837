"""A clinic server: several people start Myelin at once on one large library with one
shared, read-only index (issue 17; README, "A shared index for a clinic server").

    python benchmarks/clinic_bench.py                  # 10 sessions, 10,000 articles
    python benchmarks/clinic_bench.py --sessions 4 --size 1000

1. The administrator's build: `myelin index --library LIB --output DIR`, timed.
2. Each user's first session, one after the other (it fills their own caches:
   parsed articles and the first-screen snapshot; the index is the shared one).
3. Then, `--rounds` times: one session alone, and all sessions started together.
   Each session is the headless start-up probe (startup_probe.py): first screen,
   search ready, one search as the search screen runs it, peak memory; each with
   its own cache and reading-state folders, all with MYELIN_INDEX=DIR.
4. Sessions held open together (clinic_contention.py): the real `myelin` command in
   pseudo-terminals and search sessions, memory per session (RSS and PSS, all
   alive) and the query set's latency with every session searching at once.

Prints min / median / max per figure and writes benchmarks/out/clinic.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import clinic_contention
from common import OUT, PYTHON, machine, run_probe, table
from generate import ensure_library

QUERY = "does vitamin D reduce relapses?"
FIGURES = (
    ("ready_s", "first screen (ms)"),
    ("index_after_s", "search ready after it (ms)"),
    ("search_s", "one search (ms)"),
    ("peak_rss_end_mb", "peak RSS (MB)"),
)


def user_home(user: int) -> Path:
    return OUT / "clinic" / "users" / f"u{user}"


def session(library: Path, shared: Path, user: int) -> dict:
    home = user_home(user)
    os.environ["MYELIN_INDEX"] = str(shared)  # read by the probe's open_index
    args = ["myelin", "--library", str(library), "--cache", str(home / "cache")]
    args += ["--state", str(home / "state"), "--wait-index", "--search", QUERY]
    result = run_probe("startup_probe.py", args)
    result["index_after_s"] = result["index_ready_s"] - result["ready_s"]
    status = result.get("index_status") or {}
    if status.get("rebuilt") or status.get("added"):
        raise RuntimeError(f"session {user} did not use the shared index: {status}")
    return result


def spread(runs: list[dict], key: str) -> str:
    values = sorted(r[key] for r in runs)
    scale = 1 if key.endswith("_mb") else 1000
    low, middle, high = values[0], values[len(values) // 2], values[-1]
    return f"{low * scale:.0f} / {middle * scale:.0f} / {high * scale:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep-index", action="store_true", help="reuse the last shared index")
    args = parser.parse_args()
    library = ensure_library(args.size)
    shared = OUT / "clinic" / f"index-{args.size}"
    shutil.rmtree(OUT / "clinic" / "users", ignore_errors=True)
    build_s = None
    if not (args.keep_index and (shared / "myelin-manifest.json").exists()):
        started = time.perf_counter()
        env = {**os.environ, "XDG_CACHE_HOME": str(OUT / "clinic" / "admin")}
        command = [PYTHON, "-m", "tui", "index", "--library", str(library)]
        subprocess.run([*command, "--output", str(shared)], env=env, check=True)
        build_s = time.perf_counter() - started
        print(f"shared index of {args.size} articles built in {build_s:.1f} s", file=sys.stderr)
    # The first user's first start parses every article into their own cache; the others
    # start as returning users with a copy of it (parsing 10,000 files ten times over
    # measures nothing new).
    session(library, shared, 0)
    for user in range(1, args.sessions):
        shutil.copytree(user_home(0), user_home(user))
    alone: list[dict] = []
    together: list[dict] = []
    for round_number in range(args.rounds):
        print(f"round {round_number + 1} of {args.rounds}", file=sys.stderr)
        alone.append(session(library, shared, 0))
        with ThreadPoolExecutor(args.sessions) as pool:
            together += pool.map(lambda u: session(library, shared, u), range(args.sessions))
    rows = [[label, spread(alone, key), spread(together, key)] for key, label in FIGURES]
    print(f"\n{args.sessions} sessions at once on {args.size} articles, one shared index")
    print(f"(min / median / max; alone: {len(alone)} runs, together: {len(together)} sessions)")
    print(table(["figure", "one session alone", f"{args.sessions} at once"], rows))
    held = clinic_contention.measure(library, shared, args.sessions, OUT / "clinic" / "held")
    clinic_contention.print_held(held)
    out = OUT / "clinic.json"
    out.write_text(
        json.dumps(
            {
                "machine": machine(),
                "size": args.size,
                "sessions": args.sessions,
                "build_s": build_s,
                "alone": alone,
                "together": together,
                "held": held,
            },
            indent=1,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
