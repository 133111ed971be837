"""Keys can be remapped in settings.toml; the help screen shows the keys in use."""

from __future__ import annotations

import re

from app_helpers import make_app, press, said, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY, ROOT

from tui.app.keys import remappable
from tui.app.screens.help import HelpScreen
from tui.core.settings import read_settings


def write_settings(home, text: str):
    folder = home / "xdg_config_home" / "myelin"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(text, encoding="utf-8")
    return folder / "settings.toml"


async def test_a_remapped_key_works_the_old_one_does_not_and_help_shows_it(isolated_dirs):
    write_settings(isolated_dirs, '[keys]\n"article.bookmark" = "m"\n"app.glossary" = "f2"\n')
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 70)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        await press(app, pilot, "b")
        assert "ebv-risk" not in app.state.bookmarks
        await press(app, pilot, "m")
        assert "ebv-risk" in app.state.bookmarks
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = screen_text(app).splitlines()
        assert any(re.search(r"\bm\s+Bookmark\b", line) for line in lines)
        assert not any(re.search(r"\bb\s+Bookmark\b", line) for line in lines)
        assert any(re.search(r"\bf2\s+Glossary\b", line) for line in lines)


async def test_mistakes_in_the_settings_file_are_named_and_the_rest_applies(isolated_dirs):
    path = write_settings(
        isolated_dirs,
        '[keys]\n"article.bookmrk" = "m"\n"article.find" = 3\n"app.glossary" = "f2"\n',
    )
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        told = "\n".join(said(app))
        assert "no binding called 'article.bookmrk'" in told
        assert f"{path}: [keys] article.find: give the keys as text" in " ".join(told.split())
        await press(app, pilot, "f2")
        assert type(app.screen).__name__ == "GlossaryScreen"


def test_a_settings_file_that_is_not_toml_leaves_the_defaults(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[keys\n", encoding="utf-8")
    settings = read_settings(path)
    assert settings.keys == {} and "not valid TOML" in settings.problems[0]
    assert str(path) in settings.problems[0]
    assert read_settings(tmp_path / "missing.toml").problems == []


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path):
    """Notepad saves UTF-8 with a byte-order mark: the file was rejected whole, every
    remapped key ignored, for an error at "line 1, column 1" no editor shows (QA5 R9)."""
    path = tmp_path / "settings.toml"
    path.write_bytes(b'\xef\xbb\xbf[keys]\r\n"app.quit" = "ctrl+q"\r\n')
    settings = read_settings(path)
    assert settings.problems == [] and settings.keys == {"app.quit": "ctrl+q"}


def test_every_binding_has_an_id_and_the_readme_lists_them():
    from tui.app.app import MyelinApp
    from tui.app.screens.article import ArticleScreen

    for owner in (MyelinApp, ArticleScreen):
        assert all(binding.id for binding in owner.BINDINGS), owner
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in remappable() if f"`{name}`" not in readme]
    assert not missing, missing


def test_a_mistyped_or_hostile_key_name_is_named_and_the_usual_keys_stay(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        "[keys]\n"
        '"app.search" = "ctlr+f"\n'  # a typo: search must not be lost
        '"app.glossary" = "f2,\\u001b]52;c;aGk=\\u0007"\n'  # a control sequence
        '"app.help" = "[bold]x[/bold]"\n'
        '"app.bookmarks" = "ctrl+b,question_mark,?,slash,full_stop"\n',
        encoding="utf-8",
    )
    settings = read_settings(path)
    told = " ".join(" ".join(settings.problems).split())
    assert "app.search: ctlr+f is not a key name" in told and "it keeps its usual keys" in told
    assert "\x1b" not in told and "\\x1b]52" in told  # named, escaped, never sent
    assert "[bold]x[/bold] is not a key name" in told
    assert settings.keys == {
        "app.glossary": "f2",
        "app.bookmarks": "ctrl+b,question_mark,?,slash,full_stop",
    }


def test_a_key_given_to_two_bindings_that_apply_together_is_said(tmp_path):
    from tui.app.keys import keymap_problems

    path = tmp_path / "settings.toml"
    path.write_text('[keys]\n"article.bookmark" = "q"\n"glossary.back" = "f9"\n', encoding="utf-8")
    problems = keymap_problems(read_settings(path))
    assert problems == [
        "settings.toml: [keys] q is given to both article.bookmark and app.quit; "
        "where both apply, only one of them will work."
    ]


async def test_a_key_a_widget_keeps_for_itself_is_said(isolated_dirs):
    """`j` given to bookmarking only ever scrolled the article (its text has the keys while
    reading), and the footer dropped "b Bookmark" without a word (QA H30)."""
    write_settings(isolated_dirs, '[keys]\n"article.bookmark" = "j"\n"article.find" = "down"\n')
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        told = [" ".join(line.split()) for line in said(app)]
        assert (
            "settings.toml: [keys] j is given to both article.bookmark and reading.down; "
            "where both apply, only one of them will work."
        ) in told
        assert (
            "settings.toml: [keys] down is given to article.find, and the article text uses "
            "it (scroll down); where both apply, only one of them will work."
        ) in told
