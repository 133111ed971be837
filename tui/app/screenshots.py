"""`make screenshots`: SVGs of the main screens, for the README and for review.

Each scene is a terminal size and the keys a user would press; the snapshot
tests drive the same scenes against the fixture library.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tui.core.paths import bundled_library

SCENES: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    "browse-80x24": ((80, 24), ()),
    "browse-120x40": ((120, 40), ()),
    "search-80x24": ((80, 24), ("slash", *"vitamin")),
    "search-120x40": ((120, 40), ("slash", *"vitamin")),
    "article-80x24": ((80, 24), ("tab", "enter")),
    "article-120x40": ((120, 40), ("tab", "enter")),
    "help-80x24": ((80, 24), ("question_mark",)),
    "glossary-120x40": ((120, 40), ("W",)),
    "narrow-40x12": ((40, 12), ()),
    "bookmarks-80x24": ((80, 24), ("tab", "enter", "b", "escape", "B")),
    "question-80x24": ((80, 24), ("tab", "enter", "b", "escape", "B", "e", *"Should I test?")),
}


async def play(app, keys: tuple[str, ...], pilot) -> None:
    """Wait for the library and index, then press the scene's keys, settling after each."""
    await settled(app, pilot)
    for key in keys:
        await pilot.press(key)
        await settled(app, pilot)
    # Scrollbars settle over a few more refreshes, and a screen under a dialog is not
    # repainted by itself: lay every screen out again so the pictures are stable.
    await pilot.wait_for_scheduled_animations()
    for screen in app.screen_stack:
        screen.refresh(layout=True)
    for _ in range(3):
        await settled(app, pilot)


async def settled(app, pilot) -> None:
    """Pause until no worker runs and no message waits anywhere in the app.

    `pilot.pause()` alone judges idleness by CPU time against the clock, which a loaded
    machine fools: what a key starts (a screen pushed, its list mounted, a row
    highlighted, the status line written) could still be queued when the picture is taken.
    """
    for _ in range(1000):  # each turn lets queued messages run; a few turns suffice
        await app.workers.wait_for_complete()
        await pilot.pause()
        nodes = [app, *app.screen_stack]
        nodes += [node for screen in app.screen_stack for node in screen.walk_children()]
        busy = any(worker.is_running for worker in app.workers)
        if not busy and not any(node.message_queue_size for node in nodes):
            return


async def _shoot(folder: Path) -> None:
    from tui.app.app import MyelinApp

    folder.mkdir(parents=True, exist_ok=True)
    for name, (size, keys) in SCENES.items():
        with tempfile.TemporaryDirectory() as scratch:
            app = MyelinApp(
                bundled_library(),
                state_dir=Path(scratch) / "state",
                cache_dir=Path(scratch) / "cache",
                blink=False,
            )
            async with app.run_test(size=size) as pilot:
                await play(app, keys, pilot)
                app.save_screenshot(f"{name}.svg", str(folder))
        print(folder / f"{name}.svg")


def _plain_and_notes(folder: Path) -> None:
    """The linear reader at 40 columns (as SVG) and a sample of appointment notes."""
    import io
    from datetime import date

    from rich.console import Console
    from rich.text import Text

    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.notes import appointment_notes
    from tui.core.search import SearchEngine
    from tui.core.state import ReadingState
    from tui.plain_reader import PROMPT, PlainReader

    library = load_library(bundled_library())
    with tempfile.TemporaryDirectory() as scratch:
        engine = SearchEngine(library, open_index(library, cache=Path(scratch)))
        out = io.StringIO()
        reader = PlainReader(library, engine, out, 40)
        reader.welcome()
        reader.show(reader.search_listing("vitamin d relapses"))
        for typed in ("2", "1"):  # a result, then the article's first related article
            reader.say()
            reader.say(PROMPT)
            out.write(typed + "\n")  # what the reader typed, as the terminal echoes it
            reader.answer(typed)
    console = Console(record=True, width=42, file=io.StringIO(), color_system=None)
    console.print(Text(out.getvalue()))
    console.save_svg(str(folder / "plain-mode-40.svg"), title="myelin read --plain --width 40")
    print(folder / "plain-mode-40.svg")
    state = ReadingState()
    for article_id, question in (
        ("vitamin-d-solar-trial", "Should my vitamin D be checked?"),
        ("ebv-military-cohort", ""),
    ):
        state.toggle_bookmark(article_id)
        state.set_question(article_id, question)
    articles = [library.articles[i] for i in state.bookmarked_ids()]
    notes = appointment_notes(articles, state, "md", today=date(2026, 11, 22))
    (folder / "appointment-notes.md").write_text(notes, encoding="utf-8")
    print(folder / "appointment-notes.md")


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    asyncio.run(_shoot(folder))
    _plain_and_notes(folder)


if __name__ == "__main__":
    main()
