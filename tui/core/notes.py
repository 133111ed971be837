"""Appointment notes: one page from the bookmarked articles, to take to the neurologist."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.article import Article
from tui.core.atomic import atomic_file
from tui.core.plain import wrap_item, wrap_text
from tui.core.problems import skipped
from tui.core.sanitize import sanitize, show_name
from tui.core.state import Bookmark, ReadingState

if TYPE_CHECKING:
    from tui.core.catalog import Snapshot
    from tui.core.library import Library
from tui.core.wording import DISCLAIMER, source_line

NOTE_FORMATS = ("md", "txt")
BLANK = "_" * 40  # a line to write the question on


@dataclass(frozen=True)
class MissingBookmark:
    """A bookmark whose article this library does not have: its question must still show."""

    mark: Bookmark
    #: Its file is in the library but was skipped for a problem (else removed, renamed,
    #: or bookmarked in another library).
    skipped: bool

    @property
    def name(self) -> str:
        """The title kept with the bookmark, or (older files keep none) the article's id."""
        return one_line(self.mark.title) or self.mark.article_id

    @property
    def why(self) -> str:
        """Why the summary is missing, in the reader's words."""
        if self.skipped:
            return "its file was skipped for a problem (see Problems, or run: myelin check)."
        return "the article is not in this library (removed, renamed, or from another library)."


def missing_bookmarks(state: ReadingState, library: Library | Snapshot) -> list[MissingBookmark]:
    """Bookmarks, newest first, whose article is not loaded: never dropped without a word."""
    return [
        MissingBookmark(state.bookmarks[i], bool(skipped(library.problems, (), i)))
        for i in state.bookmarked_ids()
        if library.get(i) is None
    ]


def main_consideration(article: Article) -> str:
    """The first sentence of the considerations: the limit a reader most needs to know."""
    text = " ".join(article.considerations.split())
    if not text:
        return ""
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    return first if len(first) <= 300 else first[:297].rsplit(" ", 1)[0] + "…"


def appointment_notes(
    articles: list[Article],
    state: ReadingState,
    fmt: str = "md",
    today: date | None = None,
    missing: Sequence[MissingBookmark] = (),
) -> str:
    """Notes for each bookmarked article: title, takeaway, main caveat, source, the question;
    then each bookmark whose article is `missing`, with its question and why."""
    today = today or date.today()
    markdown = fmt == "md"
    out = [
        "# Questions for my appointment" if markdown else "QUESTIONS FOR MY APPOINTMENT",
        "",
        f"Prepared with Myelin on {today.isoformat()}.",
        "",
    ]
    if not articles and not missing:
        out.append("No bookmarked articles yet: bookmark articles in Myelin with b.")
    for number, article in enumerate(articles, start=1):
        mark = state.bookmarks.get(article.id)
        question = one_line(mark.question) if mark else ""  # state.json is read, not trusted
        latest = article.news[0] if article.news else None
        found = article.source.identifiers() if article.source else []
        rows = [
            ("Latest update", f"{latest.heading()}: {latest.text}" if latest else ""),
            ("Key takeaway", article.takeaway or article.intro),
            ("Main consideration", main_consideration(article)),
            ("Source", source_line(article)),
            ("Identifiers", "; ".join(f"{label} {value}" for label, value in found)),
            ("My question", question or BLANK),
        ]
        out += _entry(number, article.title, rows, markdown)
    for number, gone in enumerate(missing, start=len(articles) + 1):
        question = one_line(gone.mark.question)
        rows = [("Summary missing", gone.why), ("My question", question or BLANK)]
        out += _entry(number, gone.name, rows, markdown)
    out += [f"_{DISCLAIMER}_"] if markdown else wrap_text(DISCLAIMER, 76)
    return "\n".join(out).rstrip() + "\n"


def _entry(number: int, title: str, rows: list[tuple[str, str]], markdown: bool) -> list[str]:
    """One numbered item of the notes: its title, then each labelled row that has words."""
    out = (
        [f"## {number}. {_md(title)}"]
        if markdown
        else wrap_item(f"{number}. {one_line(title)}", 76)
    )
    out.append("")
    for label, value in rows:
        if not value:
            continue
        if markdown:
            out.append(f"- **{label}:** {value if value is BLANK else _md(value)}")
        else:
            out += wrap_text(f"{label}: {one_line(value)}", 76, indent="   ")
    out.append("")
    return out


def one_line(text: str) -> str:
    """Text from a library or the state file as one sanitised line: no controls, no forged lines."""
    return " ".join(sanitize(text).split())


# What makes Markdown act instead of show: emphasis, strikethrough (~~), code, links
# and images, HTML, headings, tables, math ($), and the backslash itself.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # `&rlm;`, `&#x202e;`: read as the character
_SCHEME_COLON = re.compile(r"(?<=[A-Za-z0-9+.-]):(?=//)")  # https:// is linked even bare
_NAME_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W\d_]{2,})")  # evil.example, www.nih.gov
_SHORTCODE_COLON = re.compile(r":(?=[A-Za-z0-9_+-]+:)")  # :rocket: becomes an emoji


def _md(text: str) -> str:
    """One line of Markdown that shows the text as written and does nothing else.

    Escaping the separators of bare addresses (`https\\://`, `evil\\.example`,
    `a\\@b`) keeps renderers that link them by themselves (GitHub, markdown-it's
    linkify) from making a title into a link; each escape still shows as the character.
    """
    text = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    text = _ENTITY.sub(r"\\&", text)
    text = _SCHEME_COLON.sub(r"\\:", text)
    text = _NAME_DOT.sub(r"\\.", text)
    text = _SHORTCODE_COLON.sub(r"\\:", text)
    return text.replace("@", "\\@")


def default_notes_path(fmt: str, folder: Path | None = None, today: date | None = None) -> Path:
    """A dated name, so notes from an earlier appointment are never the file written to."""
    day = (today or date.today()).isoformat()
    return (folder or Path.cwd()) / f"myelin-appointment-notes-{day}.{fmt}"


def documents_folder() -> Path:
    """Where notes and exports go: the user's documents folder, else their home."""
    import platformdirs

    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()


class NotesError(Exception):
    """The notes could not be written; the message says where and why."""


def free_path(path: Path) -> Path:
    """`path`, or `name-2.md`, `name-3.md`…: the first name no file has yet."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def write_notes(text: str, path: Path, default_name: str | None = None) -> Path:
    """Write a new file and return its full path; an existing file is never replaced.

    Notes may have been edited by hand, so when `path` exists the next free name
    (`-2`, `-3`…) is used and the caller says so. A folder given as `path` gets
    `default_name` inside it. A missing folder is an error, not created: a mistyped
    path should not leave new folders behind.
    """
    if path.is_dir() and default_name:
        path = path / default_name
    shown = show_name(path)
    if is_stream(path):  # /dev/stdout, a FIFO, a printer: written to, never beside
        try:
            with path.open("w", encoding="utf-8") as out:
                out.write(text)
        except OSError as error:
            raise NotesError(f"Could not write {shown}: {error.strerror or error}.") from None
        return path
    if not path.parent.is_dir():
        raise NotesError(
            f"Could not write {shown}: the folder {show_name(path.parent)} does not exist."
        )
    if path.is_dir():
        raise NotesError(f"Could not write {shown}: it is a folder; give a file name.")
    for _ in range(5):  # another program may take a free name between looking and writing
        target = free_path(path)
        try:
            _write_new(target, text)
            return target.resolve()
        except FileExistsError:
            continue
        except OSError as error:
            raise NotesError(
                f"Could not write {show_name(target)}: {error.strerror or error}."
            ) from None
    raise NotesError(f"Could not write {shown}: every free name was taken while writing.")


def write_in_first(
    text: str, name: str, folders: list[Path], library: Path
) -> tuple[Path, str | None]:
    """Write a new file `name` in the first of `folders` that takes it, and say why any
    before it did not: a full or read-only Documents folder must not be a dead end for
    notes typed for an appointment. Folders that do not exist are passed over, and so
    are library folders (`not_in_library`)."""
    refused: str | None = None
    for folder in dict.fromkeys(folders):
        if not folder.is_dir():
            continue
        try:
            not_in_library(folder / name, library)
            return write_notes(text, folder / name), refused
        except NotesError as error:
            refused = refused or str(error)
    raise NotesError(refused or f"Could not write {name}: no folder to write it in.")


def not_in_library(path: Path, library: Path) -> None:
    """Raise `NotesError` when `path` would be in a library folder (`library`, or any
    that looks like one): notes hold private questions, and every reader of a library
    would see them, as a broken article (QA5 R15)."""
    from tui.core.library_files import looks_like_library

    if not is_stream(path) and looks_like_library(path.parent, library):
        raise NotesError(
            f"Did not write {show_name(path)}: {show_name(path.parent)} is a library "
            "folder, and notes are private: they are never written into a library."
        )


def is_stream(path: Path) -> bool:
    """Something to write to as it is, not a file to keep: a device or a named pipe (the
    never-replace rule made `--output /dev/stdout` write a file `/dev/stdout-2`)."""
    import stat

    if path.parts[:2] == ("/", "dev"):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _write_new(path: Path, text: str) -> None:
    """Write the whole file, never over another: fails if `path` appeared meanwhile."""
    with atomic_file(path, durable=True, overwrite=False) as out:
        out.write(text.encode("utf-8"))
