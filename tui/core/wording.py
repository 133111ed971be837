"""Words and small pictures shown with every article, shared by the CLI and the app."""

from __future__ import annotations

from tui.core.article import MONTHS, Article
from tui.core.readability import article_grade

DISCLAIMER = (
    "For information only, not medical advice. Talk to your MS team before changing "
    "anything about your treatment or care."
)

EVIDENCE_WORDS = {
    1: "very weak evidence",
    2: "early evidence",
    3: "moderate evidence",
    4: "good evidence",
    5: "strong evidence",
}


def meter(value: int | None, width: int = 5, ascii_only: bool = False) -> str:
    """A rating as filled and empty dots, e.g. ●●●○○ (or ###.. in ASCII)."""
    if value is None:
        return "-"
    full, empty = ("#", ".") if ascii_only else ("●", "○")
    return full * value + empty * (width - value)


def evidence_line(article: Article) -> str:
    """One line a patient understands: how strong the evidence is, and why."""
    if article.credibility is None:
        return "Explainer: background reading, not a single study."
    words = EVIDENCE_WORDS[article.credibility]
    study = f": {_a(article.study_type)}" if article.study_type else ""
    return f"{words[0].upper()}{words[1:]}{study} ({article.credibility} out of 5)."


def interest_line(article: Article) -> str:
    """How much the study matters to people with MS now, in words ("" if not rated)."""
    if article.interest is None:
        return ""
    return f"Interest for people with MS now: {article.interest} out of 5."


def source_line(article: Article) -> str:
    return article.source.citation() if article.source else "Written for Myelin; no single source."


def research_when(article: Article) -> str:
    """The year that matters: the research's ("2002 research"), not when it was summarised."""
    if article.source:
        return f"{article.source.year} research"
    return f"written {article.date.year}"


def facts_line(article: Article) -> str:
    """Research year, kind and reading time, in the order a reader scans them."""
    return f"{research_when(article)} · {article.kind} · {reading_time(article)} read"


def reading_time(article: Article) -> str:
    """The reading time as one word ("3-min"), so a narrow list never ends a line with
    "3" and starts the next with "min": Textual and rich break at every space, a
    non-breaking one too."""
    return f"{article.reading_minutes}-min"


def added_on(article: Article) -> str:
    """When the summary was added, said where results are sorted by it ("added 2 December
    2026"): the research year a row shows is not that order (QA4 Q15)."""
    day = article.date
    return f"added {day.day} {MONTHS[day.month - 1]} {day.year}"


def evidence_meter(article: Article) -> str:
    """The rating dots with what they rate: "evidence ●●●○○" (explainers have no rating)."""
    if article.credibility is None:
        return "background reading"
    return f"evidence {meter(article.credibility)}"


#: Beyond these the formula's number means nothing to a reader (a table, a run-on list).
EASIEST_GRADE, HARDEST_GRADE = 1, 20


def reading_level(article: Article) -> str:
    level = round(article_grade(article))
    if level <= EASIEST_GRADE:
        return f"reading level: grade {EASIEST_GRADE} or below"
    if level > HARDEST_GRADE:
        return f"reading level: very hard (above grade {HARDEST_GRADE})"
    return f"reading level: grade {level}"


def _a(noun: str) -> str:
    """Prefix the right indefinite article: "an imaging study", "a randomised trial"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
