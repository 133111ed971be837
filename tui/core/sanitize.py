"""The one sanitiser: every string read from a library passes through here.

Terminals act on control characters, so article text must never carry them.
C0 controls (except newline and tab), DEL, C1 controls and the bidi controls
are replaced by visible placeholders, so a reader can still see that
something was there.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates, marks, and the Arabic letter mark.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def sanitize(text: str) -> str:
    """Return `text` safe to show in a terminal; newlines are normalised to \\n."""
    text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_placeholder, text)


def is_safe(text: str) -> bool:
    """True when `text` holds no character the sanitiser would replace."""
    return _UNSAFE.search(text) is None


def clean_scalar(value: object) -> str | None:
    """A YAML scalar as one sanitised line of text, or None if it is not text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = " ".join(sanitize(str(value)).split())
    return text or None
