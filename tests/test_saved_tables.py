"""A search reads what it needs of every article of an index once per index version."""

from __future__ import annotations

from tui.core.index import open_index
from tui.core.library import load_library
from tui.core.search import SearchEngine, whoosh_adapter


def ranked(library, cache, query: str):
    index = open_index(library, cache=cache)
    try:
        found = SearchEngine(library, index).search(query)
        return [h.article.id for h in found.hits], found.facets
    finally:
        index.close()


def test_the_next_search_reads_no_stored_document_and_no_topic_postings(
    library_dir, tmp_path, monkeypatch
):
    """`myelin search relapse` at 10,000 articles read 1,600 stored documents (to learn
    what each explainer is mainly about) and every topic's postings (to count the topics
    of the matches): 21 ms in every command."""
    cache = tmp_path / "cache"
    library = load_library(library_dir)
    first = ranked(library, cache, "relapses")
    assert first[0] and first[1]

    def fails(*args, **kwargs):
        raise AssertionError("read from the index again")

    from whoosh.reading import SegmentReader

    stored: list[int] = []
    real = SegmentReader.stored_fields

    def counted(reader, docnum):
        stored.append(docnum)
        return real(reader, docnum)

    monkeypatch.setattr(whoosh_adapter, "read_ids", fails)
    monkeypatch.setattr(SegmentReader, "iter_docs", fails)
    monkeypatch.setattr(SegmentReader, "stored_fields", counted)
    assert ranked(library, cache, "relapses") == first
    assert len(stored) <= len(first[0])  # the results shown, and nothing else


def test_a_changed_index_is_read_again(library_dir, tmp_path):
    """The tables saved belong to one version of the index: an article's topics changed
    (the index updated) are counted at once."""
    cache = tmp_path / "cache"
    before = ranked(load_library(library_dir), cache, "vitamin")
    article = library_dir / "vitamin-d-levels.md"
    text = article.read_text()
    article.write_text(text.replace("topics: [", "topics: [Fatigue, ", 1))
    after = ranked(load_library(library_dir), cache, "vitamin")
    assert after[1]["Fatigue"] == before[1].get("Fatigue", 0) + 1


def test_tables_of_an_index_in_memory_are_not_saved(library_dir, tmp_path, monkeypatch):
    from tui.core.search import saved_tables

    monkeypatch.setattr(saved_tables, "save", None)  # saving would fail
    library = load_library(library_dir)
    index = open_index(library, cache=tmp_path / "cache")
    index.status.in_memory = True
    assert SearchEngine(library, index).search("relapses").hits
    index.close()
