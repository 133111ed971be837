"""`myelin read --plain`: a linear reader for screen readers and braille displays.

No colour, no box drawing, no cursor movement: every screen is plain lines,
headings are words, and the prompt is a question on its own line. Numbers
open things, words search, `t` lists topics, `b` goes back, `q` quits. Long lists
come twenty lines at a time (`more`). When stdin is not a terminal it prints the
first screen, says why, and exits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TextIO

from tui.core.article import Article, full_stop
from tui.core.blocks import related_links
from tui.core.library import Library
from tui.core.notes import (
    NotesError,
    appointment_notes,
    default_notes_path,
    documents_folder,
    missing_bookmarks,
    write_in_first,
)
from tui.core.plain import article_text, wrap_item, wrap_text
from tui.core.search import SearchEngine, SearchResults
from tui.core.state import ReadingState, StateStore
from tui.core.trail import Trail
from tui.core.wording import facts_line

PROMPT = (
    "Type a number to open, words to search, t for topics, b to go back, h for help, q to quit."
)
HELP = (
    "Numbers open what is listed on screen: results, topics, bookmarks, glossary words, "
    "or an article's related articles. Any other words search; to search for a number "
    "such as a year, type search, then the number. more lists the next results, or the "
    "next glossary words. define, then a word, explains it, as in: define PIRA. glossary "
    "lists every word, twenty at a time. "
    "t lists topics, b goes back. In an article: bookmark keeps it (again removes it), "
    "question, then your words, keeps the question to ask about it (question +, then "
    "words, adds to it). bookmarks lists them, "
    "notes writes appointment notes from them. links gives the web addresses of its paper. "
    "c puts Important considerations before "
    "the findings (remembered), h repeats this, q quits."
)
#: Said before the first list: what to type, before twenty topics are read out.
START = "Type words to search, or a number to open a topic below; h for help."
NOT_A_TERMINAL = (
    "This is only the first screen: the input is not a terminal, so nothing typed can be "
    "read. Run myelin read --plain in a terminal to read on, or myelin search WORDS."
)
SHOWN = 20  # results listed per page
#: A terminal's escape sequences (arrow keys typed without line editing): never a search.
ESCAPES = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?|\^\[\[?[A-D]")
QUESTION = re.compile(r"(?i)^\s*(?:question|ask)(?:\s|$)")
PASTE_GAP = 0.05  # seconds: lines of one paste arrive together; a person types slower
DEFINE = re.compile(r"(?i)^(?:define|definition of|what is|what are|what does|meaning of)\s+")


@dataclass
class Listing:
    """A numbered list on screen: what the numbers open."""

    heading: str
    lines: list[str]
    #: ("article"|"topic"|"term", key) for each number
    targets: list[tuple[str, str]] = field(default_factory=list)
    #: For `more`: the next page of a long list (a search, the glossary), given how many
    #: it has listed so far (`shown`); None when the list is shown whole.
    next_page: Callable[[int], Listing] | None = None
    shown: int = 0


class PlainReader:
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
        self.trail: Trail[Listing | Article] = Trail(limit=1000)
        self.store = store  # where "caveats first" is remembered; None reads nothing
        self.with_ids = with_ids  # `myelin search --plain`: ids to pass to `myelin show`
        self.state = store.load() if store else ReadingState()
        if store is not None:  # what a session that could not save kept elsewhere
            from tui.core.notes import documents_folder
            from tui.core.state import recovery_folders

            store.take_back_copies(self.state, recovery_folders(documents_folder()))
        self.unsaved = False  # the last save failed: quitting writes a copy elsewhere
        self.caveats_first = bool(self.state.settings.get("caveats_first"))
        #: A question typed over an existing one waits for the same line again (never replaced
        #: silently: the reader may not remember writing the first).
        self.replacing: tuple[str, str] | None = None
        self.related: list[str] = []  # ids the numbers open while an article is on screen

    # -- screens -----------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """One paragraph, wrapped to the width: a braille line never runs over."""
        for line in wrap_text(text, self.width) if text else [""]:
            self.out.write(line + "\n")

    def show(self, item: Listing | Article, remember: bool = True) -> None:
        if remember:
            self.trail.visit(item)
        if isinstance(item, Article):
            related = self.engine.related(item.id)
            articles = self.library.articles
            # numbered as the text lists them: an article that replaces this one comes first
            self.related = [link.article.id for link in related_links(item, related, articles)]
            self.out.write(
                article_text(item, self.width, related, self.caveats_first, self.with_ids, articles)
            )
            self.say("End of article.")
            return
        self.say(item.heading)
        for line in item.lines:
            for wrapped in wrap_item(line, self.width):
                self.out.write(wrapped + "\n")

    def search_listing(
        self, words: str, results: SearchResults | None = None, start: int = 0
    ) -> Listing:
        """The numbered results of `words` (or of a search already made with filters),
        from result `start` on: `more` lists the next page, numbered on from the last."""
        results = results or self.engine.search(words, limit=start + SHOWN)
        hits = results.hits[start:]
        heading = f"Search for {words}: {results.total} article{'s' * (results.total != 1)}"
        if start:
            heading += f", results {start + 1} to {start + len(hits)}"
        elif results.total > len(results.hits):
            heading += f", showing {len(results.hits)}"
        heading += "."
        if results.total > start + len(hits):
            if self.with_ids:  # `myelin search --plain`: a command, not a prompt to type at
                heading += f" Use --limit {min(results.total, start + len(hits) + SHOWN)} for more."
            else:
                heading += " Type more for the next ones."
        if results.suggestion:
            heading += f" Did you mean {results.suggestion}?"
        if results.corrected:
            heading = f"Showing results for {results.corrected}. {heading}"
        heading = " ".join([*results.messages, heading])
        listing = self._articles(heading, [hit.article for hit in hits], first=start + 1)
        listing.shown = start + len(hits)
        listing.next_page = partial(self.search_listing, words, None)
        if start:  # the numbers go on from the page before
            listing.targets = [("article", "")] * start + listing.targets
        return listing

    def topics_listing(self, start: int = 0) -> Listing:
        """The topics that have articles, a page at a time (fifty lines before the first
        prompt were a lot to hear before learning what to type)."""
        counts = self.library.topic_counts()
        topics = [t for t in self.library.topics.topics if counts.get(t.name)]
        lines = [
            f"{n}. {t.name}, {counts[t.name]} article{'s' * (counts[t.name] != 1)}."
            for n, t in enumerate(topics, 1)
        ]
        targets = [("topic", t.name) for t in topics]
        hint = "Type a number to open one."
        return self._page(
            f"Topics: {len(topics)}", hint, lines, targets, start, self.topics_listing
        )

    def _page(
        self,
        heading: str,
        hint: str,
        lines: list[str],
        targets: list[tuple[str, str]],
        start: int,
        next_page: Callable[[int], Listing],
        empty: str = "None.",
    ) -> Listing:
        """`lines` (numbered from 1) from `start`, one page: `more` lists the next
        (`next_page`), numbered on from this one; the heading says which part this is."""
        page = lines[start : start + SHOWN]
        if len(lines) > SHOWN:
            heading += f", {start + 1} to {start + len(page)}"
        heading += f". {hint}"
        if start + len(page) < len(lines):
            heading += " Type more for the next ones."
        kind = targets[0][0] if targets else ""
        return Listing(
            heading,
            page or [empty],
            [(kind, "")] * start + targets[start : start + len(page)],
            next_page=next_page,
            shown=start + len(page),
        )

    def topic_listing(self, name: str) -> Listing:
        return self._articles(f"Topic {name}:", self.library.in_topic(name))

    def _articles(self, heading: str, articles: Sequence[Article], first: int = 1) -> Listing:
        lines = [
            f"{n}. {full_stop(a.title)} {facts_line(a).replace(' · ', ', ')}."
            + (f" {a.updates[0].heading()}." if a.updates else "")
            + (f" Id: {a.id}." if self.with_ids else "")
            for n, a in enumerate(articles, start=first)
        ]
        return Listing(
            heading, lines or ["No articles found."], [("article", a.id) for a in articles]
        )

    def welcome(self) -> None:
        count = len(self.library.articles)
        for line in wrap_text(
            f"Myelin: {count} plain-language summaries of MS research. "
            "Information only, not medical advice.",
            self.width,
        ):
            self.say(line)

    # -- the loop ----------------------------------------------------------------------------

    def answer(self, command: str) -> bool:
        """Act on one line typed by the reader; False means quit."""
        typed = command
        command = ESCAPES.sub("", command).strip()
        word = command.lower()
        if not command and typed.strip():  # only arrow keys: say so, search for nothing
            self.say("Arrow keys do nothing here. Type a number or words, then press Enter.")
        elif word in ("q", "quit", "exit"):
            return False
        elif word in ("t", "topics"):
            self.show(self.topics_listing())
        elif word in ("b", "back"):
            if (earlier := self.trail.back()) is not None:
                self.show(earlier, remember=False)
            else:
                self.say("Nothing to go back to.")
        elif word in ("c", "caveats"):
            self.toggle_caveats()
        elif word in ("h", "help", "?"):
            self.say(HELP)
        elif word in ("m", "more", "next"):
            self.more()
        elif word in ("glossary", "words"):
            self.show(self.glossary_listing())
        elif DEFINE.match(command) or word == "define":
            self.define(DEFINE.sub("", command).strip("? ") if word != "define" else "")
        elif word in ("bookmark", "save"):
            self.toggle_bookmark()
        elif word == "bookmarks":
            self.show(self.bookmarks_listing())
        elif QUESTION.match(word):
            self.set_question(command.partition(" ")[2].strip())
        elif word == "notes":
            self.write_notes()
        elif word in ("links", "paper"):
            self.say_addresses()
        elif word.startswith(("search ", "find ")):
            self.show(self.search_listing(command.partition(" ")[2].strip()))
        elif command.isdigit():
            self.open_number(int(command))
        elif command:
            self.show(self.search_listing(command))
        return True

    def say_addresses(self) -> None:
        """The open article's paper and records as web addresses, one per line, to copy."""
        current = self.trail.current
        if not isinstance(current, Article):
            self.say("links gives the web addresses of an article's paper; open an article first.")
            return
        found = current.source.addresses() if current.source else []
        if not found:
            self.say("This article gives no web address for its paper.")
        for label, address in found:
            self.say(f"{label}: {address}")

    def open_number(self, number: int) -> None:
        """Open what `number` names on the screen now: a result, a topic or a related article.

        A number that names nothing and looks like a year is searched for instead.
        """
        current = self.trail.current
        if isinstance(current, Article):
            targets = [("article", i) for i in self.related]
        else:
            targets = current.targets if current else []
        if not 1 <= number <= len(targets) or not targets[number - 1][1]:
            if number >= 1000:
                self.show(self.search_listing(str(number)))
            else:
                self.say(
                    f"There is no number {number} here. To search for it, type: search {number}"
                )
            return
        kind, key = targets[number - 1]
        if kind == "topic":
            self.show(self.topic_listing(key))
        elif kind == "term":
            self.define(key)
        elif (article := self.library.get(key)) is not None:
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

    # -- glossary ----------------------------------------------------------------------------

    def glossary_listing(self, start: int = 0) -> Listing:
        """The glossary's words a page at a time (two hundred lines at once are a lot to
        listen to), numbered on from the page before."""
        terms = self.library.glossary.lookup("")
        lines = [f"{n}. {t.term}." for n, t in enumerate(terms, 1)]
        targets = [("term", t.term) for t in terms]
        hint = "Type a number, or define and a word."
        heading = f"Glossary: {len(terms)} words"
        empty = "The glossary is empty."
        return self._page(heading, hint, lines, targets, start, self.glossary_listing, empty)

    def define(self, words: str) -> None:
        """Say a glossary word's meaning: the best match, else the nearest spelling."""
        if not words:
            self.say("Type define, then a word, as in: define PIRA.")
            return
        glossary = self.library.glossary
        found = glossary.lookup(words)
        if not found:
            nearest = glossary.suggest(words)
            hint = f" Did you mean {nearest}? Type: define {nearest}" if nearest else ""
            self.say(f"No glossary word matches {words}.{hint}")
            return
        term = found[0]
        self.say(f"{term.term}: {full_stop(term.definition)}")
        if term.aliases:
            self.say("Also called: " + ", ".join(term.aliases) + ".")
        if term.why_it_matters:
            self.say("Why it matters: " + full_stop(term.why_it_matters))
        if len(found) > 1:
            others = ", ".join(t.term for t in found[1:6])
            self.say(f"Other words that match: {others}.")

    # -- bookmarks, questions and appointment notes -------------------------------------------

    def _article_on_screen(self, what: str) -> Article | None:
        current = self.trail.current
        if isinstance(current, Article):
            return current
        self.say(f"Open an article first, then type {what}.")
        return None

    def _save(self) -> bool:
        """Save now; False (said) when it could not be: kept in memory, and on quitting a
        copy is written elsewhere, as the app does."""
        if self.store is None:
            return True
        self.unsaved = not self.store.save(self.state)
        for message in self.store.messages:
            self.say(message)
        self.store.messages.clear()
        return not self.unsaved

    def goodbye(self) -> int:
        """Quit: 0, or 1 when what was done this session could not be saved, with where a
        copy went (the next start takes it back) said before the end (QA H36)."""
        if self.unsaved and self.store is not None and not self._save():
            from tui.core.notes import documents_folder
            from tui.core.sanitize import show_name
            from tui.core.state import recovery_folders

            copy = self.store.save_elsewhere(self.state, recovery_folders(documents_folder()))
            kept = (
                f"a copy is in {show_name(copy)}, and the next start takes it back"
                if copy
                else "no copy could be written anywhere"
            )
            self.say(
                "Your bookmarks and questions could not be saved in "
                f"{show_name(self.store.directory)}; {kept}."
            )
            self.say("Goodbye.")
            return 1
        self.say("Goodbye.")
        return 0

    def toggle_bookmark(self) -> None:
        article = self._article_on_screen("bookmark")
        if article is None:
            return
        now = self.state.toggle_bookmark(article.id, article.title)
        self._save()
        if now:
            question = self.state.bookmarks[article.id].question
            back = f" Your earlier question is back: {question}" if question else ""
            self.say(f"Bookmarked {full_stop(article.title)}{back}")
        else:
            self.say(
                f"Bookmark removed from {full_stop(article.title)} Any question is kept; "
                "type bookmark again to put it back."
            )

    def set_question(self, question: str) -> None:
        article = self._article_on_screen("question and your words")
        if article is None:
            return
        if not question:
            self.say("Type question, then the words you want to ask, all on one line.")
            return
        if not self.state.is_bookmarked(article.id):
            self.state.toggle_bookmark(article.id, article.title)
        earlier = self.state.bookmarks[article.id].question
        if question.startswith("+") and earlier:  # `question + more words` adds to it
            question = f"{earlier} {question[1:].strip()}"
        elif earlier and question != earlier and self.replacing != (article.id, question):
            self.replacing = (article.id, question)
            self.say(
                f"This article already has a question: {earlier} To replace it, type the "
                "same line again. To add to it, type question + and your words."
            )
            return
        self.replacing = None
        self.state.set_question(article.id, question)
        saved = self._save()
        kept = f" Your earlier question is kept in your reading history: {earlier}" * bool(
            earlier and earlier not in question
        )
        where = "Kept with the bookmark" if saved else "Kept for this session only, not saved"
        self.say(f"{where}: {question}{kept}")

    def bookmarks_listing(self) -> Listing:
        articles = [a for i in self.state.bookmarked_ids() if (a := self.library.get(i))]
        lines = []
        for n, article in enumerate(articles, 1):
            question = self.state.bookmarks[article.id].question
            asked = f" My question: {full_stop(question)}" if question else ""
            lines.append(f"{n}. {full_stop(article.title)}{asked}")
        missing = missing_bookmarks(self.state, self.library)
        for gone in missing:  # not numbered: there is no summary to open
            asked = f" My question: {full_stop(gone.mark.question)}" if gone.mark.question else ""
            lines.append(f"- {full_stop(gone.name)} Summary missing: {gone.why}{asked}")
        heading = f"Bookmarks: {len(articles)}."
        if missing:
            count = len(missing)
            heading += (
                f" And {count} bookmark{'s' * (count != 1)} whose summary is missing,"
                f" listed last with {'their questions' if count != 1 else 'its question'}."
            )
        heading += " Type notes for appointment notes." * bool(articles or missing)
        return Listing(
            heading,
            lines or ["No bookmarks yet: open an article and type bookmark."],
            [("article", a.id) for a in articles],
        )

    def write_notes(self) -> None:
        """Appointment notes as a new dated text file; an earlier file is never replaced."""
        articles = [a for i in self.state.bookmarked_ids() if (a := self.library.get(i))]
        missing = missing_bookmarks(self.state, self.library)
        if not articles and not missing:
            self.say(
                "No bookmarks yet, so no notes were written. Open an article and type bookmark."
            )
            return
        text = appointment_notes(articles, self.state, "txt", missing=missing)
        from tui.core.state import recovery_folders

        name = default_notes_path("txt").name
        try:
            path, refused = write_in_first(text, name, recovery_folders(documents_folder()))
        except NotesError as error:
            self.say(str(error))
            return
        if refused:
            self.say(refused)
        number = len(articles) + len(missing)
        count = f"{number} article{'s' * (number != 1)}"
        self.say(f"Wrote appointment notes for {count} to {path}")

    def toggle_caveats(self) -> None:
        """Important considerations before the findings, or after; kept for next time."""
        self.caveats_first = not self.caveats_first
        self.state.settings["caveats_first"] = self.caveats_first
        self._save()
        where = "before" if self.caveats_first else "after"
        self.say(f"Important considerations now come {where} the findings.")
        current = self.trail.current
        if isinstance(current, Article):
            self.show(current, remember=False)

    def run(self, stdin: TextIO, interactive: bool, first: str = "") -> int:
        self.welcome()
        if interactive and not first:
            self.say(START)
        self.show(self.search_listing(first) if first else self.topics_listing())
        if not interactive:
            self.say()
            self.say(NOT_A_TERMINAL)
            return 0
        read_line = line_reader(stdin)
        while True:
            self.say()
            *before, last = wrap_text(PROMPT, self.width)
            self.out.write("".join(line + "\n" for line in before))
            self.out.flush()
            line = read_line(last + "\n")
            if line is not None and QUESTION.match(line):
                line = " ".join([line.strip(), *pasted_after(stdin, read_line)])
            if line is None or not self.answer(line):
                return self.goodbye()


def pasted_after(stdin: TextIO, read_line) -> list[str]:
    """The lines that came in the same paste as the one just read (already waiting):
    a question pasted from a phone's notes keeps its other lines instead of running
    them as searches (QA G28)."""
    import select

    lines: list[str] = []
    while True:
        try:
            waiting = select.select([stdin], [], [], PASTE_GAP)[0]
        except (OSError, ValueError, TypeError):  # no descriptor (a test's text): none waits
            return lines
        if not waiting or (line := read_line("")) is None:
            return lines
        if line.strip():
            lines.append(line.strip())


def line_reader(stdin: TextIO):
    """Lines typed by the reader, with line editing where the `readline` module exists:
    arrow keys move in the line and recall earlier lines instead of typing escapes."""
    import sys

    def plain(prompt: str) -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        return stdin.readline() or None

    if stdin is not sys.stdin or not stdin.isatty():
        return plain
    try:
        import readline
    except ImportError:  # no line editing here: escapes typed are dropped by `answer`
        return plain
    for setting in ("enable-bracketed-paste off", "enable-meta-key off", "bell-style none"):
        readline.parse_and_bind(f"set {setting}")  # nothing but the typed text is echoed

    def read(prompt: str) -> str | None:
        """The prompt's last line is written by readline itself, once it reads the keys:
        what is typed after the prompt shows is never echoed twice."""
        try:
            return input(prompt)
        except EOFError:
            return None

    return read
