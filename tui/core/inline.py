"""Inline Markdown read as plain words: the one place that decides how `**bold**`,
`*italic*`, `` `code` `` and `[text](address)` in an article's body are shown.

Authors write run-in labels in bold ("- **Processing speed**: how quickly…"); shown as
written, every renderer printed the asterisks and a screen reader said "star star".
The words carry the meaning (a label is followed by its colon or full stop), so the
marks are dropped here, once, and the app, `show`, the linear reader, the index and the
snippets all get the same clean text. A link keeps its address beside its words,
"text (https://…)": the reader sees where it really goes, and the Links dialog still
finds it in the text.

The rules are narrower than CommonMark's on purpose: an asterisk or underscore inside
a word is never a mark, so HLA-DRB1*15:01, HLA-A*02, snake_case and `fatig*` stay as
written, and a mark never runs over a blank line or into the next list item. Every
pattern is bounded (a span of at most `MAX_SPAN` characters), so hostile text costs
time in proportion to its length. The result is plain text, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: The longest emphasised phrase or link text; longer is left as written.
MAX_SPAN = 300
#: One character of a span: anything but a line break that ends a paragraph or starts
#: a list item.
_CHAR = r"(?:[^\n]|\n(?![ \t]*(?:\n|[-*+][ \t]|\d{1,9}[.)][ \t])))"
_CODE = re.compile(rf"(?<![`\\])(`{{1,3}})(?!`)([^`\n]{{1,{MAX_SPAN}}}?)(?<!`)\1(?!`)")


def _emphasis(mark: str) -> re.Pattern[str]:
    """`mark` text `mark`: opened where a word starts and closed where one ends."""
    quoted = re.escape(mark)
    edge = re.escape(mark[0])
    return re.compile(
        rf"(?<![\w\\{edge}]){quoted}(?![\s{edge}])"
        rf"({_CHAR}{{1,{MAX_SPAN}}}?)"
        rf"(?<![\s\\{edge}]){quoted}(?![\w{edge}])"
    )


#: Longest marks first, so `***both***` loses all six and `**a *b* c**` all four.
_EMPHASIS = tuple(_emphasis(mark) for mark in ("***", "___", "**", "__", "*", "_"))
#: `[text](address "title")` and `![alt](address)`; the text holds no brackets.
_LINK = re.compile(
    rf"!?\[([^\[\]\n]{{1,{MAX_SPAN}}})\]\(\s*<?([^\s()<>]{{1,1000}})>?"
    rf"(?:\s+\"[^\"\n]{{0,{MAX_SPAN}}}\")?\s*\)"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]{1,1000})>")
#: A web address in the text (as tui/core/links.py finds them), and the marks after it.
_ADDRESS = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\s<>\"'`(){}|^]{1,1000}")
_TRAILING = ".,;:!?*_~"
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: Stands for a code span or an address while marks are read ("\x00" number "\x01"):
#: sanitised text holds no NUL.
_HELD = "\x00"
_HELD_AT = re.compile("\x00(\\d+)\x01")


def plain_inline(text: str) -> str:
    """`text` (sanitised) with inline Markdown turned into the words it marks; code spans
    and web addresses are kept exactly as written, without a code span's backticks."""
    if _HELD in text or not any(mark in text for mark in "*_`[<\\"):
        return text
    held: list[str] = []

    def hold(literal: str) -> str:
        held.append(literal)
        return f"{_HELD}{len(held) - 1}\x01"

    text = _CODE.sub(lambda m: hold(m.group(2).strip(" ") or m.group(2)), text)
    text = _AUTOLINK.sub(lambda m: hold(m.group(1)), text)
    text = _LINK.sub(lambda m: _link(m, hold), text)
    text = _ADDRESS.sub(lambda m: _address(m, hold), text)
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return _HELD_AT.sub(lambda m: held[int(m.group(1))], text)


def _link(match: re.Match[str], hold: Callable[[str], str]) -> str:
    words, address = match.group(1).strip(), match.group(2)
    return hold(address) if words in ("", address) else f"{words} ({hold(address)})"


def _address(match: re.Match[str], hold: Callable[[str], str]) -> str:
    found = match.group()
    address = found.rstrip(_TRAILING)
    return hold(address) + found[len(address) :]


#: What is left of inline Markdown that was not read (a `**` that never closes, a link
#: whose words hold brackets): it is shown as written, so `myelin check` warns about it.
_LEFT_OVER = re.compile(r"\*\*|\]\(")


def unread_markdown(text: str) -> str | None:
    """The first mark in already read `text` that will be shown as written, or None."""
    found = _LEFT_OVER.search(text)
    return found.group() if found else None
