"""Questions about MS changing over the years (QA4 Q12): the long-term disability explainer
answers "does ms get worse over time", not the heat explainer ("worse")."""

from __future__ import annotations


def test_worse_over_time_finds_the_long_term_disability_explainer(bundled_engine):
    hits = bundled_engine.search("does ms get worse over time").hits
    assert hits[0].article.id == "explainer-long-term-disability"


def test_ms_progress_reads_as_disability_worsening(bundled_engine):
    results = bundled_engine.search("how fast does ms progress")
    searched = {label for u in results.understood for label in u.searched}
    assert "disability worsening" in searched
    assert results.hits[0].article.id != "metformin-aged-precursor-cells"  # a study in rats


def test_worse_beside_heat_stays_about_heat(bundled_engine):
    hits = bundled_engine.search("does heat make ms worse").hits
    assert hits[0].article.id == "explainer-heat-and-ms"
