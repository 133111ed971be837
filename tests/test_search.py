"""Search: questions, phrases, filters, synonyms, suggestions, facets, hostile input."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_LIBRARY, SUMMARY_BODY, finishes, write_article
from whoosh.matching.binary import DisjunctionMaxMatcher

from tui.core.index import open_index
from tui.core.library import load_library
from tui.core.search import SearchEngine, tuning
from tui.core.search.engine import SEARCH_FAULT
from tui.core.search.query import parse_query


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    library = load_library(FIXTURE_LIBRARY)
    return SearchEngine(library, open_index(library, cache=tmp_path_factory.mktemp("cache")))


def found(engine, text, **kwargs) -> list[str]:
    return [hit.article.id for hit in engine.search(text, **kwargs).hits]


def test_a_question_in_plain_english_finds_the_article_first(engine):
    assert found(engine, "Does vitamin D reduce relapses?")[0] == "vitamin-d-levels"


def test_more_matching_terms_rank_higher_but_a_missing_term_does_not_empty(engine):
    results = found(engine, "ocrelizumab relapse zebrafish")
    assert results[0] == "ocrelizumab-trial"
    assert "vitamin-d-levels" in results  # matches "relapse" only, still listed


def test_stemming_matches_other_forms_of_a_word(engine):
    assert found(engine, "relapsing") and "ocrelizumab-trial" in found(engine, "relapsing")


def test_title_outranks_body(engine):
    # "spinal cord" is in one title; others do not mention it at all
    assert found(engine, "progression")[0] == "spinal-cord-imaging"


def test_a_title_word_outweighs_the_same_word_repeated_in_a_body(library_dir, tmp_path):
    """Title, takeaway and body share one field; a title word weighs more than a body word."""
    repeated = "Clemastine was tried. Clemastine again; clemastine once more."
    write_article(library_dir, "in-body", body=SUMMARY_BODY.replace("Some findings", repeated))
    takeaway = SUMMARY_BODY.replace("The main point", "Main point")
    write_article(library_dir, "in-title", body=takeaway, title="Clemastine and remyelination")
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))
    assert found(engine, "clemastine") == ["in-title", "in-body"]
    assert found(engine, '"remyelination main"') == []  # no phrase from title into takeaway


def test_an_article_with_every_word_beats_one_that_repeats_one_word(library_dir, tmp_path):
    """Scores are scaled by the share of the question's words an article has."""
    often = "Relapses, relapses and more relapses. A relapse again; relapsing MS."
    write_article(
        library_dir,
        "relapse-heavy",
        title="Relapses explained",
        body=SUMMARY_BODY.replace("Some findings", often),
    )
    both = "Clemastine was given; relapses were counted."
    write_article(library_dir, "both-words", body=SUMMARY_BODY.replace("Some findings", both))
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))
    ranked = found(engine, "does clemastine reduce relapses?")
    assert ranked.index("both-words") < ranked.index("relapse-heavy")
    # by date the scores are the unscaled ones, so the repeated word still scores more
    scores = {
        h.article.id: h.score for h in engine.search("clemastine relapses", sort="newest").hits
    }
    assert scores["relapse-heavy"] > scores["both-words"]


def test_postings_kept_between_searches_score_the_same_and_follow_updates(library_dir, tmp_path):
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))

    def scores(text: str) -> dict[str, float]:
        return {h.article.id: h.score for h in engine.search(text, limit=None).hits}

    first = scores("relapses vitamin")
    assert engine._tables._postings  # kept for the next search
    assert scores("relapses vitamin") == first
    engine.forget_postings()
    assert not engine._tables._postings and scores("relapses vitamin") == first
    write_article(library_dir, "new-relapses", title="Relapses and vitamin D again")
    open_index(load_library(library_dir), cache=tmp_path / "c")  # another session updates
    engine.library = load_library(library_dir)
    assert "new-relapses" in scores("relapses vitamin")  # a new searcher, new postings


def test_one_letter_names_count(library_dir, tmp_path):
    """The name "vitamin D" is two words, not "vitamin" alone."""
    other = "Vitamin B12 levels were measured."
    write_article(library_dir, "vitamin-b12", body=SUMMARY_BODY.replace("Some findings", other))
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))
    assert "vitamin-b12" in found(engine, "vitamin")
    assert found(engine, "vitamin D")[0] == "vitamin-d-levels"
    assert found(engine, '"vitamin D"') == ["vitamin-d-levels"]


@pytest.fixture
def walking_engine(library_dir, tmp_path, monkeypatch):
    """Four of nine articles mention walking: a common word once any share counts."""
    monkeypatch.setattr(tuning, "COMMON_MIN", 0)
    for name in ("walk-a", "walk-b", "walk-c"):
        write_article(library_dir, name, body=SUMMARY_BODY.replace("Some findings", "Walking"))
    rare = "Walking improved with clemastine."
    write_article(library_dir, "clemastine", body=SUMMARY_BODY.replace("Some findings", rare))
    write_article(library_dir, "walking-title", title="Walking after a relapse")
    library = load_library(library_dir)
    return SearchEngine(library, open_index(library, cache=tmp_path / "c"))


def test_a_common_word_adds_to_rarer_words_but_finds_only_by_title(walking_engine):
    results = walking_engine.search("clemastine walking")
    assert {h.article.id for h in results.hits} == {"clemastine", "walking-title"}
    assert results.total == 2
    assert set(found(walking_engine, "walking")) == {
        "walk-a",
        "walk-b",
        "walk-c",
        "clemastine",
        "walking-title",
    }  # only common words: every article with one


def test_below_the_minimum_every_word_finds_articles(library_dir, tmp_path):
    """Small libraries score every word alike (`COMMON_MIN`): scoring them all is cheap."""
    for name in ("walk-a", "walk-b", "walk-c"):
        write_article(library_dir, name, body=SUMMARY_BODY.replace("Some findings", "Walking"))
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))
    assert engine.search("clemastine walking").total == 3


@pytest.mark.parametrize("common_min", [1000, 0])
@pytest.mark.parametrize(
    "text",
    [
        "relapses",
        "does vitamin D reduce relapses?",
        "MS relapses fatigue virus",
        '"spinal cord" atrophy',
        "Epstein-Barr virus",
        '"fewer new lesions"',
        'relapses -"vitamin D"',
        "relapses topic:Relapses",
        "year:2017..2022 MRI",
        "kind:explainer",
        "ocreli",
        "spinal cord relapses fatigue -ocrelizumab",  # filters first, then scored within
        'vitamin D "spinal cord" relapses',
    ],
)
def test_totals_facets_and_scores_are_whooshs_for_the_same_query(
    engine, monkeypatch, text, common_min
):
    """The engine scores word by word and counts in the same pass; Whoosh's own search
    of the engine's query must find the same articles with the same scores."""
    monkeypatch.setattr(tuning, "COMMON_MIN", common_min)
    assert_whoosh_agrees(engine, text, as_you_type=text == "ocreli")


def test_whoosh_agrees_over_several_segments_with_deleted_articles(library_dir, tmp_path):
    cache = tmp_path / "c"
    open_index(load_library(library_dir), cache=cache).close()
    write_article(library_dir, "brand-new", title="Relapses and vitamin D in spinal cord MRI")
    changed = library_dir / "ocrelizumab-trial.md"
    changed.write_text(changed.read_text() + "\nMore on relapses.\n", encoding="utf-8")
    library = load_library(library_dir)
    index = open_index(library, cache=cache)
    assert len(index.ix._segments()) > 1 and index.ix.searcher().reader().has_deletions()
    engine = SearchEngine(library, index)
    for text in ("relapses", '"spinal cord" MRI', "vitamin D relapses -ocrelizumab"):
        assert_whoosh_agrees(engine, text)


def _best_of_the_current(self):
    """Whoosh 2.7.5's DisjunctionMaxMatcher.score takes the max of both sides even when
    they stand on different articles; the score of the article it is on is meant."""
    a, b = self.a, self.b
    if a.is_active() and b.is_active() and a.id() != b.id():
        return (a if a.id() < b.id() else b).score()
    if a.is_active() and b.is_active():
        return max(a.score(), b.score())
    return (a if a.is_active() else b).score()


def assert_whoosh_agrees(engine, text, **options):
    # Sorted by date, scores are not scaled by the share of words matched (see below).
    results = engine.search(text, limit=None, sort="newest", **options)
    with engine.index.lock, pytest.MonkeyPatch.context() as patch:
        patch.setattr(DisjunctionMaxMatcher, "score", _best_of_the_current)
        searcher = engine.index.searcher()
        whoosh = {hit["id"]: hit.score for hit in searcher.search(results.query, limit=None)}
    topics: dict[str, int] = {}
    for article_id in whoosh:
        for topic in engine.library.get(article_id).topics:
            topics[topic] = topics.get(topic, 0) + 1
    assert results.counted and results.total == len(whoosh) and results.facets == topics
    assert {h.article.id: h.score for h in results.hits} == pytest.approx(whoosh)


def test_facets_after_a_keystroke_search_count_the_same(engine):
    quick = engine.search("MS relapses fatigue virus", as_you_type=True, facets=False)
    assert not quick.counted
    engine.add_facets(quick)
    whole = engine.search("MS relapses fatigue virus", as_you_type=True)
    assert quick.counted and (quick.total, quick.facets) == (whole.total, whole.facets)


def test_phrases_must_match_in_order(engine):
    assert found(engine, '"spinal cord"') == ["spinal-cord-imaging"]
    assert found(engine, '"cord spinal"') == []


def test_minus_excludes(engine):
    assert "vitamin-d-levels" in found(engine, "relapses")
    assert "vitamin-d-levels" not in found(engine, "relapses -vitamin")
    assert "vitamin-d-levels" not in found(engine, 'relapses -"vitamin D"')


def test_filters(engine):
    assert set(found(engine, "topic:EBV")) == {"ebv-risk"}
    assert set(found(engine, 'topic:"vitamin d" relapses')) == {"vitamin-d-levels"}
    assert set(found(engine, "kind:explainer")) == {"fatigue-explainer"}
    assert set(found(engine, "year:2022")) == {"ebv-risk", "spinal-cord-imaging"}
    assert set(found(engine, "year:2017..2019")) == {"vitamin-d-levels", "ocrelizumab-trial"}
    assert set(found(engine, "credibility:>=4")) == {"ebv-risk", "ocrelizumab-trial"}
    assert set(found(engine, "relapses", topic="Vitamin D")) == {"vitamin-d-levels"}


def test_the_source_journal_is_searchable(engine):
    assert found(engine, "annals") == ["spinal-cord-imaging"]  # named only in its source


def test_bad_filter_values_are_explained_not_fatal(engine):
    results = engine.search("year:soon relapses")
    assert results.hits and "year:soon was ignored" in results.messages[0]


def test_synonyms_from_topic_and_glossary_aliases(engine):
    assert found(engine, "Epstein-Barr") == ["ebv-risk"]  # the article only says EBV
    assert "ebv-risk" in found(engine, "MS")  # glossary: MS = multiple sclerosis
    assert "fatigue-explainer" in found(engine, "flare-up") or found(engine, "flare-up")


def test_a_confident_correction_is_searched_and_said(engine):
    results = engine.search("ocrelizumb")
    assert found(engine, "ocrelizumb")[0] == "ocrelizumab-trial"
    assert results.corrected == "ocrelizumab" and results.suggestion is None
    assert not results.missing
    as_typed = engine.search("ocrelizumb", correct=False)  # "search instead for"
    assert as_typed.hits == [] and as_typed.missing == ("ocrelizumb",)
    assert as_typed.suggestion == "ocrelizumab"
    assert engine.search("ocrelizumab").corrected is None


def test_a_correction_inside_a_question_keeps_the_other_words(engine):
    results = engine.search("can MS relapses be stopped by ocrelizumb")
    assert results.corrected == "can MS relapses be stopped by ocrelizumab"
    assert results.hits[0].article.id == "ocrelizumab-trial"
    for correct in ("can MS relapses be stopped", "relapses in the spinal cord", "MS fatigue"):
        results = engine.search(correct)  # body words are words too
        assert results.corrected is None and results.suggestion is None, correct


def test_topic_facets_count_every_topic_of_every_match(engine):
    facets = engine.search("relapses").facets
    assert facets["B-cell therapies"] == 1 and facets["Disease-modifying therapies"] == 1
    assert facets["Vitamin D"] == 1 and facets["Relapses"] == 1


def test_sorting(engine):
    newest = found(engine, "MS relapses fatigue atrophy virus", sort="newest")
    studies = [engine.library.get(i) for i in newest]
    years = [a.year for a in studies if a.source]  # of the research, not the summary
    assert years == sorted(years, reverse=True)
    assert [a.source is None for a in studies] == sorted(a.source is None for a in studies)
    added = found(engine, "MS relapses fatigue atrophy virus", sort="added")
    dates = [engine.library.get(i).date for i in added]
    assert dates == sorted(dates, reverse=True) and added != newest
    by_credibility = found(engine, "MS relapses fatigue atrophy virus", sort="credibility")
    ratings = [engine.library.get(i).credibility or 0 for i in by_credibility]
    assert ratings == sorted(ratings, reverse=True)


def test_snippets_mark_the_matched_words(engine):
    hit = engine.search("neurofilament").hits[0]
    assert [s.text.lower() for s in hit.snippet if s.match] == ["neurofilament"]
    assert "neurofilament light" in "".join(s.text for s in hit.snippet)


def test_search_as_you_type_matches_the_start_of_a_word(engine):
    assert found(engine, "ocreli", as_you_type=True) == ["ocrelizumab-trial"]


def test_a_word_in_no_article_is_widened_to_the_words_it_begins_in_every_front_end(engine):
    """The CLI and linear reader search finished text: "ocreli" there is not a typo."""
    results = engine.search("ocreli")
    assert [h.article.id for h in results.hits] == ["ocrelizumab-trial"]
    assert results.understood[0].how == "widened" and not results.missing
    assert found(engine, "ocr") == []  # too short to widen: it would match too much


@pytest.mark.parametrize(
    "text",
    [
        "*?*?*?",
        "[a TO]",
        "(" * 3000,
        "NOT NOT NOT",
        "x" * 40_000,
        "a AND OR NOT (",
        "title:",
        '"unclosed phrase',
        "-",
        "--",
        "year:..",
        "credibility:>>9",
        "topic:",
        "\x1b[2J",
        "🙂" * 100,
        "date:[notadate TO x]",
        "field:value^99",
        "\\",
        "'",
        "*",
    ],
)
def test_hostile_queries_answer_quickly_with_results_or_a_message(engine, text):
    results = finishes(lambda: engine.search(text, as_you_type=True))
    # Either results, counted consistently, or none: the screens then say "No articles found".
    assert results.total >= len(results.hits) and (results.hits or results.total == 0)
    assert all(isinstance(m, str) and "\x1b" not in m for m in results.messages)


def test_query_parser_understands_the_little_language():
    parsed = parse_query(
        'What is "spinal cord" atrophy -mice topic:MRI kind:summary year:2020..2024 credibility:>3'
    )
    assert parsed.words == ("atrophy",)
    assert parsed.phrases == (("spinal", "cord"),)
    assert parsed.excluded == (("mice",),)
    assert parsed.topics == ("MRI",)
    assert parsed.kind == "summary"
    assert parsed.years == (2020, 2024)
    assert parsed.credibility == (4, 5)


def test_long_queries_are_capped_with_a_message():
    parsed = parse_query("word " * 100)
    assert any("first 200 characters" in m for m in parsed.messages)


def test_related_articles_have_reasons(library_dir, tmp_path):
    write_article(
        library_dir,
        "another-ebv",
        title="More on EBV and B cells",
        topics="[EBV, B-cell therapies]",
    )
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))
    related = {r.article.id: r.reason for r in engine.related("another-ebv")}
    assert related["ebv-risk"] == "shares EBV"
    assert related["ocrelizumab-trial"] == "shares B-cell therapies"
    first = engine.related("ebv-risk")[0]
    assert first.article.id == "vitamin-d-levels"  # listed in the article's related:
    assert "suggested by the article" in first.reason
    assert engine.related("no-such-id") == []


def test_search_works_from_a_worker_thread(engine):
    """The app searches from worker threads, where signal-based time limits cannot run."""
    import threading

    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(r=engine.search("vitamin")))
    worker.start()
    worker.join()
    assert [h.article.id for h in outcome["r"].hits] == ["vitamin-d-levels"]
    assert outcome["r"].messages == []


def test_limit_is_respected_for_every_sort(engine):
    for sort in ("relevance", "newest", "credibility"):
        results = engine.search("MS relapses fatigue virus", sort=sort, limit=2)
        assert len(results.hits) == 2 and results.total > 2, sort


def test_a_segment_with_deleted_articles_keeps_the_block_reader(library_dir, tmp_path, monkeypatch):
    """A deletion wraps postings in a filter that hid the block reader (a posting at a time,
    twice as slow until segments merged): the wrapped reader is read, the deleted dropped."""
    from whoosh.matching.wrappers import FilterMatcher

    from tui.core.search import whoosh_adapter

    cache = tmp_path / "c"
    open_index(load_library(library_dir), cache=cache).close()
    changed = library_dir / "ocrelizumab-trial.md"
    changed.write_text(changed.read_text() + "\nMore on relapses.\n", encoding="utf-8")
    index = open_index(load_library(library_dir), cache=cache)
    seen = []
    real = whoosh_adapter._blocks
    monkeypatch.setattr(whoosh_adapter, "_blocks", lambda p: seen.append(type(p)) or real(p))
    searcher = index.searcher()
    for reader, _start in whoosh_adapter.Tables(searcher).segments:
        if not reader.has_deletions() or ("content", "relaps") not in reader:
            continue
        ids, weights = whoosh_adapter.read_postings(reader, "content", "relaps")
        public = reader.postings("content", "relaps")
        expected = []
        while public.is_active():
            expected.append((public.id(), public.weight()))
            public.next()
        assert list(zip(ids, weights, strict=True)) == pytest.approx(expected)
        assert isinstance(reader.postings("content", "relaps"), FilterMatcher)
    assert seen and FilterMatcher not in seen


def test_a_known_name_of_common_words_is_found_as_itself(engine, monkeypatch):
    """At 10k, "disease modifying therapy" apart cost a read of three common words for
    little: a known name whose words are all common is matched as its word pairs."""
    terms = {t for t in engine.search("multiple sclerosis").query.iter_all_terms()}
    assert ("content", "multipl") in terms  # words apart too, while they are rare
    monkeypatch.setattr(tuning, "COMMON_MIN", 0)
    monkeypatch.setattr(tuning, "COMMON_SHARE", 0.0)
    terms = {t for t in engine.search("multiple sclerosis").query.iter_all_terms()}
    assert ("pairs", "multipl sclerosi") in terms and ("content", "multipl") not in terms


@pytest.mark.parametrize("text", ["vitamin d q", "relapses z", "q"])
def test_one_letter_being_typed_that_no_article_holds_is_not_an_error(engine, text):
    """It failed the search, and the retry reopened the index: 30-48 s at 20k articles."""
    results = engine.search(text, as_you_type=True)
    assert SEARCH_FAULT not in " ".join(results.messages)
    if text != "q":
        assert results.hits


def test_lengths_and_topic_counts_are_read_a_segment_at_a_time(library_dir, tmp_path):
    """A CLI search builds these tables afresh: a call per article (lengths) and a posting
    at a time (topics) took 35 ms at 10k. Read in bulk they hold the same values, across
    segments and with deleted articles."""
    from collections import Counter

    from tui.core.search import whoosh_adapter

    cache = tmp_path / "c"
    open_index(load_library(library_dir), cache=cache).close()
    changed = library_dir / "ocrelizumab-trial.md"
    changed.write_text(changed.read_text() + "\nMore on relapses.\n", encoding="utf-8")
    library = load_library(library_dir)
    index = open_index(library, cache=cache)
    searcher = index.searcher()
    tables = whoosh_adapter.Tables(searcher)
    assert len(tables.segments) > 1 and any(r.has_deletions() for r, _ in tables.segments)
    reader = searcher.reader()
    for field in ("content", "title", "journal"):
        every = range(reader.doc_count_all())
        assert tables.lengths(field) == [reader.doc_field_length(d, field, 1) for d in every]
    by_article = Counter()
    for raw in reader.lexicon("topics"):
        for docnum in reader.postings("topics", raw).all_ids():
            by_article[raw.decode(), docnum] += 1
    members = {(t, d) for t, ids in tables.articles_by_topic.items() for d in ids}
    assert members == set(by_article)
    engine = SearchEngine(library, index)
    matched = {hit.article.id for hit in engine.search("relapses", limit=None).hits}
    expected = Counter(t for i in matched for t in library.articles[i].topics)
    facets = engine.search("relapses").facets
    assert facets == dict(sorted(expected.items(), key=lambda item: (-item[1], item[0])))
    index.close()


def test_a_topic_no_article_has_is_named_in_the_results(engine):
    """The app's status line and the linear reader show `messages`: "nothing" alone would
    hide that the topic, not the words, was wrong."""
    results = engine.search("relapses topic:ebvv")
    assert results.total == 0
    assert 'No topic "ebvv" in this library. Did you mean "EBV"?' in results.messages
    assert not engine.search("relapses topic:EBV").messages  # a topic with articles: no word


def test_snippets_show_the_words_not_the_markdown_around_them(library_dir, tmp_path):
    """`**Repairing damage.**` was shown, and read out, with its stars (QA H9)."""
    findings = (
        "- **Repairing damage.** Remyelination drugs such as [clemastine](https://example.org/c)"
        " were tried.\n- **Comparison** group: usual care."
    )
    write_article(library_dir, "marked", body=SUMMARY_BODY.replace("Some findings", findings))
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "c"))
    hit = next(
        h for h in engine.search("remyelination clemastine").hits if h.article.id == "marked"
    )
    shown = "".join(s.text for s in hit.snippet)
    assert (
        "Repairing damage. Remyelination" in shown and "clemastine (https://example.org/c)" in shown
    )
    assert "*" not in shown and "](" not in shown


def test_a_snippet_from_a_list_has_no_dash_in_mid_sentence(library_dir, tmp_path):
    """A bulleted list joined into one line read "placebo. - Relapses happened"."""
    body = SUMMARY_BODY.replace(
        "Some findings about the brain.",
        "The findings:\n- Scans showed fewer lesions on placebo.\n- Quokkas happened less.",
    )
    write_article(library_dir, "listed", body=body)
    library = load_library(library_dir)
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "cache"))
    shown = "".join(s.text for s in engine.search("quokkas").hits[0].snippet)
    assert "Quokkas" in shown and "- " not in shown and "placebo. Quokkas" in shown
