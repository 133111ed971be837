"""A damaged index file is found (checksums in the manifest, a full read when a search
fails) and rebuilt or replaced by memory, said once: never a traceback, never a false
"No article mentions" (QA F20, issue 12 item 8)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_cli

from tui.core.command_library import load_for_command
from tui.core.index import open_index
from tui.core.index_files import index_dir_for
from tui.core.library import load_library
from tui.core.search import SearchEngine


def _damage(location: Path, keep_time: bool = False) -> None:
    """A little damage inside each segment: its structure still reads, its postings lie."""
    for part in location.glob("*.seg"):
        before = part.stat()
        with part.open("r+b") as handle:
            handle.seek(before.st_size // 2)
            handle.write(b"\x00\x13" * 64)
        if keep_time:
            os.utime(part, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_quick_command_library_repairs_a_damaged_index_instead_of_raising(library_dir):
    run_cli("search", "relapses", "--library", str(library_dir))
    library = load_for_command(library_dir)
    assert not library.complete  # the CLI's partial library
    index = open_index(library)
    engine = SearchEngine(library, index)
    for part in index.status.location.glob("*.seg"):  # damage that breaks every read
        part.write_bytes(b"\x00" * part.stat().st_size)
    results = engine.search("relapses")
    assert results.total >= 1
    assert "The search index was damaged; it has been rebuilt." in results.messages


def test_damage_between_runs_is_found_at_opening_and_said_once(library_dir):
    assert run_cli("search", "relapses", "--library", str(library_dir)).returncode == 0
    _damage(index_dir_for(library_dir))
    result = run_cli("search", "relapses", "--library", str(library_dir))
    assert result.returncode == 0
    assert "No article mentions" not in result.stdout
    assert result.stderr.count("damaged") == 1, result.stderr
    assert "Traceback" not in result.stderr
    again = run_cli("search", "relapses", "--library", str(library_dir))
    assert "damaged" not in again.stderr  # rebuilt: the next command is quiet


def test_myelin_index_hashes_every_file_and_rebuilds_a_damaged_one(library_dir):
    run_cli("index", "--library", str(library_dir))
    _damage(index_dir_for(library_dir), keep_time=True)  # size and time as written
    quick = open_index(load_library(library_dir))
    assert not quick.status.messages  # opening trusts size and time: stays cheap
    quick.close()
    result = run_cli("index", "--library", str(library_dir))
    assert "damaged" in result.stderr
    assert "Indexed" in result.stdout and "up to date" not in result.stdout


def test_a_shared_index_that_cannot_be_read_says_why(library_dir, tmp_path, monkeypatch):
    """Folder permissions (not testable as root, who reads everything): the reason is
    said, not "made by another version of Myelin"."""
    import pathlib

    from tui.core.index_files import MANIFEST

    shared = tmp_path / "clinic-index"
    assert run_cli("index", "--library", str(library_dir), "--output", str(shared)).returncode == 0
    opened = pathlib.Path.open

    def refused(self, *args, **kwargs):
        if self.name == MANIFEST and self.parent == shared:
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refused)
    env = {"MYELIN_INDEX": str(shared)}
    result = run_cli("search", "vitamin", "--library", str(library_dir), env=env)
    said = " ".join(result.stderr.split())
    assert f"The shared index in {shared} cannot be read (Permission denied)" in said, said
    assert "another version" not in said
    assert result.returncode == 0


def test_index_output_without_a_terminal_prints_progress_lines(library_dir, tmp_path, monkeypatch):
    """`myelin index --output` from cron: a line now and then on stderr, not silence."""
    from tui import cli

    monkeypatch.setattr(cli, "BIG_BUILD", 1)
    monkeypatch.setattr(cli, "PROGRESS_LINE_EVERY", 0.0)  # every step, so the test need not wait
    result = run_cli("index", "--library", str(library_dir), "--output", str(tmp_path / "out"))
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("Indexing: ")]
    assert lines and lines[-1].endswith(" articles"), result.stderr
    # and before the build, while the articles are read (10,000 parsed: half a minute)
    assert "Reading articles: 0 of 5\n" in result.stderr, result.stderr


def test_a_search_that_finds_nothing_checks_the_index_files_first(library_dir):
    """Damage with size and time as written, that still reads: a search that finds
    nothing hashes the files (once a session) before saying "No article mentions"."""
    library = load_library(library_dir)
    first = open_index(library)
    first.close()
    location = first.status.location
    index = open_index(library)
    assert not index.status.messages
    engine = SearchEngine(library, index)
    for part in location.glob("*.seg"):  # a copy of another index's bytes: reads, but lies
        before = part.stat()
        data = bytearray(part.read_bytes())
        data[len(data) // 2] ^= 0xFF
        part.write_bytes(bytes(data))
        os.utime(part, ns=(before.st_atime_ns, before.st_mtime_ns))
    results = engine.search("zzzqqq")  # nothing has this word: the files are checked
    assert "The search index was damaged; it has been rebuilt." in results.messages
    assert engine.search("ocrelizumab").total == 1
    assert all("damaged" not in m for m in engine.search("zzzqqq").messages)  # said once


def test_an_index_from_before_the_checksums_gets_them_when_opened(library_dir):
    import json

    from tui.core.index_files import MANIFEST, read_manifest

    library = load_library(library_dir)
    open_index(library).close()
    manifest_path = index_dir_for(library_dir) / MANIFEST
    older = json.loads(manifest_path.read_text())
    del older["sums"]
    manifest_path.write_text(json.dumps(older))
    open_index(library).close()
    manifest = read_manifest(index_dir_for(library_dir))
    assert manifest is not None and any(name.endswith(".seg") for name in manifest["sums"])
