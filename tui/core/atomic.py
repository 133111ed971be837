"""Files written whole or not at all: one rule for the reading state and every cache.

A temp file in the same folder is written, then renamed over the target, so a reader
(or a crash) sees the old file or the new one, never half of one, and no temp file is
left behind on failure. `durable` also fsyncs the file and its folder: for what the
reader wrote (bookmarks, questions), not for caches that can be rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_file(path: Path, durable: bool = False, overwrite: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces `path` when the block ends without an error.

    With `overwrite=False` it never replaces a file: FileExistsError if `path` appeared
    meanwhile (exported notes take a free name and must not write over the reader's)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            if durable:
                out.flush()
                os.fsync(out.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(Path(temp), path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if not overwrite:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    if durable:
        _sync_folder(path.parent)


def _link_new(temp: Path, path: Path) -> None:
    """Put the whole temp file at `path`, which must not exist yet."""
    try:
        os.link(temp, path)  # unlike rename, never replaces an existing file
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: exclusive create instead
        with temp.open("rb") as source, path.open("xb") as target:
            shutil.copyfileobj(source, target)


def atomic_write(path: Path, data: bytes | str, durable: bool = False) -> None:
    """Write `data` (text as UTF-8) to `path` whole or not at all."""
    with atomic_file(path, durable) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a crash only once the folder is synced (POSIX)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
