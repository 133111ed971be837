"""Huge words, lines and articles are cut where they are read, so the reader stays responsive.

What each bound buys is measured by benchmarks/huge_text.py, not here: these tests
check what is kept, what is cut and that the cut is said.
"""

from __future__ import annotations

from conftest import SUMMARY_BODY, run_cli, write_article
from hypothesis import given
from hypothesis import strategies as st

from tui.core.bounds import (
    MAX_LINE,
    MAX_PANEL,
    MAX_SECTIONS,
    MAX_TEXT,
    MAX_WORD,
    bounded,
    was_cut,
)
from tui.core.parser import read_article

SENTENCE = "People with relapsing MS had a lesion on MRI and the relapse rate fell. "
# Room for the marker and the space before it.
MARKED = len(" [… 1,000,000,000 more characters not shown]")


def huge_article(tmp_path, name: str, finding: str):
    body = f"## Key takeaway\nStill shown.\n\n## What they found\n{finding}\n\n"
    body += "## Important considerations\nA caveat.\n"
    return write_article(tmp_path, name, body=body)


def test_a_million_letter_word_is_cut_with_a_marker():
    text = bounded("before " + "a" * 1_000_000 + " after")
    assert text == "before " + "a" * MAX_WORD + " [… 999,000 more characters not shown] after"
    assert was_cut(text)


def test_a_one_line_paragraph_is_cut_at_a_space_and_says_how_much():
    line = SENTENCE * (2**20 // len(SENTENCE))
    text = bounded(line + "\nNext line.")
    first, second = text.split("\n")
    kept, marker = first.split(" [… ")
    assert line.startswith(kept) and line[len(kept)] == " "  # at a word's end
    assert MAX_LINE - 200 <= len(kept) <= MAX_LINE
    assert marker == f"{len(line) - len(kept):,} more characters not shown]"
    assert second == "Next line."  # the next line is still there


def test_the_whole_text_has_a_budget():
    paragraphs = "\n\n".join([SENTENCE * 5] * 5_000)
    text = bounded(paragraphs)
    assert len(text) <= MAX_TEXT + MARKED
    assert paragraphs.startswith(text.rsplit(" [… ", 1)[0])
    assert text.endswith("more characters not shown]")


@given(st.text(max_size=300))
def test_text_within_the_bounds_is_never_changed(text):
    assert bounded(text) == text and not was_cut(text)


@given(
    st.lists(
        st.sampled_from(["a" * 1_500, "word ", "\n", "\n\n", " " * 3_000, "x" * 6_000, "é "]),
        max_size=40,
    )
)
def test_every_word_and_line_and_the_whole_stay_within_the_bounds(pieces):
    text = "".join(pieces)
    cut = bounded(text)
    assert len(cut) <= MAX_TEXT + MARKED
    assert all(len(line) <= MAX_LINE + MARKED for line in cut.split("\n"))
    assert all(len(word) <= MAX_WORD for word in cut.split())
    assert was_cut(cut) == (cut != text)


def test_a_huge_article_keeps_its_takeaway_and_caveats_and_is_bounded(tmp_path):
    for name, finding in [
        ("long-line", SENTENCE * 14_000),  # just under 1 MiB, on one line
        ("long-word", "a" * 1_000_000),
        ("many-paragraphs", "\n\n".join([SENTENCE * 3] * 4_000)),
    ]:
        article = read_article(huge_article(tmp_path, name, finding))
        assert not isinstance(article, list), article
        assert article.takeaway == "Still shown." and article.considerations == "A caveat."
        (section,) = article.sections
        assert section.heading == "What they found"
        assert len(section.text) <= MAX_TEXT + MARKED and was_cut(section.text)
        assert section.text.startswith(finding[:MAX_WORD])


def test_a_huge_panel_is_cut_on_its_own_budget(tmp_path):
    body = SUMMARY_BODY.replace("The main point in one sentence.", "Point. " * 140_000)
    article = read_article(write_article(tmp_path, "a", body=body))
    assert len(article.takeaway) <= MAX_PANEL + MARKED and was_cut(article.takeaway)
    assert article.considerations  # still there after it


def test_thousands_of_sections_are_cut_and_the_rest_counted(tmp_path):
    sections = "".join(f"## Finding {n}\nText {n}.\n\n" for n in range(5_000))
    path = write_article(tmp_path, "a", body=SUMMARY_BODY + sections)
    article = read_article(path)
    assert len(article.sections) == MAX_SECTIONS
    assert article.sections[-1].text.endswith("more sections not shown]")


def test_check_warns_that_text_was_cut_and_show_prints_the_marker(tmp_path):
    huge_article(tmp_path, "long-word", "a" * 1_000_000)
    check = run_cli("check", "--library", str(tmp_path))
    assert "long-word.md: warning: some text is too long to show and was cut" in check.stdout
    shown = run_cli("show", "long-word", "--library", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert "[… 999,000 more characters not shown]" in shown.stdout
    assert "Still shown." in shown.stdout and len(shown.stdout) < 20_000


def test_a_heading_of_spaces_does_not_hang_the_parser(tmp_path):
    """`^##\\s+(.+?)\\s*#*\\s*$` took cubic time: 5,000 spaces never finished."""
    body = SUMMARY_BODY + "## a" + " " * 5_000 + "b\ntext\n"
    write_article(tmp_path, "spaces", body=body)
    result = run_cli("show", "spaces", "--library", str(tmp_path))  # stopped after 120 s
    assert result.returncode == 0, result.stderr
    assert "text" in result.stdout


async def test_the_app_opens_a_huge_article_at_its_takeaway_and_steps_through_matches(
    isolated_dirs, tmp_path
):
    from app_helpers import make_app, press, screen_text, settle

    from tui.app.widgets.article_view import ArticleView

    huge_article(tmp_path, "long-line", SENTENCE * 14_000)
    app = make_app(tmp_path, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_article("long-line", ("relapse",))
        await settle(app, pilot)
        assert "Still shown." in screen_text(app)  # the takeaway, on the first screen
        view = app.screen.query_one(ArticleView)
        total = sum(len(block.matches) for block in view.blocks())
        assert 0 < total <= 2 * MAX_TEXT // len(SENTENCE) + 2  # bounded, not 28,000
        await press(app, pilot, "n")
        assert view.match_index == 0
        await press(app, pilot, "G")
        assert "more characters not shown]" in screen_text(app)
