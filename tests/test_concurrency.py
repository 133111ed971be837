"""Several processes on one library: updating, searching and rebuilding at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import ROOT, write_article

SEARCHER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.core.index import open_index
    from tui.core.library import load_library
    from tui.core.search import SearchEngine
    library = load_library(Path(sys.argv[1]))
    for round in range(int(sys.argv[2])):
        index = open_index(library)
        engine = SearchEngine(library, index)
        for word in ("relapse", "vitamin", "ocrelizumab", "fatigue"):
            results = engine.search(word)
            assert not any("LockError" in m for m in results.messages), results.messages
            assert "could not be run" not in " ".join(results.messages), results.messages
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


def test_update_search_and_rebuild_at_once_never_fail(library_dir, isolated_dirs):
    write_article(library_dir, "changing", title="Changing article round 0")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-c"]
    processes = [
        subprocess.Popen(
            [*run, SEARCHER, str(library_dir), "15"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [*run, UPDATER, str(library_dir), "15"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
    ]
    for _ in range(3):
        rebuild = subprocess.run(
            [sys.executable, "-m", "tui", "index", "--rebuild", "--library", str(library_dir)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert rebuild.returncode == 0, rebuild.stderr
        assert "LockError" not in rebuild.stderr + rebuild.stdout
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert out.strip() == "ok" and "Traceback" not in err
