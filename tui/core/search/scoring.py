"""Scored documents: BM25F over Whoosh's matchers, word by word, under a time limit.

Whoosh's own `searcher.search` walks the postings of all the words of a query together,
several Python calls per article per word, and raised AssertionError in its intersection
matcher on some of the query trees built here. So each word's postings are read once
(`Tables.postings`) and the scores combined here: an Or adds, a DisjunctionMax (a synonym
group) takes its best variant, an And needs every part, AndMaybe adds its second part
where the first matched, Require and AndNot filter. The scores are Whoosh's own BM25F (a
phrase scores the sum of its words): tests compare them with `searcher.search`.
"""

from __future__ import annotations

import bisect
import heapq
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh import query as wq

from tui.core.search.whoosh_adapter import Tables

if TYPE_CHECKING:  # Whoosh ships no types: this documents, mypy sees Any
    from whoosh.reading import IndexReader


@dataclass(frozen=True, slots=True)
class Matches:
    """Every article a search matched, with the tables of the searcher that found them."""

    tables: Tables
    docnums: Collection[int]


class Scorer:
    """Scores a query word by word: each word's postings read once, scores combined.
    Stops reading words after `seconds` (`timed_out` then says so)."""

    def __init__(self, tables: Tables, seconds: float) -> None:
        self.tables = tables
        self.searcher = tables.searcher
        self.deadline = time.perf_counter() + seconds
        self.timed_out = False
        self._read: dict[wq.Query, dict[int, float]] = {}

    def scores(self, query: wq.Query, scored: bool = True) -> dict[int, float]:
        """Article number -> score for every article `query` matches (0 if not `scored`)."""
        if isinstance(query, wq.DisjunctionMax):
            best: dict[int, float] = {}
            for part in query.subqueries:
                for docnum, score in self.scores(part, scored).items():
                    if score > best.get(docnum, -1.0):
                        best[docnum] = score
            return best
        if isinstance(query, wq.Or):
            total: dict[int, float] = {}
            for part in query.subqueries:
                for docnum, score in self.scores(part, scored).items():
                    total[docnum] = total.get(docnum, 0.0) + score
            return total
        if isinstance(query, wq.And):
            parts = [self.scores(part, scored) for part in query.subqueries]
            both = set(parts[0]).intersection(*parts[1:]) if parts else set()
            return {docnum: sum(part[docnum] for part in parts) for docnum in both}
        if isinstance(query, wq.AndMaybe):
            found = self.scores(query.a, scored)
            extra = self.scores(query.b) if scored else {}
            return {docnum: score + extra.get(docnum, 0.0) for docnum, score in found.items()}
        if isinstance(query, wq.Require | wq.AndNot):  # the second part only filters
            found, other = self.scores(query.a, scored), self.scores(query.b, scored=False)
            keep = isinstance(query, wq.Require)
            return {docnum: score for docnum, score in found.items() if (docnum in other) == keep}
        if query in self._read:  # a word can be asked for twice
            return self._read[query]
        if time.perf_counter() > self.deadline:
            self.timed_out = True
            return {}
        if not scored:
            return dict.fromkeys(self.searcher.docs_for_query(query), 0.0)
        self._read[query] = self._leaf(query)
        return self._read[query]

    def matches(self, query: wq.Query, docnum: int) -> bool:
        """Whether `query` matched `docnum`, from the postings `scores` has read."""
        if isinstance(query, wq.Or | wq.DisjunctionMax):
            return any(self.matches(part, docnum) for part in query.subqueries)
        if isinstance(query, wq.And):
            return all(self.matches(part, docnum) for part in query.subqueries)
        if isinstance(query, wq.AndMaybe):
            return self.matches(query.a, docnum)
        return docnum in self._read.get(query, ())

    def _leaf(self, query: wq.Query) -> dict[int, float]:
        if isinstance(query, wq.Term) and self.searcher.schema[query.fieldname].scorable:
            return self._term(query)
        if isinstance(query, wq.Phrase):
            docnums = self._phrase(query)
            found = dict.fromkeys(docnums, 0.0)
            for word in query.words:
                for docnum, score in self._term(wq.Term(query.fieldname, word), docnums).items():
                    found[docnum] += score * query.boost
            return found
        found = {}
        context = self.searcher.context()
        for searcher, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(searcher, context)
            while matcher.is_active():
                found[matcher.id() + offset] = matcher.score()
                matcher.next()
        return found

    def _phrase(self, phrase: wq.Phrase) -> list[int]:
        """The articles where the words stand in order, each at most `slop` after the one
        before (Whoosh's phrase matching, done on sets of positions: several times faster).
        """
        field, words = phrase.fieldname, phrase.words
        steps = range(1, max(phrase.slop, 1) + 1)
        found = []
        for reader, start in self.tables.segments:
            if not words or any((field, word) not in reader for word in words):
                continue
            both = set(reader.postings(field, words[0]).all_ids())
            for word in words[1:]:
                both.intersection_update(reader.postings(field, word).all_ids())
            candidates = sorted(both)
            places = [_positions(reader, field, word, candidates) for word in words]
            for docnum in candidates:
                reached = set(places[0][docnum])
                for later in places[1:]:
                    reached = {p for p in later[docnum] if any(p - i in reached for i in steps)}
                if reached:
                    found.append(start + docnum)
        return found

    def _term(self, term: wq.Term, only: list[int] | None = None) -> dict[int, float]:
        """Whoosh's BM25F score of each posting of a word (of `only` these articles, in
        order), worked out here rather than by a scorer call per posting: half the time,
        and no read of the article's length from the index each time."""
        if only is not None and term in self._read:
            scores = self._read[term]
            return {docnum: scores[docnum] for docnum in only if docnum in scores}
        field, text = term.fieldname, term.text
        if (field, text) not in self.tables.reader:
            return {}
        bm25 = self.searcher.weighting.scorer(self.searcher, field, text)
        factor = term.boost * bm25.idf * (bm25.K1 + 1)
        base, per_length = bm25.K1 * (1 - bm25.B), bm25.K1 * bm25.B / bm25.avgfl
        lengths = self.tables.lengths(field)
        found: dict[int, float] = {}
        for segment, (reader, start) in enumerate(self.tables.segments):
            if (field, text) not in reader:
                continue
            if only is None:
                ids, weights = self.tables.postings(segment, field, text)
                found.update(
                    (start + d, factor * w / (w + base + per_length * lengths[start + d]))
                    for d, w in zip(ids, weights, strict=True)
                )
                continue
            postings = reader.postings(field, text)
            end = start + reader.doc_count_all()
            for docnum in only[bisect.bisect_left(only, start) : bisect.bisect_left(only, end)]:
                if postings.is_active():
                    postings.skip_to(docnum - start)
                if postings.is_active() and postings.id() == docnum - start:
                    weight = postings.weight()
                    found[docnum] = factor * weight / (weight + base + per_length * lengths[docnum])
        return found


def coordinated(
    scores: dict[int, float], concepts: list[wq.Query], scorer: Scorer, best: int
) -> dict[int, float]:
    """The `best` matches with each score scaled by the share of the concepts the article
    matched, so "does vitamin D reduce relapses?" puts an article about vitamin D and
    relapses before one that says "relapse" often. Only the best are looked at: scaling
    only lowers a score, and the first page comes from the top."""
    top = heapq.nlargest(best, scores.items(), key=lambda item: (item[1], -item[0]))
    scaled = {}
    for docnum, score in top:
        matched = sum(scorer.matches(concept, docnum) for concept in concepts)
        scaled[docnum] = score * matched / len(concepts)
    return {**scores, **scaled} if len(top) < len(scores) else scaled


def _positions(
    reader: IndexReader, field: str, word: str, docnums: list[int]
) -> dict[int, list[int]]:
    """Where `word` stands in each of `docnums` (every one of which holds it)."""
    postings = reader.postings(field, word)
    places = {}
    for docnum in docnums:
        postings.skip_to(docnum)
        places[docnum] = postings.value_as("positions")
    return places
