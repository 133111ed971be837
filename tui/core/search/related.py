"""Related articles, each with the reason it is related: the article's own links,
shared topics, and similar wording (Whoosh's key terms)."""

from __future__ import annotations

import heapq
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from whoosh import query as wq

from tui.core.article import Article
from tui.core.index import TEXT_ANALYZER, SearchIndex
from tui.core.library import Library
from tui.core.search.query import STOP_WORDS
from tui.core.search.results import Related
from tui.core.search.scoring import Scorer
from tui.core.search.whoosh_adapter import Tables

if TYPE_CHECKING:  # Whoosh ships no types: this documents, mypy sees Any
    from whoosh.searching import Searcher

#: The searcher's tables (SearchEngine keeps one per searcher).
TablesOf = Callable[["Searcher"], Tables]

log = logging.getLogger(__name__)

LINKED, PER_TOPIC, SIMILAR = 3.0, 1.0, 1.5  # how much each reason counts
SIMILAR_SHOWN = 10  # articles of similar wording weighed
SIMILAR_SECONDS = 1.0  # at most, for them (a 10k library takes 15 ms)


def related(
    library: Library, index: SearchIndex, tables: TablesOf, article_id: str, limit: int = 5
) -> list[Related]:
    """Articles worth reading next, each with the reason it is related; `tables` gives
    the searcher's tables (called with the index locked)."""
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
        similar = _similar(index, tables, article)
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


def _similar(
    index: SearchIndex, tables: TablesOf, article: Article
) -> list[tuple[str, float, list[str]]]:
    """Articles with similar wording, scored 0..1, with the shared key words (most
    telling first).

    Scored word by word from the postings arrays (scoring.py, Whoosh's own BM25F), not
    by `searcher.search`, which scored the 660 articles sharing a key word at 10k a
    posting at a time (24 -> 15 ms a `myelin show`)."""
    text = " ".join([article.title, article.takeaway, article.body])
    try:
        searcher = index.searcher()
        keys = [k for k, _ in searcher.key_terms_from_text("content", text, numterms=8)]
        table = tables(searcher)
        scorer = Scorer(table, SIMILAR_SECONDS)
        per_key = [scorer.scores(wq.Term("content", key)) for key in keys]
    except Exception:
        log.debug("similar articles failed", exc_info=True)
        return []
    total: dict[int, float] = {}
    for found in per_key:
        for docnum, score in found.items():
            total[docnum] = total.get(docnum, 0.0) + score
    # The best first, equal ones in index order (as Whoosh ranks); one more than shown,
    # for the article itself.
    best = heapq.nsmallest(SIMILAR_SHOWN + 1, ((-score, d) for d, score in total.items()))
    hits = [(d, -score) for score, d in best if table.id_of(d) != article.id][:SIMILAR_SHOWN]
    top = max((score for _, score in hits), default=0) or 1.0
    surface = _surface_words(text, keys)
    words_shown = {w for w in surface.values() if len(w) > 3 and w not in STOP_WORDS}
    similar = []
    for docnum, score in hits:
        matched = [surface[k] for k, found in zip(keys, per_key, strict=True) if docnum in found]
        shown = [word for word in matched if word in words_shown]
        similar.append((table.id_of(docnum) or "", score / top, shown[:3]))
    return similar


def _surface_words(text: str, stems: list[str]) -> dict[str, str]:
    """Map each stem back to the first word in `text` that produced it."""
    table: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][\w-]+", text):
        for token in TEXT_ANALYZER(word):
            if token.text in stems and token.text not in table:
                table[token.text] = word.lower()
    return {s: table.get(s, s) for s in stems}
