"""The one sanitiser: every string read from a library passes through here.

Terminals act on control characters, so article text must never carry them.
C0 controls (except newline and tab), DEL, C1 controls, the bidi controls and
lone surrogates (a file name that was not UTF-8) are replaced by visible
placeholders, so a reader can still see that something was there.

Characters that Rich and terminals measure differently are not let through
either: an invisible format character or filler that Rich counts as zero
columns but a terminal draws one or two columns wide pushes the rest of the
line into the neighbouring pane. Zero-width and format characters are
removed; the Hangul fillers and the line and paragraph separators become a space.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates, marks, and the Arabic letter mark.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SURROGATES = "\ud800-\udfff"
#: Every format (Cf) character that is not a bidi control, and the invisible marks
#: Rich counts as zero wide (variation selectors, the grapheme joiner, Khmer and
#: Mongolian invisibles, tags): removed.
_INVISIBLE = (
    "\u00ad\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200d\u2060-\u2065\u206a-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
#: Blank letters that are drawn wide by some terminals and zero wide by Rich: a space.
_FILLERS = "\u115f\u1160\u3164\uffa0\u2028\u2029"
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_SURROGATES}{_INVISIBLE}{_FILLERS}]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
#: In a name shown on one line, tabs and newlines are escaped too.
_UNSAFE_IN_NAME = re.compile(f"[\t\n{_CONTROLS}{_BIDI}{_SURROGATES}{_INVISIBLE}{_FILLERS}]")


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    if char in _FILLERS:
        return " "
    if _INVISIBLE_CHAR.match(char):
        return ""
    return "\ufffd"


def sanitize(text: str) -> str:
    """Return `text` safe to show in a terminal; newlines are normalised to \\n."""
    text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_placeholder, text)


def is_safe(text: str) -> bool:
    """True when `text` holds no character the sanitiser would replace."""
    return _UNSAFE.search(text) is None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python decodes file names
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {9: "\\t", 10: "\\n", 13: "\\r"}.get(code, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def show_name(name: object) -> str:
    """A file or folder name (or a whole path) to show on one line.

    Anything the sanitiser would change, and tabs and newlines, is written as an
    escape (`\\n`, `\\x1b`, `\\x9b` for a byte that was not UTF-8), so a name can
    neither forge a line of output nor hide, and the user can still find the file.
    """
    return _UNSAFE_IN_NAME.sub(_escape, str(name))


def show_path(path: object) -> str:
    """A path to show whole in a one-line message: `show_name`, with the home folder as
    `~` (a notice at 80 columns cut "/home/ana/Documents/myelin-appointm…" just where
    the file's name was)."""
    import os.path

    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/", "~") and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home) :]
    return show_name(text)


def clean_scalar(value: object) -> str | None:
    """A YAML scalar as one sanitised line of text, or None if it is not text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = " ".join(sanitize(str(value)).split())
    return text or None
