"""The library as one command needs it: an article's file is read only when it is shown.

`myelin search` at 10,000 articles spent most of its time loading every article
from the parsed-article cache (and building 10,000 `Path`s) to show ten. The
first-screen snapshot (tui/core/catalog.py) already holds every id, the topic
tree, the glossary, the synonyms and a row per article; with it, a command needs
only the files of the articles it shows. That is safe only while the snapshot
and the index describe the files on disk: every article file has the size and
time it had, the YAML files too, and the index holds the same versions of the
articles (its manifest's digests). Otherwise the library is loaded in full, as
before, and the snapshot saved for the next command.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.article import Article
from tui.core.catalog import (
    Row,
    SavedMembers,
    Snapshot,
    catalog_rows,
    read_catalog,
    read_digests,
    read_members,
    read_row,
    read_stamps,
    save_catalog,
    yaml_stamps,
)
from tui.core.library import Library, load_library, resolve_article
from tui.core.listing import list_articles
from tui.core.listing_apart import CheckApart
from tui.core.parser import read_article


def load_for_command(
    root: Path,
    cache: Path | None = None,
    shown: Sequence[str] | None = None,
    checking: CheckApart | None = None,
) -> Library:
    """The snapshot with articles read on demand when it is current, else the full load.

    Whether the index is current is the index's to say: `open_index` compares its
    manifest with `digests()` and raises `IncompleteLibrary` when it would have to write
    articles this library has not read; the command then loads the whole library.

    `shown`: the command's output is these articles and nothing else of the library
    (`myelin cite`): each is read from its file anyway, so only they are checked, not
    every file of the library. Any of them not in the snapshot or not readable as that
    article means the full check (a new article, a broken or removed file are then said
    as before). Only the problems count the snapshot holds may be behind an edit of
    another file (until the next command that checks every file).

    `checking`: the check of every file, started in a child process before the snapshot
    was read (`listing_apart.find_apart`). If it is of the snapshot read, the library is
    returned without waiting for it, as its `check`: the command says nothing before
    `check.same()` is True, and answers again with the full load when it is not."""
    quick = _shown_from_snapshot(root, cache, shown) if shown else None
    if quick is None:
        quick = _current_snapshot(root, cache, checking=checking)
    return quick if quick is not None else load_whole(root, cache)


def load_whole(root: Path, cache: Path | None = None) -> Library:
    """Every article (from the parsed-article cache where it can), and the snapshot saved
    for the next command."""
    library = load_library(root, cache=cache, use_cache=True)
    if library.articles:
        save_catalog(library, catalog_rows(library), cache)
    return library


def _shown_from_snapshot(
    root: Path, cache: Path | None, shown: Sequence[str]
) -> CommandLibrary | None:
    """The snapshot, if each of `shown` is in it and its file reads as that article."""
    library = _current_snapshot(root, cache, every_file=False)
    if library is None or not all(library.get(i) is not None for i in shown):
        return None
    return library


def _current_snapshot(
    root: Path, cache: Path | None, every_file: bool = True, checking: CheckApart | None = None
) -> CommandLibrary | None:
    """The snapshot as a library, if it and the YAML files match; and, with `every_file`,
    every article file's size and time too (one `stat` each; by `checking` in a child
    process, when it is of this snapshot: its answer is then the library's `check`)."""
    snapshot = read_catalog(root, cache)
    if snapshot is None:
        return None
    stamps = read_stamps(root, snapshot.digest, cache)
    if stamps is None or stamps["yaml"] != yaml_stamps(root):
        return None
    check = None
    if every_file and checking is not None and checking.snapshot == snapshot.digest:
        check = checking
    elif every_file:
        try:
            listed = list_articles(root)
        except OSError:  # an unreadable folder: the full load says what it is
            return None
        if not listed.same_as(stamps["names"], stamps["stats"]):
            return None
    return CommandLibrary(
        root=snapshot.root,
        articles=snapshot.articles,  # type: ignore[arg-type]  # a read-only Mapping
        topics=snapshot.topics,
        glossary=snapshot.glossary,
        synonyms=snapshot.synonyms,
        problems=list(snapshot.problems),
        snapshot=snapshot,
        files_digest=stamps["files"],
        cache=cache,
        check=check,
    )


@dataclass
class CommandLibrary(Library):
    """Lists and counts from the snapshot's rows; `get` reads the article's file."""

    complete: bool = False
    snapshot: Snapshot | None = None
    check: CheckApart | None = None  # the check of every file, still running apart
    files_digest: str | None = None  # index_files.files_digest of the saved digests
    cache: Path | None = None
    _read: dict[str, Article | None] = field(default_factory=dict)
    _members: SavedMembers | None = None
    _no_members: bool = False
    _topics_of: dict[str, tuple[str, ...]] | None = None

    @property
    def _snapshot(self) -> Snapshot:
        assert self.snapshot is not None, "made from a snapshot"
        return self.snapshot

    def _saved_members(self) -> SavedMembers | None:
        """The ids by topics, read when first asked for (topics and cite need none)."""
        if self._members is None and not self._no_members:
            self._members = read_members(self.root, self._snapshot.digest, self.cache)
            self._no_members = self._members is None
        return self._members

    def saved_files_digest(self) -> str | None:
        return self.files_digest

    def digests(self) -> dict[str, str | None]:
        """Read only when the index's digest of them differs (it has articles to write)."""
        saved = read_digests(self.root, self._snapshot.digest, self.cache)
        return dict(saved) if saved else {}  # none: every article looks new, so a full load

    def topic_groups(self) -> Mapping[tuple[str, ...], Sequence[str]]:
        members = self._saved_members()
        return members["groups"] if members else super().topic_groups()

    def topics_of(self, article_id: str) -> tuple[str, ...]:
        """From the ids grouped by topics: a search ranking 1,700 explainers at 10k read
        every row (6 MB) to learn their first topics."""
        members = self._saved_members()
        if members is None:
            return super().topics_of(article_id)
        if self._topics_of is None:
            self._topics_of = {i: t for t, ids in members["groups"].items() for i in ids}
        return self._topics_of.get(article_id, ())

    def newest(self) -> Sequence[Article]:
        return self._snapshot.newest()

    def in_topic(self, topic: str) -> Sequence[Article]:
        return self._snapshot.in_topic(topic)

    def topic_counts(self) -> dict[str, int]:
        return self._snapshot.topic_counts()

    def listed(self, article_id: str) -> Article | None:
        """The snapshot's row: at hand, else read alone (every row is 6 MB at 10k), else
        the file."""
        if self._row(article_id) is not None:
            return self._snapshot.articles[article_id]
        return self.get(article_id)

    def _row(self, article_id: str) -> Row | None:
        """The article's row: at hand, else read alone, else None."""
        articles = self._snapshot.articles
        if article_id not in articles.rows and article_id in articles:
            row = read_row(
                self.root, self._snapshot.digest, articles.ids.index(article_id), self.cache
            )
            if row is not None and row.id == article_id:
                articles.rows[article_id] = row
        return articles.rows.get(article_id)

    def get(self, article_id: str) -> Article | None:
        if article_id not in self._read:
            self._read[article_id] = self._read_file(article_id)
        return self._read[article_id]

    def _read_file(self, article_id: str) -> Article | None:
        if article_id not in self.articles:
            return None
        path = self._path_of(article_id)
        if path is None:  # the snapshot's rows could not be read
            return None
        result = read_article(Path(path), self.root)
        if not isinstance(result, Article) or result.id != article_id:
            return None  # changed since the check a moment ago
        known = len(self.problems)  # the snapshot lists these problems already
        article = resolve_article(self, result)
        del self.problems[known:]
        return article

    def _path_of(self, article_id: str) -> str | None:
        """The article's file: from the rows at hand, else by file name (an id is its
        file's name; one in the library's own folder comes first in the walk), else from
        its row read alone, else from all the rows (50 ms at 10k)."""
        row = self._snapshot.articles.rows.get(article_id)
        if row is not None:
            return row.path
        path = os.path.join(self.root, article_id + ".md")
        if os.path.isfile(path):
            return path
        row = self._row(article_id) or self._snapshot.articles.all_rows().get(article_id)
        return row.path if row is not None else None
