"""A read-only index built once for everyone (a clinic server), and the packaged one."""

from __future__ import annotations

from pathlib import Path

from conftest import run_myelin

from tui.core import index_files
from tui.core.index import open_index
from tui.core.library import load_library
from tui.core.search import SearchEngine


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def build(library_dir: Path, target: Path) -> None:
    done = run_myelin("index", "--library", str(library_dir), "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert f"MYELIN_INDEX={target}" in " ".join(done.stdout.split())


def test_readers_search_the_shared_index_and_never_write_to_it(
    library_dir, tmp_path, isolated_dirs
):
    shared = tmp_path / "clinic-index"
    build(library_dir, shared)
    before = files_of(shared)
    env = {"MYELIN_INDEX": str(shared), "MYELIN_LIBRARY": str(library_dir)}
    for _ in range(2):
        found = run_myelin("search", "--json", "vitamin", env=env)
        assert '"vitamin-d-levels"' in found.stdout and found.stderr == ""
    said = run_myelin("index", env=env)
    assert f"Using the shared index in {shared}" in " ".join(said.stdout.split())
    assert files_of(shared) == before
    private = isolated_dirs / "xdg_cache_home" / "myelin" / "index"
    assert not private.exists() or not list(private.iterdir())  # no index of their own


def test_a_stale_shared_index_is_left_alone_for_the_readers_own(library_dir, tmp_path, monkeypatch):
    shared = tmp_path / "clinic-index"
    build(library_dir, shared)
    before = files_of(shared)
    article = library_dir / "ebv-risk.md"
    article.write_text(article.read_text().replace("virus", "virus from zanzibar"))
    monkeypatch.setenv("MYELIN_INDEX", str(shared))
    library = load_library(library_dir)
    index = open_index(library, cache=tmp_path / "own")
    assert not index.status.shared and index.status.location != shared
    assert "does not match the library's files" in index.status.messages[0]
    hits = SearchEngine(library, index).search("zanzibar").hits
    assert [hit.article.id for hit in hits] == ["ebv-risk"]  # the reader's own index is current
    assert files_of(shared) == before


def test_the_packaged_index_is_used_for_the_bundled_library(library_dir, tmp_path, monkeypatch):
    """What the wheel carries (hatch_build.py) opens without a build, while it matches."""
    packaged = tmp_path / "library-index"
    build(library_dir, packaged)
    monkeypatch.setattr(index_files, "PREBUILT", packaged)
    monkeypatch.setattr(index_files, "bundled_library", lambda: library_dir)
    library = load_library(library_dir)
    index = open_index(library, cache=tmp_path / "own")
    assert index.status.shared and index.status.location == packaged
    assert index.status.messages == [] and not (tmp_path / "own").exists()
    (library_dir / "ebv-risk.md").unlink()  # an edited copy: the user's own index, silently
    changed = load_library(library_dir)
    own = open_index(changed, cache=tmp_path / "own")
    assert not own.status.shared and own.status.messages == []
