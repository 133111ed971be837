"""Articles as linear plain text: no colour, no box drawing, headings marked with words.

Used by `myelin show --plain` and anything else that must work on a dumb
terminal, a braille display or a pipe.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

from tui.core.article import Article
from tui.core.blocks import ArticleBlock, RelatedLike, article_blocks
from tui.core.wording import evidence_line, facts_line, reading_level

#: A word that is an address to copy or open: a web address, a DOI, a file's path (also
#: in brackets or quotes, as "(https://…)").
ADDRESS = re.compile(r"""^[(\[<"']?(?:[a-z][a-z0-9+.-]*://|www\.|doi:|10\.\d{4,9}/|~?/\w)""", re.I)


class _Wrapper(textwrap.TextWrapper):
    """Words longer than the line are cut to fit, except an address: it is kept whole, on a
    line of its own, longer than the width if it must be (QA5 R13): a screen reader
    reads it as one, and a terminal's click or copy takes all of it."""

    def _handle_long_word(
        self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int
    ) -> None:
        if not ADDRESS.match(reversed_chunks[-1]):
            super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)
        elif not cur_line or not "".join(cur_line).strip():  # after the indent
            cur_line.append(reversed_chunks.pop())
        # else: the line ends here and the address starts the next


def _wrap(text: str, width: int, first: str = "", later: str = "") -> list[str]:
    """The one wrapping rule of plain output: at spaces, never at a hyphen (ids, DOIs),
    addresses whole."""
    wrapper = _Wrapper(
        max(width, 20), initial_indent=first, subsequent_indent=later, break_on_hyphens=False
    )
    return wrapper.wrap(text) or [""]


def wrap_text(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap paragraphs and `- ` bullet lines, keeping blank lines between paragraphs."""
    lines: list[str] = []
    for block in text.split("\n\n"):
        for raw in _logical_lines(block):
            bullet = raw.lstrip().startswith(("- ", "* "))
            first = indent + ("- " if bullet else "")
            body = raw.lstrip()[2:] if bullet else raw
            lines += _wrap(body, width, first, indent + ("  " if bullet else ""))
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def wrap_item(text: str, width: int) -> list[str]:
    """A numbered item: later lines indented under the text, ids never split at a hyphen."""
    return _wrap(text, width, later="   ")


def _logical_lines(block: str) -> list[str]:
    """Join soft-wrapped lines; each bullet starts a new logical line."""
    joined: list[str] = []
    for line in block.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("- ", "* ")) or not joined:
            joined.append(stripped)
        else:
            joined[-1] += " " + stripped
    return joined


def article_text(
    article: Article,
    width: int = 80,
    related: Sequence[RelatedLike] | None = None,
    caveats_first: bool = False,
    with_ids: bool = False,
    articles: Mapping[str, Article] | None = None,
) -> str:
    """The whole article as plain text wrapped to `width`.

    Written to be heard as well as seen: no rules of `=` under the title and no
    dot meters, which a screen reader spells out symbol by symbol; ratings are
    said in words. Related articles are numbered (as `related_links` orders them)
    so the linear reader can open them; `with_ids` adds their ids and the paper's web
    addresses for `myelin show`, where numbers open nothing (the linear reader says the
    addresses only when asked: `links`).
    """
    out: list[str] = wrap_text(article.title, width)
    facts = facts_line(article).replace(" · ", ", ")
    out += wrap_text(f"{facts}, {reading_level(article)}.", width)
    out += wrap_text(evidence_line(article), width)
    if article.interest is not None:
        out += wrap_text(f"Interest for people with MS now: {article.interest} out of 5.", width)
    for block in article_blocks(
        article, related or (), caveats_first, articles, addresses=with_ids
    ):
        out += _block_lines(block, width, with_ids)
    return "\n".join(out) + "\n"


def _block_lines(block: ArticleBlock, width: int, with_ids: bool) -> list[str]:
    if block.kind == "record":
        # No full stop after an identifier: it would be copied with it.
        return [line for raw in block.text.split("\n") for line in wrap_text(raw, width)]
    if block.kind == "topics":
        return ["", *wrap_text("Topics: " + ", ".join(block.items), width)]
    if block.kind == "related":
        lines = ["", heading_line(block.heading)]
        for number, link in enumerate(block.links, start=1):
            title = link.article.title
            named = f"{title} [{link.article.id}]" if with_ids else title
            lines += wrap_item(f"{number}. {named} ({link.reason})", width)
        return lines
    if block.heading:
        return ["", *wrap_text(heading_line(block.heading), width), *wrap_text(block.text, width)]
    return ["", *wrap_text(block.text, width)]


def heading_line(heading: str) -> str:
    """A heading marked as one by a colon, unless it ends in its own mark ("How common is
    it?"): "it?:" would be read out as two marks."""
    return heading if heading[-1:] in "?!:." else f"{heading}:"
