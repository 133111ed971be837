"""Highlighting in the article finds what the index found: the same analyzer, in core."""

from __future__ import annotations

import pytest
from app_helpers import make_app, press, settle, type_text
from conftest import write_article

from tui.app.screens.article import ArticleScreen
from tui.app.widgets.article_view import ArticleView
from tui.core.highlight import match_spans

TEXT = (
    "Two studies and one study. Vaccinated people had a vaccination. "
    "Relapsing MS brought relapses. The vitamin D level. Epstein-Barr virus."
)


def marked(terms) -> list[str]:
    return [TEXT[start:end] for start, end in match_spans(TEXT, terms)]


@pytest.mark.parametrize(
    ("term", "found"),
    [
        # dropping the last letter ("studie", "vaccinate", "relapsin") found none of these
        ("studies", ["studies", "study"]),
        ("vaccinated", ["Vaccinated", "vaccination"]),
        ("relapsing", ["Relapsing", "relapses"]),
        ("relap", ["Relapsing", "relapses"]),  # a word still being typed
        ("vitamin d", ["vitamin D"]),  # a phrase, as one span
        ("epstein-barr", ["Epstein-Barr"]),
        ("MS", ["MS"]),
        ("the", []),  # stop words are not searched, so not marked
    ],
)
def test_spans_follow_the_index_analyzer(term, found):
    assert marked([term]) == found


def test_spans_of_several_terms_are_in_order_and_never_overlap():
    assert marked(["vitamin d", "vitamin", "study"]) == ["studies", "study", "vitamin D"]
    assert match_spans("", ["study"]) == [] and match_spans(TEXT, []) == []


async def test_searched_word_forms_are_highlighted_and_stepped_in_the_article(
    isolated_dirs, tmp_path
):
    write_article(
        tmp_path,
        "forms",
        body="## Key takeaway\nThe study was small.\n## What they found\n"
        "Two earlier studies agreed.\n## Important considerations\nOne study only.\n",
    )
    app = make_app(tmp_path, isolated_dirs)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "studies")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == "forms"
        view = app.screen.query_one(ArticleView)
        assert [b.body[s:e] for b in view.blocks() for s, e in b.matches] == [
            "study",
            "studies",
            "study",
        ]
        await press(app, pilot, "n")
        assert view.match_index == 0
        await press(app, pilot, "n", "n", "n")
        assert view.match_index == 0  # round again after the third
        await press(app, pilot, "N")
        assert view.match_index == 2
