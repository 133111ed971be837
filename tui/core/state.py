"""Reading state: bookmarks, history, read marks and preferences, kept safe on disk.

Two sessions may run at once (two SSH logins), so every save happens under a
file lock and merges with what is on disk: bookmarks and read marks from both
sessions survive; a removed bookmark stays removed because removals are kept
as dated tombstones. Writes are atomic (temp file, fsync, replace), so a crash
or a full disk never leaves a torn file. A damaged file is moved aside with a
message and a fresh one is started.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from tui.core.atomic import atomic_write

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
HISTORY_LIMIT = 200
LOCK_TIMEOUT = 5.0


def data_root() -> Path:
    return Path(platformdirs.user_data_dir("myelin", appauthor=False))


@dataclass
class Bookmark:
    article_id: str
    added: float
    question: str = ""  # the reader's own question for their appointment


@dataclass
class ReadingState:
    """What one reader has done, in memory; `StateStore` reads and writes it."""

    bookmarks: dict[str, Bookmark] = field(default_factory=dict)
    removed: dict[str, float] = field(default_factory=dict)  # tombstones: id -> when
    read: dict[str, float] = field(default_factory=dict)  # id -> first read
    history: list[str] = field(default_factory=list)
    known: set[str] = field(default_factory=set)  # ids seen at the last visit
    settings: dict[str, Any] = field(default_factory=dict)
    #: Questions of removed bookmarks: a question a person wrote is never thrown away,
    #: and comes back when the article is bookmarked again.
    kept_questions: dict[str, str] = field(default_factory=dict)

    # -- reading ---------------------------------------------------------------------------

    def mark_read(self, article_id: str) -> None:
        self.read.setdefault(article_id, time.time())

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def visit(self, article_id: str) -> None:
        """Record a visit in the history (most recent last, no immediate repeats)."""
        if not self.history or self.history[-1] != article_id:
            self.history.append(article_id)
            del self.history[:-HISTORY_LIMIT]

    # -- bookmarks -------------------------------------------------------------------------

    def is_bookmarked(self, article_id: str) -> bool:
        return article_id in self.bookmarks

    def toggle_bookmark(self, article_id: str) -> bool:
        """Add or remove a bookmark; returns True if it is now bookmarked."""
        if article_id in self.bookmarks:
            self.remove_bookmark(article_id)
            return False
        question = self.kept_questions.pop(article_id, "")
        self.restore_bookmark(Bookmark(article_id, time.time(), question))
        return True

    def remove_bookmark(self, article_id: str) -> Bookmark | None:
        """Remove a bookmark and return it (for undo); its question is kept aside."""
        mark = self.bookmarks.pop(article_id, None)
        if mark is not None:
            self.removed[article_id] = time.time()
            if mark.question:
                self.kept_questions[article_id] = mark.question
        return mark

    def restore_bookmark(self, mark: Bookmark) -> None:
        """Put a bookmark back with its question (undo, or bookmarking again).

        It counts as added now: another session's record of the removal must not undo it.
        """
        mark.added = max(mark.added, time.time(), self.removed.pop(mark.article_id, 0) + 1e-3)
        self.bookmarks[mark.article_id] = mark
        self.kept_questions.pop(mark.article_id, None)

    def set_question(self, article_id: str, question: str) -> None:
        if article_id in self.bookmarks:
            self.bookmarks[article_id].question = question.strip()

    def bookmarked_ids(self) -> list[str]:
        """Newest bookmark first."""
        return [b.article_id for b in sorted(self.bookmarks.values(), key=lambda b: -b.added)]

    # -- merging ---------------------------------------------------------------------------

    def merge(self, disk: ReadingState) -> None:
        """Fold in what another session saved, keeping the newest decision per bookmark."""
        for article_id, mark in disk.bookmarks.items():
            mine = self.bookmarks.get(article_id)
            gone = self.removed.get(article_id, 0)
            if mine is None and mark.added > gone:
                self.bookmarks[article_id] = mark
            elif mine is not None and not mine.question and mark.question:
                mine.question = mark.question
        for article_id, when in disk.removed.items():
            mine = self.bookmarks.get(article_id)
            if mine is not None and mine.added < when:
                del self.bookmarks[article_id]
            self.removed[article_id] = max(when, self.removed.get(article_id, 0))
        for article_id, when in disk.read.items():
            self.read[article_id] = min(when, self.read.get(article_id, when))
        self.known |= disk.known
        self.settings = {**disk.settings, **self.settings}
        for article_id, question in disk.kept_questions.items():
            if article_id not in self.bookmarks:
                self.kept_questions.setdefault(article_id, question)

    def copy(self) -> ReadingState:
        """A copy to save from another thread while this one keeps changing (fast: shallow)."""
        return ReadingState(
            bookmarks={
                k: Bookmark(b.article_id, b.added, b.question) for k, b in self.bookmarks.items()
            },
            removed=dict(self.removed),
            read=dict(self.read),
            history=list(self.history),
            known=set(self.known),
            settings=dict(self.settings),
            kept_questions=dict(self.kept_questions),
        )

    # -- files -----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "bookmarks": [vars(b) for b in self.bookmarks.values()],
            "removed": self.removed,
            "read": self.read,
            "history": self.history,
            "known": sorted(self.known),
            "settings": self.settings,
            "kept_questions": self.kept_questions,
        }

    @classmethod
    def from_json(cls, data: Any) -> ReadingState:
        """Build from parsed JSON; raises ValueError when the shape is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        try:
            bookmarks = {
                str(b["article_id"]): Bookmark(
                    str(b["article_id"]), float(b["added"]), str(b.get("question", ""))
                )
                for b in data.get("bookmarks", [])
            }
            return cls(
                bookmarks=bookmarks,
                removed={str(k): float(v) for k, v in data.get("removed", {}).items()},
                read={str(k): float(v) for k, v in data.get("read", {}).items()},
                history=[str(i) for i in data.get("history", [])][-HISTORY_LIMIT:],
                known={str(i) for i in data.get("known", [])},
                settings=dict(data.get("settings", {})),
                kept_questions={str(k): str(v) for k, v in data.get("kept_questions", {}).items()},
            )
        except (KeyError, TypeError, AttributeError, OverflowError) as error:
            raise ValueError(f"unexpected content ({error})") from None


class StateStore:
    """Loads and saves `ReadingState` under a lock, merging with other sessions."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or data_root()
        self.path = self.directory / STATE_FILE
        self.messages: list[str] = []

    def _lock(self):
        """The cross-process lock, imported when first needed: `filelock` costs start-up
        time, and reading needs no lock (the file is only ever replaced whole)."""
        import filelock

        self.directory.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    def load(self) -> ReadingState:
        """Read the saved state; a damaged file is moved aside and a fresh state begun.

        Saves replace the file whole (`atomic_write`), so a read without the lock sees one
        complete version; the lock is taken only to move a damaged file aside.
        """
        try:
            with contextlib.suppress(ValueError, RecursionError):
                return self._read()
            with self._lock():
                return self._read_or_quarantine()
        except OSError as error:  # filelock.Timeout is an OSError
            self.messages.append(
                f"Could not read your reading history ({error}); starting fresh for this session."
            )
            return ReadingState()

    def save(self, state: ReadingState) -> bool:
        """Merge with the file on disk and write atomically; False (with a message) on failure."""
        try:
            with self._lock():
                state.merge(self._read_or_quarantine())
                data = json.dumps(state.to_json(), indent=1).encode("utf-8")
                atomic_write(self.path, data, durable=True)
            return True
        except OSError as error:  # filelock.Timeout is an OSError
            self.messages.append(
                f"Could not save your bookmarks and history ({error}); "
                "they are kept in memory and saved on the next try."
            )
            log.warning("state save failed: %s", error)
            return False

    def _read(self) -> ReadingState:
        """The state on disk; ValueError or RecursionError when the file is damaged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ReadingState()
        return ReadingState.from_json(json.loads(raw.decode("utf-8")))

    def _read_or_quarantine(self) -> ReadingState:
        try:
            return self._read()
        except (ValueError, RecursionError) as error:  # bad UTF-8 and JSON are ValueErrors
            aside = _free_name(self.path, f"damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(self.path, aside)
            self.messages.append(
                f"Your reading history file was damaged ({error}); it was "
                f"moved to {aside} and a fresh one started."
            )
            return ReadingState()


def _free_name(path: Path, suffix: str) -> Path:
    """`<name>.<suffix>`, else `...-2`, `-3`: a second damaged copy never replaces the first."""
    candidate = path.with_name(f"{path.name}.{suffix}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{suffix}-{number}")
    return candidate
