"""Whether the library answers what was asked at all: "nothing on that" said when true.

Every word typed may be in some article and still nothing be about the question:
- "cure for diabetes": "cure" and "diabetes" are each in a few articles, never in the
  same one. Ranked by the words alone, the best hit matches half the question. Only the
  specific words count ("is the flu jab safe": "safe" is in many articles, and the
  vaccine articles say "safety").
- "psoriasis": one article names it once, in passing (a drug first used for it). A word
  that no article holds more than once in its body, nor in a title or takeaway, nor
  among its authors, is not something the library is about.
Either way the hits stay listed (they may still help), said to match only part of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from whoosh import query as wq

from tui.core.library import Library
from tui.core.search import tuning
from tui.core.search.concepts import Concept
from tui.core.search.scoring import Scorer
from tui.core.search.vocabulary import parts_of
from tui.core.search.whoosh_adapter import Tables


def asked(concepts: list[Concept]) -> list[Concept]:
    """The concepts a question is about: those not in nearly every article ("MS")."""
    return [c for c in concepts if not c.near_stop] or concepts


def apart(
    scores: dict[int, float],
    concepts: list[Concept],
    queries: list[wq.Query],
    scorer: Scorer,
) -> tuple[str, ...]:
    """The specific words typed when no article matched them all (a question of a few
    words: a long one is rarely matched whole, and then says more than its every word)."""
    if not 2 <= len(concepts) <= tuning.TOGETHER_MAX or not scores:
        return ()
    tables = scorer.tables
    few = tuning.SPECIFIC_SHARE * max(1, tables.reader.doc_count_all())
    specific = [i for i, c in enumerate(concepts) if _articles(c, tables) <= few]
    if len(specific) < 2:
        return ()
    wanted = [queries[i] for i in specific]
    if any(all(scorer.matches(q, docnum) for q in wanted) for docnum in scores):
        return ()
    return tuple(concepts[i].typed for i in specific)


def in_passing(concepts: list[Concept], tables: Tables, library: Library) -> tuple[str, ...]:
    """The word typed, when it is the whole question and every article holding it
    mentions it only in passing."""
    if len(concepts) != 1:
        return ()
    concept = concepts[0]
    most, holders = 0.0, set[int]()
    for ids, weights, start in _postings(concept, tables):
        if ids is None:
            return ()
        most = max(most, max(weights, default=0.0))
        holders.update(start + d for d in ids)
    if not holders or most >= tuning.PASSING_WEIGHT:
        return ()
    if any(_named_by(library, tables, d, concept.typed) for d in holders):
        return ()  # an author's name: "Montalban" finds the papers they wrote; a trial's
        # name in the article's own ("ASCLEPIOS": ofatumumab-asclepios) is what it is about
    return (concept.typed,)


def _articles(concept: Concept, tables: Tables) -> float:
    """How many articles may hold the concept (its most common variant); infinite when
    it cannot be told from single words."""
    most = 0
    for variant in concept.variants:
        if variant.field != "content" or len(variant.stems) != 1:
            return float("inf")
        most = max(most, tables.reader.doc_frequency("content", variant.stems[0]))
    return most


#: A variant's postings in one segment: article numbers (None: not one term), weights,
#: and the segment's first article number.
_Found = tuple["Sequence[int] | None", "Sequence[float]", int]


def _postings(concept: Concept, tables: Tables) -> Iterator[_Found]:
    """(article numbers, weights, first number) of each variant in each segment; ids None
    for a variant that is not one term (a phrase by positions, a word's beginning)."""
    for variant in concept.variants:
        if variant.field == "content" and len(variant.stems) == 1:
            terms = [("content", variant.stems[0])]
        elif variant.pairs and not variant.apart:
            terms = [("pairs", pair) for pair in variant.pairs]
        else:
            yield None, (), 0
            return
        for field, text in terms:
            for segment, (reader, start) in enumerate(tables.segments):
                if (field, text) in reader:
                    ids, weights = tables.postings(segment, field, text)
                    yield ids, weights, start


def _named_by(library: Library, tables: Tables, docnum: int, typed: str) -> bool:
    """Whether `typed` is a word of the article's name in the library (its id), or of
    its authors or journal."""
    article_id = str(tables.reader.stored_fields(docnum).get("id", ""))
    article = library.articles.get(article_id)
    source = article.source if article is not None else None
    names = [article_id]
    if source is not None:
        names += [str(p) for p in (source.authors, source.journal) if p]
    return bool(set(parts_of(typed)) & set(parts_of(" ".join(names))))
