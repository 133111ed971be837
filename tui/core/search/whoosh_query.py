"""Concepts to a Whoosh query (Whoosh's own parser is never given user text).

- A concept is a DisjunctionMax of its variants: a synonym group scores as its best
  variant, so an article listing every name for a relapse does not outscore the answer.
- A name of several words matches its words apart too; found as a phrase it scores more
  ("cortical lesions 7T" finds articles with "cortical" and "lesions" apart).
- A word in most articles (common) finds articles only by their titles when rarer words
  are typed too; a near-stop word ("MS") finds nothing when other words are typed: both
  still add to the score of what the others find.
- Words typed next to each other score more when they stand together in the text, in
  either order; two names the library knows (glossary, topics) do not: they are two things.
"""

from __future__ import annotations

import itertools

from whoosh import query as wq

from tui.core.library import Library
from tui.core.search import tuning
from tui.core.search.concepts import Concept, Understanding, Variant, stems_of
from tui.core.search.query import ParsedQuery


def build(parsed: ParsedQuery, understanding: Understanding) -> tuple[wq.Query, list[wq.Query]]:
    """The whole query, and each concept's own query (for `scoring.coordinated`)."""
    concepts = understanding.concepts
    active = [c for c in concepts if not c.near_stop] or concepts
    scoring = [concept_query(c) for c in concepts]
    if len(parsed.words) <= 4:
        for before, after in itertools.pairwise(active):
            pair = _pair(before, after)  # none for a word still being typed (`prefix`)
            if pair is not None:
                scoring.append(pair)
    required = [q for q in (phrase_query(p) for p in parsed.phrases) if q is not wq.NullQuery]
    finders = [c for c in active if not c.common]
    titles = [title_query(c) for c in active if c.common]
    titles = [t for t in titles if t is not wq.NullQuery]
    if parsed.joined == "or" and scoring:  # "fatigue OR relapse": either is enough
        query: wq.Query = wq.Or(required + scoring)
    elif parsed.joined == "and" and scoring:  # "fatigue AND relapse": both, wherever they are
        every = wq.And(required + [concept_query(c) for c in concepts])
        query = wq.Require(wq.Or(scoring), every)
    elif required and scoring:
        query = wq.AndMaybe(wq.And(required), wq.Or(scoring))
    elif required:
        query = wq.And(required)
    elif not scoring:
        query = wq.Every() if parsed.has_filters and not parsed.has_terms else wq.NullQuery
    elif finders and len(finders) < len(concepts):
        query = wq.Require(wq.Or(scoring), wq.Or([concept_query(c) for c in finders] + titles))
    elif len(active) < len(concepts):  # the rest is common: any of it, or a title
        query = wq.Require(wq.Or(scoring), wq.Or([concept_query(c) for c in active]))
    else:
        query = wq.Or(scoring)
    excluded = [q for q in (phrase_query(e) for e in parsed.excluded) if q is not wq.NullQuery]
    if excluded:
        query = wq.AndNot(query, wq.Or(excluded))
    return query, [concept_query(c) for c in active]


def filters(parsed: ParsedQuery, library: Library) -> wq.Query | None:
    parts: list[wq.Query] = []
    for topic in parsed.topics:
        parts.append(wq.Term("topics", library.topics.canonical(topic)))
    if parsed.kind:
        parts.append(wq.Term("kind", parsed.kind))
    if parsed.years:
        parts.append(wq.NumericRange("year", *parsed.years))
    if parsed.credibility:
        parts.append(wq.NumericRange("credibility", *parsed.credibility))
    return wq.And(parts) if parts else None


def concept_query(concept: Concept) -> wq.Query:
    queries = list(dict.fromkeys(variant_query(v) for v in concept.variants))
    return queries[0] if len(queries) == 1 else wq.DisjunctionMax(queries)


def variant_query(variant: Variant) -> wq.Query:
    stems, weight = variant.stems, variant.weight
    if variant.field != "content" or len(stems) == 1:
        return wq.Term(variant.field, stems[0], boost=weight)
    words = wq.And([wq.Term("content", s, boost=weight) for s in stems])
    if variant.pairs is None:  # a known name that no article holds as a phrase
        return words if variant.apart else wq.NullQuery
    if variant.pairs:  # a known name: one term per word pair, no positions to compare
        terms = [wq.Term("pairs", p, boost=weight * tuning.PHRASE_BOOST) for p in variant.pairs]
        phrase = terms[0] if len(terms) == 1 else wq.And(terms)
        return wq.AndMaybe(words, phrase) if variant.apart else phrase
    if any(len(s) == 1 for s in stems):
        # "vitamin D", "B cell": a one-letter word is in few places but at positions that
        # are costly to compare for thousands of articles; both words present is enough.
        return words
    if not variant.apart:
        return wq.Phrase("content", list(stems), slop=1, boost=weight)
    phrase = wq.Phrase("content", list(stems), slop=1, boost=weight * tuning.PHRASE_BOOST)
    return wq.AndMaybe(words, phrase)


def phrase_query(words: tuple[str, ...], slop: int = 1) -> wq.Query:
    """A phrase typed in quotes: its words in this order, in `content`."""
    stems = stems_of(words)
    if not stems:
        return wq.NullQuery
    if len(stems) == 1:
        return wq.Term("content", stems[0])
    if any(len(s) == 1 for s in stems):
        return wq.And([wq.Term("content", s) for s in stems])
    return wq.Phrase("content", list(stems), slop=slop)


def title_query(concept: Concept) -> wq.Query:
    """The concept in a title, its words in any order (titles have no positions)."""
    options = []
    for variant in concept.variants:
        if variant.field != "content":
            continue
        terms = [wq.Term("title", s) for s in variant.stems]
        options.append(terms[0] if len(terms) == 1 else wq.And(terms))
    if not options:
        return wq.NullQuery
    return options[0] if len(options) == 1 else wq.Or(options)


def _pair(before: Concept, after: Concept) -> wq.Query | None:
    """The last word of one concept next to the first of the next, as typed (each pair
    is a phrase query: only for rarer words, costly for common ones)."""
    if not before.variants or not after.variants:  # a word that analyses to nothing
        return None
    first, second = before.variants[0], after.variants[0]
    if before.common or after.common:
        return None
    if before.named and after.named:
        # Two names the library knows are two things, side by side only by chance: "MRI
        # lesions" is not a phrase, and the trials that print "lesions on MRI" once
        # outscored the explainer of MRI words (eval fresh5: "mri lesions meaning").
        return None
    if any(v.field != "content" or v.weight != 1.0 for v in (first, second)):
        return None
    pair = (first.stems[-1], second.stems[0])
    if any(len(s) == 1 for s in pair):
        return wq.And([wq.Term("content", s) for s in pair])
    # Either order: "PML risk" is said "risk of PML" (stop words leave no gap in the index).
    together = wq.Phrase("content", list(pair), slop=2)
    return wq.DisjunctionMax([together, wq.Phrase("content", list(pair[::-1]), slop=2)])
