"""Property: no library tree built from hostile pieces crashes, hangs or leaks controls.

Hypothesis puts together library folders from the pieces a hostile author has: names
with controls, newlines and bytes that are not UTF-8, integers too long to print,
YAML tricks, FIFOs and links, deep folders, wrong-shaped topics.yaml and glossary.yaml,
glossary terms with Unicode case traps. For each tree, `check`, `search`, `show` and
`topics` run in-process (twice: the second run takes the snapshot's quick path), and
the app's library load and glossary pass run too. Nothing may raise or outlast its
bound, nothing may reach the terminal as a control character, every bad file must be
named as a problem and the good article must still load.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import finishes, front_matter
from hostile_library import ALIAS_BOMB, GOOD_ARTICLE, contains_terminal_controls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import cli
from tui.core.catalog import catalog_rows
from tui.core.library import load_library

SECONDS_PER_RUN = 30  # far above a normal run (well under a second): a hang, not a slow run
NAMES = st.sampled_from(
    [
        "plain",
        "new\nline",
        "esc\x1b]0;title\x07",
        "c1\x9bname",
        "tab\tname",
        "quote'\"$(id)`",
        "bidi\u202eevil",
        "filler\u3164name",
        "space name",
        "x" * 120,
    ]
)
HUGE = st.sampled_from(
    ["0x" + "F" * 3600, "0" + "7" * 5000, "0b" + "1" * 15000, "1" + ":59" * 3000]
)
FIELD_VALUES = st.one_of(
    HUGE,
    st.sampled_from(
        [
            "9999-12-31",
            "2024-W05-3",
            "[[[[[]]]]]",
            "{a: 1}",
            "!!binary aGVsbG8=",
            '"\\e[2J\\e]52;c;eA==\\a\\x9b\\u202e"',
            "on",
            ".nan",
            "-.inf",
            "1e400",
        ]
    ),
)
FIELDS = st.sampled_from(["title", "date", "credibility", "interest", "topics", "related"])
TERMS = st.sampled_from(["Lesion", "lesıon", "LESİON", "Straße", "ſpine", "\u212aelvin", "MS"])
TOPICS_YAML = st.sampled_from(
    [
        "categories: 5\n",
        "- a\n- b\n",
        "just words\n",
        "categories:\n  - 5\n  - [x]\n  - name: {a: 1}\n",
        "categories:\n  - name: C\n    topics: [{name: [1]}, 7, {name: EBV, aliases: 5}]\n",
        "categories:\n  - name: 0x" + "F" * 3600 + "\n",
    ]
)


@st.composite
def hostile_trees(draw):
    """A list of (kind, name, detail) pieces; `build` writes them into a folder."""
    pieces = [("good", "good-anchor", "")]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                ["odd name", "bad field", "alias bomb", "fifo", "dev zero", "loop", "deep", "dir"]
            )
        )
        detail = draw(FIELDS) + ": " + draw(FIELD_VALUES) if kind == "bad field" else ""
        pieces.append((kind, draw(NAMES), detail))
    topics = draw(st.none() | TOPICS_YAML | st.sampled_from(["fifo", "dev zero"]))
    terms = draw(st.lists(TERMS, max_size=4))
    return pieces, topics, terms


def build(root: Path, pieces, topics, terms) -> set[str]:
    """Write the tree; return the file names that must each be named as a problem."""
    root.mkdir()
    bad: set[str] = set()
    for number, (kind, name, detail) in enumerate(pieces):
        stem = f"{name}-{number}" if kind != "good" else name
        path = os.path.join(os.fsencode(root), os.fsencode(stem) + b".md")
        if "\x9b" in stem:  # the byte 0x9B itself, as a name that is not UTF-8
            path = path.replace("\x9b".encode(), b"\x9b")
        shown = os.fsdecode(os.path.basename(path))
        if kind == "good":
            Path(os.fsdecode(path)).write_text(GOOD_ARTICLE, encoding="utf-8")
            continue
        bad.add(shown)
        if kind in ("odd name", "bad field"):
            field = dict([detail.split(": ", 1)]) if detail else {}
            with open(path, "w", encoding="utf-8") as out:
                out.write(front_matter(**field) + "\n## Key takeaway\nX.\n")
            if kind == "odd name" and stem.startswith("plain"):
                bad.discard(shown)  # a good name: this one loads
        elif kind == "alias bomb":
            with open(path, "w", encoding="utf-8") as out:
                out.write(ALIAS_BOMB)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev zero":
            os.symlink("/dev/zero", path)
        elif kind == "loop":
            os.symlink(path, path)
        elif kind == "dir":  # a folder named like an article is a folder: walked, no problem
            os.mkdir(path)
            bad.discard(shown)
        elif kind == "deep":
            bad.discard(shown)
            folder = os.path.join(os.fsencode(root), f"deep{number}".encode())
            for _ in range(40):
                folder = os.path.join(folder, b"d")
            os.makedirs(folder)
            with open(os.path.join(folder, b"lost.md"), "w") as out:
                out.write(GOOD_ARTICLE)
    if topics in ("fifo", "dev zero"):
        target = root / "topics.yaml"
        os.mkfifo(target) if topics == "fifo" else target.symlink_to("/dev/zero")
    elif topics is not None:
        (root / "topics.yaml").write_text(topics, encoding="utf-8")
    if terms:
        entries = "".join(f'  - term: "{t}"\n    definition: D {n}.\n' for n, t in enumerate(terms))
        (root / "glossary.yaml").write_text("terms:\n" + entries, encoding="utf-8")
    return bad


def bounded(function, *args):
    """`function(*args)` that must finish within `SECONDS_PER_RUN`."""
    return finishes(function, *args, seconds=SECONDS_PER_RUN)


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    return tmp_path_factory.mktemp("trees")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(hostile_trees())
def test_no_hostile_tree_crashes_hangs_or_reaches_the_terminal(trees, capsys, data):
    pieces, topics, terms = data
    root = Path(os.fsdecode(os.path.join(os.fsencode(trees), os.urandom(6).hex().encode())))
    bad = build(root, pieces, topics, terms)

    library = bounded(load_library, root, None, True)  # what the app's load does
    assert "good-anchor" in library.articles
    named = {os.path.basename(str(p.path)) for p in library.problems}
    assert bad <= named, bad - named
    for article in library.articles.values():
        text = " ".join([article.title, article.body, article.takeaway, *article.topics])
        assert not contains_terminal_controls(text)
        library.glossary.mentions(text)  # the article view and W
    catalog_rows(library)

    commands = [
        ["check", str(root)],
        ["topics", "--library", str(root)],
        ["show", "good-anchor", "--library", str(root)],
        ["show", "no\x1b[2Jsuch", "--library", str(root)],
        ["search", "relapses", "--library", str(root)],
        ["show", "good-anchor", "--plain", "--library", str(root)],
        ["topics", "--library", str(root)],
    ]
    for args in commands:
        code = bounded(cli.main, args)
        out, err = capsys.readouterr()
        assert code in (0, 1), (args, code)
        for stream in (out, err):
            assert "Traceback" not in stream
            assert not contains_terminal_controls(stream), (args, stream[:300])
            stream.encode("utf-8")  # a strict terminal can print it
