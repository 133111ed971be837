"""Problems are what goes wrong with a library, as values the UI can show."""

from __future__ import annotations

from collections.abc import Sequence
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
