"""Start the reader: `myelin` with no command lands here."""

from __future__ import annotations

import gc
from pathlib import Path


def run_app(library_dir: Path, query: str = "") -> int:
    """The reader; with `query` (`myelin read fatigue`) it opens on that search."""
    # No garbage collection until the first screen is painted (MyelinApp.on_ready turns
    # it back on): importing Textual and building the screen allocate enough to start a
    # full collection of everything imported, 30-40 ms before the first frame (issue 17).
    gc.disable()
    try:
        from tui.app.app import MyelinApp
        from tui.app.keyboard import watch_the_terminal

        watch_the_terminal()
        app = MyelinApp(library_dir, query=query)
        app.freeze_loaded = True
        app.run()
    finally:
        gc.enable()
    if app.unsaved:
        _keep_unsaved(app)
        return app.return_code or 1  # a script or a wrapper learns that it was not saved
    return app.return_code or 0


def _keep_unsaved(app) -> None:
    """The state could not be saved on quitting: say so on the terminal (the app's notice
    is gone) and write a copy somewhere that takes it."""
    import sys

    from tui.core.sanitize import show_name
    from tui.core.state import recovery_folders

    copy = app.store.save_elsewhere(app.state, recovery_folders(Path(app.export_dir)))
    where = show_name(app.store.directory)
    kept = (
        f"a copy is in {show_name(copy)}; the next start takes it back"
        if copy
        else "no copy could be written anywhere"
    )
    sys.stderr.write(
        f"myelin: your bookmarks and questions could not be saved in {where}; {kept}.\n"
    )
