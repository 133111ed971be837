"""The Whoosh index: a rebuildable cache of the library, kept in the user cache dir.

The one place that knows the schema. `open_index` brings the index up to date
with the library (only changed files are rewritten), rebuilds it when it is
missing, from another schema version or damaged, searches a possibly stale
copy when another process is writing, and falls back to memory when nothing
can be written. Each of those cases leaves a plain message in `status`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

import filelock
from whoosh import index as whoosh_index
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, KEYWORD, NGRAMWORDS, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from tui.core.article import Article
from tui.core.index_files import (
    INDEX_ENV,
    MANIFEST,
    PREBUILT,
    SCHEMA_VERSION,
    damaged_file,
    index_dir_for,
    read_manifest,
    shared_index_for,
)
from tui.core.index_files import write_manifest as write_manifest_file
from tui.core.library import Library, load_library
from tui.core.paths import cache_root, library_key, open_to_others, private_dir
from tui.core.sanitize import show_name
from tui.core.shared_output import OutputRefused, check_output, closed_parents, make_parents

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
#: What a field gives Whoosh for each term: (text, frequency, weight, encoded value).
PostingParts = Iterator[tuple[bytes, int, float, bytes]]

#: The analyser for text fields; search analyses query words with it too (search/concepts.py).
#: Snowball's English stemmer joins more forms than Porter's ("vaccinated" and "vaccines").
#: One-letter words are kept: "vitamin D", "B cells" and "T cells" are names.
#: A "*" splits words (Whoosh's default keeps it): "HLA-DRB1" finds "HLA-DRB1*15:01".
#: Accents are folded (Whoosh's accent map, plus the letters it leaves alone): a name
#: pasted from PubMed ("Montalbán", "Bjørnevik") finds the summary that wrote it plainly.
FOLD = {**accent_map, ord("æ"): "ae", ord("œ"): "oe", ord("ß"): "ss"}
TEXT_ANALYZER = (
    RegexTokenizer(r"\w+(\.?\w+)*")
    | LowercaseFilter()
    | CharsetFilter(FOLD)
    | StopFilter(minsize=1)
    | StemFilter(lang="en")
)
PREFIX_MIN, PREFIX_MAX = 2, 12


class Stems(NamedTuple):
    """One text as `TEXT_ANALYZER` indexes it: its stems, and how many stop words came
    before the first (Whoosh numbers the first word kept by where it stood)."""

    words: list[str]
    skipped: int


_STEMMED: dict[str, str] = {}  # word -> stem, for `stems_of`; cleared when large


def stems_of(text: str) -> Stems:
    """`TEXT_ANALYZER` without its token objects and generators: the same words in a
    third of the time (a full build analysed every article with it twice: 12 s at 10k).
    A test checks that the two agree."""
    tokenizer, _, _, stop, stemmer = TEXT_ANALYZER.items
    if len(_STEMMED) > 200_000:
        _STEMMED.clear()
    words: list[str] = []
    skipped = 0
    for match in tokenizer.expression.finditer(text):
        word = match.group(0).lower().translate(FOLD)
        if len(word) < stop.min or (stop.max and len(word) > stop.max) or word in stop.stops:
            skipped += not words
            continue
        stem = _STEMMED.get(word)
        if stem is None:
            stem = _STEMMED[word] = word if word in stemmer.ignore else stemmer._stem(word)
        words.append(stem)
    return Stems(words, skipped)


#: How much a word counts in `content` by where it stands: a word of the title counts
#: as if it were written six times, of the takeaway three times, of the body once.
TITLE_WEIGHT, TAKEAWAY_WEIGHT = 6.0, 3.0
#: BM25 with K1 5 rather than 1.2: a word's weight saturates later, so a title match
#: still lifts an article whose body uses the word often (as separate title and takeaway
#: fields did: these values ranked closest to them on the bundled and a 1k library).
SCORING = BM25F(K1=5.0)
#: A full build of at least this many articles runs in a child process on up to
#: `BUILD_PROCESSES` cores (see `_build_in_child`). The child says it is alive every
#: `HEARTBEAT` seconds, also through a long commit; only a child silent for
#: `BUILD_SILENCE_LIMIT` seconds (frozen, not slow) is stopped and the build done here.
BUILD_IN_CHILD_FROM, BUILD_PROCESSES, BUILD_SILENCE_LIMIT = 500, 4, 120.0
HEARTBEAT = 2.0
#: Seconds a repair waits for another process that holds the index lock.
LOCK_WAIT = 10.0
#: A built index takes about four times its articles' bytes (the bundled library: 0.67
#: MB of articles, 2.7 MB of index); a build is not started without that much free space.
INDEX_BYTES_PER_ARTICLE_BYTE = 4
#: Errors that mean "cannot write here" rather than "the index is damaged".
WRITE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}


class WeightedText(TEXT):  # type: ignore[misc]  # Whoosh's classes are Any to mypy
    """A TEXT field fed `(text, weight)` parts: one field to match, with title words heavier.

    One field scores each word with one matcher, where a field per part took three.
    A plain string (a snippet's text, a query) is analysed as usual.
    """

    def index(self, value: str | Iterable[tuple[str, float]], **kwargs: object) -> PostingParts:
        if isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, float] = defaultdict(float)
        start = 0
        for text, weight in value:  # numbered as TEXT_ANALYZER(text, positions=True) would
            stems = text if isinstance(text, Stems) else stems_of(text)
            place = start + stems.skipped
            for word in stems.words:
                positions[word].append(place)
                weights[word] += weight
                place += 1
            if stems.words:
                start = place
            start += 1  # a gap: a phrase does not run from one part into the next
        for word, places in positions.items():
            yield word.encode("utf-8"), len(places), weights[word], self.format.encode(places)


class KnownPairs(TEXT):  # type: ignore[misc]  # Whoosh's classes are Any to mypy
    """Two-word names the library's data knows ("side effect", "adverse event"), each
    indexed as one term "side effect" with the weight of where it stands (see
    `article_document`): a known phrase is one term lookup, where matching it by
    positions decoded them one article at a time (246-356 ms for one question at 10k).
    """

    def __init__(self) -> None:
        super().__init__(analyzer=TEXT_ANALYZER, phrase=False)

    def index(self, value: str | dict[str, tuple[int, float]], **kwargs: object) -> PostingParts:
        if isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        for pair, (count, weight) in value.items():
            yield pair.encode("utf-8"), count, weight, pack_uint(count)  # as Frequency does


def make_schema() -> Schema:
    """One weighted `content` field does the matching (see `WeightedText`).

    `title` (no positions: small and quick to build) lets a word found in most articles
    find only those with it in the title (see tui/core/search/whoosh_query.py).
    """
    return Schema(
        id=ID(stored=True, unique=True),
        content=WeightedText(analyzer=TEXT_ANALYZER),
        pairs=KnownPairs(),
        title=TEXT(analyzer=TEXT_ANALYZER, phrase=False),
        topics=KEYWORD(commas=True),
        kind=ID,
        date=DATETIME(sortable=True),
        year=NUMERIC(int),
        credibility=NUMERIC(int, sortable=True),
        interest=NUMERIC(int, sortable=True),
        journal=TEXT(analyzer=TEXT_ANALYZER, phrase=False),
        # Unstemmed words of the short fields for "did you mean"; start-of-word n-grams for
        # search as you type. Both stay small on purpose: they are the costly fields to build.
        spell=TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        prefix=NGRAMWORDS(minsize=PREFIX_MIN, maxsize=PREFIX_MAX, at="start"),
    )


def article_document(
    article: Article, pairs: frozenset[tuple[str, str]] = frozenset()
) -> dict[str, object]:
    """The fields of one article; `pairs` are the two-word names to index as one term
    (`known_pairs`), found in the same analysis of each part as `content`'s words."""
    short = " ".join([article.title, article.takeaway, *article.topics])
    journal = article.source.journal if article.source and article.source.journal else ""
    authors = (
        " ".join(str(part) for part in (article.source.authors, article.source.year) if part)
        if article.source
        else ""
    )
    parts = (
        (article.title, TITLE_WEIGHT),
        (article.takeaway, TAKEAWAY_WEIGHT),
        (article.body, 1.0),
        (article.considerations, 1.0),
        (" ".join(article.topics), 1.0),
        (journal, 1.0),  # "Lancet" finds the articles from The Lancet
        (authors, 1.0),  # "Bjornevik 2022": the first author and the year of the paper
    )
    analysed = tuple((stems_of(text), weight) for text, weight in parts)  # once, for both
    return {
        "id": article.id,
        "title": article.title,
        "content": analysed,
        "pairs": _pairs_in(analysed, pairs),
        "topics": ",".join(t.replace(",", " ") for t in article.topics),
        "kind": article.kind,
        "date": datetime(article.date.year, article.date.month, article.date.day),
        "year": article.year,
        "credibility": article.credibility or 0,
        "interest": article.interest or 0,
        "journal": journal,
        "spell": short,
        "prefix": short,
    }


def known_pairs(library: Library) -> frozenset[tuple[str, str]]:
    """Every two neighbouring stems of the names in the library's glossary, topics and
    synonyms: the phrases search asks for (see tui/core/search/vocabulary.py)."""
    from tui.core.search.vocabulary import phrase_pairs  # the search side owns the names

    return phrase_pairs(library)


def pairs_digest(pairs: frozenset[tuple[str, str]]) -> str:
    """Changes when the names change: the index is then written again (see `_update`)."""
    return hashlib.sha256("\n".join(sorted(" ".join(p) for p in pairs)).encode()).hexdigest()


def _pairs_in(
    parts: Iterable[tuple[Stems, float]], known: frozenset[tuple[str, str]]
) -> dict[str, tuple[int, float]]:
    if not known:
        return {}
    found: dict[str, tuple[int, float]] = {}
    for stems, weight in parts:
        for pair in itertools.pairwise(stems.words):
            if pair in known:
                key = " ".join(pair)
                count, total = found.get(key, (0, 0.0))
                found[key] = (count + 1, total + weight)
    return found


@dataclass
class IndexStatus:
    """What happened while opening the index, in words for the user."""

    messages: list[str] = field(default_factory=list)
    stale: bool = False
    in_memory: bool = False
    location: Path | None = None
    added: int = 0
    updated: int = 0
    deleted: int = 0
    rebuilt: bool = False
    shared: bool = False  # a read-only index built for everyone (never written here)


class SearchIndex:
    """An open index with one shared searcher.

    Whoosh searchers are not thread-safe and the app searches from worker
    threads, so callers hold `lock` while they use `searcher()`.
    """

    def __init__(self, ix: whoosh_index.Index, status: IndexStatus) -> None:
        self.ix = ix
        self.status = status
        self.lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._hashed = False

    def searcher(self) -> Searcher:
        """The searcher, reopened when the index changed underneath it."""
        current = self._searcher
        if current is not None:
            try:
                if current.up_to_date():
                    return current
            except Exception:  # a damaged or swapped index: just reopen
                log.debug("searcher check failed", exc_info=True)
            # refresh() can keep serving deleted documents; open a fresh one.
            with contextlib.suppress(Exception):
                current.close()
        self._searcher = self.ix.searcher(weighting=SCORING)
        return self._searcher

    def doc_count(self) -> int:
        count: int = self.ix.doc_count()
        return count

    @property
    def tables_path(self) -> Path | None:
        """Where searches keep what they read from every article of this index
        (search/saved_tables.py): beside a private index, in the user's cache for a
        shared one, nowhere for one in memory."""
        location = self.status.location
        if self.status.in_memory or location is None:
            return None
        if self.status.shared:
            return cache_root() / "shared-index" / f"{library_key(location)}-tables.pickle"
        library_part = location.name.rsplit("-v", 1)[0]  # one file for every schema version
        return location.with_name(f"{library_part}-tables.pickle")

    def reopen(self) -> bool:
        """Open the index folder afresh (another process may have swapped it); True if done."""
        if self.status.in_memory or self.status.location is None:
            return False
        with self.lock:
            self.close()
            try:
                self.ix = _open_dir(self.status.location, readonly=True)
            except Exception:
                log.warning("could not reopen the index", exc_info=True)
                return False
        return True

    def files_damaged(self) -> bool:
        """Hash every index file against its manifest, once a session: a search found
        nothing, and damage that still reads (opening trusts size and time) must not
        turn into "No article mentions"."""
        location = self.status.location
        if self._hashed or self.status.in_memory or self.status.shared or location is None:
            return False
        self._hashed = True
        manifest = read_manifest(location)
        return manifest is not None and damaged_file(location, manifest, full=True) is not None

    def repair(self, library: Library, damaged: bool = False) -> str | None:
        """After a search failed even on a fresh reader: read the whole index and, if it is
        damaged, rebuild it (or build it in memory) and say so; None if it reads whole.

        Damage can happen mid-session (a disk error, another program) or between runs in
        the middle of a segment, where the quick check at opening does not look.
        """
        with self.lock:
            try:
                if not damaged:
                    _read_everything(self.ix)
                    return None
            except Exception:
                log.info("the index is damaged", exc_info=True)
            self.close()
            location = self.status.location
            if not library.complete:  # a command's quick library lists articles, no text
                library = load_library(library.root, use_cache=True)
            try:
                if self.status.in_memory or location is None:
                    raise OSError("no index folder")
                with filelock.FileLock(str(location) + ".lock", timeout=LOCK_WAIT):
                    self.ix = _build_and_swap(location, library, None)
                message = "The search index was damaged; it has been rebuilt."
            except Exception:
                log.info("could not rebuild the damaged index", exc_info=True)
                self.ix = _in_memory(library, IndexStatus(), "", None).ix
                self.status.in_memory = True
                message = "The search index was damaged; searching from memory this session."
            self.status.messages.append(message)
            return message

    def close(self) -> None:
        with self.lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
                self._searcher = None


def open_index(
    library: Library,
    cache: Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    verify: bool = False,
) -> SearchIndex:
    """Open the library's index and bring it up to date; never raises for cache trouble.

    `verify` (`myelin index`): hash every index file and read it whole, not only the
    files whose size or time changed since the manifest was written.

    A shared index (`shared_index_for`) that holds exactly this library's files is
    opened read-only instead; one that does not is left alone for the user's own.
    """
    status = IndexStatus()
    shared = None if rebuild else shared_index_for(library.root)
    if shared is not None:
        found = _open_shared(shared, library, status)
        if found is not None:
            return found
    directory = index_dir_for(library.root, cache)
    try:
        private_dir(directory.parent)
        lock = filelock.FileLock(str(directory) + ".lock", timeout=0)
    except OSError as error:
        return _in_memory(
            library, status, f"cannot write the index cache ({_reason(error)})", progress
        )
    # Whoosh unpickles the index's table of contents: a cache folder that another user
    # made first (a shared or /tmp XDG_CACHE_HOME) or can change would run their code.
    for folder in (directory.parent.parent, directory.parent):
        problem = open_to_others(folder, owner_only=True)
        if problem is not None:
            return _in_memory(
                library, status, f"the index cache is not private: {problem}", progress
            )
    try:
        with lock:
            return _open_locked(library, directory, status, rebuild, progress, verify)
    except filelock.Timeout:
        return _open_while_locked(library, directory, status, progress)
    except OSError as error:
        return _in_memory(
            library, status, f"cannot write the index cache ({_reason(error)})", progress
        )


class IncompleteLibrary(Exception):
    """The index has to be written, and the library lists its articles without their text
    (tui/core/command_library.py): the caller loads the whole library and asks again."""


def _need_whole(library: Library) -> None:
    if not library.complete:
        raise IncompleteLibrary


def _open_locked(
    library: Library,
    directory: Path,
    status: IndexStatus,
    rebuild: bool,
    progress: Progress | None,
    verify: bool = False,
) -> SearchIndex:
    status.location = directory
    _remove_old_versions(directory, status)
    _remove_leftovers(directory)
    manifest: dict[str, Any] | None = None
    if rebuild:
        reason: str | None = "rebuild requested"
    else:
        reason, manifest = _usable_manifest(directory, verify)
    if reason is None and (problem := open_to_others(directory, owner_only=True)):
        reason = f"it was not private ({problem})"  # built again, by this user, beside it
    if reason is None:
        try:
            ix = _open_dir(directory)
            (_read_everything if verify else _check_readable)(ix)
            _update(ix, directory, library, status, progress, manifest)
            return SearchIndex(ix, status)
        except IncompleteLibrary:
            raise
        except whoosh_index.LockError:  # a writer that does not use our lock
            status.stale = True
            status.messages.append("The index is busy; results may be out of date.")
            return SearchIndex(ix, status)
        except OSError as error:
            if error.errno in WRITE_ERRNOS:
                raise  # the cache cannot be written: the caller falls back to memory
            reason = f"the index was damaged ({_reason(error)})"
        except Exception as error:  # damage shows up as many different exceptions
            reason = f"the index was damaged ({type(error).__name__})"
        log.warning("rebuilding index: %s", reason)
    if reason != "rebuild requested" and reason != "no index yet":
        status.messages.append(f"Rebuilding the search index: {reason}.")
    ix = _build_and_swap(directory, library, progress)
    status.rebuilt = True
    status.added = len(library.articles)
    return SearchIndex(ix, status)


def _open_shared(directory: Path, library: Library, status: IndexStatus) -> SearchIndex | None:
    """The shared index, read-only, if it is this library's as it is now; else None, with
    a word when someone chose it ($MYELIN_INDEX) rather than the package."""
    manifest = read_manifest(directory)
    reason = None
    if manifest is None and (unreadable := _unreadable(directory / MANIFEST)) is not None:
        reason = f"cannot be read ({unreadable})"
    elif manifest is None or manifest.get("schema") != SCHEMA_VERSION:
        reason = "was made by another version of Myelin, or is missing"
    elif not _same_files(manifest, library):
        reason = "does not match the library's files (out of date, or another library)"
    elif manifest.get("pairs") != pairs_digest(known_pairs(library)):
        reason = "was made with other glossary, topic or synonym names"
    elif directory != PREBUILT and (problem := open_to_others(directory, owner_only=False)):
        # the packaged one is as safe as the code beside it; a chosen folder is checked
        reason = f"is not safe to read: {problem} (`chmod go-w` on the folder and its files)"
    else:
        try:
            ix = _open_dir(directory, readonly=True)
            _check_readable(ix)
        except Exception as error:
            reason = f"cannot be read ({type(error).__name__})"
        else:
            status.location, status.shared = directory, True
            return SearchIndex(ix, status)
    if os.environ.get(INDEX_ENV):  # someone chose it; the packaged one goes quietly
        status.messages.append(f"The shared index in {directory} {reason}; using your own.")
    return None


def build_shared_index(
    library: Library, directory: Path, progress: Progress | None = None
) -> list[Path]:
    """`myelin index --output DIR`: a complete index for others to read (never updated in
    place: a fresh one is built beside it and swapped in, so readers see one or the other).
    Only a new or empty folder, or an earlier shared index, is replaced (OutputRefused
    says why not). Returns the folders above DIR that other users cannot pass through."""
    _need_whole(library)
    directory = Path(os.path.abspath(directory))  # `..` taken away, a last link kept
    directory = directory.parent.resolve() / directory.name
    check_output(directory, library.root)
    make_parents(directory)
    lock_path = Path(f"{directory}.lock")
    try:
        lock_path.touch()
    except OSError as error:
        raise OutputRefused(f"Cannot write {show_name(lock_path)}: {_reason(error)}.") from None
    lock = filelock.FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise OutputRefused(
            f"Another `myelin index --output` is building in {show_name(directory)}; "
            "try again when it has finished."
        ) from None
    try:
        check_output(directory, library.root)  # again, now that no other build can change it
        from tui.core.first_start import write_first_start

        first_start = partial(write_first_start, library)  # readers' first start, beside it
        _build_and_swap(directory, library, progress, first_start).close()
        for path in [directory, *directory.iterdir()]:  # readers are other users, whatever
            path.chmod(0o755 if path.is_dir() else 0o644)  # the administrator's umask
    finally:
        lock.release()
    return closed_parents(directory)


def _open_while_locked(
    library: Library, directory: Path, status: IndexStatus, progress: Progress | None
) -> SearchIndex:
    """Another process is writing: search what is there and say it may be stale."""
    status.location = directory
    if _why_rebuild(directory) is None:
        try:
            ix = _open_dir(directory, readonly=True)
            _check_readable(ix)
            if _changes(read_manifest(directory), library) != ([], [], []):
                status.stale = True
                status.messages.append(
                    "Another Myelin process is updating the index; results may be out of date."
                )
            return SearchIndex(ix, status)
        except Exception as error:
            log.warning("could not read the index while it is locked: %r", error)
    return _in_memory(library, status, "another Myelin process is rebuilding the index", progress)


class _PrivateRamStorage(RamStorage):  # type: ignore[misc]  # Whoosh's classes are Any
    """Whoosh's memory index spills its sort pools to `$TMPDIR/MAIN.tmp`, one folder that
    two processes building in memory at once would share (and one would delete under the
    other); each build gets a folder of its own, readable by this user only."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        import tempfile

        folder = tempfile.mkdtemp(prefix="myelin-", suffix="-" + (name or "pool"))
        return FileStorage(folder).create()


def _in_memory(
    library: Library, status: IndexStatus, reason: str, progress: Progress | None
) -> SearchIndex:
    _need_whole(library)
    status.in_memory = True
    status.messages.append(f"Searching from memory this session: {reason}.")
    ix = _PrivateRamStorage().create_index(make_schema())
    pairs = known_pairs(library)
    _write_documents(ix, library.articles.values(), progress, len(library.articles), pairs)
    status.added = len(library.articles)
    return SearchIndex(ix, status)


def _open_dir(directory: Path, readonly: bool = False) -> whoosh_index.Index:
    """Open the index reading its files, not mapping them: with a map, Whoosh also keeps
    a copy of each part it reads, about 115 MB more at 10,000 articles."""
    storage = FileStorage(str(directory), supports_mmap=False, readonly=readonly)
    return storage.open_index()


def _why_rebuild(directory: Path, verify: bool = False) -> str | None:
    return _usable_manifest(directory, verify)[0]


def _usable_manifest(
    directory: Path, verify: bool = False
) -> tuple[str | None, dict[str, Any] | None]:
    """Why the index must be rebuilt (None if it need not be), and its manifest, read
    once for the update after it (10,000 articles' digests)."""
    if not directory.is_dir():
        return "no index yet", None
    manifest = read_manifest(directory)
    if manifest is None:
        return "its list of indexed files was missing or unreadable", None
    if manifest.get("schema") != SCHEMA_VERSION:
        return "it was made by another version of Myelin", None
    damage = damaged_file(directory, manifest, full=verify)
    if damage is not None:
        return f"the index was damaged ({damage})", None
    return None, manifest


def _check_readable(ix: whoosh_index.Index) -> None:
    """Touch every segment once, so damage is found now rather than mid-search.

    Cheap even for a large index: one stored document and one term per segment.
    """
    with ix.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            next(reader.all_stored_fields(), None)
            next(iter(reader.lexicon("content")), None)


def _read_everything(ix: whoosh_index.Index) -> None:
    """Read every stored document and every posting list; raises where the index is damaged."""
    with ix.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            for _ in reader.all_stored_fields():
                pass
            for fieldname, text in reader.all_terms():
                for _ in reader.postings(fieldname, text).all_ids():
                    pass


def _update(
    ix: whoosh_index.Index,
    directory: Path,
    library: Library,
    status: IndexStatus,
    progress: Progress | None,
    manifest: dict[str, Any] | None = None,
) -> None:
    manifest = manifest if manifest is not None else read_manifest(directory)
    added, changed, deleted = _changes(manifest, library)
    pairs = known_pairs(library)
    renamed = manifest is not None and manifest.get("pairs") != pairs_digest(pairs)
    if renamed:
        # The names changed: every article may hold a phrase now searched as one term.
        changed = [i for i in library.articles if i not in added]
    if not (added or changed or deleted):
        if (manifest or {}).get("topics") != _topic_names(library) or not {
            "sums",
            "files_digest",
        } <= (manifest or {}).keys():  # topics.yaml changed, or an older manifest: add them
            _write_manifest(directory, library, manifest)
        return
    _need_whole(library)
    writer = ix.writer()
    try:
        for article_id in deleted:
            writer.delete_by_term("id", article_id)
        todo = [library.articles[i] for i in added + changed]
        for done, article in enumerate(todo, start=1):
            writer.update_document(**article_document(article, pairs))
            if progress:
                progress(done, len(todo))
        # Rewriting every article leaves each one twice until segments merge, and the
        # counts search relies on (how many articles hold a word) with them: merge now.
        writer.commit(optimize=renamed)
    except BaseException:
        writer.cancel()
        raise
    _write_manifest(directory, library, manifest)
    status.added, status.updated, status.deleted = len(added), len(changed), len(deleted)


def _same_by_digest(manifest: dict[str, Any] | None, library: Library) -> bool:
    """Whether the index holds the library's articles as they are, known by one digest
    (`files_digest`) when the library has it at hand without reading every digest."""
    quick = library.saved_files_digest()
    return quick is not None and manifest is not None and quick == manifest.get("files_digest")


def _same_files(manifest: dict[str, Any], library: Library) -> bool:
    return _same_by_digest(manifest, library) or manifest["files"] == {
        i: d for i, d in library.digests().items() if d
    }


def _changes(
    manifest: dict[str, Any] | None, library: Library
) -> tuple[list[str], list[str], list[str]]:
    if _same_by_digest(manifest, library):
        return [], [], []
    known: dict[str, str] = (manifest or {}).get("files", {})
    digests = library.digests()
    if digests == known:  # the usual case, compared in one go
        return [], [], []
    added = [i for i in digests if i not in known]
    changed = [i for i, digest in digests.items() if i in known and digest and known[i] != digest]
    deleted = [i for i in known if i not in digests]
    return added, changed, deleted


def _build_and_swap(
    directory: Path,
    library: Library,
    progress: Progress | None,
    beside: Callable[[Path], None] | None = None,
) -> whoosh_index.Index:
    """Build a fresh index beside the old one, then swap it in; `beside(folder)` writes
    more files into the fresh folder first (the manifest's sums cover them)."""
    _need_whole(library)
    fresh = directory.with_name(f"{directory.name}.build-{os.getpid()}")
    fresh.mkdir(parents=True)
    try:
        _check_free_space(fresh, library)
        if not _build_in_child(fresh, library, progress):
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir(parents=True)
            ix = whoosh_index.create_in(str(fresh), make_schema())
            pairs = known_pairs(library)
            _write_documents(ix, library.articles.values(), progress, len(library.articles), pairs)
            ix.close()
        if beside is not None:
            beside(fresh)
        _write_manifest(fresh, library)
        old = directory.with_name(f"{directory.name}.old-{os.getpid()}")
        if directory.exists():
            os.replace(directory, old)
        os.replace(fresh, directory)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return _open_dir(directory)


def _check_free_space(folder: Path, library: Library) -> None:
    """Fail at once, not a minute into the build, when the disk is too full for the index."""
    needed = INDEX_BYTES_PER_ARTICLE_BYTE * sum(
        a.stamp.size for a in library.articles.values() if a.stamp
    )
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise OSError(
            errno.ENOSPC,
            f"not enough free space: about {needed / 2**20:.0f} MB needed, "
            f"{free / 2**20:.0f} MB free",
        )


def _build_in_child(folder: Path, library: Library, progress: Progress | None) -> bool:
    """Build the index in `folder` in a child process with a writer per core; False if
    that was not worth it or failed (the caller then builds here, on one core).

    Whoosh's writer is pure Python, so it uses one core; its writers for several cores
    are forked processes, and forking the app would copy its threads half-way through
    whatever they were doing. A fresh child process has no other threads to copy.
    """
    cores = min(os.cpu_count() or 1, BUILD_PROCESSES)
    folder = folder.resolve()  # the child works in it: a relative name would not be found
    if cores < 2 or len(library.articles) < BUILD_IN_CHILD_FROM or not sys.executable:
        return False
    total = len(library.articles)
    with tempfile.TemporaryFile() as errors:
        try:
            child = subprocess.Popen(
                [*child_command(), str(folder), str(cores), str(os.getpid()), str(HEARTBEAT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                cwd=folder,
                env=child_environment(),
                start_new_session=os.name == "posix",  # its writers can be stopped with it
            )
        except OSError:
            log.warning("could not start the index build process", exc_info=True)
            return False
        watchdog = _Watchdog(child, BUILD_SILENCE_LIMIT)
        failed_with = 0
        try:
            assert child.stdin is not None and child.stdout is not None  # both are pipes
            sender = threading.Thread(
                target=_send, args=(child.stdin, library, watchdog), daemon=True
            )
            sender.start()  # while its lines are read here: neither pipe can fill and block
            counted = _BuildProgress(total, progress)
            for line in child.stdout:
                watchdog.heard()
                word, _, number = line.decode("ascii", "replace").partition(" ")
                if word == "error":
                    failed_with = int(number)
                else:
                    counted.heard(word, number)
            child.wait()
            sender.join()
        except (OSError, ValueError):
            log.info("the index build process failed", exc_info=True)
        finally:
            watchdog.stop()
            _stop(child)  # its writers too, even when it has ended
        if failed_with in WRITE_ERRNOS:  # a full disk: building here would fail the same way
            raise OSError(failed_with, os.strerror(failed_with))
        if child.returncode != 0:
            errors.seek(0)
            said = errors.read()[-2000:].decode("utf-8", "replace")
            log.info("index build process ended with %s: %s", child.returncode, said)
            return False
    return True


def _send(pipe: IO[bytes], library: Library, watchdog: _Watchdog) -> None:
    """The build child's input: the known pairs, then every article, as pickles."""
    try:
        with pipe:
            pickle.dump(known_pairs(library), pipe)
            watchdog.heard()
            for article in library.articles.values():
                pickle.dump(article, pipe)
                watchdog.heard()  # it is reading what we send
    except (OSError, ValueError):  # it has gone: its exit status says why
        log.info("could not send the articles to the index build process", exc_info=True)


class _BuildProgress:
    """The child's lines as progress over the whole build, in articles: analysing an
    article (`indexed`) is `INDEXING_SHARE` of its work, writing its postings (`wrote`)
    the rest, so the count moves until the index is written, not only while articles
    are read (the writing took a silent minute at 10,000 articles)."""

    INDEXING_SHARE = 0.7

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress = total, progress
        self.indexed = self.wrote = 0

    def heard(self, word: str, number: str) -> None:
        if word == "indexed":
            self.indexed += int(number)
        elif word == "wrote":
            self.wrote += int(number)
        elif word != "done":
            return
        if self.progress:
            if word == "done":
                done = int(number)
            else:
                share = self.INDEXING_SHARE
                done = int(share * self.indexed + (1 - share) * self.wrote)
            self.progress(min(done, self.total), self.total)


#: Run by the child with `-I`; the folder holding `tui` comes in as argv[1], never as code.
_CHILD_CODE = (
    "import sys; root = sys.argv.pop(1)\n"
    "if root not in sys.path: sys.path.insert(0, root)\n"
    "from tui.core.index import _child_build; _child_build()"
)


def child_command() -> list[str]:
    """The command line of a child Python that cannot import code from a library.

    `-I` keeps the working directory, the script's folder, PYTHON* variables and the
    user's site-packages off `sys.path`, so a `tui/`, `json.py` or `whoosh/` planted in
    a library folder (or wherever the user stands) is never imported. The folder that
    holds this copy of `tui` (trusted: its code is running) is added when not there.
    """
    package_root = str(Path(__file__).resolve().parents[2])
    return [sys.executable, "-I", "-c", _CHILD_CODE, package_root]


def child_environment() -> dict[str, str]:
    """The few variables a child needs; nothing else of the user's environment is passed."""
    keep = ("PATH", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "LANG", "LC_ALL", "LC_CTYPE")
    return {name: os.environ[name] for name in keep if name in os.environ}


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Kill the child and the writers it started (they share its process group, which
    outlives the child when it ends first: its writers must not be left behind)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
    if child.poll() is None:
        child.kill()
    child.wait()


class _Watchdog:
    """Stops a child process that has said nothing for `seconds` (frozen, not slow: the
    child beats every `HEARTBEAT` seconds). `heard` is cheap: called per document sent."""

    def __init__(self, child: subprocess.Popen[bytes], seconds: float) -> None:
        self.child, self.seconds = child, seconds
        self.last = time.monotonic()
        self._stopped = threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()

    def heard(self) -> None:
        self.last = time.monotonic()

    def _watch(self) -> None:
        while not self._stopped.wait(min(self.seconds, 1.0) / 2):
            if time.monotonic() - self.last > self.seconds:
                _stop(self.child)
                return

    def stop(self) -> None:
        self._stopped.set()


def _child_build() -> None:
    """The child process of `_build_in_child`: the known pairs, then the articles, come as
    pickles on stdin, each handed on to a writer process as it comes (the writers make
    the documents, tui/core/index_build.py). Out go lines `indexed N` and
    `wrote N` from the writers, `beat` every `HEARTBEAT` seconds, `done N` at the end and,
    on a write error, `error ERRNO`. Gives up when the app that started it has gone.

    Ends with `os._exit`: a normal exit joins Whoosh's writer processes, which wait
    forever when the build failed half-way (a full disk hung the build for minutes).
    """
    folder, cores, parent = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    heartbeat = float(sys.argv[4])
    say_lock = threading.Lock()

    def say(line: str) -> None:
        with say_lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def beat() -> None:
        while True:
            time.sleep(heartbeat)  # a heartbeat's pace, not a wait for something
            if os.getppid() != parent:  # the app has gone: so do the build and its writers
                shutil.rmtree(folder, ignore_errors=True)
                if os.name == "posix":
                    os.killpg(0, signal.SIGKILL)
                os._exit(1)
            say("beat")

    code = 0
    try:
        from tui.core.index_build import ParallelWriter

        threading.Thread(target=beat, daemon=True).start()
        pairs: frozenset[tuple[str, str]] = pickle.load(sys.stdin.buffer)
        ix = whoosh_index.create_in(str(folder), make_schema())
        writer = ParallelWriter(ix, procs=cores, pairs=pairs)  # its processes start small
        sent = 0
        try:
            with contextlib.suppress(EOFError):
                while True:  # each article goes on to a writer as it comes: none kept here
                    writer.add_article(pickle.load(sys.stdin.buffer))
                    sent += 1
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if ix.doc_count() != sent:  # a writer process that died loses its part
            raise RuntimeError(f"{ix.doc_count()} of {sent} documents written")
        say(f"done {sent}")
    except OSError as error:
        say(f"error {error.errno or 0}")
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        code = 1
    except BaseException as error:
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        code = 1
    sys.stderr.flush()
    os._exit(code)


def _write_documents(
    ix: whoosh_index.Index,
    articles: Iterable[Article],
    progress: Progress | None,
    total: int,
    pairs: frozenset[tuple[str, str]],
) -> None:
    writer = ix.writer(limitmb=64)
    try:
        for done, article in enumerate(articles, start=1):
            writer.add_document(**article_document(article, pairs))
            if progress:
                progress(done, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _write_manifest(
    directory: Path, library: Library, manifest: dict[str, Any] | None = None
) -> None:
    """`manifest`: the one in `directory` now, when it has been read already."""
    files = {i: digest for i, digest in library.digests().items() if digest}
    digest = pairs_digest(known_pairs(library))
    sums = manifest.get("sums") if manifest else None
    write_manifest_file(directory, library.root, files, _topic_names(library), digest, sums)


def _topic_names(library: Library) -> list[str]:
    """The names completion offers: the tree's, which holds every topic an article uses."""
    return [topic.name for topic in library.topics.topics]


def _remove_old_versions(directory: Path, status: IndexStatus) -> None:
    """Remove this library's indexes from older schema versions; a newer version's index
    is left alone (two installed versions must not delete each other's index)."""
    prefix = directory.name.rsplit("-v", 1)[0] + "-v"
    for other in directory.parent.glob(prefix + "*"):
        version = other.name[len(prefix) :]
        if version.isdecimal() and int(version) < SCHEMA_VERSION and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
            status.messages.append(
                "The search index was from an older version of Myelin; it has been rebuilt."
            )


def _remove_leftovers(directory: Path) -> None:
    """Half-built (`.build-PID`) and swapped-out (`.old-PID`) folders of a process that was
    stopped part-way: no other process can be using them, as we hold the lock."""
    for pattern in (".build-*", ".old-*"):
        for stale in directory.parent.glob(directory.name + pattern):
            shutil.rmtree(stale, ignore_errors=True)


def _unreadable(path: Path) -> str | None:
    """Why a file that is there cannot be read (folder permissions), or None."""
    try:
        with path.open("rb"):
            return None
    except FileNotFoundError:
        return None
    except OSError as error:
        return _reason(error)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
