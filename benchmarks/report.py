"""Markdown tables of a results.json, for the "Latest figures" of docs/performance.md.

python benchmarks/report.py [benchmarks/out/results.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f}"


def markdown(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_section(results: dict) -> str:
    m = results["machine"]
    measured = results.get("measured", {})
    versions = ", ".join(f"{name} on tui/ {info['tui_sources']}" for name, info in measured.items())
    return (
        f"Measured {results['started']} on {m['nproc']} cores ({m['cpu_model']}), "
        f"{m['memory_mb'] / 1024:.0f} GiB RAM, {m['platform']}; Python {m['python']}, "
        f"Textual {m['textual']}, whoosh-reloaded {m['whoosh']}, SQLite {m['sqlite']}. "
        f"Sections: {versions}."
    )


def index_section(results: dict) -> str:
    rows = []
    for size, result in results.get("index", {}).items():
        build, update = result["build"], result["update"]
        rows.append(
            [
                size,
                f"{build['build_s']:.1f} s",
                f"{build['articles_per_s']:.0f}",
                f"{build['cores_used']:.2f}",
                f"{build['peak_rss_mb']:.0f} MB",
                f"{build['index_mb']:.0f} MB",
                ms(update["unchanged"]["median"]),
                ms(update["updated"]["median"]),
                ms(update["added"]["median"]),
                ms(update["deleted"]["median"]),
                ms(update["load_library"]["median"]),
            ]
        )
    headers = ["articles", "full build", "articles/s", "cores used", "peak RSS", "index size"]
    headers += ["open, no change (ms)", "1 changed (ms)", "1 added (ms)", "1 deleted (ms)"]
    return markdown([*headers, "load_library (ms)"], rows)


def search_section(results: dict) -> str:
    parts = []
    metrics = ("results", "snippets", "facets", "suggest", "engine", "engine_cpu", "app")
    metrics += ("app_cpu", "app_facets")
    for size, result in results.get("search", {}).items():
        stats = result["summary"]
        rows = []
        for metric in (*metrics, "fts5_results", "fts5_facets"):
            every, prefix = stats["all"].get(metric), stats["prefix"].get(metric)
            if not every or not every["n"]:
                continue
            rows.append(
                [
                    f"`{metric}`",
                    ms(every["median"]),
                    ms(every["p95"]),
                    ms(every["max"]),
                    ms(prefix["median"]),
                    ms(prefix["p95"]),
                    ms(prefix["max"]),
                ]
            )
        ratio = stats["ratio_to_fts5"]
        parts.append(
            f"**{size} articles** ({result['queries']} queries, {result.get('api', '?')} API; "
            f"ms; all queries, then the {stats['prefix']['results']['n']} typed prefixes)\n\n"
            + markdown(
                ["", "median", "p95", "max", "prefix median", "prefix p95", "prefix max"], rows
            )
            + f"\n\nWhoosh / FTS5: first page {ratio['results_median']:.1f}x (median), "
            f"{ratio['results_p95']:.1f}x (p95); facets {ratio['facets_median']:.1f}x; whole "
            f"`engine.search` against FTS5 page + facets {ratio['engine_median']:.1f}x. "
            f"FTS5 built the same articles in {result['fts5_build_s']:.1f} s. "
            f"Stopped by the 0.5 s time limit: {len(stats['timed_out'])} queries."
        )
    return "\n\n".join(parts)


def startup_section(results: dict) -> str:
    rows = []
    for case in results.get("startup", []):
        if "ratio" not in case:
            rows.append([case["name"], "failed", "", "", "", "", ""])
            continue
        rows.append(
            [
                case["name"],
                ms(case["bare_ready_s"]["median"]),
                ms(case["myelin_ready_s"]["median"]),
                f"{case['ratio']:.2f}x",
                ms(case["index_ready_after_screen_s"]["median"]),
                f"{case['peak_rss_ready_mb']['median']:.0f}",
                f"{case['peak_rss_end_mb']['max']:.0f}",
            ]
        )
    headers = ["case", "bare Textual (ms)", "Myelin (ms)", "ratio", "index ready after (ms)"]
    return markdown([*headers, "RSS at ready (MB)", "peak RSS (MB)"], rows)


def targets_section(results: dict) -> str:
    def shown(value: float | None, target: dict) -> str:
        if value is None:
            return "not measured"
        if target["unit"] == "s":
            return f"{value * 1000:.0f} ms" if target["limit"] < 10 else f"{value:.0f} s"
        return f"{value:.2f}x" if target["unit"] == "x" else f"{value:.0f} {target['unit']}"

    rows = [
        [
            t["target"],
            shown(t["limit"], t),
            shown(t["measured"], t),
            {True: "met", False: "**missed**", None: "–"}[t["met"]],
        ]
        for t in results.get("targets", [])
    ]
    return markdown(["target", "limit", "measured", ""], rows)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "out" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    sections = [
        machine_section(results),
        "### Targets\n\n" + targets_section(results),
        "### Start-up\n\n" + startup_section(results),
        "### Index\n\n" + index_section(results),
        "### Search\n\n" + search_section(results),
    ]
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
