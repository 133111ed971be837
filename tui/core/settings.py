"""The reader's own settings file: `settings.toml` in the user config dir.

For now it holds one table, `[keys]`: a binding's id and the keys it should have,
for example `"article.bookmark" = "m"` or `search = "slash,ctrl+f"`. The file is
the reader's to edit, so a mistake in it is a message naming the file, the entry
and what is wrong; the rest of the file still applies.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from tui.core.paths import read_regular
from tui.core.sanitize import is_safe, sanitize, show_name

# One or more key names (`ctrl+f`, `f2`, `question_mark`, `?`), separated by commas.
_KEYS = re.compile(r"[^\s,]{1,30}(,[^\s,]{1,30}){0,5}")
MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
#: Keys with names of their own, as the terminal (and Textual) names them.
NAMED_KEYS = {
    "escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end",
    "pageup", "pagedown", "up", "down", "left", "right",
    *(f"f{number}" for number in range(1, 25)),
    # Textual's short names for these characters (the rest use their Unicode names)
    "slash", "backslash", "at", "minus", "plus", "underscore",
}  # fmt: skip


@dataclass
class Settings:
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    problems: list[str] = field(default_factory=list)


#: A settings file is a few lines; anything larger is not one.
MAX_SETTINGS_BYTES = 64 * 2**10


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("myelin", appauthor=False)) / "settings.toml"


def read_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: the user's); a missing file is no settings."""
    path = path or settings_path()
    where = sanitize(str(path))
    try:
        # a byte-order mark (Windows Notepad) is skipped, as in every other file read
        text = read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return Settings(problems=[f"{where}: could not be read ({reason}); defaults are used."])
    import tomllib  # only for a file: its parser compiles its patterns on import (start-up)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=[f"{where}: not valid TOML ({error}); defaults are used."])
    settings = Settings()
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        settings.problems.append(f'{where}: [keys] must be a table of id = "keys".')
        return settings
    for name, value in keys.items():
        if not (isinstance(value, str) and _KEYS.fullmatch(value.replace(" ", ""))):
            settings.problems.append(
                f'{where}: [keys] {sanitize(name)}: give the keys as text, such as "ctrl+f" '
                f'or "f,ctrl+f"; got {sanitize(repr(value))[:60]}.'
            )
            continue
        given = value.replace(" ", "").split(",")
        good = [key for key in given if is_key_name(key)]
        for key in given:
            if key not in good:
                kept = "keeps its usual keys" if not good else f"uses {','.join(good)}"
                settings.problems.append(
                    f"{where}: [keys] {sanitize(name)}: {show_name(key)} is not a key "
                    f'name (such as "ctrl+f", "f2", "question_mark" or "?"); it {kept}.'
                )
        if good:
            settings.keys[name] = ",".join(good)
    return settings


def is_key_name(key: str) -> bool:
    """A key a terminal can send, named as Textual names it: modifiers joined by `+` to a
    named key, one printable character, or a character's Unicode name in snake case."""
    *modifiers, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if base in NAMED_KEYS or (len(base) == 1 and base.isprintable() and not base.isspace()):
        return is_safe(base)
    try:
        character = unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return False
    return character.isprintable() and is_safe(character)
