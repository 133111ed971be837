"""A numbered list as the linear reader says it: one line per item, twenty at a time,
with which part it is and how to hear the next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui.core.article import Article, full_stop
from tui.core.search import SearchResults
from tui.core.state import ReadingState
from tui.core.wording import added_on, facts_line

SHOWN = 20  # items listed per page


@dataclass
class Listing:
    """A numbered list on screen: what the numbers open."""

    heading: str
    lines: list[str]
    #: ("article"|"topic"|"term"|"section", key) for each number
    targets: list[tuple[str, str]] = field(default_factory=list)
    #: For `more`: the next page of a long list (a search, the glossary), given how many
    #: it has listed so far (`shown`); None when the list is shown whole.
    next_page: Callable[[int], Listing] | None = None
    shown: int = 0
    #: A search's results: what `sort`, `yes` and `details` act on.
    results: SearchResults | None = None
    name: str = ""  # "bookmarks" for the list `remove` acts on

    def article_ids(self) -> list[str]:
        return [key for kind, key in self.targets if kind == "article" and key]


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def paging(start: int, shown: int, total: int, more: str = "") -> str:
    """Which part of a long list this is, and how to hear the next: "Showing 1 to 20 of
    45. Type more for the next 20." Nothing when the list is shown whole."""
    if start == 0 and shown >= total:
        return ""
    last = start + shown
    said = f"Showing {start + 1}{f' to {last}' if last > start + 1 else ''} of {total}."
    if last < total:
        left = min(SHOWN, total - last)
        said += " " + (more or f"Type more for the {f'next {left}' if left > 1 else 'last one'}.")
    return said


def page_of(
    heading: str,
    hint: str,
    lines: list[str],
    targets: list[tuple[str, str]],
    start: int,
    next_page: Callable[[int], Listing],
    empty: str = "None.",
) -> Listing:
    """`lines` (numbered from 1) from `start`, one page: `more` lists the next
    (`next_page`), numbered on from this one; the heading says which part this is."""
    page = lines[start : start + SHOWN]
    heading += f". {hint}" if hint else "."
    if part := paging(start, len(page), len(lines)):
        heading += f" {part}"
    kind = targets[0][0] if targets else ""
    return Listing(
        heading,
        page or [empty],
        [(kind, "")] * start + targets[start : start + len(page)],
        next_page=next_page,
        shown=start + len(page),
    )


def article_rows(
    heading: str,
    articles: Sequence[Article],
    state: ReadingState,
    with_ids: bool = False,
    first: int = 1,
    added: bool = False,
) -> Listing:
    """Article rows, one line each: what the app's rows show, in words ("evidence 4 out
    of 5" for its dots; "already read" where the app marks the unread: fewer words to
    hear on a first visit). `with_ids` adds the id for `myelin show`; `added`, when the
    summary was added (the rows are in that order)."""
    lines = []
    for n, a in enumerate(articles, start=first):
        said = [f"{n}. {full_stop(a.title)} {facts_line(a).replace(' · ', ', ')}"]
        if a.credibility is not None:
            said.append(f"evidence {a.credibility} out of 5")
        if state.is_read(a.id):
            said.append("already read")
        if state.is_bookmarked(a.id):
            said.append("bookmarked")
        line = ", ".join(said) + "."
        line += f" Updated {a.news[0].month}." if a.news else ""
        line += f" A{full_stop(added_on(a))[1:]}" if added else ""  # "Added 2 December…"
        line += f" Id: {a.id}." if with_ids else ""
        lines.append(line)
    return Listing(heading, lines or ["No articles found."], [("article", a.id) for a in articles])
