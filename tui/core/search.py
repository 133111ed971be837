"""Search and related articles over an open index.

Questions and keyword searches go through one path: parse (query.py), expand
synonyms from the glossary and topic aliases, build Whoosh query objects
directly (Whoosh's own parser is never given user text), score them word by
word under a time limit (`_Scorer`), then add snippets, topic facets and a
"did you mean" suggestion.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import logging
import re
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, Formatter, Highlighter
from whoosh.searching import Results

from tui.core.article import Article
from tui.core.index import PREFIX_MAX, PREFIX_MIN, TEXT_ANALYZER, SearchIndex
from tui.core.library import Library
from tui.core.query import SORTS, STOP_WORDS, ParsedQuery, parse_query, words_of

log = logging.getLogger(__name__)

#: A word in at least this share of the articles, and in at least `COMMON_MIN` of them,
#: is common: it adds to the score of the articles rarer words find (see `_build`).
#: Below a few thousand articles every word is scored alike: that is cheap there.
COMMON_SHARE, COMMON_MIN = 0.3, 1000
POSTINGS_KEPT = 1_000_000  # decoded postings kept between searches: 12 MB
COORDINATED = 200  # how many of the best matches `_coordinated` looks at
SNIPPETS = 12  # snippets cost a re-read of the text: only for the rows a screen shows
TIME_LIMIT = 0.5


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a snippet; `match` marks the words that matched the search."""

    text: str
    match: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    article: Article
    score: float
    snippet: tuple[Segment, ...] = ()


@dataclass
class SearchResults:
    text: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, int] = field(default_factory=dict)
    suggestion: str | None = None
    messages: list[str] = field(default_factory=list)
    terms: tuple[str, ...] = ()  # the words to highlight in an article opened from here
    counted: bool = False  # the facets are filled in by `add_facets`
    query: object = field(default=None, repr=False, compare=False)
    matched: object = field(default=None, repr=False, compare=False)  # for `add_facets`


@dataclass(frozen=True, slots=True)
class _Concept:
    """One thing asked about: a word, or a name with its synonyms."""

    query: wq.Query  # in the text
    title: wq.Query  # in titles: how a common concept finds articles
    common: bool
    words: tuple[str, ...]  # as typed


class _Commonness:
    """Which words are common: in at least `COMMON_SHARE` of the articles (and `COMMON_MIN`)."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.least = max(COMMON_SHARE * reader.doc_count(), COMMON_MIN)

    def any(self, *phrases: tuple[str, ...]) -> bool:
        """Whether any of these stems or phrases may be in that many (a phrase: all its words)."""
        frequency = self.reader.doc_frequency
        return any(min(frequency("content", s) for s in p) >= self.least for p in phrases if p)

    def prefix(self, word: str) -> bool:
        if len(word) < PREFIX_MIN:
            return False
        return self.reader.doc_frequency("prefix", word[:PREFIX_MAX]) >= self.least


class _Tables:
    """What scoring, counting and sorting look up per article number, built once per
    searcher (a new searcher means the index changed)."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        # Each segment's own reader with its first article number: read directly, a
        # segment's postings skip a layer of Python calls per posting.
        self.segments = [(leaf.reader(), start) for leaf, start in searcher.leaf_searchers()]
        self._lengths: dict[str, list[int]] = {}
        self._postings: OrderedDict[tuple, tuple[array, array]] = OrderedDict()
        self._postings_held = 0

    def postings(self, segment: int, field: str, text: str) -> tuple[array, array]:
        """A word's article numbers and weights in one segment, decoded once and kept for
        the next searches (`POSTINGS_KEPT` at most, the least recently used go first):
        typing "vitamin d rel" reads "vitamin" and "d" again at every key, and decoding
        is the larger part of scoring a common word."""
        key = (segment, field, text)
        kept = self._postings.get(key)
        if kept is not None:
            self._postings.move_to_end(key)
            return kept
        ids, weights = array("l"), array("f")  # Whoosh keeps weights as 32-bit floats too
        for block_ids, block_weights in _blocks(self.segments[segment][0].postings(field, text)):
            _extend(ids, block_ids)
            _extend(weights, block_weights)
        self._postings[key] = (ids, weights)
        self._postings_held += len(ids)
        while self._postings_held > POSTINGS_KEPT and len(self._postings) > 1:
            _, (old, _) = self._postings.popitem(last=False)
            self._postings_held -= len(old)
        return ids, weights

    def forget_postings(self) -> None:
        self._postings.clear()
        self._postings_held = 0

    def lengths(self, field: str) -> list[int]:
        """Length of `field` in each article, as BM25 sees it."""
        if field not in self._lengths:
            length, count = self.reader.doc_field_length, self.reader.doc_count_all()
            self._lengths[field] = [length(docnum, field, 1) for docnum in range(count)]
        return self._lengths[field]

    @cached_property
    def topics(self) -> dict[int, list[str]]:
        table: dict[int, list[str]] = {}
        for raw in self.reader.lexicon("topics"):
            topic = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            for docnum in self.reader.postings("topics", raw).all_ids():
                table.setdefault(docnum, []).append(topic)
        return table

    @cached_property
    def ids(self) -> dict[int, str]:
        return {docnum: fields["id"] for docnum, fields in self.reader.iter_docs()}


@dataclass(frozen=True, slots=True)
class _Matches:
    """Every article a search matched, with the tables of the searcher that found them."""

    tables: _Tables
    docnums: Collection[int]


class _Scorer:
    """Scores a query word by word: each word's postings read once, scores added up.

    Whoosh's matchers walk the postings of all the words of a query together, with
    several Python calls per article per word; for the Or of many words of a question
    that cost two to three times more. The result holds every match, so the total and
    the topic counts come from the same pass. Stops reading words after `seconds`.
    Scores are Whoosh's own (BM25F; a phrase scores the sum of its words).
    """

    def __init__(self, tables: _Tables, seconds: float) -> None:
        self.tables = tables
        self.searcher = tables.searcher
        self.deadline = time.perf_counter() + seconds
        self.timed_out = False
        self._read: dict[wq.Query, dict[int, float]] = {}

    def scores(self, query: wq.Query, scored: bool = True) -> dict[int, float]:
        """Article number -> score for every article `query` matches (0 if not `scored`)."""
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
        if query in self._read:  # a word can be asked for twice (see `_build`)
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
        if isinstance(query, wq.Or):
            return any(self.matches(part, docnum) for part in query.subqueries)
        if isinstance(query, wq.And):
            return all(self.matches(part, docnum) for part in query.subqueries)
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


def _coordinated(
    scores: dict[int, float], concepts: list[wq.Query], scorer: _Scorer, best: int
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


def _extend(target: array, values) -> None:
    """Append a block's values, whatever sequence or array type Whoosh gave them in."""
    if isinstance(values, array) and values.typecode != target.typecode:
        values = values.tolist()
    target.extend(values)


def _blocks(postings):
    """The postings' article numbers and weights a block at a time (a block holds up to
    128): a posting at a time costs three Python calls each, a third of the scoring time.
    Reads the block arrays of whoosh-reloaded 2.7.5's posting reader (the version is
    pinned); a segment with deleted articles wraps it in a filter, read a posting at a time."""
    if not all(hasattr(postings, name) for name in ("_read_ids", "_read_weights", "_next_block")):
        while postings.is_active():
            yield (postings.id(),), (postings.weight(),)
            postings.next()
        return
    while postings.is_active():
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        offset = postings._i  # 0 unless something already stepped into the block
        yield postings._ids[offset:], postings._weights[offset:]
        postings._next_block()


def _positions(reader, field: str, word: str, docnums: list[int]) -> dict[int, list[int]]:
    """Where `word` stands in each of `docnums` (every one of which holds it)."""
    postings = reader.postings(field, word)
    places = {}
    for docnum in docnums:
        postings.skip_to(docnum)
        places[docnum] = postings.value_as("positions")
    return places


@dataclass(frozen=True, slots=True)
class Related:
    article: Article
    reason: str
    score: float


class SynonymTable:
    """Groups of names that mean the same thing, from glossary terms and topic aliases."""

    def __init__(self, library: Library) -> None:
        groups = [t.names for t in library.glossary.terms]
        groups += [(t.name, *t.aliases) for t in library.topics.topics if t.aliases]
        self._groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for names in groups:
            variants = list(dict.fromkeys(tuple(words_of(n)) for n in names if words_of(n)))
            for variant in variants:
                self._groups.setdefault(variant, [])
                for other in variants:
                    if other not in self._groups[variant]:
                        self._groups[variant].append(other)
        self.longest = max((len(k) for k in self._groups), default=0)

    def match(self, words: list[str], start: int) -> tuple[int, list[tuple[str, ...]]]:
        """The longest name starting at `words[start]`: (its length, every variant)."""
        for size in range(min(self.longest, len(words) - start), 0, -1):
            key = tuple(words[start : start + size])
            if key in self._groups:
                return size, self._groups[key]
        return 0, []


class SearchEngine:
    def __init__(self, library: Library, index: SearchIndex) -> None:
        self.library = library
        self.index = index
        self.synonyms = SynonymTable(library)
        self._tables: _Tables | None = None

    # -- search ---------------------------------------------------------------------------

    def search(
        self,
        text: str,
        topic: str | None = None,
        sort: str = "relevance",
        limit: int | None = 20,
        as_you_type: bool = False,
        facets: bool = True,
        snippets: int = SNIPPETS,
    ) -> SearchResults:
        """Search the library; any input gives results or a message, never an exception.

        With `facets=False` only the first page is ranked (fast, for each keystroke);
        `add_facets` then counts every match and its topics.
        """
        parsed = parse_query(text, as_you_type=as_you_type)
        results = SearchResults(text=text, messages=list(parsed.messages))
        if topic:
            parsed = ParsedQuery(**{**parsed.__dict__, "topics": (*parsed.topics, topic)})
        if not parsed.has_terms and not parsed.has_filters:
            if text.strip() and not parsed.excluded:
                results.messages.append("Type a few words about what you want to read.")
            return results
        order = sort if sort in SORTS else "relevance"
        for attempt in (1, 2):
            try:
                with self.index.lock:
                    self._run(parsed, order, limit, snippets, results)
                    if facets:
                        self._count(results)
                break
            except Exception:  # the last line of defence: a message, not a traceback
                log.warning("search failed for %r", text, exc_info=True)
                results.hits, results.total = [], 0
                # The index may have been rebuilt by another process: reopen and try again.
                if attempt == 2 or not self.index.reopen():
                    results.messages.append(
                        "That search could not be run; try fewer or simpler words."
                    )
                    break
        return results

    def add_facets(self, results: SearchResults) -> None:
        """Count every match and the topics among them (the second step, for the screen)."""
        if results.query is None or results.counted:
            return
        try:
            with self.index.lock:
                self._count(results)
        except Exception:
            log.warning("counting failed for %r", results.text, exc_info=True)

    def _count(self, results: SearchResults) -> None:
        """Total and topics from the matches the ranking found (found again if the index
        changed since)."""
        if results.query is None:
            return
        tables = self._tables_for(self.index.searcher())
        held = results.matched
        if isinstance(held, _Matches) and held.tables is tables:
            matched = held.docnums
        else:
            matched = _Scorer(tables, TIME_LIMIT).scores(results.query).keys()
        topics_of = tables.topics
        counts = Counter(topic for docnum in matched for topic in topics_of.get(docnum, ()))
        results.total = len(matched)
        results.facets = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        results.counted = True

    def forget_postings(self) -> None:
        """Drop the postings kept from earlier searches (the benchmarks time searches cold)."""
        with self.index.lock:
            if self._tables is not None:
                self._tables.forget_postings()

    def _tables_for(self, searcher) -> _Tables:
        if self._tables is None or self._tables.searcher is not searcher:
            self._tables = _Tables(searcher)
        return self._tables

    def _run(
        self,
        parsed: ParsedQuery,
        sort: str,
        limit: int | None,
        snippets: int,
        results: SearchResults,
    ) -> None:
        searcher = self.index.searcher()
        tables = self._tables_for(searcher)
        query, terms, concepts = self._build(parsed, searcher.reader())
        filters = self._filters(parsed)
        if filters is not None:
            query = filters if isinstance(query, wq.Every) else wq.And([query, filters])
        results.query = query
        scorer = _Scorer(tables, TIME_LIMIT)
        scores = scorer.scores(query)
        if sort == "relevance" and len(concepts) > 1:
            best = len(scores) if limit is None else max(COORDINATED, limit)
            scores = _coordinated(scores, concepts, scorer, best)
        if scorer.timed_out:
            results.messages.append("The search took too long; showing what was found so far.")
        results.matched = _Matches(tables, scores.keys())
        results.total = len(scores)  # `counted` once the topics are counted too
        results.terms = terms
        shown = query
        if parsed.partial and len(parsed.partial) >= 3:  # mark the words it begins too
            shown = wq.Or([query, wq.Prefix("content", parsed.partial.lower())])
        found = _Found(searcher, shown, self._rank(scores, sort, parsed, limit, tables))
        highlighter = Highlighter(
            fragmenter=ContextFragmenter(maxchars=160, surround=50), formatter=_SegmentFormatter()
        )
        needles = _needles(query)
        for rank, hit in enumerate(found):
            article = self.library.get(hit["id"])
            if article is None:
                continue  # the index is a little behind the files
            snippet = (
                self._snippet(highlighter, hit, article, needles)
                if rank < snippets
                else _plain_snippet(article)
            )
            results.hits.append(Hit(article, float(hit.score), snippet))
        # Also when other words found plenty: "smouldring MS" lists every MS article.
        reader = searcher.reader()
        unknown = [w for w in parsed.words if w != parsed.partial and not _in_text(reader, w)]
        if parsed.words and (len(results.hits) < 3 or any(len(w) >= 4 for w in unknown)):
            results.suggestion = self._suggest(parsed, results.text, bool(results.hits))

    def _rank(
        self,
        scores: dict[int, float],
        sort: str,
        parsed: ParsedQuery,
        limit: int | None,
        tables: _Tables,
    ) -> list[tuple[float, int]]:
        """The best `limit` matches as (score, article number): by score, or newest or most
        credible first (then by score); equal ones in index order."""
        if sort == "relevance" and parsed.has_terms:

            def key(item: tuple[int, float]) -> tuple:
                return (item[1], -item[0])
        else:
            ids = tables.ids

            def key(item: tuple[int, float]) -> tuple:
                article = self.library.get(ids.get(item[0], ""))
                if article is None:
                    value: object = (0, date.min)
                elif sort == "credibility":
                    value = (1, article.credibility or 0)
                else:
                    value = (1, article.date)
                return (value, item[1], -item[0])

        if limit is None:
            best = sorted(scores.items(), key=key, reverse=True)
        else:
            best = heapq.nlargest(limit, scores.items(), key=key)
        return [(score, docnum) for docnum, score in best]

    def _build(
        self, parsed: ParsedQuery, reader
    ) -> tuple[wq.Query, tuple[str, ...], list[wq.Query]]:
        """Turn the parsed words into Whoosh queries; returns the query, the words to
        highlight and each concept's own query (for `_coordinated`).

        A word in most articles (common, see `COMMON_SHARE`) tells little and costs much.
        When rarer words are typed too, a common word only adds to the score of the
        articles they find, and finds articles itself only by their titles. When every
        word is common, every article holding one matches.
        """
        common = _Commonness(reader)
        concepts, shown = self._concepts(parsed, common)
        rare = [c for c in concepts if not c.common]
        scoring = [c.query for c in concepts]
        # Words typed next to each other score more when they stand together in the text:
        # for short queries, and for rarer words of different concepts (a name's words are
        # already a phrase; each pair is a phrase query, costly for common words).
        if len(parsed.words) <= 4:
            for before, after in itertools.pairwise(concepts):
                typed = (before.words[-1], after.words[0])
                pair = tuple(_stems(typed))
                rare_pair = len(pair) == 2 and not common.any(pair[:1], pair[1:])
                if parsed.partial not in typed and rare_pair:
                    scoring.append(_stem_query(pair, slop=2))
        required = [q for q in (_phrase_query(p) for p in parsed.phrases) if q is not wq.NullQuery]
        shown += [" ".join(p) for p in parsed.phrases]
        titles = [c.title for c in concepts if c.common and c.title is not wq.NullQuery]
        if required and scoring:
            query: wq.Query = wq.AndMaybe(wq.And(required), wq.Or(scoring))
        elif required:
            query = wq.And(required)
        elif not scoring:
            query = wq.Every() if parsed.has_filters and not parsed.has_terms else wq.NullQuery
        elif rare and len(rare) < len(concepts):
            query = wq.Require(wq.Or(scoring), wq.Or([c.query for c in rare] + titles))
        else:
            query = wq.Or(scoring)
        excluded = [q for q in (_phrase_query(e) for e in parsed.excluded) if q is not wq.NullQuery]
        if excluded:
            query = wq.AndNot(query, wq.Or(excluded))
        return query, tuple(dict.fromkeys(shown)), [c.query for c in concepts]

    def _concepts(
        self, parsed: ParsedQuery, common: _Commonness
    ) -> tuple[list[_Concept], list[str]]:
        """The words as concepts (a word, or a name with its synonyms), and words to highlight."""
        concepts: list[_Concept] = []
        shown: list[str] = []
        words = list(parsed.words)
        position = 0
        while position < len(words):
            size, variants = self.synonyms.match(words, position)
            typed = tuple(words[position : position + (size or 1)])
            position += size or 1
            if size:
                shown += [" ".join(v) for v in variants]
                stems = _variant_stems(variants)
                if not stems:
                    continue
                query = wq.Or([_stem_query(s) for s in stems])
                title = wq.Or([_title_query(s) for s in stems])
                frequent = common.any(*stems)
            else:
                shown.append(typed[0])
                stems = tuple(_stems(typed))
                if typed[0] == parsed.partial:  # still being typed: not a title shortlist
                    query, title = _prefix_query(typed[0]), wq.NullQuery
                    frequent = common.prefix(typed[0]) or bool(stems and common.any(stems))
                elif stems:
                    query, title = _stem_query(stems), _title_query(stems)
                    frequent = common.any(stems)
                else:
                    continue
            if query is not wq.NullQuery:  # a one-letter word being typed
                concepts.append(_Concept(query, title, frequent, typed))
        return concepts, shown

    def _filters(self, parsed: ParsedQuery) -> wq.Query | None:
        parts: list[wq.Query] = []
        for topic in parsed.topics:
            parts.append(wq.Term("topics", self.library.topics.canonical(topic)))
        if parsed.kind:
            parts.append(wq.Term("kind", parsed.kind))
        if parsed.years:
            parts.append(wq.NumericRange("year", *parsed.years))
        if parsed.credibility:
            parts.append(wq.NumericRange("credibility", *parsed.credibility))
        return wq.And(parts) if parts else None

    def _snippet(
        self, highlighter: Highlighter, hit, article: Article, needles: frozenset[str]
    ) -> tuple[Segment, ...]:
        """The best passage with the matched words marked: body first, then the panels.

        Whoosh analyses every word of the text it highlights; only the paragraph holding
        most of the searched stems is given to it (a tenth of the text, a tenth of the time).
        """
        paragraphs = [p for p in article.intro.split("\n\n") if p.strip()]
        for section in article.sections:
            paragraphs += [p for p in section.text.split("\n\n") if p.strip()]
        paragraphs += [t for t in (article.takeaway, article.considerations) if t]

        def found(text: str) -> int:
            lowered = text.lower()
            return sum(needle in lowered for needle in needles)

        ranked = sorted(paragraphs, key=found, reverse=True)
        for text in ranked[:2]:
            try:
                segments = highlighter.highlight_hit(hit, "content", text=text, top=1)
            except Exception:
                log.debug("highlight failed", exc_info=True)
                continue
            if segments and any(s.match for s in segments):
                return tuple(segments)
        return _plain_snippet(article)

    def _suggest(self, parsed: ParsedQuery, text: str, found_some: bool) -> str | None:
        """Swap each unknown word for the most common close spelling in the library."""
        searcher = self.index.searcher()
        reader = searcher.reader()
        corrector = searcher.corrector("spell")
        changed = text
        for word in parsed.words:
            if found_some and word == parsed.partial:
                continue  # still being typed, and already finding articles
            if len(word) < 4 or reader.doc_frequency("spell", word):
                continue
            if found_some and _in_text(reader, word):
                continue  # a real word of the library, only not in a title or takeaway
            # Misspellings rarely change the first letter; keeping it reads a tenth
            # of the word list.
            options = corrector.suggest(word, limit=8, maxdist=2, prefix=1)
            if not options:
                continue
            best = max(
                options, key=lambda s: (reader.doc_frequency("spell", s), -abs(len(s) - len(word)))
            )
            changed = re.sub(rf"(?i)\b{re.escape(word)}\b", best, changed, count=1)
        return changed.strip() if changed != text else None

    # -- related articles -------------------------------------------------------------------

    def related(self, article_id: str, limit: int = 5) -> list[Related]:
        """Articles worth reading next, each with the reason it is related."""
        article = self.library.get(article_id)
        if article is None:
            return []
        scores: dict[str, float] = {}
        reasons: dict[str, list[str]] = {}
        for other in article.related:
            scores[other] = scores.get(other, 0) + 3.0
            reasons.setdefault(other, []).append("suggested by the article")
        mine = set(article.topics)
        for other in self.library.articles.values():
            shared = [t for t in other.topics if t in mine]
            if other.id != article.id and shared:
                scores[other.id] = scores.get(other.id, 0) + len(shared)
                reasons.setdefault(other.id, []).append("shares " + ", ".join(shared))
        with self.index.lock:
            similar = self._similar(article)
        for other_id, similarity, words in similar:
            scores[other_id] = scores.get(other_id, 0) + 1.5 * similarity
            if other_id not in reasons and words:
                reasons[other_id] = ["also about " + ", ".join(words)]
        ranked = sorted((s, i) for i, s in scores.items() if i != article.id and i in reasons)
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        return [
            Related(self.library.articles[i], "; ".join(reasons[i]), s)
            for s, i in ranked[:limit]
            if i in self.library.articles
        ]

    def _similar(self, article: Article) -> list[tuple[str, float, list[str]]]:
        """Articles with similar wording, scored 0..1, with the shared key words."""
        text = " ".join([article.title, article.takeaway, article.body])
        try:
            searcher = self.index.searcher()
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
                surface[t.decode() if isinstance(t, bytes) else t]
                for f, t in hit.matched_terms()
                if f == "content" and (t.decode() if isinstance(t, bytes) else t) in keys_shown
            ]
            similar.append((hit["id"], hit.score / top, matched[:3]))
        return similar


class _Found(Results):
    """Results whose searched words are looked up once: Whoosh's highlighter asks again
    for every hit it marks, and a half-typed word's expansion costs a walk of the words."""

    def query_terms(self, expand=False, fieldname=None):
        key = (expand, fieldname)
        cache = self.__dict__.setdefault("_query_terms", {})
        if key not in cache:
            cache[key] = set(super().query_terms(expand=expand, fieldname=fieldname))
        return cache[key]


class _SegmentFormatter(Formatter):
    """Whoosh formatter that returns segments, so nothing is ever turned into markup."""

    def format(self, fragments, replace=False):
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


def _in_text(reader, word: str) -> bool:
    """Whether the library's text has this word (in any form)."""
    stems = _stems((word,))
    return bool(stems) and all(reader.doc_frequency("content", s) for s in stems)


def _stems(words: tuple[str, ...]) -> list[str]:
    return [t.text for w in words for t in TEXT_ANALYZER(w)]


def _phrase_query(words: tuple[str, ...], slop: int = 1) -> wq.Query:
    """A word or phrase in `content`, where title and takeaway words weigh more."""
    return _stem_query(tuple(_stems(words)), slop)


def _stem_query(stems: tuple[str, ...], slop: int = 1) -> wq.Query:
    if not stems:
        return wq.NullQuery
    if len(stems) == 1:
        return wq.Term("content", stems[0])
    if any(len(s) == 1 for s in stems):
        # "vitamin D", "B cell": a one-letter word is in few places but at positions that
        # are costly to compare for thousands of articles; both words present is enough.
        return wq.And([wq.Term("content", s) for s in stems])
    return wq.Phrase("content", list(stems), slop=slop)


def _title_query(stems: tuple[str, ...]) -> wq.Query:
    """The words in a title, in any order (titles are short, and indexed without positions)."""
    return (
        wq.And([wq.Term("title", s) for s in stems])
        if len(stems) > 1
        else wq.Term("title", stems[0])
    )


def _variant_stems(variants: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each variant's stems once ("relapse", "relapses"), without the variants that hold
    another: "MS fatigue" finds nothing "fatigue" does not, and phrases cost much more."""
    stems = [s for s in dict.fromkeys(tuple(_stems(v)) for v in variants) if s]
    return [s for s in stems if not any(o != s and _holds(s, o) for o in stems)]


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def _prefix_query(word: str) -> wq.Query:
    """The word being typed: the whole word, or the start of a word in a title or takeaway."""
    whole = _phrase_query((word,))
    if len(word) < PREFIX_MIN:
        return whole
    start = wq.Term("prefix", word[:PREFIX_MAX], boost=2.0)
    return start if whole is wq.NullQuery else wq.Or([whole, start])


def _surface_words(text: str, stems: list[str]) -> dict[str, str]:
    """Map each stem back to the first word in `text` that produced it."""
    table: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][\w-]+", text):
        for token in TEXT_ANALYZER(word):
            if token.text in stems and token.text not in table:
                table[token.text] = word.lower()
    return {s: table.get(s, s) for s in stems}


def _needles(query: wq.Query) -> frozenset[str]:
    """The stems and typed beginnings a snippet should show, to find them in paragraphs."""
    found = set()
    for name, text in query.iter_all_terms():
        if name in ("content", "prefix"):
            found.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return frozenset(found)


def _plain_snippet(article: Article) -> tuple[Segment, ...]:
    first = article.takeaway or article.intro or article.body
    return (Segment(_clip(first, 160)),) if first else ()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
