"""Related articles of similar wording: the best by Whoosh's BM25F, scored from the
postings arrays rather than by `searcher.search`."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.searching import Searcher

from tui.core.search import related as related_module


def test_similar_articles_are_the_best_scored_of_all(bundled_engine, monkeypatch):
    """The same articles and scores as Whoosh scoring every article that shares a key word
    (its `searcher.search` with a limit skipped blocks it took for too weak, and at 10k
    missed some of the best), without `searcher.search` (24 -> 15 ms a show at 10k)."""
    library, index = bundled_engine.library, bundled_engine.index
    article = library.get("explainer-relapses")
    text = " ".join([article.title, article.takeaway, article.body])
    with index.lock:
        searcher = index.searcher()
        keys = [k for k, _ in searcher.key_terms_from_text("content", text, numterms=8)]
        query = wq.Or([wq.Term("content", k) for k in keys])
        every = searcher.search(query, limit=None, mask=wq.Term("id", article.id))
        expected = [(hit["id"], hit.score) for hit in every][:10]
    monkeypatch.setattr(Searcher, "search", None)  # searching would fail
    with index.lock:
        found = related_module._similar(index, bundled_engine._tables_for, article)
    top = expected[0][1]
    assert [(i, round(s, 9)) for i, s, _ in found] == [(i, round(s / top, 9)) for i, s in expected]
    assert all(words for *_, words in found[:3])  # "also about ..." the shared key words
