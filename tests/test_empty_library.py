"""A library with no article says so, names its folder and how to fill it or read
another; it never suggests other words (QA5 R2)."""

from __future__ import annotations

from app_helpers import make_app, press, screen_text, settle, type_text
from conftest import run_cli

from tui.app.widgets.article_list import ArticleList


def flat(text: str) -> str:
    return " ".join(text.replace("▊", " ").replace("▎", " ").replace("│", " ").split())


def test_the_cli_search_names_the_empty_folder(tmp_path, isolated_dirs):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("--library", str(empty), "search", "relapse")
    said = flat(result.stdout + result.stderr)
    assert f"This library ({empty}) has no articles." in said
    assert "--library" in said and "MYELIN_LIBRARY" in said
    assert "No article mentions relapse" not in said


async def test_the_app_says_the_library_is_empty_where_results_would_be(tmp_path, isolated_dirs):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        listed = app.screen.query_one(ArticleList)  # the list pane, beside the topics
        words = flat(str(listed.get_option_at_index(0).prompt))
        assert words.startswith(f"This library ({empty}) has no articles. Put article files")
        await press(app, pilot, "slash")
        await type_text(app, pilot, "relapse")
        shown = flat(screen_text(app))
        assert "empty) has no articles. Put article files (*.md) in that folder" in shown
        assert shown.count("has no articles") == 1
        assert "Try fewer or other words" not in shown
        assert "No article mentions relapse" not in shown
