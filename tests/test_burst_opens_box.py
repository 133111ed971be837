"""Keys typed in the same burst as the key that opens a text box reach that box, as they
do after `/` (QA H42): over a slow SSH link, or from a fast typist, "Wpira" arrives in
one read, and the words after `W` (glossary), `e` (question), `f` (find in the article)
and ctrl+p (the palette) were dropped, or ran as commands on the screen underneath."""

from __future__ import annotations

from app_helpers import library_held_back, make_app, press, settle, show_article
from conftest import FIXTURE_LIBRARY
from textual import events
from textual.widgets import Input

from tui.app.screens.bookmarks import BookmarksScreen
from tui.app.screens.dialogs import QuestionDialog
from tui.app.screens.glossary import GlossaryScreen

PRINTABLE = {"space": " ", "slash": "/"}


async def burst(app, pilot, *keys: str) -> None:
    """Hand the keys to the app at once, as a terminal read does, then let it settle."""
    for key in keys:
        event = events.Key(key, PRINTABLE.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(app, pilot)


def typed_in(app) -> str:
    focused = app.focused
    assert isinstance(focused, Input), focused
    return focused.value


async def test_the_glossary_key_and_the_words_after_it(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await burst(app, pilot, *"Wrelapse")
        assert isinstance(app.screen, GlossaryScreen)
        assert typed_in(app) == "relapse"
        await burst(app, pilot, "space", *"Wr")  # in the filter, W is a letter
        assert typed_in(app) == "relapse Wr"


async def test_the_question_key_and_the_words_after_it(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.state.toggle_bookmark("ebv-risk", "EBV")
        app.state.set_question("ebv-risk", "Should I test?")
        await press(app, pilot, "B")
        assert isinstance(app.screen, BookmarksScreen)
        await burst(app, pilot, "e", "space", *"dune", "space", *"rest")
        assert isinstance(app.screen, QuestionDialog)
        assert typed_in(app) == "Should I test? dune rest"  # no `d` removed the bookmark
        assert app.state.is_bookmarked("ebv-risk")
        await burst(app, pilot, "space", "e")  # in the box, e is a letter
        assert typed_in(app) == "Should I test? dune rest e"


async def test_the_find_key_and_the_words_after_it(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await burst(app, pilot, *"fvirus")  # w, o, r would be Words, Links, Reload
        assert typed_in(app) == "virus"
        assert app.screen.query_one("#find", Input).has_focus
        await burst(app, pilot, "space", *"fb")  # in the box, f and b are letters
        assert typed_in(app) == "virus fb"
        assert not app.state.is_bookmarked("ebv-risk")


async def test_the_palette_key_and_the_words_after_it(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await burst(app, pilot, "ctrl+p", *"theme")
        assert typed_in(app) == "theme"


async def test_the_glossary_opens_while_the_library_loads(isolated_dirs, monkeypatch):
    """`W` and the words after it, typed in the first second of a first start: the
    glossary opened only once the library had loaded ("try again in a moment"), and the
    words went to a search instead. Now it opens, and shows the terms when they come."""
    release = library_held_back(monkeypatch)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.library.articles
        for key in ("W", *"relap"):
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert typed_in(app) == "relap"
        release.set()
        await settle(app, pilot)
        assert app.screen.shown is not None and app.screen.shown.term == "Relapse"
        articles = app.screen.query_one("#term-articles")
        assert articles.option_count  # the articles that use it, once they are loaded
