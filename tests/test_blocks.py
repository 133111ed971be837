"""The article's order is decided once, in core; the three renderers only draw it."""

from __future__ import annotations

from conftest import FIXTURE_LIBRARY, write_article

from tui.core.blocks import REPLACED_REASON, article_blocks
from tui.core.library import load_library
from tui.core.plain import article_text


def kinds(blocks) -> list[str]:
    return [b.kind for b in blocks]


def test_caveats_come_after_the_findings_or_first_when_asked():
    article = load_library(FIXTURE_LIBRARY).articles["ebv-risk"]
    after = kinds(article_blocks(article))
    first = kinds(article_blocks(article, caveats_first=True))
    assert after.index("considerations") > max(i for i, k in enumerate(after) if k == "section")
    assert first.index("takeaway") < first.index("considerations") < first.index("section")
    assert after[-1] == first[-1] == "disclaimer"
    # The takeaway on the first screen: only the header above it, why the rating and the
    # paper below it (QA H6: DOI and PMID lines had pushed it off an 80x24 screen).
    assert after[:4] == ["takeaway", "rating", "record", "section"]
    assert first[:4] == ["takeaway", "considerations", "rating", "record"]


def test_updates_come_above_the_takeaway_and_the_replacing_article_leads_related(tmp_path):
    write_article(
        tmp_path,
        "old",
        body="Intro words.\n\n## Key takeaway\nT.\n## Found\nF.\n## Important considerations\nC.\n",
        reviewed="2026-01-02",
        source="\n  journal: J\n  year: 2020\n  doi: 10.1000/xyz",
        updates="\n  - date: 2025-12-01\n    text: Newer news.\n    superseded_by: new",
    )
    write_article(tmp_path, "new", title="The new one")
    library = load_library(tmp_path)
    blocks = article_blocks(library.articles["old"], (), False, library.articles)
    assert kinds(blocks) == [
        "update",
        "intro",
        "takeaway",
        "rating",
        "record",
        "section",
        "considerations",
        "topics",
        "related",
        "disclaimer",
    ]
    assert blocks[4].text == "Source: J. 2020.\nReviewed: 2026-01-02\nDOI: 10.1000/xyz"
    assert blocks[0].heading == "Update, December 2025"
    assert blocks[0].text == "Newer news.\nNewer article: The new one (under Related articles)."
    (link,) = blocks[-2].links
    assert (link.article.id, link.reason) == ("new", REPLACED_REASON)


def test_plain_text_draws_the_blocks_in_their_order():
    article = load_library(FIXTURE_LIBRARY).articles["ebv-risk"]
    text = article_text(article, 80, caveats_first=True)
    headings = [b.heading for b in article_blocks(article, caveats_first=True) if b.heading]
    found = [text.index(f"{h}:") for h in headings if h != "Related articles"]
    assert found == sorted(found)


def test_a_heading_that_ends_in_its_own_mark_gets_no_colon_in_plain_text():
    """A screen reader says "How common is it? colon" for "it?:"."""
    from tui.core.plain import heading_line

    assert heading_line("How common is it?") == "How common is it?"
    assert heading_line("What they found") == "What they found:"


def test_contents_and_find_are_said_from_the_blocks_every_renderer_draws():
    """The linear reader's `contents` and `find`: the parts with a heading, in reading
    order (caveats first when chosen), and the sentences where the words occur, found
    with the index's analyzer as the app's find marks them."""
    from tui.core.blocks import contents
    from tui.core.highlight import sentences_with

    article = load_library(FIXTURE_LIBRARY).articles["vitamin-d-levels"]
    headings = [b.heading for b in contents(article_blocks(article))]
    assert headings[0] == "Key takeaway" and headings[-1] == "Important considerations"
    first = [b.heading for b in contents(article_blocks(article, caveats_first=True))]
    assert first[:2] == ["Key takeaway", "Important considerations"]
    parts = [(b.heading, b.text) for b in contents(article_blocks(article))]
    assert sentences_with(parts, ["lesion"]) == [
        ("What they found", "MRI showed slightly fewer new lesions with vitamin D.")
    ]
    assert sentences_with(parts, ["xyzzy"]) == []
    bullets = [("Findings", "- Fewer new lesions. Same relapses.\n- More infections.")]
    assert sentences_with(bullets, ["lesions", "infection"]) == [
        ("Findings", "Fewer new lesions."),  # a bullet's dash is not read out
        ("Findings", "More infections."),
    ]


def test_the_glossary_words_of_an_article_are_found_once_in_order():
    library = load_library(FIXTURE_LIBRARY)
    article = library.articles["vitamin-d-levels"]
    assert [t.term for t in library.glossary.in_article(article)] == ["Relapse"]
    uses = library.glossary.uses(library.articles.values())
    assert "vitamin-d-levels" in uses["Relapse"]
