"""Checks for the entries of topics.yaml and glossary.yaml.

Each records a problem (at the field's own line) and gives back what is usable,
so one typo costs one field, not the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core.problems import Problem
from tui.core.sanitize import clean_scalar as _text


def unknown_fields(
    entry: dict,
    known: tuple[str, ...],
    what: str,
    path: Path,
    line_at: Callable[..., int],
    problems: list[Problem],
) -> None:
    for key in entry:
        if str(key) not in known:
            problems.append(
                Problem(
                    path,
                    line_at(str(key)),
                    f'{what}: unknown field "{key}"; the fields are: {", ".join(known)}',
                )
            )


def optional_text(
    entry: dict, key: str, what: str, path: Path, line_at: Callable[..., int], problems: list
) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    text = _text(value)
    if text is None:
        problems.append(
            Problem(path, line_at(key), f"{what}: `{key}:` must be text, got {_kind(value)}")
        )
    return text or ""


def text_list(
    entry: dict, key: str, what: str, path: Path, line_at: Callable[..., int], problems: list
) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    kept = tuple(t for t in (_text(x) for x in items) if t)
    if len(kept) < len(items):
        problems.append(
            Problem(
                path,
                line_at(key),
                f"{what}: `{key}:` must be a list of words or phrases like [a, b]; "
                "leave out empty entries and nested lists",
            )
        )
    return kept


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return "a yes/no value" if isinstance(value, bool) else "nothing"
