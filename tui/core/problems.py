"""Problems are what goes wrong with a library, as values the UI can show."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.sanitize import sanitize, show_name


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in one file: where it is and what to do about it."""

    path: Path
    line: int | None
    message: str

    def __post_init__(self) -> None:
        # Messages can quote the file (YAML errors do): they are shown, so they are sanitised.
        object.__setattr__(self, "message", sanitize(self.message))

    def __str__(self) -> str:
        path = show_name(self.path)  # a name can hold controls, newlines, bytes not UTF-8
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.message}"


class ProblemError(Exception):
    """Raised inside the parsers to abandon a file with one problem."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def skipped(problems: Iterable[Problem], loaded: Collection[str], article_id: str) -> list[Problem]:
    """The problems the file `<article_id>.md` was skipped for, if it was (it is not among
    the `loaded` ids): "not in the library" would send its author searching for an id they
    know is there."""
    if article_id in loaded:
        return []
    name = f"{article_id}.md".casefold()
    return [p for p in problems if p.path.name.casefold() == name]


def on_loaded_files(problems: Iterable[Problem], paths: Collection[str]) -> list[Problem]:
    """The problems about files that loaded (a related id dropped), of the files at
    `paths`: the rest are files skipped, or read in part (topics.yaml)."""
    return [p for p in problems if str(p.path) in paths]


def skipped_message(problems: Sequence[Problem]) -> str:
    """What to tell someone who asked for an article whose file was skipped: the file, and
    what is wrong in it (`problems` are that file's, at least one)."""
    first = problems[0]
    where = f" (line {first.line})" if first.line else ""
    more = f"; and {len(problems) - 1} more" if len(problems) > 1 else ""
    return (
        f"{show_name(first.path)} is in the library but was skipped{where}: "
        f"{first.message}{more}. Fix it, then check with: myelin check"
    )
