"""The command line says what is wrong and what to type instead (issue 15)."""

from __future__ import annotations

import json

from app_helpers import settle
from conftest import FIXTURE_LIBRARY
from conftest import run_cli as myelin

from tui.app.screens.search import SearchScreen

LIBRARY = ["--library", str(FIXTURE_LIBRARY)]


def test_topics_has_no_tree_lines_when_piped_or_plain():
    for extra in ([], ["--plain"]):
        out = myelin("topics", *extra, *LIBRARY).stdout
        assert not any(ch in out for ch in "├└│─"), out
        assert "Causes:\n  EBV (1): Epstein-Barr virus.\n" in out


def test_bad_limit_and_width_are_refused_with_a_reason():
    for args, said in [
        (["search", "x", "--limit", "0"], "the number of results must be at least 1, not 0"),
        (["search", "x", "--limit", "-1"], "the number of results must be at least 1, not -1"),
        (["show", "ebv-risk", "--width", "10"], "the width (columns) must be at least 20, not 10"),
        (["read", "--plain", "--width", "0"], "the width (columns) must be at least 20, not 0"),
        (["check", "--max-grade", "nan"], "the reading grade must be from 1 to 100, not nan"),
        (["check", "--max-grade", "ten"], "the reading grade must be a number, not 'ten'"),
    ]:
        result = myelin(*args, *LIBRARY)
        assert result.returncode == 2 and said in result.stderr, result.stderr


def test_an_unknown_topic_is_named_with_the_nearest():
    result = myelin("search", "relapses", "--topic", "Vitamn D", *LIBRARY)
    assert result.returncode == 1
    assert 'No topic "Vitamn D" in this library. Did you mean "Vitamin D"?' in result.stderr
    assert "See them all with: myelin topics" in result.stderr


def test_an_unknown_topic_far_from_every_name_gets_no_guess():
    """verify15: "Nonexistent" was asked "Did you mean Exercise?"; a far guess misleads."""
    for far in ("Nonexistent", "e"):
        result = myelin("search", "relapses", "--topic", far, *LIBRARY)
        assert result.returncode == 1
        assert result.stderr == (
            f'No topic "{far}" in this library.\nSee them all with: myelin topics\n'
        )
    for near in ("Exersize", "EBV virus", "B-cell"):
        result = myelin("search", "relapses", "--topic", near, *LIBRARY)
        assert "Did you mean" in result.stderr, near


def test_empty_and_stop_word_searches_answer_alike():
    answers = [myelin("search", words, *LIBRARY) for words in ("", "the of and")]
    assert {(a.returncode, a.stderr, a.stdout) for a in answers} == {
        (2, "Type a few words about what you want to read.\n", "")
    }


def test_show_accepts_file_names_and_suggests_ids_without_breaking_the_command():
    for given in ("ebv-risk.md", "library/ebv-risk.md", str(FIXTURE_LIBRARY / "ebv-risk.md")):
        shown = myelin("show", given, *LIBRARY)
        assert shown.returncode == 0 and shown.stdout.startswith("Fixture - a virus"), given
    wrong = myelin("show", "ebv-rsik", *LIBRARY, env={"COLUMNS": "40"})
    assert wrong.returncode == 1
    assert "\nDid you mean: myelin show ebv-risk\n" in wrong.stderr  # one line, at 40 columns


def test_a_leading_minus_word_is_a_word_to_leave_out():
    plain = myelin("search", "relapses", *LIBRARY).stdout
    for args in (["-vitamin", "relapses"], ["--", "-vitamin", "relapses"]):
        result = myelin("search", *args, *LIBRARY)
        assert result.returncode == 0, result.stderr
        assert "vitamin-d-levels" in plain and "vitamin-d-levels" not in result.stdout
    assert myelin("search", "--nonsense", "x", *LIBRARY).returncode == 2  # still an error


def test_words_after_an_option_are_still_search_words_in_the_order_typed():
    typed = myelin("search", "relapses", "vitamin", "--plain", *LIBRARY)
    mixed = myelin("search", "relapses", "--plain", *LIBRARY, "vitamin")
    assert mixed.returncode == 0, mixed.stderr
    assert mixed.stdout == typed.stdout  # the echoed query too: "relapses vitamin"
    read = myelin("read", "--plain", "relapses", "--width", "40", "vitamin", *LIBRARY)
    assert read.returncode == 0 and "Search for relapses vitamin" in read.stdout


def test_an_unknown_option_is_named_with_the_commands_own_usage():
    wrong = myelin("search", "relapses", "--bogus", *LIBRARY)
    assert wrong.returncode == 2
    assert "usage: myelin search" in wrong.stderr
    assert "unrecognized arguments: --bogus" in wrong.stderr
    extra = myelin("show", "ebv-risk", "more", *LIBRARY)
    assert extra.returncode == 2 and "usage: myelin show" in extra.stderr


def test_piped_show_has_no_trailing_spaces():
    out = myelin("show", "ebv-risk", *LIBRARY).stdout
    assert "Key takeaway" in out
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_check_on_a_file_says_it_is_not_a_folder(tmp_path):
    note = tmp_path / "topics.txt"
    note.write_text("hello")
    result = myelin("check", str(note))
    assert "is a file, not a folder" in result.stdout + result.stderr


def test_check_on_one_article_file_checks_it_on_its_own(tmp_path):
    """verify15: `myelin check library/x.md` said the library is a file."""
    good = myelin("check", str(FIXTURE_LIBRARY / "ebv-risk.md"))
    assert good.returncode == 0, good.stdout + good.stderr
    said = " ".join(good.stdout.split())
    assert "1 article loaded, 0 problems" in said and "is a file" not in said
    assert f"checked with its library: myelin check {FIXTURE_LIBRARY}" in said
    broken = tmp_path / "README.md"
    broken.write_text("hello")
    result = myelin("check", str(broken))
    assert result.returncode == 1
    said = " ".join(result.stdout.split())
    assert f"{broken}:1: no front matter" in said and "0 articles loaded, 1 problem" in said


async def test_read_with_words_opens_the_app_on_that_search(isolated_dirs):
    from tui.app.app import MyelinApp

    app = MyelinApp(
        FIXTURE_LIBRARY,
        state_dir=isolated_dirs / "state",
        cache_dir=isolated_dirs / "cache",
        blink=False,
        query="fatigue",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "fatigue"
        assert next(h.article.id for h in app.screen.results.hits) == "fatigue-explainer"


def test_read_passes_its_words_to_the_app(monkeypatch):
    import tui.app.main
    from tui import cli

    started = []
    monkeypatch.setattr(tui.app.main, "run_app", lambda folder, query="": started.append(query))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    cli.main(["read", "fatigue", "and", "sleep", *LIBRARY])
    assert started == ["fatigue and sleep"]


def test_every_mark_says_what_it_is_also_under_no_color():
    out = myelin("search", "tired", *LIBRARY, env={"NO_COLOR": "1"}).stdout
    assert "written 2026 · explainer · 1-min read · background reading" in " ".join(out.split())
    assert "credibility -" not in out
    shown = " ".join(myelin("show", "ebv-risk", *LIBRARY, env={"NO_COLOR": "1"}).stdout.split())
    assert "2022 research · summary" in shown
    assert "Evidence ●●●●○ Good evidence" in shown
    assert "Interest for people with MS now ●●●●● (5 out of 5)" in shown
    assert shown.count("(4 out of 5)") == 1  # the rating said once, beside its dots (QA4 Q15)


async def test_the_article_header_labels_every_meter(isolated_dirs, monkeypatch):
    from app_helpers import make_app, screen_text, show_article

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        text = " ".join(screen_text(app).split())  # the reading width wraps the facts line
        assert "2022 research · summary · 1-min read" in text
        assert "summary added 2024-05-02" in text
        assert "Interest for people with MS now ●●●●● (5 out of 5)" in text


def test_show_suggests_an_id_whatever_its_case_and_lists_ids_that_begin_with_the_words():
    upper = myelin("show", "EBV-RISK", *LIBRARY)
    assert upper.returncode == 1 and "Did you mean: myelin show ebv-risk" in upper.stderr
    start = myelin("show", "vitamin", *LIBRARY)
    assert start.returncode == 1 and "Ids that begin with vitamin: vitamin-d-levels" in start.stderr


def test_a_one_shot_plain_search_says_how_to_list_more_not_to_type():
    said = myelin("search", "relapses", "--plain", "--limit", "1", *LIBRARY).stdout
    first_line = said.splitlines()[0]
    assert "Use --limit 3 for more." in first_line and "Type more" not in said


def test_a_topic_typed_in_the_query_is_checked_like_the_option():
    typed = myelin("search", "relapses topic:Vitamn_D", *LIBRARY)
    assert typed.returncode == 1, typed.stdout
    assert 'No topic "Vitamn D" in this library. Did you mean "Vitamin D"?' in typed.stderr
    nearest = myelin("search", "x", "--topic", "vitamin", *LIBRARY)  # case and a word of it
    assert 'Did you mean "Vitamin D"?' in nearest.stderr


def test_a_topic_given_twice_narrows_to_both():
    one = myelin("search", "--json", "relapses", "--topic", "Vitamin D", *LIBRARY)
    both = myelin(
        "search", "--json", "relapses", "--topic", "Vitamin D", "--topic", "EBV", *LIBRARY
    )
    typed = myelin("search", "--json", "relapses topic:Vitamin_D topic:EBV", *LIBRARY)
    assert one.returncode == 0 and json.loads(one.stdout)["total"] > 0
    found = [hit["id"] for hit in json.loads(both.stdout)["results"]]
    assert found == [hit["id"] for hit in json.loads(typed.stdout)["results"]]
    assert len(found) < json.loads(one.stdout)["total"]  # the second topic narrowed it
    for hit in json.loads(both.stdout)["results"]:
        assert {"Vitamin D", "EBV"} <= set(hit["topics"])


def test_blank_ids_and_library_folders_are_refused_by_name():
    for args, said in [
        (["show", ""], "argument id: the article id is empty"),
        (["cite", "ebv-risk", " "], "argument ID: an article id is empty"),
        (["search", "x", "--library", ""], "argument --library: the library folder is empty"),
        (["--library", ""], "argument --library: the library folder is empty"),
    ]:
        result = myelin(*args)
        assert result.returncode == 2 and said in result.stderr, (args, result.stderr)


def test_a_terminal_that_is_not_utf8_gets_question_marks_not_a_crash():
    """`LANG=en_GB.ISO-8859-1` on an older server: the rating dots and "Hedström" could
    not be written, and search and show ended half-way with exit 70 (QA H22)."""
    from conftest import run_myelin

    for encoding in ("latin-1", "ascii"):
        for args, said in (
            (["search", "virus"], "1 article found"),
            (["show", "ebv-risk"], "(4 out of 5)"),
        ):
            done = run_myelin(*args, *LIBRARY, env={"PYTHONIOENCODING": encoding})
            assert done.returncode == 0, (encoding, args, done.stderr)
            assert "unexpected error" not in done.stderr
            assert said in done.stdout  # the output whole, ratings said in words


def test_evidence_names_the_order_and_the_filter_as_the_app_does():
    """The app says "sorted by evidence" and rows say "evidence ●●●○○" (QA H32)."""
    by_evidence = myelin("search", "--json", "relapses", "--sort", "evidence", *LIBRARY)
    by_credibility = myelin("search", "--json", "relapses", "--sort", "credibility", *LIBRARY)
    assert by_evidence.returncode == 0, by_evidence.stderr
    assert by_evidence.stdout == by_credibility.stdout
    typed = json.loads(myelin("search", "--json", "relapses evidence:5", *LIBRARY).stdout)
    alias = json.loads(myelin("search", "--json", "relapses credibility:5", *LIBRARY).stdout)
    assert [h["id"] for h in typed["results"]] == [h["id"] for h in alias["results"]]
    assert all(hit["credibility"] == 5 for hit in typed["results"])
    wrong = json.loads(myelin("search", "--json", "relapses evidence:9", *LIBRARY).stdout)
    assert "evidence:9 was ignored; use evidence:4 or evidence:>=4." in wrong["messages"]


def test_words_that_are_not_a_command_are_a_search_and_a_near_miss_is_named():
    """A first-time user's `myelin fatigue`, `myelin help`, `myelin serach x` got argparse's
    bare "invalid choice" (QA H41)."""
    asked = myelin("what causes ms", "--plain", *LIBRARY)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout == myelin("search", "what causes ms", "--plain", *LIBRARY).stdout
    typed = myelin("--library", str(FIXTURE_LIBRARY), "vitamin", "--plain")
    assert "Search for vitamin" in typed.stdout
    assert "usage: myelin" in myelin("help").stdout
    wrong = myelin("serach", "vitamin", *LIBRARY)
    assert wrong.returncode == 2
    assert "there is no command 'serach'; did you mean: myelin search" in wrong.stderr
