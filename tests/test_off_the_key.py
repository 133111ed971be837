"""What opening an article sets going besides showing it (related articles, which wait on
the index lock; the state save, with its fsync; the browse list's unread mark) is done off
the key (issue 15: each ran on the UI thread before the article's first frame). Judged by
where and when each runs, never by the clock."""

from __future__ import annotations

import threading

from app_helpers import make_app, press, screen_text, settle
from conftest import FIXTURE_LIBRARY

from tui.app.screens.article import ArticleScreen
from tui.app.screens.browse import BrowseScreen
from tui.app.widgets.article_view import ArticleView


async def test_related_the_save_and_the_browse_marks_wait_until_the_key_is_done(
    isolated_dirs, monkeypatch
):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    done: list[tuple[str, bool]] = []  # (what, on the UI thread), in the order they ran
    related_may_go = threading.Event()

    def record(what: str) -> None:
        done.append((what, threading.current_thread() is threading.main_thread()))

    real_open, real_marks = app.open_article, BrowseScreen.on_marks_changed

    def open_article(*args, **kwargs):
        real_open(*args, **kwargs)
        record("key done")

    def on_marks_changed(screen, message):
        record("marks")
        real_marks(screen, message)

    monkeypatch.setattr(app, "open_article", open_article)
    monkeypatch.setattr(BrowseScreen, "on_marks_changed", on_marks_changed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        real_related, real_save = app.engine.related, app.store.save

        def related(*args, **kwargs):
            record("related")
            related_may_go.wait(timeout=10)
            return real_related(*args, **kwargs)

        def save(*args, **kwargs):
            record("save")
            return real_save(*args, **kwargs)

        monkeypatch.setattr(app.engine, "related", related)
        monkeypatch.setattr(app.store, "save", save)
        app.related_found.clear()  # none found ahead: the article's own must be found
        await press(app, pilot, "tab")  # the article list; its highlighted row is unread
        done.clear()
        await pilot.press("enter")
        # The article is shown whole while its related articles are still being found.
        assert isinstance(app.screen, ArticleScreen)
        article = app.screen.article
        assert article.title in screen_text(app) and "Key takeaway" in screen_text(app)
        assert article.id not in app.related_found
        assert app.screen.query_one(ArticleView).article is article
        related_may_go.set()
        if app.save_timer is not None:  # the save is due a moment after the key: now
            app.save_timer.stop()
            app._save_in_background()
        await settle(app, pilot)
        assert app.related_found.get(article.id) is not None
        saved, marked = ("save", False) in done, ("marks", True) in done
        assert saved and marked, done
        assert done[0] == ("key done", True), done  # nothing of the three ran before it
        assert ("related", True) not in done and ("save", True) not in done, done
        done.clear()  # quitting saves at once, on the UI thread: not a key
