"""Start the reader: `myelin` with no command lands here."""

from __future__ import annotations

import gc
import os
from pathlib import Path

DUMB_TERMS = ("dumb", "unknown")


def run_app(library_dir: Path, query: str = "") -> int:
    """The reader; with `query` (`myelin read fatigue`) it opens on that search."""
    _choose_colours(os.environ)
    # No garbage collection until the first screen is painted (MyelinApp.on_ready turns
    # it back on): importing Textual and building the screen allocate enough to start a
    # full collection of everything imported, 30-40 ms before the first frame (issue 17).
    gc.disable()
    try:
        from tui.app.app import MyelinApp  # after the colours are chosen: Textual reads them once

        app = MyelinApp(library_dir, query=query)
        app.freeze_loaded = True
        app.run()
    finally:
        gc.enable()
    if app.unsaved:
        _keep_unsaved(app)
    return app.return_code or 0


def _keep_unsaved(app) -> None:
    """The state could not be saved on quitting: say so on the terminal (the app's notice
    is gone) and write a copy somewhere that takes it."""
    import sys
    import tempfile

    from tui.core.sanitize import show_name

    folders = [Path(app.export_dir), Path.home(), Path(tempfile.gettempdir())]
    copy = app.store.save_elsewhere(app.state, folders)
    where = show_name(app.store.directory)
    kept = f"a copy is in {show_name(copy)}" if copy else "no copy could be written anywhere"
    sys.stderr.write(
        f"myelin: your bookmarks and questions could not be saved in {where}; {kept}.\n"
    )


def _choose_colours(environ) -> None:
    """16 colours, not 24-bit, for a terminal that calls itself dumb.

    Textual draws in 24-bit colour when Rich finds no colour support at all,
    which a terminal declaring `TERM=dumb` is the least likely to show.
    """
    if environ.get("TERM", "").lower() in DUMB_TERMS:
        environ.setdefault("TEXTUAL_COLOR_SYSTEM", "standard")
