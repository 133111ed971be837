"""Issue 7 features through their real entry points: plain reader, notes, citations, levels."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

from app_helpers import make_app, press, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY, ROOT, write_article
from conftest import run_myelin as myelin
from test_terminal import read_until

from tui.app.screens.bookmarks import BookmarksScreen
from tui.core.state import StateStore

# -- accessible linear mode ---------------------------------------------------------------


def test_plain_reader_without_a_terminal_prints_and_exits():
    result = myelin(
        "read", "--plain", "--width", "40", "vitamin", "--library", str(FIXTURE_LIBRARY)
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Search for vitamin: 1 article." in out
    assert (
        "1. Fixture - vitamin D levels and relapses. 2023-09-14, summary, 1 min read."
        in " ".join(out.split())
    )
    assert max(len(line) for line in out.splitlines()) <= 40
    assert not any(ch in out for ch in "\x1b╭│─●")


def test_search_plain_is_numbered_and_linear():
    result = myelin(
        "search", "relapses", "--plain", "--width", "50", "--library", str(FIXTURE_LIBRARY)
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "Search for relapses: 3 articles."
    assert lines[1].startswith("1. ") and not any(ch in result.stdout for ch in "\x1b╭│●")


def test_plain_reader_is_driven_by_numbers_words_t_b_q_in_a_dumb_terminal(isolated_dirs):
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "dumb", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "read",
            "--plain",
            "--width",
            "40",
            "--library",
            str(FIXTURE_LIBRARY),
        ],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    try:
        read_until(controller, b"to quit.")
        os.write(controller, b"ocrelizumab\n")
        read_until(controller, b"1. Fixture - a B-cell")
        os.write(controller, b"1\n")
        seen = read_until(controller, b"End of article.")
        assert b"Key takeaway:" in seen and b"Important considerations:" in seen
        os.write(controller, b"b\n")
        read_until(controller, b"Search for ocrelizumab")
        os.write(controller, b"t\n")
        read_until(controller, b"Topics:")
        os.write(controller, b"99\n")
        read_until(controller, b"There is no number 99 here.")
        os.write(controller, b"1\n")
        read_until(controller, b"Topic EBV:")
        os.write(controller, b"q\n")
        tail = read_until(controller, b"Goodbye.")
        assert process.wait(timeout=20) == 0
        assert b"\x1b" not in tail
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)


# -- appointment notes ------------------------------------------------------------------------


def bookmark(data_home, *pairs: tuple[str, str]) -> None:
    store = StateStore(data_home / "myelin")
    state = store.load()
    for article_id, question in pairs:
        state.toggle_bookmark(article_id)
        state.set_question(article_id, question)
    assert store.save(state)


def test_notes_command_writes_one_page_from_bookmarks(isolated_dirs, tmp_path):
    data_home = isolated_dirs / "xdg_data_home"
    bookmark(data_home, ("ebv-risk", "Does this change anything for me?"), ("vitamin-d-levels", ""))
    env = {"XDG_DATA_HOME": str(data_home)}
    target = tmp_path / "notes.md"
    result = myelin("notes", "--output", str(target), "--library", str(FIXTURE_LIBRARY), env=env)
    assert result.returncode == 0, result.stderr
    assert str(target) in " ".join(result.stdout.split())
    text = target.read_text()
    assert text.startswith("# Questions for my appointment")
    assert "## 1. Fixture - vitamin D levels and relapses" in text  # newest bookmark first
    assert "- **Key takeaway:** In this fixture, infection with EBV" in text
    assert "- **Main consideration:** This is fixture text used by the tests" in text
    assert "- **Source:** Tester A et al. Fixture Journal of Neurology. 2022." in text
    assert "- **My question:** Does this change anything for me?" in text
    assert "not medical advice" in text
    plain = myelin(
        "notes", "--format", "txt", "--output", "-", "--library", str(FIXTURE_LIBRARY), env=env
    ).stdout
    assert plain.startswith("QUESTIONS FOR MY APPOINTMENT") and "**" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 80


async def test_app_keeps_a_question_and_writes_notes_and_exports(isolated_dirs, tmp_path):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = tmp_path
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b", "B")
        assert isinstance(app.screen, BookmarksScreen)
        await press(app, pilot, "e", *"Ask about EBV tests", "enter")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"
        assert "My question: Ask about EBV tests" in screen_text(app)
        await press(app, pilot, "n", "r", "x")
        notes = (tmp_path / "myelin-appointment-notes.md").read_text()
        assert "- **My question:** Ask about EBV tests" in notes
        assert parse_ris((tmp_path / "myelin-bookmarks.ris").read_text())[0]["JO"] == [
            "Fixture Journal of Neurology"
        ]
        assert parse_bibtex((tmp_path / "myelin-bookmarks.bib").read_text())[0]["year"] == "2022"
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"


# -- citations --------------------------------------------------------------------------------


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """A strict RIS reader: every line is `XX  - value`, records run from TY to ER."""
    records, current = [], None
    for line in text.splitlines():
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None
            current = {"TY": [value]}
        elif tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None
    return records


def parse_bibtex(text: str) -> list[dict[str, str]]:
    """A strict reader for the BibTeX we write: @type{key, field = {value}, ...}."""
    entries = []
    for match in re.finditer(r"@(\w+)\{([^,\s]+),\n(.*?)\n\}", text, re.S):
        fields = {"ENTRYTYPE": match.group(1), "ID": match.group(2)}
        for line in match.group(3).split(",\n"):
            name, value = re.fullmatch(r"\s*(\w+) = \{(.*)\}", line, re.S).groups()
            depth = 0
            for index, char in enumerate(value):
                if char in "{}" and (index == 0 or value[index - 1] != "\\"):
                    depth += 1 if char == "{" else -1
                    assert depth >= 0
            assert depth == 0, f"unbalanced braces in {name}"
            fields[name] = value
        entries.append(fields)
    return entries


def test_cite_in_three_formats_only_with_known_fields(tmp_path):
    write_article(
        tmp_path,
        "full",
        title="A full source",
        source='\n  journal: "Brain & Mind"\n  year: 2021\n  authors: Smith J et al.\n'
        '  title: "Exact {title} with 50% of_it"\n  url: https://example.org/x',
    )
    write_article(tmp_path, "bare", title="A bare source")  # journal and year only
    lib = ["--library", str(tmp_path)]
    text = myelin("cite", "full", "bare", *lib).stdout.splitlines()
    assert text == [
        "Smith J et al. Exact {title} with 50% of_it. Brain & Mind. 2021. https://example.org/x",
        "Test Journal. 2022.",
    ]
    records = parse_ris(myelin("cite", "full", "bare", "--format", "ris", *lib).stdout)
    assert records[0]["AU"] == ["Smith J"] and records[0]["UR"] == ["https://example.org/x"]
    assert records[0]["TI"] == ["Exact {title} with 50% of_it"]
    assert "AU" not in records[1] and "TI" not in records[1] and "UR" not in records[1]
    entries = parse_bibtex(myelin("cite", "full", "bare", "--format", "bibtex", *lib).stdout)
    assert entries[0]["ID"] == "full" and entries[0]["journal"] == r"Brain \& Mind"
    assert entries[0]["author"] == "Smith J and others"
    assert entries[0]["title"] == r"Exact \{title\} with 50\% of\_it"
    assert "author" not in entries[1] and "title" not in entries[1] and "url" not in entries[1]
    missing = myelin("cite", "nope", *lib)
    assert missing.returncode == 1 and "Not in the library: nope" in missing.stderr


async def test_y_copies_a_citation_with_osc52(isolated_dirs, monkeypatch):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    copied: list[str] = []
    said: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(str(message)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "y")
        assert copied == ["Tester A et al. Fixture Journal of Neurology. 2022."]
        assert said[-1] == "Copied citation: Tester A et al. Fixture Journal of Neurology. 2022."


# -- reading level, evidence and caveats first -----------------------------------------------


def test_check_warns_about_hard_summaries(tmp_path):
    hard = (
        "Autologous haematopoietic stem cell transplantation demonstrated considerable "
        "immunological reconstitution characteristics. "
    ) * 5
    write_article(
        tmp_path, "hard", body=f"## Key takeaway\n{hard}\n## Important considerations\n{hard}\n"
    )
    result = myelin("check", str(tmp_path))
    assert result.returncode == 0
    assert "hard.md: warning: reading grade" in result.stdout
    assert "1 reading-level warnings" in result.stdout
    assert "warning" not in myelin("check", str(tmp_path), "--max-grade", "40").stdout


async def test_header_shows_evidence_and_reading_level_and_caveats_first_is_kept(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(110, 50)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        text = screen_text(app)
        assert "reading level: grade" in text
        assert "Evidence ●●●●○ Good evidence: a cohort study (4/5)." in text
        assert text.index("What they found") < text.index("Important considerations")
        await press(app, pilot, "c")
        text = screen_text(app)
        assert text.index("Important considerations") < text.index("What they found")
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(110, 50)) as pilot:
        await settle(again, pilot)
        await show_article(again, pilot, "ebv-risk")
        text = screen_text(again)
        assert text.index("Important considerations") < text.index("What they found")
