"""How long Tab takes: `myelin show <prefix><Tab>` at the bundled library and at 10,000
articles, interleaved with a bare `python -c pass` (issue 18: about 100 ms).

    python benchmarks/completion_bench.py [--runs 9] [--size 10000]

Each run is the console script started the way argcomplete's shell function starts
it (COMP_LINE, COMP_POINT, _ARGCOMPLETE), with the candidates written to a file.
The large library gets an index first (its manifest is where the ids come from).
Prints min and median wall time and CPU time (user + system) of each.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import OUT, PYTHON, command_bench_args, table, timed_command
from generate import ensure_library

from tui.core.paths import bundled_library


def main() -> None:
    args, myelin = command_bench_args(__doc__, runs=9)
    cache = OUT / "cli-cache"  # shared with cli_bench.py: one 10k index build for both
    base = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    libraries = {"bundled": bundled_library(), f"{args.size}": ensure_library(args.size)}
    for library in libraries.values():
        subprocess.run([myelin, "index", "--library", str(library)], env=base, check=True)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in [*libraries, "bare"]}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.runs):
            for name, library in libraries.items():
                line = f"myelin show --library {library} s"
                env = {
                    **base,
                    "COMP_LINE": line,
                    "COMP_POINT": str(len(line)),
                    "_ARGCOMPLETE": "1",
                    "_ARGCOMPLETE_SHELL": "bash",
                    "_ARGCOMPLETE_STDOUT_FILENAME": str(Path(scratch) / "candidates"),
                }
                times[name].append(timed_command([myelin], env))
            times["bare"].append(timed_command([PYTHON, "-c", "pass"], base))

    def cell(values: list[float]) -> str:
        return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f}"

    rows = [
        [name, cell([w for w, _ in runs]), cell([c for _, c in runs])]
        for name, runs in times.items()
    ]
    print(f"\nTab completion of article ids ({args.runs} runs each, interleaved; ms)")
    print(table(["library", "wall min / median", "CPU min / median"], rows))


if __name__ == "__main__":
    main()
