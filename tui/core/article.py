"""The article: one summary or explainer, validated and sanitised."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from datetime import date as Day
from pathlib import Path
from typing import Any
from urllib.parse import quote

KINDS = ("summary", "explainer")
WORDS_PER_MINUTE = 200
#: English month names whatever the locale (strftime's %B follows it).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _positional(self: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle as a constructor call: unpickles about twice as fast as dataclass state."""
    return (type(self), tuple(getattr(self, name) for name in self.__slots__))


def full_stop(text: str) -> str:
    """End with one stop: "Why?" stays "Why?", "Smith J et al." keeps its one full stop."""
    return text if text[-1:] in ".?!" else text + "."


@dataclass(frozen=True, slots=True)
class Source:
    """Where a summary's facts come from; fields it lacks stay None."""

    journal: str
    year: int
    authors: str | None = None
    title: str | None = None
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    #: Trial registry ids (NCT..., ISRCTN..., EudraCT ...): one paper can report several trials.
    registrations: tuple[str, ...] = ()

    __reduce__ = _positional

    def identifiers(self) -> list[tuple[str, str]]:
        """(label, id) pairs a reader can copy to find the paper: DOI, PMID, registrations."""
        found = [("DOI", self.doi), ("PMID", self.pmid)]
        found += [("Trial registration", r) for r in self.registrations]
        return [(label, value) for label, value in found if value]

    def addresses(self) -> list[tuple[str, str]]:
        """(label, web address) of the paper and its records: the route to the original for a
        reader without the app's links dialog (`show`, the linear reader)."""
        found = [("Paper", self.url)] if self.url else []
        if self.doi:
            found.append(("Paper", "https://doi.org/" + quote(self.doi, safe="/:;()._-")))
        if self.pmid:
            found.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        found += [
            ("Trial record", f"https://clinicaltrials.gov/study/{r}")
            for r in self.registrations
            if r[:3] == "NCT"
        ]
        return found

    def links(self) -> list[str]:
        """Web addresses of the identifiers (for the links list, never opened by itself)."""
        return [address for _, address in self.addresses()]

    def citation(self) -> str:
        """A one-line plain citation built only from the fields present."""
        parts = [self.authors, self.title, self.journal, str(self.year)]
        return " ".join(full_stop(p) for p in parts if p)


@dataclass(frozen=True, slots=True)
class Section:
    """A `##` section of the body."""

    heading: str
    text: str

    __reduce__ = _positional


@dataclass(frozen=True, slots=True)
class Update:
    """Evidence that moved on after the study: what happened, when, and what replaces it."""

    date: date
    text: str
    superseded_by: str | None = None

    __reduce__ = _positional

    @property
    def month(self) -> str:
        """ "December 2025": the month a reader needs, not the day."""
        return f"{MONTHS[self.date.month - 1]} {self.date.year}"

    def heading(self, research_year: int | None = None) -> str:
        """ "Update, December 2025"; an entry dated before the year of the paper it follows
        is no news since that research ("2025 research" then "Update, September 2024" read
        as out of order, QA4 Q11), so it says what it is: "Before the 2025 paper, …"."""
        if research_year is not None and self.date.year < research_year:
            return f"Before the {research_year} paper, {self.month}"
        return f"Update, {self.month}"


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What identifies one version of a file: enough to notice any change."""

    size: int
    mtime_ns: int
    sha256: str

    __reduce__ = _positional


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    #: The file, as a string: a `Path` each cost 200 bytes and 10 µs to unpickle (10,000
    #: of them at every start); `path` makes one when it is asked for.
    file: str
    title: str
    date: date
    kind: str
    topics: tuple[str, ...]
    takeaway: str
    considerations: str
    sections: tuple[Section, ...]  # the body, without takeaway and considerations
    intro: str = ""
    study_type: str | None = None
    credibility: int | None = None
    credibility_note: str | None = None
    interest: int | None = None
    source: Source | None = None
    related: tuple[str, ...] = ()
    #: When the summary was last checked against its sources; None if never said.
    reviewed: Day | None = None  # `date` here would name the field above, not the type
    updates: tuple[Update, ...] = ()  # newest first
    stamp: FileStamp | None = field(default=None, compare=False)
    #: Worked out by the parser; the light copies the first screen lists have no body to count.
    minutes: int | None = field(default=None, compare=False)

    __reduce__ = _positional

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def body(self) -> str:
        """The body as plain text: intro and every section but the two panels."""
        parts = [self.intro] if self.intro else []
        parts += [f"{s.heading}\n{s.text}" for s in self.sections]
        return "\n\n".join(parts)

    @property
    def word_count(self) -> int:
        text = " ".join([self.title, self.takeaway, self.body, self.considerations])
        return len(text.split())

    @property
    def reading_minutes(self) -> int:
        if self.minutes is not None:
            return self.minutes
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    def before_research(self, update: Update) -> bool:
        """`update` is dated before the year its paper came out: an event the research led
        to before publication (an approval on presented results), not news since it."""
        return self.source is not None and update.date.year < self.source.year

    def update_heading(self, update: Update) -> str:
        return update.heading(self.source.year if self.source else None)

    @property
    def news(self) -> tuple[Update, ...]:
        """The updates since the research, newest first: what makes an article "updated"."""
        return tuple(update for update in self.updates if not self.before_research(update))

    @property
    def year(self) -> int:
        """The year of the research (the source), or of the writing for explainers."""
        return self.source.year if self.source else self.date.year
