"""Helpers for driving the app: a fresh app on a library, and waiting until it settles."""

from __future__ import annotations

import threading
from pathlib import Path

from tui.app.app import MyelinApp
from tui.app.screenshots import press_keys, settled


def make_app(library: Path, home: Path) -> MyelinApp:
    return MyelinApp(library, state_dir=home / "state", cache_dir=home / "cache", blink=False)


async def settle(app: MyelinApp, pilot) -> None:
    """Let workers (library load, index, search) finish and the screen refresh, until no
    message is left queued anywhere in the app (see `settled`)."""
    await settled(app, pilot)


async def press(app: MyelinApp, pilot, *keys: str) -> None:
    """Press keys one at a time, each after the app has settled from the one before."""
    await press_keys(app, pilot, *keys)


async def type_text(app: MyelinApp, pilot, text: str) -> None:
    """Type text a key at a time, each after the app has settled from the one before."""
    await press_keys(app, pilot, *text)


def screen_text(app: MyelinApp) -> str:
    """Everything visible on the screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def show_article(app: MyelinApp, pilot, article_id: str) -> None:
    app.open_article(article_id)
    await settle(app, pilot)


def said(app: MyelinApp) -> list[str]:
    """Everything the notice line said this session, oldest first (what `M` lists)."""
    return [message.text for message in app.messages]


async def palette(app, pilot, text: str, wanted: str) -> None:
    """Type in the open command palette and wait until `wanted` is among its entries
    (the palette searches on a timer of its own), then highlight it."""
    from textual.command import CommandList

    await type_text(app, pilot, text)
    for _ in range(200):
        entries = app.screen.query_one(CommandList)
        prompts = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
        matching = [i for i, prompt in enumerate(prompts) if wanted in prompt]
        if matching:
            entries.highlighted = matching[0]
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{wanted!r} not in the palette: {prompts}")


def held_back(monkeypatch, owner: object, name: str) -> threading.Event:
    """`owner.name` (a loading step) does not return until the event is set: the first
    seconds of a start, or a slow machine."""
    release = threading.Event()
    real = getattr(owner, name)

    def slow(*args, **kwargs):
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)
    return release


def library_held_back(monkeypatch) -> threading.Event:
    """The library does not load until the event is set."""
    import tui.app.app as app_module

    return held_back(monkeypatch, app_module, "load_library")


def index_held_back(monkeypatch) -> threading.Event:
    """The search index is not ready until the event is set (a first start, slow machine)."""
    from tui.core import index as index_module

    return held_back(monkeypatch, index_module, "open_index")
