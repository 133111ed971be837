"""The commonest question typed in other forms (QA4 Q14): "what cause ms", "whats causes
ms", "wat causes ms" ask what "what causes ms" asks; a misspelt question word is a question,
never a word the library lacks."""

from __future__ import annotations

import pytest

from tui.core.search.spelling import a_question_word


@pytest.mark.parametrize("typed", ["what", "whats", "what's", "hows", "how"])
def test_a_question_word_and_its_contractions_open_a_question(typed):
    assert a_question_word(typed)


@pytest.mark.parametrize("typed", ["wat", "waht", "wht", "hwo", "whta"])
def test_a_slip_of_a_question_word_opens_a_question_only_when_allowed(typed):
    assert a_question_word(typed, slip=True)
    assert not a_question_word(typed)


@pytest.mark.parametrize("typed", ["hw", "ms", "in", "dog", "gout"])
def test_short_or_distant_words_are_no_question_slip(typed):
    assert not a_question_word(typed, slip=True)


@pytest.mark.parametrize(
    "typed",
    ["what causes ms", "what cause ms", "whats causes ms", "wat causes ms", "waht causes ms"],
)
def test_every_form_of_what_causes_ms_finds_the_cause_explainer_first(bundled_engine, typed):
    results = bundled_engine.search(typed)
    assert results.hits[0].article.id == "explainer-what-causes-ms"
    assert not results.missing  # "wat" is a slip, not a word no article mentions


def test_a_misspelt_question_word_is_said_to_be_ignored(bundled_engine):
    results = bundled_engine.search("wat is a relapse")
    assert [(u.typed, u.how) for u in results.understood][:1] == [("wat", "ignored")]
    assert results.hits[0].article.id == "explainer-relapses"


def test_a_word_of_the_library_near_a_question_word_is_searched(bundled_engine):
    """ "dose" is one letter from "does" but a word of its own: searched, not ignored."""
    results = bundled_engine.search("dose of vitamin d")
    assert ("dose", "ignored") not in [(u.typed, u.how) for u in results.understood]


def test_a_named_risk_factor_leads_over_the_way_of_asking(bundled_engine):
    """Beside "overweight", "cause ms" is how the question is put: the study first."""
    hits = bundled_engine.search("does being overweight cause ms").hits
    assert hits[0].article.id == "obesity-adolescence-nurses-cohorts"


@pytest.mark.parametrize("typed", ["mri lesions meaning", "lesions on mri meaning"])
def test_asking_what_something_means_is_a_question(bundled_engine, typed):
    """ "meaning" says the reader wants an explanation, wherever it stands: trials that
    mention lesions on MRI came before the explainer of MRI report words (eval qa4)."""
    results = bundled_engine.search(typed)
    assert results.hits[0].article.id == "explainer-mri-report-words"
    assert "a question: explainers first" in results.ranking


def test_how_much_asks_about_an_amount_not_the_word_much(bundled_engine):
    """ "much" (in 73 of 176 articles) counted as a word to match: the genetic vitamin D
    study, which says "much" and "take", came before the trials of vitamin D doses."""
    results = bundled_engine.search("how much vitamin d should i take")
    assert "much" not in [u.typed for u in results.understood]
    assert results.hits[0].article.id in {"vitamin-d-solar-trial", "vitamin-d-dlay-ms"}
