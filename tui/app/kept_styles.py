"""The app's and the widgets' CSS as parsed at an earlier start, kept for the next.

Every start parsed the same CSS into the same rules before its first frame (about 10 ms,
a twentieth of the start, issue 17). What is parsed is kept in the cache folder, in one
file per Textual version and set of theme colours (the colours are parsed into the
rules), and each piece of CSS is taken back from there when it is the same text from
the same place; anything else is parsed as before. A file that cannot be read or
written costs only that time: the CSS is parsed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import textual
from textual.css import model, styles
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from tui.core.atomic import atomic_file
from tui.core.paths import load_private_pickle, private_dir

log = logging.getLogger(__name__)

#: What `Stylesheet._parse_rules` parses: the CSS, where it is from, and how it counts.
Source = tuple[str, CSSLocation, bool, int, str]


def styles_file(folder: Path, variables: dict[str, str]) -> Path:
    """The file for this Python, this copy of Textual and these theme colours. Textual
    is told by its files (an upgrade writes them anew): asking for its version reads its
    package metadata, which took longer than the parsing saved."""
    installed = [sys.version]
    for module in (textual, model, styles):
        info = os.stat(module.__file__ or "")
        installed.append(f"{module.__file__}:{info.st_size}:{info.st_mtime_ns}")
    digest = hashlib.sha256(repr((installed, sorted(variables.items()))).encode())
    return folder / "styles" / f"{digest.hexdigest()[:24]}.pickle"


class KeptStylesheet(Stylesheet):
    """Textual's stylesheet, taking each source's rules from the kept file when it can."""

    def __init__(self, *, variables: dict[str, str], folder: Path) -> None:
        super().__init__(variables=variables)
        self._folder = folder
        self._file = styles_file(folder, variables)
        #: Each source's rules, pickled, as read from the file.
        self._kept: dict[Source, bytes] = _read(self._file)
        #: Rules parsed that the file does not have, pickled when kept (as the app ends:
        #: a start pays only the parsing).
        self._new: dict[Source, list[RuleSet]] = {}

    def set_variables(self, variables: dict[str, str]) -> None:
        """Other colours (another theme): the rules kept for the old ones are not theirs."""
        if variables != self._variables:
            self._file = styles_file(self._folder, variables)
            self._kept, self._new = {}, {}
        super().set_variables(variables)

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        source: Source = (css, read_from, is_default_rules, tie_breaker, scope)  # as cached
        if source not in self._parse_cache and source in self._kept:
            try:
                self._parse_cache[source] = pickle.loads(self._kept[source])
            except Exception:  # this version's, yet unreadable: parsed below
                log.info("kept styles unreadable; parsing", exc_info=True)
        new = source not in self._parse_cache
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if new and not any(rule.errors for rule in rules):  # a mistake is said each time
            self._new[source] = rules
        return rules

    def keep(self) -> None:
        """Write the rules parsed so far for the next start, if any were new (from any
        thread: what is parsed meanwhile is kept the next time)."""
        path, kept, parsed = self._file, self._kept, self._new  # another theme's are others
        new = [parsed.popitem() for _ in range(len(parsed))]
        if not new:
            return
        for source, rules in new:
            try:
                kept[source] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # a value that does not pickle: that CSS is parsed each time
                log.info("could not keep the styles of %s", source[1], exc_info=True)
        try:
            private_dir(path.parent)
            with atomic_file(path) as out:
                pickle.dump(kept.copy(), out, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            log.info("could not keep the parsed styles", exc_info=True)


def _read(path: Path) -> dict[Source, bytes]:
    try:
        with path.open("rb") as handle:
            kept: Any = load_private_pickle(handle)
    except FileNotFoundError:
        return {}
    except Exception:  # damaged, or another user's: parse, and write it anew
        log.info("kept styles unreadable; parsing", exc_info=True)
        return {}
    return kept if isinstance(kept, dict) else {}
