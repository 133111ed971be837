"""What a search reads from every article of an index, saved once per index version.

Ranking asks what an article is mainly about (its id, then its first topic) and the
topics of the matches are counted per topic. From the index that meant a stored
document per article asked about (1,600 for "relapse" at 10,000 articles, 11 ms) and
every topic's postings (10 ms), in every `myelin search`. Both are read whole once
per version of the index (30 ms at 10k) and saved beside it; the next search loads
them in well under a millisecond. A version is the index's folder, generation and
segments with their deletions: any change to the index makes a new one.
"""

from __future__ import annotations

import logging
import pickle
from array import array
from pathlib import Path
from typing import TypedDict

from tui.core.atomic import atomic_file
from tui.core.paths import load_private_pickle, private_dir

log = logging.getLogger(__name__)


class SavedTables(TypedDict):
    version: str  # whoosh_adapter.index_version of the index they were read from
    ids: list[str | None]  # each article number's id (None: deleted)
    by_topic: dict[str, array[int]]  # each topic's article numbers
    explainers: array[int]  # the explainers' article numbers


def load(path: Path, version: str) -> SavedTables | None:
    """The tables saved at `path` for this version of the index, or None."""
    try:
        with path.open("rb") as handle:
            saved = load_private_pickle(handle)
    except FileNotFoundError:
        return None
    except Exception:  # damaged, or another user's: read again and saved over
        log.info("saved search tables unreadable", exc_info=True)
        return None
    if isinstance(saved, dict) and saved.get("version") == version and "explainers" in saved:
        return saved  # type: ignore[return-value]  # checked by its version
    return None


def save(path: Path, tables: SavedTables) -> None:
    """Write the tables atomically; a cache that cannot be written only costs speed."""
    try:
        private_dir(path.parent)
        with atomic_file(path) as out:
            pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        log.info("could not save the search tables", exc_info=True)
