"""Screens hear what happens through messages; a failure in background work is told, not a crash."""

from __future__ import annotations

from app_helpers import make_app, press, said, settle, type_text
from conftest import FIXTURE_LIBRARY
from textual.screen import Screen

from tui.app.messages import IndexReady, MarksChanged
from tui.app.screens.search import SearchScreen
from tui.core.search import SearchEngine


async def test_a_failing_search_is_told_and_the_app_keeps_running(isolated_dirs, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the index went away\x1b[31m")

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(SearchEngine, "search", broken)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "vitamin")
        assert app.is_running and isinstance(app.screen, SearchScreen)
        told = [t for t in said(app) if "The search failed" in t]
        assert told and "the index went away" in told[0] and "\x1b" not in told[0]
        monkeypatch.undo()
        await press(app, pilot, "backspace")  # the next search works again
        assert "vitamin-d-levels" in [h.article.id for h in app.screen.results.hits]


class Listening(Screen):
    """A screen that only records what it hears."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[object] = []

    def on_index_ready(self, message: IndexReady) -> None:
        self.heard.append("index ready")

    def on_marks_changed(self, message: MarksChanged) -> None:
        self.heard.append(message.article_ids)


async def test_index_ready_and_marks_changed_reach_every_screen_on_the_stack(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        listening = Listening()
        await app.push_screen(listening)
        await press(app, pilot, "question_mark")  # a screen that cares about neither
        app.refresh_lists("ebv-risk")
        app._index_ready(app.library, app.engine.index)
        await settle(app, pilot)
        assert listening.heard == [("ebv-risk",), "index ready"]
        assert app.is_running
