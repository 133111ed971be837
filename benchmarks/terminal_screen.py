"""What a terminal shows after the bytes sent to it: just enough of one (cursor moves, text,
wide characters, colours as the codes that set them) to read the screen as a person sees it.

The app sends only the cells of a frame that changed, so a word on screen may never pass
down the wire in one piece (typing "1 result" after "0 results" sends the "1" and the "s"
it loses): the benchmarks and pty tests look for words on this screen, not in the bytes.
"""

from __future__ import annotations

import codecs
import re

from rich.cells import get_character_cell_size

_TOKEN = re.compile(
    r"\x1b\[([0-9;:?<=>]*)[ -/]*([@-~])"  # CSI: parameters, final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (a link, a title), to BEL or ST
    r"|\x1bP.*?\x1b\\"  # DCS
    r"|\x1b[^\[\]P]"  # two-byte escapes (ESC 7, ESC =)
    r"|([\x00-\x1a\x1c-\x1f\x7f])"  # control characters
    r"|([^\x00-\x1f\x7f]+)",  # text
    re.S,
)


class TerminalScreen:
    """The cells of a terminal of `columns` x `lines`, each a character ("" right of a wide
    one) and the colour codes in force when it was written ("" when reset)."""

    def __init__(self, columns: int, lines: int) -> None:
        self.columns, self.lines = columns, lines
        self.chars = [[" "] * columns for _ in range(lines)]
        self.styles = [[""] * columns for _ in range(lines)]
        self.x = self.y = 0
        self.style = ""
        self.pending = ""  # an escape sequence cut between two reads
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def resize(self, columns: int, lines: int) -> None:
        """As a terminal does: lines cut or added at the bottom, columns at the right."""

        def fit(rows: list[list[str]], blank: str) -> list[list[str]]:
            rows = [(row + [blank] * columns)[:columns] for row in rows[:lines]]
            return rows + [[blank] * columns for _ in range(lines - len(rows))]

        self.chars, self.styles = fit(self.chars, " "), fit(self.styles, "")
        self.columns, self.lines = columns, lines
        self.x, self.y = min(self.x, columns - 1), min(self.y, lines - 1)

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.chars)

    def cells(self) -> list[list[tuple[str, str]]]:
        """Every cell with its colours: two screens alike here look alike."""
        return [list(zip(c, s, strict=True)) for c, s in zip(self.chars, self.styles, strict=True)]

    def feed(self, data: bytes) -> None:
        text = self.pending + self.decoder.decode(data)
        at = 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if match is None:  # an escape sequence not finished yet: the next read ends it
                break
            at = match.end()
            params, final, control, written = match.groups()
            if written:
                self._write(written)
            elif control:
                self._control(control)
            elif final:
                self._sequence(params, final)
        self.pending = text[at:]

    def _write(self, text: str) -> None:
        for char in text:
            width = get_character_cell_size(char)
            if width == 0:
                continue
            if self.x + width > self.columns:  # past the last column: the next line
                self.x, self.y = 0, min(self.y + 1, self.lines - 1)
            row, style = self.chars[self.y], self.styles[self.y]
            if row[self.x] == "" and self.x:  # over the right half of a wide character
                row[self.x - 1] = " "
            row[self.x], style[self.x] = char, self.style
            if width == 2:
                row[self.x + 1], style[self.x + 1] = "", self.style
            after = self.x + width
            if after < self.columns and row[after] == "":  # over a wide character's left half
                row[after] = " "
            self.x = after

    def _control(self, char: str) -> None:
        if char == "\r":
            self.x = 0
        elif char == "\n":
            self.y = min(self.y + 1, self.lines - 1)
        elif char == "\b":
            self.x = max(self.x - 1, 0)

    def _sequence(self, params: str, final: str) -> None:
        if params.startswith(("?", "<", "=", ">")):
            return  # modes (the alternate screen, the cursor, the mouse): no cells
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        if final in "Hf":
            row, column = [*numbers, 1, 1][:2]
            self.y = min(max(row, 1), self.lines) - 1
            self.x = min(max(column, 1), self.columns) - 1
        elif final == "m":
            self.style = "" if params in ("", "0") else f"{self.style};{params}".lstrip(";")
        elif final == "J":
            first = 0 if numbers[:1] in ([2], [3]) else self.y
            for y in range(first, self.lines):
                start = self.x if y == self.y and first == self.y else 0
                self.chars[y][start:] = [" "] * (self.columns - start)
                self.styles[y][start:] = [""] * (self.columns - start)
        elif final == "K":
            self.chars[self.y][self.x :] = [" "] * (self.columns - self.x)
            self.styles[self.y][self.x :] = [""] * (self.columns - self.x)
