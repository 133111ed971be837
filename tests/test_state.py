"""Reading state: saved atomically, merged across sessions, never lost to a damaged file."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.state import ReadingState, StateStore


def test_round_trip(tmp_path):
    store = StateStore(tmp_path)
    state = store.load()
    state.toggle_bookmark("a")
    state.set_question("a", "Should I ask about this?")
    state.mark_read("b")
    state.visit("b")
    state.settings["theme"] = "textual-light"
    assert store.save(state)
    again = StateStore(tmp_path).load()
    assert again.bookmarked_ids() == ["a"]
    assert again.bookmarks["a"].question == "Should I ask about this?"
    assert again.is_read("b") and again.history == ["b"]
    assert again.settings["theme"] == "textual-light"


def test_questions_from_the_file_never_carry_terminal_controls(tmp_path):
    """A state file restored from a backup or edited by hand is untrusted text, like a
    library: what it holds is shown, never obeyed by the terminal."""
    from tui.core.sanitize import is_safe

    hostile = "Q \u001b]52;c;aGk=\u0007 \u001b[2J \u202eevil\nsecond line"
    (tmp_path / "state.json").write_text(
        json.dumps(
            {
                "version": 1,
                "bookmarks": [{"article_id": "a", "added": 1.0, "question": hostile}],
                "kept_questions": {"b": hostile},
                "earlier_questions": {"a": [hostile]},
            }
        )
    )
    state = StateStore(tmp_path).load()
    texts = [
        state.bookmarks["a"].question,
        state.kept_questions["b"],
        *state.earlier_questions["a"],
    ]
    assert all(is_safe(text) for text in texts), texts
    assert state.bookmarks["a"].question.startswith("Q \u241b]52;c;aGk=")  # seen, as ␛
    assert "second line" in state.bookmarks["a"].question  # nothing they wrote is lost


def test_damaged_file_is_moved_aside_with_a_message(tmp_path):
    (tmp_path / "state.json").write_text('{"bookmarks": [{"article_id": "a"')  # nothing whole
    store = StateStore(tmp_path)
    state = store.load()
    assert state.bookmarks == {}
    assert "damaged" in store.messages[0] and "moved to" in store.messages[0]
    aside = list(tmp_path.glob("state.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text().startswith('{"bookmarks"')
    state.toggle_bookmark("new")
    assert store.save(state)
    assert StateStore(tmp_path).load().bookmarked_ids() == ["new"]


def _two_questions() -> dict:
    marks = [
        {"article_id": "a", "added": 1.0, "question": "Ask about PIRA?", "edited": 2.0},
        {"article_id": "b", "added": 3.0, "question": "What dose of vitamin D?", "edited": 4.0},
    ]
    return {"version": 1, "bookmarks": marks, "read": {"a": 5.0}}


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda raw: b"\xef\xbb\xbf" + raw, None),  # a byte-order mark, as Notepad writes
        (lambda raw: raw.replace(b"PIRA?", b"PIRA\xe9?"), "shown as \ufffd"),  # one Latin-1 byte
    ],
    ids=["bom", "latin-1"],
)
def test_one_bad_byte_costs_one_character_not_every_bookmark(tmp_path, damage, said):
    (tmp_path / "state.json").write_bytes(damage(json.dumps(_two_questions()).encode()))
    store = StateStore(tmp_path)
    state = store.load()
    assert state.bookmarks["b"].question == "What dose of vitamin D?"
    assert state.bookmarks["a"].question.startswith("Ask about PIRA")
    if said is None:
        assert store.messages == []
    else:
        (message,) = store.messages
        assert said in message and "the rest was kept" in message
        assert "codec" not in message and "position" not in message  # words, not Python's


def test_a_file_cut_short_keeps_what_came_before_the_cut(tmp_path):
    whole = json.dumps(_two_questions(), indent=1)
    cut = whole[: whole.index("What dose") + 4]  # inside the second question
    (tmp_path / "state.json").write_text(cut)
    store = StateStore(tmp_path)
    state = store.load()
    assert state.bookmarks["a"].question == "Ask about PIRA?"
    (message,) = store.messages
    assert "cut short or damaged at line" in message and "what came before was kept" in message
    assert "char" not in message  # "line 7 column 16 (char 119)" is not for people
    (aside,) = tmp_path.glob("state.json.damaged-*")
    assert aside.read_text() == cut  # the file as it was, kept


def test_a_question_cut_in_the_middle_keeps_its_first_words(tmp_path):
    """QA H12: the bookmark was kept but the part of its question before the cut blanked."""
    whole = json.dumps(_two_questions(), indent=1)
    cut = whole[: whole.index("What dose") + 9]
    (tmp_path / "state.json").write_text(cut)
    state = StateStore(tmp_path).load()
    assert state.bookmarks["a"].question == "Ask about PIRA?"
    assert state.bookmarks["b"].question == "What dose"
    escaped = whole.replace("What dose", 'What \\"dose')
    (tmp_path / "state.json").write_text(escaped[: escaped.index("dose") - 1])  # after a \
    assert StateStore(tmp_path).load().bookmarks["b"].question == "What "
    (tmp_path / "state.json").write_text(whole[: whole.index('"b"') + 2])  # in an id
    assert list(StateStore(tmp_path).load().bookmarks) == ["a"]  # no bookmark for "b...


def test_a_file_holding_null_is_said_not_taken_for_no_file(tmp_path):
    (tmp_path / "state.json").write_text("null")
    store = StateStore(tmp_path)
    assert store.load().bookmarks == {}
    assert "does not hold a reading history" in store.messages[0]


DAMAGED = [
    b"[]",
    b'"text"',
    b'{"bookmarks": 5}',
    b'{"read": []}',
    b"\x00\x01",
    b"\xff\xfe not UTF-8",  # half a UTF-16 file, or random bytes
    b"[" * 100_000,  # nested deeper than the JSON reader can go
    b'{"read": {"a": 1' + b"0" * 400 + b"}}",  # a number too large for a time
]


def test_wrong_shapes_are_damage_not_crashes(tmp_path):
    for content in DAMAGED:
        (tmp_path / "state.json").write_bytes(content)
        store = StateStore(tmp_path)
        assert store.load().bookmarks == {}
        assert "damaged" in store.messages[0], content[:20]
    kept = sorted(p.read_bytes() for p in tmp_path.glob("state.json.damaged-*"))
    assert kept == sorted(DAMAGED)  # each damaged copy kept, none overwritten


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_state_file_loads_or_is_moved_aside(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("state")
    (folder / "state.json").write_bytes(content)
    store = StateStore(folder)
    state = store.load()
    state.toggle_bookmark("new")
    assert store.save(state)
    assert "new" in StateStore(folder).load().bookmarks


def test_two_sessions_keep_both_bookmarks_and_removals_win_when_newer(tmp_path):
    first, second = StateStore(tmp_path), StateStore(tmp_path)
    one, two = first.load(), second.load()
    one.toggle_bookmark("from-one")
    first.save(one)
    two.toggle_bookmark("from-two")
    second.save(two)  # merges with the file: from-one survives
    assert set(StateStore(tmp_path).load().bookmarked_ids()) == {"from-one", "from-two"}
    two.toggle_bookmark("from-one")  # second session removes first session's bookmark
    second.save(two)
    first.save(one)  # first session still has it in memory, but the removal is newer
    assert StateStore(tmp_path).load().bookmarked_ids() == ["from-two"]


def _add_bookmarks(folder: str, worker: int, count: int) -> None:
    store = StateStore(Path(folder))
    for number in range(count):
        state = store.load()
        state.toggle_bookmark(f"w{worker}-{number}")
        assert store.save(state)


def test_concurrent_processes_lose_no_bookmark(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_add_bookmarks, args=(str(tmp_path), w, 25)) for w in range(4)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0
    assert len(StateStore(tmp_path).load().bookmarks) == 100
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _read_repeatedly(folder: str, rounds: int, bad: multiprocessing.Value) -> None:
    path = Path(folder) / "state.json"
    for _ in range(rounds):
        try:
            json.loads(path.read_text())
        except FileNotFoundError:
            continue
        except ValueError:
            with bad.get_lock():
                bad.value += 1


def test_readers_never_see_a_half_written_file(tmp_path):
    context = multiprocessing.get_context("spawn")
    bad = context.Value("i", 0)
    reader = context.Process(target=_read_repeatedly, args=(str(tmp_path), 3000, bad))
    writer = context.Process(target=_add_bookmarks, args=(str(tmp_path), 9, 60))
    reader.start()
    writer.start()
    writer.join(timeout=120)
    reader.join(timeout=120)
    assert writer.exitcode == 0 and reader.exitcode == 0
    assert bad.value == 0


def test_unwritable_data_dir_keeps_state_in_memory_with_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = StateStore(blocker / "sub")
    state = store.load()
    state.toggle_bookmark("a")
    assert not store.save(state)
    assert "Could not save" in store.messages[-1]
    assert state.is_bookmarked("a")


def test_history_is_capped_and_skips_repeats():
    state = ReadingState()
    for number in range(300):
        state.visit(f"a{number}")
        state.visit(f"a{number}")
    assert len(state.history) == 200 and state.history[-1] == "a299"


#: Wrong shapes that crashed the app on every start (issue 12, item 7).
WRONG_SHAPES = [
    {"settings": {"theme": []}},
    {"settings": {"theme": {}}},
    {"settings": []},
    {},
    {"settings": {"caveats_first": "yes"}},
    {"bookmarks": [{"article_id": 1, "added": 1}], "history": [None, "a"], "known": "abc"},
    {"bookmarks": [{"article_id": "a", "added": float("nan")}], "read": {"a": 1e400}},
    {"kept_questions": {"a": ["q"]}, "removed": {"a": "yesterday"}},
]


def test_a_wrong_shape_costs_only_its_field(tmp_path):
    good = {"article_id": "kept", "added": 5.0, "question": "Ask about dose?"}
    (tmp_path / "state.json").write_text(
        json.dumps({"bookmarks": [good, {"article_id": []}], "settings": {"theme": []}})
    )
    store = StateStore(tmp_path)
    state = store.load()
    assert state.bookmarks["kept"].question == "Ask about dose?"  # what the reader wrote
    assert "theme" not in state.settings
    assert "settings.theme" in store.messages[0] and "the rest was kept" in store.messages[0]
    aside = list(tmp_path.glob("state.json.damaged-*"))
    assert len(aside) == 1 and '"theme": []' in aside[0].read_text()
    assert StateStore(tmp_path).load().bookmarks["kept"].question == "Ask about dose?"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
FIELDS = ("bookmarks", "removed", "read", "history", "known", "settings", "kept_questions")


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from(FIELDS), JSON)
    | st.builds(lambda v: {"settings": {"theme": v, "caveats_first": v}}, JSON)
    | st.builds(lambda v: {"bookmarks": [{"article_id": "a", "added": 1, "question": v}]}, JSON)
)
def test_the_app_and_the_cli_start_with_any_state_file_shape(tmp_path_factory, data):
    from tui.app.app import MyelinApp

    folder = tmp_path_factory.mktemp("state")
    (folder / "state.json").write_text(json.dumps(data))
    state = StateStore(folder).load()
    MyelinApp(Path("no-library"), state_dir=folder)  # chose a theme from the settings
    state.bookmarked_ids(), sorted(state.read), list(state.history), bool(state.known)
    assert all(isinstance(b.question, str) for b in state.bookmarks.values())


def test_wrong_shapes_no_longer_crash_the_app(tmp_path):
    from tui.app.app import MyelinApp

    for number, data in enumerate(WRONG_SHAPES):
        folder = tmp_path / str(number)
        folder.mkdir()
        (folder / "state.json").write_text(json.dumps(data))
        app = MyelinApp(Path("no-library"), state_dir=folder)
        assert app.theme in app.available_themes


def test_the_cli_says_when_it_moves_a_damaged_state_file_aside(capsys):
    from conftest import FIXTURE_LIBRARY

    from tui import cli
    from tui.core.state import data_root

    for command in (["show", "ebv-risk"], ["notes", "--output", "-"], ["read", "--plain"]):
        data_root().mkdir(parents=True, exist_ok=True)
        (data_root() / "state.json").write_bytes(b"\x00 not json")
        cli.main([*command, "--library", str(FIXTURE_LIBRARY)])
        err = capsys.readouterr().err
        assert "Your reading history file was damaged" in err, command
        assert "moved to" in err


def test_a_temp_file_left_by_a_killed_save_is_removed_by_the_next_save(tmp_path):
    store = StateStore(tmp_path)
    left = tmp_path / ".state.json.abc123.tmp"
    left.write_text('{"half": ')
    assert store.save(store.load())
    assert not left.exists() and (tmp_path / "state.json").exists()


def test_state_and_cache_folders_are_private_and_foreign_caches_are_not_loaded(tmp_path):
    import stat

    from tui.core.library import load_library
    from tui.core.paths import private_dir

    folder = private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(os.stat(tmp_path / "a").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    StateStore(tmp_path / "state").save(ReadingState())
    assert stat.S_IMODE(os.stat(tmp_path / "state").st_mode) == 0o700
    from conftest import FIXTURE_LIBRARY

    cache = tmp_path / "cache"
    load_library(FIXTURE_LIBRARY, cache=cache, use_cache=True)
    parts = list(cache.rglob("*.pickle"))
    assert parts and stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    for part in parts:
        part.chmod(0o666)  # as if another user could have written it
    calls = []
    from tui.core import library as library_module

    real = library_module.read_article
    library_module.read_article = lambda *a: calls.append(a) or real(*a)
    try:
        load_library(FIXTURE_LIBRARY, cache=cache, use_cache=True)
    finally:
        library_module.read_article = real
    assert len(calls) == 5  # every file parsed again: the writable cache was not trusted


def test_a_named_pipe_or_endless_file_is_never_read_as_state_or_settings(tmp_path):
    """A FIFO where state.json or settings.toml should be blocked the start for ever; a
    link to /dev/zero filled the memory (QA H40)."""
    from tui.core.settings import read_settings

    os.mkfifo(tmp_path / "state.json")
    store = StateStore(tmp_path)
    assert store.load().bookmarks == {}  # at once, not blocked on the pipe
    assert "it is not a regular file" in store.messages[0]
    os.mkfifo(tmp_path / "settings.toml")
    (problem,) = read_settings(tmp_path / "settings.toml").problems
    assert "it is not a regular file" in problem and "defaults are used" in problem
    (tmp_path / "big.toml").write_text("# " + "x" * 70_000)
    (problem,) = read_settings(tmp_path / "big.toml").problems
    assert "larger than 64 KiB" in problem


def test_opening_an_article_is_one_rule_for_the_app_and_the_linear_reader():
    state = ReadingState()
    assert state.opened("a") is True  # the first time: lists change its unread mark
    assert state.opened("b") is True
    assert state.opened("a") is False
    assert state.history == ["a", "b", "a"] and state.is_read("b")
    # Recently read: this library's articles, the last read first, each once.
    assert state.recently_read({"a", "b"}) == ["a", "b"]
    assert state.recently_read({"b", "c"}) == ["b"]  # the history holds every library's
    assert state.recently_read({"a", "b"}, limit=1) == ["a"]


def test_new_since_last_visit_is_none_on_a_first_visit_and_the_library_is_remembered():
    state = ReadingState()
    assert state.arrive({"a", "b"}) == set()  # a first visit: all would be new
    assert state.known == {"a", "b"}
    assert state.arrive({"a", "b", "c"}) == {"c"}
    assert state.arrive({"a", "b", "c"}) == set()
    before = {"a"}  # the app reads what was known before its first screen, then the library
    assert state.arrive({"a", "b", "c"}, known_before=before) == {"b", "c"}


def test_bookmarks_of_this_library_newest_first():
    state = ReadingState()
    for article_id in ("a", "gone", "b"):
        state.toggle_bookmark(article_id)
    assert state.bookmarks_in({"a", "b"}) == ["b", "a"]
