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
