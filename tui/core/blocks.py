"""The article laid out once: the ordered blocks that the CLI, the app and the plain
reader each draw in their own way.

The order is a rule of its own (updates above the takeaway, the takeaway on the first
screen with only the title, facts and ratings above it, then why the rating and where the
paper is, caveats before or after the findings), so it lives here and the three renderers
only decide how a block looks. On a small screen (`compact`) the header keeps only the
title, facts and rating dots: the rating in words, the reading level, the date the summary
was added and an explainer's introduction come under the takeaway instead, so that it
starts on the first screen at 40x12.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tui.core.article import Article
from tui.core.wording import (
    DISCLAIMER,
    evidence_line,
    interest_line,
    reading_level,
    source_line,
)

#: Kinds of block, in the order they appear (on a short screen the updates follow the
#: takeaway). "rating" says why the evidence rating is what it is; "record" holds the lines
#: a clinician copies (source, reviewed date, DOI, PMID, registrations); the panels hold
#: article text.
KINDS = (
    "update-note",
    "update",
    "intro",
    "takeaway",
    "rating",
    "record",
    "considerations",
    "section",
    "topics",
    "related",
    "disclaimer",
)
#: Kinds whose text is the article's own prose: searched words and glossary terms are
#: marked in them.
PROSE = frozenset({"update-note", "update", "intro", "takeaway", "considerations", "section"})
REPLACED_REASON = "newer: the update above says this article replaces it"


class RelatedLike(Protocol):
    @property
    def article(self) -> Article: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Link:
    """An article to go on to, and why (a related article, or one that replaces this)."""

    article: Article
    reason: str


@dataclass(frozen=True, slots=True)
class ArticleBlock:
    """One part of the article below its header; renderers choose how each kind looks."""

    kind: str
    heading: str = ""  # a panel's title or a section's heading
    text: str = ""
    items: tuple[str, ...] = ()  # topics
    links: tuple[Link, ...] = ()  # related articles, the replacing one first


def record_lines(
    article: Article, addresses: bool = False, added: bool = False
) -> list[tuple[str, str]]:
    """(label, value) pairs: the paper, when the summary was reviewed and the paper's
    identifiers, with their web addresses when asked (text output has no links dialog);
    `added`: the date the summary was added (when the header has no room for it)."""
    lines: list[tuple[str, str]] = [("Source", source_line(article))]
    if added and article.source:
        lines.append(("Summary added", article.date.isoformat()))
    if article.reviewed:
        lines.append(("Reviewed", article.reviewed.isoformat()))
    if article.source:
        lines += article.source.identifiers()
        if addresses:
            lines += article.source.addresses()
    return lines


def update_note(article: Article) -> str:
    """One line for a small screen (it fits 40 columns): the newest update's month; the
    updates themselves, each dated, follow the takeaway."""
    newest = max(article.news, key=lambda update: update.date)
    return f"Updated {newest.month} (see below)."


def update_text(update_text: str, replaced_by: Article | None) -> str:
    if replaced_by is None:
        return update_text
    return f"{update_text}\nNewer article: {replaced_by.title} (under Related articles)."


def related_links(
    article: Article,
    related: Sequence[RelatedLike] = (),
    articles: Mapping[str, Article] | None = None,
) -> tuple[Link, ...]:
    """Related articles with the one an update says replaces this article first."""
    links: list[Link] = []
    for update in article.updates:
        newer = articles.get(update.superseded_by) if articles and update.superseded_by else None
        if newer is not None and all(link.article.id != newer.id for link in links):
            links.append(Link(newer, REPLACED_REASON))
    shown = {link.article.id for link in links}
    links += [Link(r.article, r.reason) for r in related if r.article.id not in shown]
    return tuple(links)


def article_blocks(
    article: Article,
    related: Sequence[RelatedLike] = (),
    caveats_first: bool = False,
    articles: Mapping[str, Article] | None = None,
    addresses: bool = False,
    compact: bool = False,
    updates_below: bool = False,
) -> list[ArticleBlock]:
    """Everything below the header, in reading order. `articles` (the library's) names the
    article an update says replaces this one; `addresses` adds the paper's web addresses;
    `compact`: below a compact header (see the module's docstring); `updates_below`: the
    screen is too short for the updates and the takeaway too, so one line above the
    takeaway says there is an update and when, and the updates follow the takeaway."""
    blocks: list[ArticleBlock] = []
    updates = []
    for update in article.updates:
        newer = articles.get(update.superseded_by) if articles and update.superseded_by else None
        heading = article.update_heading(update)
        updates.append(ArticleBlock("update", heading, update_text(update.text, newer)))
    if not updates_below:
        blocks += updates
    elif article.news:  # entries from before the paper are no news to point to
        blocks.append(ArticleBlock("update-note", text=update_note(article)))
    intro = [ArticleBlock("intro", text=article.intro)] if article.intro else []
    if not compact:
        blocks += intro
    if article.takeaway:
        blocks.append(ArticleBlock("takeaway", "Key takeaway", article.takeaway))
    if updates_below:
        blocks += updates
    if compact:
        blocks += intro
    caveats = (
        [ArticleBlock("considerations", "Important considerations", article.considerations)]
        if article.considerations
        else []
    )
    if caveats_first:
        blocks += caveats
    rating = [evidence_line(article), interest_line(article), f"{reading_level(article)}."]
    rating = [line[:1].upper() + line[1:] for line in rating if line] if compact else []
    if article.credibility_note:
        rating.append(f"Why this rating: {article.credibility_note}")
    if rating:
        blocks.append(ArticleBlock("rating", text="\n".join(rating)))
    record = record_lines(article, addresses, added=compact)
    blocks.append(ArticleBlock("record", text="\n".join(f"{k}: {v}" for k, v in record)))
    blocks += [ArticleBlock("section", s.heading, s.text) for s in article.sections]
    if not caveats_first:
        blocks += caveats
    if article.topics:
        blocks.append(ArticleBlock("topics", "Topics", items=article.topics))
    links = related_links(article, related, articles)
    if links:
        blocks.append(ArticleBlock("related", "Related articles", links=links))
    blocks.append(ArticleBlock("disclaimer", text=DISCLAIMER))
    return blocks


#: Blocks a reader can go to by name: what an article's contents list.
CONTENTS = frozenset({"update", "takeaway", "considerations", "section"})


def contents(blocks: Sequence[ArticleBlock]) -> list[ArticleBlock]:
    """The article's parts with a heading, in reading order: the linear reader's contents
    (the app's `t` lists the same panels and sections)."""
    return [block for block in blocks if block.kind in CONTENTS and block.heading]
