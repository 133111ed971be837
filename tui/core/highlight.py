"""Where searched words occur in an article's text, found as the index finds them.

The index stems words ("studies" and "study" are both "studi"), so highlighting in the
article uses the same analyzer: every word that made the article match is marked, and
`n`/`N` have something to step through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: A word typed at least this long also marks words that start with it, as search as you
#: type finds them ("relap" marks "relapses").
PREFIX_FROM = 2  # as the index's PREFIX_MIN


Analyzer = Callable[..., Iterator[Any]]  # Whoosh's: text in, tokens out


def _analyzer() -> Analyzer:
    from tui.core.index import TEXT_ANALYZER  # Whoosh loads only once words are searched

    analyzer: Analyzer = TEXT_ANALYZER
    return analyzer


def _pattern(term: str, analyzer: Analyzer) -> list[tuple[str, str]]:
    """(stem, typed word) for each word of `term` that the index keeps (stop words go)."""
    found = []
    for token in analyzer(term, chars=True):
        typed = term[token.startchar : token.endchar].lower()
        found.append((token.text, typed))
    return found


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every place a term occurs in `text`, in order, never overlapping."""
    terms = [t for t in terms if t.strip()]
    if not terms or not text:
        return []
    analyzer = _analyzer()
    patterns = [pattern for term in terms if (pattern := _pattern(term, analyzer))]
    if not patterns:
        return []
    tokens = [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True)]

    def fits(index: int, stem: str, typed: str) -> bool:
        word, start, end = tokens[index]
        if word == stem:
            return True
        return len(typed) >= PREFIX_FROM and text[start:end].lower().startswith(typed)

    spans = []
    for index in range(len(tokens)):
        for pattern in patterns:
            size = len(pattern)
            if index + size <= len(tokens) and all(
                fits(index + offset, stem, typed) for offset, (stem, typed) in enumerate(pattern)
            ):
                spans.append((tokens[index][1], tokens[index + size - 1][2]))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences_with(parts: Iterable[tuple[str, str]], terms: Iterable[str]) -> list[tuple[str, str]]:
    """(heading, sentence) of every sentence of `parts` ((heading, text) pairs) where a term
    occurs, as the app's find marks it: find in an article, said instead of highlighted."""
    terms = list(terms)
    found = []
    for heading, text in parts:
        for sentence in _SENTENCE_END.split(text):
            if sentence.strip() and match_spans(sentence, terms):
                found.append((heading, sentence.strip().removeprefix("- ")))
    return found
