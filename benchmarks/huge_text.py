"""What one huge line, word or article costs to open (issue 12 item 15); measurement only.

    python benchmarks/huge_text.py [--only long-line,long-word]

Hostile articles beside the bundled library, each just under the 1 MiB file limit: one
paragraph on one line, one word of 1,000,000 letters, a thousand ordinary paragraphs,
and 20,000 small sections. For each: seconds to parse it, grade its reading level, find
its glossary words and mark a searched word (in-process), then, in the app (headless,
100x40), to open it with a searched word until the screen has settled and to press `n`.
The bounds are in tui/core/bounds.py; docs/performance.md gives the figures before and
after them.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.app.app import MyelinApp
from tui.core.highlight import match_spans
from tui.core.library import load_library
from tui.core.parser import read_article
from tui.core.paths import bundled_library
from tui.core.readability import article_grade

SIZE = 2**20 - 1024  # the largest article accepted is 1 MiB, front matter included
SENTENCE = (
    "People with relapsing MS who had a lesion on MRI and fatigue were followed for "
    "disability; the relapse rate fell and brain atrophy slowed in this cohort study. "
)
FRONT = """---
title: {title}
date: 2024-03-01
kind: summary
topics: [Fatigue]
study_type: cohort study
credibility: 3
credibility_note: A test rating.
interest: 3
source:
  journal: Test Journal
  year: 2022
---
## Key takeaway
The takeaway of a huge article is still shown.

{body}

## Important considerations
A caveat.
"""


def repeated(piece: str, size: int = SIZE) -> str:
    return (piece * (size // len(piece) + 1))[:size]


BODIES: dict[str, Callable[[], str]] = {
    "long-line": lambda: "## What they found\n" + repeated(SENTENCE),
    "long-word": lambda: "## What they found\n" + "a" * 1_000_000,
    "many-paragraphs": lambda: "## What they found\n" + repeated(SENTENCE * 6 + "\n\n"),
    "many-sections": lambda: repeated("## Finding\n" + SENTENCE[:40] + "\n"),
}


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


async def in_app(library: Path, home: Path, article_id: str) -> tuple[float, float]:
    app = MyelinApp(library, state_dir=home / "state", cache_dir=home / "cache", blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(2):  # the library load, then the index
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.open_article("explainer-fatigue", ("relapse",))  # the first article opened
        await app.workers.wait_for_complete()  # loads what every later one uses
        await pilot.pause()
        start = time.perf_counter()
        app.open_article(article_id, ("relapse",))
        await app.workers.wait_for_complete()
        await pilot.pause()
        opened = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("n")
        await pilot.pause()
        return opened, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(BODIES), help="comma-separated cases")
    cases = ["explainer-fatigue", *parser.parse_args().only.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        library, home = Path(temp) / "library", Path(temp) / "home"
        shutil.copytree(bundled_library(), library)
        for name in cases[1:]:
            text = FRONT.format(title=name.replace("-", " ").capitalize(), body=BODIES[name]())
            (library / f"{name}.md").write_text(text, encoding="utf-8")
        loaded = load_library(library)
        print(
            f"{'article':<18}{'parse':>8}{'grade':>8}{'glossary':>9}{'mark':>8}{'open':>8}{'n':>8}"
        )
        for name in cases:
            article = loaded.articles[name]
            figures = [
                seconds(lambda: read_article(library / f"{name}.md")),  # noqa: B023
                seconds(lambda: article_grade(article)),  # noqa: B023
                seconds(lambda: loaded.glossary.mentions(article.body)),  # noqa: B023
                seconds(lambda: match_spans(article.body, ["relapse"])),  # noqa: B023
                *asyncio.run(in_app(library, home, name)),
            ]
            print(f"{name:<18}" + "".join(f"{f:8.2f}" for f in figures), flush=True)


if __name__ == "__main__":
    main()
