"""The one place that reads Whoosh below its public API, and checks the version it was
written for.

Scoring reads each word's postings once as two arrays (article numbers, weights).
Whoosh's public matcher API gives them a posting at a time, three Python calls each;
whoosh-reloaded 2.7.5's block reader holds them as arrays of up to 128 already. With
another Whoosh version the public path is used: the same results, somewhat slower.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import whoosh
from whoosh.matching.wrappers import FilterMatcher

from tui.core.search import saved_tables, tuning
from tui.core.search.saved_tables import SavedTables

if TYPE_CHECKING:  # Whoosh ships no types: these document, mypy sees Any
    from whoosh.matching import Matcher
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

#: A word's postings in one segment: article numbers and weights.
Postings: TypeAlias = "tuple[array[int], array[float]]"  # a string: array[...] needs 3.12
_Number = TypeVar("_Number", int, float)

#: The Whoosh version whose block reader `_blocks` knows (pinned in pyproject.toml).
BLOCKS_WRITTEN_FOR = (2, 7, 5)
_BLOCK_READER = ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights", "_i")
KNOWN_VERSION = tuple(whoosh.__version__[:3]) == BLOCKS_WRITTEN_FOR


class Tables:
    """What scoring, counting and sorting look up per article number, built once per
    searcher (a new searcher means the index changed)."""

    def __init__(self, searcher: Searcher, saved: Path | None = None) -> None:
        """`saved`: where what is read from every article is kept for the next process
        (saved_tables.py); None for an index in memory."""
        self.searcher = searcher
        self.saved = saved
        self.reader = searcher.reader()
        # Each segment's own reader with its first article number.
        self.segments = [(leaf.reader(), start) for leaf, start in searcher.leaf_searchers()]
        self._lengths: dict[str, list[int]] = {}
        self._postings: OrderedDict[tuple[int, str, str], Postings] = OrderedDict()
        self._postings_held = 0

    def postings(self, segment: int, field: str, text: str) -> Postings:
        """A word's article numbers and weights in one segment, decoded once and kept for
        the next searches (`POSTINGS_KEPT` at most, the least recently used go first):
        typing "vitamin d rel" reads "vitamin" and "d" again at every key."""
        key = (segment, field, text)
        kept = self._postings.get(key)
        if kept is not None:
            self._postings.move_to_end(key)
            return kept
        reader = self.segments[segment][0]
        ids, weights = read_postings(reader, field, text)
        self._postings[key] = (ids, weights)
        self._postings_held += len(ids)
        while self._postings_held > tuning.POSTINGS_KEPT and len(self._postings) > 1:
            _, (old, _) = self._postings.popitem(last=False)
            self._postings_held -= len(old)
        return ids, weights

    def forget_postings(self) -> None:
        self._postings.clear()
        self._postings_held = 0

    def lengths(self, field: str) -> list[int]:
        """Length of `field` in each article, as BM25 sees it: each segment's column of
        length bytes read at once (a call per article took 16 ms a field at 10k)."""
        if field not in self._lengths:
            read = _read_lengths(self.segments, field) if KNOWN_VERSION else None
            if read is not None:
                self._lengths[field] = read
            else:
                length, count = self.reader.doc_field_length, self.reader.doc_count_all()
                self._lengths[field] = [length(docnum, field, 1) for docnum in range(count)]
        return self._lengths[field]

    @cached_property
    def articles_by_topic(self) -> dict[str, frozenset[int]]:
        """The articles of each topic: a search's topics are then counted with one set
        intersection per topic, not a look-up per article (15,000 matches at 20k)."""
        whole = self._whole
        by_topic = whole["by_topic"] if whole is not None else self._read_by_topic()
        return {topic: frozenset(docnums) for topic, docnums in by_topic.items()}

    def _read_by_topic(self) -> dict[str, array[int]]:
        """Each topic's article numbers, read as arrays without their weights (a posting
        at a time took 20 ms at 10k)."""
        by_topic: dict[str, array[int]] = {}
        for raw in self.reader.lexicon("topics"):
            topic = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            found: array[int] = array("l")
            for reader, start in self.segments:
                if ("topics", raw) in reader:
                    ids = read_ids(reader, "topics", raw)
                    found.extend(array("l", [start + d for d in ids]) if start else ids)
            by_topic[topic] = found
        return by_topic

    @cached_property
    def _whole(self) -> SavedTables | None:
        """Every article's id and each topic's articles: as saved for this version of the
        index, else read whole and saved (once per version); None without a place to."""
        version = index_version(self.searcher) if self.saved is not None else None
        if self.saved is None or version is None:
            return None
        whole = saved_tables.load(self.saved, version)
        if whole is None:
            ids: list[str | None] = [None] * self.reader.doc_count_all()
            for docnum, fields in self.reader.iter_docs():
                ids[docnum] = fields.get("id")
            by_topic, explainers = self._read_by_topic(), self._read_explainers()
            whole = {"version": version, "ids": ids, "by_topic": by_topic, "explainers": explainers}
            saved_tables.save(self.saved, whole)
        return whole

    def id_of(self, docnum: int) -> str | None:
        """The id of the article at `docnum`."""
        whole = self._whole
        if whole is not None:
            return whole["ids"][docnum] if docnum < len(whole["ids"]) else None
        found = self.reader.stored_fields(docnum).get("id")
        return str(found) if found is not None else None

    @cached_property
    def explainers(self) -> frozenset[int]:
        whole = self._whole
        return frozenset(whole["explainers"] if whole is not None else self._read_explainers())

    def _read_explainers(self) -> array[int]:
        found: array[int] = array("l")
        for reader, start in self.segments:
            if ("kind", "explainer") in reader:
                ids = read_ids(reader, "kind", "explainer")
                found.extend(array("l", [start + d for d in ids]) if start else ids)
        return found

    @cached_property
    def ids(self) -> dict[int, str]:
        whole = self._whole
        if whole is not None:
            return {docnum: i for docnum, i in enumerate(whole["ids"]) if i is not None}
        return {docnum: fields["id"] for docnum, fields in self.reader.iter_docs()}


def index_version(searcher: Searcher) -> str | None:
    """The index's folder and the version of it the searcher reads (its generation, and
    each segment with its deletions); None for an index in memory."""
    folder = getattr(getattr(getattr(searcher, "_ix", None), "storage", None), "folder", None)
    if not isinstance(folder, str):
        return None
    reader = searcher.reader()
    segments = []
    for leaf, start in reader.leaf_readers():
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        if segment is None:
            return None
        segments.append(
            (segment.segment_id(), start, leaf.doc_count_all(), segment.deleted_count())
        )
    return repr((folder, reader.generation(), segments))


def _read_lengths(segments: list[tuple[IndexReader, int]], field: str) -> list[int] | None:
    """What `doc_field_length(docnum, field, 1)` gives for every article, a segment's
    column at a time; None where this Whoosh keeps lengths another way. (Like Whoosh, None
    for an article with no word in the field: a length never asked for.)"""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    table = [None, *(byte_to_length(byte) for byte in range(1, 256))]  # 0: no length
    lengths: list[Any] = []
    for reader, start in segments:
        perdoc, count = getattr(reader, "_perdoc", None), reader.doc_count_all()
        if perdoc is None or start != len(lengths) or not hasattr(perdoc, "_cached_reader"):
            return None
        column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if column is None:  # no lengths kept for the field: the default asked for
            lengths += [1] * count
            continue
        if not all(hasattr(column, name) for name in ("_dbfile", "_basepos", "_count")):
            return None
        raw = column._dbfile.get(column._basepos, min(column._count, count))
        lengths += [table[byte] for byte in raw]
        lengths += [None] * (count - len(raw))  # past the column: Whoosh's default byte 0
    return lengths


def read_postings(reader: IndexReader, field: str, text: str) -> Postings:
    """Every (article number, weight) of a word in one segment, as two arrays."""
    ids: array[int] = array("l")
    weights: array[float] = array("f")  # Whoosh keeps weights as 32-bit floats too
    postings, deleted = _unfiltered(reader, field, text)
    for block_ids, block_weights in _blocks(postings):
        if deleted:
            pairs = zip(block_ids, block_weights, strict=True)
            kept = [(d, w) for d, w in pairs if d not in deleted]
            block_ids, block_weights = [d for d, _ in kept], [w for _, w in kept]
        _extend(ids, block_ids)
        _extend(weights, block_weights)
    return ids, weights


def read_ids(reader: IndexReader, field: str, text: str) -> array[int]:
    """A word's article numbers in one segment, its weights left unread (topics)."""
    ids: array[int] = array("l")
    postings, deleted = _unfiltered(reader, field, text)
    for block_ids, _ in _blocks(postings, weights=False):
        _extend(ids, [d for d in block_ids if d not in deleted] if deleted else block_ids)
    return ids


def _unfiltered(reader: IndexReader, field: str, text: str) -> tuple[Matcher, frozenset[int]]:
    """A word's postings in one segment, and the articles deleted from it to drop.

    A segment with deleted articles wraps its postings in a filter that hides the
    block reader (a posting at a time: "relapses" went from 54 to 111 ms at 10k until
    segments merged); the wrapped reader is read instead and the deleted dropped.
    """
    postings = reader.postings(field, text)
    if KNOWN_VERSION and isinstance(postings, FilterMatcher) and reader.has_deletions():
        return postings.child, reader.deleted_docs_set
    return postings, frozenset()


def _blocks(
    postings: Matcher, weights: bool = True
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The postings' article numbers and weights (unless not `weights`) a block at a time
    (a block holds up to 128); through the public API a posting at a time when the
    version is not known."""
    if not (KNOWN_VERSION and all(hasattr(postings, name) for name in _BLOCK_READER)):
        while postings.is_active():
            yield (postings.id(),), (postings.weight(),)
            postings.next()
        return
    while postings.is_active():
        if postings._ids is None:
            postings._read_ids()
        if weights and postings._weights is None:
            postings._read_weights()
        offset = postings._i  # 0 unless something already stepped into the block
        yield postings._ids[offset:], postings._weights[offset:] if weights else ()
        postings._next_block()


def _extend(target: array[_Number], values: Iterable[_Number]) -> None:
    """Append a block's values, whatever sequence or array type Whoosh gave them in."""
    if isinstance(values, array) and values.typecode != target.typecode:
        values = values.tolist()
    target.extend(values)
