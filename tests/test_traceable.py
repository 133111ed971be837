"""Traceable articles: identifiers of the paper, when it was reviewed, and later updates."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import run_cli, write_article

from tui.core.article import Article, Update
from tui.core.library import load_library
from tui.core.parser import read_article

SOURCE = "\n  journal: Test Journal\n  year: 2022"


def load(tmp_path, **fields):
    return read_article(write_article(tmp_path, "paper", **fields))


def problems(tmp_path, **fields) -> list[str]:
    result = load(tmp_path, **fields)
    assert isinstance(result, list), "expected problems, got an article"
    return [str(p) for p in result]


def test_identifiers_title_reviewed_and_updates_load(tmp_path):
    article = load(
        tmp_path,
        source=SOURCE + "\n  title: A trial of something\n  doi: 10.1000/abc.123-x"
        '\n  pmid: "12345678"\n  registration: NCT01234567',
        reviewed="2026-11-30",
        updates="\n  - date: 2025-01-05\n    text: An older event."
        "\n  - date: 2025-12-23\n    text: A regulator declined it.",
    )
    assert isinstance(article, Article)
    source = article.source
    assert (source.title, source.doi, source.pmid) == (
        "A trial of something",
        "10.1000/abc.123-x",
        "12345678",
    )
    assert source.registrations == ("NCT01234567",)
    assert source.identifiers() == [
        ("DOI", "10.1000/abc.123-x"),
        ("PMID", "12345678"),
        ("Trial registration", "NCT01234567"),
    ]
    assert article.reviewed == date(2026, 11, 30)
    # kept newest first whatever order they were written in
    assert article.updates == (
        Update(date(2025, 12, 23), "A regulator declined it."),
        Update(date(2025, 1, 5), "An older event."),
    )
    assert article.updates[0].heading() == "Update, December 2025"


def test_pmid_may_be_a_number_and_registration_a_list(tmp_path):
    article = load(
        tmp_path,
        source=SOURCE + "\n  pmid: 87654321\n  registration: [NCT01234567, EudraCT 2010-012345-67, "
        "ISRCTN12345678, NCT01234567]",
    )
    assert article.source.pmid == "87654321"
    assert article.source.registrations == (
        "NCT01234567",
        "EudraCT 2010-012345-67",
        "ISRCTN12345678",
    )


def test_articles_without_the_new_fields_still_load(tmp_path):
    article = load(tmp_path)
    assert article.reviewed is None and article.updates == ()
    assert article.source.doi is None and article.source.identifiers() == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("doi", "https://doi.org/10.1000/xyz", "source.doi must look like 10.NNNN/"),
        ("doi", "10.12/short", "source.doi must look like"),
        ("doi", "10.1000/has space", "source.doi must look like"),
        ("pmid", "PMID 1234", "source.pmid must be the PubMed number, digits only"),
        ("pmid", '"0123"', "digits only"),
        ("registration", "NCT123", "is not a trial registry id"),
        ("registration", "nct01234567", "is not a trial registry id"),
        ("registration", "{a: 1}", "source.registration must be text"),
        ("title", "[a, b]", "source.title must be text"),
    ],
)
def test_bad_identifier_names_file_line_and_field(tmp_path, field, value, expected):
    found = problems(tmp_path, source=SOURCE + f"\n  {field}: {value}")
    assert len(found) == 1, found
    # file:line points at the field's own line, after 12 default lines
    assert found[0].startswith(f"{tmp_path / 'paper.md'}:13: "), found
    assert expected in found[0]


def test_unknown_source_field_lists_the_identifier_fields(tmp_path):
    found = problems(tmp_path, source=SOURCE + "\n  isbn: 123")
    assert 'unknown field "source.isbn"' in found[0]
    assert "doi" in found[0] and "pmid" in found[0] and "registration" in found[0]


@pytest.mark.parametrize(
    ("reviewed", "expected"),
    [
        ("2026-13-01", "reviewed must be a real date written YYYY-MM-DD"),
        ("2026-12", "reviewed must be a real date"),
        ("20261201", "reviewed must be a real date"),
        ("2024-01-01", "reviewed (2024-01-01) is before the article's date (2024-03-01)"),
    ],
)
def test_bad_reviewed_date(tmp_path, reviewed, expected):
    found = problems(tmp_path, reviewed=reviewed)
    assert len(found) == 1 and expected in found[0], found
    assert "paper.md:13:" in found[0]  # the line of `reviewed:`, after 12 default lines


@pytest.mark.parametrize(
    ("updates", "line", "expected"),
    [
        ("a sentence", 13, "updates must be a list of entries"),
        ("\n  - just text", 14, "updates entry 1 must have `date:` and `text:` fields"),
        ("\n  - text: no date", 14, "updates entry 1: date is missing"),
        ("\n  - date: 2025-12\n    text: x", 14, "updates entry 1: date must be a real date"),
        ("\n  - date: 2025-12-01", 14, "updates entry 1: text is missing"),
        (
            "\n  - date: 2025-12-01\n    text: x\n  - date: 2025-12-02\n    text: y\n    when: z",
            18,
            'unknown field "when" in updates entry 2',
        ),
        (
            "\n  - date: 2025-12-01\n    text: x\n    superseded_by: ../etc/passwd",
            16,
            'superseded_by "../etc/passwd" is not an article id',
        ),
        (
            "\n  - date: 2025-12-01\n    text: x\n    superseded_by: paper",
            16,
            "superseded_by names this article itself",
        ),
    ],
)
def test_bad_update_names_its_entry_and_line(tmp_path, updates, line, expected):
    found = problems(tmp_path, updates=updates)
    assert len(found) == 1 and expected in found[0], found
    assert f"paper.md:{line}:" in found[0], found


def test_superseded_by_must_name_an_article_in_the_library(tmp_path):
    write_article(tmp_path, "newer")
    write_article(
        tmp_path,
        "older",
        updates="\n  - date: 2025-12-01\n    text: Replaced.\n    superseded_by: newer"
        "\n  - date: 2025-11-01\n    text: Pointed away.\n    superseded_by: nowhere",
    )
    library = load_library(tmp_path)
    assert [p.message for p in library.problems] == [
        'update of 2025-11-01: superseded_by "nowhere" is not in the library; '
        "fix the id or remove it"
    ]
    older = library.articles["older"]
    assert [u.superseded_by for u in older.updates] == ["newer", None]  # nowhere is dropped


# -- what `myelin check` warns about ---------------------------------------------------------


def test_review_is_due_after_two_years_with_an_injected_clock(tmp_path):
    from tui.core.evidence import review_due

    reviewed = load(tmp_path, date="2023-05-01", reviewed="2024-12-02")
    assert not review_due(reviewed, date(2026, 12, 2))  # exactly two years: not yet
    assert review_due(reviewed, date(2026, 12, 3))
    never = load(tmp_path, date="2024-02-29")  # without `reviewed`, the day it was written
    assert not review_due(never, date(2026, 2, 28))
    assert review_due(never, date(2026, 3, 1))


def test_check_warns_about_stale_reviews_types_and_ratings_but_passes(tmp_path):
    from tui.cli import main

    today = date.today()
    fresh = f"{today.year - 1}-01-01"
    write_article(tmp_path, "fresh", date=fresh, reviewed=fresh)
    old_source = "\n  journal: Test Journal\n  year: 2018"  # research before the summary
    write_article(tmp_path, "stale", date="2019-01-01", reviewed="2020-06-30", source=old_source)
    write_article(tmp_path, "odd-type", reviewed=fresh, study_type="expert hunch")
    write_article(tmp_path, "lab", reviewed=fresh, study_type="lab study", credibility="3")
    write_article(
        tmp_path, "guideline", reviewed=fresh, study_type="consensus guideline", credibility="5"
    )
    write_article(tmp_path, "early", reviewed=fresh, study_type="phase 2 trial", credibility="3")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", str(tmp_path), "--max-grade", "40"]) == 0  # warnings pass
    lines = [line for line in out.getvalue().splitlines() if "warning" in line]
    assert [line.split(tmp_path.name + "/")[1] for line in lines[:-1]] == [
        "guideline.md: warning: credibility 5 is outside the rubric for a consensus guideline "
        "(4); see docs/library-format.md",
        "lab.md: warning: credibility 3 is outside the rubric for a lab study (at most 2); see "
        "docs/library-format.md",
        'odd-type.md: warning: study_type "expert hunch" is not one of the study types in '
        "docs/library-format.md; use the nearest one",
        "stale.md: warning: last reviewed 2020-06-30, more than 2 years ago; check it against "
        "its sources and newer evidence, then set `reviewed:` to the day you did",
    ]
    assert "6 articles loaded, 0 problems, 4 warnings in" in lines[-1]


# -- citations carry the identifiers ---------------------------------------------------------

TRACED = (
    SOURCE + "\n  authors: Smith J et al.\n  title: A trial of something\n"
    "  doi: 10.1000/a_b{1}\n  pmid: 12345678\n  registration: [NCT01234567, ISRCTN12345678]"
)


def cite_output(tmp_path, capsys, *args: str) -> str:
    from tui.cli import main

    write_article(tmp_path, "traced", title="A traced summary", source=TRACED)
    assert main(["cite", "traced", *args, "--library", str(tmp_path)]) == 0
    return capsys.readouterr().out


def test_text_citation_ends_with_doi_and_pmid_as_pubmed_writes_them(tmp_path, capsys):
    assert cite_output(tmp_path, capsys) == (
        "Smith J et al. A trial of something. Test Journal. 2022. "
        "doi: 10.1000/a_b{1}. PMID: 12345678.\n"
    )


def test_ris_carries_title_doi_pmid_and_registrations(tmp_path, capsys):
    from test_citations import strict_ris

    (record,) = strict_ris(cite_output(tmp_path, capsys, "--format", "ris"))
    assert record["title"] == "A trial of something"
    assert record["doi"] == "10.1000/a_b{1}"
    assert record["accession_number"] == "12345678"
    assert record["notes"] == [
        "Plain-language summary in Myelin: A traced summary",
        "Trial registration: NCT01234567",
        "Trial registration: ISRCTN12345678",
    ]


def test_bibtex_carries_title_doi_pmid_and_registrations(tmp_path, capsys):
    from pybtex.database import parse_string

    entry = parse_string(cite_output(tmp_path, capsys, "--format", "bibtex"), "bibtex").entries[
        "traced"
    ]
    assert entry.fields["title"] == "{A trial of something}"
    assert entry.fields["doi"] == "10.1000/a_b%7B1%7D"  # braces encoded, as in URLs
    assert entry.fields["pmid"] == "12345678"
    assert entry.fields["note"] == (
        "Plain-language summary in Myelin: A traced summary. "
        "Trial registration: NCT01234567, ISRCTN12345678"
    )


# -- shown to the reader: the app, `myelin show` and the plain reader ------------------------

UPDATED = (
    "\n  - date: 2025-12-23\n    text: A regulator declined the application.\n"
    "    superseded_by: newer-trial"
)


def updated_library(folder):
    write_article(
        folder,
        "old-trial",
        title="The old trial",
        source=TRACED,
        reviewed="2026-11-30",
        updates=UPDATED,
    )
    write_article(folder, "newer-trial", title="The newer trial", date="2026-01-10")
    return folder


async def test_app_shows_the_update_above_the_takeaway_identifiers_and_the_newer_article(
    isolated_dirs, tmp_path
):
    from app_helpers import make_app, press, screen_text, settle, show_article

    from tui.app.widgets.article_list import ArticleList

    app = make_app(updated_library(tmp_path / "lib"), isolated_dirs)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        rows = app.screen.query_one(ArticleList)
        marks = {a.id: "updated" in str(rows.get_option(a.id).prompt) for a in rows.articles}
        assert marks == {"old-trial": True, "newer-trial": False}  # the list marks updates
        await show_article(app, pilot, "old-trial")
        update = app.screen.query_one(".update")
        assert update.border_title == "Update, December 2025"
        assert "A regulator declined the application." in update.body
        text = screen_text(app)
        assert text.index("Update, December 2025") < text.index("Key takeaway")
        assert "DOI: 10.1000/a_b{1}" in text and "PMID: 12345678" in text
        assert "Trial registration: NCT01234567" in text and "Reviewed: 2026-11-30" in text
        app.screen.query_one("#related-links").focus()
        await press(app, pilot, "enter")  # the article that replaces it comes first
        assert app.screen.article.id == "newer-trial"


async def test_identifiers_reach_the_links_list_as_addresses(isolated_dirs, tmp_path):
    from app_helpers import make_app, press, screen_text, settle, show_article

    app = make_app(updated_library(tmp_path / "lib"), isolated_dirs)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "old-trial")
        await press(app, pilot, "o")
        text = screen_text(app)
        assert "https://doi.org/10.1000/a_b%7B1%7D" in text
        assert "https://pubmed.ncbi.nlm.nih.gov/12345678/" in text
        assert "https://clinicaltrials.gov/study/NCT01234567" in text


def test_show_and_plain_text_give_the_same_order(tmp_path, capsys):
    from tui.cli import main

    lib = ["--library", str(updated_library(tmp_path / "lib"))]
    for plain in ([], ["--plain"]):
        assert main(["show", "old-trial", "--width", "100", *lib, *plain]) == 0
        out = capsys.readouterr().out
        at = 0
        for wanted in (
            "Update, December 2025",
            "A regulator declined the application.",
            "Newer article: The newer trial",
            "Key takeaway",
            "Source: Smith J et al.",  # under the takeaway, which is on the first screen
            "Reviewed: 2026-11-30",
            "DOI: 10.1000/a_b{1}",
            "PMID: 12345678",
            "Related articles",
            "The newer trial",  # listed first
        ):
            assert wanted in out[at:], (wanted, plain, out)
            at = out.index(wanted, at)
    assert "Trial registration: ISRCTN12345678\n" in out  # no stop after an id in plain text


def test_plain_reader_lists_updates_and_opens_the_newer_article_as_number_one(tmp_path):
    import io

    from tui.core.index import open_index
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    library = load_library(updated_library(tmp_path / "lib"))
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "cache"))
    out = io.StringIO()
    reader = PlainReader(library, engine, out, 100)
    reader.show(reader.search_listing("trial"))
    listing = out.getvalue()
    assert "The old trial." in listing and "Updated December 2025." in listing
    assert listing.count("Updated December 2025") == 1  # only the updated one says so
    reader.show(library.articles["old-trial"])
    assert reader.related[0] == "newer-trial"
    reader.answer("1")
    assert reader.trail.current.id == "newer-trial"


def test_appointment_notes_give_the_latest_update_and_the_identifiers(tmp_path):
    from tui.core.notes import appointment_notes
    from tui.core.state import ReadingState

    library = load_library(updated_library(tmp_path / "lib"))
    text = appointment_notes([library.articles["old-trial"]], ReadingState(), "txt")
    flat = " ".join(text.split())
    assert "Latest update: Update, December 2025: A regulator declined the application." in flat
    assert (
        "Identifiers: DOI 10.1000/a_b{1}; PMID 12345678; Trial registration NCT01234567; "
        "Trial registration ISRCTN12345678" in flat
    )
    assert flat.index("Latest update") < flat.index("Key takeaway")


def test_text_output_gives_the_route_to_the_paper_as_web_addresses(tmp_path):
    import io
    import json

    from tui.core.index import open_index
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    lib = ["--library", str(updated_library(tmp_path / "lib"))]
    addresses = (
        "Paper: https://doi.org/10.1000/a_b%7B1%7D",
        "PubMed: https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "Trial record: https://clinicaltrials.gov/study/NCT01234567",
    )
    for plain in ([], ["--plain"]):
        shown = run_cli("show", "old-trial", "--width", "100", *lib, *plain)
        assert all(line in shown.stdout for line in addresses), shown.stdout
    found = json.loads(run_cli("search", "old trial", "--json", *lib).stdout)
    source = {hit["id"]: hit["source"] for hit in found["results"]}["old-trial"]
    assert source["doi"] == "10.1000/a_b{1}" and source["pmid"] == "12345678"
    assert "https://pubmed.ncbi.nlm.nih.gov/12345678/" in source["links"]

    library = load_library(updated_library(tmp_path / "lib"))
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "cache"))
    out = io.StringIO()
    reader = PlainReader(library, engine, out, 100)
    reader.show(library.articles["old-trial"])
    assert "https://" not in out.getvalue()  # read aloud only when asked
    reader.answer("links")
    assert all(line in out.getvalue() for line in addresses)


# -- an "update" dated before the paper is no news since it (QA4 Q11) -----------------------

EARLIER = (
    "\n  - date: 2024-09-13\n    text: Approved on the results presented before the paper."
    "\n  - date: 2025-11-02\n    text: A later safety letter."
)


def test_an_entry_before_the_paper_says_so_and_is_not_news(tmp_path):
    from tui.core.blocks import article_blocks

    article = load(tmp_path, source="\n  journal: Test Journal\n  year: 2025", updates=EARLIER)
    later, earlier = article.updates
    assert not article.before_research(later) and article.before_research(earlier)
    assert article.news == (later,)  # what marks it "updated" and dates it in lists
    headings = [block.heading for block in article_blocks(article) if block.kind == "update"]
    assert headings == ["Update, November 2025", "Before the 2025 paper, September 2024"]
    first = "\n  - " + EARLIER.split("\n  - ")[1]
    only_earlier = load(tmp_path, source="\n  journal: Test Journal\n  year: 2025", updates=first)
    assert only_earlier.news == ()
    below = article_blocks(only_earlier, updates_below=True)
    kinds = [block.kind for block in below]
    assert "update-note" not in kinds and kinds.count("update") == 1, kinds  # no "Updated …"


def test_check_warns_about_an_update_before_the_research_and_lists_show_the_news(tmp_path):
    source = "\n  journal: Test Journal\n  year: 2025"
    write_article(tmp_path, "early", source=source, updates=EARLIER, reviewed="2026-11-30")
    check = run_cli("check", str(tmp_path), "--max-grade", "40")
    assert check.returncode == 0, check.stdout  # a warning: the file loads
    assert (
        "early.md: warning: the update dated 2024-09-13 is before the research it updates "
        "(the 2025 paper)" in check.stdout
    )
    assert "2025-11-02" not in check.stdout and "1 warning in" in check.stdout
    newest = run_cli("search", "test", "--sort", "newest", "--library", str(tmp_path)).stdout
    assert "· updated November 2025" in " ".join(newest.split())  # the month as written
    shown = run_cli("show", "early", "--plain", "--library", str(tmp_path)).stdout
    flat = " ".join(shown.split())
    assert "Before the 2025 paper, September 2024: Approved on the results" in flat
