"""Links in an article: finding them, and deciding whether one may be opened.

A link's text is written by the library's author, so what a reader sees must be
what would open. `check_link` refuses anything but http(s), a user name or
password before the host (`https://www.nih.gov∕health∕@evil.example/` opens
evil.example: the slashes are U+2215), invisible or control characters, and
look-alike punctuation in the host; it gives the host that would really open,
IDNA-encoded, so a non-ASCII look-alike host shows as `xn--...`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from tui.core.article import Article
from tui.core.sanitize import is_safe

#: A web address in running text: a scheme, `://`, then anything up to a space, a quote,
#: a character no address holds, or a sanitiser's placeholder (␛, �), which ends it.
#: Non-ASCII characters stay in, so a look-alike is refused whole, not cut to a safe part.
URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"'`{}|\\^\u2400-\u2426\ufffd]+")
_TRAILING = ".,;:!?)]}»”’"


def article_links(article: Article) -> list[str]:
    """The source's links (DOI, PubMed, registry) and every address in the text, once each."""
    found = article.source.links() if article.source else []
    text = "\n".join([article.takeaway, article.body, article.considerations])
    found += [match.rstrip(_TRAILING) for match in URL.findall(text)]
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """Whether `url` may be opened, the host it would open, and if not, why not."""

    url: str
    allowed: bool
    host: str = ""
    reason: str = ""


def check_link(url: str) -> LinkCheck:
    """Only an http(s) address whose host is what it seems may ever be opened."""
    if not is_safe(url) or any(c.isspace() for c in url):
        return LinkCheck(url, False, reason="it holds invisible or control characters")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return LinkCheck(url, False, reason="it is not a valid web address")
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return LinkCheck(url, False, reason="Myelin only opens web (http or https) links")
    if "@" in parts.netloc:
        return LinkCheck(
            url, False, reason=f"the part before “@” hides the real address, {hostname}"
        )
    odd = [c for c in parts.netloc if ord(c) > 127 and unicodedata.category(c)[0] not in "LMN"]
    if odd:
        names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(odd))
        return LinkCheck(url, False, reason=f"its host holds look-alike characters ({names})")
    try:
        host = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return LinkCheck(url, False, reason="its host is not a valid name")
    return LinkCheck(url, True, host=host)
