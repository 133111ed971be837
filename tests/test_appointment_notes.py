"""Appointment notes and bookmark exports, from `myelin notes` and the bookmarks screen."""

from __future__ import annotations

import rispy
from app_helpers import make_app, press, said, screen_text, settle, show_article, type_text
from conftest import FIXTURE_LIBRARY
from conftest import run_cli as myelin
from pybtex.database import parse_string

from tui.app.screens.bookmarks import BookmarksScreen
from tui.core.notes import default_notes_path
from tui.core.state import StateStore

LIBRARY = ["--library", str(FIXTURE_LIBRARY)]


def bookmark(data_home, *pairs: tuple[str, str]) -> dict:
    """Bookmark articles with questions as the app would; returns the env that finds them."""
    store = StateStore(data_home / "myelin")
    state = store.load()
    for article_id, question in pairs:
        state.toggle_bookmark(article_id)
        state.set_question(article_id, question)
    assert store.save(state)
    return {"XDG_DATA_HOME": str(data_home)}


def test_notes_command_writes_one_page_from_bookmarks(isolated_dirs, tmp_path):
    env = bookmark(
        isolated_dirs / "xdg_data_home",
        ("ebv-risk", "Does this change anything for me?"),
        ("vitamin-d-levels", ""),
    )
    target = tmp_path / "notes.md"
    result = myelin("notes", "--output", str(target), *LIBRARY, env=env)
    assert result.returncode == 0, result.stderr
    assert f"Wrote notes for 2 bookmarked articles to {target}" in " ".join(result.stdout.split())
    text = target.read_text()
    assert text.startswith("# Questions for my appointment")
    assert "## 1. Fixture - vitamin D levels and relapses" in text  # newest bookmark first
    assert "- **Key takeaway:** In this fixture, infection with EBV" in text
    assert "- **Main consideration:** This is fixture text used by the tests" in text
    assert "- **Source:** Tester A et al. Fixture Journal of Neurology. 2022." in text
    assert "- **My question:** Does this change anything for me?" in text
    assert "- **My question:** ____" in text  # a line to write on
    assert "not medical advice" in text


def test_notes_as_plain_text_on_the_terminal(isolated_dirs):
    env = bookmark(isolated_dirs / "xdg_data_home", ("ebv-risk", "Ask about tests"))
    plain = myelin("notes", "--format", "txt", "--output", "-", *LIBRARY, env=env).stdout
    assert plain.startswith("QUESTIONS FOR MY APPOINTMENT") and "**" not in plain
    assert "   My question: Ask about tests" in plain
    assert max(len(line) for line in plain.splitlines()) <= 80


def test_notes_go_into_a_folder_or_say_why_they_cannot(isolated_dirs, tmp_path):
    env = bookmark(isolated_dirs / "xdg_data_home", ("ebv-risk", ""))
    into = myelin("notes", "--output", str(tmp_path), "--format", "txt", *LIBRARY, env=env)
    assert into.returncode == 0, into.stderr
    assert default_notes_path("txt", tmp_path).read_text().startswith("QUESTIONS")
    missing = tmp_path / "no-such-folder" / "notes.md"
    failed = myelin("notes", "--output", str(missing), *LIBRARY, env=env)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert f"the folder {missing.parent} does not exist" in " ".join(failed.stderr.split())
    assert not missing.parent.exists()  # a mistyped path leaves no new folders
    default = myelin("notes", *LIBRARY, env=env, cwd=tmp_path)  # where the app writes them
    assert default_notes_path("md", isolated_dirs).is_file(), default.stderr
    assert not default_notes_path("md", tmp_path).exists()  # never the working folder


async def test_app_keeps_a_question_and_writes_notes_and_exports(isolated_dirs, tmp_path):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = tmp_path
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b", "B")
        assert isinstance(app.screen, BookmarksScreen)
        await press(app, pilot, "e")
        await type_text(app, pilot, "Ask about EBV tests")
        await press(app, pilot, "enter")
        assert app.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"
        assert "My question: Ask about EBV tests" in screen_text(app)
        await press(app, pilot, "n")
        notes = default_notes_path("md", tmp_path)
        assert f"Saved appointment notes for 1 article to {notes}" in said(app)
        assert "- **My question:** Ask about EBV tests" in notes.read_text()
        await press(app, pilot, "r", "x")
        (record,) = rispy.loads((tmp_path / "myelin-bookmarks.ris").read_text())
        assert record["journal_name"] == "Fixture Journal of Neurology"
        entries = parse_string((tmp_path / "myelin-bookmarks.bib").read_text(), "bibtex").entries
        assert entries["ebv-risk"].fields["year"] == "2022"
        assert f"Saved 1 citation to {tmp_path / 'myelin-bookmarks.bib'}" in said(app)
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.state.bookmarks["ebv-risk"].question == "Ask about EBV tests"


async def test_exports_say_what_was_left_out_and_write_nothing_empty(isolated_dirs, tmp_path):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = tmp_path
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "n", "r")
        assert "No bookmarks yet: press b while reading an article." in said(app)
        assert "Nothing to export: no bookmarked article has a source to cite." in said(app)
        assert list(tmp_path.iterdir()) == []
        for article_id in ("fatigue-explainer", "ebv-risk"):
            await show_article(app, pilot, article_id)
            await press(app, pilot, "b")
        await press(app, pilot, "B", "r")
        saved = tmp_path / "myelin-bookmarks.ris"
        assert f"Saved 1 citation (1 explainer without a source left out) to {saved}" in said(app)
        assert len(rispy.loads((tmp_path / "myelin-bookmarks.ris").read_text())) == 1


def test_notes_to_a_named_pipe_are_written_into_it_not_beside_it(isolated_dirs, tmp_path):
    """The never-replace rule made `--output /dev/stdout` create `/dev/stdout-2`, and a
    reader of a FIFO wait forever while `FIFO-2` was written (QA H18)."""
    import os
    import threading

    env = bookmark(isolated_dirs / "xdg_data_home", ("ebv-risk", "Ask about EBV"))
    pipe = tmp_path / "printer"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()))
    reader.start()
    result = myelin("notes", "--output", str(pipe), *LIBRARY, env=env)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith("# Questions for my appointment")
    assert "Ask about EBV" in received[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["printer"]  # nothing beside it
    assert result.stdout == ""  # the word on where it went is not mixed into the notes
    assert f"Wrote notes for 1 bookmarked article to {pipe}" in result.stderr


def refuse_writes_in(folder, monkeypatch) -> None:
    """`folder` behaves as a full disk: every new file in it fails with ENOSPC."""
    import errno

    from tui.core import notes

    real = notes._write_new

    def full(path, text):
        if path.parent == folder:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(notes, "_write_new", full)


async def test_a_full_documents_folder_is_no_dead_end_for_notes(
    isolated_dirs, tmp_path, monkeypatch
):
    """QA H45: notes went nowhere when Documents was full although home had room."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    documents = home / "Documents"
    documents.mkdir()
    refuse_writes_in(documents, monkeypatch)
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    app.export_dir = documents
    app.state.toggle_bookmark("ebv-risk")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "B", "n")
        notes = default_notes_path("md", home)
        assert notes.read_text().startswith("# Questions for my appointment")
        assert not list(documents.iterdir())
        message = said(app)[-1]
        assert message.startswith(f"Saved appointment notes for 1 article to ~/{notes.name}.")
        assert "Documents" in message and "No space left on device" in message


def test_notes_command_falls_back_only_when_no_place_was_asked_for(
    isolated_dirs, tmp_path, monkeypatch
):
    env = bookmark(isolated_dirs / "xdg_data_home", ("ebv-risk", ""))
    home = tmp_path / "home"
    here = home / "Documents"
    here.mkdir(parents=True)
    env["HOME"] = str(home)
    refuse_writes_in(here, monkeypatch)
    default = myelin("notes", *LIBRARY, env=env)
    assert default.returncode == 0, default.stderr
    assert default_notes_path("md", home).is_file() and not list(here.iterdir())
    assert "No space left on device" in default.stderr
    assert str(home) in " ".join(default.stdout.split())
    asked = myelin("notes", "--output", str(here), *LIBRARY, env=env)
    assert asked.returncode == 1 and "No space left on device" in asked.stderr
    assert len(list(home.glob("*.md"))) == 1  # the place asked for, or an error


def test_notes_are_never_written_into_a_library_folder(isolated_dirs, tmp_path):
    """`myelin notes` run from the library folder wrote the private questions into the
    library, shown to every reader of it as a broken article (QA5 R15)."""
    import shutil

    library = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    env = {
        **bookmark(isolated_dirs / "xdg_data_home", ("ebv-risk", "private words")),
        "MYELIN_LIBRARY": str(library),
    }
    before = sorted(library.iterdir())
    default = myelin("notes", env=env, cwd=library)
    assert default.returncode == 0, default.stderr
    notes = default_notes_path("md", isolated_dirs)  # Documents, else home, as the app
    assert "private words" in notes.read_text()
    assert f"to {notes}" in " ".join(default.stdout.split())
    for asked in (library, library / "notes.md", library / "sub" / "notes.md"):
        (library / "sub").mkdir(exist_ok=True)
        refused = myelin("notes", "--output", str(asked), env=env)
        told = " ".join(refused.stderr.split())
        assert refused.returncode == 1 and "is a library folder" in told, told
        assert "notes are private: they are never written into a library" in told
    # a folder that looks like a library, though another is configured
    other = tmp_path / "other"
    shutil.copytree(FIXTURE_LIBRARY, other)
    (other / "topics.yaml").unlink(), (other / "glossary.yaml").unlink()
    refused = myelin("notes", "--output", str(other), env=env)
    assert refused.returncode == 1 and "is a library folder" in refused.stderr
    assert sorted(library.iterdir()) == sorted([*before, library / "sub"])
    assert not list((library / "sub").iterdir()) and len(list(other.iterdir())) == 5
    blog = tmp_path / "blog"  # Markdown with front matter, but no article's keys
    blog.mkdir()
    (blog / "post.md").write_text("---\ntitle: My holiday\ntags: [sea]\n---\nSun.\n")
    assert myelin("notes", "--output", str(blog), env=env).returncode == 0


def test_a_documents_folder_that_is_the_library_is_passed_over_and_said(isolated_dirs):
    library = isolated_dirs / "Documents"
    library.mkdir()
    (library / "topics.yaml").write_text("topics: []\n")
    env = {
        **bookmark(isolated_dirs / "xdg_data_home", ("ebv-risk", "")),
        "MYELIN_LIBRARY": str(FIXTURE_LIBRARY),
    }
    result = myelin("notes", env=env)
    assert result.returncode == 0, result.stderr
    assert default_notes_path("md", isolated_dirs).is_file()
    assert sorted(p.name for p in library.iterdir()) == ["topics.yaml"]
    assert "is a library folder" in " ".join(result.stderr.split())
