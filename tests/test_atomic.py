"""One atomic-write rule for the reading state and the caches: whole or not at all."""

from __future__ import annotations

import pickle

import pytest

from tui.core import article_cache, catalog, index_files, notes, state
from tui.core.atomic import atomic_file, atomic_write


def test_the_new_content_replaces_the_old_whole(tmp_path):
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    atomic_write(target, b"new", durable=True)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp left


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "catalog.pickle"
    target.write_bytes(b"old")
    with pytest.raises((pickle.PicklingError, AttributeError)), atomic_file(target) as out:
        out.write(b"half of it")
        pickle.dump(lambda: None, out)  # cannot be pickled
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.pickle"]


def test_a_missing_folder_is_an_os_error_the_callers_already_handle(tmp_path):
    with pytest.raises(OSError):
        atomic_write(tmp_path / "gone" / "file", b"x")


def test_a_new_file_is_never_written_over_one_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "notes.md"
    with pytest.raises(FileExistsError), atomic_file(target, overwrite=False) as out:
        out.write(b"new notes")
        target.write_bytes(b"the reader's own file")  # another program took the name
    assert target.read_bytes() == b"the reader's own file"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temp left
    fresh = tmp_path / "fresh.md"
    with atomic_file(fresh, durable=True, overwrite=False) as out:
        out.write(b"whole")
    assert fresh.read_bytes() == b"whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.md", "notes.md"]


def test_state_every_cache_and_the_notes_use_the_one_helper():
    for module in (state, article_cache, catalog, index_files, notes):
        source = module.__loader__.get_source(module.__name__)
        assert "tui.core.atomic import" in source, module.__name__
        assert "mkstemp" not in source and "os.replace(temp" not in source, module.__name__
