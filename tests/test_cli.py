"""The `myelin` command: `main(argv)` in-process, and `python -m tui` where the process matters."""

from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURE_LIBRARY, run_myelin, write_article
from conftest import run_cli as myelin


@pytest.mark.slow
def test_version_from_python_dash_m():
    result = run_myelin("--version")
    assert result.returncode == 0 and result.stdout.startswith("myelin ")


def test_search_prints_ranked_results_with_snippets():
    result = myelin("search", "does vitamin D reduce relapses?", "--library", str(FIXTURE_LIBRARY))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("articles found.")
    assert "1. Fixture - vitamin D levels and relapses  [vitamin-d-levels]" in result.stdout
    assert "\x1b" not in result.stdout  # piped: no colour


def test_search_json_for_scripts():
    result = myelin(
        "search",
        "relapses",
        "--json",
        "--limit",
        "1",
        "--sort",
        "added",
        "--library",
        str(FIXTURE_LIBRARY),
    )
    data = json.loads(result.stdout)
    assert data["total"] == 3 and len(data["results"]) == 1
    first = data["results"][0]
    assert first["id"] == "ocrelizumab-trial" and first["date"] == "2025-01-20"
    assert first["research_year"] == 2017  # the summary is new, the research is not
    assert "relaps" in " ".join(first["matches"]).lower()
    assert data["facets"]["Relapses"] == 1


def test_search_topic_option_and_suggestion():
    result = myelin("search", "ocrelizumb", "--library", str(FIXTURE_LIBRARY))
    assert result.stdout.startswith(
        "Showing results for ocrelizumab · search instead for ocrelizumb with --as-typed\n"
    )
    assert "[ocrelizumab-trial]" in result.stdout
    result = myelin("search", "ocrelizumb", "--as-typed", "--library", str(FIXTURE_LIBRARY))
    assert result.stdout.startswith("No article mentions ocrelizumb.\n")
    assert "No articles found" not in result.stdout  # said once
    assert "Did you mean: ocrelizumab?" in result.stdout
    result = myelin(
        "search", "relapses", "--topic", "Vitamin D", "--json", "--library", str(FIXTURE_LIBRARY)
    )
    assert [r["id"] for r in json.loads(result.stdout)["results"]] == ["vitamin-d-levels"]


def test_search_explain_says_how_the_words_were_understood():
    result = myelin(
        "search", "--explain", "flare-up", "ocreli", "naltrexone", "--library", str(FIXTURE_LIBRARY)
    )
    out = result.stdout
    assert out.startswith("Search details:\n  flare up: glossary names: relapse\n")
    assert "  ocreli: words it begins: ocrelizumab" in out
    assert "  naltrexone: in no article" in out
    assert "No article mentions naltrexone; these match only part of the search." in out


def test_show_formats_panels_and_disclaimer():
    result = myelin("show", "ebv-risk", "--library", str(FIXTURE_LIBRARY))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "╭─ Key takeaway" in out and "╭─ Important considerations" in out
    assert "not medical advice" in out
    assert "Source: Tester A et al. Fixture Journal of Neurology. 2022." in out


def test_show_plain_has_no_colour_or_boxes_and_names_headings():
    result = myelin(
        "show", "ebv-risk", "--plain", "--width", "40", "--library", str(FIXTURE_LIBRARY)
    )
    out = result.stdout
    assert "Key takeaway:" in out and "Important considerations:" in out
    assert not any(ch in out for ch in "╭│─●\x1b")
    assert max(len(line) for line in out.splitlines()) <= 40


def test_show_unknown_id_says_what_to_do():
    result = myelin("show", "nope", "--library", str(FIXTURE_LIBRARY))
    assert result.returncode == 1 and 'No article "nope"' in result.stderr


def test_topics_tree_with_counts():
    result = myelin("topics", "--library", str(FIXTURE_LIBRARY))
    assert "EBV (1)" in result.stdout and "Other" in result.stdout


def test_check_exit_codes(tmp_path):
    assert myelin("check", str(FIXTURE_LIBRARY)).returncode == 0
    write_article(tmp_path, "ebv", credibility="high")
    result = myelin("check", str(tmp_path))
    assert result.returncode == 1
    assert (
        f'{tmp_path}/ebv.md:7: credibility must be a whole number from 1 to 5, got "high"'
        in result.stdout
    )
    assert "0 articles loaded, 1 problem in" in result.stdout


def test_library_from_environment_variable_and_problem_count_on_stderr(tmp_path):
    write_article(tmp_path, "good", title="Clemastine and optic nerves")
    write_article(tmp_path, "bad", date="someday")
    result = myelin("search", "clemastine", env={"MYELIN_LIBRARY": str(tmp_path)})
    assert "Clemastine and optic nerves" in result.stdout
    assert "1 problem in the library; run `myelin check`" in result.stderr


def test_index_update_and_rebuild(tmp_path):
    lib = str(FIXTURE_LIBRARY)
    first = myelin("index", "--library", lib)
    assert "Indexed 5 articles" in first.stdout, first.stderr
    again = myelin("index", "--library", lib)
    assert "Index up to date" in again.stdout and "0 added, 0 changed, 0 removed" in again.stdout
    rebuilt = myelin("index", "--rebuild", "--library", lib)
    assert "Indexed 5 articles" in rebuilt.stdout


def test_hostile_library_text_never_reaches_the_terminal(tmp_path):
    write_article(
        tmp_path,
        "evil",
        title='"Evil \\e[2J \\e]52;c;eA==\\a [bold red]x[/]"',
        body="## Key takeaway\nclear\x1b[2J\x9b31m\u202e\n## Important considerations\nx\n",
    )
    for args in (
        ["show", "evil"],
        ["show", "evil", "--plain"],
        ["search", "evil"],
        ["search", "evil", "--json"],
        ["topics"],
    ):
        result = myelin(*args, "--library", str(tmp_path), env={"FORCE_COLOR": "1"})
        assert result.returncode == 0
        text = result.stdout.replace("\x1b[", "")  # Rich's own colour codes are fine
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
        if args[0] == "show":
            assert "[bold red]x[/]" in result.stdout  # shown literally, not as markup
    write_article(tmp_path, "named\x1b]52;c;eA==\x07")  # a hostile file name
    checked = myelin("check", str(tmp_path), env={"FORCE_COLOR": "1"})
    assert checked.returncode == 1 and "the file name cannot be an article id" in checked.stdout
    assert "\x1b]" not in checked.stdout and "\x07" not in checked.stdout


def test_no_color_is_respected():
    result = myelin(
        "show",
        "ebv-risk",
        "--library",
        str(FIXTURE_LIBRARY),
        env={"NO_COLOR": "1", "FORCE_COLOR": "1"},
    )
    assert "\x1b[1m" in result.stdout  # bold is still allowed...
    assert not re.search(
        r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7]|4[0-8])[;m]", result.stdout
    )  # ...colour is not


def test_a_missing_library_folder_is_said_plainly_with_exit_1(tmp_path):
    missing = tmp_path / "nowhere"
    for args in (["search", "x"], ["show", "x"], ["topics"], ["index"], ["cite", "x"]):
        result = myelin(*args, "--library", str(missing))
        assert result.returncode == 1, args
        assert f"{missing}: library folder does not exist; pass --library DIR" in result.stderr
    result = myelin("topics", env={"MYELIN_LIBRARY": str(FIXTURE_LIBRARY / "topics.yaml")})
    assert result.returncode == 1 and "is a file, not a folder" in result.stderr


def test_library_option_goes_before_or_after_the_command_and_beats_the_variable(tmp_path):
    write_article(tmp_path, "only-here", title="Clemastine and optic nerves")
    env = {"MYELIN_LIBRARY": str(FIXTURE_LIBRARY)}
    before = myelin("--library", str(tmp_path), "search", "clemastine", "--json", env=env)
    after = myelin("search", "clemastine", "--json", "--library", str(tmp_path), env=env)
    for result in (before, after):
        assert [r["id"] for r in json.loads(result.stdout)["results"]] == ["only-here"]


def test_index_shows_a_progress_bar_on_a_terminal_for_a_long_build(tmp_path):
    for number in range(210):
        write_article(tmp_path, f"article-{number}", title=f"Article number {number}")
    on_terminal = myelin("index", "--library", str(tmp_path), env={"FORCE_COLOR": "1"})
    assert "Indexed 210 articles" in on_terminal.stdout
    assert "Indexing" in on_terminal.stderr and "210/210" in on_terminal.stderr
    write_article(tmp_path, "one-more")
    (tmp_path / "article-0.md").unlink()
    piped = myelin("index", "--library", str(tmp_path))
    assert "Indexing" not in piped.stderr  # no bar in a pipe
    assert "1 added, 0 changed, 1 removed; 210 articles" in piped.stdout


def test_wrapped_result_lines_stay_indented_under_their_title():
    result = myelin("search", "relapses", "--library", str(FIXTURE_LIBRARY), env={"COLUMNS": "40"})
    entries = [e for e in result.stdout.split("\n\n")[1:] if not e.startswith("Topics")]
    assert entries and all(len(line) <= 40 for line in result.stdout.splitlines())
    for entry in entries:
        first, *rest = entry.splitlines()
        assert re.match(r"\d+\. ", first), entry
        assert rest and all(line.startswith("   ") for line in rest), entry  # no line at the margin
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


@pytest.mark.slow
def test_output_cut_short_by_its_reader_ends_quietly_with_success(tmp_path):
    """`myelin search relapses | head -1`: the reader goes away after one line."""
    import subprocess
    import sys

    for many in range(30):
        write_article(tmp_path, f"relapses-{many}", title=f"Relapses, part {many}")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "search",
            "relapses",
            "--limit",
            "30",
            "--library",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env={**__import__("os").environ, "COLUMNS": "100"},
    )
    with process, process.stderr:
        process.stdout.readline()
        process.stdout.close()
        assert process.wait(timeout=120) == 0
        assert b"Traceback" not in process.stderr.read()


def test_rows_sorted_by_when_added_say_when_each_was_added():
    """QA4 Q15: `--sort added` put a 2009 study first with only its research year shown,
    so the order could not be seen."""
    library = ("--library", str(FIXTURE_LIBRARY))
    out = myelin("search", "relapses", "--sort", "added", *library).stdout
    assert "2017 research · summary · 1-min read · evidence ●●●●● · added 20 January 2025" in out
    assert out.index("added 20 January 2025") < out.index("added 14 September 2023")
    assert "added" not in myelin("search", "relapses", *library).stdout
    plain = " ".join(
        myelin("search", "relapses", "--sort", "added", "--plain", *library).stdout.split()
    )
    assert "sorted by recently added" in plain and "Added 20 January 2025." in plain
