"""Writing a whole index at once: the full build's writer processes (see `index._child_build`).

Whoosh's writer keeps postings in a sorting pool that spills to disk, pickling each
posting one by one, and merges the runs back with a heap; then it looks up every
posting's field length in a file. At 10,000 articles that was more than half of the
build, and most of its silent end. Here each writer keeps its postings in memory,
grouped by term: its documents come in order, so each term's list is already sorted
and only the terms are sorted at the end. The files written are Whoosh's own.

Documents are made (`article_document`, the analysis) in the writer processes, not in
the process that hands them out, so that work is shared between cores too.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from tui.core.article import Article
from tui.core.index import article_document

#: A writer process says how far it is this many times while it writes its postings.
WRITE_STEPS = 40


#: One term's postings: docnums, weights, and every value's bytes one after another with
#: where each ends (a bytes object per posting cost 50 bytes beside its 15 of data: most
#: of a writer's memory, 300 MB at 20,000 articles).
Postings = tuple["array[int]", "array[float]", bytearray, "array[int]"]


class TermPool:
    """Postings by field and term, in memory, in arrays: no object per posting."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, Postings]] = {}
        self.count = 0

    @property
    def fieldnames(self) -> set[str]:
        return set(self.fields)

    def add_field(self, fieldname: str, docnum: int, items: Iterable[Any], scorable: bool) -> int:
        """One field of one document: `field.index(value)`'s (term, freq, weight, value)
        items; returns the field's length (its words, when it is scored)."""
        terms = self.fields.setdefault(fieldname, {})
        length = count = 0
        for text, freq, weight, value in items:
            if scorable:
                length += freq
            postings = terms.get(text)
            if postings is None:
                postings = terms[text] = (array("I"), array("d"), bytearray(), array("I"))
            docnums, weights, data, ends = postings
            docnums.append(docnum)
            weights.append(weight)
            if value:
                data += value
            ends.append(len(data))
            count += 1
        self.count += count
        return length

    def terms(self) -> Iterator[tuple[str, bytes, Postings]]:
        """In the order Whoosh's pool gives them: by field, then term (each term's
        documents are in order already); each term is let go once it is written."""
        for fieldname in sorted(self.fields):
            terms = self.fields.pop(fieldname)
            for text in sorted(terms):
                yield fieldname, text, terms.pop(text)

    def cleanup(self) -> None:
        self.fields.clear()


class _Lengths:
    """A segment's field lengths, read once per field (Whoosh's `add_postings` asks for
    one per posting, each a read of the lengths file through its column reader)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.fields: dict[str, list[int | None]] = {}

    def of(self, fieldname: str) -> list[int | None]:
        if fieldname not in self.fields:
            column = self.reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            count = self.reader.doc_count_all()
            self.fields[fieldname] = (
                [byte_to_length(b) if b else None for b in (column[n] for n in range(count))]
                if column is not None
                else [0] * count
            )
        return self.fields[fieldname]


def _write_term(writer: Any, postings: Postings, lengths: list[int | None]) -> None:
    """One term's postings into Whoosh's postings writer (between `start_term` and
    `finish_term`), a block at a time: what `add_posting` does one posting at a time."""
    docnums, weights, data, ends = postings
    values = bytes(data)
    limit = writer._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            writer._write_block()  # add_posting writes a full block when the next comes
        end = start + limit
        block = weights[start:end]
        writer._ids = docnums[start:end]
        writer._weights = array("f", block)
        writer._maxweight = max(0, max(block))
        offsets = ends[start:end]
        writer._values = [  # add_posting keeps only the values that are not empty
            values[a:b]
            for a, b in zip([ends[start - 1] if start else 0, *offsets], offsets, strict=False)
            if b > a
        ]
        found = [n for n in map(lengths.__getitem__, writer._ids) if n]
        writer._minlength = min(found) if found else None
        writer._maxlength = max(found, default=0)


class BuildWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh has no types
    """A segment writer with its postings in a `TermPool` (no runs on disk, no merge).

    `said` hears how far the writing of the postings is (see `_flush_segment`).
    """

    def __init__(
        self, ix: Any, said: Callable[[str, int], None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        self.said = said

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `SegmentWriter.add_document` for `article_document`'s fields (no boosts,
        term vectors or separate spelling words: the schema has none), each posting put
        straight into the pool rather than made a tuple and added one call at a time."""
        self._check_state()
        perdoc, docnum = self.perdocwriter, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                assert not field.vector and not field.separate_spelling(), name
                length = 0
                if field.indexed:
                    length = self.pool.add_field(name, docnum, field.index(value), field.scorable)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        """Whoosh's `add_postings`, a term at a time; says how far it is as it goes:
        `("wrote", n)`, n of this segment's documents' worth (its postings written, as a
        share of its documents)."""
        self.perdocwriter.close()
        reader = self.per_document_reader()
        lengths = _Lengths(reader)
        writer = self.fieldwriter
        total, documents = max(self.pool.count, 1), self.docnum - self.docbase
        step = total / WRITE_STEPS
        written = said = 0
        next_line = step
        field = None
        try:
            for fieldname, text, postings in self.pool.terms():
                if fieldname != field:
                    if field is not None:
                        writer.finish_field()
                    field = fieldname
                    writer.start_field(fieldname, self.schema[fieldname])
                writer.start_term(text)
                _write_term(writer._postwriter, postings, lengths.of(fieldname))
                writer.finish_term()
                written += len(postings[0])
                if self.said and written >= next_line:
                    next_line = written + step
                    share = documents * written // total
                    if share > said:
                        self.said("wrote", share - said)
                        said = share
            if field is not None:
                writer.finish_field()
        finally:
            reader.close()
        writer.close()
        if self.said and documents > said:
            self.said("wrote", documents - said)


def say_line(word: str, number: int) -> None:
    """A line to the app from any of the build's processes: one write, so lines from
    several processes never mix (a pipe writes up to 4 KB at once)."""
    os.write(1, f"{word} {number}\n".encode("ascii"))


class _ArticleTask(SubWriterTask):  # type: ignore[misc]
    """One writer process: makes each article's document and indexes it, says `indexed N`
    after each batch of N, then `wrote N` as it writes its postings (N documents' worth)."""

    def __init__(self, *args: Any, pairs: frozenset[tuple[str, str]]) -> None:
        super().__init__(*args)
        self.pairs = pairs

    def run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = BuildWriter(ix, said=say_line, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        segment = writer._finalize_segment()
        self.resultqueue.put((None, writer.pool.fieldnames, segment), timeout=5)

    def _process_file(self, filename: str, doc_count: int) -> None:
        import pickle

        storage = self.writer.temp_storage()
        with storage.open_file(filename).raw_file() as handle:
            for _ in range(doc_count):
                _, fields = pickle.load(handle)
                self.writer.add_document(**article_document(fields["article"], self.pairs))
        storage.delete_file(filename)
        say_line("indexed", doc_count)


class ParallelWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's writer for several processes, each writing a segment of its own, fed
    articles (`add_article`) rather than documents."""

    def __init__(self, ix: Any, procs: int, pairs: frozenset[tuple[str, str]]) -> None:
        super().__init__(ix, procs=procs, multisegment=True)
        self.pairs = pairs
        for _ in range(procs):  # now, while the process they are forked from is small
            self._new_task()

    def add_article(self, article: Article) -> None:
        self.add_document(article=article)

    def _new_task(self) -> _ArticleTask:
        task = _ArticleTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            True,
            pairs=self.pairs,
        )
        self.tasks.append(task)
        task.start()
        return task
