"""A first letter taken as a key: put back when the words as typed find nothing.

On the first screen a letter that is a key (`k` moves up, `g` goes to the top) acts as
that key when it comes alone; a slow typist's "kesimpta" becomes `k`, then a search for
"esimpta" (QA5 R6). The screen says which letter it took; the search tries it in front
of the first word when that word, as typed, is in no article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.search.engine import SearchEngine
    from tui.core.search.results import SearchResults


def search(engine: SearchEngine, text: str, letter: str, **options: Any) -> SearchResults:
    """`engine.search(text)`, or the search with `letter` in front when that finds the
    first word as typed and `text` alone did not; shown as a correction ("Showing
    results for kesimpta"), which "search instead for" undoes (`correct=False`)."""
    results = engine.search(text, **options)
    if not letter or not options.get("correct", True) or not first_word_lost(results):
        return results
    fuller = engine.search(letter + text.lstrip(), **options)
    if not fuller.hits or first_word_lost(fuller):
        return results
    return replace(fuller, text=text, corrected=fuller.corrected or fuller.text)


def first_word_lost(results: SearchResults) -> bool:
    """Whether the first word typed is in no article: said missing, or corrected."""
    typed = _first_word(results.text)
    if not typed:
        return False
    if typed in {word.lower() for word in results.missing}:
        return True
    return bool(results.corrected) and _first_word(results.corrected or "") != typed


def _first_word(text: str) -> str:
    words = text.split()
    return words[0].lower() if words else ""
