"""Start the reader: `myelin` with no command lands here."""

from __future__ import annotations

from pathlib import Path


def run_app(library_dir: Path) -> int:
    from tui.app.app import MyelinApp

    app = MyelinApp(library_dir)
    app.run()
    return app.return_code or 0
