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
from collections.abc import Collection, Iterable, Iterator, Sequence
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


#: Articles a part of a query is scored within (the keys of another part's scores).
Within = Collection[int]


class Scorer:
    """Scores a query word by word: each word's postings read once, scores combined.
    Stops reading words after `seconds` (`timed_out` then says so).

    What only filters is worked out first and the rest scored only where it can count:
    a Require's filter before its scored part, an And's rarest word before the others,
    an AndMaybe's second part only where its first matched. The scores are the same as
    scoring everything (each article's parts are added in the same order); the work is
    not: "MS attack treated with steroids" scores "MS", "relapse" and "treatment" (7-10
    thousand articles each at 10k) only in the 800 articles "steroids" finds.
    """

    def __init__(self, tables: Tables, seconds: float) -> None:
        self.tables = tables
        self.searcher = tables.searcher
        self.deadline = time.perf_counter() + seconds
        self.timed_out = False
        self._read: dict[wq.Query, dict[int, float]] = {}
        #: Leaves scored only within some articles: the last (those articles, the scores),
        #: and every article found so far (the same leaf can be read within several).
        self._part: dict[wq.Query, tuple[Within, dict[int, float]]] = {}
        self._seen: dict[wq.Query, dict[int, float]] = {}

    def scores(
        self, query: wq.Query, scored: bool = True, within: Within | None = None
    ) -> dict[int, float]:
        """Article number -> score for every article `query` matches (0 if not `scored`),
        of the articles `within` only when given."""
        if isinstance(query, wq.DisjunctionMax | wq.Or):
            parts = [self.scores(part, scored, within) for part in query.subqueries]
            if not parts:
                return {}
            combined = dict(parts[0])  # the first part as it is: one pass fewer
            if isinstance(query, wq.DisjunctionMax):
                for found in parts[1:]:
                    for docnum, score in found.items():
                        if score > combined.get(docnum, -1.0):
                            combined[docnum] = score
            else:
                for found in parts[1:]:
                    for docnum, score in found.items():
                        combined[docnum] = combined.get(docnum, 0.0) + score
            return combined
        if isinstance(query, wq.And):
            return self._and(query.subqueries, scored, within)
        if isinstance(query, wq.AndMaybe):
            found = self.scores(query.a, scored, within)
            extra = self.scores(query.b, within=found) if scored and found else {}
            return {docnum: score + extra.get(docnum, 0.0) for docnum, score in found.items()}
        if isinstance(query, wq.Require):  # the second part only filters: it comes first
            other = self.scores(query.b, False, within)
            return self.scores(query.a, scored, other) if other else {}
        if isinstance(query, wq.AndNot):
            found, other = self.scores(query.a, scored, within), self.scores(query.b, False)
            return {docnum: score for docnum, score in found.items() if docnum not in other}
        return self._leaf_within(query, scored, within)

    def _and(self, parts: list[wq.Query], scored: bool, within: Within | None) -> dict[int, float]:
        """Every part must match: the rarest word first, the others only where it is."""
        if not parts:
            return {}
        order = sorted(range(len(parts)), key=lambda i: self._estimate(parts[i]))
        found: dict[int, dict[int, float]] = {}
        for i in order:
            found[i] = within = self.scores(parts[i], scored, within)
            if not within:
                return {}
        both = found[order[-1]]  # within every part before it
        # Added in the query's order, as scoring every part everywhere would.
        return {docnum: sum(found[i][docnum] for i in range(len(parts))) for docnum in both}

    def _estimate(self, query: wq.Query) -> float:
        """How many articles a part may match (a word's count; others unknown, last)."""
        if isinstance(query, wq.Term):
            return float(self.tables.reader.doc_frequency(query.fieldname, query.text))
        return float("inf")

    def _leaf_within(
        self, query: wq.Query, scored: bool, within: Within | None
    ) -> dict[int, float]:
        if query in self._read:  # a word can be asked for twice
            return _only(self._read[query], within)
        part = self._part.get(query)
        if part is not None and within is not None and part[0] is within:
            return part[1]
        if time.perf_counter() > self.deadline:
            self.timed_out = True
            return {}
        if not scored:
            if isinstance(query, wq.Term):
                return dict.fromkeys(self._ids(query, within), 0.0)
            return _only(dict.fromkeys(self.searcher.docs_for_query(query), 0.0), within)
        found = self._leaf(query, within)
        if within is None:
            self._read[query] = found
        else:
            self._part[query] = (within, found)
            self._seen.setdefault(query, {}).update(found)
        return found

    def matches(self, query: wq.Query, docnum: int) -> bool:
        """Whether `query` matched `docnum`, from the postings `scores` has read (an
        article the search found: a part read within some articles was read within it)."""
        if isinstance(query, wq.Or | wq.DisjunctionMax):
            return any(self.matches(part, docnum) for part in query.subqueries)
        if isinstance(query, wq.And):
            return all(self.matches(part, docnum) for part in query.subqueries)
        if isinstance(query, wq.AndMaybe):
            return self.matches(query.a, docnum)
        if query in self._read:
            return docnum in self._read[query]
        return docnum in self._seen.get(query, ())

    def _leaf(self, query: wq.Query, within: Within | None) -> dict[int, float]:
        if isinstance(query, wq.Term) and self.searcher.schema[query.fieldname].scorable:
            return self._term(query, within)
        if isinstance(query, wq.Phrase):
            docnums = self._phrase(query, within)
            found = dict.fromkeys(docnums, 0.0)
            for word in query.words:
                for docnum, score in self._term(wq.Term(query.fieldname, word), found).items():
                    found[docnum] += score * query.boost
            return found
        found = {}
        context = self.searcher.context()
        for searcher, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(searcher, context)
            while matcher.is_active():
                found[matcher.id() + offset] = matcher.score()
                matcher.next()
        return _only(found, within)

    def _ids(self, term: wq.Term, within: Within | None) -> list[int]:
        """The articles holding a word (of those `within`), from its kept postings."""
        field, text = term.fieldname, term.text
        found: list[int] = []
        for segment, (reader, start) in enumerate(self.tables.segments):
            if (field, text) in reader:
                ids = self.tables.postings(segment, field, text)[0]
                found += (start + d for d in ids if within is None or start + d in within)
        return found

    def _phrase(self, phrase: wq.Phrase, within: Within | None) -> list[int]:
        """The articles where the words stand in order, each at most `slop` after the one
        before (Whoosh's phrase matching, done on sets of positions: several times faster).
        """
        field, words = phrase.fieldname, phrase.words
        steps = range(1, max(phrase.slop, 1) + 1)
        found = []
        for segment, (reader, start) in enumerate(self.tables.segments):
            if not words or any((field, word) not in reader for word in words):
                continue
            both = set(self.tables.postings(segment, field, words[0])[0])
            for word in words[1:]:
                both.intersection_update(self.tables.postings(segment, field, word)[0])
            if within is not None:
                both = {d for d in both if start + d in within}
            candidates = sorted(both)
            places = [_positions(reader, field, word, candidates) for word in words]
            for docnum in candidates:
                reached = set(places[0][docnum])
                for later in places[1:]:
                    reached = {p for p in later[docnum] if any(p - i in reached for i in steps)}
                if reached:
                    found.append(start + docnum)
        return found

    def _term(self, term: wq.Term, within: Within | None = None) -> dict[int, float]:
        """Whoosh's BM25F score of each posting of a word (in the articles `within`, when
        given), worked out here rather than by a scorer call per posting: half the time,
        and no read of the article's length from the index each time."""
        if within is not None and term in self._read:
            return _only(self._read[term], within)
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
            ids, weights = self.tables.postings(segment, field, text)
            if within is None:
                pairs: Iterable[tuple[int, float]] = zip(ids, weights, strict=True)
            elif len(within) * 8 < len(ids):  # a few articles: look each one up
                pairs = _look_up(ids, weights, start, within)
            else:
                pairs = ((d, w) for d, w in zip(ids, weights, strict=True) if start + d in within)
            found.update(
                (start + d, factor * w / (w + base + per_length * lengths[start + d]))
                for d, w in pairs
            )
        return found


def _only(scores: dict[int, float], within: Within | None) -> dict[int, float]:
    """`scores` of the articles `within` only (all of them without `within`)."""
    if within is None:
        return scores
    if len(within) < len(scores):
        return {d: scores[d] for d in within if d in scores}
    return {d: s for d, s in scores.items() if d in within}


def _look_up(
    ids: Sequence[int], weights: Sequence[float], start: int, within: Within
) -> Iterator[tuple[int, float]]:
    """(id, weight) of the articles `within` that are in one segment's postings."""
    end = start + (ids[-1] + 1 if ids else 0)
    for docnum in sorted(d for d in within if start <= d < end):
        i = bisect.bisect_left(ids, docnum - start)
        if i < len(ids) and ids[i] == docnum - start:
            yield ids[i], weights[i]


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
