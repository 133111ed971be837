"""Arbitrary input never escapes as an exception and always ends quickly."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURE_LIBRARY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.article import Article
from tui.core.index import open_index
from tui.core.library import load_library
from tui.core.parser import parse_article
from tui.core.sanitize import is_safe
from tui.core.search import SearchEngine
from tui.core.search.query import MAX_TYPED, parse_query

QUERY_ALPHABET = st.characters(codec="utf-8") | st.sampled_from(list('"-:*?()[]^~\\ '))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    library = load_library(FIXTURE_LIBRARY)
    return SearchEngine(library, open_index(library, cache=tmp_path_factory.mktemp("cache")))


@FAST
@given(st.text(QUERY_ALPHABET, max_size=400), st.booleans())
def test_query_parser_takes_anything(text, as_you_type):
    parsed = parse_query(text, as_you_type=as_you_type)
    assert len(parsed.words) <= MAX_TYPED  # 24 read; the 12 least common are searched
    for word in parsed.words:
        assert all(unicodedata.category(c) != "Cc" for c in word)


@FAST
@given(text=st.text(QUERY_ALPHABET, max_size=300))
def test_search_takes_anything(engine, text):
    """Any text is a query: it never fails inside (a failure would be logged and, worse,
    sends the engine to check the index for damage). Hangs are caught by the suite's timeout."""
    failures: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = failures.append  # type: ignore[method-assign]
    logger = logging.getLogger("tui.core.search")
    logger.addHandler(handler)
    try:
        results = engine.search(text, as_you_type=True)
    finally:
        logger.removeHandler(handler)
    assert not failures, text
    assert isinstance(results.total, int)


YAML_BITS = st.sampled_from(
    [
        "title: x",
        "date: 2024-01-01",
        "date: 2024-13-45",
        "kind: summary",
        "topics: [a, b]",
        "credibility: 3",
        "credibility: high",
        "&a [1]",
        "*a",
        "- item",
        "key: {a: [",
        "? x",
        "source:\n  journal: J\n  year: 2020",
        "interest: on",
        "'unclosed",
        '"\\e[2J"',
        "!!python/x",
        "---",
        "...",
        "\t",
        "k: v\nk: w",
    ]
)


@FAST
@given(st.lists(YAML_BITS | st.text(max_size=40), max_size=12), st.text(max_size=200))
def test_front_matter_parser_takes_anything(lines, body):
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    result = parse_article(Path("fuzz.md"), text)
    assert isinstance(result, Article | list)
    if isinstance(result, list):
        assert result and all(p.message for p in result)
        assert all(is_safe(str(p)) for p in result)


@FAST
@given(st.binary(max_size=2000))
def test_article_files_of_random_bytes(tmp_path_factory, data):
    from tui.core.parser import read_article

    path = tmp_path_factory.mktemp("bytes") / "random.md"
    path.write_bytes(data)
    result = read_article(path)
    assert isinstance(result, Article | list)
