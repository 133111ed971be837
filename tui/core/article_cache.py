"""A cache of parsed articles, so start-up does not parse every file again.

Parsing YAML front matter costs about 3 ms an article (30 s for 10,000); a
pickle of the parsed articles loads in a fraction of a second. An entry is
used only while the file's size and modification time are unchanged; anything
unreadable about the cache simply means parsing again. The cache lives in the
user's own cache dir, next to the index.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import zlib
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import TypeVar

from tui.core.article import Article, FileStamp, Section, Source, Update
from tui.core.atomic import atomic_file
from tui.core.glossary import Term
from tui.core.paths import cache_root, library_key
from tui.core.topics import Category, Topic

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Bump when the parser or the YAML loaders read the same fields differently.
PARSER_VERSION = 5


def shape(*kinds: type) -> str:
    """A short digest of the fields of `kinds` (dataclasses or named tuples): a cache named
    with it is never read back by code that expects other fields."""
    names = [getattr(k, "_fields", None) or [f.name for f in fields(k)] for k in kinds]
    text = " ".join(f"{k.__name__}:{','.join(n)}" for k, n in zip(kinds, names, strict=True))
    return f"{zlib.crc32(text.encode()):08x}"


#: A new or renamed field in anything cached changes the file name by itself.
CACHE_VERSION = f"{PARSER_VERSION}-" + shape(
    Article, Source, Section, Update, FileStamp, Topic, Category, Term
)


class ArticleCache:
    def __init__(self, library_root: Path, cache: Path | None = None) -> None:
        name = f"{library_key(library_root)}-v{CACHE_VERSION}.pickle"
        self.path = (cache or cache_root()) / "articles" / name
        self.entries: dict[str, tuple[int, int, Article | bytes]] = self._read()
        self.seen: set[str] = set()
        self.changed = False

    def _read(self) -> dict[str, tuple[int, int, Article | bytes]]:
        try:
            with self.path.open("rb") as handle, no_garbage_collection():
                entries = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except Exception:  # damaged, or written by another version: start again
            log.info("article cache unreadable; parsing all files", exc_info=True)
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, path: Path | str, info: os.stat_result) -> Article | None:
        key = str(path)
        self.seen.add(key)
        entry = self.entries.get(key)
        if entry and entry[0] == info.st_size and entry[1] == info.st_mtime_ns:
            found = entry[2]
            return found if isinstance(found, Article) else None
        return None

    def put(self, path: Path | str, info: os.stat_result, article: Article) -> None:
        self.entries[str(path)] = (info.st_size, info.st_mtime_ns, article)
        self.changed = True

    def load_yaml(self, path: Path, loader: Callable[[Path], T]) -> T:
        """`loader(path)` (topics or glossary: ~50 ms of YAML each), remembered while unchanged.

        Kept as pickled bytes, so changes the library makes to the result later
        (topics added under "Other") are not saved as if they were in the file.
        """
        key = f"yaml:{path}"
        self.seen.add(key)
        try:
            info = path.stat()
        except OSError:
            return loader(path)  # reports the problem in words
        entry = self.entries.get(key)
        if entry and entry[:2] == (info.st_size, info.st_mtime_ns) and isinstance(entry[2], bytes):
            with contextlib.suppress(Exception):
                remembered: T = pickle.loads(entry[2])
                return remembered
        result = loader(path)
        self.entries[key] = (info.st_size, info.st_mtime_ns, pickle.dumps(result))
        self.changed = True
        return result

    def save(self) -> None:
        """Write the cache if it changed (entries for vanished files dropped); never raises."""
        stale = set(self.entries) - self.seen
        if not self.changed and not stale:
            return
        for key in stale:
            del self.entries[key]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(self.path) as out:
                pickle.dump(self.entries, out, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            log.info("could not write the article cache", exc_info=True)


@contextlib.contextmanager
def no_garbage_collection() -> Iterator[None]:
    """Unpickling thousands of objects triggers collections that find nothing: a third faster."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
