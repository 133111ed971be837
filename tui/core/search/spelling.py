"""Spelling: a confident correction to search with, or a "did you mean" to offer.

The words to correct towards are the unstemmed words of titles, takeaways and topics
(the `spell` field) and the names the library's data knows (glossary, topics,
synonyms.yaml: "tisabri" -> "Tysabri"). Acronyms and words with digits are never
changed: "RRMS" is not a misspelt "rats". Nor is an ordinary English word (a list shipped
beside this module): "generic" is not a misspelt "genetic", nor "lonely" of "likely"; it is
offered as "did you mean" instead. Only its British or American spelling is searched for it
("smoldering" -> "smouldering"). Nor is a word two edits away corrected into an ordinary
word: "crohns" (Crohn's, in no article) is not a misspelt "cross".
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.index import TEXT_ANALYZER
from tui.core.search import tuning
from tui.core.search.query import STOP_WORDS

if TYPE_CHECKING:  # Whoosh ships no types: this documents, mypy sees Any
    from collections.abc import Callable

    from whoosh.searching import Searcher


def edits(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (a swap of two letters is one edit)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def is_acronym(typed: str) -> bool:
    """Written in capitals or with digits ("HSCT", "7T", "CD20"): a name, not a misspelling."""
    letters = [c for c in typed if c.isalpha()]
    return any(c.isdigit() for c in typed) or (len(letters) >= 2 and typed.isupper())


SHORT_STOP = 5  # longer words are not taken for a mistyped stop word
QUESTION_SLIP_MIN = 3  # "hw" or "os" may be anything: only longer slips of a question word
ENGLISH_WORDS = Path(__file__).with_name("english_words.txt")
#: Letters that differ between British and American spellings: colour/color, anaemia/anemia,
#: oedema/edema, randomise/randomize, centre/center.
_VARIANT_LETTERS = (
    (re.compile("our"), "or"),
    (re.compile("ou"), "o"),
    (re.compile("ae|oe"), "e"),
    (re.compile("is(e|ed|es|ing|ation)$"), r"iz\1"),
    (re.compile("yse"), "yze"),
    (re.compile("tre$"), "ter"),
    (re.compile("ll"), "l"),
)


@functools.cache
def english_words() -> frozenset[str]:
    """The ordinary English words (read once, on the first word in no article)."""
    try:
        text = ENGLISH_WORDS.read_text(encoding="utf-8")
    except OSError:  # a broken install: correct as before rather than fail
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if not line.startswith("#"))


def a_stop_word_mistyped(word: str) -> bool:
    """Whether a short word in no article is one letter from a stop word ("fior", "teh"):
    a slip of the keys, not a subject the library lacks."""
    return len(word) <= SHORT_STOP and any(
        abs(len(stop) - len(word)) <= 1 and edits(word, stop) <= 1 for stop in STOP_WORDS
    )


def a_question_word(word: str, slip: bool = False) -> bool:
    """Whether a word opens a question: a question word, or its contraction typed with or
    without the apostrophe ("what's", "whats", "hows"); with `slip`, also a slip of a
    question word of three letters or more ("wat", "waht", "wht"), which the caller allows
    only for a word in no article ("dose" and "well" are words of their own).
    eval qa4b: "wat causes ms" was not a question, and "wat" a word no article has."""
    if word in tuning.QUESTION_WORDS:
        return True
    if word.replace("'", "").removesuffix("s") in tuning.QUESTION_WORDS:
        return True
    return (
        slip
        and len(word) >= QUESTION_SLIP_MIN
        and any(
            len(asked) >= QUESTION_SLIP_MIN and edits(word, asked) <= 1
            for asked in tuning.QUESTION_WORDS
        )
    )


def is_english(word: str) -> bool:
    return word.lower() in english_words()


def same_word(a: str, b: str) -> bool:
    """Whether two spellings are the British and American forms of one word."""
    return _american(a) == _american(b)


def _american(word: str) -> str:
    for pattern, replacement in _VARIANT_LETTERS:
        word = pattern.sub(replacement, word)
    return word


class Speller:
    """Close spellings of a word that is in no article, from one searcher's index."""

    def __init__(self, searcher: Searcher, known: frozenset[str]) -> None:
        self.reader = searcher.reader()
        self.corrector = searcher.corrector("spell")
        self.known = known

    def candidates(self, word: str) -> list[tuple[int, int, str]]:
        """(edits, -articles, spelling) of the close spellings, best first. Misspellings
        rarely change the first letter; keeping it reads a tenth of the word list. When
        no spelling keeping it is one slip away, the first letter of a word that is not an
        ordinary one is doubted too: missing, doubled, swapped or wrong ("esimpta" ->
        kesimpta, "atigue" -> fatigue, "elapse" -> relapse, not "ease", two slips away;
        "crying" is still offered as "carrying", not "trying")."""
        allowed = 1 if len(word) <= tuning.SHORT_WORD else tuning.CORRECT_EDITS
        found = set(self.corrector.suggest(word, limit=8, maxdist=allowed, prefix=1))
        found.update(k for k in self.known if k[:1] == word[:1] and abs(len(k) - len(word)) <= 2)
        ranked = self._ranked(word, found, allowed)
        if (not ranked or ranked[0][0] > 1) and not is_english(word):
            slips = self._ranked(word, self._first_letter_slips(word), 1)
            ranked = slips + [r for r in ranked if r[2] not in {s[2] for s in slips}]
        return ranked

    def _ranked(self, word: str, found: set[str], allowed: int) -> list[tuple[int, int, str]]:
        ranked = []
        for option in found:
            distance = edits(word, option)
            # a stop word ("fior" -> "for") would search for nothing: never a correction
            if option != word and distance <= allowed and _searchable(option):
                ranked.append((distance, -self._articles(option), option))
        return sorted(ranked)

    def _first_letter_slips(self, word: str) -> set[str]:
        """The words of the library (or names its data knows) that differ from `word`
        only at its first letter: the one place `candidates` does not look otherwise.
        QA5 R6: a slow typist on the first screen loses a first letter that is a key."""
        letters = "abcdefghijklmnopqrstuvwxyz"
        tried = {word[1:], word[1] + word[0] + word[2:]}
        tried.update(letter + word for letter in letters)
        tried.update(letter + word[1:] for letter in letters)
        found = {t for t in tried if t in self.known or self._articles(t)}
        found.update(k for k in self.known if k[1:] == word or k[1:] == word[1:])
        return found

    def confident(self, word: str, typed: str) -> str | None:
        """The spelling to search with instead, when there is no doubt about it."""
        if len(word) < 4 or is_acronym(typed):
            return None
        ranked = self.candidates(word)
        if not ranked:
            return None
        distance, articles, best = ranked[0]
        if -articles < tuning.CORRECT_MIN and best not in self.known:
            return None
        if is_english(word) and not same_word(word, best):
            return None  # a real word the reader meant: "did you mean" at most
        if distance > 1 and is_english(best):
            return None  # two slips away from an ordinary word: "crohns" is not "cross"
        rivals = [r for r in ranked[1:] if r[0] == distance]
        if any(-r[1] * tuning.CORRECT_LEAD > -articles for r in rivals):
            return None  # two spellings as close and nearly as common: ask instead
        return best

    def suggest(self, word: str, typed: str, finds: Callable[[str], bool]) -> str | None:
        """A "did you mean" spelling (less sure than `confident`), only one that `finds`
        articles: never a glossary word no article uses ("immunosuppressants" for
        "immunosuppressant", and back again)."""
        if len(word) < 4 or is_acronym(typed):
            return None
        return next((option for _, _, option in self.candidates(word) if finds(option)), None)

    def _articles(self, spelling: str) -> int:
        count: int = self.reader.doc_frequency("spell", spelling)
        return count


def _searchable(spelling: str) -> bool:
    """True when the spelling leaves a word to search for once analysed (not a stop word)."""
    return any(True for _ in TEXT_ANALYZER(spelling))
