"""The index is a cache: updated incrementally, rebuilt when damaged, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import filelock
import pytest
from conftest import write_article

from tui.core import index as index_module
from tui.core.index import open_index
from tui.core.index_files import MANIFEST, SCHEMA_VERSION, index_dir_for
from tui.core.library import load_library
from tui.core.search import SearchEngine


def ids(index, word: str) -> set[str]:
    library = load_library(index.library_root)
    return {h.article.id for h in SearchEngine(library, index).search(word).hits}


@pytest.fixture
def opened(library_dir, tmp_path):
    """Open an index for the library; returns a function so tests can reopen."""
    cache = tmp_path / "cache"

    def reopen(**kwargs):
        library = load_library(library_dir)
        index = open_index(library, cache=cache, **kwargs)
        index.library_root = library_dir
        return index

    return reopen


def test_first_open_builds_then_reuses(opened):
    first = opened()
    assert first.status.rebuilt and first.doc_count() == 5
    assert first.status.messages == []  # building the first time needs no apology
    second = opened()
    assert not second.status.rebuilt
    assert (second.status.added, second.status.updated, second.status.deleted) == (0, 0, 0)


def test_the_schema_keeps_each_thing_a_reader_filters_or_sorts_by(opened):
    """Title, the weighted text, topics, kind, date, year, credibility, interest, journal."""
    from whoosh import query as wq

    index = opened()
    with index.lock:
        searcher = index.searcher()

        def matching(query) -> set[str]:
            return {hit["id"] for hit in searcher.search(query, limit=None)}

        assert matching(wq.NumericRange("interest", 5, 5)) == {"ebv-risk", "ocrelizumab-trial"}
        assert matching(wq.Term("journal", "annal")) == {"spinal-cord-imaging"}
        assert matching(wq.Term("topics", "EBV")) == {"ebv-risk"}
        assert matching(wq.Term("kind", "explainer")) == {"fatigue-explainer"}


def test_added_changed_and_deleted_files_are_updated_alone(opened, library_dir):
    opened()
    write_article(library_dir, "brand-new", title="Remyelination with clemastine")
    changed = library_dir / "vitamin-d-levels.md"
    changed.write_text(changed.read_text().replace("relapses", "sunshine"), encoding="utf-8")
    (library_dir / "spinal-cord-imaging.md").unlink()
    index = opened()
    status = index.status
    assert (status.added, status.updated, status.deleted, status.rebuilt) == (1, 1, 1, False)
    assert index.doc_count() == 5
    assert ids(index, "clemastine") == {"brand-new"}
    assert "vitamin-d-levels" in ids(index, "sunshine")
    assert "spinal-cord-imaging" not in ids(index, "atrophy")


def test_the_index_is_read_from_its_files_not_mapped(opened):
    """A mapped index also kept a copy of each part it read: about 115 MB at 10k articles."""
    assert opened().ix.storage.supports_mmap is False


def test_a_long_lived_searcher_sees_updates(opened, library_dir):
    index = opened()
    library = load_library(library_dir)
    engine = SearchEngine(library, index)
    assert engine.search("atrophy").total == 1
    (library_dir / "spinal-cord-imaging.md").unlink()
    opened()  # another process (or a later open) updates the index
    assert engine.search("atrophy").total == 0  # no stale deleted document


def _segment_files(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob("*.seg"))


@pytest.mark.parametrize(
    "damage",
    [
        "truncate-segment",
        "delete-segment",
        "garbage-toc",
        "delete-toc",
        "delete-manifest",
        "garbage-manifest",
    ],
)
def test_damaged_index_is_rebuilt_with_a_message(opened, tmp_path, library_dir, damage):
    first = opened()
    first.close()
    directory = first.status.location
    if damage == "truncate-segment":
        seg = _segment_files(directory)[0]
        seg.write_bytes(seg.read_bytes()[:100])
    elif damage == "delete-segment":
        _segment_files(directory)[0].unlink()
    elif damage == "garbage-toc":
        next(directory.glob("*.toc")).write_bytes(b"\x00garbage" * 10)
    elif damage == "delete-toc":
        next(directory.glob("*.toc")).unlink()
    elif damage == "delete-manifest":
        (directory / MANIFEST).unlink()
    else:
        (directory / MANIFEST).write_text("{not json")
    index = opened()
    assert index.status.rebuilt
    assert index.status.messages and "Rebuilding the search index" in index.status.messages[0]
    assert ids(index, "ocrelizumab") == {"ocrelizumab-trial"}


def test_index_from_an_older_schema_is_replaced(opened, tmp_path, library_dir):
    current = index_dir_for(library_dir, tmp_path / "cache")
    old = current.with_name(current.name.replace(f"-v{SCHEMA_VERSION}", "-v0"))
    old.mkdir(parents=True)
    (old / "junk.seg").write_text("old")
    index = opened()
    assert not old.exists()
    assert any("older version of Myelin" in m for m in index.status.messages)


def test_manifest_from_another_schema_version_forces_a_rebuild(opened):
    first = opened()
    manifest = first.status.location / MANIFEST
    manifest.write_text(manifest.read_text().replace(f'"schema": {SCHEMA_VERSION}', '"schema": 0'))
    assert "another version of Myelin" in opened().status.messages[0]


def test_rebuild_on_request(opened):
    opened()
    index = opened(rebuild=True)
    assert index.status.rebuilt and index.status.messages == []


def test_while_another_process_writes_search_the_old_index_and_say_so(opened, library_dir):
    first = opened()
    write_article(library_dir, "brand-new", title="Clemastine news")
    holder = filelock.FileLock(str(first.status.location) + ".lock")
    with holder:  # another process holds the write lock
        index = opened()
    assert index.status.stale
    assert "results may be out of date" in index.status.messages[0]
    assert ids(index, "ocrelizumab") == {"ocrelizumab-trial"}


def test_a_stale_whoosh_lock_file_from_a_killed_process_is_harmless(opened):
    first = opened()
    (first.status.location / "MAIN_WRITELOCK").write_text("")
    write_article(first.library_root, "brand-new", title="Clemastine news")
    index = opened()
    assert index.status.added == 1 and not index.status.stale


def test_locked_with_no_usable_index_falls_back_to_memory(opened, library_dir, tmp_path):
    directory = index_dir_for(library_dir, tmp_path / "cache")
    directory.parent.mkdir(parents=True)
    with filelock.FileLock(str(directory) + ".lock"):
        index = opened()
    assert index.status.in_memory
    assert ids(index, "ocrelizumab") == {"ocrelizumab-trial"}


def test_unwritable_cache_builds_in_memory(library_dir, tmp_path):
    cache = tmp_path / "cache-is-a-file"
    cache.write_text("not a folder")
    index = open_index(load_library(library_dir), cache=cache)
    index.library_root = library_dir
    assert index.status.in_memory
    assert "Searching from memory this session" in index.status.messages[0]
    assert ids(index, "ocrelizumab") == {"ocrelizumab-trial"}


def test_full_disk_during_build_falls_back_to_memory(library_dir, tmp_path, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_module, "_write_manifest", disk_full)
    index = open_index(load_library(library_dir), cache=tmp_path / "cache")
    assert index.status.in_memory
    assert "No space left on device" in index.status.messages[0]
    assert not list((tmp_path / "cache" / "index").glob("*.build-*"))  # temp build removed


def test_progress_is_reported_while_building(library_dir, tmp_path):
    seen = []
    open_index(
        load_library(library_dir), cache=tmp_path / "c", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (5, 5)


@pytest.fixture
def built_in_child(monkeypatch):
    """Even five articles are built in a child process, on two cores."""
    monkeypatch.setattr(index_module, "BUILD_IN_CHILD_FROM", 1)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)


def test_a_full_build_runs_in_a_child_process_on_every_core(
    built_in_child, library_dir, tmp_path, monkeypatch
):
    in_process = []
    monkeypatch.setattr(index_module, "_write_documents", lambda *a: in_process.append(a))
    seen = []
    index = open_index(
        load_library(library_dir), cache=tmp_path / "c", progress=lambda d, t: seen.append((d, t))
    )
    index.library_root = library_dir
    assert index.status.rebuilt and not in_process and seen[-1] == (5, 5)
    assert ids(index, "ocrelizumab") == {"ocrelizumab-trial"}
    assert not list((tmp_path / "c" / "index").glob("*.build-*"))


@pytest.mark.parametrize("failure", ["no python", "silent"])
def test_a_failed_child_build_is_done_again_here(
    built_in_child, library_dir, tmp_path, monkeypatch, failure
):
    if failure == "no python":
        monkeypatch.setattr(index_module.sys, "executable", str(tmp_path / "no-python"))
    else:  # stopped by the watchdog before it says anything
        monkeypatch.setattr(index_module, "BUILD_SILENCE_LIMIT", 0.001)
    seen = []
    index = open_index(
        load_library(library_dir), cache=tmp_path / "c", progress=lambda d, t: seen.append((d, t))
    )
    index.library_root = library_dir
    assert index.status.rebuilt and not index.status.in_memory and seen[-1] == (5, 5)
    assert ids(index, "ocrelizumab") == {"ocrelizumab-trial"}


def test_a_build_left_by_a_stopped_process_is_removed(opened, tmp_path):
    first = opened()
    stale = first.status.location.with_name(first.status.location.name + ".build-99999999")
    stale.mkdir()
    (stale / "MAIN_abc.seg").write_text("half-written")
    opened(rebuild=True)
    assert not stale.exists()


def test_index_lives_in_the_user_cache_dir(library_dir, isolated_dirs):
    index = open_index(load_library(library_dir))
    assert str(index.status.location).startswith(str(isolated_dirs / "xdg_cache_home"))
    assert os.path.basename(index.status.location).endswith(f"-v{SCHEMA_VERSION}")


def test_search_survives_the_index_being_swapped_underneath(opened, library_dir):
    from tui.core.library import load_library
    from tui.core.search import SearchEngine

    index = opened()
    engine = SearchEngine(load_library(library_dir), index)
    assert engine.search("ocrelizumab").total == 1
    index.close()
    import shutil

    shutil.rmtree(index.status.location)  # another process rebuilds: the old files vanish
    opened(rebuild=True)
    results = engine.search("ocrelizumab")
    assert results.total == 1 and results.messages == []
