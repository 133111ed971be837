"""A YAML reader for untrusted files: safe, small, and explicit about types.

PyYAML's SafeLoader still expands aliases (billion-laughs), reads `no`/`on`
as booleans, turns `2024-13-45` into a ValueError and lets duplicate keys
overwrite each other silently. This loader refuses aliases, deep nesting
and duplicate keys, keeps dates and yes/no words as plain strings (the
field checks parse them with clear messages), and remembers the line of
every top-level key so problems can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_YAML_BYTES = 64 * 1024
MAX_DEPTH = 20
#: No integer a library needs is longer than this (a year, a rating, a count).
MAX_INT_CHARACTERS = 20

_DROPPED_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}


class _StrictLoader(yaml.SafeLoader):
    """Pure-Python safe loader (the C loader crashed on deep nesting)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def _next_mark(self) -> yaml.Mark | None:
        """Where the next event starts, for the error message."""
        # types-PyYAML leaves the pure-Python Parser.peek_event unannotated.
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark  # always a yaml.Mark here: this loader is pure Python
        return mark if isinstance(mark, yaml.Mark) else None

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            problem = "aliases (*name) are not allowed; write the value out"
            raise yaml.composer.ComposerError(None, None, problem, self._next_mark())
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", self._next_mark()
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    # The override may give text where SafeLoader gives an int (see the docstring).
    def construct_yaml_int(self, node: Any) -> int | str:  # type: ignore[override]
        """An integer, or the text as written when it is not a plain number a person types.

        Base-60 (`1:30` is 90 in YAML 1.1) stays text, and so does anything longer than
        `MAX_INT_CHARACTERS`: a hexadecimal, octal or base-60 integer has no digit limit,
        and Python refuses to print one of more than 4,300 digits, so a huge number would
        crash whatever shows it. A field that wants a number then says it got text.
        """
        text = str(self.construct_scalar(node))
        if ":" in text or len(text) > MAX_INT_CHARACTERS:
            return text
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f'duplicate key "{key}"; keep only one', key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(slots=True)
class YamlDocument:
    """A parsed mapping and the (1-based) line of each top-level key."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    node: yaml.Node | None = None
    first_line: int = 1

    def line_at(self, *steps: str | int) -> int:
        """The line of the value reached by `steps` (keys and list positions), so a problem
        deep in topics.yaml points at its own entry; the nearest line found if one is missing.
        """
        node, line = self.node, 0 if self.node is None else self.node.start_mark.line
        for step in steps:
            if isinstance(node, yaml.MappingNode):
                pair = next((p for p in node.value if p[0].value == str(step)), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line
            else:
                break
        return self.first_line + line


#: Spaces YAML does not take for a space: a word processor or a web page puts them
#: after "title:", and YAML then says "mapping values are not allowed here" (QA5 R16).
ODD_SPACES = {
    "\u00a0": "a non-breaking space",
    "\u2007": "a figure space",
    "\u202f": "a narrow non-breaking space",
    "\u3000": "a wide space",
}


def _odd_space(text: str, up_to: int, first_line: int) -> tuple[int, str] | None:
    """(line, words) of the last odd space on the lines up to the error's, if any."""
    lines = text.split("\n")[: up_to + 1]
    for number in reversed(range(len(lines))):
        line = lines[number]
        found = sorted((line.index(c), name) for c, name in ODD_SPACES.items() if c in line)
        if found:
            place, name = found[0]
            before = line[:place].strip()[-40:]
            where = f" after `{before}`" if before else ""
            said = f"this line has {name}{where}; type a normal space there instead"
            return first_line + number, said
    return None


class YamlProblem(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load_mapping(
    text: str, first_line: int = 1, what: str = "the YAML", limit: int = MAX_YAML_BYTES
) -> YamlDocument:
    """Parse `text` (which starts at `first_line` of its file) into a mapping."""
    if len(text.encode("utf-8", "replace")) > limit:
        raise YamlProblem(f"{what} is larger than {limit // 1024} KiB", first_line)
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as error:  # the reader rejects some characters up front
        raise YamlProblem(f"{what} is not valid YAML: {error}", first_line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(f"{what} is empty", first_line)
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise YamlProblem(
                f"{what} must be a set of `key: value` lines, found {kind}",
                first_line + node.start_mark.line,
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        if said := _odd_space(text, mark.line if mark else 0, first_line):
            raise YamlProblem(said[1], said[0]) from None
        raise YamlProblem(f"{what} is not valid YAML: {error.problem or error}", line) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"{what} is not valid YAML: {error}", first_line) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as error:
        raise YamlProblem(f"{what} could not be read: {error}", first_line) from None
    finally:
        loader.dispose()
    lines = {
        str(key_node.value): first_line + key_node.start_mark.line for key_node, _ in node.value
    }
    return YamlDocument(
        data={str(k): v for k, v in data.items()}, lines=lines, node=node, first_line=first_line
    )
