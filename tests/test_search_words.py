"""Words as people type them (QA H15-H17, H27, H31, H32, on the bundled library): real
words never replaced by others, brand names and everyday words, compounds typed joined,
"did you mean" only of words that find something, the word typed first."""

from __future__ import annotations

import pytest

from tui.core.search.spelling import english_words, is_english, same_word


@pytest.fixture
def engine(bundled_engine):
    return bundled_engine


def top(engine, text, n=3) -> list[str]:
    return [hit.article.id for hit in engine.search(text).hits[:n]]


# -- H16: an ordinary word is never replaced by another ------------------------------------


@pytest.mark.parametrize(
    ("typed", "near"),
    [("generic", "genetic"), ("lonely", "likely"), ("implant", "impact"), ("crying", "carrying")],
)
def test_an_english_word_in_no_article_is_offered_not_replaced(engine, typed, near):
    results = engine.search(typed)
    assert results.corrected is None and not results.hits
    assert results.missing == (typed,)
    assert results.suggestion == near  # offered, not searched


def test_a_misspelling_is_still_corrected_and_a_british_spelling_searched(engine):
    assert engine.search("pregnacy").corrected == "pregnancy"
    assert engine.search("smoldering lesions").corrected == "smouldering lesions"


def test_the_word_list_is_shipped_and_read():
    assert len(english_words()) > 20_000 and "#" not in english_words()
    assert is_english("Generic") and not is_english("pregnacy")
    assert same_word("smoldering", "smouldering") and same_word("anemia", "anaemia")
    assert not same_word("generic", "genetic")


@pytest.mark.parametrize("typed", ["peeing a lot", "wee a lot", "urine leaks"])
def test_everyday_bladder_words_find_the_bladder_articles(engine, typed):
    assert "botox-bladder-trial" in top(engine, typed, 2)


# -- H17: brand names and common forms -----------------------------------------------------


@pytest.mark.parametrize(
    ("brand", "article"),
    [
        ("vumerity", "dimethyl-fumarate-confirm"),
        ("bafiertam", "dimethyl-fumarate-define"),
        ("tyruko", "natalizumab-affirm"),
        ("glatopa", "glatiramer-copolymer-1-trial"),
        ("extavia", "interferon-beta-1b-ifnb-trial"),
        ("vit d", "vitamin-d-solar-trial"),
    ],
)
def test_brand_names_and_short_forms_find_the_medicine(engine, brand, article):
    results = engine.search(brand)
    assert not results.nothing_found
    assert article in [hit.article.id for hit in results.hits[:8]]


# Every MS medicine's brand names the summaries may not use: each finds an article.
BRANDS = [
    "Ocrevus",
    "Kesimpta",
    "Briumvi",
    "Tysabri",
    "Tyruko",
    "Lemtrada",
    "Mavenclad",
    "Gilenya",
    "Mayzent",
    "Zeposia",
    "Ponvory",
    "Aubagio",
    "Tecfidera",
    "Vumerity",
    "Bafiertam",
    "Copaxone",
    "Glatopa",
    "Avonex",
    "Rebif",
    "Betaferon",
    "Betaseron",
    "Extavia",
    "Plegridy",
    "Fampyra",
    "Ampyra",
    "Sativex",
]


@pytest.mark.parametrize("brand", BRANDS)
def test_every_ms_medicine_brand_finds_articles(engine, brand):
    results = engine.search(brand)
    assert results.hits and not results.missing and results.corrected is None


def test_post_partum_written_apart_is_postpartum(engine):
    for typed in ("post partum relapses", "post-partum relapses", "postpartum relapses"):
        results = engine.search(typed)
        assert not results.missing and results.corrected is None
        assert "breastfeeding-postpartum-relapses" in top(engine, typed)


# -- H32: compounds typed without their hyphen or space ------------------------------------


@pytest.mark.parametrize(
    ("joined", "article"),
    [
        ("covid19", "covid-vaccine-anti-cd20"),
        ("bcell", "ublituximab-ultimate"),
        ("il6", "nmosd-tocilizumab-tango"),
        ("aquaporin4", "nmo-igg-discovery"),
        ("epsteinbarr", "ebv-military-cohort"),
        ("metaanalysis", "age-and-dmt-efficacy-meta-analysis"),
        ("followup mri", "mri-monitoring-consensus-2021"),
    ],
)
def test_a_compound_typed_joined_is_searched_as_the_articles_write_it(engine, joined, article):
    results = engine.search(joined)
    assert not results.missing and results.corrected is None
    assert article in [hit.article.id for hit in results.hits[:10]]


def test_a_joined_word_no_article_writes_apart_is_still_missing(engine):
    assert engine.search("tattoos").missing == ("tattoos",)


# -- H31: "did you mean" only of a word that finds something --------------------------------


def test_did_you_mean_never_offers_a_word_that_finds_nothing(engine):
    """ "confounders" and "confounder" are glossary names no article uses: no circle."""
    results = engine.search("confounders")
    assert results.missing == ("confounders",) and results.suggestion is None
    assert any("explained in the glossary (press W" in m for m in results.messages)
    assert any("define confounders in the linear reader" in m for m in results.messages)


def test_immunosuppressed_means_infection_risk_and_vaccines(engine):
    results = engine.search("am i immunosuppressed on ocrevus")
    assert not results.missing and results.hits
    for word in ("immunosuppressant", "immunosuppressants", "immunosuppressive"):
        assert not engine.search(word).missing


# -- H27: nothing but words in nearly every article left ------------------------------------


@pytest.mark.parametrize("question", ["is ms contagious", "ms and tattoos"])
def test_nothing_but_ms_left_after_a_missing_word_finds_nothing(engine, question):
    results = engine.search(question)
    assert not results.hits and results.total == 0 and results.nothing_found
    assert results.missing_line == f"No article mentions {results.missing[0]}."


def test_a_missing_word_beside_a_specific_one_keeps_the_partial_hits(engine):
    results = engine.search("natalizumab tattoos")
    assert results.missing == ("tattoos",) and results.hits


# -- H15: the word typed before what it widens to ------------------------------------------


def test_a_title_with_the_readers_own_word_leads_its_synonyms(engine):
    """ "wheelchair" also searches "disability": the article titled "wheelchair" was 10th."""
    results = engine.search("wheelchair")
    assert results.hits[0].article.id == "explainer-long-term-disability"
    assert "a word as typed in a title: first" in results.ranking


def test_a_two_word_reader_phrase_is_not_read_word_by_word(engine):
    assert top(engine, "sex drive", 1) == ["sildenafil-erectile-dysfunction-trial"]


def test_a_topic_alias_typed_apart_names_the_topic(engine):
    """ "relapsing remitting" is the alias "relapsing-remitting", as "RRMS" is."""
    for typed in ("relapsing remitting", "rrms"):
        ranking = engine.search(typed).ranking
        assert "names the topic Relapses: its explainer first" in ranking, typed
