"""A first start reads what was made beside the packaged or shared index (issue 17):
the first screen's snapshot and the parsed articles, only while they match the files."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from app_helpers import make_app, said, screen_text, settle
from conftest import BUNDLED_LIBRARY, run_cli, write_article

from tui.core import index_files
from tui.core import library as library_module
from tui.core.catalog import catalog_digest, catalog_rows, read_catalog
from tui.core.first_start import ARTICLES_PART, LIST_PART, first_start_for, write_first_start
from tui.core.library import load_library

PARSED: list[str] = []


@pytest.fixture(scope="module")
def bundled_data(tmp_path_factory) -> Path:
    """The bundled library's first-start data, as the wheel's build hook makes it."""
    folder = tmp_path_factory.mktemp("packaged") / "library-index"
    folder.mkdir()
    write_first_start(load_library(BUNDLED_LIBRARY), folder)
    return folder


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files `load_library` parses (not the ones it takes from a cache)."""
    PARSED.clear()
    read_article = library_module.read_article

    def counted(path, root=None):
        PARSED.append(Path(path).name)
        return read_article(path, root)

    monkeypatch.setattr(library_module, "read_article", counted)
    return PARSED


def installed(library: Path, data: Path, monkeypatch) -> Path:
    """`library` as the bundled library, `data` as what the package carries beside it."""
    monkeypatch.setattr(index_files, "PREBUILT", data)
    monkeypatch.setattr(index_files, "bundled_library", lambda: library)
    return library


@pytest.fixture
def bundled(tmp_path, bundled_data, monkeypatch) -> Path:
    """A copy of the bundled library that a test may change, installed with its data."""
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    return installed(library, bundled_data, monkeypatch)


def test_a_first_start_of_the_bundled_library_parses_no_article(bundled, tmp_path, parsed):
    snapshot = first_start_for(bundled).snapshot()
    assert snapshot is not None and snapshot.packaged
    library = load_library(bundled, cache=tmp_path / "cache", use_cache=True)
    assert parsed == [] and library.problems == [] and library.notices == []
    # What a parse of every file gives, stamps (this copy's files) included.
    fresh = load_library(bundled)
    assert library.articles == fresh.articles and len(fresh.articles) == len(snapshot.articles)
    assert [a.stamp for a in library.articles.values()] == [
        a.stamp for a in fresh.articles.values()
    ]
    assert library.topics == fresh.topics and library.glossary.terms == fresh.glossary.terms
    assert catalog_digest(catalog_rows(fresh)) == snapshot.digest  # the list a load shows
    assert all(row.path.startswith(f"{bundled}/") for row in snapshot.articles.rows.values())
    parsed.clear()
    again = load_library(bundled, cache=tmp_path / "cache", use_cache=True)
    assert parsed[:1] == [] and again.articles == fresh.articles  # the user's own cache now


def test_a_changed_or_added_file_is_parsed_alone(bundled, tmp_path, parsed):
    article = bundled / "ahsct-mist-trial.md"
    article.write_text(
        article.read_text().replace("## Key takeaway\n", "## Key takeaway\nZanzibar. ", 1)
    )
    write_article(bundled, "a-new-article", title="Added after the package was built")
    assert first_start_for(bundled).snapshot() is None  # not this library's as it is now
    library = load_library(bundled, cache=tmp_path / "cache", use_cache=True)
    assert sorted(parsed) == ["a-new-article.md", "ahsct-mist-trial.md"]
    assert library.articles["ahsct-mist-trial"].takeaway.startswith("Zanzibar.")
    assert library.articles["a-new-article"].title == "Added after the package was built"
    assert library.articles == load_library(bundled).articles


def test_a_changed_topics_file_means_every_article_is_parsed(bundled, tmp_path, parsed):
    """Topics are resolved with topics.yaml: articles resolved with another are not used."""
    topics = bundled / "topics.yaml"
    topics.write_text(topics.read_text() + "\n")
    library = load_library(bundled, cache=tmp_path / "cache", use_cache=True)
    assert len(parsed) == len(library.articles) and library.notices == []


RAN: list[str] = []


def _ran(what: str) -> None:
    RAN.append(what)


class _Planted:
    """A pickle that runs code when loaded (what a tampered part could hold)."""

    def __reduce__(self):
        return (_ran, ("unpickled",))


@pytest.mark.parametrize("part", [ARTICLES_PART, LIST_PART])
def test_a_tampered_part_is_refused_said_and_never_unpickled(
    bundled, bundled_data, tmp_path, parsed, monkeypatch, part
):
    tampered = tmp_path / "tampered"
    shutil.copytree(bundled_data, tampered)
    (tampered / part).write_bytes(pickle.dumps({"articles": _Planted()}))
    installed(bundled, tampered, monkeypatch)
    RAN.clear()
    packaged = first_start_for(bundled)
    assert packaged is not None
    snapshot = packaged.snapshot()
    library = load_library(bundled, cache=tmp_path / "cache", use_cache=True)
    assert RAN == []
    assert len(library.articles) == len(list(bundled.glob("*.md")))  # the start still works
    if part == LIST_PART:
        assert snapshot is None
        assert packaged.problem == (
            f"The first-start data in {tampered} was refused: {part} is not the file it was "
            "made as. The library is read from its files instead."
        )
        assert parsed == []  # the articles part is whole
    else:
        assert snapshot is not None  # the list part is whole
        assert len(parsed) == len(library.articles)
        assert library.notices == [
            f"The first-start data in {tampered} was refused: {part} is not the file it was "
            "made as. The library is read from its files instead."
        ]


def test_a_command_says_the_packaged_data_was_refused(bundled, bundled_data, tmp_path, monkeypatch):
    tampered = tmp_path / "tampered"
    shutil.copytree(bundled_data, tampered)
    data = bytearray((tampered / ARTICLES_PART).read_bytes())
    data[len(data) // 2] ^= 1
    (tampered / ARTICLES_PART).write_bytes(bytes(data))
    installed(bundled, tampered, monkeypatch)
    done = run_cli("topics", env={"MYELIN_LIBRARY": str(bundled)})
    assert done.returncode == 0 and "EBV (" in done.stdout
    said_it = " ".join(done.stderr.split())
    assert f"The first-start data in {tampered} was refused: {ARTICLES_PART}" in said_it


def test_data_of_another_version_is_left_alone_quietly(
    bundled, bundled_data, tmp_path, monkeypatch
):
    other = tmp_path / "other-version"
    shutil.copytree(bundled_data, other)
    manifest = other / "first-start.json"
    manifest.write_text(manifest.read_text().replace('"version": "', '"version": "0-', 1))
    installed(bundled, other, monkeypatch)
    assert first_start_for(bundled) is None


def test_a_chosen_shared_folder_others_can_change_is_not_read(library_dir, tmp_path, monkeypatch):
    """Its pickles would run their code: as for the index in it (`_open_shared`)."""
    shared = tmp_path / "clinic-index"
    shared.mkdir()
    write_first_start(load_library(library_dir), shared)
    monkeypatch.setenv("MYELIN_INDEX", str(shared))
    assert first_start_for(library_dir) is not None
    (shared / LIST_PART).chmod(0o666)
    assert first_start_for(library_dir) is None


@pytest.fixture
def fixture_installed(library_dir, tmp_path, monkeypatch) -> Path:
    data = tmp_path / "library-index"
    data.mkdir()
    write_first_start(load_library(library_dir), data)
    return installed(library_dir, data, monkeypatch)


async def test_the_app_lists_a_first_start_from_the_packaged_snapshot(
    fixture_installed, isolated_dirs, parsed, monkeypatch
):
    """The list is on the first screen before the full load, which parses nothing and
    leaves the user's own snapshot for the next start."""
    from tui.app.app import MyelinApp

    first_screen: list[object] = []
    take = MyelinApp.get_default_screen

    def noted(self):
        screen = take(self)
        first_screen.append(self.library)
        return screen

    monkeypatch.setattr(MyelinApp, "get_default_screen", noted)
    cache = isolated_dirs / "cache"
    assert read_catalog(fixture_installed, cache) is None
    app = make_app(fixture_installed, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Myelin · 5 articles" in screen_text(app)
    shown = first_screen[0]
    assert not shown.complete and shown.packaged and len(shown.articles) == 5
    assert parsed == [] and app.library.complete
    assert read_catalog(fixture_installed, cache) is not None  # the user's own, next time


async def test_the_app_says_a_refused_snapshot_and_still_starts(
    fixture_installed, isolated_dirs, tmp_path
):
    data = index_files.PREBUILT
    (data / LIST_PART).write_bytes((data / LIST_PART).read_bytes() + b"\0")
    app = make_app(fixture_installed, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Myelin · 5 articles" in screen_text(app)
    refusals = [text for text in said(app) if "first-start data" in text]
    assert refusals == [
        f"The first-start data in {data} was refused: {LIST_PART} is not the file it was "
        "made as. The library is read from its files instead."
    ]
