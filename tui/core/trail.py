"""Back and forward through what the reader opened, like a browser: one rule for the app
and the linear reader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Trail(Generic[T]):
    """Places visited in order, and where the reader stands among them.

    Visiting a place after going back drops the places ahead (as a browser does); the
    same place twice in a row is kept once. A trail may start from earlier places with
    the reader standing just past them, so the first `back` returns to the last one.
    """

    def __init__(self, earlier: Iterable[T] = (), limit: int = 50) -> None:
        self.places: list[T] = list(earlier)[-limit:]
        self.position = len(self.places)  # just past the end: nothing open yet
        self.limit = limit

    @property
    def current(self) -> T | None:
        return self.places[self.position] if 0 <= self.position < len(self.places) else None

    def visit(self, place: T) -> None:
        del self.places[self.position + 1 :]
        if not self.places or self.places[-1] != place:
            self.places.append(place)
        if len(self.places) > self.limit:
            del self.places[: len(self.places) - self.limit]
        self.position = len(self.places) - 1

    def back(self) -> T | None:
        """The place before this one, now current; None (and no move) at the start."""
        if self.position <= 0:
            return None
        self.position -= 1
        return self.places[self.position]

    def forward(self) -> T | None:
        """The place after this one, now current; None (and no move) at the end."""
        if self.position >= len(self.places) - 1:
            return None
        self.position += 1
        return self.places[self.position]
