"""Hits for the screen: snippets with the matched words marked, and search details.

Snippets come from Whoosh's highlighter through a formatter that returns plain
segments, so nothing from an article is ever read as markup.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from whoosh.highlight import ContextFragmenter, Formatter, Highlighter
from whoosh.searching import Results

from tui.core.article import Article
from tui.core.search.results import SearchResults, Segment

if TYPE_CHECKING:  # Whoosh ships no types: these document, mypy sees Any
    from whoosh.highlight import Fragment
    from whoosh.query import Query
    from whoosh.searching import Hit

log = logging.getLogger(__name__)

#: A list item's mark at the start of a line: inside a one-line snippet it read as a
#: dash in mid-sentence ("34 in 100 on placebo. - Relapses happened…").
LIST_MARK = re.compile(r"(?m)^[ \t]*[-*+][ \t]+")


def highlighter() -> Highlighter:
    return Highlighter(
        fragmenter=ContextFragmenter(maxchars=160, surround=50), formatter=_SegmentFormatter()
    )


class Found(Results):  # type: ignore[misc]  # Whoosh's classes are Any to mypy
    """Results whose searched words are looked up once: Whoosh's highlighter asks again
    for every hit it marks, and a half-typed word's expansion costs a walk of the words."""

    def query_terms(
        self, expand: bool = False, fieldname: str | None = None
    ) -> set[tuple[str, bytes]]:
        key = (expand, fieldname)
        cache: dict[tuple[bool, str | None], set[tuple[str, bytes]]]
        cache = self.__dict__.setdefault("_query_terms", {})
        if key not in cache:
            cache[key] = set(super().query_terms(expand=expand, fieldname=fieldname))
        return cache[key]


def snippet(
    marker: Highlighter, hit: Hit, article: Article, needles: frozenset[str]
) -> tuple[Segment, ...]:
    """The best passage with the matched words marked: body first, then the panels.

    Whoosh analyses every word of the text it highlights; only the paragraph holding
    most of the searched stems is given to it (a tenth of the text, a tenth of the time).
    """
    paragraphs = [p for p in article.intro.split("\n\n") if p.strip()]
    for section in article.sections:
        paragraphs += [p for p in section.text.split("\n\n") if p.strip()]
    paragraphs += [t for t in (article.takeaway, article.considerations) if t]
    paragraphs = [LIST_MARK.sub("", p) for p in paragraphs]

    def found(text: str) -> int:
        lowered = text.lower()
        return sum(needle in lowered for needle in needles)

    ranked = sorted(paragraphs, key=found, reverse=True)
    for text in ranked[:2]:
        try:
            segments = marker.highlight_hit(hit, "content", text=text, top=1)
        except Exception:
            log.debug("highlight failed", exc_info=True)
            continue
        if segments and any(s.match for s in segments):
            return tuple(segments)
    return plain_snippet(article)


def needles(query: Query) -> frozenset[str]:
    """The stems and typed beginnings a snippet should show, to find them in paragraphs."""
    found = set()
    for name, text in query.iter_all_terms():
        if name in ("content", "prefix"):
            found.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return frozenset(found)


def plain_snippet(article: Article) -> tuple[Segment, ...]:
    first = LIST_MARK.sub("", article.takeaway or article.intro or article.body)
    return (Segment(clip(first, 160)),) if first else ()


def explain(results: SearchResults) -> list[str]:
    """How a search was understood, line by line, like PubMed's "search details"."""
    lines = ["Search details:"]
    if results.corrected:
        lines.append(f"Searched for: {results.corrected} (corrected from: {results.text})")
    for item in results.understood:
        searched = ", ".join(item.searched)
        lines.append(
            f"  {item.typed}: {_HOW.get(item.how, item.how)}{f': {searched}' if searched else ''}"
        )
    for name in results.filters:
        lines.append(f"  filter: {name}")
    lines.extend(f"  ranking: {note}" for note in results.ranking)
    return lines


_HOW = {
    "word": "the word and its forms",
    "family": "other forms of the word",
    "widened": "words it begins",
    "being typed": "the word being typed, or words it begins",
    "corrected": "corrected spelling",
    "near-stop": "in nearly every article: only ranks",
    "ignored": "ignored",
    "left out": "left out: a long search keeps its least common words",
    "not wanted": "not searched for (it came after not, except or instead of)",
    "missing": "in no article",
    "glossary": "glossary names",
    "topic": "topic",
    "synonym": "synonyms (synonyms.yaml)",
}


class _SegmentFormatter(Formatter):  # type: ignore[misc]  # Whoosh's classes are Any to mypy
    """Whoosh formatter that returns segments, so nothing is ever turned into markup."""

    def format(self, fragments: Sequence[Fragment], replace: bool = False) -> list[Segment]:
        if not fragments:
            return []
        fragment = fragments[0]
        text = fragment.text
        segments: list[Segment] = []
        if fragment.startchar > 0:
            segments.append(Segment("…"))
        index = fragment.startchar
        for token in sorted(fragment.matches, key=lambda t: t.startchar):
            if token.startchar is None or token.startchar < index:
                continue
            if token.startchar > index:
                segments.append(Segment(_flat(text[index : token.startchar])))
            segments.append(Segment(_flat(text[token.startchar : token.endchar]), match=True))
            index = token.endchar
        segments.append(Segment(_flat(text[index : fragment.endchar])))
        if fragment.endchar < len(text):
            segments.append(Segment("…"))
        return segments


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
