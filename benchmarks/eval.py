"""Search quality: Myelin against an SQLite FTS5 BM25 baseline on graded questions.

Run with `make eval` (never part of `make test`). Reads `benchmarks/eval/queries.yaml`
(questions with judgements graded 0-3 from a reading of the articles), searches the
library with Myelin's own engine (the one ranking the app, CLI and linear reader share)
and with FTS5 (porter stemming, BM25, title x5, the words joined by OR), and prints
nDCG@10, MRR, P@1 and recall@5 side by side for the tuning part, the held-out part
(every 4th query, never looked at while tuning) and the fresh parts (held-out sets written
later from a reading of the articles, each before the ranking changes it checks: `fresh`,
then `fresh2`, `fresh3`, `fresh4` and `fresh5`; `qa4`, `qa4b` and `qa5`, the QA tester's weak
patient questions).

Metrics are over the questions that have an answer. For a relevant article MRR, P@1 and
recall@5 count grade >= 2 (or >= 1 when a question has nothing better); recall@5 is out
of min(5, relevant). Questions with no answer in the library are scored apart: right when
the engine says nothing found (no hits, or Myelin's "no article mentions ..." flag); and
for the questions with an answer, "said-nothing" counts those where the engine wrongly
said nothing was found.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.index import open_index  # noqa: E402
from tui.core.library import load_library  # noqa: E402
from tui.core.search import SearchEngine  # noqa: E402

QUERIES = ROOT / "benchmarks" / "eval" / "queries.yaml"
HELD_OUT_EVERY = 4  # the 4th, 8th, ... query is held out
DEPTH = 10
#: A small English stop list for the baseline only, so "is ms caused by a virus" is not
#: an OR over "is" and "a" (FTS5 has none of its own).
_BASELINE_STOP_TEXT = """a an and are as at be by can do does for from how i if in is it my of on
    or so the to too what when which who why will with"""
BASELINE_STOP = frozenset(_BASELINE_STOP_TEXT.split())


PARTS = (
    "tuning",
    "held-out",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "qa4",
    "qa4b",
    "fresh5",
    "qa5",
)
#: Each part's mark in `--per-query`.
MARKS = {
    "tuning": " ",
    "held-out": "H",
    "fresh": "F",
    "fresh2": "G",
    "fresh3": "J",
    "fresh4": "K",
    "qa4": "Q",
    "qa4b": "B",
    "fresh5": "5",
    "qa5": "R",
}


@dataclass
class Query:
    number: int
    text: str
    kind: str
    judged: dict[str, int]
    fresh: str = ""  # the `fresh:` or `fresh2:` list it came from: never tuned on

    @property
    def held_out(self) -> bool:
        return bool(self.fresh) or self.number % HELD_OUT_EVERY == 0

    @property
    def part(self) -> str:
        if self.fresh:
            return self.fresh
        return "held-out" if self.held_out else "tuning"

    @property
    def answerable(self) -> bool:
        return any(grade > 0 for grade in self.judged.values())

    @property
    def relevant(self) -> set[str]:
        floor = 2 if any(g >= 2 for g in self.judged.values()) else 1
        return {article for article, grade in self.judged.items() if grade >= floor}


@dataclass
class Outcome:
    ranking: list[str]
    nothing: bool  # the engine said nothing was found


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [(item, "") for item in data["queries"]]
    for part in PARTS[2:]:
        items += [(item, part) for item in data.get(part) or []]
    return [
        Query(number, item["q"], item.get("kind", ""), dict(item.get("judged") or {}), fresh)
        for number, (item, fresh) in enumerate(items, start=1)
    ]


# -- engines -------------------------------------------------------------------------------


class Myelin:
    name = "Myelin"

    def __init__(self, library, cache: Path) -> None:
        self.engine = SearchEngine(library, open_index(library, cache=cache))

    def run(self, text: str) -> Outcome:
        results = self.engine.search(text, limit=DEPTH, facets=False)
        ranking = [hit.article.id for hit in results.hits]
        unmatched = bool(getattr(results, "nothing_found", False))
        return Outcome(ranking, unmatched or not ranking)


class Fts5:
    name = "FTS5 BM25"

    def __init__(self, library) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, "
            "tokenize='porter unicode61')"
        )
        for article in library.articles.values():
            body = " ".join(
                [article.takeaway, article.body, article.considerations, " ".join(article.topics)]
            )
            self.db.execute("INSERT INTO a VALUES (?, ?, ?)", (article.id, article.title, body))

    def run(self, text: str) -> Outcome:
        words = [w for w in re.findall(r"\w+", text.lower()) if w not in BASELINE_STOP]
        if not words:
            return Outcome([], True)
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT id FROM a WHERE a MATCH ? ORDER BY bm25(a, 0, 5.0, 1.0) LIMIT ?",
            (match, DEPTH),
        ).fetchall()
        ranking = [row[0] for row in rows]
        return Outcome(ranking, not ranking)


# -- metrics -------------------------------------------------------------------------------


def ndcg(ranking: list[str], judged: dict[str, int], depth: int = DEPTH) -> float:
    gains = [2 ** judged.get(article, 0) - 1 for article in ranking[:depth]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in judged.values()), reverse=True)[:depth]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def scores(query: Query, outcome: Outcome) -> dict[str, float]:
    relevant = query.relevant
    ranking = outcome.ranking  # shown even when labelled as matching part of the search
    first = next((i for i, a in enumerate(ranking) if a in relevant), None)
    return {
        "nDCG@10": ndcg(ranking, query.judged),
        "MRR": 0.0 if first is None else 1.0 / (first + 1),
        "P@1": float(bool(ranking) and ranking[0] in relevant),
        "R@5": len(relevant & set(ranking[:5])) / min(5, len(relevant)),
    }


METRICS = ("nDCG@10", "MRR", "P@1", "R@5")


def evaluate(queries: list[Query], engines: list) -> dict:
    """Per engine: the outcome of each query and the mean metrics per part."""
    report: dict = {"queries": len(queries), "engines": {}}
    for engine in engines:
        per_query = []
        for query in queries:
            outcome = engine.run(query.text)
            entry = {"q": query.text, "part": query.part, "ranking": outcome.ranking}
            if query.answerable:
                entry["scores"] = scores(query, outcome)
                entry["said_nothing"] = outcome.nothing
            else:
                entry["nothing_right"] = outcome.nothing
            per_query.append(entry)
        parts = {}
        for part in (*PARTS, "all"):
            rows = [e for e in per_query if part in ("all", e["part"])]
            answered = [e["scores"] for e in rows if "scores" in e]
            none = [e["nothing_right"] for e in rows if "nothing_right" in e]
            wrong = sum(e.get("said_nothing", False) for e in rows)
            parts[part] = {m: sum(s[m] for s in answered) / max(1, len(answered)) for m in METRICS}
            parts[part]["answerable"] = len(answered)
            parts[part]["nothing_right"] = f"{sum(none)}/{len(none)}"
            parts[part]["said_nothing"] = f"{wrong}/{len(answered)}"
        report["engines"][engine.name] = {"parts": parts, "per_query": per_query}
    return report


def print_report(report: dict, library_size: int, out=sys.stdout) -> None:
    names = list(report["engines"])
    print(f"{report['queries']} queries over {library_size} articles", file=out)
    for part in (*PARTS, "all"):
        first = report["engines"][names[0]]["parts"][part]
        print(f"\n{part} ({first['answerable']} with an answer)", file=out)
        heading = "".join(f"{m:>9}" for m in METRICS)
        print(f"  {'engine':<12}{heading}  nothing-found  said-nothing", file=out)
        for name in names:
            figures = report["engines"][name]["parts"][part]
            row = "".join(f"{figures[m]:>9.3f}" for m in METRICS)
            wrong = figures["said_nothing"]
            print(f"  {name:<12}{row}  {figures['nothing_right']:>13}  {wrong:>12}", file=out)


def print_per_query(report: dict, queries: list[Query], out=sys.stdout) -> None:
    names = list(report["engines"])
    for index, query in enumerate(queries):
        cells = []
        for name in names:
            entry = report["engines"][name]["per_query"][index]
            if "scores" in entry:
                cells.append(f"{entry['scores']['nDCG@10']:.2f}")
            else:
                cells.append("ok" if entry["nothing_right"] else "--")
        mark = MARKS[query.part]
        top = report["engines"][names[0]]["per_query"][index]["ranking"][:3]
        print(f"{mark} {' '.join(f'{c:>5}' for c in cells)}  {query.text!r:<48} {top}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=ROOT / "library")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--per-query", action="store_true", help="every query's nDCG@10")
    parser.add_argument("--json", type=Path, help="also write the full report here")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    library = load_library(args.library)
    with tempfile.TemporaryDirectory(prefix="myelin-eval-") as scratch:
        engines = [Myelin(library, Path(scratch)), Fts5(library)]
        report = evaluate(queries, engines)
    if args.per_query:
        print_per_query(report, queries)
        print()
    print_report(report, len(library.articles))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
