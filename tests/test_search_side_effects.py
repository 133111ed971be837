"""Side effects of a named medicine (qa4): a trial reports them as its safety, reactions
to the drip or harms, often without the words "side effects"; the medicine's own trial
comes first, not another drug's trial titled "side effects"."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("typed", "article"),
    [
        ("briumvi side effects", "ublituximab-ultimate"),  # "reactions", "serious infections"
        ("mavenclad side effects", "cladribine-clarity"),  # "safety worries", "shingles"
    ],
)
def test_a_medicines_side_effects_find_its_own_trial_first(bundled_engine, typed, article):
    hits = bundled_engine.search(typed).hits
    assert hits[0].article.id == article


def test_side_effects_also_mean_safety_and_reactions(bundled_engine):
    understood = {u.typed: u.searched for u in bundled_engine.search("side effects").understood}
    assert {"safety", "reactions"} <= set(understood["side effects"])


@pytest.mark.parametrize("typed", ["side effects of dmts", "dmt side effects"])
def test_the_side_effects_of_a_class_of_medicines_find_the_explainers(bundled_engine, typed):
    """ "side effects", found by its two words and its word pair, scored three times what
    "DMTs" did: a children's trial titled "side effects" came first (eval qa4, fresh5)."""
    top = [hit.article.id for hit in bundled_engine.search(typed).hits[:2]]
    assert "explainer-long-term-treatment-safety" in top


@pytest.mark.parametrize(
    ("typed", "main"),
    [
        ("tecfidera side effects", {"dimethyl-fumarate-define", "dimethyl-fumarate-confirm"}),
        ("is aubagio making my hair thin", {"teriflunomide-temso"}),
    ],
)
def test_one_medicine_named_with_other_words_finds_its_own_articles_first(
    bundled_engine, typed, main
):
    """The children's trial of dimethyl fumarate came before its main trials: the articles
    named for the one medicine a search names come first."""
    results = bundled_engine.search(typed)
    assert results.hits[0].article.id in main
    assert any("the articles named for it first" in note for note in results.ranking)


def test_a_word_widened_to_a_glossary_name_is_not_the_one_name(bundled_engine):
    """ "tired" searches "fatigue", a glossary name, but is no medicine: the article named
    for fatigue drugs must not come before the fatigue explainer."""
    results = bundled_engine.search("why am i always so tired")
    assert results.hits[0].article.id == "explainer-fatigue"
    assert not any("named for it" in note for note in results.ranking)
