"""Citations as a clinician gets them: `myelin cite`, `y` in the app, and read back by real parsers.

RIS is read with rispy and BibTeX with pybtex, whose name rules are BibTeX's own:
a test that only matched our own idea of the format would not notice a
reference manager filing "K" as Bjornevik's surname.
"""

from __future__ import annotations

import base64
import re
from datetime import date

import rispy
from app_helpers import make_app, press, said, settle, show_article
from conftest import FIXTURE_LIBRARY, write_article
from conftest import run_cli as myelin
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from tui.core import citations
from tui.core.article import Article, Source
from tui.core.citations import bibtex, ris

FULL = (
    '\n  journal: "Brain & Mind"\n  year: 2021\n  authors: Smith J; Wijnands JMA et al.\n'
    '  title: "Exact {title} with 50% of_it?"\n  url: https://example.org/a_b?q={x}'
)


def library(tmp_path):
    write_article(tmp_path, "full", title="A full source", source=FULL)
    write_article(tmp_path, "bare", title="A bare source")  # journal and year only
    write_article(
        tmp_path,
        "group",
        source="\n  journal: Science\n  year: 2019\n"
        "  authors: iMSMS Consortium and MultipleMS Consortium",
    )
    write_article(tmp_path, "explained", kind="explainer", source=None, credibility=None)
    return ["--library", str(tmp_path)]


def strict_ris(text: str) -> list[dict]:
    """Every line is `XX  - value` and records run from TY to ER; then rispy reads it."""
    depth = 0
    for line in filter(None, text.splitlines()):
        tag = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line + (" " if line[-3:] == "  -" else ""))
        assert tag, f"not a RIS line: {line!r}"
        depth += {"TY": 1, "ER": -1}.get(tag[1], 0)
        assert depth in (0, 1), f"records overlap at {line!r}"
    assert depth == 0
    return rispy.loads(text)


def test_text_citations_use_only_the_fields_given(tmp_path):
    lib = library(tmp_path)
    lines = myelin("cite", "full", "bare", "explained", *lib).stdout.splitlines()
    assert lines == [
        "Smith J; Wijnands JMA et al. Exact {title} with 50% of_it? Brain & Mind. 2021. "
        "https://example.org/a_b?q={x}",
        "Test Journal. 2022.",
        "A test article. Myelin explainer, 2024.",
    ]


def test_ris_is_read_back_by_rispy_with_surnames_first(tmp_path):
    lib = library(tmp_path)
    result = myelin("cite", "full", "bare", "group", "--format", "ris", *lib)
    full, bare, group = strict_ris(result.stdout)
    assert full["type_of_reference"] == "JOUR"
    assert full["authors"] == ["Smith, J.", "Wijnands, J. M. A."]
    assert full["title"] == "Exact {title} with 50% of_it?"
    assert full["secondary_title"] == full["journal_name"] == "Brain & Mind"
    assert full["year"] == "2021" and full["urls"] == ["https://example.org/a_b?q={x}"]
    assert bare.keys() == {"type_of_reference", "secondary_title", "journal_name", "year", "notes"}
    assert bare["notes"] == ["Plain-language summary in Myelin: A bare source"]
    assert group["authors"] == ["iMSMS Consortium", "MultipleMS Consortium"]


def test_bibtex_is_read_back_by_pybtex_with_bibtex_name_rules(tmp_path):
    lib = library(tmp_path)
    result = myelin("cite", "full", "bare", "group", "--format", "bibtex", *lib)
    entries = parse_string(result.stdout, "bibtex").entries  # strict: raises on bad syntax
    assert list(entries) == ["full", "bare", "group"]
    full = entries["full"]
    people = [(p.last_names, p.first_names + p.middle_names) for p in full.persons["author"]]
    assert people == [(["Smith"], ["J."]), (["Wijnands"], ["J.", "M.", "A."]), (["others"], [])]
    braces = r"\textbraceleft{}title\textbraceright{}"  # BibTeX counts even \{
    assert full.fields["title"] == r"{Exact " + braces + r" with 50\% of\_it?}"
    assert full.fields["journal"] == r"Brain \& Mind"
    assert full.fields["url"] == "https://example.org/a_b?q=%7Bx%7D"
    bare = entries["bare"]
    assert "author" not in bare.persons and set(bare.fields) == {"journal", "year", "note"}
    groups = [p.last_names for p in entries["group"].persons["author"]]
    assert groups == [["{iMSMS Consortium}"], ["{MultipleMS Consortium}"]]


def test_explainers_have_no_source_and_are_left_out_with_a_message(tmp_path):
    lib = library(tmp_path)
    mixed = myelin("cite", "bare", "explained", "--format", "bibtex", *lib)
    assert mixed.returncode == 0
    assert list(parse_string(mixed.stdout, "bibtex").entries) == ["bare"]
    assert "Left out, no source to cite (written for Myelin): explained." in mixed.stderr
    alone = myelin("cite", "explained", "--format", "ris", *lib)
    assert alone.returncode == 1 and alone.stdout == ""
    missing = myelin("cite", "nope", *lib)
    assert missing.returncode == 1 and "Not in the library: nope" in missing.stderr


async def test_y_copies_the_citation_with_osc52_and_says_so(isolated_dirs, monkeypatch):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    sent: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app._driver, "write", sent.append)  # what the terminal receives
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "y")
        citation = "Tester A et al. Fixture Journal of Neurology. 2022."
        osc52 = [s for s in sent if s.startswith("\x1b]52;c;")]
        assert osc52 == [f"\x1b]52;c;{base64.b64encode(citation.encode()).decode()}\a"]
        assert f"Copied citation: {citation}" in said(app)


# Any text a library may hold (sanitised, whitespace collapsed, as the parser leaves it).
field_text = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@settings(max_examples=150, deadline=None)
@given(title=field_text, journal=field_text, authors=field_text, source_title=field_text)
def test_any_source_text_gives_parseable_ris_and_bibtex(title, journal, authors, source_title):
    source = Source(journal=journal, year=2020, authors=authors, title=source_title)
    article = Article(
        id="any",
        file="any.md",
        title=title,
        date=date(2024, 1, 1),
        kind="summary",
        topics=(),
        takeaway="",
        considerations="",
        sections=(),
        source=source,
    )
    (record,) = strict_ris(ris([article]))
    assert record["title"] == source_title and record["journal_name"] == journal
    entry = parse_string(bibtex([article]), "bibtex").entries["any"]
    assert set(entry.fields) == {"title", "journal", "year", "note"}
    # The authors are there, as people or as one group, unless the text names nobody (";").
    named, _ = citations.authors(article)
    assert bool(entry.persons.get("author")) == bool(named)
    assert named or not re.sub(r"(?i)et al\.?|\band\b|[;,\s]", "", authors).strip(".")


def test_a_title_ending_in_a_question_gets_no_stop_before_the_registration():
    """ "…MS activity?. Trial registration" in BibTeX's note (QA H33)."""
    source = Source(journal="J", year=2020, registrations=("NCT01285401",))
    article = Article(
        id="q",
        file="q.md",
        title="Does vitamin D reduce MS activity?",
        date=date(2024, 1, 1),
        kind="summary",
        topics=(),
        takeaway="",
        considerations="",
        sections=(),
        source=source,
    )
    note = parse_string(bibtex([article]), "bibtex").entries["q"].fields["note"]
    assert note.endswith("MS activity? Trial registration: NCT01285401")


def test_cite_gives_the_ids_it_found_even_when_one_is_wrong(tmp_path):
    """Ten ids with one typo gave no citation at all; paths and case worked only in `show`
    (QA H29)."""
    lib = library(tmp_path)
    mixed = myelin("cite", "full", "nope1", "--format", "ris", *lib)
    assert mixed.returncode == 1 and "Not in the library: nope1." in mixed.stderr
    assert [r["title"] for r in strict_ris(mixed.stdout)] == ["Exact {title} with 50% of_it?"]
    forms = myelin("cite", str(tmp_path / "full.md"), "FULL", "full", *lib)
    assert forms.returncode == 0, forms.stderr
    assert forms.stdout == myelin("cite", "full", *lib).stdout  # once, however it was named


def test_bookmark_exports_say_what_they_hold_and_leave_explainers_out(tmp_path):
    from tui.core.citations import EXPORT_NAMES, export_citations
    from tui.core.library import load_library

    library(tmp_path)
    articles = list(load_library(tmp_path).articles.values())
    explainers = [a for a in articles if a.source is None]
    assert explainers, "the fixture has an explainer to leave out"
    found = export_citations(articles, "bibtex")
    assert found is not None and found.name == EXPORT_NAMES["bibtex"] == "myelin-bookmarks.bib"
    cited = len(articles) - len(explainers)
    assert found.what.startswith(f"{cited} citation")
    assert found.what.endswith(f"({len(explainers)} explainer without a source left out)")
    assert len(parse_string(found.text, "bibtex").entries) == cited
    assert export_citations(explainers, "ris") is None
