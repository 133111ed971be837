"""Keep the reader's place: back lands on the row opened, scrolled as it was; `b` and `c`
keep the article where it is; each article's place is remembered for the session;
`[`/`]` step through the list the article was opened from."""

from __future__ import annotations

from app_helpers import make_app, press, screen_text, settle, type_text
from conftest import FIXTURE_LIBRARY

from tui.app.screens.article import ArticleScreen
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.search import SearchScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.article_view import ArticleView

QUERY = "relapses"  # four fixture articles


def unmarked(app, listing) -> list[str]:
    """The list's lines as shown, without the "unread" words (opening an article reads
    it) and the scrollbar (its thumb may move a little)."""
    lines = screen_text(app).splitlines()[listing.region.y : listing.region.bottom]
    x, right = listing.region.x, listing.region.right - 1  # inside the border
    return [line[x:right].rstrip("▁▂▃▄▅▆▇█ ").replace(" · unread", "").rstrip() for line in lines]


def results(app) -> list[str]:
    return [hit.article.id for hit in app.screen.results.hits]


async def test_back_from_a_search_result_lands_on_it_with_the_list_as_it_was(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, QUERY)
        await press(app, pilot, "down", "j", "j")
        listing = app.screen.query_one("#results")
        assert listing.highlighted == 2 and len(results(app)) >= 3
        scrolled = listing.scroll_y
        assert scrolled > 0  # the third result is below the first screenful at 14 lines
        shown = unmarked(app, listing)
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        await press(app, pilot, "escape")
        assert isinstance(app.screen, SearchScreen)
        listing = app.screen.query_one("#results")
        assert listing.highlighted == 2 and listing.scroll_y == scrolled
        # the same lines where they were: marking the row read re-wrapped no other row
        assert unmarked(app, listing) == shown
        assert "●" not in str(listing.get_option_at_index(2).prompt)[:2]  # now read


async def test_back_from_browse_keeps_the_row_and_the_scroll(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "tab", "j", "j", "j")
        listing = app.screen.query_one(ArticleList)
        chosen, scrolled = listing.highlighted_article.id, listing.scroll_y
        assert scrolled > 0
        await press(app, pilot, "enter", "escape")
        assert isinstance(app.screen, BrowseScreen)
        listing = app.screen.query_one(ArticleList)
        assert listing.highlighted_article.id == chosen and listing.scroll_y == scrolled


async def test_b_and_c_keep_the_place_and_the_notice_is_said_once(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, QUERY)
        await press(app, pilot, "enter")
        assert "Search words are highlighted" in screen_text(app)
        view = app.screen.query_one(ArticleView)
        await press(app, pilot, "j", "j", "j", "j", "j")
        place = view.scroll_y
        assert place == 5
        await press(app, pilot, "b")
        assert view.scroll_y == place and app.state.is_bookmarked(app.screen.article.id)
        assert "Bookmarked." in screen_text(app)
        assert "Search words are highlighted" not in screen_text(app)
        await press(app, pilot, "c")
        assert app.screen.query_one(ArticleView).scroll_y == place
        assert "Search words are highlighted" not in screen_text(app)
        assert "considerations now come before the findings" in screen_text(app)


async def test_each_article_is_reopened_where_it_was_left(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "tab", "enter", "j", "j", "j", "j")
        first = app.screen.article.id
        await press(app, pilot, "escape", "j", "enter")
        assert app.screen.article.id != first
        assert app.screen.query_one(ArticleView).scroll_y == 0  # a new article starts at the top
        await press(app, pilot, "escape", "k", "enter")
        assert app.screen.article.id == first
        assert app.screen.query_one(ArticleView).scroll_y == 4


async def test_brackets_step_through_the_search_results_not_the_browse_list(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, QUERY)
        found = results(app)
        await press(app, pilot, "enter")
        assert app.screen.article.id == found[0]
        await press(app, pilot, "right_square_bracket")
        assert app.screen.article.id == found[1]
        await press(app, pilot, "right_square_bracket")
        assert app.screen.article.id == found[2]
        await press(app, pilot, "left_square_bracket")
        assert app.screen.article.id == found[1]
        await press(app, pilot, "escape")
        assert app.screen.query_one("#results").highlighted == 1  # back lands on it


async def test_contents_lists_the_panels_with_the_sections(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "ocrelizumab")
        await press(app, pilot, "enter")
        await press(app, pilot, "t")
        text = screen_text(app)
        assert "Key takeaway" in text and "Important considerations" in text
        await press(app, pilot, "G", "enter")  # the last entry: Important considerations
        view = app.screen.query_one(ArticleView)
        panel = view.query_one(".considerations")
        assert view.scroll_y > 0
        assert view.scroll_y <= panel.virtual_region.y < view.scroll_y + view.size.height


async def test_glossary_puts_exact_matches_first_and_says_when_nothing_matches(isolated_dirs):
    from tui.app.screens.glossary import GlossaryScreen

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "W")
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press(*"relapse")  # typed fast: no settling between keys
        await settle(app, pilot)
        assert app.screen.terms[0].term == "Relapse"
        assert app.screen.shown.term == "Relapse"
        for _ in "relapse":
            await pilot.press("backspace")
        await press(app, pilot, *"relaese")
        text = screen_text(app)
        assert "No term matches 'relaese'." in text and "Did you mean Relapse?" in text
        assert app.screen.shown is None  # no stale definition beside an empty list
        await press(app, pilot, "ctrl+y")
        assert app.screen.shown.term == "Relapse"
