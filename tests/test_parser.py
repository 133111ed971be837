"""The article format: good files load, each kind of mistake gives a clear problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import SUMMARY_BODY, finishes, front_matter, write_article

from tui.core import library_files
from tui.core.article import Article
from tui.core.parser import parse_article, read_article, split_sections
from tui.core.sanitize import is_safe


def problems_for(tmp_path: Path, text: str | bytes, name: str = "bad") -> list:
    path = tmp_path / f"{name}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = read_article(path)
    assert isinstance(result, list), f"expected problems, got an article for {text!r:.80}"
    return result


def only_message(tmp_path: Path, text: str | bytes) -> str:
    problems = problems_for(tmp_path, text)
    return " | ".join(str(p) for p in problems)


def test_good_summary_loads_with_every_field(tmp_path):
    path = write_article(
        tmp_path,
        "ebv-study",
        title="EBV comes first",
        topics="[EBV, Progressive MS]",
        related="[other-one]",
        source="\n  journal: Science\n  year: 2022\n  authors: Someone A et al.\n"
        "  url: https://example.org/paper",
    )
    article = read_article(path)
    assert isinstance(article, Article)
    assert article.id == "ebv-study"
    assert article.title == "EBV comes first"
    assert article.date == date(2024, 3, 1)
    assert article.topics == ("EBV", "Progressive MS")
    assert article.credibility == 3 and article.interest == 3
    assert article.source.journal == "Science" and article.source.year == 2022
    assert article.source.url == "https://example.org/paper"
    assert article.takeaway == "The main point in one sentence."
    assert article.considerations == "A small study."
    assert [s.heading for s in article.sections] == ["What they found", "Who should care and why"]
    assert article.related == ("other-one",)
    assert article.reading_minutes == 1
    assert article.stamp.size == path.stat().st_size


def test_explainer_needs_no_source_ratings_or_panels(tmp_path):
    path = write_article(
        tmp_path,
        "why-tired",
        body="Intro text.\n\n## What helps\nRest.\n",
        kind="explainer",
        credibility=None,
        interest=None,
        source=None,
        study_type=None,
        credibility_note=None,
    )
    article = read_article(path)
    assert isinstance(article, Article)
    assert article.kind == "explainer" and article.source is None
    assert article.intro == "Intro text." and article.takeaway == ""


@pytest.mark.parametrize(
    ("heading", "panel"),
    [
        ("Key Takeaway", "takeaway"),
        ("KEY TAKEAWAYS", "takeaway"),
        ("The bottom line", "takeaway"),
        ("Caveats", "considerations"),
        ("Limitations:", "considerations"),
        ("Important Considerations", "considerations"),
    ],
)
def test_section_names_are_recognised_with_variants(heading, panel):
    _, rest, takeaway, considerations = split_sections(f"## {heading}\nText here.\n## Other\nx")
    assert {"takeaway": takeaway, "considerations": considerations}[panel] == "Text here."
    assert [s.heading for s in rest] == ["Other"]


def test_reading_time_grows_with_length(tmp_path):
    long_body = SUMMARY_BODY + "\n## More\n" + "word " * 1000
    article = read_article(write_article(tmp_path, "long", body=long_body))
    assert article.reading_minutes == 5


def test_wrong_credibility_names_file_line_and_fix(tmp_path):
    message = only_message(tmp_path, front_matter(credibility="high") + SUMMARY_BODY)
    assert (
        message
        == f'{tmp_path}/bad.md:7: credibility must be a whole number from 1 to 5, got "high"'
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"credibility": "9"}, "credibility must be a whole number from 1 to 5, got 9"),
        ({"interest": "true"}, "interest must be a whole number from 1 to 5, got True"),
        ({"date": "2024-13-45"}, 'date must be a real date written YYYY-MM-DD, got "2024-13-45"'),
        ({"date": None}, "date is missing"),
        ({"title": None}, "title is missing"),
        ({"title": "[1, 2]"}, "title must be text, got a list"),
        ({"kind": "blog"}, 'kind must be one of summary, explainer, got "blog"'),
        ({"topics": "{a: 1}"}, "topics must be a list"),
        ({"source": "Nature"}, 'source must be fields (journal:, year:, ...), got "Nature"'),
        ({"source": "\n  journal: Nature\n  year: soon"}, "source.year must be a year like 2024"),
        (
            {"source": "\n  journal: Nature\n  year: 2020\n  url: file:///etc/passwd"},
            "source.url must start with http:// or https://",
        ),
        ({"source": None}, "source is missing"),
        ({"colour": "red"}, 'unknown field "colour"'),
        ({"related": "[../../etc/passwd]"}, "is not a file name"),
    ],
)
def test_field_mistakes(tmp_path, fields, expected):
    assert expected in only_message(tmp_path, front_matter(**fields) + SUMMARY_BODY)


def test_yes_no_words_stay_text(tmp_path):
    path = write_article(tmp_path, "words", topics="[no, on, yes]", title="no")
    article = read_article(path)
    assert article.topics == ("no", "on", "yes") and article.title == "no"


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = front_matter(credibility="x", interest="y", date="never") + SUMMARY_BODY
    assert len(problems_for(tmp_path, text)) == 3


def test_summary_without_panels_is_a_problem(tmp_path):
    message = only_message(tmp_path, front_matter() + "## What they found\nThings.\n")
    assert "Key takeaway" in message and "Important considerations" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"just text, no front matter\n", ":1: no front matter"),
        (b"---\ntitle: x\n", ":1: the front matter is not closed"),
        (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4, "is not a text file (it looks binary)"),
        ("---\ntitle: caf\xe9\n---\n".encode("latin-1"), ":2: is not UTF-8 text (byte 0xe9)"),
        (b"---\n- a\n- b\n---\n", "found a list"),
        (b"---\njust a string\n---\n", "found a single value"),
        (
            b"---\ntitle: a\ntitle: b\n---\n",
            ':3: the front matter is not valid YAML: duplicate key "title"',
        ),
        (b"---\ntitle: [unclosed\n---\n", "is not valid YAML"),
        (b'---\ntitle: "\\e[2J"\n---\n', "date is missing"),
        # QA5 R16: what editors save, named as it is (not "binary", not "no front matter")
        ("---\ntitle: x\n---\n".encode("utf-16"), ": is saved as UTF-16; save it as UTF-8"),
        ("---\ntitle: x\n---\n".encode("utf-16-be"), ": is saved as UTF-16"),
        (
            b"---\rtitle: x\rdate: 2024-01-01\r---\rBody\r",
            ":1: uses old Mac line endings (CR only)",
        ),
        (
            "---\nkind: summary\ntitle:\u00a0A title\ndate: 2024-01-01\n---\n".encode(),
            ":3: this line has a non-breaking space after `title:`; type a normal space",
        ),
        (b"\x00" * 2048, "is not a text file (it looks binary)"),  # NULs alone: not UTF-16
    ],
)
def test_broken_files(tmp_path, content, expected):
    assert expected in only_message(tmp_path, content)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + (front_matter() + SUMMARY_BODY).encode())
    assert isinstance(read_article(path), Article)


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [*{previous},*{previous},*{previous},*{previous}]")
    message = finishes(only_message, tmp_path, "---\n" + "\n".join(bomb) + "\n---\n")
    assert "aliases (*name) are not allowed" in message


def test_deep_nesting_is_refused(tmp_path):
    message = finishes(only_message, tmp_path, "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert "nested more than" in message


def test_huge_front_matter_is_refused(tmp_path):
    text = "---\n" + "".join(f"k{i}: {'x' * 60}\n" for i in range(2000)) + "---\n"
    assert "larger than 64 KiB" in only_message(tmp_path, text)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    problems = read_article(path)
    assert "file is 50.0 MiB; an article may be at most 1 MiB" in str(problems[0])


def test_symlink_loop_is_a_problem(tmp_path):
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    problems = read_article(tmp_path / "loop.md")
    assert "cannot be read" in str(problems[0])


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    path = write_article(tmp_path, "locked")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(library_files, "_open", denied)
    assert "permission denied" in str(read_article(path)[0])


def test_control_characters_are_replaced_everywhere(tmp_path):
    text = front_matter(title='"Evil \\e[2J title"', topics='["EBV\\e]52;c;x\\a"]') + (
        "## Key takeaway\nclear\x1b[2J screen \x9b1m \u202e\n"
        "## What they found\nbell\x07\n## Important considerations\nnone\x00\n"
    )
    article = parse_article(Path("evil.md"), text)
    assert isinstance(article, Article)
    everything = " ".join(
        [article.title, *article.topics, article.takeaway, article.body, article.considerations]
    )
    assert "\x1b" not in everything and "\x9b" not in everything and "\x00" not in everything
    assert "\u202e" not in everything and "\x07" not in everything
    assert "␛" in article.title


@pytest.mark.parametrize("name", ["evil\x1b[2J", "clip\x1b]52;c;eA==\x07", "\u202eevil", "c1\x9b"])
def test_a_file_name_with_terminal_controls_is_a_problem_shown_safely(tmp_path, name):
    folder = tmp_path / "sub\x1b[31m"
    folder.mkdir()
    problems = problems_for(folder, front_matter(), name)
    message = str(problems[0])
    assert "the file name cannot be an article id: rename it" in message
    assert is_safe(message) and "sub\\x1b[31m" in message  # the folder's name, escaped


# Inline Markdown: read as plain words once, in the parser (tui/core/inline.py).


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("- **Processing speed**: how quickly", "- Processing speed: how quickly"),
        ("**Repairing damage.** Drugs that", "Repairing damage. Drugs that"),
        ("an *italic* and an _underlined_ word", "an italic and an underlined word"),
        ("__strong__ and ***both*** and **a *b* c**", "strong and both and a b c"),
        ("a **bold phrase\nwrapped** over a line", "a bold phrase\nwrapped over a line"),
        ("use `code **as written**` here", "use code **as written** here"),
        ("see [the NIH](https://www.nih.gov/ms) now.", "see the NIH (https://www.nih.gov/ms) now."),
        ('[a page](https://a.org/x "its title")', "a page (https://a.org/x)"),
        (
            "[https://a.org](https://a.org) and <https://b.org/_x_/>",
            "https://a.org and https://b.org/_x_/",
        ),
        ("**see https://x.org/_a_/b_c_**", "see https://x.org/_a_/b_c_"),
        ("a \\*starred\\* word", "a *starred* word"),
    ],
)
def test_inline_markdown_is_read_as_the_words_it_marks(written, read):
    from tui.core.inline import plain_inline

    assert plain_inline(written) == read


@pytest.mark.parametrize(
    "kept",
    [
        "HLA-DRB1*15:01 carriers",
        "smokers who carried HLA-DRB1*15, without a protective gene called HLA-A*02, had",
        "snake_case and file_name_here",
        "search fatig* or relaps*",
        "2 * 3 * 4 and a lone * star",
        "**a bold start\n\nthat never closes in its paragraph**",
        "**a label\n- and the next list item**",
        "[bold]markup[/bold] and [@click=app.quit]a click[/]",
        "[x](javascript:alert(1)) and [[nested]](https://a.org)",
        "an ~~old~~ claim",
    ],
)
def test_stars_and_underscores_inside_words_or_unclosed_stay_as_written(kept):
    from tui.core.inline import plain_inline

    assert plain_inline(kept) == kept


@pytest.mark.parametrize(
    "hostile",
    [
        "*a " * 1500,
        "**a " * 1100,
        "_a\n" * 1500,
        "[" * 900,
        "`" * 900,
        "[a](" * 240,
        "[a](b " * 800,
    ],
)
def test_hostile_runs_of_unclosed_marks_load_unchanged(tmp_path, hostile):
    """Every pattern is bounded, and marks that never close are shown as written."""
    body = SUMMARY_BODY.replace("Some findings about the brain.", hostile)
    article = read_article(write_article(tmp_path, "hostile", body=body))
    assert isinstance(article, Article)
    found = next(s.text for s in article.sections if s.heading == "What they found")
    assert found == hostile.strip(), "unclosed marks were changed"


def test_an_article_body_is_parsed_with_its_inline_marks_read(tmp_path):
    from tui.core.links import article_links

    body = (
        "Intro with **bold** words.\n\n"
        "## Key takeaway\n"
        "People who carried **HLA-DRB1*15:01** had *about 3 times* the odds.\n\n"
        "## What **they** found\n"
        "- **Relapses.** Fewer, see [the trial record](https://example.org/trial_1).\n\n"
        "## Important considerations\n"
        "A _small_ study.\n"
    )
    article = read_article(write_article(tmp_path, "marked", body=body))
    assert isinstance(article, Article)
    assert article.intro == "Intro with bold words."
    assert article.takeaway == "People who carried HLA-DRB1*15:01 had about 3 times the odds."
    assert article.sections[0].heading == "What they found"
    assert article.sections[0].text == (
        "- Relapses. Fewer, see the trial record (https://example.org/trial_1)."
    )
    assert article.considerations == "A small study."
    assert "https://example.org/trial_1" in article_links(article)  # the Links dialog's list


def test_check_warns_about_markdown_that_will_show_as_written(tmp_path):
    from conftest import run_cli

    unclosed = SUMMARY_BODY.replace("Some findings", "**Relapses. Fewer on the drug")
    write_article(tmp_path, "unclosed", body=unclosed)
    write_article(tmp_path, "read", body=SUMMARY_BODY.replace("Some findings", "**Relapses.** A"))
    check = run_cli("check", "--library", str(tmp_path))
    assert "unclosed.md: warning: `**` is shown as written" in check.stdout
    assert "read.md: warning: `" not in check.stdout
