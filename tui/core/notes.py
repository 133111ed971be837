"""Appointment notes: one page from the bookmarked articles, to take to the neurologist."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tui.core.article import Article
from tui.core.plain import wrap_item, wrap_text
from tui.core.sanitize import show_name
from tui.core.state import ReadingState, atomic_write
from tui.core.wording import DISCLAIMER, source_line

NOTE_FORMATS = ("md", "txt")
BLANK = "_" * 40  # a line to write the question on


def main_consideration(article: Article) -> str:
    """The first sentence of the considerations: the limit a reader most needs to know."""
    text = " ".join(article.considerations.split())
    if not text:
        return ""
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    return first if len(first) <= 300 else first[:297].rsplit(" ", 1)[0] + "…"


def appointment_notes(
    articles: list[Article], state: ReadingState, fmt: str = "md", today: date | None = None
) -> str:
    """Notes for each bookmarked article: title, takeaway, main caveat, source, the question."""
    today = today or date.today()
    markdown = fmt == "md"
    out = [
        "# Questions for my appointment" if markdown else "QUESTIONS FOR MY APPOINTMENT",
        "",
        f"Prepared with Myelin on {today.isoformat()}.",
        "",
    ]
    if not articles:
        out.append("No bookmarked articles yet: bookmark articles in Myelin with b.")
    for number, article in enumerate(articles, start=1):
        question = state.bookmarks[article.id].question if article.id in state.bookmarks else ""
        rows = [
            ("Key takeaway", article.takeaway or article.intro),
            ("Main consideration", main_consideration(article)),
            ("Source", source_line(article)),
            ("My question", question or BLANK),
        ]
        if markdown:
            out.append(f"## {number}. {_md(article.title)}")
        else:
            out += wrap_item(f"{number}. {article.title}", 76)
        out.append("")
        for label, value in rows:
            if not value:
                continue
            if markdown:
                out.append(f"- **{label}:** {value if value is BLANK else _md(value)}")
            else:
                out += wrap_text(f"{label}: {value}", 76, indent="   ")
        out.append("")
    out += [f"_{DISCLAIMER}_"] if markdown else wrap_text(DISCLAIMER, 76)
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """One line of Markdown that shows the text as written."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


def default_notes_path(fmt: str, folder: Path | None = None) -> Path:
    name = f"myelin-appointment-notes.{fmt}"
    return (folder or Path.cwd()) / name


class NotesError(Exception):
    """The notes could not be written; the message says where and why."""


def write_notes(text: str, path: Path, default_name: str | None = None) -> Path:
    """Write atomically (an old file is never left half-written) and return the full path.

    A folder given as `path` gets `default_name` inside it. A missing folder is an
    error, not created: a mistyped path should not leave new folders behind.
    """
    if path.is_dir() and default_name:
        path = path / default_name
    shown = show_name(path)
    if not path.parent.is_dir():
        raise NotesError(
            f"Could not write {shown}: the folder {show_name(path.parent)} does not exist."
        )
    if path.is_dir():
        raise NotesError(f"Could not write {shown}: it is a folder; give a file name.")
    try:
        atomic_write(path, text)
    except OSError as error:
        raise NotesError(f"Could not write {shown}: {error.strerror or error}.") from None
    return path.resolve()
