"""The `myelin` command: thin commands over the domain layer.

Output goes through Rich, which drops colour when NO_COLOR is set or the
output is not a terminal. Article text is only ever passed as `Text`, never
as markup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui import __version__
from tui.core.sanitize import show_name

# Each command imports what it uses when it runs: Rich, Whoosh and the domain layer
# cost more to import than a completion or `--help` takes in all (issues 17, 18); `myelin`
# alone opens the reader without building the commands' parser at all.
if TYPE_CHECKING:
    import argparse

    from rich.console import Console, Group
    from rich.text import Text

    from tui.core.article import Article
    from tui.core.blocks import ArticleBlock
    from tui.core.index import SearchIndex
    from tui.core.library import Library
    from tui.core.listing_apart import CheckApart
    from tui.core.search import SearchResults
    from tui.core.state import ReadingState, StateStore

SHELLS = ("bash", "zsh", "fish")

BIG_BUILD = 200  # show a progress bar when at least this many articles are indexed
_OPEN_INDEXES: list[SearchIndex] = []  # closed when the command ends
#: Set when main() runs as the command itself, not in a test's process (see _settled).
_OWN_PROCESS = False
#: Commands that answer while the check of every file runs apart (see _answer).
CHECKED_APART = ("search", "show", "topics")
#: The check of every file started for the command now answering (see _answer).
_STARTED: CheckApart | None = None
#: The checks its answer waits for; None: the command checks before answering.
_CHECKS: list[CheckApart] | None = None


def _at_least(lowest: int, what: str):
    """An argparse type: a whole number of at least `lowest`, else a message saying so
    (a silent change of --limit 0 into 1 would hide the mistake)."""

    def check(text: str) -> int:
        import argparse

        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number, not {text!r}"
            ) from None
        if value < lowest:
            raise argparse.ArgumentTypeError(f"{what} must be at least {lowest}, not {value}")
        return value

    return check


def _not_blank(what: str):
    """An argparse type: any text but an empty one (`--library ""` would quietly mean the
    bundled library, `show ""` would list every id as beginning with nothing)."""

    def check(text: str) -> str:
        import argparse

        if not text.strip():
            raise argparse.ArgumentTypeError(f"{what} is empty")
        return text

    return check


def _grade(text: str) -> float:
    """A reading grade: a number from 1 to 100 (`nan` compared false with every grade and
    turned the check off without a word, QA H46)."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the reading grade must be a number, not {text!r}"
        ) from None
    if not math.isfinite(value) or not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"the reading grade must be from 1 to 100, not {text}")
    return value


LIMIT = _at_least(1, "the number of results")
WIDTH = _at_least(20, "the width (columns)")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from tui.core.citations import FORMATS
    from tui.core.notes import NOTE_FORMATS
    from tui.core.readability import DEFAULT_MAX_GRADE
    from tui.core.search.query import ALIASES, SORTS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        type=_not_blank("the library folder"),
        default=argparse.SUPPRESS,
        help="library folder (default: $MYELIN_LIBRARY or the bundled library)",
    )
    parser = argparse.ArgumentParser(
        prog="myelin",
        parents=[common],
        description="An offline reader for plain-language summaries of MS research. "
        "With no command, opens the reader; words that are not a command are searched "
        "(myelin what causes ms).",
    )
    parser.add_argument("--version", action="version", version=f"myelin {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    search = commands.add_parser("search", parents=[common], help="search the library")
    search.add_argument(
        "query",
        nargs="*",
        help='words, a question, "a phrase", -word (leave out articles with the word; '
        "first in the query it also works after --: myelin search -- -ms relapses), "
        "topic:T, kind:K, year:2020..2024, credibility:>=4",
    )
    search.add_argument(
        "--topic",
        action="append",
        help="only articles on this topic (given twice: on both topics)",
    )
    search.add_argument("--sort", choices=[*SORTS, *ALIASES], default="relevance")
    search.add_argument("--limit", type=LIMIT, default=10, help="how many results (default 10)")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.add_argument("--plain", action="store_true", help="numbered plain text, no colour")
    search.add_argument(
        "--width", type=WIDTH, help="wrap --plain output to this many columns (20 or more)"
    )
    search.add_argument("--explain", action="store_true", help="show how the search was understood")
    search.add_argument(
        "--as-typed", action="store_true", help="search the words as typed, without correcting"
    )

    show = commands.add_parser("show", parents=[common], help="show one article")
    show.add_argument(
        "id",
        type=_not_blank("the article id"),
        help="article id (the file name without .md; a path to it works too)",
    )
    show.add_argument(
        "--plain", action="store_true", help="linear text: no colour, no boxes, headings as words"
    )
    show.add_argument("--width", type=WIDTH, help="wrap to this many columns (20 or more)")

    topics = commands.add_parser("topics", parents=[common], help="list topics with article counts")
    topics.add_argument(
        "--plain", action="store_true", help="indented lines, no tree drawing (also when piped)"
    )

    read = commands.add_parser(
        "read", parents=[common], help="read: the app, or with --plain a linear reader"
    )
    read.add_argument("query", nargs="*", help="start with this search")
    read.add_argument(
        "--plain",
        action="store_true",
        help="linear reader for screen readers: numbers open, words search, t, b, q",
    )
    read.add_argument("--width", type=WIDTH, help="wrap to this many columns (20 or more)")

    notes = commands.add_parser(
        "notes", parents=[common], help="appointment notes from your bookmarks"
    )
    notes.add_argument(
        "--output",
        metavar="FILE",
        help="where to write (default: myelin-appointment-notes-DATE.md in Documents, else "
        "home, a new file each time: an existing one is never replaced; never into a "
        "library folder); - for the terminal",
    )
    notes.add_argument("--format", choices=NOTE_FORMATS, default="md")

    cite = commands.add_parser("cite", parents=[common], help="citations for articles")
    cite.add_argument(
        "ids", nargs="+", metavar="ID", type=_not_blank("an article id"), help="article ids"
    )
    cite.add_argument("--format", choices=FORMATS, default="text")

    check = commands.add_parser("check", parents=[common], help="validate a library")
    check.add_argument(
        "dir", nargs="?", help="library folder (default: --library), or one article's .md file"
    )
    check.add_argument(
        "--max-grade",
        type=_grade,
        default=DEFAULT_MAX_GRADE,
        help=f"warn about summaries above this reading grade (default {DEFAULT_MAX_GRADE:g})",
    )

    index = commands.add_parser("index", parents=[common], help="update the search index")
    index.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")
    index.add_argument(
        "--output",
        metavar="DIR",
        help="build a read-only index in DIR for everyone (readers set MYELIN_INDEX=DIR)",
    )

    completion = commands.add_parser(
        "completion", help="print the line that turns on Tab completion in your shell"
    )
    completion.add_argument(
        "shell", nargs="?", choices=SHELLS, help="your shell (default: the one $SHELL names)"
    )
    for command_parser in commands.choices.values():
        command_parser.set_defaults(command_parser=command_parser)
    return parser


#: Without a terminal the full-screen app would draw into a pipe and wait for keys forever.
NO_TERMINAL = (
    "myelin: the reader needs a terminal (use ssh -t); without one, try "
    "`myelin read --plain` or `myelin search WORDS`.\n"
)

#: Said once when TERM=dumb (or unknown, or unset) turns `myelin` (or `myelin read`) into
#: the linear reader, naming the TERM actually set.
DUMB_TERMINAL = (
    "This terminal (TERM={term}) cannot draw the full-screen reader, so this is the "
    "linear reader. In a terminal that can, set TERM (for example TERM=xterm-256color)."
)
NO_TERM = (
    "TERM is not set, so Myelin cannot tell whether this terminal can draw the full-screen "
    "reader: this is the linear reader. In a terminal that can, set TERM (for example "
    "TERM=xterm-256color)."
)


def _never_unencodable() -> None:
    """On a terminal whose encoding is not UTF-8 (`LANG=en_GB.ISO-8859-1` on an older
    server), a character it cannot hold ("●", "Hedström" in ASCII) is written as `?`
    instead of ending the command with UnicodeEncodeError half-way through its output."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


#: The exit code when the output could not be written (BSD's EX_IOERR): a full disk.
EXIT_OUTPUT = 74


class OutputFailed(OSError):
    """Standard output could not be written (a full disk, a lost terminal): the cause is
    said in one line, with no crash log (it is not a bug)."""


class _GuardedOutput:
    """Standard output, whatever writes to it (Rich, print, argparse, the linear reader): a
    failure to write it is told apart from any other OSError, and remembered (argparse
    drops it). A closed pipe stays BrokenPipeError (`myelin search x | head` ends quietly)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failed: OutputFailed | None = None

    def write(self, text: str) -> int:
        with self._guarded():
            return self.stream.write(text)
        return 0  # never reached: for the type checker

    def flush(self) -> None:
        with self._guarded():
            self.stream.flush()

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as error:
            self.failed = OutputFailed(error.errno, error.strerror)
            raise self.failed from error

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """The command, with its output guarded: one place says why output failed."""
    global _OWN_PROCESS
    _OWN_PROCESS = argv is None  # `myelin`, `python -m tui`: the process ends with the command
    _never_unencodable()
    stdout = sys.stdout
    guarded = _GuardedOutput(stdout)
    sys.stdout = guarded
    try:
        code = _command(argv)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except SystemExit:  # argparse's --help, --version and usage errors, already written
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _nothing_left_to_flush(stdout)
        except OutputFailed:
            pass
        if guarded.failed is not None:
            raise SystemExit(_unwritable(stdout, guarded.failed)) from None
        raise
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
        _nothing_left_to_flush(stdout)
        return 0
    except OutputFailed as error:
        return _unwritable(stdout, error)
    finally:
        sys.stdout = stdout


def _unwritable(stdout: TextIO, error: OSError) -> int:
    """Say that the output could not be written, and why (the disk is full)."""
    _nothing_left_to_flush(stdout)
    cause = error.strerror or os.strerror(error.errno or 0)
    with contextlib.suppress(OSError):
        sys.stderr.write(f"Could not write the output: {cause}.\n")
    return EXIT_OUTPUT


def _nothing_left_to_flush(stdout: TextIO) -> None:
    """What is still waiting for the output goes nowhere: never an error again at exit."""
    with contextlib.suppress(OSError, ValueError):  # no descriptor (a test's text)
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())


def _command(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if not words and "_ARGCOMPLETE" not in os.environ:
        return _reader(None)  # the usual start: no command, no option
    words = _as_command(words)
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see tui/completion.py)
        from tui.completion import complete

        complete(parser)  # prints the candidates and exits
    args, extra = parser.parse_known_args(words)
    if extra:
        unknown = [word for word in extra if not _query_word(args.command, word)]
        if unknown:  # said by the command's own parser, with its usage
            getattr(args, "command_parser", parser).error(
                f"unrecognized arguments: {' '.join(unknown)}"
            )
        # `myelin search -ms relapses`, `myelin search vitamin --limit 3 relapses`
        args.query = _as_typed(words, args.command, [*args.query, *extra])
    if args.command == "completion":
        return _completion(args.shell)
    if args.command is None:
        return _reader(getattr(args, "library", None))
    from tui.core.paths import default_library

    library_dir = default_library(getattr(args, "library", None))
    handler = {
        "search": cmd_search,
        "show": cmd_show,
        "topics": cmd_topics,
        "check": cmd_check,
        "index": cmd_index,
        "read": cmd_read,
        "notes": cmd_notes,
        "cite": cmd_cite,
    }[args.command]
    try:
        return _answer(handler, args, library_dir)
    except NoLibrary as error:
        from rich.text import Text

        _consoles()[1].print(Text(str(error)), soft_wrap=True)
        return 1
    except KeyboardInterrupt:
        _consoles()[1].print("Stopped (ctrl+c).")
        return 130
    except (BrokenPipeError, OutputFailed):  # said by `main`
        raise
    except Exception as error:  # a bug: one line for the user, the traceback in a file
        return _unexpected(error, _consoles()[1])
    finally:
        while _OPEN_INDEXES:  # main() also runs in-process (tests): leave no file open
            _OPEN_INDEXES.pop().close()


def _consoles() -> tuple[Console, Console]:
    """Standard output and standard error, as Rich writes to them."""
    from rich.console import Console

    class _Output(Console):
        """Standard output; when its reader goes away (`myelin search x | head`), stop
        quietly with success, as the reader chose to stop (Rich's default exits with 1)."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _Output(highlight=False, soft_wrap=False), Console(stderr=True, highlight=False)


def _answer(handler, args, library_dir: Path) -> int:
    """Run the command; `search`, `show` and `topics` answer from the snapshot while the
    check that every article file is as the snapshot saw it (one `stat` each, most of
    what 10,000 articles add) runs in a child process (tui/core/listing_apart.py).

    Nothing is said before the check has answered: the first write to standard output
    or error waits for it. When a file changed, the command has said nothing yet; it
    answers again with the check made first (which then loads the library in full)."""
    global _CHECKS, _STARTED
    if args.command not in CHECKED_APART:
        return handler(args, library_dir, *_consoles())
    from tui.core.listing_apart import find_apart

    stdout, stderr = sys.stdout, sys.stderr
    _CHECKS, _STARTED = [], find_apart(library_dir)  # first: it runs while the rest imports
    sys.stdout, sys.stderr = _AfterTheCheck(stdout), _AfterTheCheck(stderr)
    try:
        code = handler(args, library_dir, *_consoles())
        _confirm()  # a command that said nothing has nothing stale to take back either
        return code
    except LibraryChanged:
        pass
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        _cancel_checks()
        _CHECKS = None
    while _OPEN_INDEXES:
        _OPEN_INDEXES.pop().close()
    return handler(args, library_dir, *_consoles())


class LibraryChanged(BaseException):
    """A check running apart found an article file changed since the snapshot: the answer
    made from it is dropped unsaid. A BaseException: no handler of errors may take it."""


class _AfterTheCheck:
    """Standard output or error that lets nothing through before the checks running apart
    have answered that the snapshot is current (raising LibraryChanged otherwise)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        _confirm()
        return self.stream.write(text)

    def writelines(self, lines) -> None:
        _confirm()
        self.stream.writelines(lines)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _confirm() -> None:
    """Wait for the checks running apart; LibraryChanged when one found a file changed."""
    while _CHECKS:
        if not _CHECKS[-1].same():
            raise LibraryChanged
        _CHECKS.pop()


def _cancel_checks() -> None:
    """The checks running apart are not needed (the library is read in full, or the
    command is over): stop them."""
    global _STARTED
    while _CHECKS:
        _CHECKS.pop().cancel()
    if _STARTED is not None:
        _STARTED.cancel()  # not taken: the snapshot read was another
        _STARTED = None


COMMANDS = ("search", "show", "topics", "check", "index", "read", "notes", "cite", "completion")


def _as_command(words: list[str]) -> list[str]:
    """What a first-time user types, made a command: `myelin help` is `--help`; `myelin
    fatigue` or `myelin "what causes ms"` is a search; a near miss (`myelin serach x`) is
    named with the command meant, not argparse's "invalid choice" (QA H41)."""
    first = 0
    while first < len(words) and words[first].startswith("-"):
        first += 2 if words[first] == "--library" else 1  # its folder is not a command
    if first >= len(words) or words[first] in COMMANDS or "_ARGCOMPLETE" in os.environ:
        return words
    word = words[first]
    if word.casefold() in ("help", "h", "?"):
        return [*words[:first], "--help"]
    import difflib

    close = difflib.get_close_matches(word.casefold(), COMMANDS, n=1, cutoff=0.75)
    if close and " " not in word:
        sys.stderr.write(f"myelin: there is no command {word!r}; did you mean: myelin {close[0]}\n")
        raise SystemExit(2)
    return [*words[:first], "search", *words[first:]]


#: The start-up file and line for each shell (README, "Tab completion").
START_UP = {
    "bash": ("~/.bashrc", 'eval "$(myelin completion bash)"'),
    "zsh": ("~/.zshrc", 'eval "$(myelin completion zsh)"'),
    "fish": ("~/.config/fish/config.fish", "myelin completion fish | source"),
}


def _completion(shell: str | None) -> int:
    """The shell's start-up code; without a shell named, the one $SHELL names (QA4 Q15: a
    usage error), and at a terminal a line on stderr saying where it goes."""
    from tui.completion import shell_code

    if shell is None:
        login = os.path.basename(os.environ.get("SHELL", "").strip())
        if login not in SHELLS:
            named = f"$SHELL is {login}" if login else "$SHELL is not set"
            sys.stderr.write(
                f"myelin completion: which shell? Tab completion works in "
                f"{', '.join(SHELLS[:-1])} or {SHELLS[-1]} ({named}); for example: "
                "myelin completion bash\n"
            )
            return 2
        shell = login
    sys.stdout.write(shell_code(shell))
    if sys.stdout.isatty():  # typed to see it: say how to turn it on, not in `eval`
        where, line = START_UP[shell]
        sys.stderr.write(f"# That is the code for {shell}. To turn it on, add to {where}:\n")
        sys.stderr.write(f"#   {line}\n")
    return 0


def _reader(library: str | None) -> int:
    """The app, in a terminal only (`ssh host myelin` or a pipe gets a word instead)."""
    from tui.core.paths import default_library

    library_dir = default_library(library)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.stderr.write(NO_TERMINAL)
        return 2
    if _dumb():  # a full-screen app would be a screenful of escape codes there
        return main(["read", *(["--library", library] if library else [])])
    from tui.app.main import run_app  # Textual is imported only for the app

    return run_app(library_dir)


# -- commands ----------------------------------------------------------------------------


QUERY_COMMANDS = ("search", "read")


def _query_word(command: str | None, word: str) -> bool:
    """A word argparse left over that belongs to the query: a word typed after an option
    (`vitamin --limit 3 relapses`) or a word to leave out (`-ms`, `-"a phrase"`; options
    are all --long). Anything else is an unknown option, for argparse to name."""
    if command not in QUERY_COMMANDS:
        return False
    return not word.startswith("--") and word not in ("-", "")


def _as_typed(words: list[str], command: str, query: list[str]) -> list[str]:
    """The query words in the order they were typed, wherever the options fell."""
    wanted = Counter(query)
    typed: list[str] = []
    for word in words[words.index(command) + 1 :]:
        if wanted[word] > 0:
            typed.append(word)
            wanted[word] -= 1
    return typed


def cmd_search(args, library_dir: Path, out: Console, err: Console) -> int:
    from rich.text import Text

    from tui.core.search import SearchEngine
    from tui.core.search.query import ALIASES, parse_query
    from tui.core.wording import added_on, evidence_meter, facts_line
    from tui.plain_reader import PlainReader

    parsed = parse_query(_query(args))
    if not parsed.has_terms and not parsed.has_filters and not args.topic:
        # "", "the of and" and "-ms" alike: nothing to look for is not "no articles found"
        err.print(Text("Type a few words about what you want to read."), soft_wrap=True)
        return 2
    engine = SearchEngine(*_library_and_index(library_dir, err))
    library = engine.library
    if not all(_known_topic(library, name, err) for name in [*parsed.topics, *(args.topic or [])]):
        return 1  # `--topic Nonexistent` or `topic:Nonexistent` typed in the query
    results = engine.search(
        _query(args),
        topic=args.topic,
        sort=args.sort,
        limit=max(1, args.limit),
        correct=not args.as_typed,
    )
    if args.json:
        import json

        print(json.dumps(_results_json(results), indent=2, ensure_ascii=False))
        return 0
    if args.plain:
        width = args.width or terminal_width()
        reader = PlainReader(library, engine, sys.stdout, width, with_ids=True)
        reader.sort = ALIASES.get(args.sort, args.sort)  # the rows say the order they are in
        reader.show(reader.search_listing(_query(args), results))
        return 0
    if results.definition:  # an answer, before the articles that say more
        out.print(Text(results.definition), soft_wrap=True)
        out.print()
    for message in results.messages:
        if message != results.missing_line:
            err.print(Text(message), soft_wrap=True)  # no wrapping spaces left at line ends
    if args.explain:
        from tui.core.search.present import explain

        for line in explain(results):
            out.print(Text(line), soft_wrap=True)
    if results.corrected:
        out.print(
            Text.assemble(
                "Showing results for ",
                (results.corrected, "bold"),
                f" · search instead for {results.text} with --as-typed",
            ),
            soft_wrap=True,
        )
    if results.missing_line:
        out.print(Text(results.missing_line))
    if results.suggestion:
        out.print(Text.assemble("Did you mean: ", (results.suggestion, "bold"), "?"))
    if not results.hits:
        if not results.missing_line:  # which already says there is nothing
            out.print(Text("No articles found."))
        return 0
    out.print(
        Text(
            f"{results.total} article{'s' * (results.total != 1)} found"
            f"{f', showing {len(results.hits)}' if results.total > len(results.hits) else ''}."
        )
    )
    indent = len(str(len(results.hits))) + 2  # "12. " and the lines under it
    for number, hit in enumerate(results.hits, start=1):
        article = hit.article
        title = Text.assemble((article.title, "bold"), (f"  [{article.id}]", "dim"))
        updated = f" · updated {article.news[0].month}" if article.news else ""
        added = f" · {added_on(article)}" if args.sort == "added" else ""
        facts = Text(f"{facts_line(article)} · {evidence_meter(article)}{updated}{added}")
        facts.stylize("dim")
        snippet = Text()
        for segment in hit.snippet:
            snippet.append(segment.text, style="bold yellow" if segment.match else "")
        out.print()
        _print_indented(out, Text(f"{number}.".ljust(indent), style="bold"), title, indent)
        _print_indented(out, None, facts, indent)
        _print_indented(out, None, snippet, indent)
    if results.facets:
        top = ", ".join(f"{name} ({count})" for name, count in list(results.facets.items())[:8])
        out.print()
        _print_indented(out, None, Text("Topics in these results: " + top, style="dim"), 0)
    return 0


def _print_indented(out: Console, first: Text | None, text: Text, indent: int) -> None:
    """`text` wrapped to the width with every line indented, the first after `first`."""
    from rich.text import Text

    for number, line in enumerate(text.wrap(out, max(20, out.width - indent))):
        line.rstrip()
        lead = first if number == 0 and first is not None else " " * indent
        out.print(Text.assemble(lead, line))


def cmd_show(args, library_dir: Path, out: Console, err: Console) -> int:
    from rich.text import Text

    from tui.core.plain import article_text
    from tui.core.problems import skipped, skipped_message
    from tui.core.search import SearchEngine
    from tui.core.state import StateStore

    library, index = _library_and_index(library_dir, err)
    wanted = _article_id(args.id)
    article = library.get(wanted)
    if article is None and (missed := skipped(library.problems, library.articles, wanted)):
        err.print(Text(skipped_message(missed)), soft_wrap=True)
        return 1
    if article is None:
        import difflib

        by_case = {article_id.casefold(): article_id for article_id in library.articles}
        close = difflib.get_close_matches(wanted.casefold(), list(by_case), n=1, cutoff=0.75)
        starting = sorted(i for i in library.articles if i.casefold().startswith(wanted.casefold()))
        if close:
            hint = f"Did you mean: myelin show {by_case[close[0]]}"
        elif starting:  # the start of an id: `myelin show ebv`
            shown = ", ".join(starting[:5]) + (", …" if len(starting) > 5 else "")
            hint = f"Ids that begin with {show_name(wanted)}: {shown}"
        else:
            hint = "Find its id with: myelin search WORDS"
        err.print(
            Text(f'No article "{show_name(wanted)}" in {show_name(library.root)}.'),
            Text(hint),
            sep="\n",
            soft_wrap=True,  # a command is never broken across lines
        )
        return 1
    related = SearchEngine(library, index).related(article.id)
    width = args.width or min(out.width, 100)
    caveats_first = bool(_reading_state(StateStore(), err).settings.get("caveats_first"))
    if args.plain or _dumb():
        sys.stdout.write(
            article_text(article, width, related, caveats_first, True, library.articles)
        )
        return 0
    renderable = _article_renderable(article, related, caveats_first, library.articles)
    if out.is_terminal:  # not cropped: an address longer than the width stays whole
        out.print(renderable, width=width, crop=False)
    else:  # piped: the same lines without the spaces Rich pads them with
        with out.capture() as captured:
            out.print(renderable, width=width, crop=False)
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    return 0


def _article_id(given: str) -> str:
    """An id from what a person may type: `ebv-risk`, `ebv-risk.md`, `library/ebv-risk.md`."""
    name = given.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


def _known_topic(library: Library, topic: str, err: Console) -> bool:
    """False, saying so with the nearest topic, when `topic` names none in the library."""
    from rich.text import Text

    problem = library.topics.not_found(topic, library.topic_counts())
    if problem is None:
        return True
    err.print(Text(problem), Text("See them all with: myelin topics"), sep="\n", soft_wrap=True)
    return False


def cmd_topics(args, library_dir: Path, out: Console, err: Console) -> int:
    from rich.text import Text
    from rich.tree import Tree

    library = _load(library_dir, err, quick=True)
    counts = library.topic_counts()
    title = f"{show_name(library.root.name)} ({len(library.articles)} articles)"
    if args.plain or _dumb() or not out.is_terminal:  # no tree lines for a pipe or a reader
        lines = [title]
        for category in library.topics.categories:
            lines.append(f"{category.name}:")
            for topic in category.topics:
                about = f": {topic.description}" if topic.description else ""
                lines.append(f"  {topic.name} ({counts.get(topic.name, 0)}){about}")
        sys.stdout.write("".join(line + "\n" for line in lines))
        return 0
    tree = Tree(Text(title))
    for category in library.topics.categories:
        branch = tree.add(Text(category.name, style="bold"))
        for topic in category.topics:
            line = Text(f"{topic.name} ({counts.get(topic.name, 0)})")
            if topic.description:
                line.append(f"  {topic.description}", style="dim")
            branch.add(line)
    out.print(tree)
    return 0


def cmd_check(args, library_dir: Path, out: Console, err: Console) -> int:
    from datetime import date

    from rich.text import Text

    from tui.core.evidence import library_warnings
    from tui.core.library import load_library, read_article

    root = Path(args.dir) if args.dir else library_dir
    alone = root.suffix.lower() == ".md" and root.is_file()
    if alone:  # one article file: its own problems (the folder checks how files fit together)
        found = read_article(root)
        articles, problems = ([], found) if isinstance(found, list) else ([found], [])
    elif err.is_terminal:  # a big or mistaken folder (`check /`) is not silence for minutes
        with err.status("Checking the library…") as status:
            library = load_library(root, progress=lambda text: status.update(Text(text)))
    else:
        library = load_library(root)
    if not alone:
        articles, problems = list(library.articles.values()), library.problems
    for problem in problems:
        out.print(Text(str(problem)), soft_wrap=True)
    warnings = library_warnings(articles, date.today(), args.max_grade)
    for warning in warnings:
        out.print(Text(warning), soft_wrap=True)
    count = len(problems)
    warned = f", {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
    summary = (
        f"{len(articles)} article{'s' * (len(articles) != 1)} loaded, "
        f"{count} problem{'s' * (count != 1)}"
        f"{warned} in {show_name(root)}"
    )
    out.print(Text(summary, style="bold red" if count else "bold green"))
    if alone:
        out.print(
            Text(
                "Checked on its own: its topics and links to other articles are checked "
                f"with its library: myelin check {show_name(root.parent)}"
            ),
            soft_wrap=True,
        )
    return 1 if count else 0


def cmd_read(args, library_dir: Path, out: Console, err: Console) -> int:
    """The app, or the linear reader (also used when there is no terminal to draw on)."""
    interactive = sys.stdin.isatty()
    if not args.plain and interactive and sys.stdout.isatty():
        if not _dumb():
            from tui.app.main import run_app

            return run_app(library_dir, _query(args))
        from tui.core.plain import wrap_text

        # Wrapped as the reader wraps: a braille line never breaks inside a word.
        term = os.environ.get("TERM", "").strip()
        notice = DUMB_TERMINAL.format(term=term) if term else NO_TERM
        sys.stderr.write("".join(f"{line}\n" for line in wrap_text(notice, _width(args))))
    from tui.core.search import SearchEngine
    from tui.core.state import StateStore
    from tui.plain_reader import PlainReader

    library = _load(library_dir, err)
    engine = SearchEngine(library, _index(library, err))
    width = _width(args)
    store = StateStore()
    reader = PlainReader(library, engine, sys.stdout, width, store=store)
    _say_state_messages(store, err)
    try:
        return reader.run(sys.stdin, interactive, _query(args))
    finally:
        _say_state_messages(store, err)


def cmd_notes(args, library_dir: Path, out: Console, err: Console) -> int:
    from rich.text import Text

    from tui.core.notes import (
        NotesError,
        appointment_notes,
        default_notes_path,
        documents_folder,
        is_stream,
        missing_bookmarks,
        not_in_library,
        write_in_first,
        write_notes,
    )
    from tui.core.state import StateStore, recovery_folders

    library = _load(library_dir, err)
    state = _reading_state(StateStore(), err)
    articles = [a for i in state.bookmarked_ids() if (a := library.get(i))]
    missing = missing_bookmarks(state, library)
    text = appointment_notes(articles, state, args.format, missing=missing)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    if not articles and not missing:  # an empty page helps no one, nor may look like lost notes
        err.print(
            Text("No bookmarked articles, so no notes were written. Bookmark articles with b."),
            soft_wrap=True,
        )
        return 1
    name = default_notes_path(args.format).name
    try:
        if args.output:  # the place asked for, or an error: never somewhere else
            path = Path(args.output)
            wanted = path / name if path.is_dir() else path
            not_in_library(wanted, library_dir)
            written = write_notes(text, path, name)
        else:  # where the app writes them: Documents, else home, else temp (QA5 R15)
            folders = recovery_folders(documents_folder())
            written, refused = write_in_first(text, name, folders, library_dir)
            wanted = written.parent / name
            if refused:
                err.print(Text(refused), soft_wrap=True)
    except NotesError as error:
        err.print(Text(str(error)), soft_wrap=True)
        return 1
    if written.resolve() != wanted.resolve():
        err.print(Text(f"{wanted} already exists and was kept as it is."), soft_wrap=True)
    (err if is_stream(written) else out).print(  # not into the notes (`--output /dev/stdout`)
        Text(
            f"Wrote notes for {len(articles) + len(missing)} bookmarked article"
            f"{'s' * (len(articles) + len(missing) != 1)} to {show_name(written)}"
        ),
        soft_wrap=True,
    )
    return 0


def cmd_cite(args, library_dir: Path, out: Console, err: Console) -> int:
    from rich.text import Text

    from tui.core.citations import cite
    from tui.core.problems import skipped, skipped_message

    given = list(dict.fromkeys(_article_id(i) for i in args.ids))  # paths as in `show`, once
    library = _load(library_dir, err, quick=True, shown=given)
    by_case = None
    for number, wanted in enumerate(given):
        if library.get(wanted) is None:  # `EXPLAINER-PIRA`: ids whatever their case
            by_case = by_case or {i.casefold(): i for i in library.articles}
            given[number] = by_case.get(wanted.casefold(), wanted)
    given = list(dict.fromkeys(given))
    missing = [i for i in given if library.get(i) is None]
    problems = {i: found for i in missing if (found := skipped(library.problems, (), i))}
    for found in problems.values():
        err.print(Text(skipped_message(found)), soft_wrap=True)
    if unknown := [i for i in missing if i not in problems]:
        err.print(
            Text(
                f"Not in the library: {', '.join(map(show_name, unknown))}. "
                "Try `myelin search WORDS` to find ids."
            ),
            soft_wrap=True,
        )
    # The ones found are cited all the same: one typo among ten ids must not cost nine.
    articles = [article for i in given if (article := library.get(i))]
    if args.format != "text":
        left_out = [a.id for a in articles if a.source is None]
        if left_out:
            err.print(
                Text(f"Left out, no source to cite (written for Myelin): {', '.join(left_out)}."),
                soft_wrap=True,
            )
        articles = [a for a in articles if a.source is not None]
    if articles:
        sys.stdout.write(cite(articles, args.format))
    return 1 if missing or not articles else 0


def cmd_index(args, library_dir: Path, out: Console, err: Console) -> int:
    from rich.text import Text

    with _reading(err, lines=bool(args.output)) as progress:  # parsing 10,000: half a minute
        library = _load(library_dir, err, progress=progress)
    if args.output:
        from tui.core.index import build_shared_index
        from tui.core.index_files import INDEX_ENV
        from tui.core.shared_output import OutputRefused

        target = Path(os.path.abspath(Path(args.output).expanduser()))
        closed: list[Path] = []
        try:
            _with_progress(
                len(library.articles),
                err,
                lambda progress: closed.extend(build_shared_index(library, target, progress)),
                lines=True,
            )
        except OutputRefused as refused:
            err.print(Text(f"myelin index: {refused}"), soft_wrap=True)
            return 1
        out.print(
            Text(
                f"Built a shared index of {len(library.articles)} articles in "
                f"{show_name(target)}. Readers use it with {INDEX_ENV}={show_name(target)} "
                f"and --library (or MYELIN_LIBRARY) {show_name(library.root)}."
            ),
            soft_wrap=True,
        )
        for folder in closed:
            err.print(
                Text(
                    f"Warning: other users cannot pass through {show_name(folder)}, so they "
                    "cannot reach the index: chmod o+x it."
                ),
                soft_wrap=True,
            )
        return 0
    index = _index(library, err, rebuild=args.rebuild, verify=True)
    status = index.status
    where = "memory" if status.in_memory else show_name(status.location)
    if status.shared:
        line = f"Using the shared index in {where}: {index.doc_count()} articles."
    elif status.rebuilt or status.in_memory:
        line = f"Indexed {index.doc_count()} articles ({where})."
    else:
        line = (
            f"Index up to date in {where}: {status.added} added, {status.updated} "
            f"changed, {status.deleted} removed; {index.doc_count()} articles."
        )
    out.print(Text(line), soft_wrap=True)
    return 0


# -- helpers -----------------------------------------------------------------------------


class NoLibrary(Exception):
    """The library folder is missing: nothing to search or show, and the user should know."""


#: The exit code of a bug (BSD's EX_SOFTWARE): never 0 or 1, so tests and scripts see it.
EXIT_BUG = 70


def _unexpected(error: Exception, err: Console) -> int:
    """Say in one line that Myelin failed, and keep the traceback in the cache folder."""
    import traceback

    from rich.text import Text

    from tui.core.paths import cache_root, private_dir

    where = "the log could not be written"
    try:
        log_file = private_dir(cache_root()) / "crash.log"
        with log_file.open("a", encoding="utf-8") as out:
            out.write("".join(traceback.format_exception(error)) + "\n")
        where = f"details are in {show_name(log_file)}"
    except OSError:
        pass
    err.print(
        Text(f"Myelin stopped on an unexpected error ({type(error).__name__}); {where}."),
        soft_wrap=True,
    )
    return EXIT_BUG


def _query(args) -> str:
    """The words typed, as one line without control characters: a query pasted from
    somewhere else is echoed back ("Search for ...", "Did you mean") and must be safe."""
    from tui.core.sanitize import sanitize

    return " ".join(sanitize(" ".join(args.query)).split())


def _reading_state(store: StateStore, err: Console) -> ReadingState:
    """The reader's saved state, saying on stderr if its file was damaged and moved aside,
    with what a session that could not save kept elsewhere taken back (and said)."""
    from tui.core.notes import documents_folder
    from tui.core.state import recovery_folders

    state = store.load()
    store.take_back_copies(state, recovery_folders(documents_folder()))
    _say_state_messages(store, err)
    return state


def _say_state_messages(store: StateStore, err: Console) -> None:
    from rich.text import Text

    for message in store.messages:
        err.print(Text(message), soft_wrap=True)
    store.messages.clear()


def _load(
    library_dir: Path,
    err: Console,
    quick: bool = False,
    quiet: bool = False,
    whole: bool = False,
    shown: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Library:
    """The library; `quick` for a command that shows a few articles: they are read when
    shown, if the snapshot is current (tui/core/command_library.py), and with `shown`
    only those articles' files are checked (the command shows nothing else); `whole`
    loads every article and saves the snapshot for the next command."""
    from rich.text import Text

    from tui.core.library import load_library

    if not library_dir.is_dir():
        raise NoLibrary(str(load_library(library_dir).problems[0]))
    if quick or whole:
        from tui.core.command_library import load_for_command, load_whole

        if whole:
            _cancel_checks()
            library = load_whole(library_dir)
        else:
            library = load_for_command(library_dir, shown=shown, checking=_STARTED)
            check = getattr(library, "check", None)
            if check is not None and _CHECKS is not None:
                _CHECKS.append(check)
    else:
        library = load_library(library_dir, use_cache=True, progress=progress)
    for notice in library.notices:  # first-start data refused: the files were read instead
        err.print(Text(notice), soft_wrap=True)
    if library.problems and not quiet:
        count = len(library.problems)
        err.print(
            Text(
                f"{count} problem{'s' * (count != 1)} in the library; "
                "run `myelin check` to see them."
            ),
            soft_wrap=True,
        )
    return library


def _library_and_index(library_dir: Path, err: Console) -> tuple[Library, SearchIndex]:
    """For a command that shows a few articles: the quick library while the index is
    current, else (the index has to be written) the whole library."""
    from tui.core.index import IncompleteLibrary

    library = _load(library_dir, err, quick=True)
    try:
        return _settled(library, _index(library, err))
    except IncompleteLibrary:
        library = _load(library_dir, err, quiet=True, whole=True)
        return _settled(library, _index(library, err))


def _settled(library: Library, index: SearchIndex) -> tuple[Library, SearchIndex]:
    """What is loaded, frozen out of the garbage collector's scans when the process ends
    with the command: at 10,000 articles a full collection in the search or the related
    articles scanned every loaded id and digest, 25 ms (the bundled library's command
    ends before one starts). Not in a test's process, which runs many commands."""
    if _OWN_PROCESS:
        import gc

        gc.freeze()
    return library, index


#: Seconds between progress lines when stderr is not a terminal (`myelin index` in cron).
PROGRESS_LINE_EVERY = 5.0


@contextlib.contextmanager
def _reading(err: Console, lines: bool = False) -> Iterator[Callable[[str], None] | None]:
    """What reading the library says as it goes (`load_library`'s `progress`): a status
    line on a terminal; without one and with `lines`, a line every few seconds."""
    from rich.text import Text

    if err.is_terminal:
        with err.status("Reading the library…") as status:
            yield lambda text: status.update(Text(text))
    elif lines:
        last = [time.monotonic()]

        def line(text: str) -> None:
            if time.monotonic() - last[0] >= PROGRESS_LINE_EVERY:
                last[0] = time.monotonic()
                err.print(Text(text), soft_wrap=True)

        yield line
    else:
        yield None


def _with_progress(total: int, err: Console, work, lines: bool = False):
    """`work(progress)`, with a progress bar on stderr when it is long; without a
    terminal and with `lines`, a line every few seconds (a log shows it is alive)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    if total < BIG_BUILD:
        return work(None)
    if not err.is_terminal:
        if not lines:
            return work(None)
        last = [time.monotonic()]

        def line(done: int, todo: int) -> None:
            if time.monotonic() - last[0] >= PROGRESS_LINE_EVERY:
                last[0] = time.monotonic()
                err.print(f"Indexing: {done:,} of {todo:,} articles", highlight=False)

        return work(line)
    columns = (TextColumn("Indexing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("index", total=total)
        return work(lambda done, todo: bar.update(task, completed=done, total=todo))


def _index(
    library: Library, err: Console, rebuild: bool = False, verify: bool = False
) -> SearchIndex:
    """Open the index, with a progress bar on stderr when the build is long; `verify`
    hashes and reads every index file (`myelin index`), not only the changed ones."""
    from rich.text import Text

    from tui.core.index import open_index

    index = _with_progress(
        len(library.articles),
        err,
        lambda progress: open_index(library, rebuild=rebuild, progress=progress, verify=verify),
    )
    _OPEN_INDEXES.append(index)
    for message in index.status.messages:
        err.print(Text(message), soft_wrap=True)
    return index


PANEL_STYLES = {"update": "magenta", "takeaway": "green", "considerations": "yellow"}


def _article_renderable(
    article: Article, related, caveats_first: bool = False, articles=None
) -> Group:
    from rich.console import Group
    from rich.text import Text

    from tui.core.blocks import article_blocks
    from tui.core.wording import evidence_line, facts_line, meter, reading_level

    parts: list = [
        Text(article.title, style="bold"),
        Text(f"{facts_line(article)} · {reading_level(article)}", style="dim"),
    ]
    if article.credibility is None:
        parts.append(Text(evidence_line(article)))
    else:  # as the app draws it: the dots, then the same rating in words, said once
        parts.append(
            Text.assemble(
                "Evidence ", (meter(article.credibility), "cyan"), " ", evidence_line(article)
            )
        )
        if article.interest is not None:
            parts.append(
                Text.assemble(
                    "Interest for people with MS now ",
                    (meter(article.interest), "cyan"),
                    f" ({article.interest} out of 5)",
                )
            )
    for block in article_blocks(article, related, caveats_first, articles, addresses=True):
        parts += _block_renderables(block)
    return Group(*parts)


def _block_renderables(block: ArticleBlock) -> list:
    """One block of the article as Rich renderables (text only: nothing is markup)."""
    from rich.panel import Panel
    from rich.text import Text

    if block.kind == "rating":
        return [Text(), Text(block.text, style="italic")]
    if block.kind == "record":
        return [_Wrapped(line, style="dim") for line in block.text.split("\n")]
    if block.kind in PANEL_STYLES:
        style = PANEL_STYLES[block.kind]
        return [
            Text(),
            Panel(Text(block.text), title=block.heading, border_style=style, title_align="left"),
        ]
    if block.kind == "section":
        return [Text(), Text(block.heading, style="bold underline"), _Wrapped(block.text)]
    if block.kind == "topics":
        return [Text(), Text("Topics: " + ", ".join(block.items), style="dim")]
    if block.kind == "related":
        return [
            Text(),
            Text(block.heading, style="bold"),
            *(
                Text.assemble("- ", (r.article.title, "bold"), f" ({r.article.id}): {r.reason}")
                for r in block.links
            ),
        ]
    style = "italic" if block.kind == "disclaimer" else ""
    return [Text(), _Wrapped(block.text, style=style)]


class _Wrapped:
    """Text wrapped as plain output is (`tui.core.plain.wrap_text`: at spaces, an address
    whole on a line of its own) to the width Rich gives it: Rich cuts a long web address
    or DOI in two, and a terminal's click or copy then takes half of it (QA5 R13)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style

    def __rich_console__(self, console, options):
        from rich.text import Text

        from tui.core.plain import wrap_text

        lines = wrap_text(self.text, options.max_width)
        yield Text("\n".join(lines), style=self.style, no_wrap=True, overflow="ignore")


def _results_json(results: SearchResults) -> dict:
    return {
        "query": results.text,
        "total": results.total,
        "suggestion": results.suggestion,
        "corrected": results.corrected,
        "missing": list(results.missing),
        "understood": [
            {"typed": u.typed, "searched": list(u.searched), "how": u.how}
            for u in results.understood
        ],
        "messages": results.messages,
        "definition": results.definition,
        "facets": results.facets,
        "results": [
            {
                "id": hit.article.id,
                "title": hit.article.title,
                "date": hit.article.date.isoformat(),
                "research_year": hit.article.year,
                "kind": hit.article.kind,
                "topics": list(hit.article.topics),
                "credibility": hit.article.credibility,
                "interest": hit.article.interest,
                "source": _source_json(hit.article),
                "score": round(hit.score, 4),
                "snippet": "".join(s.text for s in hit.snippet),
                "matches": [s.text for s in hit.snippet if s.match],
            }
            for hit in results.hits
        ],
    }


def _source_json(article: Article) -> dict[str, object] | None:
    """The paper behind a result, with its web addresses: the clinician's route to it."""
    source = article.source
    if source is None:
        return None
    return {
        "journal": source.journal,
        "year": source.year,
        "authors": source.authors,
        "title": source.title,
        "doi": source.doi,
        "pmid": source.pmid,
        "registrations": list(source.registrations),
        "links": source.links(),
    }


#: What a terminal that cannot move the cursor calls itself (Emacs shell buffers, serial
#: lines, some braille set-ups): it gets linear text, never the full-screen reader. TERM
#: unset or empty ("", as under `env -i` or a bare service shell) says nothing the terminal
#: can do, so it is treated the same way, as `top` and `clear` refuse to guess.
DUMB_TERMS = ("", "dumb", "unknown")


def _dumb() -> bool:
    """TERM=dumb, unknown or unset (Emacs shells, serial lines, some braille set-ups, `env -i`):
    linear text. Asked at every start: the plain-text layout is not imported to answer it."""
    return os.environ.get("TERM", "").strip().lower() in DUMB_TERMS


def _width(args) -> int:
    return args.width or terminal_width()


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns
