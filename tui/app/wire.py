"""What goes down the wire: only the cells of a frame the terminal does not show already.

Textual sends the whole screen whenever all of it is marked for repainting, and it is
marked often: a screen pushed or popped is repainted two or three times (the push, its
resume, the removal of the one before), a resize twice, the scrollbars once more after a
dialog closes. Over SSH each of those is 7-30 KB at 80x24, for a screen that did not
change. Here each line written is remembered (its cells, as Textual made them), and a frame
sends only the runs of cells that differ from what the terminal shows, as curses does: a
repaint of an unchanged screen sends nothing (not even a cursor move), a mark added to a
line sends the mark, a dialog sends its own lines and the dimmed ones around it once.

Anything else that changes the terminal's picture (a resize, the process resumed after
ctrl+z, ctrl+l) forgets what was sent, and the next frame is drawn whole.
"""

from __future__ import annotations

from typing import TypeGuard

from rich.cells import get_character_cell_size
from rich.console import Console
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.strip import Strip

#: Cells alike between two changes in a line that are sent all the same rather than
#: moving the cursor past them (a move and the colours after it cost about as much).
GAP = 8

Cell = tuple[str, Style | None]  # a character ("" after a wide one) and its style


def move_to(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"  # Rich's Control.move_to, without making a Segment


class _Line:
    """One screen line as the terminal shows it: its cells, and the text that draws them
    (the cells' runs of one style joined: the same cells always give the same text)."""

    __slots__ = ("_cells", "strip", "text")

    def __init__(self, strip: Strip, console: Console) -> None:
        self.strip = strip.simplify()
        self.text = self.strip.render(console)
        self._cells: list[Cell] | None = None

    @property
    def cells(self) -> list[Cell]:
        if self._cells is None:
            self._cells = _cells(self.strip)
        return self._cells

    def changes(self, y: int, old: _Line | None, console: Console) -> list[str]:
        """What turns `old` (None: unknown) into this line on the terminal: the line, or
        the runs of cells that differ."""
        whole = [move_to(0, y), self.text]
        if old is None:
            return whole
        if old.text == self.text:
            return []
        out: list[str] = []
        for start, end in _differing(old.cells, self.cells):
            out += (move_to(start, y), self.strip.crop(start, end).render(console))
        # a line nearly all new costs no more than drawing it whole (each run of changed
        # cells has its own cursor move and colours)
        return out if _length(out) < _length(whole) else whole


def _length(pieces: list[str]) -> int:
    """Bytes on the wire (UTF-8), as the terminal counts them."""
    return sum(len(piece.encode()) for piece in pieces)


def _cells(strip: Strip) -> list[Cell]:
    cells: list[Cell] = []
    for text, style, control in strip:
        if control:
            continue
        for char in text:
            width = get_character_cell_size(char)
            if width == 0 and cells:  # a combining mark: part of the character before it
                cells[-1] = (cells[-1][0] + char, cells[-1][1])
                continue
            cells.append((char, style))
            if width == 2:
                cells.append(("", style))
    return cells


def _differing(old: list[Cell], new: list[Cell]) -> list[tuple[int, int]]:
    """The runs of `new` (start, end) that differ from `old`, runs fewer than GAP cells
    apart joined, never starting or ending inside a wide character."""
    if len(old) != len(new):
        return [(0, len(new))]
    runs: list[tuple[int, int]] = []
    start = last = -1
    for x, (was, now) in enumerate(zip(old, new, strict=True)):
        if was == now:
            continue
        if start < 0:
            start = x
        elif x - last > GAP:
            runs.append((start, last + 1))
            start = x
        last = x
    if start >= 0:
        runs.append((start, last + 1))
    size = len(new)
    return [
        (start - (new[start][0] == "" and start > 0), end + (end < size and new[end][0] == ""))
        for start, end in runs
    ]


class ShownLines:
    """The lines the terminal shows, as last written by the frames sent.

    A frame is added (`add`) and what it changes taken later (`take`): frames added in
    between are sent as one, from the lines the terminal shows to the last frame's (Textual
    draws a layout and then a repaint in the same moment; each was sent).
    """

    def __init__(self) -> None:
        self.lines: dict[int, _Line] = {}  # as the frames added so far draw them
        self.width = 0  # of the screen they were written on
        self.cursor: object = None  # where the last frame left the cursor
        self.pointer = ""  # the mouse pointer's shape last set ("": not known)
        self._before: dict[int, _Line | None] = {}  # lines changed since taken: as shown
        self._raw: list[str] = []  # pieces of lines not known, sent as they are

    @property
    def waiting(self) -> bool:
        """Frames were added since the last `take`."""
        return bool(self._before or self._raw)

    def forget(self) -> None:
        """The terminal's picture is unknown (resized, resumed): the next frame is whole."""
        self.lines.clear()
        self._before.clear()
        self._raw.clear()
        self.cursor = None

    @staticmethod
    def knows(update: object) -> TypeGuard[LayoutUpdate | ChopsUpdate]:
        """A kind of frame added here; any other is sent as it is (and `forget` called)."""
        return isinstance(update, ChopsUpdate) or (
            isinstance(update, LayoutUpdate) and not update.region.x
        )

    def add(self, update: LayoutUpdate | ChopsUpdate, width: int, console: Console) -> None:
        """The lines `update` draws, to be sent at the next `take`."""
        if width != self.width:
            self.forget()
            self.width = width
        if isinstance(update, LayoutUpdate):
            self._add_lines(update, console)
        else:
            self._add_chops(update, console)

    def take(self, console: Console, cursor: object) -> CompositorUpdate | None:
        """What the frames added since the last take change on the terminal, or None when
        nothing (not even where the cursor goes)."""
        out = self._raw
        for y in sorted(self._before):
            out += self.lines[y].changes(y, self._before[y], console)
        self._before, self._raw = {}, []
        if not out and cursor == self.cursor:
            return None
        self.cursor = cursor
        return _Sent("".join(out))

    def frame(
        self, update: CompositorUpdate, width: int, console: Console, cursor: object
    ) -> CompositorUpdate | None:
        """`update` as it is to be written now (added and taken at once)."""
        if not self.knows(update):
            self.forget()
            return update
        self.add(update, width, console)
        return self.take(console, cursor)

    def _set(self, y: int, line: _Line) -> None:
        self._before.setdefault(y, self.lines.get(y))
        self.lines[y] = line

    def _add_lines(self, update: LayoutUpdate, console: Console) -> None:
        """A whole-screen frame: each of its lines."""
        for y, row in enumerate(update.strips, update.region.y):
            self._set(y, _Line(Strip.join(row), console))

    def _add_chops(self, update: ChopsUpdate, console: Console) -> None:
        """A partial frame (pieces of lines): each line with its pieces in place; the
        pieces as they are if the line is not known."""
        chops, chop_ends = update.chops, update.chop_ends
        for y, x1, x2 in update.spans:
            pieces: list[tuple[int, Strip]] = []
            for end, (x, strip) in zip(chop_ends[y], chops[y].items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):  # as Textual crops it
                    strip = strip.crop(0, min(end, x2) - x)
                pieces.append((x, strip))
            old = self.lines.get(y)
            if old is not None:
                self._set(y, _Line(_spliced(old.strip, pieces), console))
                continue
            for x, strip in pieces:
                self._raw += (move_to(x, y), strip.render(console))


class _Sent(CompositorUpdate):
    """A frame already turned into what is to be written."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render_segments(self, console: Console) -> str:
        return self.text


def _spliced(cells: Strip, pieces: list[tuple[int, Strip]]) -> Strip:
    """`cells` with each piece written over it at its column."""
    for x, piece in pieces:
        end = x + piece.cell_length
        cells = Strip.join([cells.crop(0, x), piece, cells.crop(end, cells.cell_length)])
    return cells
