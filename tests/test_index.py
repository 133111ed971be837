"""The index is a cache: updated incrementally, rebuilt when damaged, never in the way."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import filelock
import pytest
from conftest import write_article

from tui.core import index as index_module
from tui.core.index import open_index
from tui.core.index_files import MANIFEST, SCHEMA_VERSION, index_dir_for
from tui.core.library import load_library
from tui.core.search import SearchEngine
from tui.core.search.engine import SEARCH_FAULT


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


def fake_child(monkeypatch, before_build: str) -> None:
    """The build child, with `before_build` (Python) run first: a slow or failing phase."""
    code = (
        "import sys, time; root = sys.argv.pop(1); sys.path.insert(0, root)\n"
        f"{before_build}\n"
        "from tui.core.index import _child_build; _child_build()"
    )
    root = str(Path(index_module.__file__).resolve().parents[2])
    monkeypatch.setattr(
        index_module, "child_command", lambda: [sys.executable, "-I", "-c", code, root]
    )


def test_a_long_quiet_phase_with_a_heartbeat_is_not_killed(
    built_in_child, library_dir, tmp_path, monkeypatch
):
    """At 10,000 articles the commit says nothing for about 80 s; a busy machine's build
    was killed as stuck. Alive is heard as alive, however long the quiet phase.

    Driven by events, not by the clock: the watchdog starts once the child runs its first
    statement (a loaded machine can take longer than the short limit just to start
    Python), and the quiet phase ends only once the watchdog has heard the child alive
    through two and a half silence limits."""
    limit = 1.0
    monkeypatch.setattr(index_module, "BUILD_SILENCE_LIMIT", limit)
    monkeypatch.setattr(index_module, "HEARTBEAT", 0.05)
    started, quiet_over = tmp_path / "started", tmp_path / "quiet-over"
    os.mkfifo(started)
    os.mkfifo(quiet_over)
    # The child beats from its first statement on, says it is up, and stays quiet (builds
    # nothing) until told; then the real build child runs.
    fake_child(
        monkeypatch,
        "import threading\n"
        "def beat():\n"
        "    while True: print('beat', flush=True); time.sleep(0.05)\n"
        "threading.Thread(target=beat, daemon=True).start()\n"
        f"open({str(started)!r}, 'w').close()\n"
        f"open({str(quiet_over)!r}).read()",
    )

    class Watchdog(index_module._Watchdog):
        def __init__(self, child, seconds: float) -> None:
            with started.open() as up:  # blocks until the child has opened its end
                up.read()
            super().__init__(child, seconds)
            self.since, self.released = self.last, False

        def heard(self) -> None:
            super().heard()
            if not self.released and self.last - self.since > 2.5 * limit:
                self.released = True
                quiet_over.write_text("build now")

    monkeypatch.setattr(index_module, "_Watchdog", Watchdog)
    in_process = []
    monkeypatch.setattr(index_module, "_write_documents", lambda *a: in_process.append(a))
    index = open_index(load_library(library_dir), cache=tmp_path / "c")
    assert index.status.rebuilt and not in_process and index.doc_count() == 5


def test_the_child_says_it_is_alive_during_the_build(library_dir, tmp_path):
    import pickle
    import subprocess

    folder = tmp_path / "build"
    folder.mkdir()
    library = load_library(library_dir)
    sent = [index_module.known_pairs(library), *library.articles.values()]
    documents = b"".join(pickle.dumps(item) for item in sent)
    command = [*index_module.child_command(), str(folder), "2", str(os.getpid()), "0.01"]
    done = subprocess.run(command, input=documents, capture_output=True, timeout=120)
    lines = done.stdout.decode().split()
    assert done.returncode == 0 and lines[-2:] == ["done", "5"]
    assert "beat" in lines


def test_a_full_disk_fails_fast_with_one_line_and_no_traceback(
    built_in_child, library_dir, tmp_path, monkeypatch, capsys
):
    from tui import cli

    fake_child(
        monkeypatch,
        "import traceback; traceback.print_stack(); print('error 28', flush=True); sys.exit(1)",
    )
    in_process = []
    monkeypatch.setattr(index_module, "_write_documents", lambda *a: in_process.append(a))
    index = open_index(load_library(library_dir), cache=tmp_path / "c")
    assert index.status.in_memory and len(in_process) == 1  # memory, not a second build
    assert index.status.messages == [
        "Searching from memory this session: cannot write the index cache "
        "(No space left on device)."
    ]
    assert not list((tmp_path / "c" / "index").glob("*.build-*"))
    assert cli.main(["index", "--rebuild", "--library", str(library_dir)]) == 0
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_too_little_free_space_is_said_before_building(library_dir, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(1, 1, 1))
    index = open_index(load_library(library_dir), cache=tmp_path / "c")
    assert index.status.in_memory and index.doc_count() == 5
    assert "not enough free space: about" in index.status.messages[0]


def test_a_failed_child_prints_nothing_to_the_user(
    built_in_child, library_dir, tmp_path, monkeypatch, capsys
):
    import logging

    monkeypatch.setattr(logging.root, "handlers", [])  # as in `myelin`: no logging set up
    fake_child(monkeypatch, "raise RuntimeError('a writer died')")
    index = open_index(load_library(library_dir), cache=tmp_path / "c")
    assert index.status.rebuilt and index.doc_count() == 5  # built here instead
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_folders_left_by_a_stopped_process_are_removed_on_the_next_open(opened):
    first = opened()
    location = first.status.location
    old = location.with_name(location.name + ".old-99999999")  # killed between the renames
    build = location.with_name(location.name + ".build-99999998")
    for folder in (old, build):
        folder.mkdir()
        (folder / "MAIN_abc.seg").write_text("left behind")
    opened()
    assert not old.exists() and not build.exists()


def test_a_newer_versions_index_is_left_alone_and_an_older_one_removed(opened):
    first = opened()
    location = first.status.location
    stem = location.name.rsplit("-v", 1)[0]
    newer = location.with_name(f"{stem}-v{SCHEMA_VERSION + 1}")
    older = location.with_name(f"{stem}-v{SCHEMA_VERSION - 1}")
    for folder in (newer, older):
        folder.mkdir()
        (folder / "MAIN_abc.seg").write_text("another version's index")
    again = opened()
    assert newer.exists() and not older.exists()
    assert again.status.messages == [
        "The search index was from an older version of Myelin; it has been rebuilt."
    ]


KILLED_APP = '''
import os, sys
from pathlib import Path
from tui.core import index as i
from tui.core.library import load_library

SLOW = """
import tui.core.index as i, time
def slow(*args, **kwargs):
    with open(FIFO, "w") as started:
        started.write("building")
    time.sleep(600)
i.whoosh_index.create_in = slow
"""
i.BUILD_IN_CHILD_FROM, i.HEARTBEAT = 1, 0.05
os.cpu_count = lambda: 2
SLOW = SLOW.replace("FIFO", repr(sys.argv[3]))
code = i._CHILD_CODE.replace("from tui", SLOW + "from tui", 1)
root = str(Path(i.__file__).resolve().parents[2])
i.child_command = lambda: [sys.executable, "-I", "-c", code, root]
i.open_index(load_library(Path(sys.argv[1])), cache=Path(sys.argv[2]))
'''


def test_the_build_child_stops_and_cleans_up_when_its_app_is_killed(library_dir, tmp_path):
    """A killed app (SIGKILL, a closed SSH session) must not leave its build running."""
    import select
    import signal
    import subprocess

    cache = tmp_path / "cache"
    app = tmp_path / "app.py"
    app.write_text(KILLED_APP)
    started = tmp_path / "started"
    os.mkfifo(started)
    parent = subprocess.Popen([sys.executable, str(app), str(library_dir), str(cache), started])
    assert started.read_text() == "building"  # opening the FIFO waits for the build to start
    builds = list((cache / "index").glob("*.build-*"))
    children = [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _parent_of(p) == parent.pid
    ]
    assert len(builds) == 1 and len(children) == 1
    watch = os.pidfd_open(children[0])
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    ready, _, _ = select.select([watch], [], [], 30)  # the child's end, not a timed pause
    os.close(watch)
    assert ready, "the build child outlived its app"
    assert not builds[0].exists()


def _parent_of(process: Path) -> int | None:
    try:
        return int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _damage_segments(location: Path) -> None:
    """Overwrite the middle of every segment file in place, keeping its size."""
    for part in location.glob("*.seg"):
        size = part.stat().st_size
        with part.open("r+b") as handle:
            handle.seek(size // 4)
            handle.write(b"\xff" * (size // 2))


def test_damage_found_mid_session_is_repaired_and_said_not_blamed_on_the_words(opened, library_dir):
    index = opened()
    library = load_library(library_dir)
    engine = SearchEngine(library, index)
    assert engine.search("ocrelizumab").total == 1
    _damage_segments(index.status.location)
    results = engine.search("relapses")
    assert SEARCH_FAULT not in " ".join(results.messages)
    assert "The search index was damaged; it has been rebuilt." in results.messages
    assert results.total >= 1
    assert engine.search("ocrelizumab").total == 1  # and it stays repaired


def test_damage_in_the_middle_of_a_segment_between_runs_is_repaired(opened, library_dir):
    first = opened()
    first.close()
    _damage_segments(first.status.location)
    index = opened()  # the quick check at opening may not reach the damaged part
    engine = SearchEngine(load_library(library_dir), index)
    results = engine.search("relapses")
    assert results.total >= 1, results.messages
    assert SEARCH_FAULT not in " ".join(results.messages)


def test_memory_builds_never_share_a_temporary_folder(tmp_path, monkeypatch):
    """Two sessions searching from memory at once each spill to a private folder."""
    import stat

    from tui.core.index import _PrivateRamStorage

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    first = _PrivateRamStorage().temp_storage("MAIN.tmp")
    second = _PrivateRamStorage().temp_storage("MAIN.tmp")
    assert first.folder != second.folder
    for storage in (first, second):
        assert Path(storage.folder).parent == tmp_path
        assert stat.S_IMODE(Path(storage.folder).stat().st_mode) == 0o700


def test_an_update_hashes_only_the_index_files_it_wrote(opened, library_dir, monkeypatch):
    """The manifest's checksums: after one changed article only the new segment's files
    are hashed again, not every file of the index (60 MB at 10,000 articles) before the
    change is searchable."""
    from tui.core import index_files

    first = opened()
    before = set(os.listdir(first.status.location))
    first.close()
    hashed: list[str] = []
    real_hash = index_files._file_hash
    monkeypatch.setattr(
        index_files, "_file_hash", lambda path: hashed.append(Path(path).name) or real_hash(path)
    )
    write_article(library_dir, "ebv-risk", title="Fixture - one virus, rewritten")
    again = opened()
    assert again.status.updated == 1 and ids(again, "rewritten") == {"ebv-risk"}
    assert hashed and not set(hashed) & before  # the files already there were not read
    manifest = index_files.read_manifest(again.status.location)
    assert index_files.damaged_file(again.status.location, manifest, full=True) is None
