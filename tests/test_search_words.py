"""Words as people type them (QA H15-H17, H27, H31, H32, on the bundled library): real
words never replaced by others, brand names and everyday words, compounds typed joined,
"did you mean" only of words that find something, the word typed first."""

from __future__ import annotations

import pytest
from conftest import top_ids as top

from tui.core.search.spelling import english_words, is_english, same_word


@pytest.fixture
def engine(bundled_engine):
    return bundled_engine


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


# -- fresh4: possessives, word families, trial names, everyday words ------------------------


@pytest.mark.parametrize("typed", ["gilenya's heart", "Gilenya\u2019s heart", "tysabri's pml risk"])
def test_a_possessive_brand_name_resolves_to_its_medicine(engine, typed):
    """ "Gilenya's" was a word in no article, corrected (and said so) or missing."""
    results = engine.search(typed)
    assert results.corrected is None and not results.missing
    assert results.hits[0].article.id.split("-")[0] in {"fingolimod", "natalizumab"}


def test_a_possessive_is_the_name_itself():
    from tui.core.search.query import words_of
    from tui.core.search.vocabulary import parts_of

    assert parts_of("Gilenya's") == parts_of("Gilenya\u2019s") == ("gilenya",)
    assert parts_of("Lhermitte's sign") == ("lhermitte", "sign")
    assert words_of("Ocrevus\u2019s side effects") == ["ocrevus's", "side", "effects"]


def test_a_doubled_consonant_form_finds_its_word_family(engine):
    """ "blurry" (stem "blurri") is of the family of "blurred" and "blurring" ("blur")."""
    from tui.core.search.concepts import family_key

    assert family_key("blurri") == family_key("blur") == "blur"
    assert family_key("stiff") == "stiff"  # nothing stripped: the word as it is
    results = engine.search("blurry eyes")
    assert not results.missing and "optic-neuritis-treatment-trial" in top(engine, "blurry eyes")


@pytest.mark.parametrize(
    ("trial", "article"),
    [("ASCLEPIOS", "ofatumumab-asclepios"), ("sakurasky", "nmosd-satralizumab-sakurasky")],
)
def test_a_trial_named_in_the_article_name_is_not_in_passing(engine, trial, article):
    """A trial named once in the text is still what the article is about: its id says so."""
    results = engine.search(trial)
    assert not results.nothing_found and results.hits[0].article.id == article


def test_a_word_only_in_passing_is_still_said(engine):
    """The id does not excuse a word only mentioned in passing elsewhere."""
    assert engine.search("psoriasis").passing == ("psoriasis",)


@pytest.mark.parametrize(
    ("typed", "article"),
    [
        ("impotence", "sildenafil-erectile-dysfunction-trial"),
        ("stiff legs", "nabiximols-spasticity-trial"),
        ("should i tell my boss", "explainer-work-and-daily-life"),
        ("is ms a death sentence", "explainer-life-expectancy"),
        ("coming off gilenya", "fingolimod-rebound-after-stopping"),
        ("how many people have ms", "ms-worldwide-atlas-2020"),
        ("i keep falling over", "falls-prevention-free-from-falls"),
    ],
)
def test_everyday_words_the_articles_do_not_use_mean_what_they_do(engine, typed, article):
    results = engine.search(typed)
    assert not results.nothing_found and article in top(engine, typed, 2)


@pytest.mark.parametrize("typed", ["constant fatigue", "my partner is always tired"])
def test_who_asks_and_how_often_say_nothing_of_what_to_read(engine, typed):
    """ "constant" and "partner" are in no article: not "no article mentions constant"."""
    results = engine.search(typed)
    assert not results.missing and not results.nothing_found
    assert results.hits[0].article.topics[0] == "Fatigue"


@pytest.mark.parametrize(
    ("typed", "topic"),
    [("tired all the time", "Fatigue"), ("worn out", "Fatigue"), ("fatige", "Fatigue")],
)
def test_an_everyday_word_for_a_topic_names_the_topic(engine, typed, topic):
    """ "tired all the time" means fatigue (synonyms.yaml), "fatige" is of its word family:
    its explainer leads, as for "fatigue" typed."""
    results = engine.search(typed)
    assert f"names the topic {topic}: its explainer first" in results.ranking
    assert results.hits[0].article.topics[0] == topic


def test_a_way_of_asking_names_no_topic(engine):
    """ "cause ms" is how the question is put ("cause" says nothing alone), though it is
    read as risk: the search names Obesity only by "overweight", and no topic leads."""
    ranking = engine.search("does being overweight cause ms").ranking
    assert not any(note.startswith("names the topic") for note in ranking)


@pytest.mark.parametrize("typed", ["ALS", "als", "ibs"])
def test_a_short_abbreviation_is_not_read_as_a_plural(engine, typed):
    """The stemmer reads "als" as the plural of "al" (of "et al.", in nearly every article)."""
    results = engine.search(f"is ms related to {typed}")
    assert results.missing == (typed,) and results.nothing_found


def test_a_short_plural_the_stemmer_keeps_is_still_searched(engine):
    """Only a cut to two letters is suspect: "dmts" and "cis" are searched as they are."""
    assert not engine.search("dmts").missing and not engine.search("cis").missing


@pytest.mark.parametrize("joined", ["epsteinbarr", "metaanalysis", "covid19"])
def test_a_compound_typed_last_in_the_app_ranks_as_in_the_cli(engine, joined):
    """The app searches as you type: the last word was never split, so "epsteinbarr" left
    on the search screen said no article mentions it, while `myelin search` found EBV."""
    typed = engine.search(joined, limit=50, as_you_type=True, facets=False)
    whole = engine.search(joined)
    assert not typed.nothing_found and typed.hits[0].article.id == whole.hits[0].article.id


def test_a_word_still_being_typed_is_not_split(engine):
    """ "pregnan" begins title words: widened as typed, not cut into "preg" and "nan"."""
    results = engine.search("pregnan", as_you_type=True, facets=False)
    assert results.hits and not results.missing


def test_two_slips_from_an_ordinary_word_is_not_a_correction(engine):
    """ "crohns" (Crohn's disease, in no article) is two edits from "cross": it said
    nothing of Crohn's and searched "cross"."""
    results = engine.search("crohns")
    assert results.corrected is None and results.missing == ("crohns",)
    assert results.nothing_found and not results.hits
    assert engine.search("ocrelizamub").corrected == "ocrelizumab"  # two slips from a name


# -- QA4 Q15: OR and AND typed in capitals are honoured, not dropped as stop words --------


def ids_of(engine, text: str) -> set[str]:
    return {hit.article.id for hit in engine.search(text, limit=None).hits}


def test_or_finds_articles_with_either_word_and_and_only_those_with_both(engine):
    fatigue, relapse = ids_of(engine, "fatigue"), ids_of(engine, "relapse")
    assert ids_of(engine, "fatigue relapse") == fatigue  # "relapse" only ranks (in most)
    assert ids_of(engine, "fatigue OR relapse") == fatigue | relapse
    both = ids_of(engine, "fatigue AND relapse")
    assert both and both == fatigue & relapse
    assert ids_of(engine, "fatigue or relapse") == fatigue  # a plain-English "or" is a word
    mixed = engine.search("fatigue AND relapse OR optic", limit=None)
    assert "OR and AND together: searched for articles with any of the words." in mixed.messages


def test_initials_with_full_stops_are_the_word_without_them(engine):
    """QA4 Q15: "M.S." found 4 articles, "ms" 171."""
    from tui.core.search.query import words_of

    assert words_of("M.S. in the U.K., 3.5 mg/kg") == ["ms", "in", "the", "uk", "3.5", "mg/kg"]
    assert ids_of(engine, "M.S.") == ids_of(engine, "ms")


# -- QA5 R6: a first letter missing, doubled or swapped is corrected too -------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("esimpta", "kesimpta"),  # `k` taken as a key on the first screen
        ("atigue", "fatigue"),
        ("elapse", "relapse"),  # not "ease", two slips away keeping the first letter
        ("regnancy", "pregnancy"),
        ("ffatigue", "fatigue"),
        ("ysabri", "tysabri"),
    ],
)
def test_a_slip_at_the_first_letter_is_corrected(engine, typed, meant):
    results = engine.search(typed)
    assert results.corrected == meant
    assert results.hits and not results.missing
