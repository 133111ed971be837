"""Where screenshots, appointment notes and exports land when nobody chose a folder: the
documents folder, else home, else the temp folder (issue 15: the palette's screenshot failed
on a machine without ~/Downloads). The app finds the folder itself here (no `export_dir`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from app_helpers import make_app, press, said, settle, show_article
from conftest import FIXTURE_LIBRARY
from test_appointment_notes import refuse_writes_in

from tui.core.notes import default_notes_path, documents_folder


@pytest.fixture
def home(isolated_dirs, monkeypatch) -> Path:
    """A home folder with no Documents (nor Downloads) folder, and no XDG setting naming one."""
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    assert not (isolated_dirs / "Documents").exists()
    assert not (isolated_dirs / "Downloads").exists()
    return isolated_dirs


def test_the_documents_folder_is_home_when_there_is_none(home):
    assert documents_folder() == home
    (home / "Documents").mkdir()
    assert documents_folder() == home / "Documents"


async def test_a_screenshot_without_a_documents_folder_lands_in_home(home):
    app = make_app(FIXTURE_LIBRARY, home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_save_screenshot()
        await settle(app, pilot)
        (picture,) = home.glob("*.svg")
        assert said(app)[-1] == f"Saved a screenshot to ~/{picture.name}"


async def test_notes_and_exports_go_home_then_to_temp_when_home_cannot_take_them(home, monkeypatch):
    app = make_app(FIXTURE_LIBRARY, home)
    app.state.toggle_bookmark("ebv-risk")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "B", "n", "x")
        assert default_notes_path("md", home).read_text().startswith("# Questions for")
        assert len(list(home.glob("*.bib"))) == 1
        refuse_writes_in(home, monkeypatch)  # a full (or read-only) home
        await press(app, pilot, "r")
        temp = Path(tempfile.gettempdir())
        (ris,) = temp.glob("*.ris")
        assert not list(home.glob("*.ris"))
        assert "No space left on device" in said(app)[-1]
        assert ris.name in said(app)[-1]
