"""Small helpers shared by the benchmark scripts: paths, statistics, subprocesses, machine."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
PYTHON = sys.executable


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across
    fork and exec, so a child of a big process would report the parent's peak.
    (startup_probe.py has its own copy, to keep its imports minimal.)
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: list[float]) -> float | None:
    """The 95th percentile by the nearest-rank method (the 2nd worst of 30, say)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float | int | None]:
    """Min, median, p95 and max of a list of seconds, plus how many there were."""
    return {
        "n": len(values),
        "min": min(values) if values else None,
        "median": median(values),
        "p95": p95(values),
        "max": max(values) if values else None,
    }


def run_probe(
    script: str, args: list[str], timeout: float = 1800, env: dict[str, str] | None = None
) -> dict:
    """Run `benchmarks/<script>` in a fresh interpreter; it writes a JSON result to a file.

    BENCH_T0 carries this process's time.perf_counter() taken just before the
    child is started, so the child can measure from its own process start.
    """
    with tempfile.TemporaryDirectory() as scratch:
        result = Path(scratch) / "result.json"
        environ = {**os.environ, **(env or {})}
        command = [PYTHON, str(HERE / script), *args, "--result", str(result)]
        environ["BENCH_T0"] = repr(time.perf_counter())
        done = subprocess.run(
            command, env=environ, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0 or not result.exists():
            raise RuntimeError(
                f"{script} {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}"
            )
        return json.loads(result.read_text(encoding="utf-8"))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_total_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def sources_fingerprint() -> str:
    """A short hash of Myelin's sources (tui/), so figures can be tied to a version of the code."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "tui").rglob("*")):
        if path.suffix in (".py", ".tcss") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict[str, object]:
    """What the figures came from."""
    import sqlite3

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "nproc": usable or os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_mb": memory_total_mb(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "textual": package_version("textual"),
        "whoosh": package_version("whoosh-reloaded"),
        "sqlite": sqlite3.sqlite_version,
    }


def ms(seconds: float | None) -> str:
    """Seconds as milliseconds for the table; '-' when not measured."""
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def table(headers: list[str], rows: list[list[object]], left: int = 1) -> str:
    """A plain text table: the first `left` columns aligned left, the others right."""
    cells = [headers] + [["-" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def timed_command(
    command: list[str], env: dict[str, str], quiet: bool = False
) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one command run to its end."""
    import resource
    import subprocess
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = subprocess.PIPE if quiet else None
    subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=output, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def command_bench_args(doc: str, runs: int) -> tuple[argparse.Namespace, str]:
    """`--runs` and `--size` of a benchmark that times the `myelin` command, and the
    command's path, with `tui/` compiled first (a user's install runs from bytecode)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "tui")], check=True)
    return args, str(Path(PYTHON).parent / "myelin")
