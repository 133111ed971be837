"""Tab completion for the `myelin` command, through argcomplete.

The shell runs `myelin` with the command line in `COMP_LINE`; `tui.cli.main`
hands the parser to `complete` before anything heavy is imported, and the
process prints its candidates and exits. Article ids and topic names come from
the index's manifest (`tui/core/index_files.py`): one small JSON file, no
Whoosh and no article parsed. A library without an index yet offers its file
names as ids and its topics.yaml names. Nothing here may write to the
terminal: a library that cannot be read simply has no candidates.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from tui.core.index_files import index_dir_for, read_manifest
from tui.core.paths import default_library
from tui.core.sanitize import is_safe

Completer = Callable[..., Iterable[str]]
#: The shell's start-up line prints this; `compdef` needs zsh's completion system loaded.
ZSH_PREAMBLE = "(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }\n"


def complete(parser: argparse.ArgumentParser) -> None:
    """Print the candidates for `COMP_LINE` and exit (argcomplete's protocol)."""
    from argcomplete import CompletionFinder

    class Finder(CompletionFinder):
        def filter_completions(self, completions: list[str]) -> list[str]:
            """argcomplete's own de-duplication is quadratic: 1.1 s for 10,000 ids."""
            return list(dict.fromkeys(completions))

    attach_completers(parser)
    Finder()(
        parser,
        always_complete_options=False,  # `show <Tab>` offers ids, `show --<Tab>` options
        default_completer=cast(Any, _nothing),  # argcomplete calls any callable
        validator=_starts_with,
    )


def shell_code(shell: str) -> str:
    """What goes in the shell's start-up file (see README, "Tab completion")."""
    from argcomplete import shellcode

    # Only `-o nospace`: with bash's own fallbacks, a library without candidates
    # would offer the files of the current folder as article ids.
    code = shellcode(["myelin"], shell=shell, complete_arguments=["-o", "nospace"])
    return ZSH_PREAMBLE + code if shell == "zsh" else code


def attach_completers(parser: argparse.ArgumentParser) -> None:
    """Give each argument its completer, by name, in every sub-command (choices such as
    --format and --sort are completed by argcomplete itself)."""
    by_dest: dict[str, Completer] = {
        "id": article_ids,
        "ids": article_ids,
        "topic": topic_names,
        "query": query_words,
        "library": _directories,
        "dir": _directories,
        "output": _files,
    }
    for action in parser._actions:
        completer = by_dest.get(action.dest)
        if completer is not None:
            action.completer = completer  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                attach_completers(sub)


# -- completers (argcomplete calls them with keyword arguments) ---------------------------


def article_ids(prefix: str, parsed_args: argparse.Namespace, **_: object) -> list[str]:
    """Ids starting with `prefix`, less those already on the line (`cite a b <Tab>`)."""
    given = set(getattr(parsed_args, "ids", None) or ())
    return [i for i in library_names(parsed_args)[0] if i.startswith(prefix) and i not in given]


def topic_names(prefix: str, parsed_args: argparse.Namespace, **_: object) -> list[str]:
    folded = prefix.casefold()
    return [t for t in library_names(parsed_args)[1] if t.casefold().startswith(folded)]


def query_words(prefix: str, parsed_args: argparse.Namespace, **_: object) -> list[str]:
    """Inside a query, `topic:Vit<Tab>` completes to `topic:"Vitamin D"`; words are free."""
    field, colon, value = prefix.partition(":")
    if not colon or field.lower() != "topic":
        return []
    value = value.lstrip('"').casefold()
    return [
        f'{field}:"{name}"' if " " in name else f"{field}:{name}"
        for name in library_names(parsed_args)[1]
        if name.casefold().startswith(value)
    ]


def library_names(parsed_args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """(article ids, topic names) of the library the command would use; empty when unknown."""
    try:
        root = default_library(getattr(parsed_args, "library", None))
        if not root.is_dir():
            return [], []
        manifest = read_manifest(index_dir_for(root)) or {}
        ids = sorted(manifest.get("files", {})) or _file_ids(root)
        topics = manifest.get("topics")
        if not isinstance(topics, list):
            topics = _yaml_topics(root)
        return [i for i in ids if _printable(i)], [t for t in topics if _printable(t)]
    except Exception:  # a completion never shows a traceback in the prompt
        return [], []


def _file_ids(root: Path) -> list[str]:
    """No index yet: ids are the file names (listing a folder parses nothing)."""
    from tui.core.library_files import markdown_names

    return sorted(os.path.basename(name)[:-3] for name in markdown_names(root)[0])


def _yaml_topics(root: Path) -> list[str]:
    from tui.core.topics import load_topics

    tree, _ = load_topics(root / "topics.yaml")
    return [topic.name for topic in tree.topics]


def _printable(name: object) -> bool:
    """Candidates reach the shell's screen: text the sanitiser would leave alone only."""
    return isinstance(name, str) and bool(name.strip()) and is_safe(name)


def _directories(prefix: str, **_: object) -> list[str]:
    from argcomplete.completers import DirectoriesCompleter

    return list(DirectoriesCompleter()(prefix))


def _files(prefix: str, **_: object) -> list[str]:
    from argcomplete.completers import FilesCompleter

    return list(FilesCompleter()(prefix))


def _nothing(**_: object) -> list[str]:
    return []


def _starts_with(candidate: str, prefix: str) -> bool:
    """argcomplete's test, ignoring quotes and case: `topic:vit` leads to `topic:"Vitamin D"`."""
    return candidate.replace('"', "").casefold().startswith(prefix.replace('"', "").casefold())
