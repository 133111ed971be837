"""The one place that knows the article file format (docs/library-format.md).

`read_article` turns a file into an `Article` or a list of `Problem`s that
say what is wrong and how to fix it. Every string is sanitised here, once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from tui.core.article import KINDS, Article, FileStamp, Section, Source
from tui.core.library_files import read_bounded
from tui.core.problems import Problem, ProblemError
from tui.core.sanitize import sanitize

MAX_FILE_BYTES = 1024 * 1024
MAX_TITLE = 200
#: The id alphabet: an id is a file name without ".md" that users type and paste into a
#: shell, so only ASCII letters, digits, dots, dashes and underscores, up to 100 of them.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")

TAKEAWAY_HEADINGS = {
    "key takeaway",
    "key takeaways",
    "takeaway",
    "takeaways",
    "the takeaway",
    "bottom line",
    "the bottom line",
    "in short",
    "in brief",
    "key point",
    "key points",
}
CONSIDERATION_HEADINGS = {
    "important considerations",
    "considerations",
    "caveats",
    "important caveats",
    "limitations",
    "limits",
    "things to keep in mind",
    "keep in mind",
    "cautions",
    "what this does not show",
    "what it does not show",
}
KNOWN_FIELDS = {
    "title",
    "date",
    "kind",
    "topics",
    "study_type",
    "credibility",
    "credibility_note",
    "interest",
    "source",
    "related",
}
SOURCE_FIELDS = {"journal", "year", "authors", "title", "url"}


def read_article(path: Path, root: Path | None = None) -> Article | list[Problem]:
    """Read one library file; never raises for anything the file contains.

    With `root`, a link that leads outside that folder is refused."""
    try:
        raw, stamp = _read_bytes(path, root)
        text = _decode(raw)
        return parse_article(path, text, stamp)
    except ProblemError as error:
        return [Problem(path, error.line, error.message)]


def parse_article(path: Path, text: str, stamp: FileStamp | None = None) -> Article | list[Problem]:
    """Parse the text of an article file named `path`."""
    from tui.core.yamlsafe import YamlProblem, load_mapping  # start-up needs no YAML

    if not is_article_id(path.stem):  # the id is shown everywhere and pasted into shells
        return [
            Problem(
                path,
                None,
                "the file name cannot be an article id: rename it using only letters a-z, "
                "digits, dots, dashes and underscores (at most 100, starting with a letter "
                "or digit)",
            )
        ]
    try:
        front, first_line, body, body_line = split_front_matter(text)
        doc = load_mapping(front, first_line, what="the front matter")
    except ProblemError as error:
        return [Problem(path, error.line, error.message)]
    except YamlProblem as error:
        return [Problem(path, error.line, error.message)]
    checker = _FieldChecker(path, doc.data, doc.lines)
    article = checker.build(body, body_line, stamp)
    return checker.problems if checker.problems else article


def is_article_id(text: str) -> bool:
    """True when `text` is written in the id alphabet (`ID_PATTERN`)."""
    return ID_PATTERN.fullmatch(text) is not None


def _read_bytes(path: Path, root: Path | None) -> tuple[bytes, FileStamp]:
    raw, info = read_bounded(path, MAX_FILE_BYTES, root)
    return raw, FileStamp(len(raw), info.st_mtime_ns, hashlib.sha256(raw).hexdigest())


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise ProblemError(
            "file is empty; write front matter and a body (see docs/library-format.md)"
        )
    if _looks_binary(raw):
        raise ProblemError("is not a text file (it looks binary); remove it from the library")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise ProblemError(
            f"is not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line
        ) from None


def _looks_binary(raw: bytes) -> bool:
    """Many control bytes mean a binary file; a few are hostile text, sanitised later."""
    sample = raw[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return controls > max(8, len(sample) // 20)


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, the body's first line)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].strip() != "---":
        raise ProblemError(
            "no front matter: the file must start with a line `---`, then the fields, "
            "then another `---`",
            1,
        )
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            front = "\n".join(lines[1 : number - 1])
            body = "\n".join(lines[number:])
            return front, 2, body, number + 1
    raise ProblemError("the front matter is not closed: add a line `---` after the last field", 1)


class _FieldChecker:
    """Checks each field, collecting every problem rather than stopping at the first."""

    def __init__(self, path: Path, data: dict[str, Any], lines: dict[str, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, key: str | None, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.lines.get(key or "", 1), message))

    def build(self, body: str, body_line: int, stamp: FileStamp | None) -> Article | None:
        for key in self.data:
            if key not in KNOWN_FIELDS:
                known = ", ".join(sorted(KNOWN_FIELDS))
                self.fail(key, f'unknown field "{key}"; the fields are: {known}')
        kind = self.choice("kind", KINDS, default="summary")
        is_summary = kind == "summary"
        title = self.text("title", required=True, limit=MAX_TITLE)
        written = self.date("date")
        topics = self.words("topics")
        related = self.words("related")
        for other in related:
            if not is_article_id(other):
                self.fail("related", f'related id "{other}" is not a file name without ".md"')
        credibility = self.rating("credibility", required=is_summary)
        interest = self.rating("interest", required=is_summary)
        source = self.source(required=is_summary)
        intro, sections, takeaway, considerations = split_sections(sanitize(body))
        if is_summary and not takeaway:
            self.fail(
                None,
                "a summary needs a `## Key takeaway` section (one or two sentences)",
                body_line,
            )
        if is_summary and not considerations:
            self.fail(
                None,
                "a summary needs an `## Important considerations` section "
                "(the limits of the study)",
                body_line,
            )
        if self.problems or title is None or written is None:
            return None
        article = Article(
            id=self.path.stem,
            path=self.path,
            title=title,
            date=written,
            kind=kind,
            topics=tuple(topics),
            takeaway=takeaway,
            considerations=considerations,
            sections=tuple(sections),
            intro=intro,
            study_type=self.text("study_type", limit=80),
            credibility=credibility,
            credibility_note=self.text("credibility_note", limit=300),
            interest=interest,
            source=source,
            related=tuple(related),
            stamp=stamp,
        )
        # Counted once here and kept in the caches: lists and the first screen's snapshot
        # show it for every article, and counting 10,000 bodies takes a quarter second.
        return replace(article, minutes=article.reading_minutes)

    # One method per kind of value; each returns None after recording a problem.

    def text(
        self,
        key: str,
        required: bool = False,
        limit: int = 1000,
        data: dict[str, Any] | None = None,
        label: str | None = None,
    ) -> str | None:
        data = self.data if data is None else data
        label = label or key
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, f"{label} is missing; add `{key}: ...`", 1)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{label} must be text, got {_show(value)}")
            return None
        value = " ".join(sanitize(value).split())
        if len(value) > limit:
            self.fail(key, f"{label} is {len(value)} characters long; keep it under {limit}")
            return None
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if isinstance(value, str) and value.strip().lower() in options:
            return value.strip().lower()
        self.fail(key, f"{key} must be one of {', '.join(options)}, got {_show(value)}")
        return default

    def date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            self.fail(key, f"{key} is missing; add `{key}: YYYY-MM-DD`", 1)
            return None
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(key, f"{key} must be a real date written YYYY-MM-DD, got {_show(value)}")
            return None

    def words(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(key, f"{key} must be a list like [a, b], got {_show(value)}")
            return []
        items = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.fail(key, f"each of {key} must be a word or phrase, got {_show(item)}")
                continue
            cleaned = " ".join(sanitize(str(item)).split())
            if not cleaned or len(cleaned) > 80:
                self.fail(key, f"each of {key} must be 1 to 80 characters, got {_show(item)}")
            elif cleaned not in items:
                items.append(cleaned)
        return items

    def rating(self, key: str, required: bool) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(
                    key, f"{key} is missing; add `{key}: N` with a whole number from 1 to 5", 1
                )
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            self.fail(key, f"{key} must be a whole number from 1 to 5, got {_show(value)}")
            return None
        return value

    def source(self, required: bool) -> Source | None:
        value = self.data.get("source")
        if value is None:
            if required:
                self.fail(
                    "source", "source is missing; add `source:` with `journal:` and `year:`", 1
                )
            return None
        if not isinstance(value, dict):
            self.fail("source", f"source must be fields (journal:, year:, ...), got {_show(value)}")
            return None
        for key in value:
            if key not in SOURCE_FIELDS:
                known = ", ".join(sorted(SOURCE_FIELDS))
                self.fail("source", f'unknown field "source.{key}"; the fields are: {known}')
        journal = self.text("journal", True, 200, value, "source.journal")
        year = value.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2100:
            self.fail("source", f"source.year must be a year like 2024, got {_show(year)}")
            year = None
        url = self.text("url", False, 500, value, "source.url")
        if url and not re.match(r"^https?://[^\s/]+\.[^\s/]+", url):
            self.fail("source", f"source.url must start with http:// or https://, got {_show(url)}")
        if journal is None or year is None:
            return None
        return Source(
            journal=journal,
            year=year,
            url=url,
            authors=self.text("authors", False, 300, value, "source.authors"),
            title=self.text("title", False, 400, value, "source.title"),
        )


def normalise_heading(heading: str) -> str:
    return re.sub(r"[^a-z ]+", "", heading.lower().replace("-", " ")).strip()


def split_sections(body: str) -> tuple[str, list[Section], str, str]:
    """Split a body at `##` headings into intro, sections, takeaway, considerations."""
    intro: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in body.split("\n"):
        match = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if match and not line.startswith("###"):
            sections.append((match.group(1).strip(), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            intro.append(line)
    takeaway, considerations, rest = [], [], []
    for heading, lines in sections:
        text = "\n".join(lines).strip()
        name = normalise_heading(heading)
        if name in TAKEAWAY_HEADINGS:
            takeaway.append(text)
        elif name in CONSIDERATION_HEADINGS:
            considerations.append(text)
        else:
            rest.append(Section(heading, text))
    return "\n".join(intro).strip(), rest, "\n\n".join(takeaway), "\n\n".join(considerations)


def _show(value: Any) -> str:
    """Quote a bad value the way the user wrote it, briefly."""
    if isinstance(value, str):
        text = sanitize(value)
        return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{value} (a yes/no value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return sanitize(str(value))[:40]
