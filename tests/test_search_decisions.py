"""A decision about a named drug (QA5 R7, on the bundled library): the question's situation
decides the first answer when an overview covers it, the drug's name narrowing, not
replacing it. "can i stop ocrevus" put two ocrelizumab trials that say "stopped" first and
the stopping explainer 10th."""

from __future__ import annotations

import pytest
from conftest import top_ids as top

STOPPING = "explainer-stopping-switching-treatment"


@pytest.mark.parametrize("typed", ["can i stop ocrevus", "stop ocrelizumab", "stopping ocrevus"])
def test_stopping_a_drug_no_article_is_about_gets_the_stopping_overview_first(
    bundled_engine, typed
):
    results = bundled_engine.search(typed)
    assert results.hits[0].article.id == STOPPING
    assert any("overview first" in note for note in results.ranking)
    assert {"ocrelizumab-primary-progressive-oratorio"} & set(
        top(bundled_engine, typed, 4)
    )  # narrows


@pytest.mark.parametrize("typed", ["coming off gilenya", "stop taking gilenya"])
def test_an_article_about_stopping_that_drug_stays_first(bundled_engine, typed):
    assert top(bundled_engine, typed, 1) == ["fingolimod-rebound-after-stopping"]


def test_a_readers_word_widened_is_not_a_situation(bundled_engine):
    """ "kids" means children: "Can I have children if I have MS?" is another sense."""
    assert top(bundled_engine, "gilenya for kids", 1) == ["paediatric-fingolimod-paradigms"]


def test_taking_says_nothing_of_what_to_read(bundled_engine):
    """ "should i stop taking kesimpta": "taking" put a duloxetine trial first."""
    assert top(bundled_engine, "should i stop taking kesimpta", 1) == [STOPPING]


@pytest.mark.parametrize("typed", ["what if i miss a dose", "i forgot a dose"])
def test_a_missed_dose_finds_the_gaps_and_pauses_between_doses(bundled_engine, typed):
    """ "miss" found "Teriflunomide in children missed its main goal" first."""
    found = set(top(bundled_engine, typed, 3))
    assert "paediatric-teriflunomide-terikids" not in found
    assert {"natalizumab-interruption-restore", STOPPING} <= found


def test_still_says_nothing_of_what_to_read(bundled_engine):
    """ "can i still work" put "Vaccines still worked on ocrelizumab" second (QA5 R7)."""
    found = top(bundled_engine, "can i still work", 2)
    assert found[0] == "explainer-work-and-daily-life"
    assert "ocrelizumab-vaccine-responses-veloce" not in found
