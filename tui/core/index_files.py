"""Where an index lives and its manifest: what it holds, readable without Whoosh.

The manifest lists every indexed article (id -> digest of its file) and the
library's topic names, so shell completion can offer ids and topics in a few
milliseconds without importing Whoosh or reading a single article.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui.core.atomic import atomic_write
from tui.core.paths import PACKAGE_DIR, bundled_library, cache_root, library_key

#: 8: authors searched, "*" splits words; 9: known word pairs; 10: accents folded;
#: 11: the body's inline Markdown read as plain words (tui/core/inline.py).
SCHEMA_VERSION = 11
MANIFEST = "myelin-manifest.json"
#: Whoosh's lock file (MAIN_WRITELOCK): empty, and its time changes with every writer.
LOCK_SUFFIX = "WRITELOCK"
#: A read-only index built once for everyone (`myelin index --output DIR`, see README).
INDEX_ENV = "MYELIN_INDEX"
#: The bundled library's index, built into the wheel (hatch_build.py).
PREBUILT = PACKAGE_DIR / "library-index"
#: Beside a shared index: what a reader's first start reads (tui/core/first_start.py),
#: its manifest first.
FIRST_START_FILES = ("first-start.json", "first-start-list.pickle", "first-start-articles.pickle")


def index_dir_for(library_root: Path, cache: Path | None = None) -> Path:
    """One index per library (by resolved path) and per schema version."""
    return (cache or cache_root()) / "index" / f"{library_key(library_root)}-v{SCHEMA_VERSION}"


def shared_index_for(library_root: Path) -> Path | None:
    """A read-only index to use instead of building one: `$MYELIN_INDEX`, or for the
    bundled library the one that came with the package. Used only while it matches."""
    chosen = os.environ.get(INDEX_ENV)
    if chosen:
        return Path(chosen).expanduser()
    if PREBUILT.is_dir() and library_root.resolve() == bundled_library().resolve():
        return PREBUILT
    return None


def read_manifest(directory: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


def files_digest(files: Mapping[str, str | None]) -> str:
    """One digest of the indexed articles' digests (the manifest's `files`): a command that
    saved it with its snapshot compares it instead of 10,000 digests (8 ms at 10k)."""
    joined = "\n".join(f"{i}\0{digest}" for i, digest in sorted(files.items()) if digest)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def index_file_sums(directory: Path, known: object = None) -> dict[str, list[int | str]]:
    """[size, mtime_ns, blake2b] of every index file: bytes damaged inside a segment
    leave Whoosh's structure readable and give wrong answers, so only a hash finds them.

    A file the manifest there already lists with its size and time is not hashed again
    (opening trusts those too, see `damaged_file`): after an update only the new segment
    is, not the 60 MB of a 10,000-article index, before search can use it. `known`: the
    manifest's sums when the caller has read it already (else it is read here)."""
    if known is None:
        known = (read_manifest(directory) or {}).get("sums")
    known = known if isinstance(known, dict) else {}
    sums: dict[str, list[int | str]] = {}
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name == MANIFEST or entry.name.endswith(LOCK_SUFFIX):
                continue
            if entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                stamp: list[int | str] = [info.st_size, info.st_mtime_ns]
                before = known.get(entry.name)
                if isinstance(before, list) and len(before) == 3 and before[:2] == stamp:
                    sums[entry.name] = before
                else:
                    sums[entry.name] = [*stamp, _file_hash(entry.path)]
    return sums


def damaged_file(directory: Path, manifest: dict[str, Any], full: bool = False) -> str | None:
    """What is wrong with the index files the manifest lists, or None.

    A file whose size and time are as written is taken as is (opening stays cheap); one
    whose time changed, or every file when `full`, is hashed. An older manifest without
    sums is not checked.
    """
    sums = manifest.get("sums")
    if not isinstance(sums, dict):
        return None
    for name, entry in sums.items():
        if not (isinstance(name, str) and name and "/" not in name and name[0] != "."):
            return "its list of files is damaged"
        if not (isinstance(entry, list) and len(entry) == 3):
            return "its list of files is damaged"
        size, mtime, digest = entry
        try:
            info = (directory / name).stat()
        except OSError:
            return "a file is missing"
        if info.st_size != size:
            return "a file changed size"
        if (full or info.st_mtime_ns != mtime) and _file_hash(directory / name) != digest:
            return "a file's contents changed"
    return None


def _file_hash(path: str | Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(
    directory: Path,
    root: Path,
    files: dict[str, str],
    topics: list[str],
    pairs: str = "",
    sums: object = None,
) -> None:
    """`pairs`: a digest of the two-word names indexed as terms (index.py `pairs_digest`);
    `sums`: the sums of the manifest there now, if the caller has read it."""
    data = {
        "schema": SCHEMA_VERSION,
        "library": str(root),
        "files": files,
        "files_digest": files_digest(files),
        "topics": topics,
        "pairs": pairs,
        "sums": index_file_sums(directory, sums),
    }
    atomic_write(directory / MANIFEST, json.dumps(data).encode("utf-8"))
