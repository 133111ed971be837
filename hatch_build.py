"""Build hook: the wheel carries the bundled library's search index, so a first start
opens it instead of building one (issue 17).

The index is built from the same `library/` files the wheel ships, at build time.
At run time Myelin uses it only while its manifest lists exactly the installed
library's file digests (tui/core/index.py, `_open_shared`); anything else falls
back to the user's own index. Editable installs (a checkout, where library/ keeps
changing) get none.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)  # this checkout's `tui`, not an installed one
        from tui.core.index import build_shared_index
        from tui.core.library import load_library

        library = load_library(Path(self.root) / "library")  # a bad file is left out here too
        self._scratch = tempfile.TemporaryDirectory(prefix="myelin-index-")
        target = Path(self._scratch.name) / "library-index"
        build_shared_index(library, target)
        build_data["force_include"][str(target)] = "tui/library-index"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            scratch.cleanup()
