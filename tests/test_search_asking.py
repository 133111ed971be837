"""How search reads the way people ask, and says "nothing on that" when true (session 3:
the classes of failure behind the eval's `fresh2` part, on the bundled library)."""

from __future__ import annotations

import pytest
from conftest import top_ids as top

from tui.core.search.results import SearchResults


@pytest.fixture
def engine(bundled_engine):
    return bundled_engine


# -- nothing on that -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "apart"),
    [("cure for diabetes", ("cure", "diabetes")), ("chemotherapy for breast cancer", None)],
)
def test_words_no_article_holds_together_are_said_to_match_only_part(engine, question, apart):
    """Each word is in some article, none in the same one: the hits stay, labelled."""
    results = engine.search(question)
    assert results.nothing_found and results.partial and results.hits
    assert results.apart == apart or (apart is None and len(results.apart) >= 2)
    assert results.missing_line in results.messages
    assert "together; these match only part of the search." in results.missing_line


def test_a_word_only_mentioned_in_passing_is_not_something_the_library_is_about(engine):
    results = engine.search("psoriasis")  # once, in the body of one drug trial
    assert results.passing == ("psoriasis",) and results.nothing_found and results.hits
    assert results.missing_line == (
        "No article is about psoriasis; these only mention it in passing."
    )


@pytest.mark.parametrize("author", ["Montalban", "Hauser"])
def test_an_authors_name_is_not_a_mention_in_passing(engine, author):
    results = engine.search(author)
    assert not results.passing and not results.nothing_found


@pytest.mark.parametrize(
    "question",
    [
        "is the flu jab safe with ms",  # "safe" is how it is asked
        "does vitamin D reduce relapses?",
        "tysabri pml risk",
        "hair loss",
        "my husband has ms can he keep his job",  # "his" is no missing word
        "is it safe to breastfeed on ocrevus",
    ],
)
def test_questions_the_library_answers_are_not_said_to_find_nothing(engine, question):
    results = engine.search(question)
    assert not results.nothing_found, (question, results.missing_line)


def test_the_line_lists_the_words_in_plain_english():
    results = SearchResults("a b c", apart=("cure", "type 2", "diabetes"))
    assert results.missing_line == "No article mentions cure, type 2 and diabetes together."


# -- how people ask --------------------------------------------------------------------------


def test_words_typed_in_either_order_score_as_a_pair(engine):
    """ "PML risk" is written "the risk of PML" in the article about exactly that."""
    assert top(engine, "tysabri pml risk", n=1) == ["natalizumab-pml-risk-factors"]


@pytest.mark.parametrize("question", ["what do lesions on mri mean", "mri lesions"])
def test_two_known_names_side_by_side_are_not_a_phrase(engine, question):
    """ "MRI" and "lesions" are two things: trials printing "lesions on MRI" once scored
    their words twice over and put the explainer of MRI words 15th (eval fresh5)."""
    query = str(engine.search(question).query)
    assert '"lesion mri"' not in query and '"mri lesion"' not in query
    assert "explainer-mri-report-words" in top(engine, question, n=3)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("best treatment for ms", "explainer-how-dmts-differ"),
        ("how long will i live with ms", "explainer-life-expectancy"),  # not "live with"
        ("can ms kill you", "explainer-life-expectancy"),
    ],
)
def test_a_lay_phrase_is_searched_for_its_meaning_not_its_words_apart(engine, question, answer):
    """No article says "best treatment": "best" anywhere and "treatment" anywhere found the
    exercise explainer first."""
    assert top(engine, question, n=1) == [answer]


def test_a_hyphenated_word_no_article_writes_is_searched_by_its_parts(engine):
    results = engine.search("anti-EBV")  # no article writes "anti-EBV"; EBV is a known name
    assert results.hits and not results.nothing_found
    assert top(engine, "anti-EBV", n=1) == top(engine, "EBV", n=1)


def test_anti_mog_finds_mogad(engine):
    results = engine.search("anti-MOG")
    assert results.hits and {h.article.id for h in results.hits[:3]} <= {
        h.article.id for h in engine.search("MOGAD").hits
    }


@pytest.mark.parametrize(
    ("question", "corrected"),
    [
        ("nuropathic pain", "neuropathic pain"),  # a word of the name "neuropathic pain"
        ("multiple sclerosos and tiredness", "multiple sclerosis and tiredness"),
    ],
)
def test_typos_in_words_of_known_names_are_corrected(engine, question, corrected):
    results = engine.search(question)
    assert results.corrected == corrected and not results.missing


def test_the_typo_inside_a_name_is_read_as_the_name(engine):
    """ "multiple sclerosos" is MS (in nearly every article), not two words to find."""
    understood = engine.search("multiple sclerosos and tiredness").understood
    assert understood[0].typed == "multiple sclerosis" and understood[0].how == "near-stop"


def test_who_asks_is_not_searched(engine):
    """ "wife" was corrected to "wine", and the search became one about alcohol."""
    results = engine.search("my wife has ms and is always exhausted")
    assert results.corrected is None and not results.missing
    assert top(engine, "my wife has ms and is always exhausted", n=1) == ["explainer-fatigue"]


@pytest.mark.parametrize(
    ("typed", "explainer"),
    [("RRMS", "explainer-relapses"), ("can i have a baby", "explainer-pregnancy-family-planning")],
)
def test_plain_and_clinical_names_of_a_topic_lead_to_its_explainer(engine, typed, explainer):
    assert top(engine, typed, n=1) == [explainer]


def test_what_does_x_mean_searches_for_x(engine):
    understood = {u.typed: u.how for u in engine.search("what does EDSS mean").understood}
    assert understood["mean"] == "ignored" and understood["edss"] != "ignored"


def test_a_long_question_keeps_its_least_common_words(engine):
    """Only the first 12 words were kept: "vaccines", the 13th, was the point of this one."""
    question = (
        "I was diagnosed with relapsing remitting ms last year and my neurologist wants "
        "me to start ocrevus but I am worried about infections and vaccines"
    )
    how = {u.typed: u.how for u in engine.search(question).understood}
    assert how["vaccines"] in ("word", "topic")  # searched (the topic's alias "vaccination")
    longer = (
        "my neurologist says my mri shows new lesions and my nfl blood test is high so "
        "should i switch from tecfidera to ocrevus or kesimpta next year"
    )
    results = engine.search(longer)
    how = {u.typed: u.how for u in results.understood}
    left_out = {typed for typed, said in how.items() if said == "left out"}
    assert len(left_out) == len(how) - 12  # every word is searched or left out
    assert not left_out & {"tecfidera", "ocrevus", "kesimpta", "nfl", "neurologist"}
    assert any("least common words were searched" in m for m in results.messages)


def test_a_word_after_not_is_left_out_of_the_search(engine):
    results = engine.search("ms drugs that are tablets not injections")
    how = {u.typed: u.how for u in results.understood}
    assert how["injections"] == "not wanted" and how["tablets"] == "word"
    assert engine.search("tablets").total == results.total  # left out, not excluded


def test_oral_means_tablets_not_snuff(engine):
    """ "oral" alone found the study of oral snuff first."""
    assert "smoking-and-ms-risk" not in top(engine, "oral ms drugs")


def test_a_split_word_in_no_article_is_said_missing_once(engine):
    results = engine.search("zorblax-quintrel")
    assert results.missing == ("zorblax-quintrel",) and not results.hits
    assert results.missing_line == "No article mentions zorblax-quintrel."


# -- "what is X": the glossary's definition first (QA4 Q15) --------------------------------


MYELIN = "Myelin (from the glossary): A fatty coating wrapped around nerve fibres"


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("what is myelin", "Myelin"),
        ("what does edss mean", "EDSS"),
        ("what is ocrevus", "Ocrelizumab"),  # a brand name: the medicine's entry
        ("what is myelen", "Myelin"),  # corrected
    ],
)
def test_asking_what_a_glossary_name_is_gives_its_definition(engine, question, term):
    assert engine.search(question).defined.term == term


@pytest.mark.parametrize(
    "search", ["myelin", "myelin repair trials", "what damages myelin in children"]
)
def test_a_name_searched_or_asked_about_with_more_words_gives_no_definition(engine, search):
    assert engine.search(search).defined is None


def test_the_definition_comes_before_the_articles_in_the_cli_and_the_linear_reader():
    from conftest import FIXTURE_LIBRARY, run_cli

    said = "Relapse (from the glossary): New or worse symptoms that last more than a day."
    library = ("--library", str(FIXTURE_LIBRARY))
    out = run_cli("search", "what is a relapse", *library).stdout
    assert out.startswith(said) and out.index("1. ") > out.index(said)
    plain = " ".join(run_cli("search", "what is a relapse", "--plain", *library).stdout.split())
    assert plain.startswith(said)
    assert said not in run_cli("search", "relapse", *library).stdout
