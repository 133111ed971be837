"""A hostile library: nothing reaches the terminal raw, nothing is read as markup, nothing runs."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from app_helpers import (
    make_app,
    palette,
    press,
    said,
    screen_text,
    settle,
    show_article,
    type_text,
)
from conftest import finishes
from conftest import run_cli as myelin
from hostile_library import (
    BROKEN_FILES,
    GOOD_ARTICLE,
    GOOD_IDS,
    MARKUP,
    SHORT_MARKUP,
    build_hostile_library,
    contains_terminal_controls,
)
from textual.widgets import Static

from tui import cli
from tui.app.screens.article import ArticleScreen
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.dialogs import LinkDialog
from tui.app.screens.problems import ProblemsScreen
from tui.app.widgets.notice import Notice
from tui.app.widgets.status_line import StatusLine
from tui.core import library_files
from tui.core.library import load_library
from tui.core.parser import read_article
from tui.core.state import StateStore


@pytest.fixture
def hostile(tmp_path) -> Path:
    return build_hostile_library(tmp_path / "hostile")


def test_good_files_load_and_every_broken_one_is_a_clear_problem(hostile):
    library = load_library(hostile)
    assert set(library.articles) == GOOD_IDS
    named = {p.path.name for p in library.problems}
    assert named >= BROKEN_FILES
    for problem in library.problems:
        assert len(problem.message) > 20  # says what is wrong and what to do
        assert not contains_terminal_controls(str(problem))


def test_no_file_takes_more_than_a_second(hostile):
    for path in sorted(hostile.glob("*.md")):
        finishes(read_article, path)


def test_every_string_is_sanitised_and_markup_kept_as_text(hostile):
    article = load_library(hostile).get("hostile")
    strings = [
        article.title,
        article.takeaway,
        article.body,
        article.considerations,
        article.credibility_note,
        article.study_type,
        article.source.journal,
        article.source.authors,
        *article.topics,
    ]
    for value in strings:
        assert not contains_terminal_controls(value), repr(value)
    assert MARKUP in article.title and "␛[2J" in article.title


def test_cli_output_holds_no_terminal_controls(hostile):
    runs = [
        ["check", str(hostile)],
        ["show", "hostile"],
        ["show", "hostile", "--plain"],
        ["search", "hostile"],
        ["search", "hostile", "--json"],
        ["topics"],
        ["index"],
    ]
    for args in runs:
        result = myelin(*args, "--library", str(hostile))
        assert result.returncode == (1 if args[0] == "check" else 0), (args, result.stderr)
        for stream in (result.stdout, result.stderr):
            assert not contains_terminal_controls(stream), (args, stream[:300])
    shown = myelin("show", "hostile", "--library", str(hostile)).stdout
    assert "[bold red]Loud[/]" in shown and "[@click=app.quit]Quit[/]" in shown
    data = json.loads(myelin("search", "hostile", "--json", "--library", str(hostile)).stdout)
    assert data["results"][0]["id"] == "hostile"


def test_check_names_every_problem_file(hostile):
    out = myelin("check", str(hostile)).stdout
    for name in BROKEN_FILES:
        assert name in out
    assert "3 articles loaded" in out


def assert_clean_svg(svg: str) -> None:
    ET.fromstring(svg)  # well-formed XML
    assert "\x1b" not in svg and not contains_terminal_controls(svg)


async def test_every_screen_shows_hostile_text_safely(hostile, isolated_dirs):
    app = make_app(hostile, isolated_dirs)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        assert_clean_svg(app.export_screenshot())  # browse: tree, list, preview, status
        text = screen_text(app)
        # A topic label, literally (the tree shortens a long name with an ellipsis).
        assert "[bold red]x[/] [@click=app.quit" in text
        assert "Cat ␛[2J" in text  # category names sanitised
        await press(app, pilot, "G")  # the last topic: the one named with markup
        # stored literally: reading it back gives the markup escaped, not applied
        assert "\\[bold red]x\\[/]" in app.screen.query_one("#articles").border_title
        assert_clean_svg(app.export_screenshot())
        await press(app, pilot, "P")  # problems view
        assert "alias-bomb.md" in screen_text(app)
        assert_clean_svg(app.export_screenshot())
        listed = problems_listed(app)
        assert all(name in listed for name in BROKEN_FILES), listed
        await press(app, pilot, "escape", "slash")
        await type_text(app, pilot, "hostile")  # search results and snippets
        assert "1 result" in screen_text(app)
        assert_clean_svg(app.export_screenshot())
        await press(app, pilot, "enter")  # the article: header, panels, topics
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        # the title wraps at the reading width (80): its words and escapes shown apart
        assert "Hostile" in text and "␛[2J␛[H" in text and "[bold red]Loud[/]" in text
        assert_clean_svg(app.export_screenshot())
        await press(app, pilot, "w")  # glossary words of the article
        assert_clean_svg(app.export_screenshot())
        await press(app, pilot, "escape", "W")  # the glossary screen
        assert "Def ␛[2J" in screen_text(app) or "Relapses" in screen_text(app)
        assert_clean_svg(app.export_screenshot())
        await press(app, pilot, "escape", "ctrl+p")  # the command palette
        await palette(app, pilot, "Hostile", "Open: Hostile")
        assert_clean_svg(app.export_screenshot())
        assert app.is_running


def problems_listed(app) -> str:
    """The whole problems view, scrolled or not."""
    assert isinstance(app.screen, ProblemsScreen)
    return str(app.screen.query_one("#problems Static", Static).content)


@pytest.fixture
def locked_file(hostile, monkeypatch) -> Path:
    """A file the reader may not open (chmod cannot stop root, so the open is refused)."""
    locked = hostile / "locked.md"
    locked.write_text(GOOD_ARTICLE, encoding="utf-8")
    real_open = library_files._open

    def refuse_locked(path):
        if Path(path).name == locked.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(library_files, "_open", refuse_locked)
    return locked


def test_check_lists_an_unreadable_file(hostile, locked_file, capsys):
    assert cli.main(["check", str(hostile)]) == 1
    out = capsys.readouterr().out
    assert f"{locked_file}: cannot be read (permission denied); check the file's" in out
    assert "3 articles loaded" in out


async def test_problems_view_opens_from_the_status_line_and_lists_every_file(
    hostile, locked_file, isolated_dirs
):
    app = make_app(hostile, isolated_dirs)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        count = len(app.library.problems)
        assert f"{count} library problems (press P)" in screen_text(app)
        assert set(app.library.articles) == GOOD_IDS  # the rest loaded
        await pilot.click(StatusLine)
        await settle(app, pilot)
        listed = problems_listed(app)
        for name in {*BROKEN_FILES, locked_file.name}:
            assert name in listed
        assert "locked.md: cannot be read (permission denied)" in listed
        assert "deep-nesting.md:2: the front matter is not valid YAML" in listed  # with a line
        await press(app, pilot, "escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_clicking_markup_runs_nothing(hostile, isolated_dirs, tmp_path):
    app = make_app(hostile, isolated_dirs)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "hostile")
        for y in range(0, 30):
            await pilot.click("ArticleView", offset=(12, y))
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, ArticleScreen)


async def test_find_says_the_library_words_it_found_as_text(hostile, isolated_dirs):
    """QA5 R21: the find box's title named synonyms as markup: a link crashed the app, a
    click ran an action."""
    app = make_app(hostile, isolated_dirs)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "hostile")
        await press(app, pilot, "f")
        await type_text(app, pilot, "smuggled")
        title = str(app.screen.query_one("#find").border_title)
        # stored literally: reading it back gives the markup escaped, not applied
        assert " found as hostile, " in title and "\\[link=file:///etc/passwd]pw\\[/link]" in title
        assert not contains_terminal_controls(title)
        assert_clean_svg(app.export_screenshot())
        await press(app, pilot, "enter")
        assert app.is_running and isinstance(app.screen, ArticleScreen)


async def test_notifications_quoting_library_text_show_its_markup_literally(hostile, isolated_dirs):
    app = make_app(hostile, isolated_dirs)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "hostile")
        path = hostile / "hostile.md"
        path.write_text(
            path.read_text().replace("credibility: 3", f'credibility: "{SHORT_MARKUP} \\e[2J"')
        )
        await press(app, pilot, "r")  # reload: the problem, quoting the value, is a notice
        assert f'got "{SHORT_MARKUP} ␛[2' in said(app)[-1]
        assert app.screen.query_one(Notice).display
        shown = " ".join(screen_text(app).split())  # the notice, wrapped between words
        assert f'got "{SHORT_MARKUP} ␛[2' in shown  # as written, not bold, not a link
        assert_clean_svg(app.export_screenshot())
        assert app.is_running and isinstance(app.screen, ArticleScreen)


async def test_only_web_links_open_and_only_after_confirmation(hostile, isolated_dirs, monkeypatch):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    opened: list[str] = []
    app = make_app(hostile, isolated_dirs)
    monkeypatch.setattr(app, "open_link", lambda url: opened.append(url) or True)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "hostile")
        await press(app, pilot, "o")
        dialog = app.screen
        choices = [str(label) for _, label in dialog.choices]
        assert "file:///etc/passwd" in choices and "gopher://old.example/x" in choices
        for index, _url in enumerate(choices):
            await pilot.press(*(["j"] * index))  # moving down needs no settling per key
            await press(app, pilot, "enter", "y")
            assert not isinstance(app.screen, LinkDialog)
            await press(app, pilot, "o")
        assert set(opened) <= {
            "https://example.org/paper",
            "https://example.org/ok",
            "https://evil.example/",
        }
        assert "file:///etc/passwd" not in opened and "gopher://old.example/x" not in opened
        assert "https://example.org/ok" in opened  # a confirmed web link does open


@pytest.mark.parametrize("kind", ["missing", "empty"])
async def test_missing_or_empty_library_folder(tmp_path, isolated_dirs, kind, capsys):
    folder = tmp_path / "lib"
    if kind == "empty":
        folder.mkdir()
    expected = "does not exist" if kind == "missing" else "no articles found"
    assert cli.main(["check", str(folder)]) == 1
    assert expected in capsys.readouterr().out
    app = make_app(folder, isolated_dirs)
    async with app.run_test(size=(250, 30)) as pilot:
        await settle(app, pilot)
        assert "1 library problem (press P)" in screen_text(app)
        await press(app, pilot, "P")
        assert expected in screen_text(app)
        await press(app, pilot, "escape", "slash")
        await type_text(app, pilot, "relapse")
        assert app.is_running


def damage_index(kind: str, library: Path, cache: Path) -> str | None:
    """Damage the index (or its cache folder) in one way; returns the message to say once."""
    from tui.core import index as index_module

    first = index_module.open_index(load_library(library), cache=cache)
    first.close()
    folder = first.status.location
    segment = next(folder.glob("*.seg"))
    if kind == "truncated segment":
        segment.write_bytes(segment.read_bytes()[:50])
    elif kind == "deleted segment":
        segment.unlink()
    elif kind == "garbage TOC":
        next(folder.glob("*.toc")).write_bytes(b"\x00garbage" * 10)
    elif kind == "bytes changed mid-segment":  # still reads; only the checksum tells
        with segment.open("r+b") as handle:
            handle.seek(segment.stat().st_size // 2)
            handle.write(b"\x00\x13" * 64)
        return "the index was damaged"
    elif kind == "stale lock":
        (folder / "MAIN_WRITELOCK").write_text("")  # left by a killed process: harmless
        with (library / "vitamin-d-levels.md").open("a") as changed:  # so a writer is needed
            changed.write("\nOne more line.\n")
        return None
    elif kind == "older schema":
        folder.rename(folder.with_name(folder.name.rsplit("-v", 1)[0] + "-v0"))
        return "from an older version of Myelin"
    elif kind == "unwritable cache":
        shutil.rmtree(cache)
        cache.write_text("a file where the cache folder should be")
        return "Searching from memory this session"
    return "Rebuilding the search index"


@pytest.mark.parametrize(
    "kind",
    [
        "truncated segment",
        "deleted segment",
        "garbage TOC",
        "bytes changed mid-segment",
        "stale lock",
        "older schema",
        "unwritable cache",
    ],
)
async def test_damaged_index_is_rebuilt_and_said_once(library_dir, isolated_dirs, kind):
    expected = damage_index(kind, library_dir, isolated_dirs / "cache")
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for query in ("ocrelizumab", "vitamin", "ocrelizumab"):
            await press(app, pilot, "slash")
            await type_text(app, pilot, query)
            assert "1 result" in screen_text(app)
            await press(app, pilot, "escape")
    index_notes = [m for m in said(app) if "index" in m.lower() or "memory" in m.lower()]
    if expected is None:
        assert index_notes == []
    else:
        assert len(index_notes) == 1 and expected in index_notes[0], said(app)


async def test_a_damaged_state_file_is_moved_aside_and_said_once(library_dir, isolated_dirs):
    state = isolated_dirs / "state"
    state.mkdir()
    (state / "state.json").write_bytes(b'{"bookmarks": [{"article_id": "a", "add')
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        # said on the notice line once the first screen is there, not as a toast over it
        assert app.screen.query_one(Notice).severity == "warning" and not app._notifications
        await show_article(app, pilot, "vitamin-d-levels")
        await press(app, pilot, "b")
    # Cut short: what came before the cut (the bookmark of "a") is kept, said once.
    assert len([m for m in said(app) if "cut short or damaged" in m]) == 1
    (aside,) = state.glob("state.json.damaged-*")
    assert aside.read_bytes().startswith(b'{"bookmarks"')
    assert set(StateStore(state).load().bookmarked_ids()) == {"a", "vitamin-d-levels"}


async def test_article_file_changed_or_removed_while_open(library_dir, isolated_dirs):
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "vitamin-d-levels")
        screen = app.screen
        path = library_dir / "vitamin-d-levels.md"
        path.write_text(path.read_text().replace("did not clearly reduce", "clearly cut"))
        os.utime(path, ns=(1, 1))
        screen.check_file()
        screen.check_file()  # said once, not on every check
        assert len([m for m in said(app) if "has changed on disk" in m]) == 1
        await press(app, pilot, "r")
        assert "clearly cut" in app.screen.article.takeaway
        path.unlink()
        screen.check_file()
        assert "no longer in the library" in said(app)[-1]
        await press(app, pilot, "j", "G", "g")
        assert app.is_running and "clearly cut" in screen_text(app)
