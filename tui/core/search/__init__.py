"""Search: the pipeline from what was typed to ranked hits (see engine.py for the steps)."""

from tui.core.search.engine import SearchEngine
from tui.core.search.query import SORTS, ParsedQuery, parse_query
from tui.core.search.results import Hit, Related, SearchResults, Segment, Understood

__all__ = [
    "SORTS",
    "Hit",
    "ParsedQuery",
    "Related",
    "SearchEngine",
    "SearchResults",
    "Segment",
    "Understood",
    "parse_query",
]
