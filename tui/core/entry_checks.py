"""Checks for the entries of topics.yaml and glossary.yaml.

Each records a problem (at the field's own line) and gives back what is usable,
so one typo costs one field, not the whole file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.library_files import read_bounded
from tui.core.problems import Problem, ProblemError
from tui.core.sanitize import clean_scalar as _text

if TYPE_CHECKING:
    from tui.core.yamlsafe import YamlDocument

#: One entry of the file as parsed (its keys and values are checked here).
Entry = Mapping[str, object]
#: The line of a key or of a path of keys into the file (`YamlDocument.line_at`).
LineAt = Callable[..., int]

#: topics.yaml, glossary.yaml and synonyms.yaml may be as large as an article file.
MAX_ENTRIES_FILE_BYTES = 1024 * 1024


def read_entries_file(path: Path, what: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse topics.yaml, glossary.yaml or synonyms.yaml: (None, []) when there is none.

    Read like an article file (a regular file, read no further than its size cap)
    and parsed by the strict YAML loader; every failure is one problem.
    """
    if not os.path.lexists(path):
        return None, []
    from tui.core.yamlsafe import YamlProblem, load_mapping  # start-up needs no YAML

    try:
        raw, _ = read_bounded(path, MAX_ENTRIES_FILE_BYTES, path.parent, what)
        text = raw.decode("utf-8-sig")
        return load_mapping(text, what=what, limit=MAX_ENTRIES_FILE_BYTES), []
    except ProblemError as error:
        return None, [Problem(path, error.line, error.message)]
    except YamlProblem as error:
        return None, [Problem(path, error.line, error.message)]
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        return None, [Problem(path, line, message)]


def unknown_fields(
    entry: Entry,
    known: tuple[str, ...],
    what: str,
    path: Path,
    line_at: LineAt,
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
    entry: Entry, key: str, what: str, path: Path, line_at: LineAt, problems: list[Problem]
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
    entry: Entry, key: str, what: str, path: Path, line_at: LineAt, problems: list[Problem]
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


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return "a yes/no value" if isinstance(value, bool) else "nothing"
