"""What the library says words mean: glossary names, topic aliases and `synonyms.yaml`.

- Glossary names are one thing under several names ("Ocrevus", "ocrelizumab"): each
  finds the others, and a group scores as its best variant (see concepts.py).
- A topic alias points one way, to its topic's name: "PPMS" finds "progressive MS";
  "progressive MS" does not find "PPMS", and siblings ("PPMS", "SPMS") never meet.
- `synonyms.yaml` points readers' words one way to the library's ("jab" -> vaccine).

Names are matched by their alphanumeric parts, so "Epstein-Barr" typed with its hyphen
finds the alias written "Epstein Barr".
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tui.core.library import Library
from tui.core.search import tuning
from tui.core.search.query import STOP_WORDS

_PART = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def parts_of(text: str) -> tuple[str, ...]:
    """The lower-case alphanumeric parts of a name: "Epstein-Barr" -> (epstein, barr);
    a possessive is the name itself: "Gilenya's" (or "Gilenya’s") -> (gilenya,)."""
    parts = _PART.findall(text.casefold().replace("\u2019", "'"))
    return tuple(part.removesuffix("'s") for part in parts)


def key_of(text: str) -> tuple[str, ...]:
    """A name as the search box sees it: its parts without stop words ("pins needles")."""
    parts = parts_of(text)
    return tuple(p for p in parts if p not in STOP_WORDS) or parts


@dataclass(frozen=True, slots=True)
class Meaning:
    """A name the words typed stand for, how strongly, and where that comes from."""

    words: tuple[str, ...]
    weight: float
    how: str  # itself, phrase (itself, never its words apart), glossary, topic, synonym


def _by_stems(keys: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each name of one word by its stem (the first name of a stem kept)."""
    from tui.core.index import stems_of  # TEXT_ANALYZER's words

    found: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in keys:
        stems = tuple(stems_of(key[0]).words) if len(key) == 1 else ()
        if stems:
            found.setdefault(stems, key)
    return found


def all_names(library: Library) -> Iterator[str]:
    """Every name in the glossary, the topics and synonyms.yaml."""
    for term in library.glossary.terms:
        yield from term.names
    for topic in library.topics.topics:
        if topic.aliases:  # a topic only an article names (under "Other") has none
            yield from (topic.name, *topic.aliases)
    for typed, means in library.synonyms.means.items():
        yield from (typed, *means)


def phrase_pairs(library: Library) -> frozenset[tuple[str, str]]:
    """Neighbouring stems of every name of several words: what the index's `pairs`
    field holds as single terms, so those phrases are one lookup each."""
    return _pairs_of(frozenset(all_names(library)))


@functools.lru_cache(maxsize=4)
def _pairs_of(names: frozenset[str]) -> frozenset[tuple[str, str]]:
    """Remembered by the names: opening the index, writing its manifest and the search
    engine each ask (3,000 names analysed each time: 70 ms at start-up with a change)."""
    from tui.core.index import stems_of  # TEXT_ANALYZER's words (a test compares them)

    pairs: set[tuple[str, str]] = set()
    for name in names:
        pairs.update(itertools.pairwise(stems_of(name).words))
    return frozenset(pairs)


class Vocabulary:
    def __init__(self, library: Library) -> None:
        table: dict[tuple[str, ...], dict[tuple[str, ...], Meaning]] = {}

        def add(key: tuple[str, ...], meaning: Meaning) -> None:
            if not key or not meaning.words:
                return
            meanings = table.setdefault(key, {})
            known = meanings.get(meaning.words)
            if known is None or known.weight < meaning.weight:
                meanings[meaning.words] = meaning

        for term in library.glossary.terms:
            names = term.names  # each name finds every other: their parts made once
            meanings = [Meaning(parts_of(n), tuning.SYNONYM_WEIGHT, "glossary") for n in names]
            for name in names:
                key = key_of(name)
                for meaning in meanings:
                    add(key, meaning)
        for topic in library.topics.topics:
            for alias in topic.aliases:
                meaning = Meaning(parts_of(topic.name), tuning.TOPIC_WEIGHT, "topic")
                add(key_of(alias), meaning)
        for typed, means in library.synonyms.means.items():
            for meant in means:
                add(key_of(typed), Meaning(parts_of(meant), tuning.SYNONYM_WEIGHT, "synonym"))
        self.pairs = phrase_pairs(library)
        self._table = table
        self.ignore = library.synonyms.ignore
        self.longest = max((len(k) for k in table), default=0)
        #: Words of the names the library's data knows, for spelling: "tisabri" ->
        #: "tysabri", "nuropathic" -> "neuropathic" (of "neuropathic pain").
        self.words = frozenset(part for k in table for part in k if part.isalpha())
        #: Words of the names of several words ("multiple" of "multiple sclerosis").
        self.name_words = frozenset(part for k in table if len(k) > 1 for part in k)
        self._by_stems = _by_stems(tuple(table))

    def _key_at(self, parts: list[str], start: int, size: int) -> tuple[str, ...] | None:
        """The name of `size` words at `start`: as typed, else, for a name of one word,
        another form of it ("teenagers" the name "teenager", "teriflunomid" the drug
        "teriflunomide"). Not for names of several words: "does ms cause" is not "ms
        caused" (of "is ms caused by"), the question what causes MS."""
        key = tuple(parts[start : start + size])
        if key in self._table:
            return key
        if size > 1:
            return None
        from tui.core.index import stems_of

        return self._by_stems.get(tuple(stems_of(key[0]).words))

    def name_of_stem(self, stems: tuple[str, ...]) -> tuple[str, ...] | None:
        """The name of one word whose stem this is ("ocrevu": "ocrevus"), if any."""
        return self._by_stems.get(stems) if len(stems) == 1 else None

    def match(self, parts: list[str], start: int) -> tuple[int, list[Meaning]]:
        """The longest known name starting at `parts[start]`: (its length, its meanings,
        the name itself first)."""
        for size in range(min(self.longest, len(parts) - start), 0, -1):
            key = self._key_at(parts, start, size)
            if key is not None:
                return size, list(self._table[key].values())
        return 0, []

    def meanings(self, word: str) -> list[Meaning]:
        return list(self._table.get(key_of(word), {}).values())
