"""An age typed as a number ("stopping dmt after 60", qa4): the question is about older
people, not about articles that print the number ("60 years in Norway")."""

from __future__ import annotations

import pytest

from tui.core.search.query import parse_query


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("stopping dmt after 60", ("stopping", "dmt", "older", "60")),
        ("ms treatment over 50", ("ms", "treatment", "older", "50")),
        ("can i stop my ms drugs at 65", ("stop", "ms", "drugs", "older", "65")),
    ],
)
def test_a_number_after_an_age_word_is_being_older(typed, words):
    assert parse_query(typed).words == words


@pytest.mark.parametrize(
    "typed",
    ["relapses after 60 days", "over 20 lesions", "after 6 months", "vitamin d 60"],
)
def test_a_number_that_is_no_age_stays_a_number(typed):
    assert "older" not in parse_query(typed).words


@pytest.mark.parametrize("typed", ["stopping dmt after ² ms", "over ⑴ years", "aged ³ ms"])
def test_a_digit_python_cannot_read_as_a_number_is_a_word(typed):
    """QA5 R19: `²` (a key on French keyboards) passed `isdigit` and crashed `int`."""
    assert "older" not in parse_query(typed).words


def test_a_number_still_being_typed_is_not_read_as_an_age_yet():
    assert "older" not in parse_query("stopping after 6", as_you_type=True).words


def test_an_age_finds_the_article_about_older_people_first(bundled_engine):
    """ "stopping dmt after 60" listed the life expectancy explainer ("60 years") first."""
    hits = bundled_engine.search("stopping dmt after 60").hits
    assert hits[0].article.id == "stopping-dmt-discoms"
    assert "explainer-life-expectancy" not in [h.article.id for h in hits[:3]]
