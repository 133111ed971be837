"""The cursor row is marked by more than colour: under NO_COLOR and in the high-contrast
theme, a grey or yellow band is not the only sign of the row Enter opens (QA G24)."""

from __future__ import annotations

import pytest
from app_helpers import make_app, palette, press, settle, show_article
from conftest import FIXTURE_LIBRARY, write_article

from tui.app.themes import HIGH_CONTRAST


def marks(app, text: str) -> set[str]:
    """The non-colour styles on the screen line that shows `text`."""
    for strip in app.screen._compositor.render_strips():
        if text in strip.text:
            styles = [  # of the words of `text`, not of the other pane on that line
                segment.style
                for segment in strip
                if (words := segment.text.strip()) and (words in text or text in words)
            ]
            return {
                name
                for name in ("reverse", "underline")
                if any(style and getattr(style, name) for style in styles)
            }
    raise AssertionError(f"{text!r} is not on the screen")


@pytest.mark.parametrize("how", ["NO_COLOR", "high contrast"])
async def test_the_cursor_row_is_marked_without_colour(isolated_dirs, monkeypatch, how):
    if how == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        if how == "high contrast":
            app.theme = HIGH_CONTRAST.name
        await settle(app, pilot)
        assert marks(app, "All articles (5)")  # the topic tree has the keys
        assert not marks(app, "Bookmarks (0)")
        await press(app, pilot, "tab")  # to the articles
        title = app.screen.query_one("#articles").highlighted_article.title
        assert marks(app, title[:25])
        assert marks(app, "All articles (5)")  # still shown where the tree's cursor is


def marked_lines(app) -> list[str]:
    """The screen lines that carry a cursor mark, as text."""
    return [
        strip.text
        for strip in app.screen._compositor.render_strips()
        if "▶ " in strip.text or "▷ " in strip.text
    ]


def line_with(app, mark: str) -> str:
    lines = [line for line in marked_lines(app) if mark in line]
    assert len(lines) == 1, (mark, marked_lines(app))
    return lines[0]


async def test_under_no_color_every_list_marks_its_cursor_in_text(
    isolated_dirs, library_dir, monkeypatch
):
    """A terminal with neither colour nor underline still shows the row Enter opens: ▶ in
    the list the keys move, ▷ where another list keeps its place (results, topics,
    bookmarks, related, glossary, links, contents)."""
    monkeypatch.setenv("NO_COLOR", "1")
    write_article(
        library_dir,
        "zz-links",
        body="## Key takeaway\nx\n## Links\nhttps://example.org/a\n"
        "## Important considerations\ny\n",
        date="1990-01-01",
        source="\n  journal: Test Journal\n  year: 1990",
    )
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "▶ All articles (6)" in line_with(app, "▶")  # the topic tree has the keys
        await press(app, pilot, "tab", "j")  # to the articles, the second one
        articles = app.screen.query_one("#articles")
        second = articles.highlighted_article.title
        assert "▷ All articles (6)" in line_with(app, "▷")
        assert f"▶ {second[:30]}" in line_with(app, "▶")
        assert sum("▶" in line for line in marked_lines(app)) == 1  # first line of the row

        await press(app, pilot, "enter", "t")  # contents
        assert "▶ Key takeaway" in line_with(app, "▶")
        await press(app, pilot, "escape", "G")  # the article's own lists, resting
        assert "▷ Topic:" in "\n".join(marked_lines(app))
        await press(app, pilot, "b", "B")  # bookmarks
        assert f"▶ {second[:30]}" in line_with(app, "▶")
        await press(app, pilot, "escape", "escape", "slash", *"vitamin", "tab")
        results = app.screen.query_one("#results")
        assert f"▶ {str(results.get_option_at_index(0).prompt)[:20]}" in line_with(app, "▶")
        await press(app, pilot, "escape", "W", *"relapse")
        terms = app.screen.query_one("#terms")
        assert terms.highlighted is not None
        assert "▷ Relapse" in "\n".join(marked_lines(app))
        await show_article(app, pilot, "zz-links")
        await press(app, pilot, "o")  # links
        assert "▶ https://example.org/a" in line_with(app, "▶")
        await press(app, pilot, "escape", "escape", "ctrl+p")  # the command palette's list
        await palette(app, pilot, "Topic: Vitamin", "Topic: Vitamin D")
        await settle(app, pilot)
        assert "Topic: Vitamin D" in line_with(app, "▶")


async def test_with_colour_lists_have_no_text_mark(isolated_dirs, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "tab")
        assert not marked_lines(app)


async def test_under_no_color_a_list_is_laid_out_as_tall_as_its_marked_rows(monkeypatch):
    """The mark's gutter narrows every option: one that then wraps takes a line more, and
    the list is laid out that tall from its first frame. Measured without the gutter, it
    was laid out a line short and its scrollbar came a frame later (the Contents dialog at
    40x12 over SSH: its lines, then the scrollbar, 1.03 full repaints)."""
    from textual.app import App, ComposeResult
    from textual.widgets.option_list import Option

    from tui.app.widgets.key_list import KeyList

    monkeypatch.setenv("NO_COLOR", "1")
    # from fitting with room to spare to wrapping without the gutter: some wrap only with it
    prompts = [" ".join(["word"] * count) for count in range(1, 8)]

    class OneList(App):
        CSS = "KeyList { width: 24; height: auto; max-height: 100%; }"

        def compose(self) -> ComposeResult:
            yield KeyList(*(Option(prompt) for prompt in prompts))

    app = OneList()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        options = app.query_one(KeyList)
        assert app.no_color
        assert options.scrollable_content_region.height == options.virtual_size.height
        assert not options.show_vertical_scrollbar
