"""The word typed before what it was widened to: a title that says the reader's own word.

"wheelchair" also searches "walking aid" and "disability" (synonyms.yaml), and every
variant of a concept is scored as rare as its most common one (concepts.py), so articles
saying "disability" often ranked with "Will I end up in a wheelchair?". An article whose
title holds the words as typed is raised (`LITERAL_TITLE_BOOST`), only for a reader's word
that synonyms.yaml widens: a plain word already ranks by its own rarity, and a library name
(a glossary or topic name: "fatigue", "NMOSD") by what the articles are about (topic_lead.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.glossary import Glossary
from tui.core.search import tuning
from tui.core.search.concepts import Concept, Understanding
from tui.core.search.whoosh_adapter import Tables

if TYPE_CHECKING:  # Whoosh ships no types: this documents, mypy sees Any
    from whoosh.reading import IndexReader


def titled(concepts: list[Concept], names: set[str], tables: Tables) -> set[int]:
    """The articles whose title holds every word asked as it was typed, even one in nearly
    every article (not "oral snuff" for "oral ms drugs": "drugs" is not in that title),
    but for glossary `names` in nearly every article ("MS")."""
    reader, found = tables.reader, None
    for concept in concepts:
        if concept.near_stop and concept.typed in names:
            continue
        own = concept.variants[0] if concept.variants else None
        if own is None or own.field != "content" or own.label != concept.typed:
            return set()  # a word not searched as typed: the title cannot say it
        for stem in own.stems:
            ids = in_titles(reader, stem)
            found = ids if found is None else found & ids
    return found or set()


def in_titles(reader: IndexReader, stem: str) -> set[int]:
    """The articles whose title holds the word (its stem)."""
    return set(reader.postings("title", stem).all_ids()) if ("title", stem) in reader else set()


def prefer_titled(
    scores: dict[int, float], understanding: Understanding, glossary: Glossary, tables: Tables
) -> dict[int, float]:
    """Scores with the articles titled by a reader's words as typed raised."""
    if not any(u.how == "synonym" for u in understanding.understood):
        return scores
    names = {c.typed for c in understanding.concepts if glossary.find(c.typed) is not None}
    raised = titled(understanding.concepts, names, tables).intersection(scores)
    if not raised:
        return scores
    boost = tuning.LITERAL_TITLE_BOOST
    return {d: s * boost if d in raised else s for d, s in scores.items()}
