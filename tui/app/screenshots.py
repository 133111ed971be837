"""`make screenshots`: SVGs of the main screens, for the README and for review.

Each scene is a terminal size and the keys a user would press; the snapshot
tests drive the same scenes against the fixture library.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import unicodedata
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
    "article-40x12": ((40, 12), ("slash", *"vitamin", "enter")),
    "bookmarks-80x24": ((80, 24), ("tab", "enter", "b", "escape", "B")),
    "question-80x24": ((80, 24), ("tab", "enter", "b", "escape", "B", "e", *"Should I test?")),
}


async def play(app, keys: tuple[str, ...], pilot) -> None:
    """Wait for the library and index, then press the scene's keys, settling after each."""
    await settled(app, pilot)
    await press_keys(app, pilot, *keys)
    # Scrollbars settle over a few more refreshes, and a screen under a dialog is not
    # repainted by itself: lay every screen out again so the pictures are stable.
    await pilot.wait_for_scheduled_animations()
    for screen in app.screen_stack:
        screen.refresh(layout=True)
    for _ in range(3):
        await settled(app, pilot)


async def press_keys(app, pilot, *keys: str) -> None:
    """Press keys one at a time, as `pilot.press` does, each after the app has settled
    from the one before; settled by `settled`, not by Textual's idle test (two sleeps of
    20 ms or more a key)."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        char: str | None
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
        await settled(app, pilot)


async def settled(app, pilot) -> None:
    """Wait until no worker runs, no message waits anywhere in the app, no animation runs
    and the screen has nothing left to lay out, paint or call after its refresh.

    Judged on the app's own state, never on the clock: `pilot.pause()` sleeps in 20 ms
    steps until the process's CPU time stops moving, which cost the test suite most of
    its time, and which a loaded machine fools (what a key starts, a screen pushed, its
    list mounted, a row highlighted, could still be queued when the picture was taken).
    """
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(100_000):
        for worker in list(app.workers):
            if worker.is_running:
                with contextlib.suppress(WorkerCancelled, WorkerFailed):  # the app tells failures
                    await worker.wait()
        await pilot._wait_for_screen()  # everything queued so far has been handled
        await app.animator.wait_until_complete()
        app.screen._on_timer_update()  # lay out and paint now, not on the next frame
        await asyncio.sleep(0)
        if _quiet(app):
            return
    raise RuntimeError("the app never settled: something keeps posting messages")


def _quiet(app) -> bool:
    """Nothing queued or running anywhere in the app, and nothing left for the screen
    to lay out, paint or call back after painting."""
    if any(worker.is_running or worker.state.name == "PENDING" for worker in app.workers):
        return False
    screens = app.screen_stack
    nodes = [app, *screens, *(node for screen in screens for node in screen.walk_children())]
    if any(node.message_queue_size or node._next_callbacks for node in nodes):
        return False
    screen = app.screen
    return not (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


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
