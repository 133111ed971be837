"""The reader app, driven by keys through Textual's pilot, asserting on what is shown."""

from __future__ import annotations

import re

import pytest
from app_helpers import (
    index_held_back,
    library_held_back,
    make_app,
    palette,
    press,
    said,
    screen_text,
    settle,
    show_article,
    type_text,
)
from conftest import FIXTURE_LIBRARY, write_article
from textual import events
from textual.widgets import OptionList

from tui.app.app import MyelinApp
from tui.app.screens.article import ArticleScreen
from tui.app.screens.bookmarks import BookmarksScreen
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.dialogs import LinkDialog, TermsDialog
from tui.app.screens.glossary import GlossaryScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.search import SearchScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.article_view import ArticleView
from tui.core.library import load_library
from tui.core.search.results import Related


def listed(app) -> list[str]:
    return [a.id for a in app.screen.query_one(ArticleList).articles]


async def test_first_screen_shows_topics_articles_and_counts(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Myelin · 5 articles" in text
        assert "All articles (5)" in text and "Bookmarks (0)" in text and "EBV (1)" in text
        assert "New since last visit (0)" in text
        assert listed(app)[0] == "ebv-risk"  # newest research first (2022), explainers last
        assert listed(app)[-1] == "fatigue-explainer"
        assert "Fixture - why am I so tired?" in text
        assert "written 2026 · explainer · 1-min · unread" in text  # words, not a dot
        assert "Key takeaway" in text  # the preview pane, three panes at 120 columns
        assert app.engine is not None


async def test_browse_by_topic_with_the_keyboard(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j", "j", "j", "j", "j")  # All, New, Bookmarks, Recent, Causes, EBV
        assert listed(app) == ["ebv-risk"]
        await press(app, pilot, "enter")  # into the list
        assert isinstance(app.focused, ArticleList)
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == "ebv-risk"


async def test_search_as_you_type_and_open_a_result(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(app, pilot, "ocreli")  # half a word already finds it
        assert "1 result" in screen_text(app)
        assert [h.article.id for h in app.screen.results.hits] == ["ocrelizumab-trial"]
        row = str(app.screen.query_one("#results").get_option_at_index(0).prompt)
        assert "2017 research · summary · 1-min · evidence ●●●●● · unread" in row
        for _ in range(6):
            await press(app, pilot, "backspace")
        await type_text(app, pilot, "does vitamin d reduce relapses?")
        text = screen_text(app)
        assert "3 results" in text and "sorted by relevance" in text
        assert "Vitamin D (1)" in text  # topic facets
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "vitamin-d-levels"
        view = app.screen.query_one(ArticleView)
        number, total = view.next_match()
        assert number == 1 and total >= 3  # search words are highlighted and can be stepped
        await press(app, pilot, "escape")
        assert isinstance(app.screen, SearchScreen)
        await type_text(app, pilot, " now")  # back from the article, keys are for the words
        assert app.screen.query_one("#query").value == "does vitamin d reduce relapses? now"
        await press(app, pilot, "escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_slash_focuses_search_from_anywhere(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "slash")
        assert isinstance(app.screen, SearchScreen) and app.focused.id == "query"


async def test_slash_and_words_typed_in_one_burst_all_reach_the_search_box(isolated_dirs):
    """As a terminal delivers "/ham/tsp" typed fast or pasted: every key queued at once."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for character in "/ham/tsp":
            key = "slash" if character == "/" else character
            app.post_message(events.Key(key, character))
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "ham/tsp"  # a later / is typed


async def test_suggestion_facets_and_sort(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "ocrelizumb ")
        text = screen_text(app)
        assert "Showing results for ocrelizumab · search instead for ocrelizumb (ctrl+y)" in text
        assert "1 result" in text
        await press(app, pilot, "ctrl+e")  # search details
        assert "ocrelizumb: corrected spelling: ocrelizumab" in screen_text(app)
        await press(app, pilot, "ctrl+y")  # search instead for the words as typed
        text = screen_text(app)
        assert "No article mentions ocrelizumb." in text and "Did you mean: ocrelizumab?" in text
        await press(app, pilot, "ctrl+y")
        assert app.screen.query_one("#query").value == "ocrelizumab"
        assert "1 result" in screen_text(app)
        app.screen.query_one("#query").value = "relapses"
        await settle(app, pilot)
        await press(app, pilot, "ctrl+o")
        assert "sorted by newest research" in screen_text(app)
        years = [h.article.year for h in app.screen.results.hits if h.article.source]
        assert years == sorted(years, reverse=True)  # the research's year, not the summary's
        await press(app, pilot, "ctrl+o")
        assert "sorted by recently added" in screen_text(app)
        await press(app, pilot, "ctrl+o")
        assert "sorted by evidence" in screen_text(app)  # the rows' word for the rating
        facets = app.screen.query_one("#facets")
        facets.focus()
        names = [facets.get_option_at_index(i).id for i in range(facets.option_count)]
        facets.highlighted = names.index("Vitamin D")
        await press(app, pilot, "enter")
        assert [h.article.id for h in app.screen.results.hits] == ["vitamin-d-levels"]
        assert "topic: Vitamin D" in screen_text(app)


async def test_article_has_panels_topics_related_and_disclaimer(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        screen = app.screen
        takeaway = screen.query_one(".takeaway")
        assert takeaway.border_title == "Key takeaway"
        assert "infection with EBV came before" in takeaway.body
        assert screen.query_one(".considerations").border_title == "Important considerations"
        text = screen_text(app)
        assert "Evidence ●●●●○ Good evidence: a cohort study (4 out of 5)." in text
        assert "Source: Tester A et al. Fixture Journal of Neurology. 2022." in text
        assert "not medical advice" in text
        assert "Topic: EBV" in text
        assert "suggested by the article" in text  # related, with the reason


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_long_related_reasons_are_shown_whole(isolated_dirs, size):
    """Each reason wraps under its title, indented, and no line of it is cut (a list
    with a height of its own cut the second line of a wrapped reason at 80 columns)."""
    reason = (
        "suggested by the article; shares Treatment safety, Treatment strategy, "
        "Disease-modifying therapies, Relapses, MRI"
    )
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        others = [a for i, a in app.library.articles.items() if i != "ebv-risk"]
        app.related_found["ebv-risk"] = [Related(a, reason, 1.0) for a in others]
        await show_article(app, pilot, "ebv-risk")
        assert app.screen.query_one("#related-links", OptionList).option_count == len(others)
        view = app.screen.query_one(ArticleView)
        lines: dict[int, str] = {}  # the article's lines on screen, a page at a time
        for top in range(0, view.max_scroll_y + view.size.height, view.size.height - 1):
            view.scroll_to(y=top, animate=False, immediate=True)
            await pilot.pause()
            rows = screen_text(app).splitlines()[: view.size.height]
            lines |= {int(view.scroll_y) + i: row for i, row in enumerate(rows)}
        shown = [lines[i] for i in sorted(lines)]
        inside = [line.strip().strip("│").rstrip("▁▂▃▄▅▆▇█ ").rstrip("│") for line in shown]
        whole = " ".join(" ".join(inside).split())
        assert whole.count(reason) == len(others)
        assert all(line.startswith("  ") for line in inside if "Disease-modifying" in line)
        app.screen.query_one("#related-links", OptionList).focus()
        await settle(app, pilot)  # focusing scrolls the list's top into view, then the keys
        for key, article in (("G", others[-1]), ("g", others[0]), ("j", others[1])):
            await press(app, pilot, key)  # the article scrolls to the highlighted one
            on_screen = [
                line.strip().strip("│").rstrip("▁▂▃▄▅▆▇█ │")
                for line in screen_text(app).splitlines()
            ]
            assert article.title in " ".join(" ".join(on_screen).split())


async def test_topic_and_related_navigation_and_back_forward(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        app.screen.query_one("#related-links").focus()
        await press(app, pilot, "enter")  # the first related article
        assert app.screen.article.id == "vitamin-d-levels"
        await press(app, pilot, "H")
        assert app.screen.article.id == "ebv-risk"
        await press(app, pilot, "L")
        assert app.screen.article.id == "vitamin-d-levels"
        app.screen.query_one("#topic-links").focus()
        await press(app, pilot, "enter")  # topic "Vitamin D"
        assert isinstance(app.screen, BrowseScreen)
        assert listed(app) == ["vitamin-d-levels"]


async def test_previous_and_next_article_in_the_list(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "tab", "enter")
        first = app.screen.article.id
        await press(app, pilot, "right_square_bracket")
        assert app.screen.article.id == listed_after(app, first)
        await press(app, pilot, "left_square_bracket")
        assert app.screen.article.id == first


def listed_after(app, article_id: str) -> str:
    browse = next(s for s in app.screen_stack if isinstance(s, BrowseScreen))
    ids = [a.id for a in browse.query_one(ArticleList).articles]
    return ids[ids.index(article_id) + 1]


async def test_bookmark_survives_a_restart_and_read_marks_show(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b")
        assert app.state.is_bookmarked("ebv-risk")
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        text = screen_text(again)
        assert "Bookmarks (1)" in text
        row = listed(again).index("ebv-risk")
        prompt = str(again.screen.query_one(ArticleList).get_option_at_index(row).prompt)
        assert prompt.endswith("2022 research · summary · 1-min · evidence ●●●●○ · bookmarked")
        await press(again, pilot, "B")
        assert isinstance(again.screen, BookmarksScreen)
        assert listed(again) == ["ebv-risk"]
        await press(again, pilot, "d")
        assert listed(again) == [] and "No bookmarks left" in screen_text(again)
    third = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with third.run_test(size=(80, 24)) as pilot:
        await settle(third, pilot)
        assert "Bookmarks (0)" in screen_text(third)


async def test_new_since_last_visit(isolated_dirs, library_dir):
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
    write_article(library_dir, "fresh-news", title="Fresh news about remyelination")
    again = make_app(library_dir, isolated_dirs)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert "New since last visit (1)" in screen_text(again)
        await press(again, pilot, "j")
        assert listed(again) == ["fresh-news"]


async def test_help_lists_the_keys_of_the_current_screen(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Bookmark" in text and "Find" in text and "Next match" in text
        assert "Scroll Down" not in text  # Textual's defaults are summed up, not listed
        assert re.search(r"space +Page down", text)
        help_box = app.screen.query_one("#help")
        await press(app, pilot, "j", "j")
        assert help_box.scroll_y == 2  # j/k scroll the help
        await press(app, pilot, "G")
        assert "Search" in screen_text(app) and "Back in history" in screen_text(app)
        await press(app, pilot, "escape")
        assert isinstance(app.screen, ArticleScreen)
        await press(app, pilot, "B", "question_mark")
        text = screen_text(app)
        assert "d, del" in text and "Remove" in text  # readable names, one row per key
        assert len(re.findall(r"u {3,}Undo", text)) == 1  # the table, not the footer


def help_keys(app) -> list[str]:
    """Every key the open help screen names, one entry a key (its table, whole)."""
    table = app.screen.query_one("#help Static").content
    names = [str(cell) for cell in table.columns[0]._cells]
    sections = {"This screen", "Lists", "Everywhere", ""}
    return [key for cell in names if cell not in sections for key in cell.replace(",", " ").split()]


async def test_help_names_each_key_once_and_in_words(isolated_dirs):
    """On browse, tab is "Next pane": the general rows do not list it again; ctrl+p is
    "ctrl+p", not Textual's "^p"."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for keys in (("tab",), ("slash", "e", "tab"), ("escape", "escape", "tab", "enter")):
            await press(app, pilot, *keys, "question_mark")
            shown = help_keys(app)
            assert len(shown) == len(set(shown)), sorted(k for k in shown if shown.count(k) > 1)
            assert "ctrl+p" in shown and not [k for k in shown if k.startswith("^")]
            await press(app, pilot, "escape")


async def test_theme_cycles_and_is_remembered(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "myelin-dark"
        await press(app, pilot, "T", "T")
        assert app.theme == "myelin-high-contrast"
        assert said(app)[-1] == "Theme: high contrast"  # the README's name
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "myelin-high-contrast"


async def test_a_theme_saved_by_its_old_name_is_kept(isolated_dirs):
    """Light was Textual's own theme, saved as "textual-light", before it was made readable."""
    from tui.core.state import StateStore

    store = StateStore(isolated_dirs / "state")
    state = store.load()
    state.settings["theme"] = "textual-light"
    assert store.save(state)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "myelin-light"


@pytest.mark.parametrize("size", [(40, 12), (59, 20), (80, 24)])
async def test_small_terminals_work_from_the_keyboard(isolated_dirs, size):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        narrow = size[0] < 60
        assert app.screen.has_class("-narrow") == narrow
        topics, articles = app.screen.query_one("#topics"), app.screen.query_one("#articles")
        assert topics.display and (articles.display != narrow)  # one pane when narrow
        await press(app, pilot, "tab")
        assert articles.display and (topics.display != narrow)
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "fatigue")
        await press(app, pilot, "enter")
        assert app.screen.article.id == "fatigue-explainer"


async def test_glossary_words_in_article_and_glossary_screen(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "w")
        assert isinstance(app.screen, TermsDialog)
        assert [t.term for t in app.screen.terms] == ["MS", "Demyelination"]
        assert "Loss of the myelin coating" in screen_text(app)
        await press(app, pilot, "escape", "W")
        assert isinstance(app.screen, GlossaryScreen)
        await type_text(app, pilot, "demy")
        assert [t.term for t in app.screen.terms] == ["Demyelination"]
        await settle(app, pilot)
        text = screen_text(app)
        assert "Why it matters" in text
        assert "Fixture - a virus infection comes before MS" in text  # articles using it


async def test_find_in_article(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "fatigue-explainer")
        await press(app, pilot, "f")
        await type_text(app, pilot, "sleep")
        assert app.screen.query_one("#find").border_title == "1 found"
        await press(app, pilot, "enter")
        assert app.screen.query_one(ArticleView).match_index == 0


async def test_find_with_no_match_says_so_and_f_again_replaces_the_words(isolated_dirs):
    """QA G23: not "press f to find a word" right after f and a word."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "fatigue-explainer")
        await press(app, pilot, "f")
        await type_text(app, pilot, "xyzzy")
        await press(app, pilot, "enter")
        assert "No match for xyzzy in this article; / searches the library." in screen_text(app)
        await press(app, pilot, "f")
        await type_text(app, pilot, "sleep")
        assert app.screen.query_one("#find").value == "sleep"
        assert app.screen.query_one("#find").border_title == "1 found"


async def test_find_falls_back_to_what_the_library_takes_the_words_to_mean(isolated_dirs):
    """QA4 Q15: find said "No match for influenza" in an article that says "flu", which
    search maps. Words not in the article are found as the library's own words for them
    (glossary names, synonyms.yaml), and said so; words that are there are found as typed."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "vitamin-d-levels")  # says "relapses", not "flare-up"
        await press(app, pilot, "f")
        await type_text(app, pilot, "flare-up")
        found = app.screen.query_one("#find").border_title
        assert found.endswith(" found as Relapse, relapses") and not found.startswith("0 ")
        await press(app, pilot, "enter")
        assert said(app)[-1].startswith("Match 1 of ")
        assert said(app)[-1].endswith(
            " of Relapse, relapses, the library's words for flare-up (not in this article)"
        )
        await press(app, pilot, "f")
        await type_text(app, pilot, "relapses")  # in the article: as typed, nothing said
        assert app.screen.query_one("#find").border_title.endswith(" found")


async def test_table_of_contents_for_explainers(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "fatigue-explainer")
        await press(app, pilot, "t")
        assert "What fatigue feels like" in screen_text(app)
        assert "Contents (enter to choose, escape to close)" in screen_text(app)  # a titled box
        await press(app, pilot, "j", "enter")
        view = app.screen.query_one(ArticleView)
        assert view.scroll_y > 0


async def test_links_open_only_http_after_confirmation(isolated_dirs, tmp_path, monkeypatch):
    write_article(
        tmp_path,
        "links",
        body="## Key takeaway\nx\n## Links\nhttps://example.org/a "
        "file:///etc/passwd javascript:alert(1)\n## Important considerations\ny\n",
    )
    opened = []
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    app = make_app(tmp_path, isolated_dirs)
    monkeypatch.setattr(app, "open_link", lambda url: opened.append(url) or True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "links")
        await press(app, pilot, "o")
        assert "https://example.org/a" in screen_text(app)
        await press(app, pilot, "j", "enter")  # the file: link
        assert isinstance(app.screen, LinkDialog) and not app.screen.allowed
        await press(app, pilot, "y")
        assert opened == []
        await press(app, pilot, "o", "enter")  # the https link: asks first
        assert "Open this address in your web browser?" in screen_text(app)
        await press(app, pilot, "y")
        assert opened == ["https://example.org/a"]
        monkeypatch.setenv("SSH_CONNECTION", "1.2.3.4 5 6.7.8.9 22")
        await press(app, pilot, "o", "enter")
        assert "connected over SSH" in screen_text(app)
        await press(app, pilot, "y")
        assert opened == ["https://example.org/a"]  # nothing launched over SSH
        monkeypatch.delenv("SSH_CONNECTION")
        monkeypatch.setattr(app, "open_link", lambda url: False)  # no browser here
        await press(app, pilot, "o", "enter", "y")
        assert isinstance(app.screen, LinkDialog)  # still showing the address, and why
        assert "No web browser could be started on this computer." in screen_text(app)
        assert "https://example.org/a" in screen_text(app)


async def test_command_palette_opens_an_article_by_title(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "ctrl+p")
        await palette(app, pilot, "spinal cord shrinkage", "Open: Fixture - spinal cord")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "spinal-cord-imaging"


async def test_command_palette_jumps_to_a_topic_and_changes_the_theme(isolated_dirs, tmp_path):
    from textual.command import CommandList

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = tmp_path  # no ~/Downloads needed
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "ctrl+p")
        await palette(app, pilot, "topic vitamin", "Topic: Vitamin D")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, BrowseScreen)
        assert listed(app) == ["vitamin-d-levels"]
        await press(app, pilot, "ctrl+p")
        await palette(app, pilot, "theme", "Theme: high contrast")
        entries = app.screen.query_one(CommandList)
        offered = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
        assert not any("nord" in prompt or "textual" in prompt for prompt in offered)
        await press(app, pilot, "enter")
        assert app.theme == "myelin-high-contrast"
        await press(app, pilot, "ctrl+p")
        await palette(app, pilot, "screenshot", "Screenshot")
        await press(app, pilot, "enter")
        assert [p.suffix for p in tmp_path.iterdir()] == [".svg"]
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "myelin-high-contrast"  # chosen in the palette, remembered


async def test_the_mouse_works_too(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one("#topics")
        topics = [n for branch in tree.root.children for n in branch.children]
        node = next(n for n in topics if str(n.label).startswith("Vitamin D"))
        assert await pilot.click("#topics", offset=(4, node.line - int(tree.scroll_y) + 1))
        await settle(app, pilot)
        assert listed(app) == ["vitamin-d-levels"]
        assert await pilot.click("#articles", offset=(6, 1))
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "vitamin-d-levels"


async def test_markup_in_library_text_is_shown_literally(isolated_dirs, tmp_path):
    write_article(
        tmp_path,
        "evil",
        title='"[bold red]Loud[/] [@click=app.quit]Quit[/] [/oops]"',
        topics='["[link=file:///etc/passwd]x[/link]"]',
    )
    app = make_app(tmp_path, isolated_dirs)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "[bold red]Loud[/]" in text and "[@click=app.quit]Quit[/]" in text
        assert "[link=file:///etc/passwd]x" in text
        await press(app, pilot, "tab", "enter")
        assert "[bold red]Loud[/]" in screen_text(app)
        await pilot.click("ArticleView", offset=(5, 1))  # clicking the title runs nothing
        assert app.is_running


async def library_loaded(app, pilot) -> None:
    """Wait for the library (not the index) to load."""
    for _ in range(50):
        await pilot.pause(0.02)
        if app.library.articles:
            break
    await pilot.pause()


async def test_first_screen_is_usable_while_the_index_builds(isolated_dirs, monkeypatch):
    release = index_held_back(monkeypatch)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_loaded(app, pilot)
        assert app.engine is None
        assert len(listed(app)) == 5  # browsing works before search is ready
        await pilot.press("slash", *"vitamin")
        assert "Preparing the search index" in screen_text(app)
        release.set()
        await settle(app, pilot)
        assert app.engine is not None
        assert "1 result" in screen_text(app)  # the waiting search runs by itself


@pytest.mark.parametrize("enter", ["enter", "ctrl+j"])
async def test_enter_while_the_index_builds_opens_the_first_result_when_it_comes(
    isolated_dirs, monkeypatch, enter
):
    """QA H7: Enter was dropped while the index was prepared and the keys after it (`j`)
    went into the words; now the first result opens when the results come. Typed before
    the app took the terminal over, Return arrives as a line feed (ctrl+j): the same."""
    release = index_held_back(monkeypatch)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_loaded(app, pilot)
        assert app.engine is None
        await pilot.press("slash", *"vitamin")
        for key in (enter, "j", "j"):  # in one burst, as a terminal read hands them over
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)
        for _ in range(5):
            await pilot.pause()
        assert "the first result will open when it is ready" in screen_text(app)
        assert app.screen.query_one("#query").value == "vitamin"  # the j's did not land there
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "vitamin-d-levels"


async def test_enter_while_the_index_builds_on_words_that_find_nothing(isolated_dirs, monkeypatch):
    release = index_held_back(monkeypatch)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_loaded(app, pilot)
        await pilot.press("slash", *"xyzzy", "enter")
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        assert "No articles found" in screen_text(app)
        assert app.screen.focused is app.screen.query_one("#query")  # back to the words


async def test_library_problems_are_reachable(isolated_dirs, library_dir):
    write_article(library_dir, "broken", credibility="high")
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(250, 30)) as pilot:
        await settle(app, pilot)
        assert "1 library problem (press P)" in screen_text(app)
        await press(app, pilot, "P")
        assert "broken.md:7: credibility must be a whole number" in screen_text(app)
        assert len(load_library(library_dir).articles) == 5


async def test_history_is_restored_on_the_next_start(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for article_id in ("ebv-risk", "vitamin-d-levels"):
            await show_article(app, pilot, article_id)
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert "Recently read (2)" in screen_text(again)
        await press(again, pilot, "j", "j", "j")
        assert listed(again) == ["vitamin-d-levels", "ebv-risk"]
        await press(again, pilot, "H")  # back: the last article read
        assert again.screen.article.id == "vitamin-d-levels"
        await press(again, pilot, "H")
        assert again.screen.article.id == "ebv-risk"


async def test_no_color_is_respected(isolated_dirs, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.no_color
        svg = app.export_screenshot()
    colours = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    channels = [(int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)) for c in colours]
    assert all(max(rgb) - min(rgb) <= 8 for rgb in channels)  # monochrome: only greys


async def test_long_lists_are_capped_with_a_pointer_to_search(isolated_dirs, tmp_path, monkeypatch):
    from tui.app.widgets import article_list

    monkeypatch.setattr(article_list, "MAX_LISTED", 3)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert len(listed(app)) == 3
        assert "…and 2 older. Press / to search, or choose a topic." in screen_text(app)
        await press(app, pilot, "tab", "G")
        assert app.screen.query_one(ArticleList).highlighted_article.id == listed(app)[-1]


async def test_next_start_lists_the_snapshot_at_once_then_the_loaded_library(
    isolated_dirs, library_dir, monkeypatch
):
    first = make_app(library_dir, isolated_dirs)
    async with first.run_test() as pilot:
        await settle(first, pilot)  # the full load saves the first screen's snapshot
    changed = library_dir / "ebv-risk.md"
    changed.write_text(changed.read_text().replace("Fixture - a virus", "Fixture - one virus"))

    real_load = MyelinApp.load_library
    monkeypatch.setattr(MyelinApp, "load_library", lambda self: None)  # the load never ends
    waiting = make_app(library_dir, isolated_dirs)
    async with waiting.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not waiting.library.complete
        assert "Myelin · 5 articles" in screen_text(waiting)
        assert "Fixture - a virus" in screen_text(waiting)  # the snapshot's row
        await press(waiting, pilot, "W")  # the terms are in the snapshot: the glossary opens
        assert isinstance(waiting.screen, GlossaryScreen)
        assert "Finding the articles that use it" in screen_text(waiting)  # they need the text
        await press(waiting, pilot, "escape")
        assert isinstance(waiting.screen, BrowseScreen)
        waiting.open_article("ebv-risk")  # reads the file itself
        await pilot.pause()
        assert isinstance(waiting.screen, ArticleScreen)
        text = screen_text(waiting)
        assert "Fixture - one virus" in text and "Important considerations" in text

    monkeypatch.setattr(MyelinApp, "load_library", real_load)
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.library.complete and app.engine is not None
        assert "Fixture - one virus" in screen_text(app)


async def test_typing_or_pasting_a_question_on_the_list_searches_it(isolated_dirs):
    """Typing "fatigue" on the first screen did nothing (QA H35)."""
    from textual import events

    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await type_text(app, pilot, "tired")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "tired"
        assert next(h.article.id for h in app.screen.results.hits) == "fatigue-explainer"
        await press(app, pilot, "escape", "escape")
        assert not isinstance(app.screen, SearchScreen)
        app.screen.post_message(events.Paste("vitamin D\nlevels"))
        await settle(app, pilot)
        assert app.screen.query_one("#query").value == "vitamin D levels"


async def test_bookmarks_opened_while_the_library_loads_show_them_once_it_has(
    isolated_dirs, monkeypatch
):
    """`B` pressed at once on a first start said the bookmarks were "for articles not in
    this library" and never took it back (QA H44)."""
    release = library_held_back(monkeypatch)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("B")
        await pilot.pause()
        release.set()
        await settle(app, pilot)
        assert "not in this library" not in screen_text(app)
        assert [a.id for a in app.screen.query_one(ArticleList).articles] == ["ebv-risk"]


async def test_asking_what_a_glossary_word_is_shows_its_definition_above_the_results(
    isolated_dirs,
):
    """QA4 Q15: "what is myelin" listed trials; the glossary's definition is said first."""
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "what is a relapse")
        status = " ".join(str(app.screen.query_one("#search-status").render()).split())
        assert status.startswith(
            "Relapse (from the glossary): New or worse symptoms that last more than a day."
        )
        assert "results" in status  # the count follows, in view


async def test_results_sorted_by_when_added_say_when_each_was_added(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "relapses")
        row = str(app.screen.query_one("#results").get_option_at_index(0).prompt)
        assert "added" not in row
        while app.screen.sort != "added":
            await press(app, pilot, "ctrl+o")
        await settle(app, pilot)
        row = str(app.screen.query_one("#results").get_option_at_index(0).prompt)
        assert "· added 20 January 2025" in row  # the newest summary first, and said


def drawn_box(text: str, title: str) -> list[str]:
    """The lines of the bordered box whose top edge carries `title`, corners included
    (empty when the title is not on a rounded top border)."""
    lines = text.splitlines()
    for top, line in enumerate(lines):
        left, found, right = line.partition(title)
        if found and left.rstrip("─ ").endswith("╭") and right.lstrip("─ ").startswith("╮"):
            column = left.index("╭")
            for bottom in range(top + 1, len(lines)):
                if lines[bottom][column : column + 1] == "╰":
                    return [row[column:] for row in lines[top : bottom + 1]]
    return []


@pytest.mark.parametrize(
    ("key", "title", "entry"),
    [
        ("t", "Contents (enter to choose, escape to close)", "Important considerations"),
        ("o", "Links (enter to choose, escape to close)", "https://example.org/a"),
    ],
)
async def test_contents_and_links_are_boxes_with_their_title(
    isolated_dirs, tmp_path, key, title, entry
):
    """Issue 15: both dialogs had lost their border and title (drawn as bare lists)."""
    write_article(
        tmp_path,
        "links",
        body="## Key takeaway\nx\n## Links\nhttps://example.org/a\n"
        "## Important considerations\ny\n",
    )
    app = make_app(tmp_path, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "links")
        await press(app, pilot, key)
        box = drawn_box(screen_text(app), title)
        assert box, screen_text(app)
        inside = [row for row in box[1:-1] if row.startswith("│")]
        assert len(inside) == len(box) - 2  # the sides are drawn on every row
        assert any(entry in row for row in inside)
