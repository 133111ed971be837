"""The Key takeaway starts on the first screen an article opens to, at every size down
to 40x12 (issue 15): on a small screen the header is made compact, and what it leaves
out (the rating in words, the reading level, the date added, an explainer's
introduction) comes under the takeaway instead of being dropped."""

from __future__ import annotations

import pytest
from app_helpers import make_app, settle, show_article
from conftest import FIXTURE_LIBRARY

from tui.app.widgets.article_view import ArticleView, Block
from tui.core.wording import evidence_line, reading_level

SIZES = [(40, 12), (50, 15), (60, 20), (80, 24)]


def article_text(app) -> str:
    """The header and every block of the article, as plain text (shown or scrolled to)."""
    header = str(app.screen.query_one("#article-header").content)
    return "\n".join([header, *(block.body for block in app.screen.query(Block))])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("article_id", ["vitamin-d-levels", "fatigue-explainer"])
async def test_takeaway_starts_on_the_first_screen(isolated_dirs, size, article_id):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, article_id)
        view = app.screen.query_one(ArticleView)
        takeaway = app.screen.query_one(".takeaway")
        assert view.scroll_y == 0
        assert takeaway.region.y + 2 < view.region.bottom  # its border and two lines
        article = app.library.articles[article_id]
        text = " ".join(article_text(app).split())
        said = [evidence_line(article), reading_level(article)]
        if article.interest:
            said += ["Interest for people with MS now", f"{article.interest} out of 5"]
        for words in said:
            assert words.lower() in text.lower()  # nothing the full header says is lost
        if article.intro:
            assert article.intro in text
        if article.source:
            assert article.date.isoformat() in text


async def test_the_header_follows_the_terminal_size(isolated_dirs):
    """Made small when the terminal shrinks to 40x12, whole again at 80x24."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "vitamin-d-levels")
        view = app.screen.query_one(ArticleView)
        assert "Evidence ●●●○○ Moderate evidence" in article_text(app)
        await pilot.resize_terminal(40, 12)
        await settle(app, pilot)
        assert view.compact
        assert app.screen.query_one(".takeaway").region.y + 2 < view.region.bottom
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert not view.compact
        assert "Evidence ●●●○○ Moderate evidence" in article_text(app)


async def test_updates_too_long_for_the_screen_follow_the_takeaway_after_a_line(
    isolated_dirs, tmp_path
):
    """A dated update is read before the takeaway where both fit; where they do not (40x12,
    or long safety updates at 80x24), one line says when the article was updated and the
    updates come straight after the takeaway, which still starts on the first screen."""
    import shutil

    library = shutil.copytree(FIXTURE_LIBRARY, tmp_path / "library")
    path = library / "vitamin-d-levels.md"
    words = "A regulator later limited who may be offered this treatment after safety reports. "
    updates = (
        "updates:\n"
        f"  - date: 2019-11-14\n    text: {words * 3}\n"
        f"  - date: 2020-01-20\n    text: {words * 2}\n"
    )
    path.write_text(path.read_text().replace("\n---\n", f"\n{updates}---\n", 1))
    for size, below in (((40, 12), True), ((120, 40), False)):
        app = make_app(library, isolated_dirs / str(size))
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await show_article(app, pilot, "vitamin-d-levels")
            view = app.screen.query_one(ArticleView)
            takeaway = app.screen.query_one(".takeaway")
            assert takeaway.region.y + 2 < view.region.bottom
            kinds = [b.classes for b in app.screen.query(Block)]
            order = [k for c in kinds for k in ("update-note", "update", "takeaway") if k in c]
            if below:
                assert order == ["update-note", "takeaway", "update", "update"]
                note = app.screen.query_one(".update-note").body
                assert note == "Updated January 2020 (see below)."
            else:
                assert order == ["update", "update", "takeaway"]
