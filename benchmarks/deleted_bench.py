"""A segment with deleted articles (issue 13): searches right after one article changed.

    python benchmarks/deleted_bench.py [--size 10000] [--runs 7]

Updating one article deletes its old copy from the big segment and writes the new one
to a segment of its own; until the segments merge, Whoosh wraps every posting list of
the big segment in a filter that hides its block reader. That once took "relapses"
from 54 to 111 ms at 10k. This copies the benchmark's up-to-date index, changes one
article in the copy as the app's update does (no merge), and times the same searches
on both indexes, interleaved, cold (decoded postings forgotten before each run). Prints
min and median wall time and CPU time per query, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import OUT, ms, table
from generate import ensure_library
from whoosh import index as whoosh_index

from tui.core.index import (
    IndexStatus,
    SearchIndex,
    article_document,
    known_pairs,
    open_index,
)
from tui.core.library import load_library
from tui.core.search import SearchEngine

QUERIES = (
    "relapses",
    "MS",
    "does vitamin D reduce relapses?",
    "disease modifying therapy",
    '"blood-brain barrier"',
)


def timed(engine: SearchEngine, text: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one cold first page, as the search screen asks for it."""
    engine.forget_postings()
    cpu, wall = time.process_time(), time.perf_counter()
    engine.search(text, limit=20, facets=False)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    library = load_library(ensure_library(args.size))
    merged = open_index(library, cache=OUT / "cache" / str(args.size))
    with tempfile.TemporaryDirectory(prefix="myelin-deleted-") as scratch:
        copy = Path(scratch) / "index"
        shutil.copytree(merged.status.location, copy)
        ix = whoosh_index.open_dir(str(copy))
        article = next(iter(library.articles.values()))
        document = article_document(article, known_pairs(library))
        writer = ix.writer()
        writer.update_document(**{**document, "title": article.title + " (changed)"})
        writer.commit()  # as the app's update: the big segment keeps its deletion
        changed = SearchIndex(ix, IndexStatus(location=copy))
        reader = changed.searcher().reader()
        segments = len(ix._segments())
        print(
            f"{args.size} articles; changed copy: {segments} segments, deletions:",
            reader.has_deletions(),
            file=sys.stderr,
        )
        engines = {
            "merged": SearchEngine(library, merged),
            "deleted": SearchEngine(library, changed),
        }
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for engine in engines.values():  # warm: searcher, tables, lengths
            for text in QUERIES:
                engine.search(text, limit=20, facets=False)
        for _ in range(args.runs):
            for text in QUERIES:
                for name, engine in engines.items():
                    samples.setdefault((name, text), []).append(timed(engine, text))
        rows = []
        for text in QUERIES:
            row: list[object] = [text]
            medians = {}
            for name in engines:
                walls = [w for w, _ in samples[(name, text)]]
                cpus = [c for _, c in samples[(name, text)]]
                medians[name] = statistics.median(walls)
                row += [ms(min(walls)), ms(medians[name]), ms(statistics.median(cpus))]
            row.append(f"{medians['deleted'] / medians['merged']:.2f}x")
            rows.append(row)
        headers = ["query", "merged min", "median", "CPU"]
        headers += ["one deleted min", "median", "CPU", "ratio"]
        print(f"\nCold first page (ms), {args.runs} interleaved runs each")
        print(table(headers, rows, left=1))
        changed.close()
    merged.close()


if __name__ == "__main__":
    main()
