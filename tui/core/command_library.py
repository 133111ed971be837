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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.article import Article
from tui.core.catalog import (
    Snapshot,
    catalog_rows,
    read_catalog,
    read_stamps,
    save_catalog,
    yaml_stamps,
)
from tui.core.index_files import index_dir_for, read_manifest, shared_index_for
from tui.core.library import Library, load_library, resolve_article
from tui.core.parser import read_article


def load_for_command(root: Path, cache: Path | None = None, searches: bool = True) -> Library:
    """The snapshot with articles read on demand when it is current, else the full load.
    A command that does not `search` (topics, cite) does not wait for the index either."""
    quick = _current_snapshot(root, cache, searches)
    if quick is not None:
        return quick
    library = load_library(root, cache=cache, use_cache=True)
    if library.articles:
        save_catalog(library, catalog_rows(library), cache)
    return library


def _file_stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(size, time) of every `*.md` the library walk could list, in one pass.

    Not `markdown_names`: its sorting and checks cost 50 ms at 10,000 files, and this
    only has to be no smaller than what it lists (any difference means "load in full").
    """
    found: dict[str, tuple[int, int]] = {}
    folders = [os.path.normpath(root)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:  # an unreadable folder: the full load names it as a problem
            continue
        for entry in entries:
            if entry.name[0] == ".":
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".md"):
                    info = entry.stat()
                    found[entry.path] = (info.st_size, info.st_mtime_ns)
            except OSError:  # a link loop, a file gone: a problem of the full load's
                continue
    return found


def _current_snapshot(root: Path, cache: Path | None, searches: bool) -> CommandLibrary | None:
    snapshot = read_catalog(root, cache)
    if snapshot is None:
        return None
    stamps = read_stamps(root, snapshot.digest, cache)
    if stamps is None or stamps["yaml"] != yaml_stamps(root):
        return None
    try:
        if _file_stamps(root) != stamps["files"]:
            return None
    except OSError:  # a symlink loop, an unreadable folder: the full load says what it is
        return None
    places = (shared_index_for(root), index_dir_for(root, cache)) if searches else ()
    manifests = [read_manifest(place) for place in places if place is not None]
    if searches and not any(m is not None and m["files"] == stamps["digests"] for m in manifests):
        return None  # the index is behind the files: the full load brings it up to date
    return CommandLibrary(
        root=snapshot.root,
        articles=snapshot.articles,  # type: ignore[arg-type]  # a read-only Mapping
        topics=snapshot.topics,
        glossary=snapshot.glossary,
        synonyms=snapshot.synonyms,
        problems=list(snapshot.problems),
        snapshot=snapshot,
        known_digests=stamps["digests"],
        file_names=list(stamps["files"]),
    )


@dataclass
class CommandLibrary(Library):
    """Lists and counts from the snapshot's rows; `get` reads the article's file."""

    complete: bool = False
    snapshot: Snapshot | None = None
    known_digests: dict[str, str] = field(default_factory=dict)
    file_names: list[str] = field(default_factory=list)
    _read: dict[str, Article | None] = field(default_factory=dict)
    _by_id: dict[str, str | None] | None = None

    def digests(self) -> dict[str, str | None]:
        return dict(self.known_digests)  # the rows have no file stamps

    @property
    def _snapshot(self) -> Snapshot:
        assert self.snapshot is not None, "made from a snapshot"
        return self.snapshot

    def newest(self) -> Sequence[Article]:
        return self._snapshot.newest()

    def in_topic(self, topic: str) -> Sequence[Article]:
        return self._snapshot.in_topic(topic)

    def topic_counts(self) -> dict[str, int]:
        return self._snapshot.topic_counts()

    def get(self, article_id: str) -> Article | None:
        if article_id not in self._read:
            self._read[article_id] = self._read_file(article_id)
        return self._read[article_id]

    def _read_file(self, article_id: str) -> Article | None:
        if article_id not in self.known_digests:
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
        """The article's file: from the rows already read, else by file name (an id is
        its file's name), else (two files, one name) from all the rows (50 ms at 10k)."""
        row = self._snapshot.articles.rows.get(article_id)
        if row is not None:
            return row.path
        if self._by_id is None:
            by_id: dict[str, str | None] = {}
            for name in self.file_names:
                stem = os.path.basename(name)[:-3]
                by_id[stem] = None if stem in by_id else name
            self._by_id = by_id
        path = self._by_id.get(article_id)
        if path is None:
            row = self._snapshot.articles.all_rows().get(article_id)
            path = row.path if row is not None else None
        return path
