"""On a short terminal a "what is X" answer leaves the results in view: at 40x12 the
glossary's definition took every line and the Results box had none (QA5 R20)."""

from __future__ import annotations

import pytest
from app_helpers import make_app, press, settle, type_text

from tui.app.screens.search import MORE, RESULTS_KEPT

LONG = (
    "New or worse symptoms that last more than a day, come on over hours or days, and "
    "then settle over weeks or months, often fully and sometimes only in part."
)


def long_definition(library):
    glossary = library / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    short = "definition: New or worse symptoms that last more than a day."
    glossary.write_text(text.replace(short, f"definition: {LONG}"), encoding="utf-8")


def status_of(app) -> str:
    return " ".join(str(app.screen.query_one("#search-status").render()).split())


@pytest.mark.parametrize("size", [(40, 12), (80, 24)], ids=["40x12", "80x24"])
async def test_the_definition_leaves_three_results_in_view(isolated_dirs, library_dir, size):
    long_definition(library_dir)
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "what is a relapse")
        results = app.screen.query_one("#results")
        assert results.option_count >= RESULTS_KEPT
        assert results.scrollable_content_region.height >= RESULTS_KEPT
        status = status_of(app)
        assert status.startswith("Relapse (from the glossary)")
        assert "results" in status  # the count is still in view
        if size == (80, 24):  # room for all of it
            assert LONG in status and MORE not in status
            return
        assert MORE in status and LONG not in status
        await press(app, pilot, "ctrl+e")  # all of it, when asked
        assert LONG in status_of(app)
