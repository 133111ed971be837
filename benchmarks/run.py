"""`make bench`: Myelin's performance as its users feel it (issue 6); measurement only.

    python benchmarks/run.py                       # 1k and 10k articles: 10-15 min on 2 cores
    python benchmarks/run.py --sizes 1k,10k,20k    # add 20k (the full build alone takes minutes)
    python benchmarks/run.py --quick               # a small smoke run: 300 articles, few repeats
    python benchmarks/run.py --only search --sizes 1k

Sections, in this order (each prints a table when done):
- index:   full build and incremental updates, per size (index_probe.py, subprocesses);
- search:  the fixed query set on Whoosh and on SQLite FTS5, per size (search_bench.py);
- startup: headless start-up against a bare Textual app, and the app's peak memory with
           the large library (startup_probe.py, subprocesses).
Results go to stdout and to benchmarks/out/results.json (results-quick.json with
--quick); docs/performance.md explains every figure. Synthetic libraries are
generated once into benchmarks/out/libraries/ and copied to benchmarks/out/work/,
where the benchmarks change files and build indexes (cache: benchmarks/out/cache/).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import OUT, REPO, machine, ms, run_probe, sources_fingerprint, summary, table
from generate import STAMP, copy_data, ensure_library
from index_probe import ADDED_NAME
from terminal_probe import BARE_READY, MYELIN_READY, bare_command, first_screen, myelin_command

from tui.core.index import open_index
from tui.core.index_files import FIRST_START_FILES, INDEX_ENV, PREBUILT
from tui.core.library import article_files, load_library
from tui.core.paths import bundled_library
from tui.core.search import SearchEngine

SECTIONS = ("index", "search", "startup")
MEMORY_QUERY = "does vitamin D reduce relapses?"
SEARCH_METRICS = (
    "results",
    "snippets",
    "facets",
    "suggest",
    "engine",
    "engine_cpu",
    "app",
    "app_cpu",
    "app_facets",
    "fts5_results",
    "fts5_facets",
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- libraries -------------------------------------------------------------------------------


def work_copy(size: int, seed: int) -> Path:
    """A copy of the generated library that the benchmarks may change (and always restore).

    The benchmarks change only the first article and add one file; both are put
    back here too, in case an earlier run was killed half-way.
    """
    source = ensure_library(size, seed)
    target = OUT / "work" / source.name
    if (
        not (target / STAMP).exists()
        or (target / STAMP).read_bytes() != (source / STAMP).read_bytes()
    ):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
    copy_data(target)  # the bundled library's data as it is now, as in `source`
    first = article_files(source)[0]
    if (target / first.name).read_bytes() != first.read_bytes():
        shutil.copy2(first, target / first.name)
    (target / ADDED_NAME).unlink(missing_ok=True)
    return target


def cache_for(name: object) -> Path:
    return OUT / "cache" / str(name)


def changed_text(original: bytes, round_number: int) -> bytes:
    """The article with one sentence added to its takeaway: a real content change."""
    marker = b"## Key takeaway\n"
    added = f"## Key takeaway\nChanged for start-up run {round_number}.\n".encode()
    return original.replace(marker, added, 1)


# -- index -----------------------------------------------------------------------------------


def bench_index(size: int, library: Path, rounds: int) -> dict[str, object]:
    """A full build from nothing, then incremental updates, each in a fresh process."""
    log(f"index: full build of {size} articles …")
    built = run_probe(
        "index_probe.py", ["build", "--library", str(library), "--cache", str(cache_for(size))]
    )
    log(f"index: incremental updates at {size} …")
    updates = run_probe(
        "index_probe.py",
        [
            "update",
            *("--library", str(library), "--cache", str(cache_for(size))),
            *("--rounds", str(rounds)),
        ],
    )
    samples = updates["samples"]
    return {
        "build": built,
        "update": {name: summary(values) for name, values in samples.items()},
        "update_samples": samples,
    }


def print_index(results: dict[int, dict]) -> None:
    rows = []
    for size, result in results.items():
        build, update = result["build"], result["update"]
        rows.append(
            [
                size,
                f"{build['build_s']:.1f}",
                f"{build['articles_per_s']:.0f}",
                f"{build['cores_used']:.2f}",
                f"{build['peak_rss_mb']:.0f}",
                f"{build['index_mb']:.0f}",
                ms(update["unchanged"]["median"]),
                ms(update["updated"]["median"]),
                ms(update["added"]["median"]),
                ms(update["deleted"]["median"]),
                f"{update['load_library']['median']:.2f}",
            ]
        )
    headers = [
        "articles",
        "build s",
        "art/s",
        "cores",
        "peak MB",
        "index MB",
        "open ms",
        "changed ms",
        "added ms",
        "deleted ms",
        "load_library s",
    ]
    print("\nIndex: full build; open_index after no change / one changed / added / deleted file")
    print(table(headers, rows))


# -- search ----------------------------------------------------------------------------------


def bench_search(size: int, library_dir: Path, repeats: int) -> dict[str, object]:
    """The query set at one size; the index is brought up to date first (not timed)."""
    import search_bench

    log(f"search: loading {size} articles and opening the index …")
    library = load_library(library_dir)
    index = open_index(library, cache=cache_for(size))
    engine = SearchEngine(library, index)
    db, fts5_build_s = search_bench.fts5_build(library)
    log(f"search: {len(search_bench.QUERIES)} queries at {size} …")
    rows = search_bench.run_queries(engine, db, repeats)
    index.close()
    db.close()
    return {
        "queries": len(rows),
        "api": "split" if search_bench.split_api(engine) else "replica",
        "fts5_build_s": fts5_build_s,
        "summary": summarise_search(rows),
        "rows": rows,
    }


def summarise_search(rows: list[dict]) -> dict[str, dict]:
    """Median, p95 and max over the queries of each per-query median, for all and for prefixes."""
    groups = {"all": rows, "prefix": [r for r in rows if r["kind"] == "prefix"]}
    found: dict[str, dict] = {}
    for group, members in groups.items():
        found[group] = {
            metric: summary([r[metric] for r in members if r.get(metric) is not None])
            for metric in SEARCH_METRICS
        }
    everything = found["all"]
    found["ratio_to_fts5"] = {
        "results_median": everything["results"]["median"] / everything["fts5_results"]["median"],
        "results_p95": everything["results"]["p95"] / everything["fts5_results"]["p95"],
        "facets_median": everything["facets"]["median"] / everything["fts5_facets"]["median"],
        "engine_median": everything["engine"]["median"]
        / (everything["fts5_results"]["median"] + everything["fts5_facets"]["median"]),
    }
    found["over_250ms"] = {
        metric: [r["text"] for r in rows if (r.get(metric) or 0) > 0.25]
        for metric in ("results", "engine", "app")
    }
    found["timed_out"] = [r["text"] for r in rows if any("too long" in m for m in r["messages"])]
    return found


def print_search(results: dict[int, dict]) -> None:
    for size, result in results.items():
        stats = result["summary"]
        rows = []
        for group in ("all", "prefix"):
            for metric in SEARCH_METRICS:
                s = stats[group][metric]
                rows.append(
                    [f"{group}: {metric}", s["n"], ms(s["median"]), ms(s["p95"]), ms(s["max"])]
                )
        api = result.get("api")
        print(f"\nSearch at {size} articles ({result['queries']} queries; ms; {api} API)")
        print(table(["metric", "queries", "median", "p95", "max"], rows))
        ratio = stats["ratio_to_fts5"]
        print(
            f"Whoosh / FTS5: results {ratio['results_median']:.1f}x median, "
            f"{ratio['results_p95']:.1f}x p95; facets {ratio['facets_median']:.1f}x; "
            f"engine.search vs FTS5 results+facets {ratio['engine_median']:.1f}x. "
            f"FTS5 built in {result['fts5_build_s']:.1f} s."
        )
        print(f"Over 250 ms: {json.dumps(stats['over_250ms'])}")
        print(f"Stopped by the 0.5 s time limit: {stats['timed_out']}")


def print_queries(results: dict[int, dict]) -> None:
    """Every query at every size: the main per-query figures."""
    for size, result in results.items():
        rows = [
            [
                r["kind"],
                repr(r["text"])[:38],
                r["total"],
                ms(r["results"]),
                ms(r["facets"]),
                ms(r.get("suggest")),
                ms(r["engine"]),
                ms(r.get("engine_cpu")),
                ms(r["app"]),
                ms(r.get("app_facets")),
                ms(r["fts5_results"]),
                int(r["fts5_total"]),
            ]
            for r in result["rows"]
        ]
        headers = ["kind", "query", "found", "results", "facets", "suggest", "engine", "cpu"]
        headers.append("app")
        headers.append("app facets")
        print(f"\nPer query at {size} articles (ms)")
        print(table([*headers, "fts5", "fts5 found"], rows, left=2))


# -- start-up --------------------------------------------------------------------------------


def startup_cases(large: int | None, seed: int) -> list[dict[str, object]]:
    bundled = bundled_library()
    cases: list[dict[str, object]] = [
        {"name": "bundled, warm index", "library": bundled, "cache": cache_for("bundled")},
        # An empty cache each run: a new user's first start. Installed (or a checkout after
        # `make`), the index and first-start data beside the code are there
        # (tui/library-index/, tui/core/first_start.py); without them (a checkout run
        # without `make`'s install) every article is parsed and the index built. A shared
        # index folder with nothing in it stands in for "nothing packaged".
        {"name": FIRST_START, "library": bundled, "cache": None},
        {
            "name": "bundled, first start, nothing packaged",
            "library": bundled,
            "cache": None,
            "env": {INDEX_ENV: str(OUT / "work" / "no-packaged-index")},
        },
    ]
    if large:
        library = work_copy(large, seed)
        cases += [
            {
                "name": f"{large}, warm index",
                "library": library,
                "cache": cache_for(large),
                "search": MEMORY_QUERY,
            },
            {
                "name": f"{large}, one changed file",
                "library": library,
                "cache": cache_for(large),
                "change": article_files(library)[0],
            },
        ]
    return cases


FIRST_START = "bundled, first start (packaged data)"


def myelin_args(case: dict, cache: Path, state: Path) -> list[str]:
    """The headless probe, on the same cache and state folders as the command in a pty."""
    args = ["myelin", "--library", str(case["library"]), "--cache", str(cache / "myelin")]
    args += ["--state", str(state / "myelin"), "--wait-index"]
    if case.get("search"):
        args += ["--search", str(case["search"])]
    return args


def terminal_runs(case: dict, cache: Path, state: Path) -> dict[str, float]:
    """The real commands in a pseudo-terminal until their first screen shows text:
    the bare app, `myelin`, `python -m tui` (terminal_probe.py)."""
    env = {
        "MYELIN_LIBRARY": str(case["library"]),
        "XDG_CACHE_HOME": str(cache),
        "XDG_DATA_HOME": str(state),
        "XDG_CONFIG_HOME": str(state / "config"),
        **case.get("env", {}),
    }
    times: dict[str, float] = {}
    times["bare_s"], times["bare_cpu_s"] = first_screen(bare_command(), BARE_READY)
    for name, module in (("myelin", False), ("module", True)):
        if not case["cache"]:  # a first start each time
            shutil.rmtree(cache / "myelin", ignore_errors=True)
        command = myelin_command(module=module)
        found = first_screen(command, MYELIN_READY, env, timeout=300)
        times[f"{name}_s"], times[f"{name}_cpu_s"] = found
    return times


def run_case(case: dict, repeats: int) -> dict[str, object]:
    """One warm-up, then `repeats` rounds, each: the headless bare app and Myelin (index
    and memory), then the bare app, `myelin` and `python -m tui` in a pseudo-terminal."""
    state = OUT / "state" / str(case["name"]).replace(" ", "-").replace(",", "")
    shutil.rmtree(state, ignore_errors=True)
    target: Path | None = case.get("change")  # type: ignore[assignment]
    original = target.read_bytes() if target else b""
    bare: list[dict] = []
    myelin: list[dict] = []
    terminal: list[dict] = []
    errors: list[str] = []
    try:
        for run in range(repeats + 1):
            if target:
                target.write_bytes(changed_text(original, run))
            with tempfile.TemporaryDirectory() as scratch:
                cache = case["cache"] or Path(scratch)
                try:
                    # Headless first: on the warm-up round it waits for the full load and
                    # the index, so the terminal runs find the caches a returning user has.
                    bare_run = run_probe("startup_probe.py", ["bare"])
                    myelin_run = run_probe(
                        "startup_probe.py", myelin_args(case, cache, state), env=case.get("env")
                    )
                    if target:  # changed again: the terminal runs see a changed file too
                        target.write_bytes(changed_text(original, run + 1000))
                    pty_run = terminal_runs(case, cache, state)
                except (RuntimeError, TimeoutError, subprocess.TimeoutExpired) as error:
                    log(f"startup: run {run} of {case['name']} failed: {str(error)[-500:]}")
                    errors.append(str(error)[-3000:])
                    continue
            if run:  # the first round warms the file cache and writes the state file
                bare.append(bare_run)
                myelin.append(myelin_run)
                terminal.append(pty_run)
    finally:
        if target:
            target.write_bytes(original)
    if not bare or not myelin:
        return {"name": case["name"], "errors": errors}
    return {**summarise_case(case, bare, myelin, terminal), "errors": errors}


def summarise_case(
    case: dict, bare: list[dict], myelin: list[dict], terminal: list[dict]
) -> dict[str, object]:
    def values(runs: list[dict], key: str) -> list[float]:
        return [r[key] for r in runs if r.get(key) is not None]

    bare_ready = summary(values(bare, "ready_s"))
    myelin_ready = summary(values(myelin, "ready_s"))
    after = [r["index_ready_s"] - r["ready_s"] for r in myelin if "index_ready_s" in r]
    keys = ("bare_s", "myelin_s", "module_s", "bare_cpu_s", "myelin_cpu_s", "module_cpu_s")
    in_pty = {key: summary(values(terminal, key)) for key in keys}
    return {
        "name": case["name"],
        "articles": myelin[0].get("articles"),
        # The real command in a pseudo-terminal: what the targets are checked on (issue 17).
        "terminal": in_pty,
        "ratio": in_pty["myelin_s"]["median"] / in_pty["bare_s"]["median"],
        "module_ratio": in_pty["module_s"]["median"] / in_pty["bare_s"]["median"],
        "cpu_ratio": in_pty["myelin_cpu_s"]["median"] / in_pty["bare_cpu_s"]["median"],
        "headless_ratio": myelin_ready["median"] / bare_ready["median"],
        "bare_ready_s": bare_ready,
        "myelin_ready_s": myelin_ready,
        "interpreter_s": summary(values(myelin, "interpreter_s")),
        "index_ready_after_screen_s": summary(after),
        "peak_rss_ready_mb": summary(values(myelin, "peak_rss_ready_mb")),
        "peak_rss_end_mb": summary(values(myelin, "peak_rss_end_mb")),
        "bare_peak_rss_mb": summary(values(bare, "peak_rss_ready_mb")),
        "search_s": summary(values(myelin, "search_s")),
        "index_status": myelin[-1].get("index_status"),
        "runs": {"bare": bare, "myelin": myelin, "terminal": terminal},
    }


def bench_startup(
    large: int | None,
    seed: int,
    repeats: int,
    saved: Callable[[list], None],
    only: str = "",
) -> list[dict[str, object]]:
    """Every start-up case (or those named by `only`, a comma-separated list of words in
    their names); `saved` is called with the results so far after each case."""
    results: list[dict[str, object]] = []
    if not (PREBUILT / FIRST_START_FILES[0]).is_file():
        log(f"startup: no first-start data in {PREBUILT} (make .venv/.installed builds it)")
    (OUT / "work" / "no-packaged-index").mkdir(parents=True, exist_ok=True)
    # As installed: a user's copy runs from compiled bytecode, not from compiling our sources.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "tui")], check=True)
    words = [word for word in only.split(",") if word]
    for case in startup_cases(large, seed):
        if words and not any(word in str(case["name"]) for word in words):
            continue
        log(f"startup: {case['name']} ({repeats} runs after a warm-up) …")
        results.append(run_case(case, repeats))
        saved(results)
    return results


def print_startup(results: list[dict]) -> None:
    def min_median(figures: dict) -> str:
        return f"{ms(figures['min'])} / {ms(figures['median'])}"

    rows = [
        [
            r["name"],
            r["articles"],
            min_median(r["terminal"]["bare_s"]),
            min_median(r["terminal"]["myelin_s"]),
            min_median(r["terminal"]["module_s"]),
            f"{r['ratio']:.2f}x",
            f"{r['module_ratio']:.2f}x",
            f"{r['cpu_ratio']:.2f}x",
            f"{r['headless_ratio']:.2f}x",
            ms(r["index_ready_after_screen_s"]["median"]),
            f"{r['peak_rss_ready_mb']['median']:.0f}",
            f"{r['peak_rss_end_mb']['median']:.0f}",
        ]
        for r in results
        if "ratio" in r
    ]
    headers = ["case", "articles", "bare ms", "myelin ms", "-m tui ms", "ratio", "-m ratio"]
    headers += ["CPU ratio", "headless ratio", "index +ms", "RSS ready MB", "RSS end MB"]
    print("\nStart-up to the first screen with text, in a 120x40 pseudo-terminal (min / median)")
    print(table(headers, rows))
    for r in results:
        if r.get("errors"):
            print(f"{r['name']}: {len(r['errors'])} failed run(s); see results.json")


# -- targets ---------------------------------------------------------------------------------


def check_targets(results: dict, large: int | None) -> list[dict[str, object]]:
    """Issue 6's targets against what was measured; None where not measured in this run."""
    startup = {r["name"]: r for r in results.get("startup", [])}
    search = results.get("search", {}).get(str(large), {}).get("summary")
    build = results.get("index", {}).get(str(large), {}).get("build")
    checks: list[tuple[str, float | None, float, str]] = []

    def ratio(name: str) -> float | None:
        return startup.get(name, {}).get("ratio")

    checks.append(("start-up ratio, bundled warm", ratio("bundled, warm index"), 1.3, "x"))
    checks.append(("start-up ratio, bundled first start", ratio(FIRST_START), 1.3, "x"))
    checks.append((f"start-up ratio, {large} warm", ratio(f"{large}, warm index"), 1.5, "x"))
    checks.append(
        (f"start-up ratio, {large} changed", ratio(f"{large}, one changed file"), 1.5, "x")
    )
    changed = startup.get(f"{large}, one changed file", {})
    after = changed.get("index_ready_after_screen_s", {}).get("median")
    checks.append(("changed file searchable after screen", after, 1.0, "s"))
    checks.append((f"full build of {large}", build["build_s"] if build else None, 40.0, "s"))
    if search:
        every, prefix = search["all"], search["prefix"]
        checks += [
            ("first page+snippets median (results)", every["results"]["median"], 0.030, "s"),
            ("first page+snippets p95 (results)", every["results"]["p95"], 0.100, "s"),
            ("engine.search limit 20 median", every["engine"]["median"], 0.030, "s"),
            ("engine.search limit 20 p95", every["engine"]["p95"], 0.100, "s"),
            ("keystroke p95 (prefix, results)", prefix["results"]["p95"], 0.050, "s"),
            ("keystroke p95 (prefix, app call)", prefix["app"]["p95"], 0.050, "s"),
            ("slowest query (engine.search)", every["engine"]["max"], 0.250, "s"),
            ("slowest query (app call)", every["app"]["max"], 0.250, "s"),
        ]
        if every.get("engine_cpu", {}).get("n"):  # what the machine's load does not inflate
            checks += [
                ("engine.search p95, CPU time", every["engine_cpu"]["p95"], 0.100, "s"),
                ("slowest query, CPU time", every["engine_cpu"]["max"], 0.250, "s"),
            ]
    warm = startup.get(f"{large}, warm index", {})
    memory = warm.get("peak_rss_end_mb", {}).get("max")
    checks.append((f"peak memory, {large}", memory, 200.0, "MB"))
    return [
        {
            "target": name,
            "limit": limit,
            "unit": unit,
            "measured": value,
            "met": None if value is None else value <= limit,
        }
        for name, value, limit, unit in checks
    ]


def print_targets(targets: list[dict]) -> None:
    def shown(value: float | None, target: dict) -> str:
        if value is None:
            return "-"
        if target["unit"] == "s":
            return f"{value * 1000:.0f} ms" if target["limit"] < 10 else f"{value:.1f} s"
        return f"{value:.2f}x" if target["unit"] == "x" else f"{value:.0f} {target['unit']}"

    rows = [
        [
            t["target"],
            shown(t["limit"], t),
            shown(t["measured"], t),
            {True: "met", False: "MISSED", None: "-"}[t["met"]],
        ]
        for t in targets
    ]
    print("\nTargets (issues 6 and 17)")
    print(table(["target", "limit", "measured", ""], rows))


# -- running ---------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    """Sizes such as "1k,10000" as numbers: [1000, 10000]."""
    sizes = []
    for part in text.lower().replace(" ", "").split(","):
        if part:
            sizes.append(int(float(part.rstrip("k")) * (1000 if part.endswith("k") else 1)))
    return sizes


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="library sizes, e.g. 1k,10k,20k")
    parser.add_argument("--quick", action="store_true", help="smoke run: 300 articles, few repeats")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections: index,search,startup")
    parser.add_argument("--repeats", type=int, help="start-up runs per case (default 5; quick 2)")
    parser.add_argument("--search-repeats", type=int, help="runs per query (default 5; quick 2)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path, help="JSON file (default benchmarks/out/results.json)")
    parser.add_argument("--per-query", action="store_true", help="also print every query's figures")
    parser.add_argument(
        "--cases", default="", help="start-up cases whose names hold one of these, e.g. changed"
    )
    args = parser.parse_args()
    args.sizes = [300] if args.quick else parse_sizes(args.sizes)
    args.repeats = args.repeats or (2 if args.quick else 5)
    args.search_repeats = args.search_repeats or (2 if args.quick else 5)
    args.rounds = 1 if args.quick else 3
    args.only = [s for s in args.only.split(",") if s]
    args.out = args.out or OUT / ("results-quick.json" if args.quick else "results.json")
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    return args


def large_size(sizes: list[int]) -> int:
    """The library the start-up, memory and size targets use: 10k if measured, else the largest."""
    return 10000 if 10000 in sizes else max(sizes)


def save(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    temp.replace(path)


def previous(path: Path, sections: list[str]) -> dict:
    """Earlier results to keep: a run of only some sections updates just those."""
    if set(sections) == set(SECTIONS) or not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def stamp(results: dict, section: str, before: str) -> None:
    """Record when a section was measured and on which version of tui/ (warn if it changed)."""
    after = sources_fingerprint()
    results.setdefault("measured", {})[section] = {
        "at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "tui_sources": before if before == after else f"{before} -> {after}",
    }
    if before != after:
        log(f"warning: tui/ changed while measuring {section}; rerun with --only {section}")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    started = time.time()
    large = large_size(args.sizes)
    results = previous(args.out, args.only)
    results |= {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(started)),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
    }
    libraries = {size: work_copy(size, args.seed) for size in args.sizes}
    print(f"Machine: {json.dumps(results['machine'])}")
    if "index" in args.only:
        before = sources_fingerprint()
        found = {str(s): bench_index(s, libraries[s], args.rounds) for s in args.sizes}
        results["index"] = results.get("index", {}) | found
        stamp(results, "index", before)
        print_index(found)
        save(results, args.out)
    if "search" in args.only:
        before = sources_fingerprint()
        found = {str(s): bench_search(s, libraries[s], args.search_repeats) for s in args.sizes}
        results["search"] = results.get("search", {}) | found
        stamp(results, "search", before)
        print_search(found)
        if args.per_query:
            print_queries(found)
        save(results, args.out)
    if "startup" in args.only:
        before = sources_fingerprint()
        results["large"] = large

        def saved(so_far: list) -> None:
            save(results | {"startup": so_far}, args.out)

        results["startup"] = bench_startup(large, args.seed, args.repeats, saved, args.cases)
        stamp(results, "startup", before)
        print_startup(results["startup"])
    large = results.get("large", large)
    results["targets"] = check_targets(results, large)
    print_targets(results["targets"])
    results["duration_s"] = time.time() - started
    save(results, args.out)
    print(f"\nTook {results['duration_s'] / 60:.1f} min; results in {args.out}")


if __name__ == "__main__":
    main()
