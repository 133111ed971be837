"""Reading level, the evidence line and "caveats first", through the CLI and the app."""

from __future__ import annotations

from app_helpers import make_app, press, screen_text, settle, show_article
from conftest import FIXTURE_LIBRARY, write_article
from conftest import run_cli as myelin

from tui.core.library import load_library as load
from tui.core.readability import article_grade
from tui.core.state import StateStore


def test_check_warns_about_hard_summaries(tmp_path):
    hard = (
        "Autologous haematopoietic stem cell transplantation demonstrated considerable "
        "immunological reconstitution characteristics. "
    ) * 5
    write_article(
        tmp_path, "hard", body=f"## Key takeaway\n{hard}\n## Important considerations\n{hard}\n"
    )
    result = myelin("check", str(tmp_path))
    assert result.returncode == 0
    assert "hard.md: warning: reading grade" in result.stdout
    assert result.stdout.count("warning: reading grade") == 1
    assert "reading grade" not in myelin("check", str(tmp_path), "--max-grade", "40").stdout


async def test_header_shows_evidence_and_reading_level_and_caveats_first_is_kept(isolated_dirs):
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with app.run_test(size=(110, 50)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "ebv-risk")
        text = screen_text(app)
        assert "reading level: grade" in text
        assert "Evidence ●●●●○ Good evidence: a cohort study (4 out of 5)." in text
        assert text.index("What they found") < text.index("Important considerations")
        await press(app, pilot, "c")
        text = screen_text(app)
        assert text.index("Important considerations") < text.index("What they found")
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with again.run_test(size=(110, 50)) as pilot:
        await settle(again, pilot)
        await show_article(again, pilot, "ebv-risk")
        text = screen_text(again)
        assert text.index("Important considerations") < text.index("What they found")


def test_show_has_the_grade_and_follows_caveats_first(isolated_dirs):
    library = ["--library", str(FIXTURE_LIBRARY)]
    out = myelin("show", "ebv-risk", *library).stdout
    level = article_grade(load(FIXTURE_LIBRARY).articles["ebv-risk"])
    assert f"1-min read · reading level: grade {level:.0f}" in out
    assert "Good evidence: a cohort study (4 out of 5)." in out
    assert out.index("What they found") < out.index("Important considerations")
    store = StateStore(isolated_dirs / "xdg_data_home" / "myelin")
    state = store.load()
    state.settings["caveats_first"] = True
    assert store.save(state)
    out = myelin("show", "ebv-risk", *library).stdout
    assert out.index("Important considerations") < out.index("What they found")
