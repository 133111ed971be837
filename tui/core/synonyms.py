"""`synonyms.yaml`: the words readers type that the articles do not use.

Lay words ("jab"), brand names ("Ocrevus"), shorthand ("7T") and other spellings
("smoldering") point one way to the words the library uses: "jab" finds "vaccine",
"vaccine" does not find "jab". `ignore:` lists words that mean nothing in a search
("vs", "getting"). Search reads this data; no such word list lives in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tui.core.entry_checks import (
    NameBudget,
    capped,
    read_entries_file,
    text_list,
    unknown_fields,
)
from tui.core.glossary import Glossary, fold
from tui.core.problems import Problem

ENTRY_FIELDS = ("words", "means")


@dataclass(frozen=True)
class Synonyms:
    """`means[typed words]` -> what to search for instead (or as well)."""

    means: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()


def load_synonyms(path: Path) -> tuple[Synonyms, list[Problem]]:
    """Read `synonyms.yaml`; a missing file is no synonyms. Bad entries become problems."""
    doc, problems = read_entries_file(path, "synonyms.yaml")
    if doc is None:
        return Synonyms(), problems
    unknown_fields(doc.data, ("synonyms", "ignore"), "synonyms.yaml", path, doc.line_at, problems)
    entries = doc.data.get("synonyms") or []
    if not isinstance(entries, list):
        line = doc.lines.get("synonyms", 1)
        problems.append(
            Problem(path, line, "`synonyms:` must be a list of `- words: [...]` entries")
        )
        entries = []
    entries = capped(entries, "`synonyms:`", path, doc.lines.get("synonyms", 1), problems)
    means: dict[str, tuple[str, ...]] = {}
    budget = NameBudget(path, "the synonyms' words", problems)
    for number, entry in enumerate(entries):
        line_at = partial(doc.line_at, "synonyms", number)
        what = f"entry {number + 1}"
        if not isinstance(entry, dict):
            problems.append(Problem(path, line_at(), f"{what} needs `words:` and `means:`"))
            continue
        unknown_fields(entry, ENTRY_FIELDS, what, path, line_at, problems)
        words = text_list(entry, "words", what, path, line_at, problems)
        meant = text_list(entry, "means", what, path, line_at, problems)
        if not words or not meant:
            problems.append(
                Problem(path, line_at(), f"{what} needs `words:` and `means:`, lists of words")
            )
            continue
        if not budget.spend(len(words) + len(meant), line_at()):
            break
        for word in words:
            key = " ".join(word.casefold().split())
            if key in means:
                problems.append(
                    Problem(path, line_at("words"), f'{what}: "{word}" is listed twice')
                )
                continue
            means[key] = meant
    ignore = text_list(doc.data, "ignore", "ignore", path, doc.line_at, problems)
    return Synonyms(means, frozenset(w.casefold() for w in ignore)), problems


def same_meaning(words: str, glossary: Glossary, synonyms: Synonyms) -> tuple[str, ...]:
    """What the library takes `words` to mean besides themselves, as search does: the
    other names of a glossary term ("Gilenya": fingolimod) and what synonyms.yaml sends
    them to ("jab": vaccine). In-article find falls back to these (QA4 Q15)."""
    key = " ".join(words.casefold().split())
    found = list(synonyms.means.get(key, ()))
    if (term := glossary.find(words)) is not None:
        found += [name for name in term.names if fold(name) != fold(words)]
    return tuple(dict.fromkeys(found))
