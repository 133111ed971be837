"""Files written whole or not at all: one rule for the reading state and every cache.

A temp file in the same folder is written, then renamed over the target, so a reader
(or a crash) sees the old file or the new one, never half of one, and no temp file is
left behind on failure. `durable` also fsyncs the file and its folder: for what the
reader wrote (bookmarks, questions), not for caches that can be rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_file(path: Path, durable: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces `path` when the block ends without an error."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _sync_folder(path.parent)


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
