"""A snapshot of what the first screen lists, so it paints before the library loads.

Loading 10,000 articles takes a good part of a second even from the
parsed-article cache, and the first screen needs only each article's title,
date, kind, topics, ratings and takeaway. After a full load the app saves
those rows here; on the next start they are shown at once as a read-only
`Snapshot` (no article bodies) and replaced by the full library as soon as it
has loaded. A file changed in between shows its old row for that moment.

The snapshot is two files. The first screen reads only the small one: every
id, the topic counts, and the rows of the newest `FIRST_ROWS` articles (at
10,000 articles, unpickling every row took 30-40 ms before the first frame).
The other holds every row and is read only when something asks for an
article further down (a topic chosen before the full load arrives).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypedDict, overload

from tui.core.article import Article, Source, Update
from tui.core.article_cache import PARSER_VERSION, no_garbage_collection, shape
from tui.core.atomic import atomic_file
from tui.core.glossary import Glossary, Term
from tui.core.library import Library
from tui.core.paths import cache_root, library_key, load_private_pickle, private_dir
from tui.core.problems import Problem
from tui.core.synonyms import Synonyms
from tui.core.topics import Category, Topic, TopicTree

log = logging.getLogger(__name__)

#: Rows the small file holds: more than any list shows at first (see ArticleList).
FIRST_ROWS = 200
YAML_FILES = ("topics.yaml", "glossary.yaml", "synonyms.yaml")


class Row(NamedTuple):
    """What lists and previews show of one article, in plain values (they unpickle fast)."""

    id: str
    path: str
    title: str
    day: int  # date.toordinal()
    kind: str
    topics: tuple[str, ...]
    takeaway: str
    intro: str  # the preview shows the intro when there is no takeaway
    study_type: str | None
    credibility: int | None
    credibility_note: str | None
    interest: int | None
    source: tuple[Any, ...] | None  # Source's fields in order: Source(*source) makes it again
    related: tuple[str, ...]
    minutes: int
    reviewed: int | None  # date.toordinal()
    updates: tuple[tuple[int, str, str | None], ...]  # (day, text, superseded_by): lists mark them


#: A source's fields in order, as a tuple (`Row.source`).
_SOURCE_FIELDS = attrgetter(*Source.__slots__)

#: Follows the rows' fields, so a snapshot of another shape is never read as this one,
#: and the parser's version: the rows hold parsed text (a takeaway read another way).
CATALOG_VERSION = f"{PARSER_VERSION}-" + shape(
    Row, Source, Update, TopicTree, Category, Topic, Term, Synonyms
)


def catalog_path(library_root: Path, cache: Path | None = None, part: str = "first") -> Path:
    name = f"{library_key(library_root)}-{part}-v{CATALOG_VERSION}.pickle"
    return (cache or cache_root()) / "catalog" / name


def catalog_rows(library: Library) -> list[Row]:
    """One row per article, newest first (made as plain tuples: keyword construction of
    10,000 named tuples took most of the 200 ms this spent at 10k)."""
    make, source_fields = Row._make, _SOURCE_FIELDS
    return [
        make(
            (
                a.id,
                a.file,
                a.title,
                a.date.toordinal(),
                a.kind,
                a.topics,
                a.takeaway,
                "" if a.takeaway else a.intro,
                a.study_type,
                a.credibility,
                a.credibility_note,
                a.interest,
                source_fields(a.source) if a.source else None,
                a.related,
                a.reading_minutes,
                a.reviewed.toordinal() if a.reviewed else None,
                tuple((u.date.toordinal(), u.text, u.superseded_by) for u in a.updates),
            )
        )
        for a in library.newest()
    ]


class _Digest:
    """A file-like object that only hashes what is written to it."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.hash.update(data)


def catalog_digest(rows: list[Row]) -> str:
    """Whether the rows differ from the snapshot's, without keeping the snapshot's rows.

    The rows are pickled straight into the hash a frame at a time, without the pickler's
    memo (so equal rows give equal bytes whichever strings they share): `repr` of every
    row made one string of 46 MB at 20,000 articles, the app's peak memory.
    """
    out = _Digest()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: values, not which objects are shared, decide the bytes
    pickler.dump(rows)
    return out.hash.hexdigest()


def save_catalog(
    library: Library, rows: list[Row], cache: Path | None = None, digest: str | None = None
) -> None:
    """Write both files atomically, all rows first; a cache that cannot be written only
    costs speed."""
    from tui.core.index_files import files_digest  # saving is after the first screen
    from tui.core.listing_apart import found_path

    digest = digest or catalog_digest(rows)
    counts: dict[str, int] = {}
    for row in rows:
        for topic in row.topics:
            counts[topic] = counts.get(topic, 0) + 1
    first = {
        "root": str(library.root),
        "digest": digest,
        "ids": [row.id for row in rows],
        "counts": counts,
        "rows": rows[:FIRST_ROWS],
        "topics": library.topics,
        "glossary": library.glossary.terms,
        "synonyms": library.synonyms,
        "problems": [(str(p.path), p.line, p.message) for p in library.problems],
    }
    every = {"root": str(library.root), "digest": digest, "rows": rows}
    groups: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        groups.setdefault(row.topics, []).append(row.id)
    members: SavedMembers = {"root": str(library.root), "digest": digest, "groups": groups}
    digests = {i: a.stamp.sha256 for i, a in library.articles.items() if a.stamp}
    saved_digests: SavedDigests = {"root": str(library.root), "digest": digest, "digests": digests}
    stamps: SavedStamps = {
        "root": str(library.root),
        "digest": digest,
        "files": files_digest(digests),
        **file_stamps(library),
    }
    found = {"snapshot": digest, "found": stamps["found"]}
    if (
        _write(catalog_path(library.root, cache, "rows"), every)
        and _write_rows_apart(
            catalog_path(library.root, cache, "row-at"), str(library.root), digest, rows
        )
        and _write(catalog_path(library.root, cache, "members"), members)
        and _write(catalog_path(library.root, cache, "digests"), saved_digests)
        and _write(catalog_path(library.root, cache, "listing"), stamps)
        and _write(found_path(library.root, cache), found)
    ):
        _write(catalog_path(library.root, cache), first)


def _write_rows_apart(target: Path, root: str, digest: str, rows: list[Row]) -> bool:
    """Every row pickled on its own, after a first pickle of where each begins (in the
    order of the snapshot's ids): a command reads the few rows it lists (related
    articles) without the 6 MB of all of them at 10,000 articles."""
    parts = [pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL) for row in rows]
    at = array("q", [0])
    for part in parts:
        at.append(at[-1] + len(part))
    head = {"root": root, "digest": digest, "at": at}
    try:
        private_dir(target.parent)
        with atomic_file(target) as out:
            pickle.dump(head, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.write(b"".join(parts))
        return True
    except OSError:
        log.info("could not write the catalog", exc_info=True)
        return False


def read_row(library_root: Path, digest: str, number: int, cache: Path | None = None) -> Row | None:
    """The row at `number` in the snapshot's ids (saved with `digest`), or None."""
    try:
        with catalog_path(library_root, cache, "row-at").open("rb") as handle:
            head = load_private_pickle(handle)  # reads no further than its own end
            if not (isinstance(head, dict) and head.get("digest") == digest):
                return None
            start, end = head["at"][number], head["at"][number + 1]
            handle.seek(handle.tell() + start)
            row = pickle.loads(handle.read(end - start))
        return row if isinstance(row, Row) else None
    except Exception:
        return None


class FileStamps(TypedDict):
    """What a snapshot was made from (see `file_stamps`)."""

    names: str  # listing.Listing.digest of every article file's path below the root
    stats: array[int] | None  # listing.Listing.stats; None: the files were not all listed
    found: str  # listing_apart.found_digest of the same files, "" when there is none
    yaml: dict[str, tuple[int, int] | None]  # topics.yaml ...: (size, mtime_ns), None if absent


class SavedStamps(FileStamps):
    """The listing part: the stamps, and which library and snapshot they belong to."""

    root: str
    digest: str
    files: str  # index_files.files_digest of the articles' digests


class SavedMembers(TypedDict):
    """The members part: what search and related articles need of every article, read
    only by the commands that ask for it (topics and cite never do)."""

    root: str
    digest: str
    groups: dict[tuple[str, ...], list[str]]  # article ids by their topics


class SavedDigests(TypedDict):
    """Every article's digest, read only when the index's `files_digest` differs from
    the one saved in the listing part (the index then has articles to write)."""

    root: str
    digest: str
    digests: dict[str, str]  # article id: sha256 of its file (the index compares them)


def file_stamps(library: Library) -> FileStamps:
    """What the snapshot was made from: every article file's path, time, size and inode
    as listed now, where each is the version loaded (`listing.as_loaded`), and the YAML
    files' size and time. A command compares only these to know the snapshot is current."""
    from tui.core.listing import as_loaded, below_root  # saving is after the first screen
    from tui.core.listing_apart import found_digest

    loaded: dict[str, tuple[int, int]] = {}
    for article in library.articles.values():
        if article.stamp is not None:
            loaded[os.path.normpath(article.file)] = (article.stamp.size, article.stamp.mtime_ns)
    for problem in library.problems:  # a file that did not load is part of what was seen
        key = os.path.normpath(problem.path)
        if key.endswith(".md") and key not in loaded:
            with contextlib.suppress(OSError):
                info = os.stat(key)
                loaded[key] = (info.st_size, info.st_mtime_ns)
    below = below_root(library.root)
    if not all(key.startswith(below) for key in loaded):
        listed = None  # an article from outside the root: never "current"
    else:
        listed = as_loaded(library.root, loaded)
    return {
        "names": listed.digest if listed else "",
        "stats": listed.stats if listed else None,
        "found": found_digest(library.root, loaded) if listed else "",
        "yaml": yaml_stamps(library.root),
    }


def yaml_stamps(root: Path) -> dict[str, tuple[int, int] | None]:
    stamps: dict[str, tuple[int, int] | None] = {}
    for name in YAML_FILES:
        try:
            info = os.stat(root / name)
            stamps[name] = (info.st_size, info.st_mtime_ns)
        except OSError:
            stamps[name] = None
    return stamps


def read_stamps(
    library_root: Path, digest: str | None, cache: Path | None = None
) -> SavedStamps | None:
    """The stamps (`file_stamps`) saved with the snapshot whose digest is `digest` (None:
    with the last snapshot, whichever it is), or None."""
    stamps: SavedStamps | None = _read_part(library_root, digest, cache, "listing")
    wanted = {"names", "stats", "found", "yaml", "files"}
    return stamps if stamps is not None and wanted <= stamps.keys() else None


def read_members(library_root: Path, digest: str, cache: Path | None = None) -> SavedMembers | None:
    """The ids by their topics, saved with the snapshot whose digest is `digest`, or None."""
    members: SavedMembers | None = _read_part(library_root, digest, cache, "members")
    return members if members is not None and "groups" in members else None


def read_digests(
    library_root: Path, digest: str, cache: Path | None = None
) -> dict[str, str] | None:
    """Each article's digest, saved with the snapshot whose digest is `digest`, or None."""
    saved: SavedDigests | None = _read_part(library_root, digest, cache, "digests")
    return saved["digests"] if saved is not None and "digests" in saved else None


def _read_part(library_root: Path, digest: str | None, cache: Path | None, part: str) -> Any:
    """One part of the snapshot, if it is the one saved with `digest` (or any, for None);
    else None."""
    try:
        with catalog_path(library_root, cache, part).open("rb") as handle:
            data = load_private_pickle(handle)
        if not isinstance(data, dict) or not isinstance(data.get("digest"), str):
            return None
        return data if digest is None or data["digest"] == digest else None
    except Exception:
        return None


def _write(target: Path, data: Mapping[str, object]) -> bool:
    try:
        private_dir(target.parent)
        with atomic_file(target) as out:
            pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)
        return True
    except OSError:
        log.info("could not write the catalog", exc_info=True)
        return False


def read_catalog(library_root: Path, cache: Path | None = None) -> Snapshot | None:
    """The last snapshot as an incomplete library, or None if there is none."""
    try:
        with catalog_path(library_root, cache).open("rb") as handle, no_garbage_collection():
            first = load_private_pickle(handle)
        if first["root"] != str(library_root):
            return None
        digest = first["digest"]
        rest = catalog_path(library_root, cache, "rows")
        return Snapshot(
            root=library_root,
            articles=_Articles(first["ids"], first["rows"], lambda: _all_rows(rest, digest)),
            topics=first["topics"],
            glossary=Glossary(list(first["glossary"])),
            synonyms=first["synonyms"],
            problems=tuple(Problem(Path(p), line, msg) for p, line, msg in first["problems"]),
            counts=first["counts"],
            digest=digest,
        )
    except FileNotFoundError:
        return None
    except Exception:  # damaged or from another version: the full load will do
        log.info("catalog unreadable; waiting for the full load", exc_info=True)
        return None


def _all_rows(path: Path, digest: str) -> list[Row]:
    """Every row, when the file is the one saved with the small file; else none."""
    try:
        with path.open("rb") as handle, no_garbage_collection():
            every = load_private_pickle(handle)
        return every["rows"] if every["digest"] == digest else []
    except Exception:
        log.info("catalog rows unreadable; waiting for the full load", exc_info=True)
        return []


class _Articles(Mapping[str, Article]):
    """Articles made from their rows when first asked for: 10,000 at once take ~60 ms.

    Knows every id; holds the first rows and reads the others when one is asked for.
    """

    def __init__(
        self, ids: list[str], rows: list[Row], read_rest: Callable[[], list[Row]] | None
    ) -> None:
        self.ids = ids  # newest first, as saved
        self.rows = {row.id: row for row in rows}
        self._known = set(ids)
        self._read_rest = read_rest
        self._made: dict[str, Article] = {}

    def all_rows(self) -> dict[str, Row]:
        if len(self.rows) < len(self.ids) and self._read_rest is not None:
            self.rows = {row.id: row for row in self._read_rest()} or self.rows
            self._read_rest = None
            self.ids = [i for i in self.ids if i in self.rows]  # the file could not be read
            self._known = set(self.ids)
        return self.rows

    def __getitem__(self, article_id: str) -> Article:
        article = self._made.get(article_id)
        if article is None:
            row = self.rows.get(article_id)
            if row is None and article_id in self._known:
                row = self.all_rows().get(article_id)
            if row is None:
                raise KeyError(article_id)
            article = self._made[article_id] = _light_article(row)
        return article

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class _Listing(Sequence[Article]):
    """A list of articles that makes only the ones looked at (a screen shows a few dozen)."""

    def __init__(self, articles: _Articles, ids: list[str]) -> None:
        self.articles, self.ids = articles, ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self.articles[i] for i in self.ids[index]]
        return self.articles[self.ids[index]]


@dataclass(frozen=True)
class Snapshot:
    """The first screen's library, read-only: answers what lists ask from the rows alone.

    Deliberately not a `Library`: code that changes a library (`reload_article`) takes
    a `Library`, so the type checker refuses a snapshot, and the app checks which of
    the two it holds before changing anything (pressing r while loading crashed).
    """

    root: Path
    articles: _Articles
    topics: TopicTree
    glossary: Glossary
    problems: tuple[Problem, ...]
    synonyms: Synonyms = field(default_factory=Synonyms)
    counts: dict[str, int] | None = None
    digest: str = ""
    #: Made beforehand, beside a shared index (tui/core/first_start.py), not read from the
    #: user's cache: the full load saves the user's own.
    packaged: bool = False
    complete: ClassVar[bool] = False

    def get(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)

    def newest(self) -> Sequence[Article]:
        return _Listing(self.articles, self.articles.ids)

    def in_topic(self, topic: str) -> Sequence[Article]:
        name = self.topics.canonical(topic)
        rows = self.articles.all_rows()
        return _Listing(self.articles, [i for i in self.articles.ids if name in rows[i].topics])

    def topic_counts(self) -> dict[str, int]:
        return dict(self.counts or {})


def _light_article(row: Row) -> Article:
    return Article(
        id=row.id,
        file=row.path,
        title=row.title,
        date=date.fromordinal(row.day),
        kind=row.kind,
        topics=row.topics,
        takeaway=row.takeaway,
        considerations="",
        sections=(),
        intro=row.intro,
        study_type=row.study_type,
        credibility=row.credibility,
        credibility_note=row.credibility_note,
        interest=row.interest,
        source=Source(*row.source) if row.source else None,
        related=row.related,
        reviewed=date.fromordinal(row.reviewed) if row.reviewed else None,
        updates=tuple(Update(date.fromordinal(d), text, newer) for d, text, newer in row.updates),
        minutes=row.minutes,
    )
