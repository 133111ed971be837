"""A hostile library, built fresh for each test that needs it.

Every field and body carries terminal escapes (clear screen, OSC 52 clipboard
writes, OSC 8 hyperlinks, terminal reset, C1 controls, bidi overrides, NUL)
and Rich/Textual markup; every kind of broken file a user could point Myelin at
sits beside two good articles. Built in code rather than committed so the bytes
are exact and the 50 MB file costs nothing.
"""

from __future__ import annotations

from pathlib import Path

ESCAPES = (
    "\x1b[2J\x1b[H"  # clear screen, cursor home
    "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1bc"  # full reset
    "\x9b31m"  # C1 CSI
    "\u202eevil\u202c"  # bidi override
    "\x00"  # NUL
)
MARKUP = "[bold red]Loud[/] [@click=app.quit]Quit[/] [link=file:///etc/passwd]pw[/link] [/]"

SHORT_MARKUP = "[bold red]x[/] [@click=app.quit]q[/]"
_SHORT_ESCAPES = "\\e[2J\\e]52;c;eA==\\a\\u202e\\0"

# The escapes are written as YAML escapes in double-quoted front matter fields.
_YAML_ESCAPES = (
    "\\e[2J\\e[H\\e]52;c;cm0gLXJmIH4=\\a\\e]8;;https://evil.example/\\e\\\\click"
    "\\e]8;;\\e\\\\\\ec\\x9b31m\\u202eevil\\u202c\\0"
)

HOSTILE_ARTICLE = f"""---
title: "Hostile {_YAML_ESCAPES} {MARKUP}"
date: 2024-05-05
kind: summary
topics: ["EBV", "Topic {_SHORT_ESCAPES}", "{SHORT_MARKUP}"]
study_type: "cohort {_SHORT_ESCAPES}"
credibility: 3
credibility_note: "Note {_YAML_ESCAPES} {MARKUP}"
interest: 2
source:
  journal: "Journal {_YAML_ESCAPES} {MARKUP}"
  year: 2020
  authors: "Author {_YAML_ESCAPES}"
  url: https://example.org/paper
---

## Key takeaway
Takeaway {ESCAPES} {MARKUP}

## What they found
Body {ESCAPES} {MARKUP}
Links: file:///etc/passwd ../../etc/hostname javascript:alert(1) gopher://old.example/x
https://example.org/ok

## Who should care and why
Readers of hostile text {MARKUP}

## Important considerations
Caveat {ESCAPES} {MARKUP}
"""

GOOD_ARTICLE = """---
title: A good article about relapses
date: 2023-01-01
kind: summary
topics: [Relapses]
study_type: cohort study
credibility: 4
credibility_note: A plain rating.
interest: 3
source:
  journal: Good Journal
  year: 2021
---

## Key takeaway
Relapses are new or worse symptoms.

## What they found
Plain findings.

## Important considerations
Plain caveats.
"""

ALIAS_BOMB = (
    "---\n"
    + 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\n"
)

BROKEN: dict[str, bytes] = {
    "alias-bomb.md": ALIAS_BOMB.encode(),
    "deep-nesting.md": ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n").encode(),
    "top-level-list.md": b"---\n- a\n- b\n---\n",
    "top-level-string.md": b"---\njust words\n---\n",
    "duplicate-keys.md": GOOD_ARTICLE.replace(
        "kind: summary", "kind: summary\nkind: explainer"
    ).encode(),
    "impossible-date.md": GOOD_ARTICLE.replace("2023-01-01", "2024-13-45").encode(),
    "wrong-types.md": GOOD_ARTICLE.replace("credibility: 4", "credibility: [4]")
    .replace("interest: 3", "interest: high")
    .encode(),
    "yes-no-words.md": GOOD_ARTICLE.replace("credibility: 4", "credibility: on").encode(),
    "no-front-matter.md": b"## Key takeaway\nNo front matter at all.\n",
    "unterminated.md": b"---\ntitle: never closed\ndate: 2024-01-01\n",
    "latin-1.md": "---\ntitle: caf\xe9\n---\n".encode("latin-1"),
    "binary.md": bytes(range(256)) * 4,
    "empty.md": b"",
}


def build_hostile_library(root: Path, huge: bool = True) -> Path:
    """Write the hostile library into `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "hostile.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (root / "good-one.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    (root / "bom.md").write_bytes(
        b"\xef\xbb\xbf"
        + GOOD_ARTICLE.replace(
            "A good article about relapses", "A good article with a byte order mark"
        ).encode()
    )
    for name, content in BROKEN.items():
        (root / name).write_bytes(content)
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "folder-loop").symlink_to(root)
    if huge:
        with (root / "huge.md").open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)
    (root / "topics.yaml").write_text(
        f'categories:\n  - name: "Cat {_YAML_ESCAPES} {MARKUP}"\n    topics:\n'
        f'      - name: EBV\n        description: "D {_YAML_ESCAPES}"\n'
        f'        aliases: ["{MARKUP}x"]\n',
        encoding="utf-8",
    )
    (root / "glossary.yaml").write_text(
        f'terms:\n  - term: "Relapses"\n    aliases: ["{MARKUP}"]\n'
        f'    definition: "Def {_YAML_ESCAPES} {MARKUP}"\n    why_it_matters: "W {MARKUP}"\n',
        encoding="utf-8",
    )
    (root / "synonyms.yaml").write_text(  # the in-article find says these "found as" (QA5 R21)
        "synonyms:\n  - words: [smuggled]\n"
        f'    means: [hostile, "{MARKUP}", "E {_YAML_ESCAPES}"]\n',
        encoding="utf-8",
    )
    return root


GOOD_IDS = {"hostile", "good-one", "bom"}
BROKEN_FILES = {*BROKEN, "loop.md", "huge.md"}


def contains_terminal_controls(text: str) -> bool:
    """True if `text` holds ESC, C1 controls, NUL or bidi overrides."""
    return any(ch in text for ch in "\x1b\x9b\x00\u202e\u202c\x07") or any(
        0x80 <= ord(ch) <= 0x9F for ch in text
    )
