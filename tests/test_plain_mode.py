"""The linear reader for screen readers and braille displays, driven as a user drives it."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest
from conftest import FIXTURE_LIBRARY, ROOT, reader_that_cannot_save
from conftest import run_cli as myelin
from test_terminal import read_until

from tui.core.state import StateStore
from tui.plain_reader import DRAFT_KEPT, PROMPT

LIBRARY = ["--library", str(FIXTURE_LIBRARY)]
DRAWING = "\x1b╭╮╰╯│─●○═"  # escape sequences, box drawing, dot meters


def assert_linear(out: str, width: int) -> None:
    """No colour, boxes, meters or rules of symbols, and no line wider than the screen."""
    assert not any(ch in out for ch in DRAWING)
    assert not re.search(r"^[=#.\-]{3,}", out, re.M), "a rule or meter a screen reader spells out"
    assert max(len(line) for line in out.splitlines()) <= width


#: Run first in the child: the pty becomes its controlling terminal, so ctrl+c typed is
#: SIGINT from the terminal, as a person's is (then the reader starts in its place).
OWN_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'tui', *sys.argv[1:]])"
)


@contextmanager
def terminal(*args: str, term: str | None = "dumb", own: bool = False):
    """`myelin` on a pseudo-terminal, as over SSH or in a braille console (`term=None`:
    TERM unset, as under `env -i`); `own`: the terminal is its own (ctrl+c is SIGINT)."""
    controller, tty = pty.openpty()
    env = {**os.environ, "TERM": term or "", "PYTHONPATH": str(ROOT)}
    if term is None:
        del env["TERM"]
    start = ["-c", OWN_TERMINAL] if own else ["-m", "tui"]
    process = subprocess.Popen(
        [sys.executable, *start, *args],
        stdin=tty,
        stdout=tty,
        stderr=tty,
        env=env,
        start_new_session=own,
    )
    os.close(tty)
    try:
        yield controller, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()  # reaped, even when the test failed
        with contextlib.suppress(OSError):  # closed by the test: the window went
            os.close(controller)


def flat(text: str) -> str:
    """The text as one line: phrases are found wherever the width wrapped them."""
    return " ".join(text.split())


def typed(controller: int, line: str, until: str = "q to quit.") -> str:
    """Type a line; returns what the reader answered, up to its next prompt (or `until`)."""
    os.write(controller, line.encode() + b"\n")
    seen = read_until(controller, until.encode()).decode().replace("\r\n", "\n")
    # The prompt's own line end may come after the read that found it: not the echo.
    echo, _, answer = seen.removeprefix("\n").partition("\n")
    assert echo == line  # the terminal echoes what was typed
    return answer


def test_without_a_terminal_and_nothing_to_read_it_prints_the_first_screen_and_ends():
    result = myelin("read", "--plain", "--width", "40", "vitamin", *LIBRARY)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Search for vitamin: 1 article." in out
    assert (
        "1. Fixture - vitamin D levels and relapses. 2019 research, summary, 1-min read, "
        "evidence 3 out of 5." in " ".join(out.split())
    )
    assert PROMPT not in flat(out)  # no prompt: nobody sees it
    assert out.endswith("\nGoodbye.\n")
    assert_linear(out, 40)


def test_commands_from_a_pipe_are_answered_one_a_line(isolated_dirs):
    """`printf 'relapse\\n1\\nbookmark\\nq\\n' | myelin read --plain` printed the first
    screen and ended with 0, every command dropped (QA Q7): a script, a file of usual
    questions or a braille front end talking through a pipe got nothing."""
    result = myelin("read", "--plain", *LIBRARY, stdin="vitamin\n1\nbookmark\nq\n")
    assert result.returncode == 0, result.stderr
    said = flat(result.stdout)
    assert "Search for vitamin: 1 article." in said
    assert "Bookmarked Fixture - vitamin D levels and relapses." in said
    assert PROMPT not in said  # no prompt
    assert StateStore().load().is_bookmarked("vitamin-d-levels")


def test_the_end_of_the_input_saves_as_q_does_and_lines_are_never_joined(isolated_dirs):
    """Lines that wait in a pipe are separate commands, not a pasted question (QA G28 is
    for a terminal); the end of the input ends the reader as `q` does."""
    piped = "ebv\n1\nquestion Is this for me?\nbookmarks\n"
    result = myelin("read", "--plain", *LIBRARY, stdin=piped)
    assert result.returncode == 0, result.stderr
    said = flat(result.stdout)
    assert "Kept with the bookmark: Is this for me?" in said
    assert "Bookmarks: 1." in said  # run, not added to the question
    assert said.endswith("Goodbye.")
    assert StateStore().load().bookmarks["ebv-risk"].question == "Is this for me?"


def test_a_question_too_long_to_keep_says_what_is_kept(isolated_dirs):
    """A question of 21,007 characters was echoed whole as "Kept with the bookmark", but
    only the first 20,000 were kept, the end dropped without a word (QA5 R3)."""
    long = "word1 " * 3500 + "THE END"
    piped = f"ebv\n1\nquestion {long}\nquestion + and more\n"
    said = flat(myelin("read", "--plain", *LIBRARY, stdin=piped).stdout)
    assert (
        "Your question is 21,007 characters long; a question holds at most 20,000, so the "
        "first 20,000 are kept and the last 1,007 were left out. Kept with the bookmark: "
        "word1 word1" in said
    )
    assert "THE END" not in said  # never echoed as kept
    kept = StateStore().load().bookmarks["ebv-risk"].question
    assert kept == long[:20_000]
    # words added with `question +` to a full question are said left out, too
    assert "Your question is 20,009 characters long;" in said and "the last 9 were" in said


def test_a_piped_line_past_the_longest_read_is_said(isolated_dirs):
    said = flat(myelin("read", "--plain", *LIBRARY, stdin="x" * 100_050 + "\nq\n").stdout)
    assert "That line was 100,050 characters long; only the first 100,000 were read." in said


def test_web_addresses_and_dois_are_never_split_across_lines(isolated_dirs):
    """`show --width 30` (with and without --plain) and the linear reader's `links` at 40
    columns cut "https://doi.org/10.1016" / "/S1474-4422(20)30347-1": a screen reader read
    two fragments, a terminal's click took half an address (QA5 R13). An address longer
    than the width stands whole on a line of its own; everything else still fits."""
    whole = [
        "10.1016/S1474-4422(20)30347-1",
        "https://doi.org/10.1016/S1474-4422(20)30347-1",
        "https://pubmed.ncbi.nlm.nih.gov/33222767/",
    ]
    for plain in (["--plain"], []):
        out = myelin("show", "biotin-ms-spi2", "--width", "30", *plain).stdout
        lines = [line.strip() for line in out.splitlines()]
        assert all(address in lines for address in whole), (plain, out)
        longer = [line for line in lines if len(line) > 30 and line not in whole]
        assert [line for line in longer if "│" not in line] == [], plain
    said = myelin("read", "--plain", "--width", "40", "biotin spi2", stdin="1\nlinks\n").stdout
    assert "High-dose biotin did not improve disability" in flat(said)  # the article
    links = said.rpartition("End of article.")[2].splitlines()
    assert "Paper:" in links and whole[1] in links and whole[2] in links
    assert max(len(line) for line in links if line not in whole) <= 40


def test_piped_bytes_that_are_not_text_or_control_characters_are_never_echoed():
    """A pipe can carry anything: a binary file is read as text with "?" marks, and a
    control character typed is shown as its picture, never sent to the terminal."""
    import io
    import sys

    raw = io.TextIOWrapper(io.BytesIO(b"ab\x07c\xff\nq\n"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", raw)
        out = io.StringIO()
        patch.setattr(sys, "stdout", out)
        from tui import cli

        assert cli.main(["read", "--plain", *LIBRARY]) == 0
    said = out.getvalue()
    assert "\x07" not in said and "ab\u2407c\ufffd" in said


def test_the_topics_come_twenty_at_a_time_after_a_line_saying_what_to_type(bundled_engine):
    """QA H19: all fifty topics were read out before the first prompt."""
    import io

    from tui.plain_reader import PlainReader

    out = io.StringIO()
    reader = PlainReader(bundled_engine.library, bundled_engine, out, 200)
    topics = int(reader.topics_listing().heading.split(".")[0].removeprefix("Topics: "))
    assert topics > 40
    reader.run(io.StringIO("more\n21\nq\n"), interactive=True)
    lines = out.getvalue().splitlines()
    assert lines[1] == "Type words to search, or a number to open a topic below; h for help."
    assert lines[2] == (
        f"Topics: {topics}. Type a number to open one. Showing 1 to 20 of {topics}. Type "
        "more for the next 20."
    )
    assert lines[22].startswith("20. ") and lines[23] == ""  # then the prompt
    page = out.getvalue().split(f"Showing 21 to 40 of {topics}. ")[1]
    second = reader.topics_listing(20).lines[0].split(". ")[1].split(",")[0]
    assert page.split("\n")[1].startswith(f"21. {second},")
    assert f"Topic {second}:" in page  # 21 opens the first topic of the second page


@pytest.mark.slow
@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_myelin_on_a_dumb_terminal_is_the_linear_reader(isolated_dirs, term):
    """A terminal that cannot move the cursor (an Emacs shell, a serial line) would show a
    full-screen app as a screenful of escape codes (QA H5); the notice names the actual
    reason, not always TERM=dumb."""
    with terminal(*LIBRARY, term=term) as (tty, process):
        seen = read_until(tty, b"q to quit.").decode()
        notice = f"This terminal (TERM={term}) cannot draw the full-screen reader, so this"
        assert f"{notice} is the linear reader." in flat(seen)
        assert "\x1b" not in seen
        os.write(tty, b"q\n")
        assert process.wait(timeout=30) == 0


@pytest.mark.slow
@pytest.mark.parametrize("term", [None, "", " "], ids=["unset", "empty", "blank"])
def test_myelin_with_term_unset_is_the_linear_reader_and_says_why(isolated_dirs, term):
    """Without TERM nothing says the terminal can move the cursor: the linear reader, as for
    TERM=dumb, with a notice that names the real reason (TERM is not set)."""
    with terminal(*LIBRARY, term=term) as (tty, process):
        seen = read_until(tty, b"q to quit.").decode()
        assert "TERM is not set, so Myelin cannot tell whether this terminal can draw" in flat(seen)
        assert "this is the linear reader." in flat(seen)
        assert "\x1b" not in seen  # no alternate screen, no mouse reports, no colour
        os.write(tty, b"q\n")
        assert process.wait(timeout=30) == 0


def test_numbers_words_t_b_c_h_q_at_40_columns_with_term_dumb(isolated_dirs):
    with terminal("read", "--plain", "--width", "40", *LIBRARY) as (tty, process):
        seen = read_until(tty, b"q to quit.").decode()
        seen += typed(tty, "ocrelizumab")
        assert "1. Fixture - a B-cell" in seen
        seen += (article := typed(tty, "1"))
        assert "Key takeaway:" in article and "Important considerations:" in article
        assert "reading level: grade" in flat(article)
        assert "Interest for people with MS now: 5 out of 5." in flat(article)
        seen += typed(tty, "b")
        seen += typed(tty, "t")
        assert typed(tty, "99").startswith("There is no number 99 here.")
        assert typed(tty, "1").startswith("Topic EBV:")
        seen += (ebv := typed(tty, "1"))
        assert "Related articles:\n1. Fixture - vitamin D levels" in ebv
        seen += (related := typed(tty, "1"))
        assert related.startswith("Fixture - vitamin D levels and relapses")
        seen += (caveats := typed(tty, "c"))
        assert "Important considerations now come before the findings." in flat(caveats)
        assert caveats.index("Important considerations:") < caveats.index("What they found:")
        seen += (back := typed(tty, "b"))
        assert back.startswith("Fixture - a virus infection comes before")
        seen += (help_text := typed(tty, "h"))
        assert "c: puts Important considerations before the findings" in flat(help_text)
        assert typed(tty, "q", "Goodbye.").startswith("Goodbye.")
        assert process.wait(timeout=20) == 0
    assert_linear(seen, 40)
    remembered = StateStore(isolated_dirs / "xdg_data_home" / "myelin").load()
    assert remembered.settings["caveats_first"] is True
    again = myelin("show", "vitamin-d-levels", "--plain", *LIBRARY).stdout
    assert again.index("Important considerations:") < again.index("What they found:")


def test_show_plain_names_headings_and_says_ratings_in_words():
    out = myelin("show", "ebv-risk", "--plain", "--width", "40", *LIBRARY).stdout
    assert_linear(out, 40)
    lines = out.splitlines()
    assert lines[0] == "Fixture - a virus infection comes before"
    assert re.fullmatch(r"2022 research, summary, 1-min read,", lines[2])
    assert "Good evidence: a cohort study (4 out of 5)." in flat(out)
    assert "Interest for people with MS now: 5 out of 5." in flat(out)
    related = "Related articles:\n1. Fixture - vitamin D levels and\n   relapses [vitamin-d-levels]"
    assert related in out
    assert out.index("What they found:") < out.index("Important considerations:")


@pytest.mark.parametrize("term", ["dumb", ""])
def test_show_under_term_dumb_or_unset_is_plain_too(term):
    out = myelin("show", "ebv-risk", *LIBRARY, env={"TERM": term}).stdout
    assert "Key takeaway:" in out and not any(ch in out for ch in DRAWING)


@pytest.mark.parametrize("typed", ["²", "⑴", "remove ³"])
def test_a_digit_python_cannot_read_as_a_number_is_not_a_crash(bundled_engine, typed):
    """QA5 R19: `²` passed `isdigit`, and `int` then ended the session (status 70)."""
    import io

    from tui.plain_reader import PlainReader

    out = io.StringIO()
    reader = PlainReader(bundled_engine.library, bundled_engine, out, 80)
    reader.answer("ofatumumab")
    reader.answer(typed)
    assert "Traceback" not in out.getvalue() and out.getvalue().strip()


def test_search_plain_is_numbered_with_ids_and_keeps_filters():
    result = myelin("search", "relapses", "--plain", "--width", "50", *LIBRARY)
    lines = result.stdout.splitlines()
    assert lines[0] == "Search for relapses: 3 articles."
    assert lines[1].startswith("1. ") and "Id: " in result.stdout
    assert_linear(result.stdout, 50)
    limited = myelin("search", "relapses", "--plain", "--limit", "1", *LIBRARY).stdout
    assert limited.startswith("Search for relapses: 3 articles. Showing 1 of 3. Use --limit 3")
    assert "2. " not in limited
    topic = myelin("search", "relapses", "--plain", "--topic", "Vitamin D", *LIBRARY).stdout
    assert topic.startswith("Search for relapses: 1 article.")
    assert "Id: vitamin-d-levels." in " ".join(topic.split())
    warned = myelin("search", "relapses year:abc", "--plain", *LIBRARY).stdout
    assert warned.startswith("year:abc was ignored")


def heard(text: str) -> str:
    """What a screen reader says: the text without line breaks, and no escape sequences."""
    assert "\x1b" not in text and "^[" not in text, "a screen reader would read this out"
    return flat(text)


def test_linear_mode_has_the_app_features_in_words(isolated_dirs, tmp_path):
    """Arrow keys, glossary, bookmarks, a question, appointment notes, paging and a
    year search, driven in a pty and checked as a screen reader would hear them."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    os.environ["XDG_DOCUMENTS_DIR"] = str(documents)  # the child inherits it
    try:
        with terminal("read", "--plain", "--width", "60") as (tty, process):
            read_until(tty, b"q to quit.")
            os.write(tty, b"\x1b[A\x1b[B\n")  # arrow keys: line editing, nothing searched
            arrows = read_until(tty, b"q to quit.").decode()
            assert "article" not in arrows
            assert "PIRA:" in heard(define := typed(tty, "define PIRA"))
            assert "Why it matters:" in heard(define)
            assert heard(typed(tty, "what is releapse?")).startswith(
                "No glossary word matches releapse. Did you mean"
            )
            words = heard(typed(tty, "glossary"))  # a page at a time, not 200 lines at once
            assert re.search(
                r"^Glossary: (\d+) words\. .* Showing 1 to 20 of \1\. Type more", words
            )
            assert " 20. " in words and " 21. " not in words
            words = heard(typed(tty, "more"))
            assert " Showing 21 to 40 of " in words and " 21. " in words and " 41. " not in words
            term = re.search(r" 21\. (.+?)\. 22\. ", words).group(1)
            assert heard(typed(tty, "21")).startswith(f"{term}: ")  # numbered on, and open
            first = heard(typed(tty, "relapses"))
            assert re.search(r"Showing 1 to 20 of (\d+)\. Type more for the next 20\.", first)
            assert " 20. " in first
            page = heard(typed(tty, "more"))
            assert re.search(r" Showing 21 to 40 of \d+\. Type more for the next \d+\. 21\. ", page)
            assert "1. " in heard(typed(tty, "2017"))  # a year is searched, not a number
            article = heard(typed(tty, "1"))
            assert "out of 5" in article and "/5" not in article  # one wording for ratings
            assert "[" not in article  # no ids in brackets read aloud
            title = article.split(" 20")[0]
            assert heard(typed(tty, "bookmark")).startswith(f"Bookmarked {title}")
            said = heard(typed(tty, "question Should I ask about this?"))
            assert said.startswith("Kept with the bookmark: Should I ask about this? Type a")
            listed = heard(typed(tty, "bookmarks"))
            assert "My question: Should I ask about this?" in listed
            notes = heard(typed(tty, "notes"))
            assert str(documents) in notes.replace(" ", "")  # a long path wraps at 60 columns
            assert typed(tty, "q", "Goodbye.").startswith("Goodbye.")
            assert process.wait(timeout=20) == 0
    finally:
        del os.environ["XDG_DOCUMENTS_DIR"]
    (written,) = documents.iterdir()
    assert "Should I ask about this?" in written.read_text()


def test_a_pasted_question_keeps_its_other_lines(isolated_dirs):
    """Lines pasted together after `question` join it; none is run as a search (QA G28)."""
    with terminal("read", "--plain", "--width", "60") as (tty, process):
        read_until(tty, b"q to quit.")
        typed(tty, "relapses")
        typed(tty, "1")
        os.write(tty, b"question First line of my question.\nSecond: dose?\n\nThird?\n")
        said = flat(read_until(tty, b"q to quit.").decode())
        assert "Kept with the bookmark: First line of my question. Second: dose? Third?" in said
        assert "Search for" not in said
        os.write(tty, b"bookmarks\n")
        listed = flat(read_until(tty, b"q to quit.").decode())
        assert "My question: First line of my question. Second: dose? Third?" in listed
        assert typed(tty, "q", "Goodbye.").startswith("Goodbye.")
        assert process.wait(timeout=20) == 0


@pytest.mark.parametrize(
    "ending", [signal.SIGHUP, signal.SIGTERM, None], ids=["hang-up", "terminate", "closed"]
)
def test_a_question_being_typed_is_kept_when_the_terminal_closes(isolated_dirs, ending):
    """QA Q6: the line being typed (no Enter yet) was lost on SIGHUP, SIGTERM or a closed
    terminal (readline reads the end of its input and drops the line); it is kept as the
    app keeps one (a question draft), and the next start takes it back."""
    with terminal("read", "--plain", "--width", "60", *LIBRARY) as (tty, process):
        read_until(tty, b"q to quit.")
        typed(tty, "ebv")
        typed(tty, "1")
        typed(tty, "question Will it hurt?")
        os.write(tty, b"question + and does it need a fridge")
        read_until(tty, b"fridge")  # on the line, not sent
        if ending is None:
            os.close(tty)  # the window closes: its reads end
            process.wait(timeout=20)
        else:
            process.send_signal(ending)
            assert process.wait(timeout=20) == 128 + ending
    folder = StateStore().directory
    assert StateStore().load().bookmarks["ebv-risk"].question == "Will it hurt?"
    assert len(list(folder.glob("question-draft-*.json"))) == 1
    again = myelin("read", "--plain", "--width", "60", *LIBRARY, stdin="bookmarks\n")
    said = flat(again.stdout)
    assert flat(DRAFT_KEPT) in said
    assert "My question: Will it hurt? and does it need a fridge." in said
    assert not list(folder.glob("question-draft-*.json"))  # taken back, saved
    assert "Will it hurt?" in StateStore().load().earlier_questions["ebv-risk"]


def test_the_linear_reader_says_marked_words_and_links_without_the_markdown(tmp_path):
    """Screen readers said "star star" for `**bold**`; a link was printed as `[text](address)`."""
    import io

    from conftest import SUMMARY_BODY, write_article

    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    findings = (
        "- **Processing speed**: how quickly you respond, in carriers of HLA-DRB1*15:01.\n"
        "- See [the trial record](https://example.org/record) and *the* `HLA-A*02` notes."
    )
    write_article(tmp_path / "lib", "marked", body=SUMMARY_BODY.replace("Some findings", findings))
    library = load_library(tmp_path / "lib")
    out = io.StringIO()
    reader = PlainReader(
        library, SearchEngine(library, open_index(library, cache=tmp_path / "c")), out, 60
    )
    reader.show(library.articles["marked"])
    said = heard(out.getvalue())
    assert "- Processing speed: how quickly you respond, in carriers of HLA-DRB1*15:01." in said
    assert "See the trial record (https://example.org/record) and the HLA-A*02 notes." in said
    assert "**" not in said and "](" not in said and "`" not in said
    shown = myelin("show", "marked", "--plain", "--library", str(tmp_path / "lib")).stdout
    assert "- Processing speed: how quickly" in flat(shown) and "**" not in shown


def test_every_list_and_article_feature_of_the_app_is_a_word_command(
    isolated_dirs, tmp_path, monkeypatch
):
    """QA H33: recent, new, history, sort, cite, export and the article's own words were
    run as searches. Each is typed as a user types it, at 40 columns with TERM=dumb and
    NO_COLOR, and checked as a screen reader hears it; the reading state it leaves is the
    app's (read marks, history, what was known at this visit)."""
    from tui.core.state import ReadingState

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    monkeypatch.setenv("NO_COLOR", "1")
    store = StateStore(isolated_dirs / "xdg_data_home" / "myelin")
    earlier = ReadingState(history=["ebv-risk"], read={"ebv-risk": 1.0})
    earlier.known = {"ebv-risk", "fatigue-explainer", "ocrelizumab-trial", "vitamin-d-levels"}
    assert store.save(earlier)
    with terminal("read", "--plain", "--width", "40", *LIBRARY) as (tty, process):
        seen = read_until(tty, b"q to quit.").decode()
        assert "1 article is new since your last visit: type new to list them." in heard(seen)
        said = heard(typed(tty, "new"))
        assert said.startswith(
            "New since your last visit: 1 article. Newest research first. 1. Fixture - "
            "spinal cord shrinkage and progression. 2022 research, summary, 1-min read, "
            "evidence 3 out of 5."
        )
        said = heard(typed(tty, "recent"))
        assert said.startswith(
            "Recently read: 1 article. The last read first. 1. Fixture - a virus infection "
            "comes before MS. 2022 research, summary, 1-min read, evidence 4 out of 5, "
            "already read."
        )
        assert heard(typed(tty, "history")) == said  # the app's "Recently read" too
        typed(tty, "relapses")
        said = heard(typed(tty, "sort newest"))
        assert said.startswith(
            "Searches are now sorted by newest research. Search for relapses: 3 articles, "
            "sorted by newest research. 1. Fixture - spinal cord"
        )
        assert said.index("2. Fixture - vitamin D") < said.index("3. Fixture - a B-cell")
        assert heard(typed(tty, "details")).startswith("Search details: relapses:")
        seen += typed(tty, "2")  # vitamin D, opened from the sorted results
        said = heard(typed(tty, "contents"))
        assert said.startswith(
            "Contents: 4 parts. Type a number to hear one. 1. Key takeaway 2. What they found"
        )
        said = heard(typed(tty, "2"))
        assert said.startswith("What they found: Supplements raised blood levels.")
        assert "Type a number" in said and "Who should care" not in said  # that part alone
        said = heard(typed(tty, "why"))
        assert said.startswith(
            "Moderate evidence: a randomised trial (3 out of 5). Why this rating: Fixture "
            "text for tests; a small randomised trial."
        )
        said = heard(typed(tty, "words"))
        assert said.startswith("Glossary words in this article: 1. Type a number")
        assert "1. Relapse: New or worse symptoms that last more than a day." in said
        assert heard(typed(tty, "1")).startswith("Relapse: New or worse symptoms")
        said = heard(typed(tty, "find lesions"))
        assert said.startswith(
            "1 sentence of this article with lesions: 1. In What they found: MRI showed "
            "slightly fewer new lesions with vitamin D."
        )
        said = heard(typed(tty, "cite"))
        assert said.startswith("Citation: Fixture Neurology Reports. 2019.")
        seen += (after := typed(tty, "next"))  # the list it was opened from, sorted
        assert heard(after).startswith("Fixture - a B-cell therapy lowers relapse rates")
        assert heard(typed(tty, "next")).startswith("That was the last one listed.")
        assert heard(typed(tty, "previous")).startswith("Fixture - vitamin D levels and relapses")
        typed(tty, "bookmark")
        said = heard(typed(tty, "export bibtex"))
        assert said.startswith("Wrote 1 citation to ")
        assert "@article{vitamin-d-levels" in (documents / "myelin-bookmarks.bib").read_text()
        typed(tty, "bookmarks")
        said = heard(typed(tty, "remove 1"))
        assert said.startswith(
            "Bookmark removed from Fixture - vitamin D levels and relapses. Type undo to put "
            "it back. Bookmarks: 0."
        )
        said = heard(typed(tty, "undo"))
        assert said.startswith(
            "Bookmark restored: Fixture - vitamin D levels and relapses. Bookmarks: 1."
        )
        said = heard(typed(tty, "bookmrks"))
        assert said == (
            "bookmrks is not a command, and no article mentions it. Did you mean bookmarks? "
            "Type bookmarks. " + heard(PROMPT)
        )
        assert heard(typed(tty, "topic vitamin d")).startswith(
            "Topic Vitamin D: 1 article. Newest research first. 1. Fixture"
        )
        assert heard(typed(tty, "forward")) == ("Nothing to go forward to. " + heard(PROMPT))
        said = heard(typed(tty, "sort of tired"))
        assert "To search for these words, type: search sort of tired" in said
        assert heard(typed(tty, "problems")).startswith("Every article in the library loaded")
        assert typed(tty, "q", "Goodbye.").startswith("Goodbye.")
        assert process.wait(timeout=20) == 0
    assert_linear(seen, 40)
    after_visit = StateStore(isolated_dirs / "xdg_data_home" / "myelin").load()
    assert after_visit.recently_read({"ebv-risk", "vitamin-d-levels", "ocrelizumab-trial"}) == [
        "vitamin-d-levels",
        "ocrelizumab-trial",
        "ebv-risk",
    ]
    assert after_visit.is_read("ocrelizumab-trial") and not after_visit.is_read("fatigue-explainer")
    assert "spinal-cord-imaging" in after_visit.known  # not new at the next visit
    assert after_visit.is_bookmarked("vitamin-d-levels")


def test_paging_says_which_part_and_how_many_come_next():
    from tui.linear.listing import paging

    assert paging(0, 5, 5) == ""  # shown whole: nothing to page
    assert paging(0, 20, 45) == "Showing 1 to 20 of 45. Type more for the next 20."
    assert paging(20, 20, 41) == "Showing 21 to 40 of 41. Type more for the last one."
    assert paging(40, 1, 41) == "Showing 41 of 41."


def test_yes_searches_as_typed_after_a_correction_and_a_wrong_word_is_answered(
    bundled_engine,
):
    """The app's ctrl+y in words; and each command used where it does nothing says why."""
    import io

    from tui.plain_reader import PlainReader

    out = io.StringIO()
    reader = PlainReader(bundled_engine.library, bundled_engine, out, 80)

    def answer(line: str) -> str:
        out.seek(0)
        out.truncate()
        reader.answer(line)
        return heard(out.getvalue())

    corrected = answer("ocrelizumb")
    assert corrected.startswith(
        "Showing results for ocrelizumab. Type yes to search for ocrelizumb as typed."
    )
    as_typed = answer("yes")
    assert as_typed.startswith("No article mentions ocrelizumb.")
    assert "Did you mean ocrelizumab? Type yes to search for it." in as_typed
    assert answer("yes").startswith("Search for ocrelizumab: ")
    assert answer("yes") == (
        "There is no suggestion to take: yes follows a search that offers one."
    )
    assert answer("sort").startswith("Searches are sorted by relevance. Type sort, then one")
    assert answer("sort added").startswith(
        "Searches are now sorted by recently added. Search for ocrelizumab: "
    )
    topic = answer("topic disease-modifying therapies")  # long lists come in pages
    assert re.match(
        r"Topic Disease-modifying therapies: (\d+) articles\. Newest research first\. "
        r"Showing 1 to 20 of \1\. Type more for the next 20\. 1\. ",
        topic,
    )
    assert " 21. " in answer("more")
    assert answer("recent") == "Recently read: nothing read yet."
    assert answer("new") == "New since your last visit: nothing new since your last visit."
    for command, said in [
        ("next", "more lists the next part of a long list; there is none on screen."),
        ("contents", "Open an article first, then type contents."),
        ("why", "Open an article first, then type why."),
        ("cite", "Open an article first, then type cite."),
        ("remove 1", "remove works on the bookmarks list: type bookmarks, then remove"),
        ("export", "Type export ris, or export bibtex"),
        ("export ris", "Nothing to export: no bookmarked article has a source to cite."),
        ("undo", "Nothing to undo."),
        ("forward", "Nothing to go forward to."),
        ("topic zebras", 'No topic "zebras"'),
        ("", "Type a number or words, then press Enter; h for help."),
    ]:
        assert answer(command).startswith(said), command


def test_links_reload_and_the_numbers_of_contents_and_words(tmp_path):
    """`links` adds the links in the text, judged as the app's links dialog judges them;
    `reload` reads a changed file; `contents` and `words` renumber what numbers open."""
    import io

    from conftest import SUMMARY_BODY, write_article

    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    findings = (
        "See https://example.org/trial for the record and "
        "https://user@evil.example/x which is not what it seems."
    )
    path = write_article(
        tmp_path / "lib", "linked", body=SUMMARY_BODY.replace("Some findings", findings)
    )
    library = load_library(tmp_path / "lib")
    engine = SearchEngine(library, open_index(library, cache=tmp_path / "cache"))
    out = io.StringIO()
    reader = PlainReader(library, engine, out, 80)
    reader.show(library.articles["linked"])
    out.truncate(0)
    out.seek(0)
    reader.answer("links")
    said = heard(out.getvalue())
    assert "Link in the text: https://example.org/trial" in said
    assert "A link in the text is left out: The address has a user name before @" in said
    assert "evil.example" not in said
    reader.answer("contents")
    assert reader.numbers[0] == ("section", "Key takeaway")
    out.truncate(0)
    out.seek(0)
    reader.answer("1")
    assert heard(out.getvalue()) == "Key takeaway: The main point in one sentence."
    path.write_text(path.read_text().replace("The main point", "A new main point"))
    out.truncate(0)
    out.seek(0)
    reader.answer("reload")
    said = heard(out.getvalue())
    assert said.startswith("Reloaded. ") and "A new main point in one sentence." in said
    assert reader.trail.current.takeaway.startswith("A new main point")


def test_the_linear_readers_table_names_every_key_of_the_app():
    """docs/linear-reader.md pairs each of the app's keys with its words here: a key added
    to the app without words in the linear reader (or a reason it needs none) fails."""
    from tui.app.keys import remappable

    table = [
        line.split("|")[1]
        for line in (ROOT / "docs" / "linear-reader.md").read_text().splitlines()
        if line.startswith("| ")
    ]
    named = set(re.findall(r"`([^`]+)`", " ".join(table)))
    dialogs = ("choice.", "help.", "link.", "messages.", "question.", "words.")
    missing = {
        binding_id: binding.key_display or binding.key.split(",")[0]
        for binding_id, binding in remappable().items()
        if not binding_id.startswith(dialogs)
        and (binding.key_display or binding.key.split(",")[0]) not in named
    }
    assert not missing, f"keys of the app the linear reader's table does not name: {missing}"


def test_reading_marks_that_cannot_be_saved_are_said_once_and_kept_on_quitting(
    tmp_path, monkeypatch
):
    """Each article opened is saved as read; where nothing can be saved, that is said once
    (not after every article), and quitting writes the copy the next start takes back."""
    import json

    reader, library, out = reader_that_cannot_save(tmp_path, monkeypatch)
    reader.show(library.articles["ebv-risk"])
    reader.show(library.articles["vitamin-d-levels"])
    assert flat(out.getvalue()).count("Could not save") == 1
    assert reader.goodbye() == 1
    (copy,) = tmp_path.glob("**/myelin-reading-state-*.json")
    assert json.loads(copy.read_text())["history"] == ["ebv-risk", "vitamin-d-levels"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("defne pml", "define pml"),
        ("serch fatigue", "search fatigue"),
        ("topc fatigue", "topic fatigue"),
    ],
)
def test_a_mistyped_command_with_words_is_named_not_searched(
    bundled_engine, tmp_path, typed, meant
):
    """QA4 Q16: "defne pml" was corrected into a search for "define pml" and listed the
    DEFINE trial, where "bookmrks" alone got "Did you mean bookmarks?"."""
    import io

    from tui.core.state import StateStore
    from tui.plain_reader import PlainReader

    out = io.StringIO()
    reader = PlainReader(
        bundled_engine.library, bundled_engine, out, 100, store=StateStore(tmp_path)
    )
    reader.answer(typed)
    said = " ".join(out.getvalue().split())
    first = typed.split()[0]
    assert said.startswith(f"{first} is not a command. Did you mean {meant}? Type {meant};")
    assert "1." not in said  # nothing listed


def test_a_question_said_back_ends_its_sentence(isolated_dirs):
    """QA5 R4: "This article already has a question: first from linear To replace it" and
    "Kept with the bookmark: LINEAR TWO Your earlier question…" ran two sentences together."""
    piped = "ebv\n1\nquestion first words\nquestion other words\nquestion other words\n"
    said = flat(myelin("read", "--plain", *LIBRARY, stdin=piped).stdout)
    assert "This article already has a question: first words. To replace it" in said
    assert "Kept with the bookmark: other words. Your earlier question is kept" in said
    assert "reading history: first words." in said
