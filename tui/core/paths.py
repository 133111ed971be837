"""Where Myelin keeps its caches: one folder per library, under the user cache dir."""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs


def cache_root() -> Path:
    return Path(platformdirs.user_cache_dir("myelin", appauthor=False))


def library_key(library_root: Path) -> str:
    """A short stable name for a library, from its resolved path."""
    return hashlib.sha256(str(library_root.resolve()).encode()).hexdigest()[:16]
