"""What a first start reads, made beforehand and kept beside a shared index.

With an empty cache the first screen had nothing to show until every article was
parsed (3.9x the bare app at the bundled library, on every new user's first
start). `build_shared_index` (the wheel's build hook, `make`'s install in a
checkout, `myelin index --output`) therefore also writes, beside the index:

- `first-start.json`: the versions it was made with, every library file it was
  made from (name below the root: sha256) and each part's digest;
- `first-start-list.pickle`: the first screen's snapshot (rows, topic tree,
  glossary, synonyms), its paths below the root;
- `first-start-articles.pickle`: each article as parsed, by its name below the
  root, with its file's digest, and the YAML files' results.

It is untrusted input, as the index is: a part is unpickled only when its bytes
have the manifest's digest (otherwise it is refused, and said, and the library is
read from its files); the snapshot is used only while every file of the library
is the one it was made from; a parsed article only while its own file (and
topics.yaml, which decides its topics) has the digest it was parsed from. Nothing
here is ever written by a reader: the user's own caches are filled from it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui.core import index_files
from tui.core.article import Article, FileStamp
from tui.core.article_cache import CACHE_VERSION, no_garbage_collection
from tui.core.atomic import atomic_write
from tui.core.catalog import CATALOG_VERSION, YAML_FILES, Snapshot, _Articles, catalog_digest
from tui.core.catalog import catalog_rows as make_rows
from tui.core.glossary import Glossary, load_glossary
from tui.core.index_files import FIRST_START_FILES, shared_index_for
from tui.core.library import Library
from tui.core.library_files import markdown_names, read_bounded
from tui.core.paths import open_to_others
from tui.core.problems import Problem, ProblemError
from tui.core.sanitize import show_name
from tui.core.synonyms import load_synonyms
from tui.core.topics import load_topics

log = logging.getLogger(__name__)

MANIFEST, LIST_PART, ARTICLES_PART = FIRST_START_FILES
VERSION = f"{CACHE_VERSION}/{CATALOG_VERSION}"
#: No file of a library is larger (tui/core/parser.py MAX_FILE_BYTES): one that is, is changed.
MAX_FILE_BYTES = 1024 * 1024
#: What `load_library` keeps of each YAML file is its loader's result, before the
#: articles add topics to the tree (tui/core/article_cache.py `load_yaml`).
_YAML_LOADERS: dict[str, Callable[[Path], tuple[object, list[Problem]]]] = {
    "topics.yaml": load_topics,
    "glossary.yaml": load_glossary,
    "synonyms.yaml": load_synonyms,
}


def write_first_start(library: Library, folder: Path) -> None:
    """The three files in `folder` (a fresh index folder, before its manifest is written).

    The snapshot only for a library without problems (a problem names a file by its
    whole path); no article that a problem names (its links were cut to this library)."""
    below = _below(library.root)
    with_problems = {os.path.normpath(p.path) for p in library.problems}
    articles: dict[str, tuple[str, Article]] = {}
    files: dict[str, str] = {}
    for article in library.articles.values():
        if article.stamp is None or not article.file.startswith(below):
            continue
        name = article.file[len(below) :]
        files[name] = article.stamp.sha256
        if os.path.normpath(article.file) not in with_problems:
            articles[name] = (article.stamp.sha256, replace(article, file=name, stamp=None))
    results: dict[str, tuple[str, bytes]] = {}
    for name, loader in _YAML_LOADERS.items():
        try:
            raw, _ = read_bounded(library.root / name, MAX_FILE_BYTES)
        except ProblemError:
            continue
        files[name] = hashlib.sha256(raw).hexdigest()
        value, problems = loader(library.root / name)
        if not problems:  # a problem names the file by its whole path: read it there
            results[name] = (files[name], pickle.dumps((value, problems)))
    parts = {ARTICLES_PART: {"articles": articles, "yaml": results}}
    if not library.problems:
        rows = [row._replace(path=row.path[len(below) :]) for row in make_rows(library)]
        parts[LIST_PART] = {
            "rows": rows,
            "topics": library.topics,
            "glossary": library.glossary.terms,
            "synonyms": library.synonyms,
        }
    sums = {}
    for part, data in parts.items():
        raw = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(folder / part, raw)
        sums[part] = _digest(raw)
    manifest = {"version": VERSION, "files": files, "parts": sums}
    atomic_write(folder / MANIFEST, json.dumps(manifest).encode("utf-8"))


@dataclass
class FirstStart:
    """The first-start data of one library, read lazily and checked before use."""

    root: Path
    folder: Path
    files: dict[str, str]
    parts: dict[str, str]
    #: Why a part was refused, in words (the app and the commands say it); None if none was.
    problem: str | None = None
    _articles: dict[str, Any] | None = field(default=None, repr=False)
    _current: dict[str, str] = field(default_factory=dict, repr=False)

    def snapshot(self) -> Snapshot | None:
        """The first screen's library, if every file of the library is the one it was made
        from (a changed, added or removed file: None, and the full load does the rest)."""
        if LIST_PART not in self.parts or not self._unchanged():
            return None
        data = self._part(LIST_PART)
        if data is None:
            return None
        below = _below(self.root)
        rows = [row._replace(path=below + row.path) for row in data["rows"]]
        counts: dict[str, int] = {}
        for row in rows:
            for topic in row.topics:
                counts[topic] = counts.get(topic, 0) + 1
        return Snapshot(
            root=self.root,
            articles=_Articles([row.id for row in rows], rows, None),
            topics=data["topics"],
            glossary=Glossary(list(data["glossary"])),
            synonyms=data["synonyms"],
            problems=(),
            counts=counts,
            digest=catalog_digest(rows),
            packaged=True,
        )

    def article(self, name: str) -> Article | None:
        """The parsed article of the file `name` (as the library walk names it), if the
        file is the one it was parsed from; its stamp is the file's here."""
        below = _below(self.root)
        key = name[len(below) :] if name.startswith(below) else ""
        digest = self.files.get(key)
        found = self._file(name) if digest else None
        if found is None or found[0].sha256 != digest:
            return None  # a changed file: the parsed articles are not even read for it
        articles = self._parsed()
        entry = articles.get(key) if articles else None
        if entry is None or entry[0] != digest:
            return None
        article: Article = entry[1]
        return replace(article, file=name, stamp=found[0])

    def yaml(self, path: Path) -> bytes | None:
        """A YAML file's pickled (value, problems), if the file is the one it was made from."""
        articles = self._load_articles()
        entry = articles["yaml"].get(path.name) if articles else None
        if entry is None or self._yaml_digest(path.name) != entry[0]:
            return None
        return entry[1]  # type: ignore[no-any-return]

    def _parsed(self) -> dict[str, Any] | None:
        """The parsed articles, while topics.yaml is the one they were resolved with."""
        data = self._load_articles()
        if data is None or self._yaml_digest("topics.yaml") != self.files.get("topics.yaml"):
            return None
        return data["articles"]  # type: ignore[no-any-return]

    def _load_articles(self) -> dict[str, Any] | None:
        if self._articles is None and ARTICLES_PART in self.parts:
            self._articles = self._part(ARTICLES_PART) or {}
        return self._articles or None

    def _yaml_digest(self, name: str) -> str | None:
        if name not in self._current:
            found = self._file(os.path.join(self.root, name))
            self._current[name] = found[0].sha256 if found else ""
        return self._current[name] or None

    def _file(self, name: str) -> tuple[FileStamp, bytes] | None:
        try:
            raw, info = read_bounded(Path(name), MAX_FILE_BYTES, self.root)
        except ProblemError:
            return None
        return FileStamp(len(raw), info.st_mtime_ns, hashlib.sha256(raw).hexdigest()), raw

    def _unchanged(self) -> bool:
        """Every article file and YAML file of the library is the one the data was made
        from, and there are no others."""
        names, problems = markdown_names(self.root)
        below = _below(self.root)
        expected = {n: d for n, d in self.files.items() if n not in YAML_FILES}
        if problems or len(names) != len(expected):
            return False
        for name in names:
            found = self._file(name)
            if found is None or expected.get(name[len(below) :]) != found[0].sha256:
                return False
        return all(self._yaml_digest(n) == self.files.get(n) for n in YAML_FILES)

    def _part(self, part: str) -> Any:
        """A part's contents, unpickled only when its bytes are the ones the manifest
        names; else None, and `problem` says so."""
        path = self.folder / part
        try:
            raw = path.read_bytes()
        except OSError as error:
            return self._refuse(f"{part} cannot be read ({(error.strerror or '').lower()})")
        if _digest(raw) != self.parts.get(part):
            return self._refuse(f"{part} is not the file it was made as")
        try:
            with no_garbage_collection():
                data = pickle.loads(raw)
        except Exception as error:
            return self._refuse(f"{part} cannot be read ({type(error).__name__})")
        return data if isinstance(data, dict) else self._refuse(f"{part} is damaged")

    def _refuse(self, why: str) -> None:
        self.problem = (
            f"The first-start data in {show_name(self.folder)} was refused: {why}. "
            "The library is read from its files instead."
        )
        log.warning("%s", self.problem)


def first_start_for(root: Path) -> FirstStart | None:
    """The first-start data beside the library's shared index (`$MYELIN_INDEX`, or for
    the bundled library the packaged one), or None when there is none for this version
    of Myelin or it is not safe to read."""
    folder = shared_index_for(root)
    if folder is None:
        return None
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (
        isinstance(manifest, dict)
        and manifest.get("version") == VERSION
        and isinstance(manifest.get("files"), dict)
        and isinstance(manifest.get("parts"), dict)
    ):
        return None
    # The packaged folder is as safe as the code beside it; a chosen one is checked, as
    # the index in it is (tui/core/index.py `_open_shared`): its pickles run code.
    if folder != index_files.PREBUILT and (unsafe := open_to_others(folder, owner_only=False)):
        log.warning("first-start data not read: %s", unsafe)
        return None
    return FirstStart(root, folder, manifest["files"], manifest["parts"])


def _below(root: Path) -> str:
    """What the walk's name of a file in `root` starts with (`markdown_names`)."""
    return os.path.join(os.fspath(root), "")


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()
