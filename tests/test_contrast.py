"""Every letter on the main screens is readable in every theme: WCAG AA contrast (4.5:1)
between each letter's colour and its background, as drawn (QA H25: in Textual's light
theme the takeaway and caveats titles were 1.4-1.7:1, list titles 1.4:1)."""

from __future__ import annotations

import pytest
from app_helpers import make_app, press, settle, show_article, type_text
from conftest import FIXTURE_LIBRARY
from textual.color import Color

from tui.app.themes import THEMES

AA = 4.5


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def unreadable(app) -> dict[tuple[str, str], str]:
    """(colour, background) pairs under AA, each with a sample of the text drawn so. Over
    a dialog, only the dialog: the screen behind it is dimmed on purpose."""
    from rich.cells import cell_len

    shown = [w.region for w in app.screen.query(".dialog")] if app.screen.is_modal else []
    found: dict[tuple[str, str], str] = {}
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            start, x = x, x + cell_len(segment.text)
            if shown and not any(r.y <= y < r.bottom and r.x <= start < r.right for r in shown):
                continue
            style = segment.style
            if style is None or not any(ch.isalnum() for ch in segment.text):
                continue
            if style.color is None or style.bgcolor is None:
                continue
            fg, bg = Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
            if style.reverse:
                fg, bg = bg, fg
            if contrast(fg, bg) < AA:
                found.setdefault((fg.hex, bg.hex), segment.text.strip()[:40])
    return found


def test_the_contrast_measure_is_wcags():
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), Color(255, 255, 255)) == pytest.approx(4.48, 0.01)


@pytest.mark.parametrize("theme", THEMES)
async def test_every_letter_meets_aa_in_every_theme(isolated_dirs, theme):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.state.toggle_bookmark("ebv-risk")
    low: dict[str, dict] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await settle(app, pilot)
        low["browse"] = unreadable(app)
        await press(app, pilot, "tab")  # the article list, its cursor row
        low["browse, list"] = unreadable(app)
        await show_article(app, pilot, "ebv-risk")
        low["article"] = unreadable(app)
        await press(app, pilot, "end")
        low["article, end"] = unreadable(app)
        await press(app, pilot, "escape", "slash")
        await type_text(app, pilot, "vitamin")
        low["search"] = unreadable(app)
        await press(app, pilot, "escape", "escape", "B")
        low["bookmarks"] = unreadable(app)
        await press(app, pilot, "escape", "W")
        low["glossary"] = unreadable(app)
        await press(app, pilot, "escape", "question_mark")
        assert app.screen.query(".dialog")  # what `unreadable` measures over a dialog
        low["help"] = unreadable(app)
    assert {screen: pairs for screen, pairs in low.items() if pairs} == {}
