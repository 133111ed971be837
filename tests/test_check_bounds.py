"""`myelin check` on a huge or mistaken folder (`check /`): progress on a terminal, a
bound with a clear message, ctrl+c ends it in one line (QA F26)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import FIXTURE_LIBRARY, ROOT, run_cli

from tui.core import library_files
from tui.core.library import load_library


def test_a_folder_with_too_many_folders_is_not_taken_for_a_library(tmp_path, monkeypatch):
    monkeypatch.setattr(library_files, "MAX_FOLDERS", 5)
    for n in range(8):
        (tmp_path / f"folder{n}").mkdir()
        (tmp_path / f"folder{n}" / "a.md").write_text("x")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 1
    assert "more than 5 folders below this folder: it does not look like a library" in (
        result.stdout
    )
    assert "0 articles loaded, 1 problem" in result.stdout  # the walk stopped there


def test_too_many_article_files_stop_the_walk(tmp_path, monkeypatch):
    monkeypatch.setattr(library_files, "MAX_FILES", 3)
    for n in range(5):
        (tmp_path / f"a{n}.md").write_text("x")
    (tmp_path / "more").mkdir()
    names, problems = library_files.markdown_names(tmp_path)
    assert names == [] and "more than 3 *.md files" in problems[0].message


def test_loading_tells_its_progress(tmp_path):
    said: list[str] = []
    load_library(FIXTURE_LIBRARY, progress=said.append)
    assert any(line.startswith("Reading articles: 0 of ") for line in said)


def test_ctrl_c_during_check_is_one_line_and_exit_130(monkeypatch):
    import tui.core.library as library_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(library_module, "load_library", interrupted)
    result = run_cli("check", str(FIXTURE_LIBRARY))
    assert result.returncode == 130
    assert result.stderr == "Stopped (ctrl+c).\n"


def test_check_on_a_terminal_shows_progress_on_stderr():
    """stderr is a terminal (a pty), stdout a pipe: the progress goes to stderr only."""
    main, other = os.openpty()
    with subprocess.Popen(
        [sys.executable, "-I", "-m", "tui", "check", str(FIXTURE_LIBRARY)],
        stdout=subprocess.PIPE,
        stderr=other,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    ) as child:
        os.close(other)
        out, _ = child.communicate(timeout=60)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the pty's other end is closed: all read
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert b"Checking the library" in seen or b"Reading articles" in seen
    assert b"Reading articles" not in out and b"articles loaded" in out


def test_a_research_year_after_the_summary_and_links_to_itself_are_named(tmp_path):
    from datetime import date

    from conftest import write_article

    later = date.today().year + 2
    write_article(tmp_path, "fut", source=f"\n  journal: J\n  year: {later}")
    write_article(tmp_path, "ahead", date="2020-01-01", source="\n  journal: J\n  year: 2024")
    write_article(tmp_path, "other")
    write_article(tmp_path, "self", related="[self, other, other]")
    said = " ".join(run_cli("check", str(tmp_path)).stdout.split())
    assert f"source.year must be a year like 2024, from 1800 to {later - 1}, got {later}" in said
    assert "source.year (2024) is after the summary's date (2020-01-01)" in said
    assert 'lists itself ("self") as a related article; remove it' in said
    assert "not in the library" not in said


def test_the_reading_level_shown_stays_within_words_a_reader_can_use(tmp_path):
    from conftest import SUMMARY_BODY, write_article

    from tui.core.parser import read_article
    from tui.core.wording import reading_level

    easy = read_article(
        write_article(
            tmp_path,
            "easy",
            body=SUMMARY_BODY.replace("The main point in one sentence.", "It is. So it is. Yes."),
        )
    )
    long_words = " ".join(["immunomodulatory neurodegenerative characteristics"] * 80)
    hard = read_article(
        write_article(tmp_path, "hard", body=SUMMARY_BODY.replace("A small study.", long_words))
    )
    assert reading_level(easy) == "reading level: grade 1 or below"
    assert reading_level(hard) == "reading level: very hard (above grade 20)"
