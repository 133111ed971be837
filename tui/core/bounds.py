"""Bounds on what one word, line or article can cost to show, mark and search.

Wrapping, highlighting, glossary matching, the reading grade and search snippets all
take time in proportion to the text, and Rich's wrapping of one long line or word
more than that: a 1 MiB one-line article took 12 s to open and 8 s per `n`, and a
1,000,000-letter word froze the reader. So the text an article gives is cut where it
is read, once, and every step after it (the app, the CLI, the plain reader, the
index) works on at most these sizes. Real summaries are far below them (the longest
bundled one holds 8 KB, its longest paragraph 1.7 KB, its longest word 53 letters);
what is cut is marked, and `myelin check` warns about it.
"""

from __future__ import annotations

import re

from tui.core.article import Section

MAX_WORD = 1_000  # characters without a space: a long web address still fits
MAX_LINE = 5_000  # one line (a paragraph written on one line)
MAX_PANEL = 5_000  # the Key takeaway, the Important considerations
MAX_TEXT = 20_000  # intro and sections together (about 3,300 words)
MAX_SECTIONS = 30  # each is two widgets to lay out; the most a bundled article has is 12
MAX_HEADING = 200

#: A word over the bound; the look-behind starts a match only at a word's first character,
#: so the scan stays linear however many long words there are.
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{MAX_WORD + 1},}}")
_MARK = re.compile(r"\[… [\d,]+ more (?:characters|sections) not shown\]")


def marker(count: int, what: str = "characters") -> str:
    return f"[… {count:,} more {what} not shown]"


def was_cut(text: str) -> bool:
    """True when `text` carries a marker: some of what the file holds is not shown."""
    return _MARK.search(text) is not None


def bounded(text: str, budget: int = MAX_TEXT) -> str:
    """`text` with long words and lines cut, and at most about `budget` characters in all."""
    if len(text) <= min(budget, MAX_LINE, MAX_WORD):
        return text
    text = _LONG_WORD.sub(_cut_word, text)
    if len(text) <= budget and all(len(line) <= MAX_LINE for line in text.split("\n")):
        return text
    out: list[str] = []
    used = 0  # characters kept, markers included
    read = 0  # characters of `text` gone through
    for line in text.split("\n"):
        read += len(line) + 1
        room = min(MAX_LINE, budget - used)
        if len(line) <= room:
            out.append(line)
            used += len(line) + 1
            continue
        cut = _cut_line(line, room)
        spent = room < MAX_LINE  # the budget is spent: the lines after this one go too
        left = len(line) - len(cut) + (max(0, len(text) - read + 1) if spent else 0)
        out.append(f"{cut} {marker(left)}".lstrip())
        if spent:
            break
        used += len(out[-1]) + 1
    return "\n".join(out)


def heading(text: str) -> str:
    """A section heading on one short line (it is listed by `t`)."""
    return text if len(text) <= MAX_HEADING else text[: MAX_HEADING - 1] + "…"


def _cut_word(match: re.Match[str]) -> str:
    word = match.group()
    return f"{word[:MAX_WORD]} {marker(len(word) - MAX_WORD)}"


def _cut_line(line: str, room: int) -> str:
    """The first `room` characters, ended at a space when there is one near the end."""
    if room <= 0:
        return ""
    cut = line[:room]
    space = cut.rfind(" ", max(0, room - 200))
    return (cut[:space] if space > 0 else cut).rstrip()


def bounded_article(
    intro: str, sections: list[Section], takeaway: str, considerations: str
) -> tuple[str, list[Section], str, str]:
    """An article's text within the bounds; the panels have their own, so a huge
    finding can never push the takeaway or the caveats out."""
    budget = MAX_TEXT
    intro = bounded(intro, budget)
    budget -= len(intro)
    kept: list[Section] = []
    for number, section in enumerate(sections):
        if len(kept) == MAX_SECTIONS or budget <= 0:
            note = marker(len(sections) - number, "sections")
            if kept:
                kept[-1] = Section(kept[-1].heading, f"{kept[-1].text}\n\n{note}")
            else:
                intro = f"{intro}\n\n{note}".lstrip()
            break
        text = bounded(section.text, budget)
        kept.append(Section(heading(section.heading), text))
        budget -= len(text) + len(kept[-1].heading)
    return intro, kept, bounded(takeaway, MAX_PANEL), bounded(considerations, MAX_PANEL)
