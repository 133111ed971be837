"""Finding and reading a library's files; names, sizes and file types are all untrusted.

A library folder may hold FIFOs, devices, links to `/dev/zero` or to files
elsewhere, folders nested a thousand deep and files of any size. Reading goes
through `read_bounded` (a regular file, opened without blocking, read no further
than a limit) and finding through `markdown_names` (no recursion, no links to
folders, a depth limit); each refusal is a problem naming the file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from tui.core.problems import Problem, ProblemError

#: Folders below the library root that are still searched for articles.
MAX_FOLDER_DEPTH = 32
#: Past this many articles or folders below it, a folder is not taken for a library.
MAX_FILES = 50_000
MAX_FOLDERS = 20_000
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def read_bounded(
    path: Path,
    limit: int,
    root: Path | None = None,
    what: str = "an article",
    fix: str = "split it or remove it",
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes, and its stat.

    Opened without blocking (a FIFO cannot hang the reader) and checked after
    opening (nothing can be swapped in between); a link that leads outside `root`
    is refused, so a library cannot make Myelin show a file of the user's.
    Raises `ProblemError` with a message for the user.
    """
    try:
        if root is not None and path.is_symlink():
            try:
                target = path.resolve()
            except RuntimeError:
                raise ProblemError("is a link that leads back to itself; remove it") from None
            if not target.is_relative_to(root.resolve()):
                raise ProblemError(
                    "is a link to a file outside the library; copy the file in instead"
                )
        handle = _open(path)
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode):
                raise ProblemError("is not a regular file; remove it from the library")
            if info.st_size > limit:
                size = info.st_size
                said = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 2**10:.0f} KiB"
                raise ProblemError(f"file is {said}; {what} may be at most {_size(limit)}: {fix}")
            raw = b""
            while len(raw) <= limit:
                chunk = os.read(handle, min(limit + 1 - len(raw), 2**20))
                if not chunk:
                    break
                raw += chunk
        finally:
            os.close(handle)
    except PermissionError:
        raise ProblemError(
            "cannot be read (permission denied); check the file's permissions"
        ) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ProblemError(f"cannot be read ({reason}); check the file or link") from None
    if len(raw) > limit:
        raise ProblemError(f"file grew beyond {_size(limit)} while being read")
    return raw, info


def _open(path: Path) -> int:
    return os.open(path, _OPEN_FLAGS)


def _size(count: int) -> str:
    if count % 2**20 == 0:
        return f"{count // 2**20} MiB"
    if count >= 2**20:
        return f"{count / 2**20:.1f} MiB"
    return f"{count / 2**10:.0f} KiB"


def markdown_names(
    root: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[list[str], list[Problem]]:
    """Every `*.md` under `root` (as strings: 10,000 Paths cost more than their articles),
    in walk order, and a problem for each folder that could not be read or is too deep.

    Hidden names are skipped and links to folders are not followed. The walk keeps
    its own stack: `os.walk` on Python 3.11 recurses, and 1,000 nested folders crash it.
    It stops past `MAX_FILES` articles or `MAX_FOLDERS` folders (`myelin check /` read
    the whole disk for minutes): such a folder is not a library. `progress(folders,
    files)` is told every few hundred folders.
    """
    found: list[str] = []
    problems: list[Problem] = []
    stack = [(os.fspath(root), 0)]
    folders_seen = 0
    while stack:
        folder, depth = stack.pop()
        folders_seen += 1
        if progress and folders_seen % 256 == 0:
            progress(folders_seen, len(found))
        if len(found) > MAX_FILES or folders_seen > MAX_FOLDERS:
            what = (
                f"more than {MAX_FILES:,} *.md files"
                if len(found) > MAX_FILES
                else f"more than {MAX_FOLDERS:,} folders"
            )
            reason = f"{what} below this folder: it does not look like a library"
            return [], [Problem(root, None, f"{reason}; stopped looking (pass its own folder)")]
        try:
            with os.scandir(folder) as listing:
                entries = [(e.name, _is_folder(e)) for e in listing if e.name[0] != "."]
        except OSError as error:
            reason = error.strerror or type(error).__name__
            problems.append(Problem(Path(folder), None, f"folder cannot be read ({reason})"))
            continue
        entries.sort()
        found += [
            os.path.join(folder, n) for n, is_dir in entries if not is_dir and n[-3:] == ".md"
        ]
        folders = [os.path.join(folder, n) for n, is_dir in entries if is_dir]
        if folders and depth >= MAX_FOLDER_DEPTH:
            problems.append(
                Problem(
                    Path(folder),
                    None,
                    f"folders nested more than {MAX_FOLDER_DEPTH} deep are not read; "
                    "move their articles higher up",
                )
            )
            continue
        stack += [(f, depth + 1) for f in reversed(folders)]
    return found, problems


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


#: A library's own files beside its articles.
SIDE_FILES = ("topics.yaml", "glossary.yaml", "synonyms.yaml")
#: Front-matter keys of a Myelin article (a blog's Markdown has a title, not these).
_ARTICLE_KEYS = re.compile(rb"\n(?:topics|credibility|kind|study_type):")
_LOOKED_AT = 20  # Markdown files read (their first bytes) to tell an article folder


def looks_like_library(folder: Path, library_root: Path) -> bool:
    """Whether `folder` is in the library, the bundled one, or any folder holding a
    library's files (topics, glossary, synonyms, an article's front matter): a file
    written there is read by every reader of it, a private note as a broken article."""
    from tui.core.paths import bundled_library

    try:
        where = folder.resolve()
        if any(where.is_relative_to(r.resolve()) for r in (library_root, bundled_library())):
            return True
        if any((folder / name).is_file() for name in SIDE_FILES):
            return True
        markdown = sorted(folder.glob("*.md"))[:_LOOKED_AT]
    except (OSError, RuntimeError):  # unreadable, or a link loop: nothing to say it is one
        return False
    return any(_is_article(path) for path in markdown)


def _is_article(path: Path) -> bool:
    """Whether the file starts with an article's front matter (read no further)."""
    try:
        handle = _open(path)  # without blocking: a FIFO named .md cannot hang
    except OSError:
        return False
    try:
        head = os.read(handle, 2048) if stat.S_ISREG(os.fstat(handle).st_mode) else b""
    except OSError:
        return False
    finally:
        os.close(handle)
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"---") and _ARTICLE_KEYS.search(head) is not None
