"""How the library judges its evidence: study types, the credibility rubric, review age.

The rubric itself is written once, in words, in docs/library-format.md; this module holds
the parts of it a machine can check, so `myelin check` and the tests apply the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tui.core.article import Article
from tui.core.bounds import MAX_LINE, MAX_PANEL, MAX_TEXT, MAX_WORD, was_cut
from tui.core.inline import unread_markdown
from tui.core.readability import article_grade
from tui.core.sanitize import show_name

STUDY_TYPES = (
    "phase 3 trial",
    "phase 2 trial",
    "phase 1 trial",
    "randomised trial",
    "meta-analysis",
    "systematic review",
    "narrative review",
    "consensus guideline",
    "cohort study",
    "case-control study",
    "cross-sectional study",
    "registry study",
    "Mendelian randomisation",
    "genome-wide association study",
    "pooled analysis of clinical trial data",
    "secondary analysis of randomised trials",
    "imaging study",
    "lab study",
    "animal study",
    "case report",
)

#: The rubric's checkable bounds: study type -> (lowest, highest) credibility.
CREDIBILITY_BOUNDS = {
    "lab study": (1, 2),
    "animal study": (1, 2),
    "phase 1 trial": (1, 2),
    "phase 2 trial": (1, 3),
    "narrative review": (1, 3),
    "case report": (1, 1),
    "consensus guideline": (4, 4),
}

REVIEW_YEARS = 2


def last_checked(article: Article) -> date:
    """When the article was last checked: `reviewed`, or the day it was written."""
    return article.reviewed or article.date


def review_due(article: Article, today: date) -> bool:
    """Not checked against its sources for more than two years (evidence moves on)."""
    try:
        limit = today.replace(year=today.year - REVIEW_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - REVIEW_YEARS, day=28)
    return last_checked(article) < limit


def credibility_bounds(article: Article) -> tuple[int, int] | None:
    """The (lowest, highest) credibility the rubric allows for this study type, if it says."""
    return CREDIBILITY_BOUNDS.get(article.study_type or "")


def article_warnings(article: Article, today: date, max_grade: float) -> list[str]:
    """What `myelin check` warns about: fixable, but not worth refusing the file for."""
    found = []
    if article.kind == "summary" and (level := article_grade(article)) > max_grade:
        found.append(
            f"reading grade {level:g} is above {max_grade:g}; use shorter sentences and plainer "
            "words"
        )
    if article.study_type and article.study_type not in STUDY_TYPES:
        found.append(
            f'study_type "{article.study_type}" is not one of the study types in '
            "docs/library-format.md; use the nearest one"
        )
    bounds = credibility_bounds(article)
    if bounds and article.credibility is not None:
        low, high = bounds
        if not low <= article.credibility <= high:
            allowed = f"{low}" if low == high else f"at most {high}"
            found.append(
                f"credibility {article.credibility} is outside the rubric for a "
                f"{article.study_type} ({allowed}); see docs/library-format.md"
            )
    if any(was_cut(text) for text in (article.takeaway, article.considerations, article.body)):
        found.append(
            "some text is too long to show and was cut where it says so: a word may hold "
            f"{MAX_WORD:,} characters, a line {MAX_LINE:,}, the sections together "
            f"{MAX_TEXT:,} and a panel {MAX_PANEL:,}; split it into paragraphs"
        )
    texts = [article.intro, article.takeaway, article.considerations]
    texts += [f"{s.heading}\n{s.text}" for s in article.sections]
    if mark := next(filter(None, map(unread_markdown, texts)), None):
        found.append(
            f"`{mark}` is shown as written: bold (`**words**`) must close within its "
            "paragraph, and a link's words (`[words](https://...)`) hold no brackets; "
            "see docs/library-format.md"
        )
    for update in article.updates:
        if article.before_research(update) and article.source:
            found.append(
                f"the update dated {update.date} is before the research it updates (the "
                f"{article.source.year} paper); say what happened before the paper in the "
                f'text: an update is news since the research (it is shown as "Before the '
                f'{article.source.year} paper", and does not mark the article updated)'
            )
    if review_due(article, today):
        since = (
            f"last reviewed {article.reviewed}"
            if article.reviewed
            else f"not reviewed since it was written ({article.date})"
        )
        found.append(
            f"{since}, more than {REVIEW_YEARS} years ago; check it against its sources and "
            "newer evidence, then set `reviewed:` to the day you did"
        )
    return found


def library_warnings(articles: Iterable[Article], today: date, max_grade: float) -> list[str]:
    """Every warning, as `file: warning: ...` lines, in id order."""
    return [
        f"{show_name(article.path)}: warning: {message}"
        for article in sorted(articles, key=lambda a: a.id)
        for message in article_warnings(article, today, max_grade)
    ]
