"""Where an index lives and its manifest: what it holds, readable without Whoosh.

The manifest lists every indexed article (id -> digest of its file) and the
library's topic names, so shell completion can offer ids and topics in a few
milliseconds without importing Whoosh or reading a single article.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tui.core.atomic import atomic_write
from tui.core.paths import PACKAGE_DIR, bundled_library, cache_root, library_key

SCHEMA_VERSION = 9  # 8: authors searched, "*" splits words; 9: known word pairs
MANIFEST = "myelin-manifest.json"
#: A read-only index built once for everyone (`myelin index --output DIR`, see README).
INDEX_ENV = "MYELIN_INDEX"
#: The bundled library's index, built into the wheel (hatch_build.py).
PREBUILT = PACKAGE_DIR / "library-index"


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


def write_manifest(
    directory: Path, root: Path, files: dict[str, str], topics: list[str], pairs: str = ""
) -> None:
    """`pairs`: a digest of the two-word names indexed as terms (index.py `pairs_digest`)."""
    data = {
        "schema": SCHEMA_VERSION,
        "library": str(root),
        "files": files,
        "topics": topics,
        "pairs": pairs,
    }
    atomic_write(directory / MANIFEST, json.dumps(data).encode("utf-8"))
