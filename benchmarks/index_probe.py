"""Index build and incremental updates, in a fresh process; run by run.py.

    python benchmarks/index_probe.py build --library DIR --cache DIR --result out.json
    python benchmarks/index_probe.py update --library DIR --cache DIR --rounds 3 --result out.json

`build` removes the library's index from the cache folder and times
`open_index`, which then builds it from scratch exactly as the app does on a
first start (from 500 articles in a child process with a writer per core, up
to 4). CPU time and cores used include those processes. Peak memory is the
process's ru_maxrss, which includes the loaded library; the largest of the
build processes is reported apart (`peak_rss_children_mb`, an upper bound:
Linux starts a child's ru_maxrss from its parent's size when it forks).

`update` times `open_index` on an up-to-date index (nothing to do), then after
changing one file, changing it back, adding one file and deleting it again,
`--rounds` times. `load_library` is timed separately: the app runs it before
`open_index`, as the app calls it (with the parsed-article cache when this
version of Myelin has one). The library folder is left exactly as it was found.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import peak_rss_mb

from tui.core.index import SearchIndex, index_dir_for, open_index
from tui.core.library import Library, article_files, load_library

ADDED_NAME = "benchmark-added-article.md"


def cpu_seconds() -> float:
    """CPU time of this process and of the build processes it waited for."""
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(usage.ru_utime + usage.ru_stime for usage in usages)


def folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def app_load(folder: Path, cache: Path) -> Library:
    """load_library as the app calls it: with the parsed-article cache when there is one."""
    if "use_cache" in inspect.signature(load_library).parameters:
        return load_library(folder, cache=cache, use_cache=True)
    return load_library(folder)


def timed_load(folder: Path, cache: Path) -> tuple[Library, float]:
    started = time.perf_counter()
    library = app_load(folder, cache)
    return library, time.perf_counter() - started


def timed_open(library: Library, cache: Path) -> tuple[SearchIndex, float]:
    started = time.perf_counter()
    index = open_index(library, cache=cache)
    return index, time.perf_counter() - started


def build(folder: Path, cache: Path) -> dict[str, object]:
    """A full build from nothing, as on a first start."""
    started = time.perf_counter()
    library = load_library(folder)  # every file parsed: no caches on a first start
    load_s = time.perf_counter() - started
    rss_loaded = peak_rss_mb()
    shutil.rmtree(index_dir_for(library.root, cache), ignore_errors=True)
    cpu_before = cpu_seconds()
    index, build_s = timed_open(library, cache)
    cpu_s = cpu_seconds() - cpu_before
    status = index.status
    result = {
        "articles": len(library.articles),
        "load_library_s": load_s,
        "build_s": build_s,
        "articles_per_s": len(library.articles) / build_s,
        "cpu_s": cpu_s,
        "cores_used": cpu_s / build_s,
        "peak_rss_loaded_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "index_mb": folder_size_mb(status.location) if status.location else None,
        "segments": len(index.ix._segments()),
        "rebuilt": status.rebuilt,
        "in_memory": status.in_memory,
    }
    index.close()
    return result


def reopen(folder: Path, cache: Path, expect: str, samples: dict[str, list]) -> None:
    """load_library + open_index after one change; record both times under `expect`."""
    library, load_s = timed_load(folder, cache)
    index, open_s = timed_open(library, cache)
    status = index.status
    counts = {"added": status.added, "updated": status.updated, "deleted": status.deleted}
    if expect != "unchanged" and (counts[expect] != 1 or sum(counts.values()) != 1):
        raise RuntimeError(f"expected one {expect} article, the index reported {counts}")
    samples[expect].append(open_s)
    samples["load_library"].append(load_s)
    index.close()


def update(folder: Path, cache: Path, rounds: int) -> dict[str, object]:
    """Incremental updates: nothing changed, one changed, one added, one deleted."""
    library, _ = timed_load(folder, cache)
    open_index(library, cache=cache).close()  # start from an index in step with the files
    target = article_files(folder)[0]
    original = target.read_bytes()
    added = folder / ADDED_NAME
    samples: dict[str, list[float]] = {
        "unchanged": [],
        "updated": [],
        "added": [],
        "deleted": [],
        "load_library": [],
    }
    try:
        for round_number in range(rounds):
            reopen(folder, cache, "unchanged", samples)
            changed = original.replace(
                b"## Key takeaway\n", f"## Key takeaway\nChanged {round_number}.\n".encode(), 1
            )
            target.write_bytes(changed)
            reopen(folder, cache, "updated", samples)
            target.write_bytes(original)
            reopen(folder, cache, "updated", samples)
            added.write_bytes(original)
            reopen(folder, cache, "added", samples)
            added.unlink()
            reopen(folder, cache, "deleted", samples)
    finally:
        target.write_bytes(original)
        added.unlink(missing_ok=True)
    return {"articles": len(library.articles), "samples": samples, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("build", "update"))
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args()
    if args.mode == "build":
        result = build(args.library, args.cache)
    else:
        result = update(args.library, args.cache, args.rounds)
    args.result.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
