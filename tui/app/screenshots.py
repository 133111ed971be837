"""`make screenshots`: SVGs of the main screens, for the README and for review.

Each scene is a terminal size and the keys a user would press; the snapshot
tests drive the same scenes against the fixture library.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tui.core.library import bundled_library

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
}


async def play(app, keys: tuple[str, ...], pilot) -> None:
    """Wait for the library and index, then press the scene's keys, settling after each."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
    # Scrollbars settle over a few more refreshes, and a screen under a dialog is not
    # repainted by itself: lay every screen out again so the pictures are stable.
    await pilot.wait_for_scheduled_animations()
    for screen in app.screen_stack:
        screen.refresh(layout=True)
    for _ in range(3):
        await pilot.pause()


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


def main() -> None:
    asyncio.run(_shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))


if __name__ == "__main__":
    main()
