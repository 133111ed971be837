"""Search: the pipeline from what was typed to ranked hits (see engine.py for the steps).

Names are loaded on first use: `from tui.core.search.query import SORTS` (the CLI's
argument parser) must not import Whoosh.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.search.engine import SearchEngine
    from tui.core.search.query import SORTS, ParsedQuery, parse_query
    from tui.core.search.results import Hit, Related, SearchResults, Segment, Understood

_HOME = {
    "SearchEngine": "engine",
    "SORTS": "query",
    "ParsedQuery": "query",
    "parse_query": "query",
    "Hit": "results",
    "Related": "results",
    "SearchResults": "results",
    "Segment": "results",
    "Understood": "results",
}
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


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui.core.search.{_HOME[name]}"), name)
