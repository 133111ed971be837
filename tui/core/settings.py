"""The reader's own settings file: `settings.toml` in the user config dir.

For now it holds one table, `[keys]`: a binding's id and the keys it should have,
for example `"article.bookmark" = "m"` or `search = "slash,ctrl+f"`. The file is
the reader's to edit, so a mistake in it is a message naming the file, the entry
and what is wrong; the rest of the file still applies.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from tui.core.sanitize import sanitize

# One or more key names (`ctrl+f`, `f2`, `question_mark`, `?`), separated by commas.
_KEYS = re.compile(r"[^\s,]{1,30}(,[^\s,]{1,30}){0,5}")


@dataclass
class Settings:
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    problems: list[str] = field(default_factory=list)


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("myelin", appauthor=False)) / "settings.toml"


def read_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: the user's); a missing file is no settings."""
    path = path or settings_path()
    where = sanitize(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        return Settings(problems=[f"{where}: could not be read ({error}); defaults are used."])
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=[f"{where}: not valid TOML ({error}); defaults are used."])
    settings = Settings()
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        settings.problems.append(f'{where}: [keys] must be a table of id = "keys".')
        return settings
    for name, value in keys.items():
        if isinstance(value, str) and _KEYS.fullmatch(value.replace(" ", "")):
            settings.keys[name] = value.replace(" ", "")
        else:
            settings.problems.append(
                f'{where}: [keys] {sanitize(name)}: give the keys as text, such as "ctrl+f" '
                f'or "f,ctrl+f"; got {sanitize(repr(value))[:60]}.'
            )
    return settings
