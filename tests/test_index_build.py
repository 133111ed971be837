"""A full build writes what Whoosh's own writer writes, and says how far it is throughout."""

from __future__ import annotations

import pytest

from tui.core import index as index_module
from tui.core.index import TEXT_ANALYZER, article_document, known_pairs, make_schema, stems_of
from tui.core.index_build import BuildWriter
from tui.core.library import load_library
from tui.core.paths import bundled_library

HOSTILE = [
    "",
    "the and of",  # only stop words
    "The vitamin D trial",  # a stop word first: Whoosh numbers from where it stood
    "a b c: the T cells and B cells",
    "HLA-DRB1*15:01 e.g. 3.141 big-time under_score",
    "İstanbul ΣΊΣΥΦΟΣ straße ǅemal ﬁnal",  # lower() that changes length or letters
    "relapses relapsing relapse, vaccinated vaccines",
    "x" * 1000 + " " + "ab." * 50,
    "١٢٣ numbers ٤٥ and 二〇二五 and ½",
    "\x00\x1b[31mred\x1b[0m \u202eevil\u202c",
]


@pytest.fixture(scope="module")
def bundled():
    return load_library(bundled_library())


def test_stems_are_the_words_and_places_the_analyser_gives(bundled):
    texts = list(HOSTILE)
    for article in bundled.articles.values():
        texts += [article.title, article.takeaway, article.body, article.considerations]
    for text in texts:
        tokens = [(t.text, t.pos) for t in TEXT_ANALYZER(text, positions=True)]  # one Token, reused
        stems = stems_of(text)
        places = range(stems.skipped, stems.skipped + len(stems.words))
        assert list(zip(stems.words, places, strict=True)) == tokens, text[:80]


def test_accents_are_folded_so_a_pasted_name_meets_a_plain_one():
    """PubMed keeps accents ("Montalbán", "Bjørnevik"); summaries often do not."""
    for written, typed in (
        ("Montalban X", "Montalbán"),
        ("Bjornevik K", "Bjørnevik"),
        ("aether", "Æther"),
        ("Strasse", "Straße"),
    ):
        assert stems_of(typed).words == stems_of(written).words[:1], typed
        assert [t.text for t in TEXT_ANALYZER(typed)] == stems_of(typed).words
    assert stems_of("Montalbán").words == ["montalban"]


def index_files(folder) -> dict[str, bytes]:
    """A segment's files by what they hold ("MAIN_<random>.date.col" is "date.col")."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in folder.iterdir()
        if path.suffix in (".trm", ".pst", ".col")
    }


def test_the_build_writer_writes_what_whooshs_writer_writes(bundled, tmp_path):
    """Byte for byte: terms, postings (blocks of 8 here, so most terms have several),
    stored fields, lengths and sort columns."""
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec

    pairs = known_pairs(bundled)
    articles = list(bundled.articles.values())[:60]
    built = {}
    for name in ("whoosh", "build"):
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), make_schema())
        options = {"codec": W3Codec(blocklimit=8), "compound": False}
        # Whoosh's pool, at 1 MB, writes runs to disk and merges them
        whoosh = name == "whoosh"
        writer = ix.writer(limitmb=1, **options) if whoosh else BuildWriter(ix, **options)
        for article in articles:
            writer.add_document(**article_document(article, pairs))
        writer.commit()
        built[name] = index_files(folder)
        ix.close()
    assert {"trm", "pst", "_stored.col", "_content_len.col", "date.col"} <= set(built["build"])
    assert built["build"] == built["whoosh"]


def test_a_build_says_how_far_it_is_until_the_index_is_written(bundled, tmp_path, monkeypatch):
    """The writing of the postings at the end took a silent minute at 10,000 articles:
    progress goes on through it, not only while articles are handed out."""
    monkeypatch.setattr(index_module, "BUILD_IN_CHILD_FROM", 1)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(index_module, "_write_documents", pytest.fail)  # built in the child
    seen: list[tuple[int, int]] = []
    index = index_module.open_index(
        bundled, cache=tmp_path / "c", progress=lambda d, t: seen.append((d, t))
    )
    total = len(bundled.articles)
    assert index.status.rebuilt and index.doc_count() == total
    done = [d for d, t in seen if t == total]
    assert len(done) == len(seen) and done == sorted(done) and done[-1] == total
    analysed = index_module._BuildProgress.INDEXING_SHARE * total
    assert len({d for d in done if analysed < d < total}) >= 5  # heard while writing


def test_the_build_child_says_what_its_writers_do(bundled, tmp_path):
    import os
    import pickle
    import subprocess

    folder = tmp_path / "build"
    folder.mkdir()
    sent = [known_pairs(bundled), *bundled.articles.values()]
    command = [*index_module.child_command(), str(folder), "2", str(os.getpid()), "5"]
    done = subprocess.run(
        command, input=b"".join(pickle.dumps(item) for item in sent), capture_output=True
    )
    lines = [[*line.split(), ""] for line in done.stdout.decode().splitlines()]
    assert done.returncode == 0, done.stderr
    total = len(bundled.articles)
    assert sum(int(n) for word, n, *_ in lines if word == "indexed") == total
    assert sum(int(n) for word, n, *_ in lines if word == "wrote") == total
    assert lines[-1][:2] == ["done", str(total)]


def test_a_cache_named_relative_to_the_working_directory_is_built_in_the_child(
    library_dir, tmp_path, monkeypatch
):
    """The child works inside the build folder: given a relative name, it looked for the
    folder inside itself, failed, and the whole build was done again on one core."""
    from pathlib import Path

    monkeypatch.setattr(index_module, "BUILD_IN_CHILD_FROM", 1)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(index_module, "_write_documents", pytest.fail)
    monkeypatch.chdir(tmp_path)
    index = index_module.open_index(load_library(library_dir), cache=Path("relative-cache"))
    assert index.status.rebuilt and index.doc_count() == 5


def test_known_pairs_are_the_analysers_neighbouring_stems_of_every_name(bundled):
    """The pairs are found with `stems_of` and remembered: the same pairs as the analyser
    gives, made again when a name changes."""
    import itertools

    from tui.core.search.vocabulary import all_names

    expected = set()
    for name in set(all_names(bundled)):
        expected.update(itertools.pairwise(t.text for t in TEXT_ANALYZER(name)))
    assert known_pairs(bundled) == expected and ("side", "effect") in expected
    bundled.synonyms.means["glorbic wumpus"] = ("wumpus trials",)
    try:
        added = set(itertools.pairwise(t.text for t in TEXT_ANALYZER("glorbic wumpus trials")))
        assert known_pairs(bundled) - expected == added
    finally:
        del bundled.synonyms.means["glorbic wumpus"]
    assert known_pairs(bundled) == expected
