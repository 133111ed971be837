"""A question being typed, on disk while it is typed.

A process killed outright (`kill -9`, a power cut, an out-of-memory kill) cannot save on
its way out, so the words must already be on disk: each session keeps its one draft in a
file of its own, and the next session to start takes over any draft whose process is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from tui.core.atomic import atomic_write
from tui.core.paths import private_dir, read_regular
from tui.core.state import MAX_TEXT, ReadingState, StateStore

PREFIX = "question-draft-"
MAX_DRAFT = MAX_TEXT  # what the question box takes (QA H43: 10,000 cut a longer one)


@dataclass(frozen=True, slots=True)
class Draft:
    article_id: str
    text: str
    written: float
    path: Path  # removed (`forget`) once the text is in the saved state


class Drafts:
    """This session's draft (`keep`, `drop`) and the drafts left by ended ones (`recover`)."""

    def __init__(self, directory: Path, pid: int | None = None) -> None:
        self.directory = directory
        self.pid = os.getpid() if pid is None else pid
        self.path = directory / f"{PREFIX}{self.pid}.json"

    def keep(self, article_id: str, text: str) -> bool:
        """Write the draft whole, synced (it is what the reader wrote); False if it could
        not be written (the app says so when the state itself cannot be saved)."""
        data = {"article_id": article_id, "text": text[:MAX_DRAFT], "written": time.time()}
        try:
            private_dir(self.directory)
            atomic_write(self.path, json.dumps(data, ensure_ascii=False), durable=True)
        except OSError:
            return False
        return True

    def drop(self) -> None:
        """The draft is in the saved state now (or was never more than typed and kept)."""
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)

    def recover(self) -> list[Draft]:
        """Drafts of sessions that ended without saving, oldest first (`forget` them once
        they are saved in the reading state; a damaged draft file is removed here).

        This process's own id counts as ended: at start it has written nothing yet, and a
        container restarted after a kill often gets the same id again."""
        found: list[Draft] = []
        with contextlib.suppress(OSError):
            for path in sorted(self.directory.glob(f"{PREFIX}*.json")):
                pid = path.stem.removeprefix(PREFIX)
                if not pid.isdecimal() or (int(pid) != self.pid and _running(int(pid))):
                    continue
                draft = _read(path)
                if draft is None:
                    with contextlib.suppress(OSError):
                        path.unlink()
                else:
                    found.append(draft)
        return sorted(found, key=lambda draft: draft.written)

    @staticmethod
    def forget(drafts: list[Draft]) -> None:
        for draft in drafts:
            with contextlib.suppress(OSError):
                draft.path.unlink(missing_ok=True)


def take_back(drafts: Drafts, state: ReadingState, store: StateStore) -> bool:
    """Questions being typed when an earlier session of either reader ended (`kill -9`, a
    power cut, a closed terminal): kept as the question (the article bookmarked if it was
    not), the one they replace among the earlier ones, and saved. True when one was taken
    back, for the reader to say so in its own words; if the save fails, the drafts stay
    for the next start (quitting keeps a recovery copy of the state)."""
    recovered = drafts.recover()
    changed = False
    for draft in recovered:
        mark = state.bookmarks.get(draft.article_id)
        if mark is not None and mark.question == draft.text.strip():
            continue  # saved before the end after all
        if mark is None:
            state.toggle_bookmark(draft.article_id)
        state.set_question(draft.article_id, draft.text)
        changed = True
    if changed and not store.save(state):
        return False
    drafts.forget(recovered)
    return changed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's, or not a process id we can ask about: leave it
    return True


def _read(path: Path) -> Draft | None:
    """The draft, or None for a file that is damaged or not a draft (never an error)."""
    try:
        data = json.loads(read_regular(path, MAX_DRAFT * 8).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # a pipe, too large, not JSON: not a draft
        return None
    if not isinstance(data, dict):
        return None
    article_id, text, written = data.get("article_id"), data.get("text"), data.get("written")
    if not (isinstance(article_id, str) and isinstance(text, str) and text.strip()):
        return None
    when = float(written) if isinstance(written, int | float) else 0.0
    return Draft(article_id, text[:MAX_DRAFT], when, path)
