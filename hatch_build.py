"""Build hook: the wheel carries the bundled library's search index and what a first
start reads (its first screen, its parsed articles), so a first start neither builds
nor parses (issue 17).

Both are built from the same `library/` files the wheel ships, at build time. At run
time Myelin uses the index only while its manifest lists exactly the installed
library's file digests (tui/core/index.py, `_open_shared`), the first screen only
while every file is the one it was made from, and a parsed article only while its
file is (tui/core/first_start.py); anything else falls back to the user's own
caches. Editable installs get none from here: in a checkout, `make` builds the same
into tui/library-index/ (see the Makefile).
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
