"""What the first screen is built from (issue 17): the browse screen itself, no blank
screen under it, only the list rows that fit before the first frame, and no garbage
collection until it is painted."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from app_helpers import make_app, press, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY, write_article

from tui import cli
from tui.app.app import MyelinApp
from tui.app.main import run_app
from tui.app.screens.article import ArticleScreen
from tui.app.screens.browse import BrowseScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.topic_tree import View


async def test_the_browse_screen_is_the_first_screen_with_the_snapshot_in_it(
    isolated_dirs, library_dir, monkeypatch
):
    first = make_app(library_dir, isolated_dirs)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(first, pilot)  # the full load saves the first screen's snapshot
        assert [type(s) for s in first.screen_stack] == [BrowseScreen]

    monkeypatch.setattr(MyelinApp, "load_library", lambda self: None)  # the load never ends
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [BrowseScreen]
        assert not app.library.complete  # the snapshot, read before the screen was made
        text = screen_text(app)
        assert "Myelin · 5 articles" in text and "All articles (5)" in text
        assert "Fixture - a virus" in text


async def test_a_topic_link_goes_back_to_the_first_screen(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        assert isinstance(app.screen, ArticleScreen)
        app.show_topic("EBV")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen) and len(app.screen_stack) == 1
        listing = app.screen.query_one(ArticleList)
        assert str(listing.border_title) == "EBV" and listing.has_focus
        assert [a.id for a in listing.articles] == ["ebv-risk"]


async def test_the_list_adds_the_rows_that_fit_first_and_the_rest_after(isolated_dirs, library_dir):
    for number in range(40):
        write_article(library_dir, f"extra-{number:02d}", title=f"Extra article {number:02d}")
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        listing = screen.query_one(ArticleList)
        screen.show_view(View("all"))
        assert listing.option_count == 30 // 2 + 1  # two lines a row: what 30 lines can show
        await pilot.pause()
        assert listing.option_count == len(listing.articles) == 45
        await press(app, pilot, "tab", "G")  # the last row, added after the first frame
        assert listing.highlighted_article.id == listing.articles[-1].id
        assert listing.articles[-1].title in screen_text(app)


def test_the_reader_starts_without_garbage_collection_and_ends_with_it(isolated_dirs, monkeypatch):
    seen = []
    monkeypatch.setattr(MyelinApp, "run", lambda self: seen.append(gc.isenabled()))
    assert run_app(FIXTURE_LIBRARY) == 0
    assert seen == [False] and gc.isenabled()


async def test_garbage_collection_is_back_once_the_first_screen_is_painted(isolated_dirs):
    gc.disable()  # as run_app starts the app
    try:
        app = make_app(FIXTURE_LIBRARY, isolated_dirs)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BrowseScreen) and gc.isenabled()
    finally:
        gc.enable()


def test_myelin_alone_opens_the_reader_without_building_the_commands(monkeypatch):
    import tui.app.main

    started = []
    monkeypatch.setattr(tui.app.main, "run_app", lambda folder: started.append(folder) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser was built"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("MYELIN_LIBRARY", str(FIXTURE_LIBRARY))
    assert cli.main([]) == 0 and started == [FIXTURE_LIBRARY]


def test_myelin_alone_without_a_terminal_says_so_and_loads_no_command():
    code = "import sys; from tui.cli import main; print(main([]), 'tui.core.search' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.stdout.split() == ["2", "False"]  # the search package waits for a search
    assert "needs a terminal" in done.stderr


def test_without_a_settings_file_the_toml_parser_is_not_loaded(tmp_path):
    code = (
        "import sys; from pathlib import Path; import tui.app.app; "
        "from tui.core.settings import read_settings; "
        f"read_settings(Path({str(tmp_path / 'settings.toml')!r})); "
        "print('tomllib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False"], done.stderr


def test_the_reader_starts_without_the_commands_parser_or_the_notes_module():
    """`myelin` imports what the first screen needs: argparse (and gettext), the notes
    module (and the plain-text layout behind it) wait for a command or an export, the
    inline Markdown patterns for the first article parsed."""
    later = ("argparse", "gettext", "tui.core.notes", "tui.core.plain", "tui.core.inline")
    code = (
        "import sys, tui.cli, tui.app.main, tui.app.app; "
        f"print(sorted(m for m in {later!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["[]"], done.stderr


def test_the_export_folder_is_found_when_first_asked_for(tmp_path, monkeypatch):
    from tui.core import notes

    asked: list[bool] = []
    monkeypatch.setattr(notes, "documents_folder", lambda: asked.append(True) or tmp_path)
    app = MyelinApp(FIXTURE_LIBRARY, state_dir=tmp_path / "state", cache_dir=tmp_path / "cache")
    assert not asked
    assert app.export_dir == tmp_path and asked == [True]
    app.export_dir = tmp_path / "elsewhere"  # tests and settings may choose it
    assert app.export_dir == tmp_path / "elsewhere" and asked == [True]


def _record_order(monkeypatch) -> list[str]:
    """Which came first: the full library shown (`library`) or search ready (`index`)."""
    order: list[str] = []
    shown, ready = MyelinApp._library_loaded, MyelinApp._index_ready

    def library_loaded(self, *args):
        order.append("library")
        shown(self, *args)

    def index_ready(self, *args):
        order.append("index")
        ready(self, *args)

    monkeypatch.setattr(MyelinApp, "_library_loaded", library_loaded)
    monkeypatch.setattr(MyelinApp, "_index_ready", index_ready)
    return order


async def test_a_changed_file_is_searchable_before_the_list_is_redrawn(
    isolated_dirs, library_dir, monkeypatch
):
    """A returning user with the snapshot on screen: the index takes the change first
    (at 10,000 articles the rows, digest and redraw took 140 ms), then the list."""
    first = make_app(library_dir, isolated_dirs)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(first, pilot)  # the snapshot and the index, saved
    write_article(library_dir, "ebv-risk", title="Fixture - a renamed virus article")
    order = _record_order(monkeypatch)
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert order == ["index", "library"] and app.library.complete
        assert app.engine.index.status.updated == 1
        assert "a renamed virus article" in screen_text(app)  # the list, redrawn after
        hits = app.engine.search("renamed virus").hits
        assert [hit.article.id for hit in hits][:1] == ["ebv-risk"]


async def test_a_first_start_or_a_build_shows_the_library_first(
    isolated_dirs, library_dir, monkeypatch
):
    """Nothing on screen yet (a first start), or an index job long enough to say how far
    it is: the full library is shown first, not after the build."""
    from tui.app import app as app_module
    from tui.core.index_files import index_dir_for

    order = _record_order(monkeypatch)
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    assert order == ["library", "index"]

    order.clear()
    monkeypatch.setattr(app_module, "LONG_JOB", 1)  # five articles make a long job here
    index_dir = index_dir_for(library_dir, isolated_dirs / "cache")
    assert index_dir.is_dir()
    for part in index_dir.iterdir():
        part.unlink()  # a returning user whose index has gone: a build, snapshot on screen
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.engine.index.status.rebuilt
    assert order == ["library", "index"]


async def test_no_collection_starts_while_the_library_loads(isolated_dirs, monkeypatch):
    """Each collection during the load walked every article loaded so far; the first
    screen's on_ready turns the collector on from the UI thread while the load runs."""
    from tui.app import app as app_module

    seen: list[int] = []
    real_load = app_module.load_library

    def load_library(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return real_load(*args, **kwargs)

    monkeypatch.setattr(app_module, "load_library", load_library)
    before = gc.get_threshold()
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
    assert seen == [0] and gc.get_threshold() == before


def test_overlapping_loads_put_the_collector_back_once_the_last_ends():
    """An app that ended mid-load and the next one: neither leaves collections off."""
    from tui.app.app import _CollectionsHeld

    held, before = _CollectionsHeld(), gc.get_threshold()
    held.__enter__()
    held.__enter__()
    assert gc.get_threshold()[0] == 0
    held.__exit__(None, None, None)
    assert gc.get_threshold()[0] == 0  # the other load still runs
    held.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_nothing_remapped_means_no_screen_is_imported_to_check_the_keys(isolated_dirs, monkeypatch):
    """Checking `[keys]` imports every screen (about 17 ms while the first screen is
    drawn); with nothing remapped there is nothing to check."""
    from tui.app import keys

    def imports_every_screen(settings):
        raise AssertionError("the keymap was checked with nothing remapped")

    monkeypatch.setattr(keys, "keymap_problems", imports_every_screen)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    assert not app.settings.keys
    app._check_settings()
    app.settings.keys["article.bookmark"] = "j"
    with pytest.raises(AssertionError, match="keymap was checked"):
        app._check_settings()


async def test_a_saved_theme_is_styled_once_as_a_change_of_theme_would_style_it(
    isolated_dirs, monkeypatch
):
    """The saved theme is in place before anything is styled: no second parse of every
    stylesheet and restyling of every widget before the first frame, and the same colours
    as choosing that theme once started."""
    from textual.app import App

    from tui.core.state import StateStore

    def colours(app: MyelinApp) -> list[object]:
        widgets = [app.screen, *app.screen.query("*")]
        return [(w.styles.background, w.styles.color, w.rich_style) for w in widgets]

    chosen = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with chosen.run_test(size=(80, 24)) as pilot:
        await settle(chosen, pilot)
        chosen.theme = "myelin-light"
        await settle(chosen, pilot)
        expected = colours(chosen)
        classes = set(chosen.classes)
    assert "-light-mode" in classes and "-dark-mode" not in classes

    restyled: list[bool] = []
    real = App.refresh_css
    monkeypatch.setattr(
        App, "refresh_css", lambda self, *a, **k: restyled.append(True) or real(self, *a, **k)
    )
    store = StateStore(isolated_dirs / "state")  # saved by the first app
    assert store.load().settings["theme"] == "myelin-light"
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "myelin-light" and set(app.classes) == classes
        assert not restyled
        assert colours(app) == expected
        await press(app, pilot, "T")  # a change of theme restyles, as before
        assert app.theme == "myelin-high-contrast" and restyled


#: What a warm start of `myelin` does not import before its first screen: the index and
#: search (opened after it), the parser (the screen comes from the snapshot), the linear
#: reader's layout, highlighting in an article, what saving the snapshot needs, a first
#: start's packaged snapshot.
NOT_BEFORE_THE_FIRST_SCREEN = (
    "whoosh",
    "tui.core.index",
    "tui.core.search",
    "tui.core.parser",
    "tui.core.links",
    "tui.core.bounds",
    "tui.core.plain",
    "tui.core.blocks",
    "tui.core.highlight",
    "tui.core.listing",
    "tui.core.index_files",
    "tui.core.first_start",
    "tui.core.notes",
    "argparse",
)

#: `myelin` as a terminal starts it (`cli.main`), the app run headless until its first
#: screen is ready, the library's load held off (it starts after that screen).
FIRST_SCREEN = """
import io, sys
from textual.app import App
from tui.app.app import MyelinApp

class Terminal(io.StringIO):
    def isatty(self):
        return True

out, sys.stdin, sys.stdout = sys.stdout, Terminal(), Terminal()
seen = []

def ready(self):
    seen.append(sorted(m for m in sys.argv[1:] if m in sys.modules))
    seen.append(type(self.library).__name__)
    seen.append("Myelin · 5 articles" in str(self.screen.query_one("#title").render()))
    self.exit()

MyelinApp.on_ready = ready
MyelinApp.load_library = lambda self: None
MyelinApp.run = lambda self: App.run(self, headless=True, size=(120, 40))
from tui.cli import main

main([])
out.write(repr(seen))
"""


def test_a_warm_start_imports_only_what_its_first_screen_is_made_from(isolated_dirs, monkeypatch):
    from tui.core.command_library import load_whole

    load_whole(FIXTURE_LIBRARY)  # saves the snapshot a returning reader starts from
    monkeypatch.setenv("MYELIN_LIBRARY", str(FIXTURE_LIBRARY))
    monkeypatch.setenv("TERM", "xterm-256color")
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, *NOT_BEFORE_THE_FIRST_SCREEN],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == repr([[], "Snapshot", True]), done.stderr


def drawn(app: MyelinApp) -> tuple[list[list[tuple[str, str]]], list[tuple[str, str, str]]]:
    """The screen as drawn (each cell's text and style) and each widget's style."""
    lines = [
        [(segment.text, str(segment.style)) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]
    widgets = [
        (str(w), repr(w.styles.get_rules()), str(w.rich_style)) for w in app.screen.query("*")
    ]
    return lines, widgets


@pytest.mark.parametrize(
    ("size", "theme", "no_color"),
    [((120, 40), "myelin-dark", False), ((80, 24), "myelin-light", False), ((40, 12), "", True)],
)
async def test_the_first_screen_is_styled_once_and_as_textual_would_style_it(
    isolated_dirs, monkeypatch, size, theme, no_color
):
    """Textual styles every widget of a screen again when it first shows, a moment after
    each was styled as it was mounted: the first screen skips that (about 4 ms of it), and
    looks the same as with it, in every theme, size and without colour."""
    from textual.css.stylesheet import Stylesheet

    from tui.core.state import StateStore

    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    if theme:
        store = StateStore(isolated_dirs / "state")
        state = store.load()
        state.settings["theme"] = theme
        assert store.save(state)
    restyled: list[object] = []
    update_nodes = Stylesheet.update_nodes

    def counted(self, nodes, *args, **kwargs):
        nodes = list(nodes)
        restyled.extend(node for node in nodes if isinstance(node, BrowseScreen))
        return update_nodes(self, nodes, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        once = drawn(app)
    assert not restyled  # the screen and all under it: styled once, as mounted

    monkeypatch.setattr(BrowseScreen, "on_screen_resume", lambda self, event: None)
    textual = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with textual.run_test(size=size) as pilot:
        await pilot.pause()
        assert restyled  # Textual's way: styled again
        assert drawn(textual) == once


async def test_the_topic_tree_draws_each_line_as_textuals_tree_does(isolated_dirs, monkeypatch):
    """The tree's style is worked out once for all the lines it draws, not once a line:
    the lines are the ones `Tree` draws."""
    from textual.widgets import Tree

    from tui.app.widgets.topic_tree import TopicTree

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(TopicTree)
        drawn = tree.render_lines(tree.size.region)
        monkeypatch.setattr(TopicTree, "render_lines", Tree.render_lines)
        monkeypatch.setattr(TopicTree, "render_line", Tree.render_line)
        tree._line_cache.clear()
        tree._styles_cache.clear()
        assert drawn == tree.render_lines(tree.size.region)
        assert any("All articles" in line.text for line in drawn)


async def test_the_topic_tree_is_built_with_one_invalidation_not_one_a_node(
    isolated_dirs, monkeypatch
):
    """Each node added dropped Tree's caches and asked for a layout (60 a start): `show`
    adds them all, then the tree is laid out once, with the same lines."""
    from textual.widgets import Tree

    from tui.app.widgets.topic_tree import TopicTree

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(TopicTree)
        before = [line.text for line in tree.render_lines(tree.size.region)]
        invalidated: list[bool] = []
        real = Tree._invalidate
        monkeypatch.setattr(
            Tree, "_invalidate", lambda self: invalidated.append(True) or real(self)
        )
        app.screen._show_tree()
        assert len(invalidated) == 1  # once it has every node (by expanding them)
        await settle(app, pilot)
        assert [line.text for line in tree.render_lines(tree.size.region)] == before
        assert "New since last visit (0)" in "".join(before)  # the counts, as labelled


def test_only_the_saved_themes_colours_are_worked_out_at_start(isolated_dirs, monkeypatch):
    """Textual's App worked out its own default theme's colours as it started, before
    Myelin's themes were registered, and nothing used them."""
    from textual.design import ColorSystem

    worked_out: list[bool] = []
    real = ColorSystem.generate
    monkeypatch.setattr(ColorSystem, "generate", lambda self: worked_out.append(True) or real(self))
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    assert len(worked_out) == 1 and app.theme == "myelin-dark"
    assert app.stylesheet._variables["primary"] == app.get_css_variables()["primary"]


#: The app run headless on the fixture library until its load is done, no key pressed:
#: what the first article opened needs (issue 15), and whether it is there already.
READY_TO_READ = """
import asyncio, sys
from pathlib import Path
from tui.app.app import MyelinApp

async def main():
    home = Path(sys.argv[2])
    app = MyelinApp(Path(sys.argv[1]), state_dir=home / "state", cache_dir=home / "cache")
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        glossary = app.library.glossary
        print([
            type(app.screen).__name__,
            "tui.app.screens.article" in sys.modules,
            "tui.app.widgets.article_view" in sys.modules,
            "_pattern" in vars(glossary) and "_by_name" in vars(glossary),
        ])

asyncio.run(main())
"""


def test_what_the_first_article_needs_is_made_once_the_library_is_loaded(isolated_dirs):
    """The first Enter took twice as long as the next: it imported the article screen and
    compiled the glossary's matcher. Both are made by the loader, before any key."""
    done = subprocess.run(
        [sys.executable, "-c", READY_TO_READ, str(FIXTURE_LIBRARY), str(isolated_dirs)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == repr(["BrowseScreen", True, True, True]), done.stderr
