"""A drug's name alone (QA4 Q4): the main adult trial first, the children's trial and the
stopping, pregnancy and vaccine studies after it, unless the search asks for them."""

from __future__ import annotations

import pytest

PARTICULAR = {
    "paediatric-fingolimod-paradigms",
    "paediatric-dimethyl-fumarate-connect",
    "paediatric-teriflunomide-terikids",
    "natalizumab-interruption-restore",
    "natalizumab-stopping-for-pregnancy",
    "ocrelizumab-vaccine-responses-veloce",
}


@pytest.mark.parametrize(
    ("typed", "main"),
    [
        ("fingolimod", {"fingolimod-freedoms", "fingolimod-vs-interferon-transforms"}),
        ("Gilenya", {"fingolimod-freedoms", "fingolimod-vs-interferon-transforms"}),
        ("Tecfidera", {"dimethyl-fumarate-define", "dimethyl-fumarate-confirm"}),
        ("natalizumab", {"natalizumab-affirm"}),
        ("Tysabri", {"natalizumab-affirm"}),
        ("Ocrevus", {"ocrelizumab-relapsing-opera", "ocrelizumab-primary-progressive-oratorio"}),
        # misspelt: corrected to the name, or a spelling that stems as the name does
        ("ocrelizumb", {"ocrelizumab-relapsing-opera", "ocrelizumab-primary-progressive-oratorio"}),
        ("tecfidra", {"dimethyl-fumarate-define", "dimethyl-fumarate-confirm"}),
        # the articles named for the drug before trials comparing another drug against it
        ("teriflunomide", {"teriflunomide-temso"}),
        ("Aubagio", {"teriflunomide-temso"}),
        ("Copaxone", {"glatiramer-copolymer-1-trial"}),
    ],
)
def test_a_drug_name_alone_finds_its_main_trial_first(bundled_engine, typed, main):
    results = bundled_engine.search(typed)
    assert results.hits[0].article.id in main
    assert any("a name alone" in note for note in results.ranking)


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("teriflunomide in children", "paediatric-teriflunomide-terikids"),
        ("gilenya in teenagers", "paediatric-fingolimod-paradigms"),
    ],
)
def test_a_search_naming_the_group_finds_its_study_first(bundled_engine, typed, first):
    results = bundled_engine.search(typed)
    assert results.hits[0].article.id == first
    assert not any("a name alone" in note for note in results.ranking)


def test_a_topic_named_alone_keeps_its_own_articles_first(bundled_engine):
    """ "PML" is a topic of a particular category: its own articles are what is asked."""
    results = bundled_engine.search("pml")
    assert results.hits[0].article.id == "natalizumab-pml-risk-factors"
    assert not any("a name alone" in note for note in results.ranking)


def test_a_drug_no_article_covers_is_said_to_be_shown_through_another(bundled_engine):
    """Vumerity (diroximel fumarate) is in no article: its results are the dimethyl
    fumarate trials, and the reader is told so rather than shown another drug silently."""
    results = bundled_engine.search("vumerity")
    assert results.hits[0].article.id.startswith("dimethyl-fumarate")
    assert any(
        m.startswith("No article is about vumerity itself") and "dimethyl fumarate" in m
        for m in results.messages
    )


@pytest.mark.parametrize("typed", ["Tecfidera", "Ocrevus", "Tyruko", "jab"])
def test_another_name_of_the_same_thing_says_nothing(bundled_engine, typed):
    """A brand (or biosimilar) of a drug the articles name, or an everyday word."""
    results = bundled_engine.search(typed)
    assert not any(m.startswith("No article is about") for m in results.messages)


@pytest.mark.parametrize(
    ("typed", "explainer"),
    [
        ("kesimpta while pregnant", "explainer-pregnancy-family-planning"),
        ("tysabri side effects", "explainer-long-term-treatment-safety"),
    ],
)
def test_a_name_and_a_situation_raise_the_situations_explainer(bundled_engine, typed, explainer):
    """No article is about ofatumumab in pregnancy: the pregnancy explainer, written for
    every medicine, was 8th behind trials of other drugs that name ofatumumab."""
    results = bundled_engine.search(typed)
    assert explainer in [hit.article.id for hit in results.hits[:5]]
    assert any(note.endswith(": its explainer first") for note in results.ranking)
