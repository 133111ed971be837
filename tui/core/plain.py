"""Articles as linear plain text: no colour, no box drawing, headings marked with words.

Used by `myelin show --plain` and anything else that must work on a dumb
terminal, a braille display or a pipe.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from tui.core.article import Article
from tui.core.wording import DISCLAIMER, evidence_line, facts_line, meter, source_line

if TYPE_CHECKING:  # whoosh loads only when search is first needed
    from tui.core.search import Related


def wrap_text(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap paragraphs and `- ` bullet lines, keeping blank lines between paragraphs."""
    lines: list[str] = []
    for block in text.split("\n\n"):
        for raw in _logical_lines(block):
            bullet = raw.lstrip().startswith(("- ", "* "))
            first = indent + ("- " if bullet else "")
            body = raw.lstrip()[2:] if bullet else raw
            lines += textwrap.wrap(
                body,
                width=max(width, 20),
                initial_indent=first,
                subsequent_indent=indent + ("  " if bullet else ""),
                break_long_words=True,
                break_on_hyphens=False,
            ) or [""]
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


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


def article_text(article: Article, width: int = 80, related: list[Related] | None = None) -> str:
    """The whole article as plain text wrapped to `width`."""
    out: list[str] = [*wrap_text(article.title, width), "=" * min(width, len(article.title))]
    out.append(facts_line(article).replace("·", "-"))
    if article.credibility is not None:
        out += wrap_text(
            f"Credibility: {meter(article.credibility, ascii_only=True)} {article.credibility}/5. "
            f"Interest: {meter(article.interest, ascii_only=True)} {article.interest}/5.",
            width,
        )
    out += wrap_text(evidence_line(article), width)
    if article.credibility_note:
        out += wrap_text("Why this rating: " + article.credibility_note, width)
    out += wrap_text("Source: " + source_line(article), width)
    if article.intro:
        out += ["", *wrap_text(article.intro, width)]
    if article.takeaway:
        out += ["", "Key takeaway:", *wrap_text(article.takeaway, width)]
    for section in article.sections:
        out += ["", f"{section.heading}:", *wrap_text(section.text, width)]
    if article.considerations:
        out += ["", "Important considerations:", *wrap_text(article.considerations, width)]
    if article.topics:
        out += ["", *wrap_text("Topics: " + ", ".join(article.topics), width)]
    if related:
        out += ["", "Related articles:"]
        for item in related:
            out += wrap_text(f"- {item.article.title} ({item.article.id}): {item.reason}", width)
    out += ["", *wrap_text(DISCLAIMER, width)]
    return "\n".join(out) + "\n"
