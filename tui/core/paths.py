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


def open_to_others(folder: Path, owner_only: bool) -> str | None:
    """Why a folder of pickles must not be loaded (a pickle runs code when it is read, and
    a Whoosh index's table of contents is one), in words; None when only its owner could
    have written it. `owner_only`: it must be this user's own (the caches); else anyone's
    that no one else can change (a shared index an administrator built). Either way a
    parent folder that others can write to, without the sticky bit of /tmp, would let
    them swap the whole folder."""
    if not hasattr(os, "getuid"):  # no owners to go by
        return None
    import stat

    from tui.core.sanitize import show_name

    mine = os.getuid()
    try:
        parent = os.stat(folder.parent)
        files = [folder, *folder.iterdir()] if not owner_only else [folder]
        for path in files:
            info = os.stat(path)
            if owner_only and info.st_uid != mine:
                return f"{show_name(path)} belongs to another user"
            if info.st_mode & 0o022:
                return f"other users can change {show_name(path)}"
    except OSError as error:
        return f"{show_name(folder)} cannot be checked ({(error.strerror or '').lower()})"
    if parent.st_mode & 0o022 and not parent.st_mode & stat.S_ISVTX:
        return f"other users can change {show_name(folder.parent)}"
    return None


def read_regular(path: Path, limit: int) -> bytes:
    """A small file's bytes: FileNotFoundError if there is none, ValueError (in words) if it
    is not a regular file or is larger than `limit`. A named pipe there would block the
    start for ever, `/dev/zero` would fill the memory (QA H40)."""
    import stat

    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("it is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        size = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 2**10} KiB"
        raise ValueError(f"it is larger than {size}")
    return data


def load_private_pickle(handle: BinaryIO) -> Any:
    """Unpickle a cache file only when this user owns it and no one else may write it;
    otherwise ValueError (the callers treat it as a damaged cache and rebuild)."""
    info = os.fstat(handle.fileno())
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        raise ValueError("a cache file another user could have written; not loaded")
    import pickle

    return pickle.load(handle)
