"""Reading level: the Flesch-Kincaid grade, computed with the standard formula.

grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Syllables are counted with the usual vowel-group heuristic (silent final "e",
"-le" endings), which is close enough for a grade within about one year.
textstat was tried: version 0.7.13 counts syllables with NLTK's CMU
dictionary, which it downloads on first use, and an offline reader must never
need the network. The formula is three lines, so it lives here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.article import Article

DEFAULT_MAX_GRADE = 10.0

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n|\n\s*- ")


def syllables(word: str) -> int:
    word = word.lower()
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def grade(text: str) -> float:
    """The US school grade needed to read `text`; 0 for text without words."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    syllable_count = sum(syllables(w) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59, 1)


def article_grade(article: Article) -> float:
    """The grade of what a reader reads: takeaway, body and considerations."""
    return grade("\n\n".join([article.takeaway, article.body, article.considerations]))
