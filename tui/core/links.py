"""An article's web links, and the one decision whether a link may be opened.

A library is untrusted, so a link is judged as a hostile author would write it:
`https://www.nih.gov∕health∕…@evil.example/` reads as the NIH but opens
evil.example (U+2215 is not a slash, and everything before `@` is a user name).
Only an address a reader can check by eye is allowed: http or https, no user
name, no invisible or look-alike characters anywhere, and a host that browsers
read the same way we show it. The host is shown IDNA-encoded (punycode), the
name the browser really asks for.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from tui.core.article import Article
from tui.core.sanitize import is_safe

# A scheme, then what an address may hold (non-ASCII included, so a look-alike
# address is listed whole and refused with a reason, not cut short and opened).
# Whitespace, brackets and quotes of the prose around it, and the sanitiser's
# placeholders (␛, U+FFFD) end it.
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"'`(){}|^\u2400-\u243f\ufffd]+")
_TRAILING = ".,;:!?*_~"  # sentence punctuation and Markdown emphasis after an address

#: Characters drawn like the ones that split an address into parts (`/ \ @ : . ? #`),
#: which compatibility normalisation (NFKC) does not turn into them.
LOOKALIKES = frozenset(
    "\u2044\u2215\u2571\u29f8\u1735\u3033\u2f03"  # ⁄ ∕ ╱ ⧸ : slashes
    "\u2216\u29f5\u29f9\u2572"  # ∖ ⧵ ⧹ ╲ : backslashes
    "\u3002\uff61\u0701\u0702\ua60e"  # 。 ｡ : full stops (IDNA reads 。 as a dot)
    "\u2236\ua789\u0589\u02d0\u05c3\u16ec\u1803\u1809"  # ∶ ꞉ ։ ː : colons
    "\u0294\u0241\u097d"  # ʔ Ɂ : question marks
)
_SEPARATORS = set("/\\@:.?#%")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """What following `url` would do: the host it opens, or why it must not be opened."""

    url: str
    host: str | None  # IDNA-encoded, as the browser asks for it; None when refused
    problem: str | None  # one plain sentence; None when the link may be opened

    @property
    def allowed(self) -> bool:
        return self.problem is None

    @property
    def international(self) -> bool:
        """The host has letters outside English (shown as xn--… to the browser)."""
        return self.host is not None and any(
            label.startswith("xn--") for label in self.host.split(".")
        )


def article_links(article: Article) -> list[str]:
    """The addresses an article gives: its source's identifiers first, then its text's."""
    found = article.source.links() if article.source else []
    return list(dict.fromkeys(found + text_links(article.body + "\n" + article.takeaway)))


def text_links(text: str) -> list[str]:
    """Web-style addresses written in `text`, without the punctuation that follows them."""
    return [match.group().rstrip(_TRAILING) for match in _URL.finditer(text)]


def _hidden(char: str) -> bool:
    """Invisible, a control, a space other than U+0020, or unassigned."""
    return unicodedata.category(char)[0] in "CZ" and char != " "


def _lookalike(char: str) -> bool:
    if char in LOOKALIKES:
        return True
    return not char.isascii() and any(c in _SEPARATORS for c in unicodedata.normalize("NFKC", char))


def check_link(url: str) -> LinkCheck:
    """Decide whether `url` may be opened, and which host it would open."""
    problem, host = _judge(url)
    return LinkCheck(url, None if problem else host, problem)


def _judge(url: str) -> tuple[str | None, str | None]:
    if not is_safe(url) or any(_hidden(c) for c in url) or " " in url:
        return "The address holds invisible or control characters.", None
    if any(_lookalike(c) for c in url):
        return "The address holds characters that only look like / : @ or a dot.", None
    if "\\" in url:
        return "The address holds a backslash, which browsers read as a slash.", None
    scheme, sep, _ = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return "Myelin only opens web (http or https) links.", None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "The address is not well formed.", None
    if "@" in parts.netloc:
        return (
            "The address has a user name before @: the site it opens is the part after @.",
            None,
        )
    name = parts.hostname or ""
    host = _idna(name)
    if host is None:
        return "The address's site name is not a valid name.", None
    return None, host


def _idna(name: str) -> str | None:
    """The host as the browser asks for it, or None for one it could read differently.

    Only a host already in its one canonical form is accepted: `faß.de` (which
    browsers and Python encode differently), fullwidth letters and numeric or
    IP hosts are refused, so the name shown is the name that opens.
    """
    if "%" in name or "." not in name:
        return None
    try:
        host = name.encode("idna").decode("ascii")
        if host.encode("ascii").decode("idna") != name and not name.isascii():
            return None  # the name is mapped to another before it is encoded
    except UnicodeError:  # an empty or over-long label, or xn--… that is not punycode
        return None
    labels = host.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        return None
    return host
