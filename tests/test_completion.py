"""Shell completion (issue 18): real command lines in, candidates out, and Tab in real bash."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, write_article
from test_terminal import read_until

BASH_WORDBREAKS = "\"'><=;|&(:"


def candidates(line: str, tmp_path: Path, env: dict | None = None) -> list[str]:
    """What the shell would offer for `line` with the cursor at its end, asked the way
    argcomplete's bash function asks: the line in COMP_LINE, the answer on a side channel."""
    answer = tmp_path / "candidates"
    answer.unlink(missing_ok=True)
    environ = {
        **os.environ,
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_SHELL": "bash",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_COMP_WORDBREAKS": BASH_WORDBREAKS,
        "_ARGCOMPLETE_SUPPRESS_SPACE": "1",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        **(env or {}),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tui"],
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")  # nothing in the prompt
    text = answer.read_text(encoding="utf-8") if answer.exists() else ""
    return [c for c in text.split("\n") if c]


@pytest.fixture
def indexed(library_dir):
    assert run_cli("index", "--library", str(library_dir)).returncode == 0
    return library_dir


def test_show_completes_an_id_prefix_from_the_index(indexed, tmp_path):
    assert candidates(f"myelin show --library {indexed} oc", tmp_path) == ["ocrelizumab-trial"]
    assert candidates(f"myelin --library {indexed} cite ", tmp_path) == [
        "ebv-risk",
        "fatigue-explainer",
        "ocrelizumab-trial",
        "spinal-cord-imaging",
        "vitamin-d-levels",
    ]


def test_ids_come_from_the_index_not_the_files(indexed, tmp_path):
    """Completion reads the index's manifest: an article written since is not parsed for it."""
    write_article(indexed, "octopus-new")
    assert candidates(f"myelin show --library {indexed} oc", tmp_path) == ["ocrelizumab-trial"]


def test_library_from_the_environment_and_without_an_index(library_dir, tmp_path):
    """No index yet: the file names are the ids (listing a folder parses nothing)."""
    env = {"MYELIN_LIBRARY": str(library_dir)}
    assert candidates("myelin show v", tmp_path, env) == ["vitamin-d-levels"]
    assert candidates("myelin search --topic vit", tmp_path, env) == ["Vitamin\\ D"]


def test_cite_leaves_out_ids_already_given(indexed, tmp_path):
    line = f"myelin cite --library {indexed} ebv-risk fatigue-explainer "
    assert candidates(line, tmp_path) == [
        "ocrelizumab-trial",
        "spinal-cord-imaging",
        "vitamin-d-levels",
    ]


def test_topic_with_a_space_in_its_name(indexed, tmp_path):
    assert candidates(f"myelin search --library {indexed} --topic Vit", tmp_path) == ["Vitamin\\ D"]
    every = candidates(f"myelin search --library {indexed} --topic ", tmp_path)
    assert {"EBV", "Vitamin\\ D", "B-cell\\ therapies", "Spinal\\ cord"} <= set(every)
    assert every[:2] == ["EBV", "Vitamin\\ D"]  # in topics.yaml's order
    assert len(every) == len(set(every))


def test_topic_inside_a_query(indexed, tmp_path):
    """Bash breaks words at ':', so only the part after `topic:` is replaced; the quotes
    keep a name with a space in one filter when the shell passes it on."""
    line = f"myelin search --library {indexed} relapse topic:vit"
    assert candidates(line, tmp_path) == ['\\"Vitamin\\ D\\"']
    assert candidates(f"myelin search --library {indexed} topic:eb", tmp_path) == ["EBV"]
    assert candidates(f"myelin search --library {indexed} relap", tmp_path) == []


def test_the_completed_query_finds_the_topic(indexed):
    found = run_cli("search", "--library", str(indexed), "--json", 'topic:"Vitamin D"')
    assert found.returncode == 0 and '"vitamin-d-levels"' in found.stdout


def test_an_unknown_library_offers_nothing_and_says_nothing(tmp_path):
    missing = tmp_path / "no-such-library"
    assert candidates(f"myelin --library {missing} show ", tmp_path) == []
    assert candidates(f"myelin search --library {missing} --topic ", tmp_path) == []
    assert candidates("myelin show ", tmp_path, {"MYELIN_LIBRARY": str(missing)}) == []


def test_names_that_could_drive_the_terminal_are_not_offered(library_dir, tmp_path):
    (library_dir / "evil\x1b]0;owned\x07.md").write_text("x", encoding="utf-8")
    assert candidates(f"myelin show --library {library_dir} e", tmp_path) == ["ebv-risk"]


def test_commands_options_and_choices(indexed, tmp_path):
    assert candidates("myelin ", tmp_path) == [
        "search",
        "show",
        "topics",
        "read",
        "notes",
        "cite",
        "check",
        "index",
        "completion",
    ]
    assert candidates("myelin cite --format ", tmp_path) == ["text", "ris", "bibtex"]
    assert candidates("myelin search --sort ", tmp_path) == [
        "relevance",
        "newest",
        "added",
        "credibility",
        "evidence",  # the app's word for the same order
    ]
    assert candidates("myelin notes --format ", tmp_path) == ["md", "txt"]
    assert candidates("myelin completion ", tmp_path) == ["bash", "zsh", "fish"]
    assert "--topic" in candidates("myelin search --", tmp_path)


def test_paths_for_library_and_output(tmp_path):
    (tmp_path / "libraries" / "clinic").mkdir(parents=True)
    (tmp_path / "notes-old.md").write_text("", encoding="utf-8")
    assert candidates("myelin --library libraries/cl", tmp_path) == ["libraries/clinic/"]
    assert candidates("myelin notes --output notes-", tmp_path) == ["notes-old.md"]


@pytest.mark.parametrize(
    ("shell", "registers"),
    [
        ("bash", "complete -o nospace -F _python_argcomplete myelin"),
        ("zsh", "compdef _python_argcomplete myelin"),
        ("fish", "complete --command myelin"),
    ],
)
def test_completion_prints_the_start_up_code(shell, registers):
    done = run_cli("completion", shell)
    assert done.returncode == 0 and registers in done.stdout


@pytest.mark.parametrize(
    ("login", "registers"),
    [
        ("/usr/bin/zsh", "compdef _python_argcomplete myelin"),
        ("/bin/bash", "-F _python_argcomplete"),
    ],
)
def test_completion_without_a_shell_takes_the_one_shell_names(login, registers):
    """QA4 Q15: `myelin completion` alone was a usage error."""
    done = run_cli("completion", env={"SHELL": login})
    assert done.returncode == 0 and registers in done.stdout
    assert done.stderr == ""  # nothing but the code where `eval` reads it


@pytest.mark.parametrize(
    ("login", "named"), [("/bin/sh", "$SHELL is sh"), ("", "$SHELL is not set")]
)
def test_completion_without_a_shell_it_can_complete_in_says_which_it_can(login, named):
    done = run_cli("completion", env={"SHELL": login})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "myelin completion: which shell? Tab completion works in bash, zsh or fish "
        f"({named}); for example: myelin completion bash\n"
    )


def test_completion_typed_at_a_terminal_says_where_the_line_goes():
    """At a terminal (not inside `eval`), the start-up line to add is said after the code."""
    controller, tty = pty.openpty()
    env = {**os.environ, "SHELL": "/usr/bin/fish", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "completion"], stdout=tty, stderr=tty, env=env
    )
    os.close(tty)
    try:
        seen = read_until(controller, b"| source").decode()
    finally:
        process.wait(timeout=30)
        os.close(controller)
    assert "complete --command myelin" in seen
    assert "add to ~/.config/fish/config.fish:\r\n#   myelin completion fish | source" in seen


def test_importing_the_command_does_not_import_the_heavy_modules():
    """Completion and `--help` run before any command: Whoosh, Rich and Textual wait."""
    code = "import sys, tui.cli; print(sorted({m.split('.')[0] for m in sys.modules}))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    loaded = done.stdout
    for heavy in ("whoosh", "rich", "textual", "filelock", "yaml"):
        assert f"'{heavy}'" not in loaded


def test_tab_in_real_bash(indexed, tmp_path):
    """bash in a pseudo-terminal, the README's start-up line, then Tab."""
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "myelin").exists()
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "PS1": "$ ",
        "TERM": "xterm",
        "MYELIN_LIBRARY": str(indexed),
        "INPUTRC": "/dev/null",
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes bash
        os.chdir(tmp_path)
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
    try:
        os.write(fd, b'eval "$(myelin completion bash)"; echo READY\n')
        read_until(fd, b"READY\r\n")
        os.write(fd, b"myelin show ocr\t")
        read_until(fd, b"ocrelizumab-trial ")
        os.write(fd, b"\x15myelin search --topic Vit\t")  # Ctrl-U clears the line first
        read_until(fd, b"Vitamin\\ D ")
        os.write(fd, b"\x15exit\n")
        read_until(fd, b"exit", until_closed=True)
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
