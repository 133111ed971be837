"""Topics grouped into categories, read from the library's `topics.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def load_topics(path: Path) -> tuple[TopicTree, list[Problem]]:
    """Read `topics.yaml`; a missing file is an empty tree, not a problem."""
    tree = TopicTree()
    if not path.exists():
        return tree, []
    problems: list[Problem] = []
    from tui.core.yamlsafe import YamlProblem, load_mapping  # start-up needs no YAML

    try:
        doc = load_mapping(path.read_text(encoding="utf-8-sig"), what="topics.yaml")
    except YamlProblem as error:
        return tree, [Problem(path, error.line, error.message)]
    except (OSError, UnicodeDecodeError) as error:
        return tree, [Problem(path, None, f"cannot be read as UTF-8 text ({error})")]
    categories = doc.data.get("categories")
    if not isinstance(categories, list):
        return tree, [
            Problem(
                path,
                doc.lines.get("categories", 1),
                "needs `categories:`, a list of `- name: ...` with `topics:`",
            )
        ]
    line = doc.lines.get("categories", 1)
    for number, entry in enumerate(categories, start=1):
        name = _text(entry.get("name")) if isinstance(entry, dict) else None
        if name is None:
            problems.append(Problem(path, line, f"category {number} needs a `name:`"))
            continue
        topics = entry.get("topics") or []
        if not isinstance(topics, list):
            problems.append(Problem(path, line, f'category "{name}": `topics:` must be a list'))
            continue
        for item in topics:
            topic = _topic(item, name)
            if topic is None:
                problems.append(
                    Problem(
                        path,
                        line,
                        f'category "{name}": each topic needs a '
                        "`name:` (and optionally `description:` and `aliases:`)",
                    )
                )
            elif tree.find(topic.name):
                problems.append(Problem(path, line, f'topic "{topic.name}" is listed twice'))
            else:
                tree.add(topic)
    return tree, problems


def _topic(item: Any, category: str) -> Topic | None:
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict) or _text(item.get("name")) is None:
        return None
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        aliases = [aliases]
    return Topic(
        name=_text(item["name"]) or "",
        category=category,
        description=_text(item.get("description")) or "",
        aliases=tuple(a for a in (_text(x) for x in aliases) if a),
    )
