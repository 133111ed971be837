"""Checks for the entries of topics.yaml and glossary.yaml.

Each records a problem (at the field's own line) and gives back what is usable,
so one typo costs one field, not the whole file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.library_files import read_bounded
from tui.core.problems import Problem, ProblemError
from tui.core.sanitize import clean_scalar as _text

if TYPE_CHECKING:
    from tui.core.yamlsafe import YamlDocument

#: One entry of the file as parsed (its keys and values are checked here).
Entry = Mapping[str, object]
#: The line of a key or of a path of keys into the file (`YamlDocument.line_at`).
LineAt = Callable[..., int]

#: Bounds of topics.yaml, glossary.yaml and synonyms.yaml, as an article's front matter
#: and its updates are bounded: the strict YAML reader is pure Python (about 2 ms a KiB,
#: on a first start and in every `check`) and every entry costs every command after (the
#: glossary's names are looked for in each article shown, the synonyms in each question).
#: At 1 MiB, 10,658 terms made `check` 7 s of CPU and each search 4 times slower (QA3
#: H38); the bundled glossary is 70 KiB and 204 terms.
MAX_ENTRIES_FILE_BYTES = 256 * 1024
#: Entries of one list (terms, synonyms, topics, one term's aliases): the first are used.
MAX_ENTRIES = 1_000
#: Names (terms and their aliases) or typed words (synonyms) of one file together: each is
#: looked for in every article or question (the bundled files hold 763 and 280).
MAX_NAMES = 5_000


def read_entries_file(path: Path, what: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse topics.yaml, glossary.yaml or synonyms.yaml: (None, []) when there is none.

    Read like an article file (a regular file, read no further than its size cap)
    and parsed by the strict YAML loader; every failure is one problem.
    """
    if not os.path.lexists(path):
        return None, []
    from tui.core.yamlsafe import YamlProblem, load_mapping  # start-up needs no YAML

    try:
        fix = "keep the entries readers need, each short"
        raw, _ = read_bounded(path, MAX_ENTRIES_FILE_BYTES, path.parent, what, fix)
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


def capped(
    items: list[Any], what: str, path: Path, line: int, problems: list[Problem]
) -> list[Any]:
    """The first `MAX_ENTRIES` of `items`, and a problem naming the list when there were
    more: a library too big to use whole is still read."""
    limit = MAX_ENTRIES
    if len(items) <= limit:
        return items
    problems.append(
        Problem(
            path,
            line,
            f"{what} has {len(items):,} entries; keep at most {MAX_ENTRIES:,} "
            f"(only the first {limit:,} are used)",
        )
    )
    return items[:limit]


class NameBudget:
    """What is left of `MAX_NAMES` in one file: the entry that passes it and those after
    it are left out (the caller stops there), said once."""

    def __init__(self, path: Path, what: str, problems: list[Problem]) -> None:
        self.path, self.what, self.problems = path, what, problems
        self.left = MAX_NAMES

    def spend(self, count: int, line: int) -> bool:
        if count > self.left:
            message = (
                f"{self.what} pass {MAX_NAMES:,} names at this entry; it and the entries "
                f"after it are left out (keep at most {MAX_NAMES:,})"
            )
            self.problems.append(Problem(self.path, line, message))
            return False
        self.left -= count
        return True


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
    items = (
        capped(value, f"{what}: `{key}:`", path, line_at(key), problems)
        if isinstance(value, list)
        else [value]
    )
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
