"""Glossary terms and finding them in article text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.entry_checks import (
    NameBudget,
    capped,
    optional_text,
    read_entries_file,
    text_list,
    unknown_fields,
)
from tui.core.problems import Problem
from tui.core.sanitize import clean_scalar as _text

if TYPE_CHECKING:
    from tui.core.article import Article


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    definition: str
    why_it_matters: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a glossary term appears in a text: [start, end)."""

    term: Term
    start: int
    end: int


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)

    def find(self, name: str) -> Term | None:
        return self._by_name.get(fold(name))

    def lookup(self, words: str) -> list[Term]:
        """Terms matching `words`, best first: exact name, then a name starting with it,
        a name containing it, and last a definition mentioning it ("relapse" finds
        Relapse first, not 14th). Empty words list every term, A to Z."""
        key = fold(words.strip())
        ranked: list[tuple[int, str, Term]] = []
        for term in self.terms:
            names = [fold(n) for n in term.names]
            if not key or key in names:
                rank = 0
            elif any(n.startswith(key) for n in names):
                rank = 1
            elif any(key in n for n in names):
                rank = 2
            elif key in fold(term.definition):
                rank = 3
            else:
                continue
            ranked.append((rank, term.term.casefold(), term))
        return [term for _, _, term in sorted(ranked, key=lambda r: r[:2])]

    def has_name_starting(self, words: str) -> bool:
        """Whether a term's name starts with `words`: "pira" typed after W is a term looked
        up, "heelchair" (the rest of "Wheelchair") is not."""
        key = fold(words.strip())
        return bool(key) and any(fold(n).startswith(key) for t in self.terms for n in t.names)

    def suggest(self, words: str) -> str | None:
        """The name closest to a misspelt `words` ("releapse" → "relapse"), if any is close."""
        import difflib

        names = {fold(n): n for term in self.terms for n in term.names}
        close = difflib.get_close_matches(fold(words), list(names), n=1, cutoff=0.7)
        return names[close[0]] if close else None

    def prepare(self) -> None:
        """Build the matcher now (off the key path), not when the first article is shown."""
        _ = self._pattern, self._by_name

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        """One regex over every name; short all-capitals names match case-sensitively.

        The names are folded into a trie ("relaps(?:e|ing)..."): Python's regex
        engine tries a flat alternation name by name at every position, which
        was 13 times slower over a whole library.
        """
        names = {n for t in self.terms for n in t.names}
        exact = {n for n in names if n.isupper() and len(n) <= 5}
        loose = {fold(n) for n in names - exact}
        parts = [f"(?i:{_trie_pattern(loose)})" if loose else "", _trie_pattern(exact)]
        if not names:
            return None
        return re.compile(r"(?<![\w-])(?:" + "|".join(p for p in parts if p) + r")(?![\w-])")

    @cached_property
    def _by_name(self) -> dict[str, Term]:
        table: dict[str, Term] = {}
        for term in self.terms:
            for name in term.names:
                table.setdefault(fold(name), term)
        return table

    def mentions(self, text: str) -> list[Mention]:
        """Every place a term or alias occurs in `text`, longest name first."""
        if self._pattern is None:
            return []
        by_name = self._by_name
        found = ((by_name.get(fold(m.group())), m) for m in self._pattern.finditer(text))
        return [Mention(term, m.start(), m.end()) for term, m in found if term is not None]

    def uses(self, articles: Iterable[Article]) -> dict[str, list[str]]:
        """Term -> ids of the articles that mention it, in the order given."""
        found: dict[str, list[str]] = {}
        for article in articles:
            for term in self.in_article(article):
                found.setdefault(term.term, []).append(article.id)
        return found

    def in_article(self, article: Article) -> list[Term]:
        """The terms an article uses (title, takeaway, text, considerations), in order of
        first use: the app's `w` and the linear reader's `words` in an article."""
        text = "\n".join([article.title, article.takeaway, article.body, article.considerations])
        return self.terms_in(text)

    def terms_in(self, text: str) -> list[Term]:
        """The distinct terms used in `text`, in order of first use."""
        seen: dict[str, Term] = {}
        for mention in self.mentions(text):
            seen.setdefault(mention.term.term, mention.term)
        return list(seen.values())


#: What `casefold` leaves apart but the regex's IGNORECASE joins: dotless ı and dotted İ
#: (casefolded to "i̇") match "i", the Kelvin sign and long s are already folded.
_FOLD_MORE = str.maketrans({"\u0131": "i", "\u0307": None})


def fold(name: str) -> str:
    """The key a name is looked up by: the same for every text the term pattern matches
    (`lesıon` matches "lesion" case-insensitively, so it must find the term too)."""
    return name.casefold().translate(_FOLD_MORE)


TERM_FIELDS = ("term", "aliases", "definition", "why_it_matters")


def load_glossary(path: Path) -> tuple[Glossary, list[Problem]]:
    """Read `glossary.yaml`; a missing file is an empty glossary.

    A bad entry is skipped and a bad optional field left out; each is a problem at
    the entry's own line.
    """
    doc, problems = read_entries_file(path, "glossary.yaml")
    if doc is None:
        return Glossary(), problems
    unknown_fields(doc.data, ("terms",), "glossary.yaml", path, doc.line_at, problems)
    entries = doc.data.get("terms")
    if not isinstance(entries, list):
        line = doc.lines.get("terms", 1)
        problems.append(Problem(path, line, "needs `terms:`, a list of `- term: ...` entries"))
        return Glossary(), problems
    entries = capped(entries, "`terms:`", path, doc.lines.get("terms", 1), problems)
    terms: list[Term] = []
    seen: dict[str, str] = {}
    budget = NameBudget(path, "the terms and their aliases", problems)
    for number, entry in enumerate(entries):
        line_at = partial(doc.line_at, "terms", number)
        term = _term(entry, number + 1, path, line_at, problems)
        if term is None:
            continue
        clash = next((n for n in term.names if fold(n) in seen), None)
        if clash:
            problems.append(
                Problem(
                    path,
                    line_at(),
                    f'"{clash}" in term "{term.term}" is already '
                    f'used by "{seen[fold(clash)]}"; keep it in one place',
                )
            )
            continue
        if not budget.spend(len(term.names), line_at()):
            break
        seen.update({fold(n): term.term for n in term.names})
        terms.append(term)
    return Glossary(terms), problems


def _term(
    entry: Any, number: int, path: Path, line_at: Callable[..., int], problems: list[Problem]
) -> Term | None:
    if not isinstance(entry, dict):
        entry = {}
    name, definition = _text(entry.get("term")), _text(entry.get("definition"))
    what = f'term "{name}"' if name else f"entry {number}"
    unknown_fields(entry, TERM_FIELDS, what, path, line_at, problems)
    if name is None or definition is None:
        problems.append(
            Problem(
                path,
                line_at(),
                f"entry {number} needs `term:` and `definition:` "
                "as text (and optionally `aliases:` and `why_it_matters:`)",
            )
        )
        return None
    return Term(
        term=name,
        definition=definition,
        why_it_matters=optional_text(entry, "why_it_matters", what, path, line_at, problems),
        aliases=text_list(entry, "aliases", what, path, line_at, problems),
    )


def _trie_pattern(names: set[str]) -> str:
    """A regex matching any of `names`, the longest first, with shared prefixes merged."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def branch(node: dict[str, Any]) -> str:
        options = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(trie)
