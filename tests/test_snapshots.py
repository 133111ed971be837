"""SVG snapshots of the main screens at 80x24 and 120x40 (and the smallest size).

Run `pytest tests/test_snapshots.py --snapshot-update` after an intended change
and review the SVGs. The fixture library has fixed dates, the user dirs are
isolated and the cursor does not blink, so the pictures are deterministic.
"""

from __future__ import annotations

import pytest
from app_helpers import make_app
from conftest import FIXTURE_LIBRARY

from tui.app.screenshots import SCENES, play


@pytest.mark.parametrize("scene", sorted(SCENES))
def test_screen(scene, snap_compare, isolated_dirs):
    size, keys = SCENES[scene]
    app = make_app(FIXTURE_LIBRARY, isolated_dirs)

    async def run_before(pilot) -> None:
        await play(app, keys, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
