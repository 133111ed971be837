"""Topics grouped into categories, read from the library's `topics.yaml`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tui.core.entry_checks import (
    MAX_ENTRIES,
    capped,
    optional_text,
    read_entries_file,
    text_list,
    unknown_fields,
)
from tui.core.problems import Problem
from tui.core.sanitize import clean_scalar as _text

OTHER_CATEGORY = "Other"


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    category: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Category:
    name: str
    topics: list[Topic] = field(default_factory=list)
    #: Its topics are conditions other than MS (NMOSD, MOGAD): search ranks articles mainly
    #: about them after those about MS, unless the search names one (`other_conditions:`).
    other_conditions: bool = False
    #: Its topics are a particular group or situation (children, pregnancy, vaccines, side
    #: effects): a search of a name alone ranks articles mainly about them after the others
    #: ("teriflunomide": the main trial before the children's), `particular:`.
    particular: bool = False


@dataclass(slots=True)
class TopicTree:
    """Categories in file order; every topic an article uses has a place in it."""

    categories: list[Category] = field(default_factory=list)
    _by_key: dict[str, Topic] = field(default_factory=dict)

    def add(self, topic: Topic) -> None:
        category = next((c for c in self.categories if c.name == topic.category), None)
        if category is None:
            category = Category(topic.category)
            self.categories.append(category)
        category.topics.append(topic)
        for key in (topic.name, *topic.aliases):
            self._by_key.setdefault(key.casefold(), topic)

    def find(self, name: str) -> Topic | None:
        """The topic called `name` or one of its aliases, ignoring case."""
        return self._by_key.get(name.casefold())

    def canonical(self, name: str) -> str:
        topic = self.find(name)
        return topic.name if topic else name

    def not_found(self, name: str, counts: dict[str, int]) -> str | None:
        """What to say when a search asks for a topic (`--topic X`, `topic:X`) that no
        article has, with the nearest topic name; None when the topic has articles."""
        if self.canonical(name) in counts:
            return None
        import difflib

        from tui.core.sanitize import show_name

        names = {topic.name.casefold(): topic.name for topic in self.topics}
        key = name.casefold()
        # Only a genuine near miss (a typo, a plural, "sleeping"): at 0.5 "Nonexistent"
        # was offered "Exercise". Else a name the words hold, or that holds them.
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.7)
        close = close or [n for n in names if len(key) > 2 and (key in n or n in key.split())]
        hint = f' Did you mean "{names[close[0]]}"?' if close else ""
        return f'No topic "{show_name(name)}" in this library.{hint}'

    def ensure(self, name: str) -> str:
        """Give an unknown topic a place under "Other"; return its canonical name."""
        topic = self.find(name)
        if topic is None:
            topic = Topic(name, OTHER_CATEGORY)
            self.add(topic)
        return topic.name

    @property
    def topics(self) -> list[Topic]:
        return [t for c in self.categories for t in c.topics]

    def other_condition(self, name: str) -> bool:
        """Whether topic `name` is a condition other than MS (its category says so)."""
        topic = self.find(name)
        category = next((c for c in self.categories if topic and c.name == topic.category), None)
        return category is not None and category.other_conditions


CATEGORY_FIELDS = ("name", "topics", "other_conditions", "particular")
FLAGS = ("other_conditions", "particular")  # a category's true-or-false fields
TOPIC_FIELDS = ("name", "description", "aliases")


def load_topics(path: Path) -> tuple[TopicTree, list[Problem]]:
    """Read `topics.yaml`; a missing file is an empty tree, not a problem.

    A bad entry is skipped (its articles then fall under "Other") and a bad optional
    field is left out; each is a problem at the entry's own line.
    """
    tree = TopicTree()
    doc, problems = read_entries_file(path, "topics.yaml")
    if doc is None:
        return tree, problems
    unknown_fields(doc.data, ("categories",), "topics.yaml", path, doc.line_at, problems)
    categories = doc.data.get("categories")
    if not isinstance(categories, list):
        problems.append(
            Problem(
                path,
                doc.lines.get("categories", 1),
                "needs `categories:`, a list of `- name: ...` with `topics:`",
            )
        )
        return tree, problems
    categories = capped(categories, "`categories:`", path, doc.lines["categories"], problems)
    every = [
        t
        for c in categories
        if isinstance(c, dict) and isinstance(c.get("topics"), list)
        for t in c["topics"]
    ]
    capped(every, "the categories' `topics:` together", path, doc.lines["categories"], problems)
    room = MAX_ENTRIES  # topics in all categories together: the first are used
    for number, entry in enumerate(categories):
        line = doc.line_at("categories", number)
        name = _text(entry.get("name")) if isinstance(entry, dict) else None
        if name is None:
            problems.append(
                Problem(path, line, f"category {number + 1} needs `name:` as text; add one")
            )
            continue
        where = ("categories", number)
        unknown_fields(entry, CATEGORY_FIELDS, f'category "{name}"', path, doc.line_at, problems)
        topics = entry.get("topics") or []
        if not isinstance(topics, list):
            problems.append(
                Problem(
                    path,
                    doc.line_at(*where, "topics"),
                    f'category "{name}": `topics:` must be a list of `- name: ...` entries',
                )
            )
            continue
        topics = topics[:room]
        room -= len(topics)
        for position, item in enumerate(topics):
            steps = (*where, "topics", position)
            topic = _topic(item, name, path, partial(doc.line_at, *steps), problems)
            if topic is None:
                continue
            names = (topic.name, *topic.aliases)
            clash, owner = next(((n, t.name) for n in names if (t := tree.find(n))), ("", ""))
            if clash:
                problems.append(
                    Problem(
                        path,
                        doc.line_at(*steps),
                        f'"{clash}" in topic "{topic.name}" is already used by topic '
                        f'"{owner}"; keep each name and alias in one place',
                    )
                )
                if clash == topic.name:
                    continue
                topic = Topic(
                    topic.name,
                    topic.category,
                    topic.description,
                    tuple(a for a in topic.aliases if not tree.find(a)),
                )
            tree.add(topic)
        for flag in FLAGS:
            value = entry.get(flag, False)
            if not isinstance(value, bool):
                problems.append(
                    Problem(
                        path,
                        doc.line_at(*where, flag),
                        f'category "{name}": `{flag}:` must be true or false',
                    )
                )
            elif value:
                for category in tree.categories:
                    if category.name == name:
                        setattr(category, flag, True)
    return tree, problems


def _topic(
    item: Any, category: str, path: Path, line_at: Callable[..., int], problems: list[Problem]
) -> Topic | None:
    if isinstance(item, str):
        item = {"name": item}
    name = _text(item.get("name")) if isinstance(item, dict) else None
    if name is None:
        problems.append(
            Problem(
                path,
                line_at(),
                f'category "{category}": each topic needs `name:` as text '
                "(and optionally `description:` and `aliases:`)",
            )
        )
        return None
    what = f'topic "{name}"'
    unknown_fields(item, TOPIC_FIELDS, what, path, line_at, problems)
    description = optional_text(item, "description", what, path, line_at, problems)
    aliases = text_list(item, "aliases", what, path, line_at, problems)
    return Topic(name=name, category=category, description=description, aliases=aliases)
