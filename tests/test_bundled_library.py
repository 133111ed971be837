"""The library Myelin ships: complete, valid, linked, and searchable in plain English."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import yaml
from conftest import BUNDLED_LIBRARY

from tui.core.library import load_library
from tui.core.topics import OTHER_CATEGORY


@pytest.fixture(scope="module")
def library():
    return load_library(BUNDLED_LIBRARY)


@pytest.fixture
def engine(bundled_engine):
    return bundled_engine


def test_check_reports_no_problems(library):
    assert [str(p) for p in library.problems] == []


def test_myelin_check_passes_on_the_bundled_library(capsys):
    """What a contributor runs: `myelin check library/` exits 0 with no problems or warnings."""
    from tui.cli import main

    assert main(["check", str(BUNDLED_LIBRARY)]) == 0
    out = capsys.readouterr().out
    assert "0 problems" in out and "warning" not in out, out


def test_every_article_says_when_it_was_reviewed(library):
    today = date.today()
    for article in library.articles.values():
        assert article.reviewed, f"{article.id}: add `reviewed: YYYY-MM-DD`"
        assert article.date <= article.reviewed <= today, article.id


def test_study_types_come_from_the_documented_list(library):
    from tui.core.evidence import STUDY_TYPES

    for article in library.articles.values():
        if article.kind == "summary":
            assert article.study_type in STUDY_TYPES, f"{article.id}: {article.study_type}"


def test_credibility_follows_the_rubric(library):
    """docs/library-format.md: lab/animal and phase 1 at most 2, phase 2 and narrative
    reviews at most 3, a case report 1, consensus criteria 4."""
    from tui.core.evidence import credibility_bounds

    checked = 0
    for article in library.articles.values():
        bounds = credibility_bounds(article)
        if bounds:
            checked += 1
            low, high = bounds
            assert low <= article.credibility <= high, (
                f"{article.id}: a {article.study_type} rated {article.credibility}"
            )
    assert checked >= 5  # the rule is applied to real articles, not to none


def test_counts(library):
    kinds = Counter(a.kind for a in library.articles.values())
    assert kinds["summary"] >= 40 and kinds["explainer"] >= 8
    assert len(library.glossary.terms) >= 60


def test_the_readme_gives_the_librarys_counts(library):
    """The README's description of the bundled library stays true as articles are added."""
    import re

    readme = " ".join((BUNDLED_LIBRARY.parent / "README.md").read_text().split())
    said = re.search(
        r"holds (\d+) research summaries and (\d+) explainers .*? plus (\d+) topics in "
        r"(\d+) categories and a glossary of more than (\d+) terms",
        readme,
    )
    assert said, "the README's 'The bundled library' paragraph lost its counts"
    summaries, explainers, topics, categories, terms = map(int, said.groups())
    kinds = Counter(a.kind for a in library.articles.values())
    assert (summaries, explainers) == (kinds["summary"], kinds["explainer"])
    assert (topics, categories) == (len(library.topics.topics), len(library.topics.categories))
    assert terms < len(library.glossary.terms)


def test_topics_are_described_grouped_and_used(library):
    categories = [c for c in library.topics.categories if c.name != OTHER_CATEGORY]
    assert len(categories) >= 6
    assert OTHER_CATEGORY not in [c.name for c in library.topics.categories]  # all topics known
    topics = library.topics.topics
    assert len(topics) >= 20
    counts = library.topic_counts()
    for topic in topics:
        assert topic.description and topic.aliases, topic.name
        assert counts.get(topic.name, 0) >= 2, f"{topic.name} is used by fewer than 2 articles"


def test_summaries_are_complete_and_honestly_dated(library):
    today = date.today()
    for article in library.articles.values():
        assert article.date <= today, article.id
        if article.kind == "summary":
            assert article.source and article.source.journal, article.id
            assert article.date.year >= article.source.year, article.id
            assert article.credibility_note and article.study_type, article.id
            assert len(article.considerations.split()) >= 25, f"{article.id}: thin caveats"
    assert len({a.credibility for a in library.articles.values() if a.credibility}) >= 3
    assert len({a.interest for a in library.articles.values() if a.interest}) >= 3
    summaries = [a for a in library.articles.values() if a.kind == "summary"]
    assert len({a.study_type for a in summaries}) >= 6, "study types should vary"
    assert len({a.date.year for a in summaries}) >= 3, "dates should vary"
    assert len({a.source.year for a in summaries}) >= 10, "sources should span many years"


def test_related_links_as_written_resolve_and_are_not_self_links():
    """Read the files themselves: the loader drops dangling ids, so check what was written."""
    files = sorted(BUNDLED_LIBRARY.glob("*.md"))
    ids = {f.stem for f in files}
    for f in files:
        front = yaml.safe_load(f.read_text(encoding="utf-8").split("---")[1])
        related = front.get("related", [])
        assert f.stem not in related, f.name
        assert set(related) <= ids, f"{f.name}: {set(related) - ids}"


def test_glossary_entries_are_complete(library):
    for term in library.glossary.terms:
        assert term.aliases and term.definition and term.why_it_matters, term.term


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("does vitamin D reduce relapses?", {"vitamin-d-solar-trial"}),
        ("Epstein-Barr virus", {"ebv-military-cohort", "ebv-molecular-mimicry-glialcam"}),
        ("is it safe to get vaccinated?", {"vaccines-and-relapse"}),
        ("can I breastfeed my baby", {"breastfeeding-postpartum-relapses"}),
        ("ocrelizumab primary progressive", {"ocrelizumab-primary-progressive-oratorio"}),
        ("stem cell transplant", {"ahsct-mist-trial", "ahsct-long-term-outcomes"}),
        ("imuran", {"nmosd-tocilizumab-tango"}),  # brand names patients know
        ("Bjørnevik", {"ebv-military-cohort"}),  # names pasted with their accents
        ("ocrevus zunovo", {"ocrelizumab-subcutaneous-ocarina-ii"}),
        ('"paramagnetic rim"', {"rim-lesions-disability"}),
        (
            "what does progression independent of relapse activity mean",
            {"explainer-pira", "pira-pooled-trials", "pira-how-disability-builds"},
        ),
        (
            "why am I always tired",
            {"explainer-fatigue", "fatigue-drugs-triumphant", "exercise-for-fatigue-review"},
        ),
        ("what do the words in my MRI report mean", {"explainer-mri-report-words"}),
        ("neurofilament light blood test", {"serum-nfl-biomarker", "serum-nfl-reference-values"}),
        ("does smoking cause MS", {"smoking-and-ms-risk", "explainer-lifestyle-and-ms"}),
        ("is MS hereditary", {"genetics-genomic-map", "genetics-severity-locus"}),
        (
            "will my children inherit MS",  # the explainer says what a child's risk is
            {
                "genetics-genomic-map",
                "genetics-severity-locus",
                "explainer-pregnancy-family-planning",
            },
        ),
        ("what is smouldering MS", {"chronic-active-lesion-cells", "rim-lesions-disability"}),
        (
            "NMOSD aquaporin-4 antibody",
            {"nmo-igg-discovery", "nmosd-diagnostic-criteria", "nmosd-eculizumab-prevent"},
        ),
    ],
)
def test_plain_english_questions_find_the_right_article_in_the_top_three(
    engine, question, expected
):
    top = [h.article.id for h in engine.search(question).hits[:3]]
    assert expected & set(top), f"{question!r} gave {top}"


def test_a_question_about_two_things_puts_the_article_about_both_first(engine):
    # Both vitamin D trials measured relapses; either one first answers the question.
    assert engine.search("does vitamin D reduce relapses?").hits[0].article.id in {
        "vitamin-d-solar-trial",
        "vitamin-d-dlay-ms",
    }


def test_contractions_typed_without_the_apostrophe_are_left_out_not_corrected(engine):
    """Patients type "cant" and "dont": a failed search or "results for dot" reads as broken."""
    from tui.core.search.engine import SEARCH_FAULT

    sleep = engine.search("i cant sleep")
    assert SEARCH_FAULT not in sleep.messages and sleep.total
    texts = [(h.article.title + h.article.body + h.article.takeaway) for h in sleep.hits[:3]]
    assert all("sleep" in text.lower() for text in texts)
    for question in ("dont relapse", "doesnt help", "wont walk"):
        results = engine.search(question)
        assert results.corrected is None and results.total, question


def test_words_the_library_ignores_are_searched_when_nothing_else_is_typed(engine):
    """`ignore:` leaves "cause" out beside other words; alone it must not become "no
    articles" while 80-odd articles use it (a library's list could erase any word)."""
    alone = engine.search("cause")
    assert alone.total > 50
    assert "cause says little on its own" in alone.messages[0]
    assert not engine.search("what causes ms").messages


def test_a_misspelt_stop_word_is_never_corrected_into_a_stop_word(engine):
    from tui.core.search.engine import SEARCH_FAULT

    for question in ("fior relapse", "foer ms", "teh fatigue"):
        results = engine.search(question)
        assert SEARCH_FAULT not in results.messages and results.total, question
        searched = (results.corrected or question).split()
        assert not {"for", "the", "of"} & set(searched), (question, results.corrected)


def test_a_misspelling_is_corrected_and_said(engine):
    results = engine.search("ocrelizumb")
    assert results.corrected == "ocrelizumab" and results.hits
    assert engine.search("ocrelizumb", correct=False).suggestion == "ocrelizumab"


def test_summaries_are_written_in_plain_language(library):
    """Flesch-Kincaid grade: every article at most grade 10, the library on average at most 9."""
    from tui.core.readability import grade

    grades = {
        a.id: grade("\n\n".join([a.takeaway, a.body, a.considerations]))
        for a in library.articles.values()
    }
    assert max(grades.values()) <= 10, max(grades.items(), key=lambda item: item[1])
    assert sum(grades.values()) / len(grades) <= 9
