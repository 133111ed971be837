"""Where things are: the library to use, and the caches (one folder per library, under the
user cache dir). Imported by shell completion, so it stays light."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent.parent
ENV_VAR = "MYELIN_LIBRARY"


def bundled_library() -> Path:
    """The library shipped with Myelin: package data when installed, `library/` in a checkout."""
    installed = PACKAGE_DIR / "library"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "library"


def default_library(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--library`, else `$MYELIN_LIBRARY`, else the bundled library."""
    chosen = explicit or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else bundled_library()


def cache_root() -> Path:
    return Path(platformdirs.user_cache_dir("myelin", appauthor=False))


def library_key(library_root: Path) -> str:
    """A short stable name for a library, from its resolved path."""
    return hashlib.sha256(str(library_root.resolve()).encode()).hexdigest()[:16]


def private_dir(folder: Path) -> Path:
    """Create `folder` and any missing parents readable and writable by this user only.

    The caches hold pickles, which run code when loaded, and the state holds what a
    reader wrote: no other user may write (or read) them."""
    return make_folders(folder, 0o700)


def make_folders(folder: Path, mode: int) -> Path:
    """Create `folder` and any missing parents with exactly `mode`, whatever the umask;
    folders that already exist are left as they are."""
    missing = []
    step = folder
    while not step.exists():
        missing.append(step)
        step = step.parent
    for step in reversed(missing):
        step.mkdir(mode=mode, exist_ok=True)
        step.chmod(mode)  # mkdir's mode is cut by the umask
    return folder


def load_private_pickle(handle: BinaryIO) -> Any:
    """Unpickle a cache file only when this user owns it and no one else may write it;
    otherwise ValueError (the callers treat it as a damaged cache and rebuild)."""
    info = os.fstat(handle.fileno())
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        raise ValueError("a cache file another user could have written; not loaded")
    import pickle

    return pickle.load(handle)
