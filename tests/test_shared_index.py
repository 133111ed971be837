"""A read-only index built once for everyone (a clinic server), and the packaged one."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

from tui.core import index_files
from tui.core.index import open_index
from tui.core.library import load_library
from tui.core.search import SearchEngine


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def build(library_dir: Path, target: Path) -> None:
    done = run_cli("index", "--library", str(library_dir), "--output", str(target))
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
        found = run_cli("search", "--json", "vitamin", env=env)
        assert '"vitamin-d-levels"' in found.stdout and found.stderr == ""
    said = run_cli("index", env=env)
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


#: Runs the real command with an audit hook that notes every attempt to write, create,
#: rename, remove or change anything inside the shared folder (even a lock file made
#: and removed again, which a comparison of the files before and after would miss).
WATCHED = """
import os, sys
shared = os.path.realpath(sys.argv[1])
writes = []
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
CHANGES = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown",
           "os.utime", "os.truncate", "os.link", "os.symlink", "shutil.rmtree"}

def inside(path):
    if isinstance(path, int) or not isinstance(path, (str, bytes, os.PathLike)):
        return False
    return os.path.realpath(os.fsdecode(path)).startswith(shared)

def hook(event, args):
    if event == "open" and inside(args[0]):
        mode, flags = args[1] or "", args[2] or 0
        if any(c in mode for c in "wax+") or flags & WRITE:
            writes.append((event, str(args[0])))
    elif event in CHANGES and any(inside(a) for a in args):
        writes.append((event, repr(args)))

sys.addaudithook(hook)
from tui.cli import main
code = main(sys.argv[2:])
print("WRITES", writes, file=sys.stderr)
sys.exit(code)
"""


def as_a_reader(home: Path) -> list[str]:
    """Run as a user other than the administrator: as root (who may write anywhere),
    `nobody` with only the right to read and search any folder, its home its own."""
    if os.geteuid() != 0:
        return []
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, NOBODY, -1)
    caps = "+dac_read_search"
    return [
        *(SETPRIV, f"--reuid={NOBODY}", "--clear-groups"),
        *(f"--inh-caps={caps}", f"--ambient-caps={caps}"),
    ]


def run_watched(shared: Path, *args: str, env: dict) -> subprocess.CompletedProcess[str]:
    home = shared.parent / "reader"
    homes = {f"XDG_{n}_HOME": str(home / n.lower()) for n in ("CACHE", "DATA", "CONFIG", "STATE")}
    return subprocess.run(
        [*as_a_reader(home), sys.executable, "-I", "-c", WATCHED, str(shared), *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "100", "HOME": str(home), **homes, **env},
    )


NOBODY = 65534
SETPRIV = shutil.which("setpriv") or "setpriv"  # util-linux; runs the reader as `nobody`


def read_only(folder: Path) -> None:
    """As a clinic server mounts it: no one but the administrator may write there."""
    for path in [*folder.iterdir(), folder]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_readers_of_a_read_only_folder_never_try_to_write_there(library_dir, tmp_path):
    """Nothing there is opened for writing, made, renamed or removed, even for a moment;
    and a reader without the right to write there (not root) gets on with it."""
    shared = tmp_path / "clinic-index"
    build(library_dir, shared)
    read_only(shared)
    before = files_of(shared)
    env = {"MYELIN_INDEX": str(shared), "MYELIN_LIBRARY": str(library_dir)}
    try:
        for command in (("index",), ("search", "--json", "vitamin"), ("show", "ebv-risk")):
            done = run_watched(shared, *command, env=env)
            assert done.returncode == 0, done.stderr
            assert done.stderr.strip() == "WRITES []", (command, done.stderr)
            if command == ("index",):
                assert "Using the shared index" in done.stdout
        own = list((tmp_path / "reader").rglob("*.pickle"))  # their caches: in their home
        assert own and all(p.stat().st_uid == (os.geteuid() or NOBODY) for p in own)
        assert files_of(shared) == before and shared.stat().st_mode & 0o222 == 0
    finally:
        shared.chmod(0o755)


def test_a_damaged_shared_index_is_said_once_and_the_reader_uses_their_own(
    library_dir, tmp_path, isolated_dirs
):
    shared = tmp_path / "clinic-index"
    build(library_dir, shared)
    segment = next(shared.glob("*.seg"))
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])  # a cut-off copy
    before = files_of(shared)
    env = {"MYELIN_INDEX": str(shared), "MYELIN_LIBRARY": str(library_dir)}
    found = run_cli("search", "--json", "vitamin", env=env)
    assert found.returncode == 0 and '"vitamin-d-levels"' in found.stdout
    said = " ".join(found.stderr.split())
    assert said.count(f"The shared index in {shared} cannot be read") == 1, found.stderr
    assert said.count("using your own") == 1
    assert files_of(shared) == before  # left for the administrator to rebuild
    private = isolated_dirs / "xdg_cache_home" / "myelin" / "index"
    assert any(private.iterdir())  # the reader's own, in their own cache

    build(library_dir, shared)  # the administrator rebuilds it: readers use it again
    again = run_cli("index", env=env)
    assert f"Using the shared index in {shared}" in " ".join(again.stdout.split())
    assert again.stderr == ""


def test_the_shared_index_is_readable_by_everyone_whatever_the_umask(library_dir, tmp_path):
    shared = tmp_path / "clinic-index"
    private = os.umask(0o077)  # an administrator who keeps their own files to themselves
    try:
        build(library_dir, shared)
    finally:
        os.umask(private)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [shared, *shared.iterdir()]}
    assert modes.pop(shared.name) == 0o755
    assert set(modes.values()) == {0o644}, modes


def test_each_readers_bookmarks_and_caches_stay_their_own(library_dir, tmp_path, monkeypatch):
    """Two people on one shared index: what one does is in their folders only."""
    from test_plain_mode import heard, terminal, typed
    from test_terminal import read_until

    from tui.core.state import StateStore

    shared = tmp_path / "clinic-index"
    build(library_dir, shared)
    read_only(shared)
    before = files_of(shared)
    monkeypatch.setenv("MYELIN_INDEX", str(shared))
    monkeypatch.setenv("MYELIN_LIBRARY", str(library_dir))

    def become(person: str) -> Path:
        for kind in ("CACHE", "DATA", "CONFIG", "STATE"):
            monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / person / kind.lower()))
        return tmp_path / person

    ann = become("ann")
    with terminal("read", "--plain") as (tty, process):
        read_until(tty, b"q to quit.")
        assert "vitamin D levels" in heard(typed(tty, "vitamin"))
        typed(tty, "1")
        assert heard(typed(tty, "bookmark")).startswith("Bookmarked")
        typed(tty, "q", "Goodbye.")
        assert process.wait(timeout=20) == 0
    assert list(StateStore().load().bookmarks) == ["vitamin-d-levels"]

    ben = become("ben")
    said = run_cli("index")
    assert "Using the shared index" in said.stdout and said.stderr == ""
    assert StateStore().load().bookmarks == {}  # Ann's bookmark is not Ben's
    assert files_of(shared) == before
    for person in (ann, ben):  # each one's caches in their own folder, no index of their own
        assert any((person / "cache" / "myelin").iterdir())
        assert not list((person / "cache" / "myelin").glob("index/*"))
    shared.chmod(0o755)


def test_the_output_folder_is_replaced_only_if_it_is_new_empty_or_an_earlier_index(
    library_dir, tmp_path
):
    """A mistyped --output must never delete a person's files, the library or a system file."""
    from conftest import run_cli

    lib = ["--library", str(library_dir)]
    papers = tmp_path / "papers"
    (papers / "sub").mkdir(parents=True)
    (papers / "thesis.txt").write_text("my precious notes")
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0")
    link = tmp_path / "link"
    link.symlink_to(papers)
    refused = {
        papers: "is not a Myelin index folder (it holds sub, thesis.txt)",
        library_dir.parent: "holds the library",
        library_dir / "index": "is inside the library",
        a_file: "is not a folder",
        link: "is a symbolic link",
    }
    for target, why in refused.items():
        said = run_cli("index", *lib, "--output", str(target))
        assert said.returncode == 1 and why in " ".join(said.stderr.split()), (target, said)
    assert (papers / "thesis.txt").read_text() == "my precious notes" and (papers / "sub").is_dir()
    assert a_file.read_text() == "root:x:0:0" and link.is_symlink()
    assert (library_dir / "ebv-risk.md").is_file()
    shared = tmp_path / "srv" / "myelin" / "index"
    for _ in range(2):  # a new folder, then the index built there before
        assert run_cli("index", *lib, "--output", str(shared)).returncode == 0
    assert index_files.MANIFEST in os.listdir(shared)
    (shared / "notes.txt").write_text("the admin's notes")  # beside an index: still theirs
    said = run_cli("index", *lib, "--output", str(shared))
    assert said.returncode == 1 and "it holds notes.txt" in " ".join(said.stderr.split())
    assert (shared / "notes.txt").read_text() == "the admin's notes"


def test_missing_parents_are_made_for_everyone_and_a_closed_one_is_named(
    library_dir, tmp_path, monkeypatch
):
    from conftest import run_cli

    lib = ["--library", str(library_dir)]
    old_mask = os.umask(0o077)
    try:
        made = run_cli("index", *lib, "--output", str(tmp_path / "a" / "b" / "index"))
    finally:
        os.umask(old_mask)
    assert made.returncode == 0
    assert f"through {tmp_path / 'a'}" not in made.stderr  # (pytest's own folders are 0700)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "index"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    warned = run_cli("index", *lib, "--output", str(closed / "index"))
    assert warned.returncode == 0
    assert f"other users cannot pass through {closed}" in " ".join(warned.stderr.split())


class _Planted:
    """What an attacker would put in a pickle: code that runs when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _plant(folder: Path, marker: Path) -> None:
    """Rewrite the index's table of contents (a pickle) with a planted object in it."""
    from whoosh import index as whoosh_index
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(folder))
    toc = whoosh_index.TOC.read(storage, "MAIN")
    toc.segments = [*toc.segments, _Planted(marker)]
    for old in folder.glob("_MAIN_*.toc"):
        old.chmod(0o644)
        old.unlink()
    toc.write(storage, "MAIN")


def test_a_shared_index_others_can_change_is_never_unpickled(library_dir, tmp_path, monkeypatch):
    """Anyone who can write a shared index's files could run code in every reader (QA H23)."""
    shared = tmp_path / "clinic-index"
    build(library_dir, shared)
    marker = tmp_path / "ran-planted-code"
    _plant(shared, marker)
    for path in [shared, *shared.iterdir()]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    monkeypatch.setenv("MYELIN_INDEX", str(shared))
    library = load_library(library_dir)
    index = open_index(library, cache=tmp_path / "own")
    assert not index.status.shared
    assert "is not safe to read: other users can change" in index.status.messages[0]
    assert "chmod go-w" in index.status.messages[0]
    assert not marker.exists()


def test_a_cache_folder_others_can_change_is_not_used(library_dir, tmp_path):
    """XDG_CACHE_HOME in a shared place: the folder's name is predictable, another user can
    make it first (QA H23). The index is kept in memory instead, and that is said."""
    library = load_library(library_dir)
    first = open_index(library, cache=tmp_path / "cache")
    (folder,) = [p for p in (tmp_path / "cache" / "index").iterdir() if p.is_dir()]
    first.close()
    marker = tmp_path / "ran-planted-code"
    _plant(folder, marker)
    (tmp_path / "cache" / "index").chmod(0o777)
    index = open_index(library, cache=tmp_path / "cache")
    assert index.status.in_memory and not marker.exists()
    assert "the index cache is not private: other users can change" in index.status.messages[0]
    (tmp_path / "cache" / "index").chmod(0o700)
    folder.chmod(0o777)  # the index folder itself: built again beside it, never read
    again = open_index(library, cache=tmp_path / "cache")
    assert again.status.rebuilt and not marker.exists()
    assert SearchEngine(library, again).search("vitamin").hits
