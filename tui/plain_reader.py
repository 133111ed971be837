"""`myelin read --plain`: a linear reader for screen readers and braille displays.

No colour, no box drawing, no cursor movement: every screen is plain lines,
headings are words, and the prompt is a question on its own line. Numbers
open things, words search, `t` lists topics, `b` goes back, `q` quits. Long lists
come twenty lines at a time (`more`). When stdin is not a terminal (a pipe, a file of
questions, a braille or speech front end) it reads the commands one a line, with no
prompt, until the end of the input. Each of the app's features is a module of
`tui/linear/`; this one puts them together and runs the loop.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TextIO

from tui.core.article import Article
from tui.core.blocks import related_links
from tui.core.drafts import Drafts, take_back
from tui.core.library import Library
from tui.core.plain import article_text, wrap_text
from tui.core.sanitize import sanitize
from tui.core.search import SearchEngine
from tui.core.state import Bookmark, ReadingState, StateStore
from tui.core.trail import Trail
from tui.linear.article_words import ArticleWords
from tui.linear.bookmark_words import BookmarkWords, added_to
from tui.linear.glossary_words import GlossaryWords
from tui.linear.lines import (
    LONGEST_LINE,
    PipedLines,
    TypedLines,
    ctrl_c_interrupts,
    ending_keeps,
    pasted_after,
)
from tui.linear.list_words import ListWords
from tui.linear.listing import Listing
from tui.linear.search_words import SearchWords

PROMPT = (
    "Type a number to open, words to search, t for topics, b to go back, h for help, q to quit."
)
#: `h`: one line per command, as a screen reader steps through them (the table of the
#: app's keys and these words is docs/linear-reader.md).
HELP = [
    "Commands, one a line. Type the words, then press Enter.",
    "A number: opens what is listed with that number: a result, topic, bookmark, word, "
    "part of an article or related article.",
    "Any other words: search the library. search, then words: the same, also for a number "
    "such as a year.",
    "more: the next twenty of a long list.",
    "t or topics: the topics. topic, then a name: that topic's articles, as in: topic fatigue.",
    "all: every article, newest research first.",
    "new: the articles new since your last visit.",
    "recent or history: the articles you read, the last first.",
    "bookmarks: your bookmarks. remove, then a number: removes that bookmark, its question "
    "kept. undo: puts it back.",
    "sort, then newest, added, evidence or relevance: the order of search results.",
    "yes: search the suggested spelling, or the words as typed after a correction.",
    "details: how the last search was understood.",
    "define, then a word: what it means, as in: define PIRA. glossary: every word, "
    "twenty at a time.",
    "notes: appointment notes from your bookmarks, as a new dated file.",
    "export ris, or export bibtex: your bookmarks' citations as a file.",
    "problems: files of the library that could not be read.",
    "In an article:",
    "bookmark: keeps it; again removes it. question, then your words: the question to ask "
    "about it; question +, then words, adds to it.",
    "contents: its parts, numbered; a number then reads that part.",
    "why: why its evidence has the rating it has.",
    "words: the glossary words it uses.",
    "find, then words: its sentences that have them.",
    "related: its related articles again.",
    "links: the web addresses of its paper and in its text.",
    "cite: its citation. cite ris, or cite bibtex: the same for a reference manager.",
    "c: puts Important considerations before the findings, or after (remembered).",
    "next or previous: the next or previous article of the list you opened it from.",
    "reload: reads it again after its file changed.",
    "Anywhere:",
    "b or back: goes back; forward: forward again. Back goes on to the articles you read "
    "last time.",
    "h or help: this list. q: quit.",
]
#: Said before the first list: what to type, before twenty topics are read out.
START = "Type words to search, or a number to open a topic below; h for help."
#: Said at the start when a question being typed was kept as the terminal closed.
DRAFT_KEPT = (
    "Myelin ended while you were typing a question; what you typed is kept with the "
    "article's bookmark: type bookmarks to see it."
)
#: Said after ctrl+c at the prompt (the line typed is dropped, never glued to the next).
CANCELLED = "Cancelled. Press ctrl+c again to quit."
CANCELLED_LINE = "Cancelled; the up arrow brings the line back. Press ctrl+c again to quit."
#: Said after ctrl+c while an answer was printing.
STOPPED = "Stopped."
#: A terminal's escape sequences (arrow keys typed without line editing): never a search.
ESCAPES = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?|\^\[\[?[A-D]")
QUESTION = re.compile(r"(?i)^\s*(?:question|ask)(?:\s|$)")
DEFINE = re.compile(r"(?i)^(?:define|definition of|what is|what are|what does|meaning of)\s+")


class PlainReader(SearchWords, ListWords, ArticleWords, GlossaryWords, BookmarkWords):
    """The linear reader: the app's features in words (a module each, in `tui/linear/`),
    put together, and the loop that reads a line and answers it."""

    def __init__(
        self,
        library: Library,
        engine: SearchEngine,
        out: TextIO,
        width: int,
        store: StateStore | None = None,
        with_ids: bool = False,
    ) -> None:
        self.library = library
        self.engine = engine
        self.out = out
        self.width = max(20, width)
        self.store = store  # where reading marks and "caveats first" are kept; None: nowhere
        self.with_ids = with_ids  # `myelin search --plain`: ids to pass to `myelin show`
        self.state = store.load() if store else ReadingState()
        if store is not None:  # what a session that could not save kept elsewhere
            from tui.core.notes import documents_folder
            from tui.core.state import recovery_folders

            store.take_back_copies(self.state, recovery_folders(documents_folder()))
        #: A question being typed when a session ended, taken back (said in `welcome`).
        self.draft_kept = store is not None and take_back(
            Drafts(store.directory), self.state, store
        )
        # Back and forward like the app's H and L: from the articles read last time on.
        earlier = [a for i in self.state.history if (a := library.get(i)) is not None]
        self.trail: Trail[Listing | Article] = Trail(earlier, limit=1000)
        #: New since the last visit, by the app's rule; remembered once the reader reads on.
        self.new_ids: set[str] = set()
        self.unsaved = False  # the last save failed: quitting writes a copy elsewhere
        self.caveats_first = bool(self.state.settings.get("caveats_first"))
        self.sort = "relevance"  # of searches: `sort` changes it for this session
        #: A question typed over an existing one waits for the same line again (never replaced
        #: silently: the reader may not remember writing the first).
        self.replacing: tuple[str, str] | None = None
        #: What the numbers open now: the list on screen, an article's related articles, or
        #: its contents or words once asked for.
        self.numbers: list[tuple[str, str]] = []
        #: The list each article was opened from: `next` and `previous` step through it.
        self.origin: dict[str, Listing] = {}
        self.removed: list[Bookmark] = []  # for `undo`, the last last

    @property
    def related(self) -> list[str]:
        """The article ids the numbers open (an article's related articles)."""
        return [key for kind, key in self.numbers if kind == "article"]

    def show(self, item: Listing | Article, remember: bool = True) -> None:
        if remember:
            self.trail.visit(item)
        if isinstance(item, Article):
            self.read(item)
            return
        self.numbers = item.targets
        self.say(item.heading)
        for line in item.lines:
            if line[:1].isdigit() or line[:2] == "- ":
                self.say_item(line)  # its later lines indented under it
            else:
                self.say(line)  # "No bookmarks yet: …", a sentence, not an item

    def read(self, article: Article) -> None:
        """The article, in words; opening it marks it read and adds it to the history, as
        the app does (recently read, unread marks and `H` are the same in both)."""
        related = self.engine.related(article.id)
        articles = self.library.articles
        # numbered as the text lists them: an article that replaces this one comes first
        links = related_links(article, related, articles)
        self.numbers = [("article", link.article.id) for link in links]
        self.out.write(
            article_text(article, self.width, related, self.caveats_first, self.with_ids, articles)
        )
        self.say("End of article.")
        if self.store is not None:
            self.state.opened(article.id)
            if not self.unsaved:  # a failed save is said once, not at every article:
                self._save()  # the marks wait for the next save (quitting keeps a copy)

    def welcome(self) -> None:
        total = len(self.library.articles)
        self.say(
            f"Myelin: {total} plain-language summaries of MS research. "
            "Information only, not medical advice."
        )
        if self.new_ids:
            new = len(self.new_ids)
            are = "articles are" if new != 1 else "article is"
            self.say(f"{new} {are} new since your last visit: type new to list them.")
        if self.draft_kept:
            self.say(DRAFT_KEPT)

    def arrive(self) -> None:
        """A session begins: what is new since the last visit, by the app's rule; the library
        is remembered for next time (saved with the next save, or on quitting)."""
        self.new_ids = self.state.arrive(self.library.articles)

    def answer(self, command: str) -> bool:
        """Act on one line typed by the reader; False means quit."""
        typed = command
        # never a control character echoed back ("Search for …"): a pipe can send any
        command = sanitize(ESCAPES.sub("", command)).strip()
        word = command.lower()
        verb, _, rest = command.partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if not command and typed.strip():  # only arrow keys: say so, search for nothing
            self.say("Arrow keys do nothing here. Type a number or words, then press Enter.")
        elif not command:
            self.say("Type a number or words, then press Enter; h for help.")
        elif word in ("q", "quit", "exit"):
            return False
        elif (action := self.words().get(word)) is not None:
            action()
        elif verb in self.commands() and rest:
            self.commands()[verb](rest)
        elif DEFINE.match(command):
            self.define(DEFINE.sub("", command).strip("? "))
        elif QUESTION.match(word):
            self.set_question(command.partition(" ")[2].strip())
        elif command.isdecimal():
            self.open_number(int(command))
        else:
            self.search(command, suggest_command=True)
        return True

    def words(self) -> dict[str, Callable[[], None]]:
        """Commands of one word."""
        return {
            "t": self.say_topics,
            "topics": self.say_topics,
            "topic": self.say_topics,
            "all": lambda: self.show(self.all_listing()),
            "new": lambda: self.show(self.new_listing()),
            "recent": lambda: self.show(self.recent_listing()),
            "history": lambda: self.show(self.recent_listing()),
            "b": self.back,
            "back": self.back,
            "forward": self.forward,
            "c": self.toggle_caveats,
            "caveats": self.toggle_caveats,
            "h": self.help,
            "help": self.help,
            "?": self.help,
            "m": self.more,
            "more": self.more,
            "next": partial(self.step, 1),
            "previous": partial(self.step, -1),
            "prev": partial(self.step, -1),
            "glossary": lambda: self.show(self.glossary_listing()),
            "words": self.say_words,
            "define": lambda: self.define(""),
            "bookmark": self.toggle_bookmark,
            "save": self.toggle_bookmark,
            "bookmarks": lambda: self.show(self.bookmarks_listing()),
            "remove": lambda: self.remove(""),
            "undo": self.undo,
            "notes": self.write_notes,
            "export": lambda: self.export(""),
            "cite": lambda: self.cite(""),
            "links": self.say_addresses,
            "paper": self.say_addresses,
            "contents": self.say_contents,
            "sections": self.say_contents,
            "why": self.say_why,
            "related": self.say_related,
            "find": lambda: self.find(""),
            "reload": self.reload,
            "sort": lambda: self.set_sort(""),
            "yes": self.take_suggestion,
            "instead": self.take_suggestion,
            "details": self.say_details,
            "problems": self.say_problems,
            "search": lambda: self.say("Type search, then the words or number to search for."),
        }

    def commands(self) -> dict[str, Callable[[str], None]]:
        """Commands followed by words."""
        return {
            "search": self.search,
            "find": self.find,
            "topic": self.open_topic,
            "sort": self.set_sort,
            "cite": self.cite,
            "export": self.export,
            "remove": self.remove,
        }

    def help(self) -> None:
        for line in HELP:
            self.say_item(line)

    def back(self) -> None:
        if (earlier := self.trail.back()) is not None:
            self.show(earlier, remember=False)
        else:
            self.say("Nothing to go back to.")

    def forward(self) -> None:
        if (later := self.trail.forward()) is not None:
            self.show(later, remember=False)
        else:
            self.say("Nothing to go forward to.")

    def open_number(self, number: int) -> None:
        """Open what `number` names now: a result, topic, word, part or related article.

        A number that names nothing and looks like a year is searched for instead.
        """
        targets = self.numbers
        if not 1 <= number <= len(targets) or not targets[number - 1][1]:
            if number >= 1000:
                self.show(self.search_listing(str(number)))
            else:
                self.say(
                    f"There is no number {number} here. To search for it, type: search {number}"
                )
            return
        kind, key = targets[number - 1]
        current = self.trail.current
        if kind == "topic":
            self.show(self.topic_listing(key))
        elif kind == "term":
            self.define(key)
        elif kind == "section" and isinstance(current, Article):
            self.say_section(current, key)
        elif (article := self.library.get(key)) is not None:
            if isinstance(current, Listing):
                self.origin[article.id] = current
            self.show(article)

    def more(self) -> None:
        current = self.trail.current
        if not isinstance(current, Listing) or current.next_page is None:
            self.say("more lists the next part of a long list; there is none on screen.")
            return
        listing = current.next_page(current.shown)
        if listing.shown == current.shown:
            self.say("That was the last of the list.")
            return
        self.show(listing)

    def step(self, delta: int) -> None:
        """`next`/`previous`: in an article, the next or previous article of the list it was
        opened from (the app's `]` and `[`); on a list, `next` is `more`."""
        current = self.trail.current
        if not isinstance(current, Article):
            if delta > 0:
                self.more()
            else:
                self.say("previous steps through a list's articles; open an article first.")
            return
        origin = self.origin.get(current.id)
        ids = origin.article_ids() if origin else []
        if origin is None or current.id not in ids:
            self.say("This article was not opened from a list, so there is no next or previous.")
            return
        position = ids.index(current.id) + delta
        if not 0 <= position < len(ids):
            where = "the last one listed" if delta > 0 else "the first one listed"
            self.say(f"That was {where}." + " Type b, then more, for more." * (delta > 0))
            return
        article = self.library.get(ids[position])
        if article is not None:
            self.origin[article.id] = origin
            self.show(article)

    def goodbye(self) -> int:
        """Quit: 0, or 1 when what was done this session could not be saved, with where a
        copy went (the next start takes it back) said before the end (QA H36)."""
        if not_saved := self.keep_everything():
            self.say(not_saved)
            self.say("Goodbye.")
            return 1
        self.say("Goodbye.")
        return 0

    def keep_everything(self) -> str:
        """Save; when that fails, a copy elsewhere. What to say when it could not be saved
        ("" when it was)."""
        if self.store is None or self.store.save(self.state):
            return ""
        from tui.core.notes import documents_folder
        from tui.core.sanitize import show_name
        from tui.core.state import recovery_folders

        self.store.messages.clear()  # said in the one line below
        copy = self.store.save_elsewhere(self.state, recovery_folders(documents_folder()))
        kept = (
            f"a copy is in {show_name(copy)}, and the next start takes it back"
            if copy
            else "no copy could be written anywhere"
        )
        return (
            "Your bookmarks and questions could not be saved in "
            f"{show_name(self.store.directory)}; {kept}."
        )

    def keep_unsent(self, line: str) -> None:
        """A question being typed (not yet Enter) when the terminal closed or the process
        was ended: kept as a draft, as the app keeps one, for the next start of either
        reader to take back (`tui/core/drafts.py`)."""
        article = self.trail.current
        words = QUESTION.sub("", ESCAPES.sub("", line), count=1).strip()
        if self.store is None or not isinstance(article, Article) or not QUESTION.match(line):
            return
        mark = self.state.bookmarks.get(article.id)
        question = added_to(mark.question if mark else "", words)
        if question:
            Drafts(self.store.directory).keep(article.id, question)

    def run(self, stdin: TextIO, interactive: bool, first: str = "") -> int:
        """Answer lines until `q` or the end of the input: typed in a terminal, after a
        prompt, or one a line from a pipe or a file (`myelin read --plain < questions.txt`),
        where nobody sees a prompt and one line is one command."""
        self.arrive()
        self.welcome()
        if not first:
            self.say(START)
        self.show(self.search_listing(first) if first else self.topics_listing())
        lines = TypedLines(stdin) if interactive else PipedLines(stdin)
        cancelled: str | None = None  # what the last ctrl+c at the prompt dropped
        with (
            ending_keeps(lambda: self.keep_unsent(lines.unsent()), self.keep_everything),
            ctrl_c_interrupts(),
        ):
            while True:
                self.say()
                try:
                    line = self.next_line(lines, stdin, interactive)
                except KeyboardInterrupt:  # ctrl+c at the prompt: the line is dropped
                    if not interactive:
                        return self.stopped()
                    typed = lines.unsent()
                    self.out.write("\n")  # after what was typed
                    if cancelled is not None and not typed.strip():  # twice: the end
                        self.keep_unsent(cancelled)  # a question, as a draft (as a hang-up)
                        return self.goodbye()
                    cancelled = typed
                    lines.keep_cancelled(typed)
                    self.say(CANCELLED_LINE if typed.strip() and lines.editing else CANCELLED)
                    continue
                if line is None:  # the end of the input: a terminal gone takes a line with it
                    self.keep_unsent(lines.unsent() or cancelled or "")
                cancelled = None
                try:
                    if line is None or not self.answer(line):
                        return self.goodbye()
                except KeyboardInterrupt:  # ctrl+c while an answer prints: it stops
                    if not interactive:
                        return self.stopped()
                    self.out.write("\n")
                    self.say(STOPPED)

    def next_line(
        self, lines: TypedLines | PipedLines, stdin: TextIO, interactive: bool
    ) -> str | None:
        """The next command: after the prompt in a terminal (a pasted question whole)."""
        prompt = ""
        if interactive:
            *before, last = wrap_text(PROMPT, self.width)
            self.out.write("".join(line + "\n" for line in before))
            self.out.flush()
            prompt = last + "\n"
        line = lines.read(prompt)
        if lines.dropped:
            self.say(
                f"That line was {LONGEST_LINE + lines.dropped:,} characters long; only "
                f"the first {LONGEST_LINE:,} were read."
            )
        if interactive and line is not None and QUESTION.match(line):
            line = " ".join([line.strip(), *pasted_after(stdin, lines.read)])
        return line

    def stopped(self) -> int:
        """ctrl+c with commands from a pipe: the end, saved as `q` saves; status 130."""
        self.out.write("\n")
        self.say("Stopped (ctrl+c).")
        return self.goodbye() or 130
