"""Reading state: bookmarks, history, read marks and preferences, kept safe on disk.

Two sessions may run at once (two SSH logins), so every save happens under a
file lock and merges with what is on disk: bookmarks and read marks from both
sessions survive; a removed bookmark stays removed because removals are kept
as dated tombstones; each question carries the time it was last edited, so the
newest edit wins (a clearing too), and the text it replaced is kept in
`earlier_questions`: nothing a person wrote is dropped by a merge. Fields this
version does not know (a newer version's) are written back untouched. Writes
are atomic (temp file, fsync, replace), so a crash or a full disk never leaves a
torn file. A damaged file is moved aside with a message and a fresh one is started.
The file is untrusted like a library (restored from a backup, synced, edited by
hand): questions read from it are sanitised, so a control sequence in one is shown
as a visible symbol and never reaches the terminal.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import math
import os
import re
import shutil
import stat
import time
from collections import deque
from collections.abc import Collection, Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

import platformdirs

from tui.core.atomic import atomic_write
from tui.core.paths import private_dir, read_regular
from tui.core.sanitize import sanitize, show_name

if TYPE_CHECKING:
    import filelock

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
HISTORY_LIMIT = 200
#: "Recently read" lists this many articles, the last read first.
RECENT_LIMIT = 50
LOCK_TIMEOUT = 5.0
MAX_STATE_BYTES = 64 * 2**20
#: A copy `save_elsewhere` kept when the state could not be saved in its place; the
#: middle part names the state file it belongs to (`StateStore.copy_tag`).
COPY_PATTERN = "myelin-reading-state-{tag}-*.json"


def data_root() -> Path:
    return Path(platformdirs.user_data_dir("myelin", appauthor=False))


@dataclass
class Bookmark:
    article_id: str
    added: float
    question: str = ""  # the reader's own question for their appointment
    edited: float = 0.0  # when the question was last written or cleared (0: never)
    #: Fields of a newer version, written back as they were.
    extra: dict[str, Any] = field(default_factory=dict)
    #: The article's title when bookmarked: what to call it once the article is gone
    #: from the library (files of earlier versions have none).
    title: str = ""

    def copy(self) -> Bookmark:
        return Bookmark(
            self.article_id, self.added, self.question, self.edited, dict(self.extra), self.title
        )


#: The version this code writes; a file from a newer one is kept (see `StateStore.save`).
VERSION = 1
#: Earlier texts kept per article: enough to recover any recent edit, bounded.
EARLIER_LIMIT = 20
BOOKMARK_FIELDS = {"article_id", "added", "question", "edited", "title"}
#: A kept title longer than this is cut: it only names the bookmark.
MAX_TITLE = 300


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
    #: Questions replaced (by an edit here or in another session), oldest first.
    earlier_questions: dict[str, list[str]] = field(default_factory=dict)
    #: Top-level fields of a newer version (and its version number), written back as they were.
    extra: dict[str, Any] = field(default_factory=dict)
    version: int = VERSION
    #: The settings as last read from or written to disk: a key that differs was changed
    #: in this session, so it wins a merge; any other key takes the disk's value.
    settings_seen: dict[str, Any] = field(default_factory=dict)

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

    def opened(self, article_id: str) -> bool:
        """An article opened to read (in the app or the linear reader): it joins the history
        and is marked read. True the first time, when lists change its unread mark."""
        first = not self.is_read(article_id)
        self.visit(article_id)
        self.mark_read(article_id)
        return first

    def recently_read(self, present: Container[str], limit: int = RECENT_LIMIT) -> list[str]:
        """Articles of this library (`present`) read, the last read first, each once: the
        history holds every library's."""
        read = dict.fromkeys(reversed(self.history))
        return [i for i in read if i in present][:limit]

    def arrive(
        self, article_ids: Iterable[str], known_before: Collection[str] | None = None
    ) -> set[str]:
        """This visit's library: returns the ids new since the last visit (`known_before`,
        else what was known until now), none on a first visit (when all would be), and
        remembers the library for the next visit."""
        before = self.known if known_before is None else known_before
        ids = set(article_ids)
        new = ids - set(before) if before else set()
        self.known = ids
        return new

    # -- bookmarks -------------------------------------------------------------------------

    def is_bookmarked(self, article_id: str) -> bool:
        return article_id in self.bookmarks

    def toggle_bookmark(self, article_id: str, title: str = "") -> bool:
        """Add or remove a bookmark; returns True if it is now bookmarked."""
        if article_id in self.bookmarks:
            self.remove_bookmark(article_id)
            return False
        question = self.kept_questions.pop(article_id, "")
        mark = Bookmark(article_id, time.time(), question, title=title[:MAX_TITLE])
        self.restore_bookmark(mark)
        return True

    def remove_bookmark(self, article_id: str) -> Bookmark | None:
        """Remove a bookmark and return it (for undo); its question is kept aside."""
        mark = self.bookmarks.pop(article_id, None)
        if mark is not None:
            self.removed[article_id] = time.time()
            self._keep_aside(article_id, mark.question)
        return mark

    def restore_bookmark(self, mark: Bookmark) -> None:
        """Put a bookmark back with its question (undo, or bookmarking again).

        It counts as added now: another session's record of the removal must not undo it.
        """
        mark.added = max(mark.added, time.time(), self.removed.pop(mark.article_id, 0) + 1e-3)
        self.bookmarks[mark.article_id] = mark
        kept = self.kept_questions.pop(mark.article_id, "")
        if kept and kept != mark.question:
            self.remember_question(mark.article_id, kept)

    def set_question(self, article_id: str, question: str) -> None:
        """Write (or clear, with "") a question; the text it replaces stays recoverable."""
        mark = self.bookmarks.get(article_id)
        if mark is None or mark.question == question.strip():
            return
        self.remember_question(article_id, mark.question)
        mark.question = question.strip()[:MAX_TEXT]  # what the loader takes back, no more
        mark.edited = max(time.time(), mark.edited + 1e-3)

    def remember_question(self, article_id: str, text: str, older: bool = False) -> None:
        """Keep a replaced text in `earlier_questions` (once; the oldest go past the limit).

        Newest last; a text found by a merge (`older`) goes first if it is new, so the last
        is still the one this session set aside (what "press e" shows, QA G18).
        """
        if not text:
            return
        earlier = self.earlier_questions.setdefault(article_id, [])
        if older:
            if text not in earlier:
                earlier.insert(0, text)
        else:
            if text in earlier:
                earlier.remove(text)
            earlier.append(text)
        del earlier[:-EARLIER_LIMIT]

    def _remember_after(self, article_id: str, text: str, before: list[str]) -> None:
        """Keep `text` in `earlier_questions` just after the last of `before` there."""
        earlier = self.earlier_questions.setdefault(article_id, [])
        if not text or text in earlier:
            return
        seen = [place for place, old in enumerate(earlier) if old in before]
        earlier.insert(seen[-1] + 1 if seen else 0, text)
        del earlier[:-EARLIER_LIMIT]

    def _keep_aside(self, article_id: str, text: str) -> None:
        """A removed bookmark's question: the one kept to come back, else an earlier one."""
        if not text:
            return
        kept = self.kept_questions.get(article_id)
        if kept and kept != text:
            self.remember_question(article_id, kept)
        self.kept_questions[article_id] = text

    def bookmarked_ids(self) -> list[str]:
        """Newest bookmark first."""
        return [b.article_id for b in sorted(self.bookmarks.values(), key=lambda b: -b.added)]

    def bookmarks_in(self, present: Container[str]) -> list[str]:
        """Bookmarked articles of this library (`present`), newest first: the state is
        shared by every library, and a count must match the list it opens (QA G5)."""
        return [i for i in self.bookmarked_ids() if i in present]

    # -- merging ---------------------------------------------------------------------------

    def merge(self, disk: ReadingState) -> list[str]:
        """Fold in what another session saved: the newest decision per bookmark and per
        question wins, and every text that loses is kept in `earlier_questions`.

        Returns the ids whose question another session changed, to say so: replaced here
        by its newer text, or its text set aside for the newer one written here.
        """
        replaced: list[str] = []
        known = {i: set(texts) for i, texts in self.earlier_questions.items()}
        for article_id, texts in disk.earlier_questions.items():
            # Oldest first, newest last: what this session kept stays after the disk's, so
            # the last one is still the words just typed here, not an older one (QA G18);
            # a text both have keeps the disk's next ones after it (QA5 R4).
            merged = list(self.earlier_questions.get(article_id, []))
            place = -1  # where the disk's text before this one is
            for text in texts:
                if text in merged:
                    place = merged.index(text)
                else:
                    place += 1
                    merged.insert(place, text)
            self.earlier_questions[article_id] = merged[-EARLIER_LIMIT:]
        for article_id, mark in disk.bookmarks.items():
            mine = self.bookmarks.get(article_id)
            if mine is None:
                if mark.added > self.removed.get(article_id, 0):
                    self.bookmarks[article_id] = mark.copy()
                else:  # removed here later: its question, maybe newer, is kept aside
                    self._keep_aside(article_id, mark.question)
                continue
            mine.extra = {**mark.extra, **mine.extra}
            mine.title = mine.title or mark.title
            if mark.question == mine.question:
                mine.edited = max(mine.edited, mark.edited)
                continue
            if mark.edited > mine.edited:  # the other session wrote (or cleared) it later
                loser, mine.question, mine.edited = mine.question, mark.question, mark.edited
                if loser:
                    replaced.append(article_id)
                self.remember_question(article_id, loser, older=True)
                continue
            # Written here later: the other session's text goes after every text it had
            # set aside (it came after them), not first among the oldest (QA5 R4).
            loser = mark.question
            if loser and loser not in known.get(article_id, ()):
                replaced.append(article_id)  # words this session never saw: said
            self._remember_after(article_id, loser, disk.earlier_questions.get(article_id, []))
        for article_id, when in disk.removed.items():
            mine = self.bookmarks.get(article_id)
            if mine is not None and mine.added < when:
                del self.bookmarks[article_id]
                self._keep_aside(article_id, mine.question)
            self.removed[article_id] = max(when, self.removed.get(article_id, 0))
        for article_id, when in disk.read.items():
            self.read[article_id] = min(when, self.read.get(article_id, when))
        self.known |= disk.known
        self.settings = {
            key: self.settings[key]
            if key in self.settings and self.settings[key] != self.settings_seen.get(key)
            else disk.settings.get(key, self.settings.get(key))
            for key in {**disk.settings, **self.settings}
        }
        self.settings_seen = dict(disk.settings)
        for article_id, question in disk.kept_questions.items():
            if article_id not in self.bookmarks:
                self._keep_aside(article_id, question)
            elif question != self.bookmarks[article_id].question:
                self.remember_question(article_id, question, older=True)
        self.extra = {**self.extra, **disk.extra}
        self.version = max(self.version, disk.version)
        return replaced

    def copy(self) -> ReadingState:
        """A copy to save from another thread while this one keeps changing (fast: shallow)."""
        return ReadingState(
            bookmarks={k: b.copy() for k, b in self.bookmarks.items()},
            removed=dict(self.removed),
            read=dict(self.read),
            history=list(self.history),
            known=set(self.known),
            settings=dict(self.settings),
            kept_questions=dict(self.kept_questions),
            earlier_questions={k: list(v) for k, v in self.earlier_questions.items()},
            extra=dict(self.extra),
            version=self.version,
            settings_seen=dict(self.settings_seen),
        )

    # -- files -----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            **self.extra,  # a newer version's fields, as they were
            "version": self.version,
            "bookmarks": [
                {
                    **b.extra,
                    "article_id": b.article_id,
                    "added": b.added,
                    "question": b.question,
                    "edited": b.edited,
                    **({"title": b.title} if b.title else {}),
                }
                for b in self.bookmarks.values()
            ],
            "removed": self.removed,
            "read": self.read,
            "history": self.history,
            "known": sorted(self.known),
            "settings": self.settings,
            "kept_questions": self.kept_questions,
            "earlier_questions": self.earlier_questions,
        }

    @classmethod
    def from_json(cls, data: Any) -> ReadingState:
        """Build from parsed JSON; raises ValueError when any field has the wrong shape."""
        state, problems = cls.salvage(data)
        if problems:
            raise ValueError("; ".join(problems))
        return state

    @classmethod
    def salvage(cls, data: Any) -> tuple[ReadingState, list[str]]:
        """Every field checked on its own: the usable ones kept, a word for each other one.

        The file is the reader's, but it can be damaged, hand-edited or written by
        another version; a wrong shape must cost that field, never a crash at start-up.
        Raises ValueError only when the whole is not a JSON object.
        """
        if not isinstance(data, dict):
            raise ValueError("it does not hold a reading history")
        problems: list[str] = []
        check = _FieldCheck(problems)
        bookmarks: dict[str, Bookmark] = {}
        for number, entry in enumerate(check.items(data, "bookmarks", list), start=1):
            where = f"bookmark {number}"
            if not isinstance(entry, dict) or not _is_id(entry.get("article_id")):
                problems.append(f"{where} has no article id")
                continue
            mark = _salvage_bookmark(entry, where, problems)
            bookmarks[mark.article_id] = mark
        settings: dict[str, object] = {}
        for key, value in check.items(data, "settings", dict).items():
            expected = SETTINGS.get(key)
            if expected is None and isinstance(value, str | bool | int | float):
                settings[key] = value  # a newer version's setting: kept for it
            elif expected is not None and type(value) is expected:
                settings[key] = value
            else:
                problems.append(f"settings.{key} has the wrong type")
        version = data.get("version", VERSION)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            problems.append("version is not a whole number")
            version = VERSION
        earlier = {
            key: [sanitize(text) for text in texts if _is_text(text) and text][-EARLIER_LIMIT:]
            for key, texts in check.items(data, "earlier_questions", dict).items()
            if _is_id(key) and isinstance(texts, list)
        }
        state = cls(
            bookmarks=bookmarks,
            removed=check.times(data, "removed"),
            read=check.times(data, "read"),
            history=check.ids(data, "history")[-HISTORY_LIMIT:],
            known=set(check.ids(data, "known")),
            settings=settings,
            kept_questions=check.texts(data, "kept_questions"),
            earlier_questions={key: texts for key, texts in earlier.items() if texts},
            extra={key: value for key, value in data.items() if key not in STATE_FIELDS},
            version=max(version, VERSION),
            settings_seen=dict(settings),
        )
        return state, problems


STATE_FIELDS = {
    "version",
    "bookmarks",
    "removed",
    "read",
    "history",
    "known",
    "settings",
    "kept_questions",
    "earlier_questions",
}


def _salvage_bookmark(entry: dict[str, Any], where: str, problems: list[str]) -> Bookmark:
    """One bookmark: a bad field costs that field (noted), never the bookmark or its question."""
    added, question, edited = entry.get("added"), entry.get("question", ""), entry.get("edited", 0)
    if not _is_time(added):
        problems.append(f"{where}'s date added is not a time (now used)")
        added = time.time()
    if isinstance(question, str) and len(question) > MAX_TEXT:
        problems.append(
            f"{where}'s question was longer than {MAX_TEXT:,} characters: "
            f"the first {MAX_TEXT:,} were kept"
        )
        question = question[:MAX_TEXT]
    elif not _is_text(question):
        problems.append(f"{where}'s question is not text")
        question = ""
    if not _is_time(edited):
        problems.append(f"{where}'s question edit time is not a time")
        edited = 0
    title = entry.get("title", "")
    title = " ".join(sanitize(title[:MAX_TITLE]).split()) if isinstance(title, str) else ""
    extra = {key: value for key, value in entry.items() if key not in BOOKMARK_FIELDS}
    return Bookmark(
        entry["article_id"], float(added), sanitize(question), float(edited), extra, title
    )


#: The settings Myelin writes and the type of each.
SETTINGS: dict[str, type] = {"theme": str, "caveats_first": bool}
MAX_ID, MAX_TEXT = 200, 20_000


def question_too_long(question: str) -> str:
    """What to say of a question longer than a question may be ("" when it fits): the
    limit and what is kept, never a silent cut (QA5 R3)."""
    size = len(question.strip())
    if size <= MAX_TEXT:
        return ""
    return (
        f"Your question is {size:,} characters long; a question holds at most "
        f"{MAX_TEXT:,}, so the first {MAX_TEXT:,} are kept and the last "
        f"{size - MAX_TEXT:,} were left out."
    )


def _is_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _is_time(value: Any) -> TypeGuard[int | float]:
    """Seconds since 1970 (a huge int, NaN or infinity is not a time)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0 <= value < 1e11 and not (isinstance(value, float) and math.isnan(value))


#: The JSON container a state-file field should hold (a list or an object).
_Shape = TypeVar("_Shape", list[Any], dict[str, Any])


class _FieldCheck:
    """One state-file field at a time; a wrong one is noted and read as empty."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def items(self, data: dict[str, Any], key: str, kind: type[_Shape]) -> _Shape:
        value = data.get(key, kind())
        if not isinstance(value, kind):
            self.problems.append(f"{key} is not a {'list' if kind is list else 'set of fields'}")
            return kind()
        return value

    def times(self, data: dict[str, Any], key: str) -> dict[str, float]:
        values = self.items(data, key, dict)
        good = {k: float(v) for k, v in values.items() if _is_id(k) and _is_time(v)}
        if len(good) < len(values):
            self.problems.append(f"{key} holds {len(values) - len(good)} unusable entries")
        return good

    def ids(self, data: dict[str, Any], key: str) -> list[str]:
        values = self.items(data, key, list)
        good = [v for v in values if _is_id(v)]
        if len(good) < len(values):
            self.problems.append(f"{key} holds {len(values) - len(good)} unusable entries")
        return good

    def texts(self, data: dict[str, Any], key: str) -> dict[str, str]:
        values = self.items(data, key, dict)
        good = {k: sanitize(v) for k, v in values.items() if _is_id(k) and _is_text(v)}
        if len(good) < len(values):
            self.problems.append(f"{key} holds {len(values) - len(good)} unusable entries")
        return good


class StateStore:
    """Loads and saves `ReadingState` under a lock, merging with other sessions."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or data_root()
        self.path = self.directory / STATE_FILE
        self.messages: list[str] = []
        #: Ids whose question another session changed, found by a save's merge (to say).
        self.changed_elsewhere: list[str] = []
        #: The file as this session last read or wrote it (mtime, size): a change is
        #: another session's save (`news_from_other_sessions`).
        self.seen: tuple[int, int] | None = None

    def _lock(self) -> filelock.FileLock:
        """The cross-process lock, imported when first needed: `filelock` costs start-up
        time, and reading needs no lock (the file is only ever replaced whole)."""
        import filelock

        private_dir(self.directory)
        return filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    def load(self) -> ReadingState:
        """Read the saved state; a damaged file is moved aside and a fresh state begun.

        Saves replace the file whole (`atomic_write`), so a read without the lock sees one
        complete version; the lock is taken only to move a damaged file aside.
        """
        self.seen = self._stamp()  # before reading: a change meanwhile is seen next time
        try:
            with contextlib.suppress(ValueError, RecursionError):
                return self._read()
            with self._lock():
                return self._read_or_quarantine()
        except OSError as error:  # filelock.Timeout is an OSError
            self.messages.append(
                f"Could not read your reading history in {show_name(self.directory)} "
                f"({_reason(error)}); starting fresh for this session."
            )
            return ReadingState()

    def save(self, state: ReadingState) -> bool:
        """Merge with the file on disk and write atomically; False (with a message) on failure."""
        try:
            with self._lock():
                for left in self.directory.glob(f".{STATE_FILE}.*.tmp"):  # a killed save's
                    left.unlink(missing_ok=True)  # (we hold the lock: no save is running)
                self.changed_elsewhere += state.merge(self._read_or_quarantine())
                if state.version > VERSION:
                    self._keep_newer_copy(state.version)
                data = json.dumps(state.to_json(), indent=1).encode("utf-8")
                atomic_write(self.path, data, durable=True)
                self.seen = self._stamp()
                state.settings_seen = dict(state.settings)
            return True
        except OSError as error:  # filelock.Timeout is an OSError
            self.messages.append(
                f"Could not save your bookmarks and history in {show_name(self.directory)} "
                f"({_reason(error)}); they are kept in memory and saved on the next try."
            )
            log.warning("state save failed: %s", error)
            return False

    def news_from_other_sessions(self) -> ReadingState | None:
        """What another session saved since this one last read or wrote the file (a
        bookmark made in `myelin read --plain` while the app is open, QA4 Q15), to merge;
        None when the file is as seen, or cannot be read now (the next save merges it)."""
        stamp = self._stamp()
        if stamp is None or stamp == self.seen:
            return None
        self.seen = stamp
        try:
            return self._read()
        except (OSError, ValueError, RecursionError):
            return None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    @property
    def copy_tag(self) -> str:
        """Which state file a kept copy belongs to: the temp folder and home are shared by
        every data folder of this user (another XDG_DATA_HOME, a script, a test run), and
        only this state's own copies may be folded into it."""
        import hashlib

        where = os.path.realpath(self.path).encode("utf-8", "surrogateescape")
        return hashlib.sha256(where).hexdigest()[:12]

    def save_elsewhere(self, state: ReadingState, folders: list[Path]) -> Path | None:
        """When the state cannot be saved in its place: a copy in the first folder that takes
        it, so what the reader did this session is never lost without a word."""
        data = json.dumps(state.to_json(), indent=1)
        name = f"myelin-reading-state-{self.copy_tag}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        for folder in folders:
            try:
                path = (
                    _free_name(folder / name, "copy") if (folder / name).exists() else folder / name
                )
                atomic_write(path, data, durable=True)
                return path
            except OSError:
                continue
        return None

    def take_back_copies(self, state: ReadingState, folders: list[Path]) -> bool:
        """Fold into `state` the copies `save_elsewhere` kept in `folders` (a full disk),
        save, and move each copy aside as `<name>.merged`, said once; while the state
        cannot be saved the copies stay for the next try. True if there were any.

        Only this user's own files that no one else may change are read: the temp folder
        is shared, and a copy planted there must not become someone's bookmarks."""
        copies = [
            (path, copy)
            for path in _copies_in(folders, self.copy_tag)
            if (copy := _read_copy(path))
        ]
        if not copies:
            return False
        for _, copy in copies:
            state.merge(copy)
        if not self.save(state):
            return True  # said by `save`; the copies are read again next time
        moved = []
        for path, _ in copies:
            aside = _free_name(path, "merged")
            with contextlib.suppress(OSError):
                os.replace(path, aside)
                moved.append(aside)
        kept = f"; the copy is kept as {show_name(moved[0])}" if len(moved) == 1 else ""
        self.messages.append(
            "Bookmarks and questions from a session that could not save them are back in "
            f"your reading history (from {show_name(copies[0][0])}"
            f"{f' and {len(copies) - 1} more' if len(copies) > 1 else ''}){kept}."
        )
        return True

    def _keep_newer_copy(self, version: int) -> None:
        """Before the first write over a newer version's file, keep it as it was: its
        unknown fields are written back, but that version may give known ones more meaning."""
        aside = self.path.with_name(f"{self.path.name}.version-{version}")
        if self.path.exists() and not aside.exists():
            shutil.copy2(self.path, aside)
            self.messages.append(
                f"Your reading history was saved by a newer version of Myelin; what this "
                f"version does not understand is kept, and the file as it was is saved at "
                f"{show_name(aside)}."
            )

    def _read(self) -> ReadingState:
        """The state on disk; ValueError or RecursionError when any of it is damaged."""
        raw = self._raw()
        if raw is None:
            return ReadingState()
        return ReadingState.from_json(json.loads(raw.decode("utf-8-sig")))

    def _raw(self) -> bytes | None:
        """The file's bytes, None if there is no file; ValueError if it is too large."""
        try:
            return read_regular(self.path, MAX_STATE_BYTES)
        except FileNotFoundError:
            return None

    def _read_or_quarantine(self) -> ReadingState:
        """Under the lock: what can be read is kept, and the file as it was is copied aside.

        A byte that is not UTF-8 costs that character, a file cut short keeps what came
        before the cut, a field of the wrong shape costs that field; only a file with
        nothing usable is moved aside whole, and a fresh state begun."""
        problems: list[str] = []
        try:
            raw = self._raw()
            if raw is None:
                return ReadingState()
            state, more = ReadingState.salvage(_lenient_json(raw, problems))
            problems += more
        except (ValueError, RecursionError) as error:
            aside = _free_name(self.path, f"damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(self.path, aside)
            reason = "it is nested too deeply" if isinstance(error, RecursionError) else error
            self.messages.append(
                f"Your reading history file was damaged ({reason}); it was "
                f"moved to {show_name(aside)} and a fresh one started."
            )
            return ReadingState()
        if problems:
            aside = _free_name(self.path, f"damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            shutil.copy2(self.path, aside)
            atomic_write(self.path, json.dumps(state.to_json(), indent=1), durable=True)
            self.messages.append(
                f"Parts of your reading history file could not be used "
                f"({'; '.join(problems[:3])}); the rest was kept, and the file as it was "
                f"is saved at {show_name(aside)}."
            )
        return state


def recovery_folders(documents: Path) -> list[Path]:
    """Where `save_elsewhere` tries to keep a copy, in order: the documents folder, home,
    the temp folder; the next start looks for copies there (`take_back_copies`)."""
    import tempfile

    return list(dict.fromkeys([documents, Path.home(), Path(tempfile.gettempdir())]))


def _copies_in(folders: list[Path], tag: str) -> list[Path]:
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        with contextlib.suppress(OSError):
            # oldest first: the names hold the time
            found += sorted(folder.glob(COPY_PATTERN.format(tag=tag)))
    return found


def _read_copy(path: Path) -> ReadingState | None:
    """A kept copy's state; None if it is not this user's private file or holds nothing."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE_BYTES:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        raw = file.read(MAX_STATE_BYTES)
    try:
        return ReadingState.salvage(_lenient_json(raw, []))[0]
    except (ValueError, RecursionError):
        return None


def _lenient_json(raw: bytes, problems: list[str]) -> Any:
    """The JSON in a reading-state file, read as far as it can be: a byte-order mark (as
    Windows editors write) is skipped, bytes that are not UTF-8 become U+FFFD, and a file
    cut short (a full disk, a crash in an older version) gives what it held before the cut.
    What was given up is said in `problems`; ValueError, in words, when nothing is usable."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8-sig", errors="replace")
        problems.append("some characters were not readable text and are shown as \ufffd")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        kept = _complete_prefix(text)
        if kept is None:
            raise ValueError(f"it cannot be read from line {error.lineno} on") from None
        problems.append(
            f"it is cut short or damaged at line {error.lineno}; what came before was kept"
        )
        return kept


#: Deeper than any reading state goes: a cut-off file is not completed past this.
MAX_DEPTH = 64
#: A text cut in the middle is kept when it is a member's value, and not an id (a bookmark
#: for "vitamin-d-le" would be for no article): a question, a question kept aside.
CUT_TEXT = re.compile(r'(?<!"article_id"):\s*$')
#: The last places where a cut-off file could end that are tried, latest first.
CUTS_TRIED = 50


def _complete_prefix(text: str) -> Any:
    """The JSON value a cut-off text began: its text up to the last complete member or
    element, with the brackets still open closed; a text cut in the middle (a question
    being saved) closed where it was cut, keeping its words; None if there is none."""
    closers: list[str] = []
    in_string = escaped = False
    opened = 0  # where the last text began
    cuts: deque[tuple[int, str]] = deque(maxlen=CUTS_TRIED)
    for position, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string, opened = True, position
        elif char in "[{":
            closers.append("]" if char == "[" else "}")
            if len(closers) > MAX_DEPTH:
                return None
        elif char in "]}":
            if not closers:
                break
            closers.pop()
            cuts.append((position + 1, "".join(reversed(closers))))
        elif char == "," and closers:
            cuts.append((position, "".join(reversed(closers))))
    tries = [(text[:end] + closing) for end, closing in reversed(cuts)]
    if in_string and CUT_TEXT.search(text[:opened]):  # cut in a question: keep its words
        tries.insert(0, text[: len(text) - escaped] + '"' + "".join(reversed(closers)))
    for attempt in tries:
        try:
            return json.loads(attempt)
        except (ValueError, RecursionError):
            continue
    return None


def _reason(error: OSError) -> str:
    """The problem in words, without the errno number."""
    if error.errno in (errno.EEXIST, errno.ENOTDIR):  # making the folder, or reading in it
        return "a file is where the folder should be"
    return (error.strerror or str(error) or "the file is in use").lower()


def _free_name(path: Path, suffix: str) -> Path:
    """`<name>.<suffix>`, else `...-2`, `-3`: a second damaged copy never replaces the first."""
    candidate = path.with_name(f"{path.name}.{suffix}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{suffix}-{number}")
    return candidate
