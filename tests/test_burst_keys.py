"""Keys that arrive together (a held `j`, keys sent in one packet over SSH) each move the
text: five `j` move five lines, not one (QA F2); and nothing loaded makes a key wait on
a garbage collection."""

from __future__ import annotations

import gc

import pytest
from app_helpers import make_app, press, settle, show_article
from conftest import FIXTURE_LIBRARY
from textual import events

from tui.app.screens.help import HelpScreen
from tui.app.widgets.article_view import ArticleView


async def burst(app, pilot, *keys: str) -> None:
    """Hand the keys to the app at once, as a terminal read does, then let it settle."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(app, pilot)


@pytest.mark.parametrize("ssh", [True, False])
async def test_each_key_of_a_burst_moves_the_article(isolated_dirs, monkeypatch, ssh):
    monkeypatch.delenv("SSH_TTY", raising=False)
    if ssh:
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    else:
        monkeypatch.delenv("SSH_CONNECTION", raising=False)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        view = app.screen.query_one(ArticleView)
        page = view.scrollable_content_region.height
        assert view.max_scroll_y > 5 + 2 * page  # room for every key to move it
        await burst(app, pilot, *"jjjjj")
        await app.animator.wait_until_complete()  # locally, the last key's move is animated
        assert view.scroll_y == 5
        await burst(app, pilot, "space", "space", "k", "k")
        await app.animator.wait_until_complete()
        assert view.scroll_y == 5 + 2 * page - 2


async def test_each_key_of_a_burst_moves_the_help(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help")
        assert keys.max_scroll_y > 3
        await burst(app, pilot, "j", "j", "j")
        assert keys.scroll_y == 3


async def test_the_loaded_library_is_out_of_the_collectors_way(isolated_dirs):
    """Opening an article makes widgets, and the allocations set off full garbage
    collections: at 10,000 articles one walked every article object (150-370 ms on the
    key). What is loaded is frozen out of them when the process is the app's alone."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.freeze_loaded = True  # as `myelin` runs it (run_app)
    before = gc.get_freeze_count()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.engine is not None
        assert gc.get_freeze_count() > before + 10_000  # the library, the index, the app
        assert not any(o is app.library.articles for o in gc.get_objects(generation=2))


async def test_the_articles_are_out_of_the_collectors_way_before_the_index_opens(
    isolated_dirs, monkeypatch
):
    """At 10,000 articles the first collection after the load walked every article object
    (50-130 ms of CPU) on the way to a searchable index: they are frozen as they load."""
    from tui.core import index as index_module

    seen: list[bool] = []
    real_open = index_module.open_index

    def open_index(library, *args, **kwargs):
        article = next(iter(library.articles.values()))
        seen.append(any(o is article for o in gc.get_objects()))
        return real_open(library, *args, **kwargs)

    monkeypatch.setattr(index_module, "open_index", open_index)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.freeze_loaded = True  # as `myelin` runs it (run_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.engine is not None
    assert seen == [False]
