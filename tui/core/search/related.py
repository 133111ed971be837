"""Related articles, each with the reason it is related: the article's own links,
shared topics, and similar wording (Whoosh's key terms)."""

from __future__ import annotations

import heapq
import logging
import re

from whoosh import query as wq

from tui.core.article import Article
from tui.core.index import TEXT_ANALYZER, SearchIndex
from tui.core.library import Library
from tui.core.search.query import STOP_WORDS
from tui.core.search.results import Related

log = logging.getLogger(__name__)

LINKED, PER_TOPIC, SIMILAR = 3.0, 1.0, 1.5  # how much each reason counts


def related(library: Library, index: SearchIndex, article_id: str, limit: int = 5) -> list[Related]:
    """Articles worth reading next, each with the reason it is related."""
    article = library.get(article_id)
    if article is None:
        return []
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for linked in article.related:
        scores[linked] = scores.get(linked, 0) + LINKED
        reasons.setdefault(linked, []).append("suggested by the article")
    mine = set(article.topics)
    for topics, ids in library.topic_groups().items():
        shared = [t for t in topics if t in mine]
        if not shared:
            continue
        score, reason = PER_TOPIC * len(shared), "shares " + ", ".join(shared)
        for other in ids:
            if other != article.id:
                scores[other] = scores.get(other, 0) + score
                reasons.setdefault(other, []).append(reason)
    with index.lock:
        similar = _similar(index, article)
    for other_id, similarity, words in similar:
        scores[other_id] = scores.get(other_id, 0) + SIMILAR * similarity
        if other_id not in reasons and words:
            reasons[other_id] = ["also about " + ", ".join(words)]
    ranked = heapq.nsmallest(
        limit,
        ((-s, i) for i, s in scores.items() if i != article.id and i in reasons),
    )
    shown = [(library.listed(i), i, -s) for s, i in ranked]
    return [Related(found, "; ".join(reasons[i]), s) for found, i, s in shown if found is not None]


def _similar(index: SearchIndex, article: Article) -> list[tuple[str, float, list[str]]]:
    """Articles with similar wording, scored 0..1, with the shared key words."""
    text = " ".join([article.title, article.takeaway, article.body])
    try:
        searcher = index.searcher()
        keys = [k for k, _ in searcher.key_terms_from_text("content", text, numterms=8)]
        query = wq.Or([wq.Term("content", k) for k in keys])
        found = searcher.search(query, limit=10, mask=wq.Term("id", article.id), terms=True)
    except Exception:
        log.debug("similar articles failed", exc_info=True)
        return []
    top = max((h.score for h in found), default=0) or 1.0
    surface = _surface_words(text, keys)
    keys_shown = {k for k, w in surface.items() if len(w) > 3 and w not in STOP_WORDS}
    similar = []
    for hit in found:
        matched = [
            surface[_text(t)]
            for f, t in hit.matched_terms()
            if f == "content" and _text(t) in keys_shown
        ]
        similar.append((hit["id"], hit.score / top, matched[:3]))
    return similar


def _text(term: bytes | str) -> str:
    return term.decode() if isinstance(term, bytes) else term


def _surface_words(text: str, stems: list[str]) -> dict[str, str]:
    """Map each stem back to the first word in `text` that produced it."""
    table: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][\w-]+", text):
        for token in TEXT_ANALYZER(word):
            if token.text in stems and token.text not in table:
                table[token.text] = word.lower()
    return {s: table.get(s, s) for s in stems}
