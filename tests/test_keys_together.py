"""Keys and pastes that arrive together are read as the person meant, and never end the app.

A paste is text, whatever it holds: text copied with its colours, links or other escape
sequences goes into the box as its words, and none of its lines runs as a command (QA4 Q2:
the first escape ended the paste, the line break submitted the question box, and the next
lines ran as keys on the bookmarks screen until the app fell over)."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import FIXTURE_LIBRARY, ROOT
from test_no_lost_session import question_typed
from textual import events

from tui.app.keyboard import PasteWholeParser

sys.path.insert(0, str(ROOT / "benchmarks"))
from wire_bytes import Terminal, environment

COLOURED = "has \x1b[31mred\x1b[0m colour\rL2 \x1b]8;;https://e.example\x07link\x1b]8;;\x07\rL3 d n"


def parsed(*reads: str) -> list[tuple[str, str]]:
    parser = PasteWholeParser()
    tokens = [token for data in reads for token in parser.feed(data)]
    return [
        ("paste", token.text) if isinstance(token, events.Paste) else ("key", token.key)
        for token in tokens
        if isinstance(token, events.Paste | events.Key)
    ]


@pytest.mark.parametrize("cut", range(1, 70))
def test_a_paste_with_escapes_is_one_paste_of_its_words_however_the_reads_fall(cut):
    data = f"a\x1b[200~{COLOURED}\x1b[201~b"
    assert parsed(data[:cut], data[cut:]) == [
        ("key", "a"),
        ("paste", "has red colour\rL2 link\rL3 d n"),
        ("key", "b"),
    ]


def test_keys_outside_a_paste_are_read_as_before():
    assert parsed("j\x1b[Bq") == [("key", "j"), ("key", "down"), ("key", "q")]


def test_a_coloured_multi_line_paste_into_the_question_box_runs_nothing(tmp_path):
    lines = "".join(f"L{n} \x1b[1mx\x1b[0m y\r" for n in range(30))
    paste = f"\x1b[200~ {COLOURED}\r{lines}\x1b[201~".encode()
    saved = question_typed(tmp_path, "and", paste, b"L29 x y")
    question = saved.bookmarks["ebv-risk"].question
    assert question.startswith("first and has red colour")
    assert "L2 link" in question and "L29 x y" in question and "\x1b" not in question
    assert not list(tmp_path.glob("myelin-appointment-notes-*"))  # the pasted "n" ran nothing
    assert set(saved.bookmarks) == {"ebv-risk"}  # nor did its "d"
    assert not os.path.exists(tmp_path / "data" / "myelin" / "state.json.broken")


async def test_a_dialog_answers_once_and_the_screen_below_stays(isolated_dirs):
    """Two submits queued before the box closed popped the bookmarks screen too, then the
    app ("Can't pop screen")."""
    from app_helpers import make_app, press, settle

    from tui.app.screens.bookmarks import BookmarksScreen
    from tui.app.screens.dialogs import QuestionDialog

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "e")
        dialog = app.screen
        assert isinstance(dialog, QuestionDialog)
        dialog.dismiss("asked once")
        dialog.dismiss("asked twice")
        await settle(app, pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert app.state.bookmarks["ebv-risk"].question == "asked once"


async def test_keys_that_arrive_together_never_end_the_app(isolated_dirs):
    """QA4 Q3, Q5: a second Enter on a search result reached an article screen not drawn
    yet (NoMatches), ctrl+p twice opened a second palette (DuplicateIds), and Enters after
    the palette's answer popped the screens below it."""
    from app_helpers import make_app, settle

    from tui.app.commands import MyelinPalette
    from tui.app.screens.article import ArticleScreen
    from tui.app.screens.browse import BrowseScreen
    from tui.app.widgets.article_view import ArticleView

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_article("ebv-risk")
        app.open_article("vitamin-d-levels")  # the same burst: the screen is not drawn yet
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.query_one(ArticleView).article.id == "vitamin-d-levels"
        assert len(app.screen_stack) == 2
        app.pop_screen()
        await settle(app, pilot)
        app.action_command_palette()
        app.action_command_palette()
        await settle(app, pilot)
        palettes = [s for s in app.screen_stack if isinstance(s, MyelinPalette)]
        assert len(palettes) == 1
        palettes[0].dismiss()
        palettes[0].dismiss()
        await settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen) and len(app.screen_stack) == 1


def test_keys_of_one_read_carry_the_word_they_spell():
    parser = PasteWholeParser()
    spelled = [getattr(key, "typed_run", None) for key in parser.feed("kesimpta")]
    assert spelled == ["kesimpta"] * 8
    assert [getattr(key, "typed_run", None) for key in parser.feed("j")] == [None]
    runs = [getattr(key, "typed_run", None) for key in parser.feed("ab\rcd")]
    assert runs == ["ab", "ab", None, "cd", "cd"]


@pytest.mark.parametrize(
    "word", ["kesimpta", "quality of life", "Tecfidera", "Brain fog", "Wheelchair", "What is PIRA"]
)
def test_a_word_typed_on_the_first_screen_is_searched_whole(tmp_path, word):
    """QA4 Q13: its first letter ran the key it is bound to (k up, q quit, T theme, B
    bookmarks) and only the rest was searched: "esimpta", no results, or a crash."""
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        term.key(word.encode(), until=b"results")
        assert f"  {word} " in term.screen.text()  # the whole word in the search box
        assert term.process.poll() is None
    finally:
        term.close()


def test_key_letters_together_are_still_keys(tmp_path):
    """A run of key letters alone (j held down over SSH arrives as "jjj") moves, as before."""
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        term.key(b"jjj", until=b"Recently read")
        assert "Type to search" not in term.screen.text()
        assert "Recently read" in term.screen.text().splitlines()[1]  # the list's title
    finally:
        term.close()


def test_keys_after_q_in_one_burst_end_the_app_cleanly(tmp_path):
    """QA4 Q13: q, an arrow and a letter in one burst: the letter opened the search screen
    as the app closed, which found its widgets gone (NoMatches, status 1)."""
    term = Terminal(environment(tmp_path, ssh=False), FIXTURE_LIBRARY)
    try:
        term.drain(until=b"articles")
        os.write(term.controller, b"q\x1b[Bxyz")
        assert term.process.wait(timeout=30) == 0
    finally:
        term.close()
    assert b"Traceback" not in term.seen and b"NoMatches" not in term.seen
