"""Search and related articles over an open index.

Questions and keyword searches go through one path: parse (query.py), expand
synonyms from the glossary and topic aliases, build Whoosh query objects
directly (Whoosh's own parser is never given user text), run under a time
limit, then add snippets, topic facets and a "did you mean" suggestion.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.highlight import ContextFragmenter, Formatter, Highlighter
from whoosh.searching import TimeLimit
from whoosh.sorting import FieldFacet, ScoreFacet

from tui.core.article import Article
from tui.core.index import PREFIX_MAX, PREFIX_MIN, TEXT_ANALYZER, SearchIndex
from tui.core.library import Library
from tui.core.query import SORTS, STOP_WORDS, ParsedQuery, parse_query, words_of

log = logging.getLogger(__name__)

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
    counted: bool = False  # total and facets are filled in by `add_facets`
    query: object = field(default=None, repr=False, compare=False)


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
        """Count every match and the topics among them (the slower, second step)."""
        if results.query is None or results.counted:
            return
        try:
            with self.index.lock:
                self._count(results)
        except Exception:
            log.warning("counting failed for %r", results.text, exc_info=True)

    def _count(self, results: SearchResults) -> None:
        if results.query is None:
            return
        searcher = self.index.searcher()
        matched = set(searcher.docs_for_query(results.query))
        topics_of = self._topics_by_doc(searcher)
        counts: dict[str, int] = {}
        for docnum in matched:
            for topic in topics_of.get(docnum, ()):
                counts[topic] = counts.get(topic, 0) + 1
        results.total = len(matched)
        results.facets = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        results.counted = True

    def _topics_by_doc(self, searcher) -> dict[int, list[str]]:
        """Document number -> topics, built once per searcher from the topic postings."""
        if getattr(self, "_topics_for", None) is not searcher:
            table: dict[int, list[str]] = {}
            reader = searcher.reader()
            for raw in reader.lexicon("topics"):
                topic = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                for docnum in reader.postings("topics", raw).all_ids():
                    if not reader.is_deleted(docnum):
                        table.setdefault(docnum, []).append(topic)
            self._topics_table, self._topics_for = table, searcher
        return self._topics_table

    def _run(
        self,
        parsed: ParsedQuery,
        sort: str,
        limit: int | None,
        snippets: int,
        results: SearchResults,
    ) -> None:
        searcher = self.index.searcher()
        query, terms = self._build(parsed)
        filters = self._filters(parsed)
        if sort == "newest" or (sort == "relevance" and not parsed.has_terms):
            sortedby = [FieldFacet("date", reverse=True), ScoreFacet()]
        elif sort == "credibility":
            sortedby = [FieldFacet("credibility", reverse=True), ScoreFacet()]
        else:
            sortedby = None
        if filters is not None:  # folded into the query: the collector's filter is ignored here
            query = filters if isinstance(query, wq.Every) else wq.And([query, filters])
        results.query = query
        collector = searcher.collector(limit=limit, sortedby=sortedby)
        timed = TimeLimitCollector(
            collector, timelimit=TIME_LIMIT, use_alarm=False
        )  # works off the main thread
        try:
            searcher.search_with_collector(query, timed)
        except TimeLimit:
            results.messages.append("The search took too long; showing what was found so far.")
        found = timed.results()
        results.total = found.scored_length()  # at least this many; `_count` gives the total
        results.terms = terms
        highlighter = Highlighter(
            fragmenter=ContextFragmenter(maxchars=160, surround=50), formatter=_SegmentFormatter()
        )
        for rank, hit in enumerate(itertools.islice(found, limit)):  # collectors can overrun
            article = self.library.get(hit["id"])
            if article is None:
                continue  # the index is a little behind the files
            score = hit.score if isinstance(hit.score, int | float) else 0.0
            snippet = (
                self._snippet(highlighter, hit, article)
                if rank < snippets
                else _plain_snippet(article)
            )
            results.hits.append(Hit(article, float(score), snippet))
        if parsed.words and len(results.hits) < 3:
            results.suggestion = self._suggest(parsed, results.text, bool(results.hits))

    def _build(self, parsed: ParsedQuery) -> tuple[wq.Query, tuple[str, ...]]:
        """Turn the parsed words into Whoosh queries; returns the query and words to highlight."""
        concepts: list[wq.Query] = []
        shown: list[str] = []
        words = list(parsed.words)
        position = 0
        while position < len(words):
            size, variants = self.synonyms.match(words, position)
            if size:
                # Variants that stem alike ("relapse", "relapses") would count twice.
                unique = {tuple(_stems(v)): v for v in variants}
                concepts.append(wq.Or([_phrase_query(v) for v in unique.values()]))
                shown += [" ".join(v) for v in variants]
                position += size
                continue
            word = words[position]
            position += 1
            if word == parsed.partial:
                concepts.append(_prefix_query(word))
            else:
                concepts.append(_phrase_query((word,)))
            shown.append(word)
        # Words typed next to each other score more when they stand together in the text
        # (for short queries: each pair is a phrase query, and those are not cheap).
        if len(parsed.words) <= 4:
            for pair in zip(parsed.words, parsed.words[1:], strict=False):
                if parsed.partial not in pair:
                    concepts.append(_phrase_query(pair, slop=2))
        required = [_phrase_query(p) for p in parsed.phrases]
        shown += [" ".join(p) for p in parsed.phrases]
        concepts = [c for c in concepts if c is not wq.NullQuery]
        required = [r for r in required if r is not wq.NullQuery]
        if required and concepts:
            query: wq.Query = wq.AndMaybe(wq.And(required), wq.Or(concepts))
        elif required:
            query = wq.And(required)
        elif concepts:
            query = wq.Or(concepts)
        else:
            query = wq.Every() if parsed.has_filters and not parsed.has_terms else wq.NullQuery
        excluded = [q for q in (_phrase_query(e) for e in parsed.excluded) if q is not wq.NullQuery]
        if excluded:
            query = wq.AndNot(query, wq.Or(excluded))
        return query, tuple(dict.fromkeys(shown))

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

    def _snippet(self, highlighter: Highlighter, hit, article: Article) -> tuple[Segment, ...]:
        """The best passage with the matched words marked: body first, then the panels."""
        prose = "\n\n".join([article.intro, *(s.text for s in article.sections)]).strip()
        for text in (prose, article.takeaway, article.considerations):
            if not text:
                continue
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
            options = corrector.suggest(word, limit=8, maxdist=2)
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


def _stems(words: tuple[str, ...]) -> list[str]:
    return [t.text for w in words for t in TEXT_ANALYZER(w)]


def _phrase_query(words: tuple[str, ...], slop: int = 1) -> wq.Query:
    """A word or phrase in `content`, where title and takeaway words weigh more."""
    stems = _stems(words)
    if not stems:
        return wq.NullQuery
    if len(stems) == 1:
        return wq.Term("content", stems[0])
    return wq.Phrase("content", stems, slop=slop)


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


def _plain_snippet(article: Article) -> tuple[Segment, ...]:
    first = article.takeaway or article.intro or article.body
    return (Segment(_clip(first, 160)),) if first else ()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
