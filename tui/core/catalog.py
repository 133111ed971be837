"""A snapshot of what the first screen lists, so it paints before the library loads.

Loading 10,000 articles takes a good part of a second even from the
parsed-article cache, and the first screen needs only each article's title,
date, kind, topics, ratings and takeaway. After a full load the app saves
those rows here; on the next start they are shown at once as an incomplete
`Library` (no article bodies) and replaced by the full library as soon as it
has loaded. A file changed in between shows its old row for that moment.
"""

from __future__ import annotations

import logging
import pickle
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui.core.article import Article, Source, Update
from tui.core.article_cache import no_garbage_collection
from tui.core.atomic import atomic_file
from tui.core.glossary import Glossary
from tui.core.library import Library
from tui.core.paths import cache_root, library_key
from tui.core.problems import Problem

log = logging.getLogger(__name__)

CATALOG_VERSION = 2  # bump when a row's shape changes

Row = tuple  # see `catalog_rows` for the fields, in order


def catalog_path(library_root: Path, cache: Path | None = None) -> Path:
    name = f"{library_key(library_root)}-v{CATALOG_VERSION}.pickle"
    return (cache or cache_root()) / "catalog" / name


def catalog_rows(library: Library) -> list[Row]:
    """One tuple of plain values per article, newest first: what lists and previews show."""
    return [
        (
            a.id,
            str(a.path),
            a.title,
            a.date.toordinal(),
            a.kind,
            a.topics,
            a.takeaway,
            "" if a.takeaway else a.intro,  # the preview shows the intro when there is no takeaway
            a.study_type,
            a.credibility,
            a.credibility_note,
            a.interest,
            _fields(a.source) if a.source else None,  # plain values unpickle faster
            a.related,
            a.reading_minutes,
            a.reviewed.toordinal() if a.reviewed else None,
            tuple(
                (u.date.toordinal(), u.text, u.superseded_by) for u in a.updates
            ),  # lists mark them
        )
        for a in library.newest()
    ]


def save_catalog(library: Library, rows: list[Row], cache: Path | None = None) -> None:
    """Write the snapshot atomically; a cache that cannot be written only costs speed."""
    snapshot = {
        "root": str(library.root),
        "rows": rows,
        "topics": library.topics,
        "glossary": library.glossary.terms,
        "problems": [(str(p.path), p.line, p.message) for p in library.problems],
    }
    target = catalog_path(library.root, cache)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(target) as out:
            pickle.dump(snapshot, out, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        log.info("could not write the catalog", exc_info=True)


def read_catalog(library_root: Path, cache: Path | None = None) -> tuple[Library, list[Row]] | None:
    """The last snapshot as an incomplete library and its rows, or None if there is none."""
    try:
        with catalog_path(library_root, cache).open("rb") as handle, no_garbage_collection():
            snapshot = pickle.load(handle)
        if snapshot["root"] != str(library_root):
            return None
        rows = snapshot["rows"]
        library = Snapshot(
            root=library_root,
            articles=_Articles(rows),
            topics=snapshot["topics"],
            glossary=Glossary(list(snapshot["glossary"])),
            problems=[Problem(Path(p), line, message) for p, line, message in snapshot["problems"]],
        )
    except FileNotFoundError:
        return None
    except Exception:  # damaged or from another version: the full load will do
        log.info("catalog unreadable; waiting for the full load", exc_info=True)
        return None
    return library, rows


class _Articles(Mapping[str, Article]):
    """Articles made from their rows when first asked for: 10,000 at once take ~60 ms."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = {row[0]: row for row in rows}  # newest first, as saved
        self._made: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        article = self._made.get(article_id)
        if article is None:
            article = self._made[article_id] = _light_article(self.rows[article_id])
        return article

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.rows

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class _Listing(Sequence[Article]):
    """A list of articles that makes only the ones looked at (a screen shows a few dozen)."""

    def __init__(self, articles: _Articles, ids: list[str]) -> None:
        self.articles, self.ids = articles, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.articles[i] for i in self.ids[index]]
        return self.articles[self.ids[index]]


@dataclass
class Snapshot(Library):
    """The first screen's library: answers what lists ask from the rows alone."""

    complete: bool = False

    def newest(self) -> Sequence[Article]:
        return _Listing(self.articles, list(self.articles.rows))

    def in_topic(self, topic: str) -> Sequence[Article]:
        name = self.topics.canonical(topic)
        rows = self.articles.rows
        return _Listing(self.articles, [i for i, row in rows.items() if name in row[5]])

    def topic_counts(self) -> dict[str, int]:
        return Counter(topic for row in self.articles.rows.values() for topic in row[5])


def _fields(source: Source) -> tuple:
    return tuple(getattr(source, name) for name in source.__slots__)


def _light_article(row: Row) -> Article:
    (id_, path, title, day, kind, topics, takeaway, intro) = row[:8]
    study_type, credibility, credibility_note, interest, source, related, minutes = row[8:15]
    reviewed, updates = row[15:]
    return Article(
        id=id_,
        path=Path(path),
        title=title,
        date=date.fromordinal(day),
        kind=kind,
        topics=topics,
        takeaway=takeaway,
        considerations="",
        sections=(),
        intro=intro,
        study_type=study_type,
        credibility=credibility,
        credibility_note=credibility_note,
        interest=interest,
        source=Source(*source) if source else None,
        related=related,
        reviewed=date.fromordinal(reviewed) if reviewed else None,
        updates=tuple(Update(date.fromordinal(day), text, newer) for day, text, newer in updates),
        minutes=minutes,
    )
