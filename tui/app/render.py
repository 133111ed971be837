"""Rich `Text` for the app's lists and panels.

Every piece of article text enters a `Text` as plain text, so nothing in a
library can be read as markup; styles come only from this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

from tui.core.article import Article
from tui.core.glossary import Glossary
from tui.core.wording import (
    added_on,
    evidence_line,
    evidence_meter,
    facts_line,
    meter,
    reading_level,
    reading_time,
    research_when,
)

if TYPE_CHECKING:  # whoosh loads only when search is first needed
    from tui.core.notes import MissingBookmark
    from tui.core.search import Hit

MATCH_STYLE = "bold reverse"
CURRENT_MATCH_STYLE = "bold underline reverse"
TERM_STYLE = "underline"


def article_option(
    article: Article, unread: bool, bookmarked: bool = False, added: bool = False
) -> Text:
    """Two lines for an article list: title, then research year, kind and evidence.

    Every mark is a word or labelled ("unread", "evidence ●●●○○"): no bare symbol
    means two things, and all of them read the same under NO_COLOR.
    """
    line = Text.assemble((article.title, "bold" if unread else ""))
    if article.news:  # evidence moved on since the study: worth knowing before opening
        line.append(" · updated", style="italic")  # wraps with the title, not the details
    # Shorter than `facts_line`, so it fits on one line beside the topics at 80 columns.
    details = f"\n  {research_when(article)} · {article.kind} · {reading_time(article)}"
    if article.credibility:
        details += f" · {evidence_meter(article)}"
    if unread:
        details += " · unread"
    if bookmarked:
        details += " · bookmarked"
    if added:  # sorted by when the summary was added: the research year is not the order
        details += f" · {added_on(article)}"
    line.append(details, style="dim")
    return line


def missing_option(gone: MissingBookmark) -> Text:
    """A bookmark whose article is not loaded: its name, why, and that it is still kept."""
    line = Text(gone.name)
    why = "skipped: see Problems (P)" if gone.skipped else "article not in this library"
    line.append(f"\n  {why} · bookmarked", style="dim")
    return line


def hit_option(hit: Hit, unread: bool, added: bool = False) -> Text:
    """A search result: the article's two lines and the snippet with matches marked."""
    text = article_option(hit.article, unread, added=added)
    if hit.snippet:
        text.append("\n  ")
        for segment in hit.snippet:
            text.append(segment.text, style=MATCH_STYLE if segment.match else "")
    return text


def preview(article: Article) -> Text:
    text = Text(article.title, style="bold")
    text.append(f"\n{facts_line(article)}\n", style="dim")
    text.append(evidence_line(article) + "\n")
    if article.takeaway:
        text.append("\nKey takeaway\n", style="bold")
        text.append(article.takeaway + "\n")
    elif article.intro:
        text.append("\n" + article.intro + "\n")
    if article.topics:
        text.append("\nTopics: " + ", ".join(article.topics), style="dim")
    return text


def header(article: Article, compact: bool = False) -> Text:
    """Title, facts and ratings. `compact` (a small screen): one short facts line and the
    rating dots on one line; their words come under the takeaway (see core.blocks)."""
    text = Text(article.title, style="bold")
    if compact:
        text.append(f"\n{facts_line(article)}", style="dim")
        if article.credibility is not None:
            text.append("\nEvidence ")
            text.append(meter(article.credibility), style="bold")
            if article.interest is not None:
                text.append(" · interest ")
                text.append(meter(article.interest), style="bold")
        return text
    facts = f"{facts_line(article)} · {reading_level(article)}"
    if article.source:
        facts += f" · summary added {article.date.isoformat()}"
    text.append(f"\n{facts}\n", style="dim")
    if article.credibility is not None:
        text.append("Evidence ")
        text.append(meter(article.credibility), style="bold")
        text.append(f" {evidence_line(article)}", style="bold")
        if article.interest is not None:
            text.append("\nInterest for people with MS now ")
            text.append(meter(article.interest), style="bold")
            text.append(f" ({article.interest} out of 5)")
        text.append("\n")
    else:
        text.append(evidence_line(article) + "\n")
    text.rstrip()  # why the rating and the source come after the takeaway (core.blocks)
    return text


def marked(
    body: str,
    terms: Iterable[str] = (),
    glossary: Glossary | None = None,
    seen_terms: set[str] | None = None,
) -> tuple[Text, list[tuple[int, int]]]:
    """Body text with search terms highlighted and first glossary mentions underlined.

    Returns the text and the spans of the search matches, for n/N stepping.
    """
    text = Text(body)
    if glossary is not None and seen_terms is not None:
        for mention in glossary.mentions(body):
            if mention.term.term not in seen_terms:
                seen_terms.add(mention.term.term)
                text.stylize(TERM_STYLE, mention.start, mention.end)
    from tui.core.highlight import match_spans  # an article's text: not the first screen

    matches = match_spans(body, terms)
    for start, end in matches:
        text.stylize(MATCH_STYLE, start, end)
    return text, matches
