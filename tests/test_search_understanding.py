"""How search understands patients' questions, on the bundled library (issue 13's failures)."""

from __future__ import annotations

import pytest
from conftest import copy_bundled
from conftest import top_ids as top

from tui.core.library import load_library
from tui.core.search.concepts import family_key
from tui.core.synonyms import load_synonyms


@pytest.fixture
def engine(bundled_engine):
    return bundled_engine


@pytest.mark.parametrize(
    ("typed", "corrected", "expected"),
    [
        ("ocrelizamab", "ocrelizumab", "ocrelizumab"),
        ("pregnacy", "pregnancy", "pregnan"),
        ("tisabri", "tysabri", "natalizumab"),
        ("siponomod", "siponimod", "siponimod"),
    ],
)
@pytest.mark.parametrize("as_you_type", [False, True], ids=["cli", "typed in the reader"])
def test_a_confident_correction_is_searched_and_said(
    engine, typed, corrected, expected, as_you_type
):
    """The reader searches as you type: a last word that begins no word of the library is
    a whole word to correct, as the CLI does."""
    results = engine.search(typed, as_you_type=as_you_type)
    assert results.corrected is not None and results.corrected.lower() == corrected
    assert expected in results.hits[0].article.id  # the library grows: any such article
    assert engine.search(typed, correct=False).hits == []  # "search instead for"


@pytest.mark.parametrize("typed", ["RRMS", "GWAS", "HSCT", "meds", "Foley", "7T", "EBNA1"])
def test_acronyms_names_and_lay_words_are_never_mangled(engine, typed):
    results = engine.search(typed)
    assert results.corrected is None and results.suggestion is None, typed
    assert results.hits and not results.missing, typed


@pytest.mark.parametrize(
    ("typed", "how", "searched"),
    [
        ("teenagers", "synonym", "paediatric"),  # synonyms.yaml lists "teenager"
        ("teriflunomid", "glossary", "teriflunomid"),  # the glossary's "teriflunomide"
    ],
)
def test_a_name_typed_in_another_form_of_its_words_is_the_name(engine, typed, how, searched):
    """Names were looked up only as spelled in the library's data: "teenagers" missed the
    synonym "teenager" (MS in young people) and was searched as a plain word."""
    understood = engine.search(typed).understood[0]
    assert understood.how == how and searched in understood.searched


def test_a_misspelt_name_of_the_family_of_a_name_is_searched_as_the_name(engine):
    """ "ocrevis" is in no article; "Ocrevus" is in one (OCARINA II names the brand), so
    the word was widened to its stem family and searched as the word "Ocrevus" alone: one
    article, said to be only a mention in passing. It is the name, and means ocrelizumab."""
    results = engine.search("ocrevis")
    assert "ocrelizumab" in results.understood[0].searched
    assert not results.nothing_found
    assert results.hits[0].article.id.startswith("ocrelizumab")


def test_a_name_of_several_words_is_not_found_in_other_forms(engine):
    """ "does ms cause" is not "ms caused" (of "is ms caused by", the question what causes
    MS): the MS risk factor studies came before the erectile dysfunction trial."""
    results = engine.search("does ms cause erectile dysfunction")
    assert "ms cause" not in [u.typed for u in results.understood]
    assert results.hits[0].article.id == "sildenafil-erectile-dysfunction-trial"


def test_pins_and_needles_is_a_lay_phrase_not_a_typo(engine):
    results = engine.search("pins and needles")
    assert results.suggestion is None and results.corrected is None and results.hits


@pytest.mark.parametrize(
    ("typed", "expected"), [("pregnan", "pregnancy-relapse-rate"), ("remyel", "clemastine-rebuild")]
)
def test_unfinished_words_find_the_words_they_begin(engine, typed, expected):
    assert expected in top(engine, typed)


def test_stem_families_meet():
    assert family_key("misdiagnos") == family_key("misdiagnosi")  # misdiagnosed, misdiagnosis
    assert family_key("wors") == family_key("worsen")  # worse, worsening
    assert family_key("relaps") != family_key("relat")


def test_misdiagnosed_finds_the_article_on_misdiagnosis(engine):
    assert "explainer-ms-lookalikes" in top(engine, "misdiagnosed")
    assert top(engine, "misdiagnosed with ms", n=1) == ["explainer-ms-lookalikes"]


def test_a_synonym_group_scores_as_its_best_variant(engine):
    """An article listing every name for a relapse does not win by their sum."""

    def scores(text):
        hits = engine.search(text, limit=None, sort="newest").hits
        return {h.article.id: h.score for h in hits}

    group, alone, flare = scores("relapse"), scores('"relapse"'), scores('"flare-up"')
    both = "explainer-relapses"
    assert both in alone and both in flare
    assert max(alone[both], 0.9 * flare[both]) == pytest.approx(group[both])
    assert "flare up" in engine.search("relapse").understood[0].searched


def test_topic_aliases_point_one_way_and_siblings_never_meet(engine):
    ppms = engine.search("PPMS", limit=None).understood[0]
    assert "spms" not in ppms.searched and "secondary progressive ms" not in ppms.searched
    assert "progressive ms" in ppms.searched  # the alias reaches its topic
    topic = engine.search("progressive MS").understood[0]
    assert "ppms" not in topic.searched and "spms" not in topic.searched
    nfl = engine.search("NfL").understood[0]
    assert "gfap" not in nfl.searched


def test_a_glossary_phrase_also_matches_its_words_apart(engine):
    found = top(engine, "cortical lesions 7T", n=5)
    assert {"explainer-mri-report-words", "mcdonald-2017-criteria"} <= set(found)
    assert "rim-lesions-disability" in found  # "7T" -> 7-tesla (synonyms.yaml)


def test_lay_words_come_from_the_library_data(engine):
    assert engine.library.synonyms.means["jab"] == ("vaccine", "vaccination")
    assert "vaccines-and-relapse" in top(engine, "flu jab")
    assert "explainer-pregnancy-family-planning" in top(engine, "will my daughter get ms")
    vs = engine.search("ms vs nmosd").understood
    assert [u.how for u in vs if u.typed == "vs"] == ["ignored"]


def test_a_relation_word_also_means_relatives(engine):
    """A daughter is a child and a relative: will she get MS asks about family risk."""
    assert "relatives" in engine.library.synonyms.means["daughter"]
    assert "relatives" not in engine.library.synonyms.means["kids"]  # "gilenya for kids" is age
    assert top(engine, "will my daughter get ms too", n=1) == ["explainer-is-ms-inherited"]


def test_lay_drugs_also_means_therapies(engine):
    """Patients say "drugs"; the explainers say "therapies" and "treatments"."""
    assert engine.library.synonyms.means["drugs"] == ("therapies", "treatments")
    assert "explainer-how-dmts-differ" in top(engine, "how are the ms drugs different", n=2)


@pytest.mark.parametrize(
    ("brand", "expected"),
    [
        ("zeposia", "ozanimod-sunbeam"),
        ("cymbalta", "duloxetine-neuropathic-pain-trial"),
        ("botox", "botox-bladder-trial"),
        ("zocor", "simvastatin-ms-stat2"),
        ("IVMP", "optic-neuritis-treatment-trial"),
    ],
)
def test_brand_names_and_shorthand_find_the_medicine(engine, brand, expected):
    """Every medicine the summaries name has its brand names in the glossary."""
    assert expected in top(engine, brand, n=3)


def test_a_parent_or_sibling_with_ms_asks_about_the_risk_to_relatives(engine):
    assert top(engine, "my mum has ms will i get it", n=1) == ["explainer-is-ms-inherited"]


@pytest.mark.parametrize(
    "question", ["what else could it be if not ms", "could it be something other than ms"]
)
def test_what_else_could_it_be_finds_the_lookalikes(engine, question):
    """A way of asking ("else" + "MS") is searched for what it means, not for its words."""
    assert top(engine, question, n=1) == ["explainer-ms-lookalikes"]


def test_a_question_about_causes_is_about_the_risk_of_ms(engine):
    """ "caused" is how the question is asked: the virus primer that says "caused by a
    virus" (of another disease) is not the answer; "what causes ms" finds risk factors."""
    assert top(engine, "is ms caused by a virus", n=1) == ["explainer-viruses-and-ms"]
    causes = top(engine, "what causes ms", n=5)
    assert "smoking-and-ms-risk" in causes and "explainer-ms-lookalikes" not in causes


def test_synonyms_yaml_problems_name_file_line_and_fix(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text(
        "synonyms:\n  - words: [jab]\n    means: [vaccine]\n  - words: [jab]\n    means: [x]\n"
        "  - words: [shot]\n  - nope\nextra: 1\n",
        encoding="utf-8",
    )
    synonyms, problems = load_synonyms(path)
    assert synonyms.means == {"jab": ("vaccine",)}
    text = [str(p) for p in problems]
    assert any(':4: entry 2: "jab" is listed twice' in t for t in text), text
    assert any("entry 3 needs `words:` and `means:`" in t for t in text), text
    assert any('unknown field "extra"' in t for t in text), text


def test_hyphens_and_stars_in_names(engine):
    # The two summaries that name the variant in their titles or takeaways lead, either order.
    naming = {"genetics-genomic-map", "smoking-hla-interaction-five-countries"}
    assert set(top(engine, "HLA-DRB1*15")[:2]) == naming
    assert set(top(engine, "HLA-DRB1")[:2]) == naming
    hyphen, space = engine.search("Epstein-Barr"), engine.search("Epstein Barr")
    assert hyphen.understood == space.understood


def test_honest_nothing_found_then_partial_matches_labelled(engine):
    # an invented drug name: the library grows (it has low dose naltrexone now)
    results = engine.search("low dose zorbitamab")
    assert results.missing == ("zorbitamab",) and results.nothing_found
    assert results.messages[-1] == (
        "No article mentions zorbitamab; these match only part of the search."
    )
    alone = engine.search("zorbitamab")
    assert alone.hits == [] and alone.missing_line == "No article mentions zorbitamab."


def test_near_stop_words_neither_find_nor_count(engine):
    everything = engine.search("MS")
    children = engine.search("ms children")
    assert children.understood[0].how == "near-stop"
    assert 0 < children.total < everything.total / 3
    assert all(
        "paediatric" in engine.library.get(found).topics
        or "Paediatric MS" in engine.library.get(found).topics
        for found in top(engine, "ms in children", n=2)
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Bjornevik", "ebv-military-cohort"),
        ("Bjornevik 2022", "ebv-military-cohort"),
        ("Hauser", "ocrelizumab-relapsing-opera"),
        ("Montalban", "evobrutinib-phase2"),
    ],
)
def test_authors_are_searchable(engine, typed, expected):
    assert expected in top(engine, typed, n=2)


def test_a_question_in_plain_words_prefers_the_explainer(engine):
    assert "explainer-relapses" in top(engine, "what is a relapse?")
    first = top(engine, "why am i always so tired")[0]
    assert engine.library.get(first).kind == "explainer", first  # the library grows


@pytest.mark.parametrize(
    ("typed", "explainer"),
    [
        ("relapse", "explainer-relapses"),
        ("relapses", "explainer-relapses"),
        ("fatigue", "explainer-fatigue"),
    ],
)
def test_a_search_naming_only_a_topic_puts_its_explainer_first(engine, typed, explainer):
    """By words alone, trials that say "relapses" in their titles rank with the explainer."""
    assert top(engine, typed, n=1) == [explainer]
    assert top(engine, typed, n=1, as_you_type=True) == [explainer]


def test_a_search_with_more_than_a_topic_is_left_to_its_words(engine):
    """ "pills" asks for a treatment: the fatigue drug trial, not the fatigue explainer."""
    assert top(engine, "pills for ms tiredness", n=1) == ["fatigue-drugs-triumphant"]


def test_a_search_is_about_ms_unless_it_names_another_condition(engine):
    """A MOGAD or NMOSD relapse is not what "steroids for a relapse" asks about."""
    other = {"mogad-relapse-predictors-liverpool", "nmosd-rituximab-rin-1"}
    found = top(engine, "steroids for a relapse", n=2)
    assert "explainer-relapses" in found and not other & set(found)
    assert {"nmosd-rituximab-rin-1", "explainer-nmosd-mogad-vs-ms"} <= set(
        top(engine, "relapse nmosd", n=3) + top(engine, "steroids for a relapse in nmosd", n=3)
    )


def test_search_details_say_what_changed_the_order(engine):
    from tui.core.search.present import explain

    lines = explain(engine.search("steroids for a relapse"))
    assert "  ranking: about MS: articles mainly about other conditions after" in lines
    lines = explain(engine.search("relapse"))
    assert "  ranking: names the topic Relapses: its explainer first" in lines
    named = engine.search("relapse nmosd").ranking  # names NMOSD: nothing set aside
    assert not [note for note in named if "other conditions" in note]


def test_a_known_name_of_two_words_is_one_term_not_a_walk_of_positions(engine):
    """ "side effects" (a glossary alias) is looked up in the index's `pairs` field."""
    query = engine.search("disease modifying therapy side effects").query
    terms = {(field, text) for field, text in query.iter_all_terms()}
    assert ("pairs", "side effect") in terms and ("pairs", "advers event") in terms
    assert not [q for q in query.leaves() if q.__class__.__name__ == "Phrase"]


def test_the_index_is_written_again_when_the_names_change(tmp_path, bundled_cache):
    from tui.core.index import open_index as reopen

    library_dir = copy_bundled(tmp_path / "library", tmp_path / "c", bundled_cache)
    first = reopen(load_library(library_dir), cache=tmp_path / "c")
    assert not first.status.rebuilt and first.status.updated == 0  # the copy is up to date
    first.close()
    (library_dir / "synonyms.yaml").write_text(
        "synonyms:\n  - words: [bad days]\n    means: [fatigue spells]\n", encoding="utf-8"
    )
    again = reopen(load_library(library_dir), cache=tmp_path / "c")
    articles = len(load_library(library_dir).articles)
    assert again.status.updated == articles
    reader = again.searcher().reader()
    assert reader.doc_count_all() == reader.doc_count() == articles  # merged, none twice


@pytest.mark.parametrize(
    "question",
    [
        "does smoking make ms more likely",
        "brain fog and trouble thinking",
        "PIRA",
        "biotin",
        "relapse",
    ],
)
def test_the_app_the_cli_and_the_linear_reader_rank_a_question_alike(engine, question):
    """The app searches as you type (the last word may be unfinished); once it is a whole
    word the ranking is the CLI's and the linear reader's."""
    as_typed = engine.search(question, as_you_type=True, limit=10, facets=False)
    finished = engine.search(question, limit=10)
    assert [h.article.id for h in as_typed.hits] == [h.article.id for h in finished.hits]
    assert [h.score for h in as_typed.hits] == pytest.approx([h.score for h in finished.hits])


@pytest.mark.parametrize(
    ("brand", "form", "other"),
    [
        ("Avonex", "interferon beta 1a", "interferon beta 1b"),
        ("Betaseron", "interferon beta 1b", "interferon beta 1a"),
    ],
)
def test_a_brand_searches_its_own_form_of_a_drug(engine, brand, form, other):
    """The glossary named every interferon brand one drug: "Avonex" (beta-1a) found the
    beta-1b trial first (eval fresh5)."""
    searched = engine.search(brand).understood[0].searched
    assert form in searched and other not in searched


@pytest.mark.parametrize(
    ("typed", "means", "answer"),
    [
        ("shaky hands", "tremor", "tremor-drug-treatment-review"),
        ("numbness and tingling", "pins and needles", "explainer-ms-hug-and-strange-sensations"),
    ],
)
def test_everyday_words_for_a_symptom_find_its_articles(engine, typed, means, answer):
    results = engine.search(typed)
    assert any(means in u.searched for u in results.understood)
    assert answer in [hit.article.id for hit in results.hits[:3]]
