"""Commands that should not grow with the library (issue 17): `myelin search`, `show`,
`cite` and `topics` on the bundled library and on 10,000 articles, interleaved.

    python benchmarks/cli_bench.py [--runs 7] [--size 10000]

Each command runs as a user runs it (the console script, output to a pipe), after
one run that brings the index and the snapshot up to date. Prints min and median
wall time, CPU time (user + system, with the `find` that checks every article file
beside `search`, `show` and `topics` at 10k when a core is free for it, by the load
average: tui/core/listing_apart.py), and the
ratio of the medians to the bundled library's; the target is 1.2x. Then what that
`find` alone costs on each library, in the same rounds: the part of the 10k CPU
that runs beside the command, on another core when there is one.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import OUT, command_bench_args, table, timed_command
from generate import ensure_library

from tui.core.library_files import markdown_names
from tui.core.listing_apart import APART_FROM, FIND, find_arguments
from tui.core.paths import bundled_library

COMMANDS = {
    "search": ["search", "relapse"],
    "show": ["show", "{id}"],
    "cite": ["cite", "{id}"],
    "topics": ["topics"],
}


def main() -> None:
    args, myelin = command_bench_args(__doc__, runs=7)
    env = {**os.environ, "XDG_CACHE_HOME": str(OUT / "cli-cache"), "COLUMNS": "100"}
    libraries = {"bundled": bundled_library(), str(args.size): ensure_library(args.size)}
    ids = {name: Path(markdown_names(lib)[0][0]).stem for name, lib in libraries.items()}
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for run in range(args.runs + 1):
        for command, words in COMMANDS.items():
            for name, library in libraries.items():
                line = [w.format(id=ids[name]) for w in words] + ["--library", str(library)]
                measured = timed_command([myelin, *line], env, quiet=True)
                if run:  # the first brings the index and the snapshot up to date
                    times.setdefault((command, name), []).append(measured)
        for name, library in libraries.items():
            if FIND is not None and len(markdown_names(library)[0]) >= APART_FROM and run:
                found = timed_command([FIND, *find_arguments(library)], env, quiet=True)
                times.setdefault(("find", name), []).append(found)

    def cell(values: list[float]) -> str:
        return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f}"

    rows = []
    for command in COMMANDS:
        small, large = times[(command, "bundled")], times[(command, str(args.size))]
        ratio = statistics.median(w for w, _ in large) / statistics.median(w for w, _ in small)
        cpu = statistics.median(c for _, c in large) / statistics.median(c for _, c in small)
        rows.append(
            [
                command,
                cell([w for w, _ in small]),
                cell([w for w, _ in large]),
                f"{ratio:.2f}x",
                cell([c for _, c in small]),
                cell([c for _, c in large]),
                f"{cpu:.2f}x",
            ]
        )
    headers = ["command", "bundled wall", f"{args.size} wall", "ratio"]
    headers += ["bundled CPU", f"{args.size} CPU", "CPU ratio"]
    print(f"\nCommands at the bundled library and at {args.size} articles (min / median ms)")
    print(table(headers, rows))
    for name in libraries:
        if ("find", name) in times:
            found = times[("find", name)]
            print(
                f"find on the {name} library (beside search, show, topics): wall "
                f"{cell([w for w, _ in found])}, CPU {cell([c for _, c in found])} ms"
            )


if __name__ == "__main__":
    main()
