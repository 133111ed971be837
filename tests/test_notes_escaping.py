"""Appointment notes from hostile titles and questions: shown as written, never acting.

A title comes from an untrusted library and a question from state.json (which may
be damaged or hand-edited); the notes file is opened in Markdown viewers that link
bare addresses, read entities and strike through `~~`, and `--output -` reaches a
terminal. So every value must be inert there and still read as it was written.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from pathlib import Path

from conftest import run_cli, write_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.core.article import Article, Source
from tui.core.notes import appointment_notes, one_line
from tui.core.state import Bookmark, ReadingState, StateStore

PIECES = [
    "<https://evil.example/x>",
    "https://evil.example/a_b",
    "http://x.example",
    "www.evil.example",
    "evil.example",
    "someone@evil.example",
    "&rlm;",
    "&#x202e;",
    "&amp;",
    "~~",
    "~",
    "**",
    "__",
    "_",
    "*",
    "`",
    "```",
    "[x](https://evil.example)",
    "![i](https://evil.example/i.png)",
    "[^1]",
    "<b>",
    "<!--",
    "<img src=x onerror=alert(1)>",
    "# ",
    "## ",
    "| a | b |",
    "\\",
    "$x$",
    ":rocket:",
    "> ",
    "- ",
    "1. ",
    "---",
    "===",
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x9b31m",
    "\u202e",
    "\u200f",
    "\n",
    "\n\n- ",
    "\r",
    "\t",
    "\x00",
    "  ",
]
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=8).map(
    "".join
)
# Everything a renderer may do besides showing text and our own bold labels.
ACTIVE = {"link_open", "image", "html_inline", "s_open", "code_inline", "em_open"}
GFM = MarkdownIt("gfm-like")  # tables, strikethrough, linkify (bare addresses), HTML


def article(title: str) -> Article:
    return Article(
        id="a",
        file="a.md",
        title=title,
        date=date(2024, 1, 1),
        kind="summary",
        topics=(),
        takeaway="A takeaway.",
        considerations="One caveat.",
        sections=(),
        source=Source(journal="J", year=2020),
    )


def notes_for(title: str, question: str, fmt: str) -> str:
    state = ReadingState(bookmarks={"a": Bookmark("a", 1.0, question)})
    return appointment_notes([article(title)], state, fmt, today=date(2026, 12, 2))


def shown(line: str) -> tuple[str, set[str]]:
    """What a Markdown viewer shows for one line, and the kinds of token it made."""
    children = GFM.parseInline(line)[0].children or []
    return "".join(t.content for t in children if t.type == "text"), {t.type for t in children}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE_TEXT, question=HOSTILE_TEXT)
def test_hostile_titles_and_questions_are_inert_and_read_as_written(title, question):
    for fmt in ("md", "txt"):
        notes = notes_for(title, question, fmt)
        assert all(c == "\n" or unicodedata.category(c) != "Cc" for c in notes)
        assert "\u202e" not in notes and "\u200f" not in notes
    notes = notes_for(title, question, "md").splitlines()
    heading = next(line for line in notes if line.startswith("## 1. "))
    text, kinds = shown(heading[len("## 1. ") :])
    assert text == one_line(title) and not kinds & ACTIVE
    if one_line(question):
        (asked,) = [line for line in notes if line.startswith("- **My question:** ")]
        text, kinds = shown(asked[len("- **My question:** ") :])
        assert text == one_line(question) and not kinds & ACTIVE
    rendered = GFM.render("\n".join(notes))
    assert "<a " not in rendered and "<del>" not in rendered and "<img" not in rendered
    assert "<table" not in rendered and "<code>" not in rendered


def test_the_notes_command_writes_library_titles_and_state_questions_inert(isolated_dirs, tmp_path):
    library = tmp_path / "lib"
    write_article(
        library,
        "hostile",
        title='"Cure at <https://evil.example> &rlm;~~not~~ www.evil.example"',
    )
    data_home = Path(os.environ["XDG_DATA_HOME"])
    store = StateStore(data_home / "myelin")  # the question as state.json holds it, raw
    state = store.load()
    state.toggle_bookmark("hostile")
    state.set_question(
        "hostile", "Ask \x1b]52;c;aGk=\x07 about \x9b31m\n\n- [this](https://evil.example) &#x202e;"
    )
    assert store.save(state)
    env = {"XDG_DATA_HOME": str(data_home)}
    for fmt in ("md", "txt"):
        result = run_cli(
            "notes", "--format", fmt, "--output", "-", "--library", str(library), env=env
        )
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
        assert "\u241b" in out and "\u2407" in out  # visible: the reader sees something was there
        assert not any(line.lstrip().startswith("- [this]") for line in out.splitlines())
        if fmt == "md":
            md = out
    heading = next(line for line in md.splitlines() if line.startswith("## 1. "))
    assert heading == (
        "## 1. Cure at \\<https\\://evil\\.example\\> \\&rlm;\\~\\~not\\~\\~ www\\.evil\\.example"
    )
    asked = next(line for line in md.splitlines() if line.startswith("- **My question:**"))
    assert asked.startswith(
        "- **My question:** Ask \u241b\\]52;c;aGk=\u2407 about \ufffd31m - \\[this\\](https\\://evil\\.example)"
    )
