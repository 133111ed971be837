"""Back and forward: one Trail in core, used by the app (H/L) and the linear reader (b)."""

from __future__ import annotations

import io

from conftest import FIXTURE_LIBRARY

from tui.core.trail import Trail


def test_back_and_forward_like_a_browser():
    trail: Trail[str] = Trail()
    assert trail.current is None and trail.back() is None and trail.forward() is None
    for place in "abc":
        trail.visit(place)
    assert trail.current == "c"
    assert trail.back() == "b" and trail.back() == "a" and trail.back() is None
    assert trail.current == "a"
    assert trail.forward() == "b"
    trail.visit("d")  # a new place after going back drops the ones ahead
    assert trail.places == ["a", "b", "d"] and trail.forward() is None
    trail.visit("d")  # the same place twice in a row is kept once
    assert trail.places == ["a", "b", "d"]


def test_a_trail_from_earlier_places_starts_just_past_them_and_keeps_a_limit():
    trail = Trail(["x", "y"], limit=3)
    assert trail.current is None
    assert trail.back() == "y"  # the first back reopens the last place
    trail = Trail(["x", "y"], limit=3)
    for place in "pqr":
        trail.visit(place)
    assert trail.places == ["p", "q", "r"] and trail.current == "r"
    assert trail.back() == "q"


def test_linear_reader_goes_back_through_the_same_trail(tmp_path):
    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.plain_reader import PlainReader

    library = load_library(FIXTURE_LIBRARY)
    engine = SearchEngine(library, open_index(library, cache=tmp_path))
    out = io.StringIO()
    reader = PlainReader(library, engine, out, 80)
    reader.show(reader.topics_listing())
    reader.answer("vitamin d")
    reader.answer("1")
    assert getattr(reader.trail.current, "id", None) is not None
    reader.answer("b")
    assert reader.trail.current.heading.startswith("Search for vitamin d")
    reader.answer("b")
    assert reader.trail.current.heading.startswith("Topics: 11. ")
    out.truncate(0)
    reader.answer("b")
    assert "Nothing to go back to." in out.getvalue()
