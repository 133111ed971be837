"""The check of every article file (tui/core/listing.py), made by `find` in a child
process while the command answers from the snapshot.

At 10,000 articles the `stat` of every file is most of what a command spends over
the same command at 170 articles (25-30 ms of CPU, mostly in the kernel), and the
command needs its answer only before it says anything. Overlapping it in this
process does not work: a `stat` releases the GIL, but a thread taking it back after
each one waits for the busy thread's switch interval (measured: slower than one after
the other), and a child made by `fork` copied the pages either process then wrote
(10-15 ms of CPU more). GNU `find`, started by `posix_spawn`, shares no pages, lists
the same files with the same numbers (type, inode, size, time to the nanosecond,
path below the root) in about the same CPU time, into a memory file; the answer is
one digest of its output, compared with the one saved with the snapshot.

Where `find` or `posix_spawn` is missing, or a listed article is a link (`find`
gives the link's own time, not its file's), nothing is saved and the command checks
in this process as before (`listing.list_articles`); so it does when every core is
busy (`core_to_spare`), where running beside the command gains nothing.

The digest is saved in a small file of its own beside the snapshot, found by the
library's key alone (`found_path`): `find` starts as soon as the command knows its
library, before it imports what reading the snapshot needs; the snapshot read later
must be the one the digest was saved with (`CheckApart.snapshot`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
from collections.abc import Mapping
from pathlib import Path

from tui.core.listing import below_root
from tui.core.paths import cache_root, library_key, load_private_pickle

#: Fewer article files than this are checked in this process: starting `find` costs more
#: than their `stat`s.
APART_FROM = 1000
FIND = next((path for path in ("/usr/bin/find", "/bin/find") if os.access(path, os.X_OK)), None)
#: One record per `*.md` below the root, as `listing.list_articles` lists them: hidden
#: names skipped and not entered, links to folders not followed, folders left out.
_RECORDS = (
    "-mindepth", "1", "-name", ".*", "-prune", "-o",
    "-name", "*.md", "!", "-type", "d", "-printf", "%y %i %s %T@ %P\\0",
)  # fmt: skip
_ENVIRONMENT = {"LC_ALL": "C", "PATH": "/usr/bin:/bin"}
#: Changes with what `found_digest` digests.
FOUND_VERSION = 1


def found_path(library_root: Path, cache: Path | None = None) -> Path:
    """The small file of `find`'s digest: {"snapshot": its digest, "found": ...}."""
    name = f"{library_key(library_root)}-found-v{FOUND_VERSION}.pickle"
    return (cache or cache_root()) / "catalog" / name


def found_digest(root: Path, loaded: Mapping[str, tuple[int, int]]) -> str:
    """The digest of `find`'s records of `root` when every file listed is the version
    loaded (`loaded`: each loaded file's (size, mtime_ns) by its normalised path) and
    every loaded file is listed; else "" (never current; also when `find` cannot run,
    the library is small, or an article is a link)."""
    if len(loaded) < APART_FROM:
        return ""
    started = _start(root)
    if started is None:
        return ""
    output = _finish(*started)
    if output is None:
        return ""
    below, seen = below_root(root), 0
    for record in output.split(b"\0")[:-1]:
        kind, _, size, when, name = record.split(b" ", 4)
        version = loaded.get(below + os.fsdecode(name))
        if kind == b"l" or version is None or version != (int(size), _nanoseconds(when)):
            return ""
        seen += 1
    return _digest(output) if seen == len(loaded) else ""


def find_apart(root: Path, cache: Path | None = None) -> CheckApart | None:
    """Start `find` on `root`; its answer is whether its output's digest is the one saved
    with the last snapshot (`found_path`). None when none is saved, no core is free for
    it, or it cannot start: the command then checks in its own process."""
    try:
        with found_path(root, cache).open("rb") as handle:
            saved = load_private_pickle(handle)
        snapshot, digest = saved["snapshot"], saved["found"]
    except Exception:  # none yet, or damaged: the command checks in its own process
        return None
    if not (isinstance(snapshot, str) and isinstance(digest, str) and digest):
        return None
    if not core_to_spare():
        return None
    started = _start(root)
    return CheckApart(*started, snapshot, digest) if started is not None else None


class CheckApart:
    """`find` running in a child process (`find_apart`)."""

    def __init__(self, pid: int, output: int, snapshot: str, digest: str) -> None:
        self.pid, self._output, self._digest = pid, output, digest
        self.snapshot = snapshot  # the digest of the snapshot it checks the files of
        self._same: bool | None = None

    def same(self) -> bool:
        """Wait for `find`: True when every file is as the snapshot saw it."""
        if self._same is None:
            output = _finish(self.pid, self._output)
            self._same = output is not None and _digest(output) == self._digest
        return self._same

    def cancel(self) -> None:
        """Not needed any more (the whole library is read, or the command is over)."""
        if self._same is None:
            with contextlib.suppress(OSError):  # ended already
                os.kill(self.pid, signal.SIGKILL)
            _finish(self.pid, self._output)
            self._same = False


def core_to_spare() -> bool:
    """Whether a core is free for `find` beside the command (by the load average): with
    every core busy, `find` shares the command's and adds its CPU (about 8 ms more than
    the check made here, at 10,000 articles) to the command's wall time."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return cores > 1 and cores - busy >= 1


def find_arguments(root: Path) -> list[str]:
    """What `find` is given: the root made absolute (never taken for an option), then
    what it lists and prints."""
    return [os.path.abspath(root), *_RECORDS]


def _start(root: Path) -> tuple[int, int] | None:
    """`find`'s process id and the memory file it writes to, or None."""
    if FIND is None or not hasattr(os, "posix_spawn") or not hasattr(os, "memfd_create"):
        return None
    output = os.memfd_create("myelin-listing")
    try:
        pid = os.posix_spawn(
            FIND,
            [FIND, *find_arguments(root)],
            _ENVIRONMENT,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, output, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            ],
        )
    except OSError:
        os.close(output)
        return None
    return pid, output


def _finish(pid: int, output: int) -> bytes | None:
    """Wait for `find`; what it wrote, or None when it failed (a folder it could not
    read: the full load says which)."""
    try:
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:  # pragma: no cover - retried by Python since 3.5
                continue
            except ChildProcessError:  # reaped elsewhere: its answer is lost
                return None
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        size = os.fstat(output).st_size
        parts, at = [], 0
        while at < size:
            part = os.pread(output, size - at, at)
            if not part:
                break
            parts.append(part)
            at += len(part)
        return b"".join(parts)
    finally:
        os.close(output)


def _nanoseconds(when: bytes) -> int:
    """`find`'s %T@ ("1796205769.6118766160") as st_mtime_ns."""
    seconds, _, fraction = when.partition(b".")
    return int(seconds) * 10**9 + int((fraction + b"000000000")[:9])


def _digest(output: bytes) -> str:
    return hashlib.blake2b(output, digest_size=16).hexdigest()
