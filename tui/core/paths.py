"""Where things are: the library to use, and the caches (one folder per library, under the
user cache dir). Imported by shell completion, so it stays light."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

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
