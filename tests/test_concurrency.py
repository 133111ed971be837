"""Several processes on one library: updating, searching and rebuilding at once.

Two app sessions (one starting on a changed file, so updating the index, the
other searching over and over), two bare index users doing the same faster,
and `myelin index --rebuild` three times, all on one user cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, run_cli, write_article

SEARCHER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    from tui.core.search.engine import SEARCH_FAULT
    library = load_library(Path(sys.argv[1]))
    for round in range(int(sys.argv[2])):
        index = open_index(library)
        engine = SearchEngine(library, index)
        for word in ("relapse", "vitamin", "ocrelizumab", "fatigue"):
            results = engine.search(word)
            assert not any("LockError" in m for m in results.messages), results.messages
            assert SEARCH_FAULT not in results.messages, results.messages
        index.close()
    print("ok")
    """
)

UPDATER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.core.index import open_index
    from tui.core.library import load_library
    root = Path(sys.argv[1])
    for round in range(int(sys.argv[2])):
        path = root / "changing.md"
        text = path.read_text().replace(f"round {round}", f"round {round + 1}")
        path.write_text(text)
        open_index(load_library(root)).close()
    print("ok")
    """
)


APP = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from app_helpers import press, screen_text, settle
    from tui.app.app import MyelinApp

    async def session(root, home, searches):
        # cache_dir=None: the user cache, shared with the other processes
        app = MyelinApp(root, state_dir=home / "state", cache_dir=None, blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            for _ in range(searches):
                await press(app, pilot, "slash")
                app.screen.query_one("#query").value = "ocrelizumab"
                await settle(app, pilot)
                assert "1 result" in screen_text(app), screen_text(app)
                await press(app, pilot, "escape")
        shown = [said.text for said in app.messages]
        assert not any("LockError" in m or "could not" in m for m in shown), shown

    root, home, mode, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    if mode == "search":  # one long session, searching again and again
        asyncio.run(session(root, home, count))
    else:  # sessions started one after another on a changed file: each updates the index
        for number in range(count):
            path = root / "changing.md"
            path.write_text(path.read_text() + f"\\nSession {number}.\\n")
            asyncio.run(session(root, home, 1))
    print("ok")
    """
)


@pytest.mark.slow
def test_update_search_and_rebuild_at_once_never_fail(library_dir, isolated_dirs):
    write_article(library_dir, "changing", title="Changing article round 0")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    commands = [
        [APP, str(library_dir), str(isolated_dirs), "search", "15"],
        [APP, str(library_dir), str(isolated_dirs), "update", "3"],
        [SEARCHER, str(library_dir), "15"],
        [UPDATER, str(library_dir), "15"],
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    rebuilds = 0
    while rebuilds < 3 or (processes[0].poll() is None and rebuilds < 30):
        # In this process (a process of its own beside the four): no interpreter start each.
        rebuild = run_cli("index", "--rebuild", "--library", str(library_dir))
        assert rebuild.returncode == 0, rebuild.stderr
        assert "LockError" not in rebuild.stderr + rebuild.stdout
        rebuilds += 1
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert out.strip() == "ok" and "Traceback" not in err
