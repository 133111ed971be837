"""Where `myelin index --output DIR` may write a shared index, decided before it writes.

Building the shared index swaps a fresh folder in for DIR and deletes what was there,
so DIR must be something Myelin made, or nothing: a mistyped path (`--output ~/Documents`,
the library's parent, a file such as /etc/passwd) must be refused, never replaced.
The readers are other users, so the folders above DIR must let them through.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from tui.core.index_files import FIRST_START_FILES, MANIFEST
from tui.core.paths import make_folders
from tui.core.sanitize import show_name

#: The files of an index Myelin built: Whoosh's segments, table of contents and lock,
#: the manifest, and the first start's data (tui/core/first_start.py).
INDEX_FILE = re.compile(
    r"(_?MAIN_\w+\.(seg|toc|pst|trm|dci|dcz|fvz|pos|lck)|MAIN_WRITELOCK|"
    + "|".join(map(re.escape, (MANIFEST, *FIRST_START_FILES)))
    + ")"
)
SHOWN_ENTRIES = 3  # how many of a refused folder's entries the message names


class OutputRefused(Exception):
    """DIR cannot take a shared index; the message says why and what to choose instead."""


def check_output(directory: Path, library_root: Path) -> None:
    """Refuse a DIR whose contents a build would destroy, or that cannot be written."""
    name = show_name(directory)
    library = library_root.resolve()
    if directory == library or directory in library.parents:
        raise OutputRefused(
            f"{name} holds the library ({show_name(library)}); building there would delete "
            "it. Choose a new folder for the index, outside the library."
        )
    if library in directory.parents:
        raise OutputRefused(
            f"{name} is inside the library; the index would be read as part of it. "
            "Choose a folder outside the library."
        )
    if directory.is_symlink():
        raise OutputRefused(
            f"{name} is a symbolic link; it is left as it is. Give the folder itself, "
            "or a new folder."
        )
    if directory.exists() and not directory.is_dir():
        raise OutputRefused(
            f"{name} is not a folder; it is left as it is. Choose a new or empty folder."
        )
    if directory.is_dir():
        entries = sorted(entry.name for entry in directory.iterdir())
        others = [entry for entry in entries if not INDEX_FILE.fullmatch(entry)]
        if entries and (MANIFEST not in entries or others):
            # an index built here before holds only its own files; anything else is someone's
            entries = others or entries
            shown = ", ".join(show_name(Path(entry)) for entry in entries[:SHOWN_ENTRIES])
            more = (
                f" and {len(entries) - SHOWN_ENTRIES} more" if len(entries) > SHOWN_ENTRIES else ""
            )
            raise OutputRefused(
                f"{name} is not a Myelin index folder (it holds {shown}{more}); it is left as "
                "it is. Choose a new or empty folder."
            )
    parent = _existing_parent(directory)
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise OutputRefused(f"Cannot write in {show_name(parent)}: choose a folder you can write.")


def make_parents(directory: Path) -> None:
    """Create the missing folders above DIR so that everyone (the readers) can pass through."""
    make_folders(directory.parent, 0o755)


def closed_parents(directory: Path) -> list[Path]:
    """Folders above DIR that other users cannot pass through (they would not reach it)."""
    closed = []
    for folder in directory.parents:
        try:
            mode = folder.stat().st_mode
        except OSError:
            continue
        if not mode & stat.S_IXOTH:
            closed.append(folder)
    return closed


def _existing_parent(directory: Path) -> Path:
    step = directory.parent
    while not step.exists():
        step = step.parent
    return step
