"""Clinical synonyms and everyday phrases the articles do not use find what they cover
(QA5 R8, on the bundled library): "No article mentions zoster" while four name shingles."""

from __future__ import annotations

import pytest
from conftest import top_ids as top


@pytest.mark.parametrize("typed", ["zoster", "herpes zoster", "VZV"])
def test_zoster_is_shingles(bundled_engine, typed):
    results = bundled_engine.search(typed)
    assert not results.missing and not results.nothing_found
    found = {hit.article.id for hit in results.hits}
    assert {
        "cladribine-clarity",
        "fingolimod-freedoms",
        "explainer-long-term-treatment-safety",
    } <= found


@pytest.mark.parametrize("typed", ["dmd", "DMDs"])
def test_dmd_is_a_disease_modifying_therapy(bundled_engine, typed):
    assert top(bundled_engine, typed, 1) == ["explainer-how-dmts-differ"]


@pytest.mark.parametrize("typed", ["omega 3", "omega-3"])
def test_omega_3_is_the_fish_oils_of_the_diet_articles(bundled_engine, typed):
    assert set(top(bundled_engine, typed, 2)) == {
        "diet-interventions-review",
        "explainer-diet-and-ms",
    }


def test_going_away_asks_whether_ms_can_be_cured(bundled_engine):
    assert top(bundled_engine, "can ms go away", 1) == ["explainer-can-ms-be-cured"]


@pytest.mark.parametrize("typed", ["old age", "elderly", "ms in old age"])
def test_old_age_is_growing_older_with_ms(bundled_engine, typed):
    """The ageing explainer says "older people" and "growing older": "old age" put a
    study of old rats first, "elderly" two menopause studies."""
    assert top(bundled_engine, typed, 1) == ["explainer-ageing-with-ms"]


@pytest.mark.parametrize("typed", ["how do doctors diagnose ms", "tests to diagnose ms"])
def test_diagnosing_ms_is_the_mcdonald_criteria(bundled_engine, typed):
    assert set(top(bundled_engine, typed, 2)) == {
        "mcdonald-2017-criteria",
        "mcdonald-2024-criteria",
    }


@pytest.mark.parametrize(("typed", "term"), [("what does ms stand for", "Multiple sclerosis")])
def test_what_a_short_form_stands_for_is_its_glossary_line(bundled_engine, typed, term):
    """ "stand" was searched as a word: an allergy-pill trial first and no glossary line."""
    results = bundled_engine.search(typed)
    assert results.defined is not None and results.defined.term == term
    assert results.hits[0].article.id != "clemastine-rebuild"
