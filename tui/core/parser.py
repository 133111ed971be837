"""The one place that knows the article file format (docs/library-format.md).

`read_article` turns a file into an `Article` or a list of `Problem`s that
say what is wrong and how to fix it. Every string is sanitised here, once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from sys import intern
from typing import Any

from tui.core.article import KINDS, Article, FileStamp, Section, Source, Update
from tui.core.bounds import bounded_article
from tui.core.library_files import read_bounded
from tui.core.links import check_link
from tui.core.problems import Problem, ProblemError
from tui.core.sanitize import sanitize

MAX_FILE_BYTES = 1024 * 1024
#: A summary's dates lie between the first MS research and today (a month's grace for
#: time zones and a summary written ahead of its publication day): 9999-12-31 is a typo.
EARLIEST_YEAR, FUTURE_DAYS = 1800, 31
EARLIEST_DATE = date(EARLIEST_YEAR, 1, 1)
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
    "reviewed",
    "updates",
}
SOURCE_FIELDS = {
    "journal",
    "year",
    "authors",
    "title",
    "url",
    "doi",
    "pmid",
    "registration",
}
UPDATE_FIELDS = {"date", "text", "superseded_by"}
MAX_UPDATES = 20

# Identifiers are checked for shape only: a well-formed but wrong id cannot be caught
# offline, which is why the format asks for ids seen in a record of the paper.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[!-~]+$")  # printable ASCII after the prefix
PMID_PATTERN = re.compile(r"^[1-9]\d{0,8}$")
REGISTRIES = (
    ("ClinicalTrials.gov", r"NCT\d{8}", "NCT and 8 digits"),
    ("ISRCTN", r"ISRCTN\d{8}", "ISRCTN and 8 digits"),
    ("EudraCT", r"(?:EudraCT )?\d{4}-\d{6}-\d{2}", "EudraCT NNNN-NNNNNN-NN"),
    ("EU CT", r"\d{4}-5\d{5}-\d{2}-\d{2}", "NNNN-5NNNNN-NN-NN"),
    ("ANZCTR", r"ACTRN\d{14}", "ACTRN and 14 digits"),
    ("ChiCTR", r"ChiCTR(?:-[A-Z]{2,4}-)?\d{8,10}", "ChiCTR and digits"),
    ("DRKS", r"DRKS\d{8}", "DRKS and 8 digits"),
    ("CTRI", r"CTRI/\d{4}/\d{2,3}/\d{6}", "CTRI/YYYY/NN/NNNNNN"),
    ("jRCT", r"jRCT[a-z]?\d{9,10}", "jRCT and digits"),
    ("UMIN", r"UMIN\d{9}", "UMIN and 9 digits"),
    ("Netherlands Trial Register", r"(?:NTR|NL)\d{3,6}", "NTR or NL and digits"),
    ("IRCT", r"IRCT\d{8,16}N\d{1,3}", "IRCT...N..."),
    ("PACTR", r"PACTR\d{15}", "PACTR and 15 digits"),
)
REGISTRATION_PATTERN = re.compile("^(?:" + "|".join(p for _, p, _ in REGISTRIES) + ")$")


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
    checker = _FieldChecker(path, doc.data, doc.lines, doc.line_at)
    article = checker.build(body, body_line, stamp)
    return checker.problems if checker.problems or article is None else article


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
    if _looks_utf16(raw):  # Notepad's "Unicode": a good article, in another encoding
        raise ProblemError(
            "is saved as UTF-16; save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"
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


def _looks_utf16(raw: bytes) -> bool:
    """A UTF-16 byte order mark, or text with every other byte NUL (QA5 R16: it was said
    to look binary, and to be removed)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[:8192]
    nuls = sorted(half.count(0) / max(1, len(half)) for half in (sample[0::2], sample[1::2]))
    return len(sample) >= 8 and nuls[0] < 0.1 and nuls[1] > 0.9  # a file of NULs is binary


def _looks_binary(raw: bytes) -> bool:
    """Many control bytes mean a binary file; a few are hostile text, sanitised later."""
    sample = raw[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return controls > max(8, len(sample) // 20)


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, the body's first line)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].startswith("---\r"):  # QA5 R16: "no front matter" for a file that has it
        raise ProblemError(
            "uses old Mac line endings (CR only); save it with LF or CRLF line endings", 1
        )
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

    def __init__(
        self,
        path: Path,
        data: dict[str, Any],
        lines: dict[str, int],
        line_at: Callable[..., int] | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.line_at = line_at or (lambda key, *steps: lines.get(str(key), 1))
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
        if source and written and source.year > written.year + 1:
            self.fail(
                "source",
                f"source.year ({source.year}) is after the summary's date ({written}); "
                "a summary is written after the research it describes",
            )
        reviewed = self.date("reviewed", required=False)
        if reviewed and written and reviewed < written:
            self.fail(
                "reviewed",
                f"reviewed ({reviewed}) is before the article's date ({written}); "
                "write the day it was last checked against its sources",
            )
        updates = self.updates()
        intro, sections, takeaway, considerations = plain_article(
            *bounded_article(*split_sections(sanitize(body)))
        )
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
        study_type = self.text("study_type", limit=80)
        # Words that thousands of articles repeat (kind, topics, headings, study type,
        # journal) are kept once rather than once per article: 9 MB at 20,000 articles.
        article = Article(
            id=self.path.stem,
            file=str(self.path),
            title=title,
            date=written,
            kind=intern(kind),
            topics=tuple(map(intern, topics)),
            takeaway=takeaway,
            considerations=considerations,
            sections=tuple(Section(intern(s.heading), s.text) for s in sections),
            intro=intro,
            study_type=intern(study_type) if study_type else study_type,
            credibility=credibility,
            credibility_note=self.text("credibility_note", limit=300),
            interest=interest,
            source=source,
            related=tuple(related),
            reviewed=reviewed,
            updates=updates,
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
        line: int | None = None,
    ) -> str | None:
        data = self.data if data is None else data
        label = label or key
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, f"{label} is missing; add `{key}: ...`", line or 1)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{label} must be text, got {_show(value)}", line)
            return None
        value = " ".join(sanitize(value).split())
        if len(value) > limit:
            self.fail(key, f"{label} is {len(value)} characters long; keep it under {limit}", line)
            return None
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if isinstance(value, str) and value.strip().lower() in options:
            return value.strip().lower()
        self.fail(key, f"{key} must be one of {', '.join(options)}, got {_show(value)}")
        return default

    def date(
        self,
        key: str,
        required: bool = True,
        data: dict[str, Any] | None = None,
        label: str | None = None,
        line: int | None = None,
    ) -> date | None:
        value = (self.data if data is None else data).get(key)
        label = label or key
        if value is None:
            if required:
                self.fail(key, f"{label} is missing; add `{key}: YYYY-MM-DD`", line or 1)
            return None
        text = str(value).strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            written = date.fromisoformat(text)
        except ValueError:
            self.fail(
                key, f"{label} must be a real date written YYYY-MM-DD, got {_show(value)}", line
            )
            return None
        if not EARLIEST_DATE <= written <= date.today() + timedelta(days=FUTURE_DAYS):
            self.fail(
                key,
                f"{label} must be a date between {EARLIEST_YEAR} and today, got {_show(value)}",
                line,
            )
            return None
        return written

    def updates(self) -> tuple[Update, ...]:
        """`updates:` as a list of {date, text, superseded_by?}, kept newest first."""
        value = self.data.get("updates")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(
                "updates",
                "updates must be a list of entries, each `- date: YYYY-MM-DD` and `text: ...`, "
                f"got {_show(value)}",
            )
            return ()
        if len(value) > MAX_UPDATES:
            self.fail("updates", f"updates has {len(value)} entries; keep at most {MAX_UPDATES}")
            return ()
        found = []
        for number, entry in enumerate(value):
            where = self.line_at("updates", number)
            label = f"updates entry {number + 1}"
            if not isinstance(entry, dict):
                self.fail(
                    "updates",
                    f"{label} must have `date:` and `text:` fields, got {_show(entry)}",
                    where,
                )
                continue
            for key in entry:
                if key not in UPDATE_FIELDS:
                    known = ", ".join(sorted(UPDATE_FIELDS))
                    self.fail(
                        "updates",
                        f'unknown field "{key}" in {label}; the fields are: {known}',
                        self.line_at("updates", number, str(key)),
                    )
            day = self.date("date", True, entry, f"{label}: date", where)
            text = self.text(
                "text", True, 600, entry, f"{label}: text", self.line_at("updates", number, "text")
            )
            newer = self.text(
                "superseded_by",
                False,
                200,
                entry,
                f"{label}: superseded_by",
                self.line_at("updates", number, "superseded_by"),
            )
            if newer and not ID_PATTERN.match(newer):
                self.fail(
                    "updates",
                    f'{label}: superseded_by "{newer}" is not an article id '
                    '(a file name without ".md")',
                    self.line_at("updates", number, "superseded_by"),
                )
                newer = None
            elif newer == self.path.stem:
                self.fail(
                    "updates",
                    f"{label}: superseded_by names this article itself",
                    self.line_at("updates", number, "superseded_by"),
                )
                newer = None
            if day and text:
                found.append(Update(day, text, newer))
        found.sort(key=lambda u: u.date, reverse=True)
        return tuple(found)

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
        # A paper can carry next year's issue date; a later year is a typo, and it would
        # sort first as the "newest research".
        latest = date.today().year + 1
        if isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= latest:
            self.fail(
                "source",
                f"source.year must be a year like 2024, from 1800 to {latest}, got {_show(year)}",
            )
            year = None
        url = self.text("url", False, 500, value, "source.url")
        if url and not re.match(r"^https?://[^\s/]+\.[^\s/]+", url):
            self.fail("source", f"source.url must start with http:// or https://, got {_show(url)}")
        elif url and (refused := check_link(url).problem):
            self.fail("source", f"source.url would not be opened: {refused} Got {_show(url)}")
        title = self.text(
            "title", False, 400, value, "source.title", self.line_at("source", "title")
        )
        doi, pmid, registrations = self.identifiers(value)
        if journal is None or year is None:
            return None
        return Source(
            journal=intern(journal),
            year=year,
            url=url,
            authors=self.text("authors", False, 300, value, "source.authors"),
            title=title,
            doi=doi,
            pmid=pmid,
            registrations=registrations,
        )

    def identifiers(self, source: dict[str, Any]) -> tuple[str | None, str | None, tuple[str, ...]]:
        """DOI, PMID and trial registrations, checked for shape (never for truth)."""

        def line(key: str) -> int:
            return self.line_at("source", key)

        doi = self.text("doi", False, 300, source, "source.doi", line("doi"))
        if doi and not DOI_PATTERN.match(doi):
            self.fail(
                "source",
                f"source.doi must look like 10.NNNN/... (just the DOI, without "
                f"https://doi.org/), got {_show(doi)}",
                line("doi"),
            )
            doi = None
        pmid = self.text("pmid", False, 20, source, "source.pmid", line("pmid"))
        if pmid and not PMID_PATTERN.match(pmid):
            self.fail(
                "source",
                f"source.pmid must be the PubMed number, digits only, got {_show(pmid)}",
                line("pmid"),
            )
            pmid = None
        written = source.get("registration")
        items = written if isinstance(written, list) else [] if written is None else [written]
        registrations: list[str] = []
        for item in items:
            text = self.text(
                "id", False, 60, {"id": item}, "source.registration", line("registration")
            )
            if text is None:
                continue
            if not REGISTRATION_PATTERN.match(text):
                forms = "; ".join(f"{name}: {form}" for name, _, form in REGISTRIES)
                self.fail(
                    "source",
                    f"source.registration {_show(text)} is not a trial registry id this "
                    f"format knows ({forms})",
                    line("registration"),
                )
            elif text not in registrations:
                registrations.append(text)
        return doi, pmid, tuple(registrations)


def normalise_heading(heading: str) -> str:
    return re.sub(r"[^a-z ]+", "", heading.lower().replace("-", " ")).strip()


def _heading(line: str) -> str | None:
    """The text of a `## Heading` line (closing #s dropped), or None for any other line.

    Not a regular expression: `^##\\s+(.+?)\\s*#*\\s*$` took cubic time on a line of
    spaces, and a heading of 5,000 spaces hung every command reading the library.
    """
    if not line.startswith("##") or line.startswith("###") or not line[2:3].isspace():
        return None
    text = line[2:].strip()
    return text.rstrip("#").rstrip() or text or None


def split_sections(body: str) -> tuple[str, list[Section], str, str]:
    """Split a body at `##` headings into intro, sections, takeaway, considerations."""
    intro: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in body.split("\n"):
        if (heading := _heading(line)) is not None:
            sections.append((heading, []))
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


def plain_article(
    intro: str, sections: list[Section], takeaway: str, considerations: str
) -> tuple[str, list[Section], str, str]:
    """The body's parts with inline Markdown read as plain words (tui/core/inline.py),
    after the bounds, so the work is bounded too. Imported here: its patterns take 3 ms
    to compile, and the first screen (which imports this module) parses no article."""
    from tui.core.inline import plain_inline

    return (
        plain_inline(intro),
        [Section(plain_inline(s.heading), plain_inline(s.text)) for s in sections],
        plain_inline(takeaway),
        plain_inline(considerations),
    )


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
