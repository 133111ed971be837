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
from typing import TYPE_CHECKING, TypeVar

from tui.core.article import Article, FileStamp, Section, Source, Update
from tui.core.atomic import atomic_file
from tui.core.glossary import Term
from tui.core.paths import cache_root, library_key, load_private_pickle, private_dir
from tui.core.topics import Category, Topic

if TYPE_CHECKING:
    from tui.core.first_start import FirstStart

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Bump when the parser or the YAML loaders read the same fields differently.
PARSER_VERSION = 7  # 6: text cut to the bounds of tui/core/bounds.py; 7: inline Markdown read


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


#: The cache is this many files, by a hash of each file's path: a changed article
#: rewrites one 64th of it (at 10,000 articles, one 34 MB pickle took 450 ms to save).
SHARDS = 64
Entry = tuple[int, int, object]  # size, mtime_ns, Article (or pickled YAML result)


class ArticleCache:
    def __init__(self, library_root: Path, cache: Path | None = None) -> None:
        name = f"{library_key(library_root)}-v{CACHE_VERSION}"
        self.root = library_root
        self.folder = (cache or cache_root()) / "articles" / name
        with no_garbage_collection():  # all of them: collections between parts find nothing
            self.shards: list[dict[str, Entry]] = [self._read(n) for n in range(SHARDS)]
        self.seen: set[str] = set()
        self.dirty: set[int] = set()
        self._packaged: FirstStart | None = None
        self._looked = False  # for the first-start data, at the first file missing here

    def _file(self, number: int) -> Path:
        return self.folder / f"{number:02x}.pickle"

    def _read(self, number: int) -> dict[str, Entry]:
        try:
            with self._file(number).open("rb") as handle:
                entries = load_private_pickle(handle)
        except FileNotFoundError:
            return {}
        except Exception:  # damaged, or written by another version: parse those again
            log.info("article cache part unreadable; parsing its files", exc_info=True)
            return {}
        return entries if isinstance(entries, dict) else {}

    def _shard(self, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS

    def _entry(self, key: str) -> Entry | None:
        self.seen.add(key)
        return self.shards[self._shard(key)].get(key)

    def _put(self, key: str, entry: Entry) -> None:
        number = self._shard(key)
        self.shards[number][key] = entry
        self.dirty.add(number)

    def get(self, path: Path | str, info: os.stat_result) -> Article | None:
        entry = self._entry(str(path))
        if entry and entry[0] == info.st_size and entry[1] == info.st_mtime_ns:
            return entry[2]  # type: ignore[return-value]  # this cache's entries hold Articles
        return None

    def put(self, path: Path | str, info: os.stat_result, article: Article) -> None:
        self._put(str(path), (info.st_size, info.st_mtime_ns, article))

    @property
    def packaged(self) -> FirstStart | None:
        """The first-start data made beside the library's shared index, if there is any:
        what a file missing here was parsed as, while it is the same file."""
        if not self._looked:
            from tui.core.first_start import first_start_for  # imports this module

            self._packaged, self._looked = first_start_for(self.root), True
        return self._packaged

    def notices(self) -> list[str]:
        """Why the first-start data was refused, if it was looked at and refused."""
        packaged = self._packaged
        return [packaged.problem] if packaged is not None and packaged.problem else []

    def from_package(self, path: str, info: os.stat_result) -> Article | None:
        """The file's article as parsed beforehand (then kept here), if it is that file."""
        packaged = self.packaged
        article = packaged.article(path) if packaged is not None else None
        if article is not None:
            self.put(path, info, article)
        return article

    def load_yaml(self, path: Path, loader: Callable[[Path], T]) -> T:
        """`loader(path)` (topics or glossary: ~50 ms of YAML each), remembered while unchanged.

        Kept as pickled bytes, so changes the library makes to the result later
        (topics added under "Other") are not saved as if they were in the file.
        """
        key = f"yaml:{path}"
        try:
            info = path.stat()
        except OSError:
            self.seen.add(key)
            return loader(path)  # reports the problem in words
        entry = self._entry(key)
        if entry and entry[:2] == (info.st_size, info.st_mtime_ns) and isinstance(entry[2], bytes):
            with contextlib.suppress(Exception):
                remembered: T = pickle.loads(entry[2])
                return remembered
        packaged = self.packaged.yaml(path) if self.packaged is not None else None
        if packaged is not None:
            with contextlib.suppress(Exception):
                result: T = pickle.loads(packaged)
                self._put(key, (info.st_size, info.st_mtime_ns, packaged))
                return result
        result = loader(path)
        self._put(key, (info.st_size, info.st_mtime_ns, pickle.dumps(result)))
        return result

    def save(self) -> None:
        """Write the parts that changed (entries for vanished files dropped); never raises."""
        for number, entries in enumerate(self.shards):
            stale = [key for key in entries if key not in self.seen]
            for key in stale:
                del entries[key]
            if stale:
                self.dirty.add(number)
        for number in sorted(self.dirty):
            if not self._write(number):
                return
        self.dirty.clear()

    def _write(self, number: int) -> bool:
        try:
            private_dir(self.folder)
            with atomic_file(self._file(number)) as out:
                pickle.dump(self.shards[number], out, protocol=pickle.HIGHEST_PROTOCOL)
            return True
        except OSError:
            log.info("could not write the article cache", exc_info=True)
            return False


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
