"""A slow typist's first letter taken as a key on the first screen is put back (QA5 R6):
`g` of "groups" goes to the top of the topics, then "roups" is searched; as typed it is in
no article, so the search is for "groups", said as a correction that ctrl+y undoes."""

from __future__ import annotations

from app_helpers import make_app, press, screen_text, settle, type_text
from conftest import FIXTURE_LIBRARY

from tui.app.screens.search import SearchScreen
from tui.core.search import lost_letter


async def test_a_letter_taken_as_a_key_just_before_a_search_is_its_first_letter(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "g")  # one key at a time, as a slow typist's arrive
        await type_text(app, pilot, "roups")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "roups"  # what was typed stays
        results = app.screen.results
        assert results.corrected == "groups" and not results.missing
        assert [h.article.id for h in results.hits] == ["vitamin-d-levels"]
        assert "Showing results for groups · search instead for roups" in screen_text(app)
        await press(app, pilot, "ctrl+y")  # the words as typed, as asked
        assert app.screen.results.missing == ("roups",) and not app.screen.results.hits


async def test_a_word_found_as_typed_keeps_its_own_first_letter(isolated_dirs):
    """`j` pressed to move, then "fatigue" typed: the search is for fatigue, not "jfatigue"."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j")
        await type_text(app, pilot, "tired")
        assert app.screen.results.corrected is None
        assert app.screen.results.hits[0].article.id == "fatigue-explainer"


def test_the_letter_is_tried_only_when_the_first_word_as_typed_finds_nothing(bundled_engine):
    """ "rain" is an ordinary word, never corrected to "brain" by spelling alone; with the
    `b` taken just before, "rain fog" is brain fog. "fatigue" after `k` stays fatigue."""
    assert bundled_engine.search("rain fog").corrected is None
    results = lost_letter.search(bundled_engine, "rain fog", "b")
    assert results.corrected == "brain fog" and results.text == "rain fog"
    assert results.hits[0].article.id == "explainer-brain-fog"
    assert lost_letter.search(bundled_engine, "fatigue", "k").corrected is None
    as_typed = lost_letter.search(bundled_engine, "rain fog", "b", correct=False)
    assert as_typed.corrected is None
