"""One command reads only the articles it shows, while the snapshot and index are current."""

from __future__ import annotations

import os

import pytest
from conftest import run_cli

from tui.core import command_library, listing_apart
from tui.core.catalog import catalog_rows, save_catalog
from tui.core.command_library import CommandLibrary, load_for_command
from tui.core.index import open_index
from tui.core.library import load_library
from tui.core.search import SearchEngine

CORE_TO_SPARE = listing_apart.core_to_spare  # the fixtures below replace it


@pytest.fixture
def ready(library_dir, tmp_path):
    """A library whose snapshot and index were saved by a full load, as a first command does."""
    cache = tmp_path / "cache"
    library = load_library(library_dir, cache=cache, use_cache=True)
    save_catalog(library, catalog_rows(library), cache)
    open_index(library, cache=cache).close()
    return library_dir, cache


def count_reads(monkeypatch) -> list[str]:
    read: list[str] = []
    real = command_library.read_article

    def counting(path, root=None):
        read.append(path.stem)
        return real(path, root)

    monkeypatch.setattr(command_library, "read_article", counting)
    return read


def test_a_search_reads_only_the_articles_it_shows(ready, monkeypatch):
    library_dir, cache = ready
    monkeypatch.setattr(command_library, "load_library", None)  # a full load would fail
    read = count_reads(monkeypatch)
    library = load_for_command(library_dir, cache)
    assert isinstance(library, CommandLibrary) and len(library.articles) == 5
    results = SearchEngine(library, open_index(library, cache=cache)).search("vitamin", limit=1)
    assert [hit.article.id for hit in results.hits] == ["vitamin-d-levels"]
    assert results.hits[0].article.sections  # the whole article, read from its file
    assert "".join(s.text for s in results.hits[0].snippet)
    assert read == ["vitamin-d-levels"]
    assert library.topic_counts() == load_library(library_dir).topic_counts()


def test_show_and_related_read_one_file(ready, monkeypatch):
    library_dir, cache = ready
    read = count_reads(monkeypatch)
    library = load_for_command(library_dir, cache)
    engine = SearchEngine(library, open_index(library, cache=cache))
    full = load_library(library_dir)
    article = library.get("ebv-risk")
    assert article == full.get("ebv-risk")  # topics and links resolved as in a full load
    assert [r.article.id for r in engine.related("ebv-risk")] == [
        r.article.id for r in SearchEngine(full, open_index(full, cache=cache)).related("ebv-risk")
    ]
    assert read == ["ebv-risk"]


@pytest.mark.parametrize(
    "change", ["edit an article", "add an article", "delete an article", "edit topics.yaml"]
)
def test_anything_changed_means_the_full_load(ready, change, monkeypatch):
    library_dir, cache = ready
    article = library_dir / "ebv-risk.md"
    if change == "edit an article":
        article.write_text(article.read_text().replace("virus", "virus, newly edited"))
    elif change == "add an article":
        (library_dir / "copy.md").write_text(article.read_text().replace("ebv", "copy"))
    elif change == "delete an article":
        article.unlink()
    else:
        topics = library_dir / "topics.yaml"
        topics.write_text(topics.read_text() + "\n")
    library = load_for_command(library_dir, cache)
    assert not isinstance(library, CommandLibrary) and library.complete
    open_index(library, cache=cache).close()  # as the command then does: the index catches up
    assert isinstance(load_for_command(library_dir, cache), CommandLibrary)


def test_a_folder_renamed_or_a_file_replaced_means_the_full_load(library_dir, tmp_path):
    """Neither changes a file's size or time: a renamed folder changes the paths listed,
    a file replaced by another of the same size and time (`cp -p` and `mv`) its inode."""
    import shutil

    cache = tmp_path / "cache"
    folder = library_dir / "older"
    folder.mkdir()
    shutil.copy2(library_dir / "ebv-risk.md", folder / "ebv-followup.md")
    save_and_index(library_dir, cache)
    assert isinstance(load_for_command(library_dir, cache), CommandLibrary)
    folder.rename(library_dir / "archive")
    assert not isinstance(load_for_command(library_dir, cache), CommandLibrary)
    save_and_index(library_dir, cache)
    assert isinstance(load_for_command(library_dir, cache), CommandLibrary)
    article = library_dir / "archive" / "ebv-followup.md"
    shutil.copy2(article, tmp_path / "copy.md")  # the same bytes, size and time
    os.replace(tmp_path / "copy.md", article)
    assert not isinstance(load_for_command(library_dir, cache), CommandLibrary)


def test_a_file_edited_while_the_snapshot_is_saved_is_not_taken_as_current(ready, monkeypatch):
    """The listing saved is of the files as loaded: one whose size or time differs when
    the snapshot is saved (edited in between) makes the next command load in full."""
    library_dir, cache = ready
    library = load_library(library_dir, cache=cache, use_cache=True)
    article = library_dir / "ebv-risk.md"
    article.write_text(article.read_text().replace("virus", "virus, edited meanwhile"))
    save_catalog(library, catalog_rows(library), cache)
    assert not isinstance(load_for_command(library_dir, cache), CommandLibrary)


def test_the_command_finds_an_edit_made_between_two_commands(library_dir):
    args = ("search", "--library", str(library_dir), "--json", "zanzibar")
    assert '"total": 0' in run_cli(*args).stdout
    assert '"total": 0' in run_cli(*args).stdout  # the second one from the snapshot
    article = library_dir / "ebv-risk.md"
    article.write_text(article.read_text().replace("virus", "virus from zanzibar"))
    os.utime(article, ns=(1, 1))  # an edit that keeps the size still changes the time
    found = run_cli(*args)
    assert '"ebv-risk"' in found.stdout, found.stderr


def test_an_index_to_write_needs_the_whole_library(ready):
    """The snapshot's articles have no text: writing them into the index would empty it."""
    import json

    from tui.core.index import IncompleteLibrary
    from tui.core.index_files import MANIFEST, index_dir_for

    library_dir, cache = ready
    manifest = index_dir_for(library_dir, cache) / MANIFEST
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "pairs": "names changed since"}))
    library = load_for_command(library_dir, cache)
    assert isinstance(library, CommandLibrary)
    with pytest.raises(IncompleteLibrary):
        open_index(library, cache=cache)
    whole = load_library(library_dir, cache=cache)
    found = SearchEngine(whole, open_index(whole, cache=cache)).search("vitamin", limit=1)
    assert [hit.article.id for hit in found.hits] == ["vitamin-d-levels"]


def test_the_command_loads_the_whole_library_when_the_index_must_be_written(library_dir):
    import json

    from tui.core.index_files import MANIFEST, index_dir_for

    args = ("search", "--library", str(library_dir), "--json", "vitamin")
    assert '"vitamin-d-levels"' in run_cli(*args).stdout
    manifest = index_dir_for(library_dir) / MANIFEST
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "pairs": "changed"}))
    again = run_cli(*args)
    assert again.returncode == 0 and '"vitamin-d-levels"' in again.stdout, again.stderr
    assert '"vitamin-d-levels"' in run_cli(*args).stdout  # the index kept its text


def test_an_index_behind_the_snapshot_is_the_index_s_to_say(ready):
    """The snapshot was saved after a change the index has not seen: the snapshot serves
    topics and cite (no search results), and opening the index asks for the whole
    library, as `search` and `show` then load it (10,000 digests are not compared twice)."""
    from tui.core.index import IncompleteLibrary

    library_dir, cache = ready
    article = library_dir / "ebv-risk.md"
    article.write_text(article.read_text().replace("virus", "virus from zanzibar"))
    library = load_library(library_dir, cache=cache, use_cache=True)
    save_catalog(library, catalog_rows(library), cache)
    quick = load_for_command(library_dir, cache)
    assert isinstance(quick, CommandLibrary)
    with pytest.raises(IncompleteLibrary):
        open_index(quick, cache=cache)
    whole = load_library(library_dir, cache=cache)
    index = open_index(whole, cache=cache)  # the index catches up
    found = SearchEngine(whole, index).search("zanzibar")
    assert [hit.article.id for hit in found.hits] == ["ebv-risk"]
    index.close()
    open_index(quick, cache=cache).close()  # current now: the snapshot's library opens it


def test_an_article_beyond_the_first_rows_is_found_by_its_file_name(ready, monkeypatch):
    """`cite ID` at 10,000 articles read every row (50 ms) only to find one file's path."""
    from tui.core import catalog

    library_dir, cache = ready
    monkeypatch.setattr(catalog, "FIRST_ROWS", 1)
    library = load_library(library_dir, cache=cache, use_cache=True)
    save_catalog(library, catalog_rows(library), cache)
    monkeypatch.setattr(catalog, "_all_rows", None)  # reading every row would fail
    quick = load_for_command(library_dir, cache)
    oldest = library.newest()[-1]
    assert quick.get(oldest.id) == oldest


def save_and_index(library_dir, cache) -> None:
    """What a first command leaves behind: the snapshot and an index of the files."""
    library = load_library(library_dir, cache=cache, use_cache=True)
    save_catalog(library, catalog_rows(library), cache)
    open_index(library, cache=cache).close()


def test_an_article_in_a_folder_is_found_and_its_edit_seen(library_dir, tmp_path, monkeypatch):
    """The check compares one digest of every file's path, size and time (stat relative to
    its open folder), not a stamp per file read back; a folder below counts the same."""
    from tui.core import catalog

    cache = tmp_path / "cache"
    nested = library_dir / "older" / "ebv-followup.md"
    nested.parent.mkdir()
    nested.write_text((library_dir / "ebv-risk.md").read_text())
    monkeypatch.setattr(catalog, "FIRST_ROWS", 1)  # found by its file name, not its row
    save_and_index(library_dir, cache)
    monkeypatch.setattr(catalog, "_all_rows", None)
    quick = load_for_command(library_dir, cache)
    assert isinstance(quick, CommandLibrary)
    assert quick.get("ebv-followup") == load_library(library_dir).get("ebv-followup")
    os.utime(nested, ns=(1, 1))  # an edit in place: the folders' times do not change
    assert not isinstance(load_for_command(library_dir, cache), CommandLibrary)


def test_a_library_named_from_its_own_folder_is_checked_alike(library_dir, tmp_path, monkeypatch):
    """`myelin --library . cite X`: paths below the root are the same however it is named."""
    from pathlib import Path

    cache = tmp_path / "cache"
    monkeypatch.chdir(library_dir)
    save_and_index(Path("."), cache)
    quick = load_for_command(Path("."), cache)
    assert isinstance(quick, CommandLibrary)
    assert quick.get("ebv-risk") == load_library(Path(".")).get("ebv-risk")
    (library_dir / "ebv-risk.md").unlink()
    assert not isinstance(load_for_command(Path("."), cache), CommandLibrary)


@pytest.fixture
def rows_out_of_reach(library_dir, tmp_path, monkeypatch):
    """The snapshot's library with one row at hand and reading the others failing, the
    full library, and their cache."""
    from tui.core import catalog

    cache = tmp_path / "cache"
    monkeypatch.setattr(catalog, "FIRST_ROWS", 1)
    save_and_index(library_dir, cache)
    monkeypatch.setattr(catalog, "_all_rows", None)  # reading every row would fail
    return load_for_command(library_dir, cache), load_library(library_dir), cache


def test_related_articles_come_from_topic_groups_not_every_row(rows_out_of_reach):
    """`show` at 10,000 articles made an article of every row (and read 6 MB of rows) to
    find the few that share topics: the same related articles, reasons and scores come
    from the ids grouped by topics, and only the shown ones are read."""
    quick, full, cache = rows_out_of_reach
    quick_engine = SearchEngine(quick, open_index(quick, cache=cache))
    full_engine = SearchEngine(full, open_index(full, cache=cache))
    for article_id in full.articles:
        found, expected = quick_engine.related(article_id), full_engine.related(article_id)
        assert [(r.article.id, r.article.title, r.reason, r.score) for r in found] == [
            (r.article.id, r.article.title, r.reason, r.score) for r in expected
        ]
        assert expected, article_id
    quick_engine.index.close()
    full_engine.index.close()


def test_a_snapshot_without_its_digests_is_saved_again_when_the_index_needs_them(library_dir):
    """Opening the index compares one digest of every article's digest; only when that
    differs are the 10,000 digests read, and a snapshot without them loads the whole
    library once and saves the snapshot whole again."""
    import json

    from tui.core.catalog import catalog_path
    from tui.core.index_files import MANIFEST, index_dir_for

    args = ("search", "--library", str(library_dir), "--json", "vitamin")
    assert '"vitamin-d-levels"' in run_cli(*args).stdout
    digests = catalog_path(library_dir, part="digests")
    digests.unlink()
    assert '"vitamin-d-levels"' in run_cli(*args).stdout  # not needed: nothing read
    assert not digests.exists()
    manifest = index_dir_for(library_dir) / MANIFEST
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "files_digest": "x"}))
    assert '"vitamin-d-levels"' in run_cli(*args).stdout
    assert digests.exists()
    assert load_for_command(library_dir).digests()  # the next command has them again


def test_a_snapshot_without_its_topic_groups_ranks_the_same(library_dir, tmp_path):
    cache = tmp_path / "cache"
    save_and_index(library_dir, cache)
    from tui.core.catalog import catalog_path

    catalog_path(library_dir, cache, "members").unlink()
    quick, full = load_for_command(library_dir, cache), load_library(library_dir)
    assert isinstance(quick, CommandLibrary)
    for query in ("fatigue", "relapses"):
        found = SearchEngine(quick, open_index(quick, cache=cache)).search(query)
        expected = SearchEngine(full, open_index(full, cache=cache)).search(query)
        assert [h.article.id for h in found.hits] == [h.article.id for h in expected.hits]


def test_opening_a_current_index_compares_one_digest_not_every_article_s(ready, monkeypatch):
    """At 10,000 articles reading and comparing every article's digest took 8 ms."""
    library_dir, cache = ready
    quick = load_for_command(library_dir, cache)
    monkeypatch.setattr(CommandLibrary, "digests", None)  # reading them would fail
    open_index(quick, cache=cache).close()


def test_a_related_article_beyond_the_first_rows_is_read_alone(rows_out_of_reach, monkeypatch):
    """`show` at 10,000 articles parsed each related article's file (YAML and all) to name
    it; its row is read alone from the rows saved one by one."""
    quick, full, _ = rows_out_of_reach
    monkeypatch.setattr(command_library, "read_article", None)  # parsing a file would fail
    for article_id in full.articles:
        listed = quick.listed(article_id)
        assert listed is not None and listed.title == full.articles[article_id].title


@pytest.mark.parametrize("query", ["fatigue", "relapses", "vitamin d"])
def test_a_search_ranks_as_the_full_library_without_reading_every_row(rows_out_of_reach, query):
    """Ranking asks what each explainer is mainly about (its first topic): at 10k that made
    an article of 1,700 rows (and read 6 MB of them) per search; the ids grouped by
    topics answer it."""
    quick, full, cache = rows_out_of_reach
    quick_index, full_index = open_index(quick, cache=cache), open_index(full, cache=cache)
    found = SearchEngine(quick, quick_index).search(query)
    expected = SearchEngine(full, full_index).search(query)
    quick_index.close()
    full_index.close()
    assert [(h.article.id, h.score) for h in found.hits] == [
        (h.article.id, h.score) for h in expected.hits
    ]
    assert found.hits and found.facets == expected.facets


def test_cite_checks_only_the_files_it_cites(ready, monkeypatch):
    """`cite` shows the cited articles and nothing else of the library: each is read from
    its file, so an edit in place shows at once, and the other 10,000 files are not
    stat'ed."""
    library_dir, cache = ready
    article = library_dir / "ebv-risk.md"
    article.write_text(article.read_text().replace("Fixture Journal", "Edited Journal"))
    os.utime(article, ns=(1, 1))  # an edit in place, its time set back
    monkeypatch.setattr(command_library, "list_articles", None)  # every file: would fail
    monkeypatch.setattr(command_library, "load_library", None)  # a full load too
    library = load_for_command(library_dir, cache, shown=["ebv-risk"])
    assert isinstance(library, CommandLibrary)
    cited = library.get("ebv-risk")
    assert cited is not None and cited.source is not None
    assert cited.source.journal == "Edited Journal of Neurology"


@pytest.mark.parametrize("change", ["added", "removed", "broken"])
def test_cite_checks_every_file_when_a_cited_one_is_not_as_the_snapshot_says(
    ready, change, monkeypatch
):
    """An article added since the snapshot is found, and one removed or no longer readable
    is said as a full load says it (with the problem counted)."""
    library_dir, cache = ready
    source = (library_dir / "ebv-risk.md").read_text()
    if change == "added":
        (library_dir / "ebv-copy.md").write_text(source)
    elif change == "removed":
        (library_dir / "ebv-risk.md").unlink()
    else:
        (library_dir / "ebv-risk.md").write_text(source.replace("title:", "title: [", 1))
    cited = "ebv-copy" if change == "added" else "ebv-risk"
    library = load_for_command(library_dir, cache, shown=[cited])
    full = load_library(library_dir)
    assert not isinstance(library, CommandLibrary)
    assert library.get(cited) == full.get(cited)
    assert [str(p) for p in library.problems] == [str(p) for p in full.problems]
    assert (library.get(cited) is None) == (change != "added")


def test_cite_says_a_broken_article_as_before(library_dir):
    args = ("cite", "--library", str(library_dir), "ebv-risk")
    assert "Fixture Journal of Neurology" in run_cli(*args).stdout  # saves the snapshot
    article = library_dir / "ebv-risk.md"
    article.write_text(article.read_text().replace("title:", "title: [", 1))
    broken = run_cli(*args)
    assert broken.returncode == 1
    assert "1 problem in the library" in broken.stderr
    said = " ".join(broken.stderr.split())
    assert "ebv-risk.md is in the library but was skipped (line 3)" in said  # not "not in it"
    assert "Fix it, then check with: myelin check" in said


def test_opening_a_current_index_reads_its_manifest_once(ready, monkeypatch):
    """The manifest holds every article's digest (870 KB at 10,000 articles): the check
    for damage and the comparison with the library share one reading."""
    from tui.core import index as index_module

    library_dir, cache = ready
    reads: list[object] = []
    real = index_module.read_manifest

    def counting(directory):
        reads.append(directory)
        return real(directory)

    monkeypatch.setattr(index_module, "read_manifest", counting)
    library = load_for_command(library_dir, cache)
    index = open_index(library, cache=cache)
    assert index.status.added == index.status.updated == index.status.deleted == 0
    index.close()
    assert len(reads) == 1


# -- the check of every file, running in a child process while the command answers ------


@pytest.fixture
def checked_apart(monkeypatch) -> list[int]:
    """Any library is large enough for the check of every file to run in a child process
    (saved with the snapshot: before `ready`); the children's process ids, as made."""
    monkeypatch.setattr(listing_apart, "APART_FROM", 1)
    monkeypatch.setattr(listing_apart, "core_to_spare", lambda: True)  # the machine's load
    children: list[int] = []
    real = listing_apart.find_apart

    def noting(*args):
        check = real(*args)
        if check is not None:
            children.append(check.pid)
        return check

    monkeypatch.setattr(listing_apart, "find_apart", noting)
    return children


def edit_in_place(article) -> None:
    """Another word, the same size, another time: nothing but the file's own stamp."""
    text = article.read_text()
    edited = text.replace("caught the virus were", "caught zanzibar  were")
    assert edited != text and len(edited) == len(text)
    before = article.stat().st_mtime_ns
    article.write_text(edited)
    os.utime(article, ns=(before + 10**9, before + 10**9))


def test_the_check_running_apart_finds_an_edit_in_place(checked_apart, ready):
    library_dir, cache = ready
    checking = listing_apart.find_apart(library_dir, cache)
    assert checking is not None
    library = load_for_command(library_dir, cache, checking=checking)
    assert isinstance(library, CommandLibrary) and library.check is checking
    assert library.check.same()
    edit_in_place(library_dir / "ebv-risk.md")
    checking = listing_apart.find_apart(library_dir, cache)
    assert checking is not None
    library = load_for_command(library_dir, cache, checking=checking)
    assert isinstance(library, CommandLibrary)  # answered from the snapshot meanwhile
    assert library.check is not None and not library.check.same()


@pytest.mark.parametrize(
    ("change", "query", "expected"),
    [
        ("edited in place", "zanzibar", ["ebv-risk"]),
        ("added", "zanzibar", ["zanzibar-notes"]),
        ("removed", "virus", []),
        ("renamed", "virus", ["ebv-renamed"]),
    ],
)
def test_a_command_answering_while_the_check_runs_answers_as_the_files_are(
    library_dir, checked_apart, monkeypatch, change, query, expected
):
    """The command answers from the snapshot while the check runs; when the check finds a
    file changed, that answer is never said: the command answers again, from the files,
    as a command that checks first answers."""
    import json

    args = ("search", "--library", str(library_dir), "--json", query)
    run_cli(*args)  # the snapshot and the index, as a first command leaves them
    before = [h["id"] for h in json.loads(run_cli(*args).stdout)["results"]]
    assert checked_apart  # that answer came while the check ran in a child process
    assert before == ([] if query == "zanzibar" else ["ebv-risk"])
    article = library_dir / "ebv-risk.md"
    if change == "edited in place":
        edit_in_place(article)
    elif change == "added":
        (library_dir / "zanzibar-notes.md").write_text(
            article.read_text().replace("the virus", "zanzibar")
        )
    elif change == "removed":
        article.unlink()
    else:
        article.rename(library_dir / "ebv-renamed.md")
    found = run_cli(*args)
    assert found.returncode == 0, found.stderr
    assert [h["id"] for h in json.loads(found.stdout)["results"]] == expected  # said once
    monkeypatch.setattr(listing_apart, "find_apart", lambda root, cache=None: None)
    assert run_cli(*args) == found  # as the command that checks every file first


def test_nothing_is_said_before_the_check_running_apart_has_answered(
    library_dir, checked_apart, monkeypatch
):
    import contextlib
    import io

    from tui.cli import main
    from tui.core.listing_apart import CheckApart

    for command in (["topics"], ["search", "virus"], ["show", "ebv-risk"]):
        run_cli(*command, "--library", str(library_dir))
    events: list[str] = []
    real = CheckApart.same

    def same(self):
        events.append("checked")
        return real(self)

    class Said(io.StringIO):
        def write(self, text: str) -> int:
            events.append("said")
            return super().write(text)

    monkeypatch.setattr(CheckApart, "same", same)
    monkeypatch.setenv("COLUMNS", "100")
    checked_apart.clear()
    for command in (["topics"], ["search", "virus"], ["show", "ebv-risk"]):
        events.clear()
        out, err = Said(), Said()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main([*command, "--library", str(library_dir)]) == 0
        assert events[0] == "checked" and "said" in events, command
        assert out.getvalue().strip()
    assert len(checked_apart) == 3  # one for each command
    for pid in checked_apart:  # every child waited for: none left behind
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_check_not_needed_is_stopped(library_dir, checked_apart, monkeypatch):
    """The index has articles to write: the library is read in full, and the check
    running apart is stopped and waited for."""
    import json

    from tui.core.index_files import MANIFEST, index_dir_for

    args = ("search", "--library", str(library_dir), "--json", "vitamin")
    run_cli(*args)
    manifest = index_dir_for(library_dir) / MANIFEST
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "pairs": "changed"}))
    again = run_cli(*args)
    assert again.returncode == 0 and '"vitamin-d-levels"' in again.stdout, again.stderr
    assert len(checked_apart) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(checked_apart[0], os.WNOHANG)


def test_a_small_library_is_checked_at_once(ready):
    """Starting `find` costs more than the `stat`s of a few hundred files."""
    library_dir, cache = ready
    assert listing_apart.find_apart(library_dir, cache) is None


@pytest.mark.parametrize(
    "change",
    ["edited in place", "replaced", "added", "removed", "renamed", "folder renamed", "none"],
)
def test_find_running_apart_notices_what_the_check_here_notices(
    checked_apart, library_dir, tmp_path, change
):
    """`find`'s records hold what `list_articles` compares (path, size, time to the
    nanosecond, inode): each change is found, and only a change."""
    import shutil

    cache = tmp_path / "cache"
    folder = library_dir / "older"
    folder.mkdir()
    shutil.copy2(library_dir / "ebv-risk.md", folder / "ebv-followup.md")
    save_and_index(library_dir, cache)
    article = folder / "ebv-followup.md"
    if change == "edited in place":
        edit_in_place(article)
    elif change == "replaced":  # the same bytes, size and time (`cp -p` and `mv`)
        shutil.copy2(article, tmp_path / "copy.md")
        os.replace(tmp_path / "copy.md", article)
    elif change == "added":
        shutil.copy2(article, folder / "ebv-copy.md")
    elif change == "removed":
        article.unlink()
    elif change == "renamed":
        article.rename(folder / "ebv-later.md")
    elif change == "folder renamed":
        folder.rename(library_dir / "archive")
    (library_dir / ".draft.md").write_text("a hidden file is not in the library")
    checking = listing_apart.find_apart(library_dir, cache)
    assert checking is not None
    assert checking.same() == (change == "none")
    assert checking.same() == isinstance(load_for_command(library_dir, cache), CommandLibrary)


def test_an_article_that_is_a_link_is_checked_here(checked_apart, library_dir, tmp_path):
    """`find` gives a link's own time, not its file's: an edit of the file would go
    unseen, so nothing is saved for it and the command checks in its own process."""
    cache = tmp_path / "cache"
    (library_dir / "ebv-risk.md").rename(library_dir / "ebv-risk.txt")
    (library_dir / "ebv-risk.md").symlink_to("ebv-risk.txt")
    save_and_index(library_dir, cache)
    assert listing_apart.find_apart(library_dir, cache) is None
    assert isinstance(load_for_command(library_dir, cache), CommandLibrary)
    edit_in_place(library_dir / "ebv-risk.txt")
    assert not isinstance(load_for_command(library_dir, cache), CommandLibrary)


def test_with_every_core_busy_the_command_checks_in_its_own_process(
    checked_apart, ready, monkeypatch
):
    """`find` beside a command that has no core to spare only adds its CPU."""
    library_dir, cache = ready
    monkeypatch.setattr(listing_apart, "core_to_spare", lambda: False)
    assert listing_apart.find_apart(library_dir, cache) is None
    assert isinstance(load_for_command(library_dir, cache), CommandLibrary)


@pytest.mark.parametrize(
    ("cores", "load", "spare"), [(2, 0.2, True), (2, 1.6, False), (8, 5.0, True), (1, 0.0, False)]
)
def test_a_core_is_spare_by_the_load_average(monkeypatch, cores, load, spare):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert CORE_TO_SPARE() is spare
