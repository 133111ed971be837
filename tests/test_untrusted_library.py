"""Issue 12, round two: one hostile file or name must not crash a command, hang it, or
reach the terminal raw. Each test below failed on the code before the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_helpers import make_app, press, screen_text, settle
from conftest import finishes, front_matter, run_cli, write_article
from hostile_library import GOOD_ARTICLE, contains_terminal_controls

from tui import cli
from tui.app.screens.problems import ProblemsScreen
from tui.core.glossary import Glossary, Term
from tui.core.library import load_library

#: Integers Python cannot print (more than 4,300 digits), in each form YAML 1.1 reads.
HUGE_INTEGERS = {
    "hexadecimal": "0x" + "F" * 3600,
    "octal": "0" + "7" * 5000,
    "binary": "0b" + "1" * 15000,
    "base 60": "1" + ":59" * 3000,
}
COMMANDS = (["check", "{lib}"], ["search", "relapses"], ["show", "good-one"], ["topics"])


def run_every_command(library: Path, capsys) -> str:
    """check, search, show and topics on `library`: each ends with an exit code, no exception."""
    said = []
    for command in COMMANDS:
        args = [part.format(lib=library) for part in command]
        code = cli.main([*args, "--library", str(library)] if args[0] != "check" else args)
        out, err = capsys.readouterr()
        assert code in (0, 1), (command, code)
        assert "Traceback" not in out + err
        said.append(out + err)
    return "\n".join(said)


def good_library(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "good-one.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    return root


@pytest.mark.parametrize("number", HUGE_INTEGERS.values(), ids=HUGE_INTEGERS.keys())
@pytest.mark.parametrize("where", ["article", "key", "topics.yaml", "glossary.yaml"])
def test_an_integer_too_long_to_print_is_a_problem_not_a_crash(tmp_path, capsys, number, where):
    library = good_library(tmp_path / "lib")
    if where == "article":
        write_article(library, "huge-number", credibility=number)
    elif where == "key":
        (library / "huge-key.md").write_text(
            front_matter(interest=f"3\n{number[:1000]}: 1"), encoding="utf-8"
        )
    elif where == "topics.yaml":
        (library / "topics.yaml").write_text(
            f"categories:\n  - name: {number}\n    topics:\n      - name: {number}\n",
            encoding="utf-8",
        )
    else:
        (library / "glossary.yaml").write_text(
            f"terms:\n  - term: Relapse\n    definition: {number}\n    aliases: [{number}]\n",
            encoding="utf-8",
        )
    said = run_every_command(library, capsys)
    loaded = load_library(library)
    assert "good-one" in loaded.articles
    if where in ("article", "key"):
        assert any(p.path.name.startswith("huge-") for p in loaded.problems), said
    assert "Relapses" in said


def test_a_huge_integer_as_a_mapping_key_is_kept_as_text(tmp_path):
    from tui.core.yamlsafe import load_mapping

    for number in HUGE_INTEGERS.values():
        key = number[:1000]  # a plain key may be 1,024 characters long
        doc = load_mapping(f"{key}: 1\nsource:\n  ? {number}\n  : {number}\n", limit=2**20)
        assert key in doc.data and str(doc.data["source"])
    assert load_mapping("title: 1:30\n").data["title"] == "1:30"  # not 90


def test_a_file_name_that_is_not_utf8_is_a_problem_shown_escaped(tmp_path, capsys):
    library = good_library(tmp_path / "lib")
    name = os.fsencode(library) + b"/bad\x9bname.md"
    with open(name, "wb") as handle:
        handle.write(GOOD_ARTICLE.encode())
    said = run_every_command(library, capsys)
    assert "bad\\x9bname.md" in said
    assert "\x9b" not in said and "\udc9b" not in said
    said.encode("utf-8")  # strict stdout can print it


@pytest.mark.parametrize("spelling", ["lesıon", "LESİON", "leſion"])
def test_a_glossary_term_next_to_an_unusual_i_is_found_not_a_crash(spelling):
    glossary = Glossary([Term("lesion", "An area of damage.")])
    mentions = glossary.mentions(f"One {spelling} was seen.")
    assert [m.term.term for m in mentions] == ["lesion"]
    assert glossary.terms_in(spelling)[0].term == "lesion"


async def test_the_app_opens_an_article_with_a_dotless_i_by_a_glossary_term(
    tmp_path, isolated_dirs
):
    library = good_library(tmp_path / "lib")
    (library / "glossary.yaml").write_text(
        "terms:\n  - term: Lesion\n    definition: An area of damage.\n", encoding="utf-8"
    )
    write_article(
        library,
        "dotless",
        title="A lesıon study",
        body="\n## Key takeaway\n"
        "One lesıon and one LESİON.\n\n## Important considerations\nSmall.\n",
    )
    app = make_app(library, isolated_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_article("dotless")
        await settle(app, pilot)
        await press(app, pilot, "W")
        assert "Lesion" in screen_text(app)


@pytest.fixture
def nested_library(tmp_path):
    """A library with 1,000 nested folders; removed here, as shutil.rmtree recurses too."""
    library = good_library(tmp_path / "lib")
    folders = [library]
    for depth in range(1000):
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
        if depth == 3:
            (folders[-1] / "shallow.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folders[-1] / "deep.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    yield library
    for folder in reversed(folders[1:]):
        for entry in os.listdir(folder):
            if entry != "d":
                os.unlink(folder / entry)
        os.rmdir(folder)


def test_a_thousand_nested_folders_do_not_crash_the_walk(nested_library, capsys):
    loaded = load_library(nested_library)
    assert set(loaded.articles) == {"good-one", "shallow"}
    assert any("nested more than" in p.message for p in loaded.problems)
    run_every_command(nested_library, capsys)


# -- topics.yaml and glossary.yaml: regular files, bounded -------------------------------


@pytest.mark.parametrize("name", ["topics.yaml", "glossary.yaml", "synonyms.yaml"])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "huge", "outside link", "directory"])
def test_topics_and_glossary_files_are_read_bounded_and_only_if_regular(tmp_path, name, kind):
    library = good_library(tmp_path / "lib")
    target = library / name
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "/dev/zero":
        target.symlink_to("/dev/zero")
    elif kind == "huge":
        with target.open("wb") as handle:
            handle.truncate(300 * 2**20)  # sparse: 300 MB on paper
    elif kind == "outside link":
        secret = tmp_path / "secret.yaml"
        secret.write_text("terms: []\ncategories: []\n", encoding="utf-8")
        target.symlink_to(secret)
    else:
        target.mkdir()
    loaded = finishes(load_library, library)
    assert "good-one" in loaded.articles
    problem = next(p for p in loaded.problems if p.path.name == name)
    expected = {
        "fifo": "not a regular file",
        "/dev/zero": "link to a file outside the library",
        "huge": "file is 300.0 MiB",
        "outside link": "outside the library",
        "directory": "not a regular file",
    }[kind]
    assert expected in problem.message


def glossary_of(count: int, aliases: int = 0) -> str:
    def names(i: int) -> str:
        return ", ".join(f"name{i}x{j}" for j in range(aliases))

    return "terms:\n" + "".join(
        f"  - term: term{i}\n    aliases: [{names(i)}]\n    definition: A word.\n"
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("name", "text", "said", "used"),
    [
        (
            "glossary.yaml",
            glossary_of(1_200),
            ":1: `terms:` has 1,200 entries; keep at most 1,000 (only the first 1,000 are used)",
            1_000,
        ),
        (
            "glossary.yaml",
            glossary_of(300, aliases=20),
            ":716: the terms and their aliases pass 5,000 names at this entry; it and the "
            "entries after it are left out (keep at most 5,000)",
            238,  # 238 terms of 21 names: 4,998
        ),
        (
            "synonyms.yaml",
            "synonyms:\n"
            + "".join(f"  - words: [w{i}a, w{i}b]\n    means: [fatigue]\n" for i in range(1_001)),
            ":1: `synonyms:` has 1,001 entries; keep at most 1,000 (only the first 1,000 are used)",
            2_000,
        ),
        (
            "topics.yaml",
            "categories:\n"
            + "".join(
                f"  - name: Group {c}\n    topics: [{', '.join(f't{c}x{i}' for i in range(400))}]\n"
                for c in range(3)
            ),
            ":1: the categories' `topics:` together has 1,200 entries; keep at most 1,000 "
            "(only the first 1,000 are used)",
            1_000,
        ),
        (
            "glossary.yaml",
            glossary_of(1_200, aliases=2) + "#" * 200_000,
            ": file is 287 KiB; glossary.yaml may be at most 256 KiB: keep the entries readers "
            "need, each short",
            None,
        ),
    ],
    ids=["terms", "names", "synonyms", "topics", "bytes"],
)
def test_a_glossary_synonyms_or_topics_file_past_its_bounds_is_cut_and_named(
    tmp_path, name, text, said, used
):
    """QA3 H38: a 1 MiB glossary (10,658 terms) made `check` 7 s of CPU and every search
    4 times slower. Past the bounds the first entries are used, and `check` names the
    file, the line and the bound (a problem: it exits 1), as for an article too large."""
    library = good_library(tmp_path / "lib")
    (library / name).write_text(text, encoding="utf-8")
    loaded = finishes(load_library, library)
    assert "good-one" in loaded.articles
    if used is not None:
        count = {
            "glossary.yaml": len(loaded.glossary.terms),
            "synonyms.yaml": len(loaded.synonyms.means),
            "topics.yaml": sum(
                len(c.topics) for c in loaded.topics.categories if c.name != "Other"
            ),
        }[name]
        assert count == used
    check = run_cli("check", str(library))
    assert check.returncode == 1
    assert f"{name}{said}" in check.stdout


def test_a_fifo_named_like_an_article_does_not_hang_check(tmp_path, capsys):
    library = good_library(tmp_path / "lib")
    os.mkfifo(library / "pipe.md")
    assert finishes(cli.main, ["check", str(library)]) == 1
    assert "pipe.md: is not a regular file" in capsys.readouterr().out


def test_an_article_linked_from_outside_the_library_is_refused(tmp_path):
    library = good_library(tmp_path / "lib")
    outside = write_article(tmp_path / "private", "diary", title="My private diary")
    (library / "diary.md").symlink_to(outside)
    (library / "inside.md").symlink_to(library / "good-one.md")
    loaded = load_library(library)
    assert "diary" not in loaded.articles and "inside" in loaded.articles
    assert any("outside the library" in str(p) for p in loaded.problems)


# -- names: escaped wherever they are shown ------------------------------------------------

HOSTILE_FOLDER = "lib\x1b]0;owned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m\u202e"


def test_a_hostile_library_folder_name_never_reaches_the_terminal_raw(tmp_path, capsys):
    library = good_library(tmp_path / HOSTILE_FOLDER)
    (library / "topics.yaml").write_text("categories: 5\n", encoding="utf-8")
    runs = [
        ["check", str(library)],
        ["topics", "--library", str(library)],
        ["show", "no-such-article", "--library", str(library)],
        ["show", "no\x1b]0;x\x07id", "--library", str(library)],
        ["search", "relapses", "--library", str(library)],
        ["index", "--library", str(library)],
        ["cite", "missing\x1b[2J", "--library", str(library)],
    ]
    for args in runs:
        cli.main(args)
        out, err = capsys.readouterr()
        assert not contains_terminal_controls(out + err), (args, out + err)
    cli.main(["check", str(library)])
    assert "lib\\x1b]0;owned\\x07" in capsys.readouterr().out


async def test_the_problems_view_shows_the_folder_name_escaped(tmp_path, isolated_dirs):
    library = good_library(tmp_path / HOSTILE_FOLDER)
    (library / "bad.md").write_text("nothing\n", encoding="utf-8")
    app = make_app(library, isolated_dirs)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "P")
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems Static").render())
        assert not contains_terminal_controls(shown)
        assert "lib\\x1b]0;owned" in shown


@pytest.mark.parametrize(
    "name",
    [
        "fake\nlib-x.md: 0 problems",  # forges a line of output
        "x'\"$(id)`",  # pasted into a shell
        "tab\there",
        "space in name",
        "ünïcode",
        "-starts-with-dash",
        "a" * 101,
    ],
)
def test_article_ids_use_the_id_alphabet_and_other_names_are_problems(tmp_path, capsys, name):
    library = good_library(tmp_path / "lib")
    write_article(library, name)
    loaded = load_library(library)
    assert set(loaded.articles) == {"good-one"}
    problem = next(p for p in loaded.problems if p.path.stem == name)
    assert "cannot be an article id" in problem.message
    cli.main(["check", str(library)])
    out = capsys.readouterr().out
    assert "\nlib-x.md: 0 problems" not in out  # no forged line
    assert "\n" not in name or "fake\\nlib-x.md: 0 problems" in out


# -- the first screen's snapshot is read-only ---------------------------------------------


async def test_reload_while_the_library_is_still_loading_says_wait_not_crash(
    isolated_dirs, library_dir, monkeypatch
):
    """Issue 12 item 16: `r` on an article opened from the snapshot raised TypeError."""
    from tui.app.app import MyelinApp
    from tui.app.screens.article import ArticleScreen
    from tui.core.catalog import Snapshot
    from tui.core.library import Library

    first = make_app(library_dir, isolated_dirs)
    async with first.run_test() as pilot:
        await settle(first, pilot)  # saves the snapshot
    monkeypatch.setattr(MyelinApp, "load_library", lambda self: None)  # never finishes
    changed = library_dir / "ebv-risk.md"
    changed.write_text(changed.read_text().replace("Fixture - a virus", "Fixture - one virus"))
    app = make_app(library_dir, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_article("ebv-risk")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert "The library is still loading" in screen_text(app)
        assert isinstance(app.library, Snapshot) and not isinstance(app.library, Library)
    with pytest.raises(TypeError):
        app.library.articles["x"] = None  # the snapshot's articles cannot be changed


@pytest.mark.parametrize("written", ["9999-12-31", "2024-W05-3", "20240101", "1066-10-14"])
def test_dates_far_in_the_future_or_not_written_yyyy_mm_dd_are_problems(tmp_path, written):
    library = good_library(tmp_path / "lib")
    write_article(library, "dated", date=written)
    loaded = load_library(library)
    assert "dated" not in loaded.articles
    assert any(p.path.stem == "dated" and "date" in p.message for p in loaded.problems)


def test_a_query_with_controls_is_never_echoed_raw(tmp_path, capsys):
    library = good_library(tmp_path / "lib")
    for extra in ([], ["--plain"]):
        cli.main(["search", "relapes\x1b]0;owned\x07", *extra, "--library", str(library)])
        out, err = capsys.readouterr()
        assert not contains_terminal_controls(out + err), out + err


async def test_the_app_starts_on_a_library_with_every_round_two_trap(tmp_path, isolated_dirs):
    """Each of these made every start of the app exit 1 (or hang) before the fix."""
    library = good_library(tmp_path / HOSTILE_FOLDER)
    write_article(library, "huge-number", credibility=HUGE_INTEGERS["hexadecimal"])
    with open(os.fsencode(library) + b"/bad\x9bname.md", "wb") as handle:
        handle.write(GOOD_ARTICLE.encode())
    os.mkfifo(library / "topics.yaml")
    (library / "glossary.yaml").write_text(
        "terms:\n  - term: Relapses\n    definition: New or worse symptoms.\n", encoding="utf-8"
    )
    (library / "good-one.md").write_text(
        GOOD_ARTICLE.replace("Plain findings.", "Two relapſes and one RELAPSES."),
        encoding="utf-8",
    )
    folder = library
    for _ in range(40):
        folder = folder / "d"
    folder.mkdir(parents=True)
    app = make_app(library, isolated_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "good-one" in app.library.articles
        app.open_article("good-one")
        await settle(app, pilot)
        await press(app, pilot, "W")
        assert "Relapses" in screen_text(app)
        await press(app, pilot, "escape", "escape", "P")
        shown = str(app.screen.query_one("#problems Static").render())
        assert "bad\\x9bname.md" in shown and "topics.yaml" in shown
        assert not contains_terminal_controls(shown)


def test_a_bug_is_one_line_for_the_user_and_the_traceback_goes_to_a_file(
    monkeypatch, capsys, isolated_dirs
):
    from tui.core import paths

    def broken(*args, **kwargs):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(cli, "cmd_topics", broken)
    assert cli.main(["topics"]) == cli.EXIT_BUG
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1 and "unexpected error (ValueError)" in err
    assert "Traceback" in (paths.cache_root() / "crash.log").read_text()
