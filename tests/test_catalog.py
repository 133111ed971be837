"""The first screen's snapshot: what it keeps, and that anything odd means "no snapshot"."""

from __future__ import annotations

from conftest import FIXTURE_LIBRARY

from tui.core.catalog import (
    catalog_digest,
    catalog_path,
    catalog_rows,
    read_catalog,
    save_catalog,
)
from tui.core.library import load_library


def test_snapshot_lists_what_the_full_library_lists(tmp_path):
    library = load_library(FIXTURE_LIBRARY)
    save_catalog(library, catalog_rows(library), cache=tmp_path)
    snapshot = read_catalog(FIXTURE_LIBRARY, tmp_path)
    assert not snapshot.complete and library.complete
    assert snapshot.digest == catalog_digest(catalog_rows(library))
    assert set(snapshot.articles) == set(library.articles) and len(snapshot.articles) == 5
    assert [a.id for a in snapshot.newest()] == [a.id for a in library.newest()]
    assert dict(snapshot.topic_counts()) == library.topic_counts()
    assert [a.id for a in snapshot.in_topic("ebv")] == [a.id for a in library.in_topic("EBV")]
    assert [t.name for t in snapshot.topics.topics] == [t.name for t in library.topics.topics]
    assert snapshot.glossary.find("relapses") == library.glossary.find("relapses") is not None
    for article_id, full in library.articles.items():
        light = snapshot.get(article_id)
        assert (light.title, light.date, light.kind, light.topics, light.takeaway) == (
            full.title,
            full.date,
            full.kind,
            full.topics,
            full.takeaway,
        )
        assert light.source == full.source and light.credibility == full.credibility
        assert light.reading_minutes == full.reading_minutes
        assert light.path == full.path
        assert light.sections == () and light.considerations == ""  # bodies wait for the load


def test_snapshot_keeps_the_problems(tmp_path, library_dir):
    (library_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    library = load_library(library_dir)
    save_catalog(library, catalog_rows(library), cache=tmp_path)
    snapshot = read_catalog(library_dir, tmp_path)
    assert [str(p) for p in snapshot.problems] == [str(p) for p in library.problems]
    assert snapshot.problems


def test_no_snapshot_when_missing_damaged_or_for_another_library(tmp_path, library_dir):
    assert read_catalog(FIXTURE_LIBRARY, tmp_path) is None
    library = load_library(FIXTURE_LIBRARY)
    save_catalog(library, catalog_rows(library), cache=tmp_path)
    other = catalog_path(library_dir, tmp_path)
    other.write_bytes(catalog_path(FIXTURE_LIBRARY, tmp_path).read_bytes())
    assert read_catalog(library_dir, tmp_path) is None  # written for another folder
    catalog_path(FIXTURE_LIBRARY, tmp_path).write_bytes(b"\x80\x05garbage")
    assert read_catalog(FIXTURE_LIBRARY, tmp_path) is None


def test_an_unwritable_cache_only_costs_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    library = load_library(FIXTURE_LIBRARY)
    save_catalog(library, catalog_rows(library), cache=blocker)  # no exception
    assert read_catalog(FIXTURE_LIBRARY, blocker) is None
    assert list(tmp_path.iterdir()) == [blocker]  # no temp files left


def test_the_first_screen_reads_only_the_newest_rows(tmp_path, library_dir, monkeypatch):
    """The small file has every id, the counts and the newest rows; the rest is read only
    when an article further down is asked for, and only if it belongs to the same save."""
    from conftest import write_article

    from tui.core import catalog

    for number in range(6):
        write_article(
            library_dir,
            f"old-{number}",
            date=f"2001-01-0{number + 1}",
            source="\n  journal: J\n  year: 2000",  # research before its summary
        )
    monkeypatch.setattr(catalog, "FIRST_ROWS", 3)
    library = load_library(library_dir)
    save_catalog(library, catalog_rows(library), cache=tmp_path)
    snapshot = read_catalog(library_dir, tmp_path)
    assert len(snapshot.articles.rows) == 3 and len(snapshot.articles) == 11
    assert snapshot.topic_counts() == library.topic_counts()
    assert [a.id for a in snapshot.newest()[:3]] == [a.id for a in library.newest()[:3]]
    assert len(snapshot.articles.rows) == 3  # nothing else read yet
    assert snapshot.get("old-0").title == library.get("old-0").title
    assert len(snapshot.articles.rows) == 11

    save_catalog(library, catalog_rows(library), cache=tmp_path)
    stale = read_catalog(library_dir, tmp_path)
    catalog_path(library_dir, tmp_path, "rows").write_bytes(b"")  # damaged, or from another save
    assert stale.get("old-0") is None
    assert [a.id for a in stale.newest()] == [a.id for a in library.newest()[:3]]


def test_cache_names_follow_the_fields_they_hold():
    """A field added to what a cache holds gives the cache a new name: never read stale."""
    from typing import NamedTuple

    from tui.core.article_cache import shape
    from tui.core.catalog import Row

    class Wider(NamedTuple):
        id: str
        extra: int

    assert shape(Row) != shape(Wider) and shape(Row) == shape(Row)


def test_the_digest_follows_the_rows_values_not_which_strings_they_share():
    """Equal rows give one digest however their strings were made (an article from the
    cache shares a topic's string with its neighbours, a freshly parsed one may not);
    any changed value gives another."""
    library = load_library(FIXTURE_LIBRARY)
    rows = catalog_rows(library)
    copied = [
        row._replace(topics=tuple("".join(list(t)) for t in row.topics), kind="".join(row.kind))
        for row in rows
    ]
    assert copied[0].kind is not rows[0].kind and copied == rows
    assert catalog_digest(copied) == catalog_digest(rows)
    changed = [rows[0]._replace(takeaway=rows[0].takeaway + " More."), *rows[1:]]
    assert catalog_digest(changed) != catalog_digest(rows)


def test_words_many_articles_repeat_are_kept_once(library_dir):
    """Kind, topics, section headings, study type and journal: one string for every
    article that uses it (at 20,000 articles, 9 MB of copies)."""
    from conftest import write_article

    for name in ("one", "two"):
        write_article(library_dir, name, topics="[EBV, Relapses]")
    library = load_library(library_dir)
    first, second = library.get("one"), library.get("two")
    assert first.kind is second.kind and first.study_type is second.study_type
    assert all(a is b for a, b in zip(first.topics, second.topics, strict=True))
    assert first.source.journal is second.source.journal
    assert [s.heading for s in first.sections] == [s.heading for s in second.sections]
    assert all(a.heading is b.heading for a, b in zip(first.sections, second.sections, strict=True))
