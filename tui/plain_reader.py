"""`myelin read --plain`: a linear reader for screen readers and braille displays.

No colour, no box drawing, no cursor movement: every screen is plain lines,
headings are words, and the prompt is a question on its own line. Numbers
open things, words search, `t` lists topics, `b` goes back, `q` quits. Long lists
come twenty lines at a time (`more`). When stdin is not a terminal it prints the
first screen, says why, and exits.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TextIO

from tui.core.article import Article, full_stop
from tui.core.blocks import PROSE, ArticleBlock, article_blocks, contents, related_links
from tui.core.citations import NOTHING_TO_EXPORT, cite, export_citations
from tui.core.highlight import sentences_with
from tui.core.library import Library, file_status, reload_article
from tui.core.links import check_link, text_links
from tui.core.notes import (
    NotesError,
    appointment_notes,
    default_notes_path,
    documents_folder,
    missing_bookmarks,
    write_in_first,
)
from tui.core.plain import article_text, heading_line, wrap_item, wrap_text
from tui.core.search import SearchEngine, SearchResults
from tui.core.search.query import SORT_NAMES, SORTS
from tui.core.state import Bookmark, ReadingState, StateStore
from tui.core.trail import Trail
from tui.core.wording import evidence_line, facts_line

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
    #: ("article"|"topic"|"term"|"section", key) for each number
    targets: list[tuple[str, str]] = field(default_factory=list)
    #: For `more`: the next page of a long list (a search, the glossary), given how many
    #: it has listed so far (`shown`); None when the list is shown whole.
    next_page: Callable[[int], Listing] | None = None
    shown: int = 0
    #: A search's results: what `sort`, `yes` and `details` act on.
    results: SearchResults | None = None
    name: str = ""  # "bookmarks" for the list `remove` acts on

    def article_ids(self) -> list[str]:
        return [key for kind, key in self.targets if kind == "article" and key]


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def paging(start: int, shown: int, total: int, more: str = "") -> str:
    """Which part of a long list this is, and how to hear the next: "Showing 1 to 20 of
    45. Type more for the next 20." Nothing when the list is shown whole."""
    if start == 0 and shown >= total:
        return ""
    last = start + shown
    said = f"Showing {start + 1}{f' to {last}' if last > start + 1 else ''} of {total}."
    if last < total:
        left = min(SHOWN, total - last)
        said += " " + (more or f"Type more for the {f'next {left}' if left > 1 else 'last one'}.")
    return said


#: Names of the orders search results can be sorted in, as typed after `sort`.
SORT_WORDS = {
    "relevance": "relevance",
    "best": "relevance",
    "newest": "newest",
    "research": "newest",
    "new": "newest",
    "added": "added",
    "recently": "added",
    "recent": "added",
    "evidence": "credibility",
    "credibility": "credibility",
    "rating": "credibility",
}


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
        self.store = store  # where reading marks and "caveats first" are kept; None: nowhere
        self.with_ids = with_ids  # `myelin search --plain`: ids to pass to `myelin show`
        self.state = store.load() if store else ReadingState()
        if store is not None:  # what a session that could not save kept elsewhere
            from tui.core.notes import documents_folder
            from tui.core.state import recovery_folders

            store.take_back_copies(self.state, recovery_folders(documents_folder()))
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

    # -- screens -----------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """One paragraph, wrapped to the width: a braille line never runs over."""
        for line in wrap_text(text, self.width) if text else [""]:
            self.out.write(line + "\n")

    def say_item(self, text: str) -> None:
        """One item of a list: its later lines indented under it."""
        for line in wrap_item(text, self.width):
            self.out.write(line + "\n")

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
            self._save()

    def search_listing(
        self,
        words: str,
        results: SearchResults | None = None,
        start: int = 0,
        correct: bool = True,
    ) -> Listing:
        """The numbered results of `words` (or of a search already made with filters),
        from result `start` on: `more` lists the next page, numbered on from the last."""
        results = results or self.engine.search(
            words, sort=self.sort, limit=start + SHOWN, correct=correct
        )
        hits = results.hits[start:]
        heading = f"Search for {words}: {count(results.total, 'article')}"
        if self.sort != "relevance":
            heading += f", sorted by {SORT_NAMES.get(self.sort, self.sort)}"
        heading += "."
        more = ""
        if self.with_ids:  # `myelin search --plain`: a command, not a prompt to type at
            more = f"Use --limit {min(results.total, start + len(hits) + SHOWN)} for more."
        if part := paging(start, len(hits), results.total, more):
            heading += f" {part}"
        if results.suggestion:
            heading += f" Did you mean {results.suggestion}?"
            heading += " Type yes to search for it." * (not self.with_ids)
        if results.corrected:
            instead = (
                f" Type yes to search for {results.text.strip()} as typed."
                if not self.with_ids
                else ""
            )
            heading = f"Showing results for {results.corrected}.{instead} {heading}"
        heading = " ".join([*results.messages, heading])
        listing = self._articles(heading, [hit.article for hit in hits], first=start + 1)
        listing.shown = start + len(hits)
        listing.next_page = partial(self.search_listing, words, None, correct=correct)
        listing.results = results
        if start:  # the numbers go on from the page before
            listing.targets = [("article", "")] * start + listing.targets
        return listing

    def topics_listing(self, start: int = 0) -> Listing:
        """The topics that have articles, a page at a time (fifty lines before the first
        prompt were a lot to hear before learning what to type)."""
        counts = self.library.topic_counts()
        topics = [t for t in self.library.topics.topics if counts.get(t.name)]
        lines = [
            f"{n}. {t.name}, {count(counts[t.name], 'article')}." for n, t in enumerate(topics, 1)
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
        heading += f". {hint}" if hint else "."
        if part := paging(start, len(page), len(lines)):
            heading += f" {part}"
        kind = targets[0][0] if targets else ""
        return Listing(
            heading,
            page or [empty],
            [(kind, "")] * start + targets[start : start + len(page)],
            next_page=next_page,
            shown=start + len(page),
        )

    def topic_listing(self, name: str) -> Listing:
        return self._article_page(
            f"Topic {name}", "Newest research first.", self.library.in_topic(name), "none."
        )

    def _articles(self, heading: str, articles: Sequence[Article], first: int = 1) -> Listing:
        """Article rows, one line each: what the app's rows show, in words ("evidence 4 out
        of 5" for its dots; "already read" where the app marks the unread: fewer words
        to hear on a first visit)."""
        lines = []
        for n, a in enumerate(articles, start=first):
            said = [f"{n}. {full_stop(a.title)} {facts_line(a).replace(' · ', ', ')}"]
            if a.credibility is not None:
                said.append(f"evidence {a.credibility} out of 5")
            if self.state.is_read(a.id):
                said.append("already read")
            if self.state.is_bookmarked(a.id):
                said.append("bookmarked")
            line = ", ".join(said) + "."
            line += f" {a.updates[0].heading()}." if a.updates else ""
            line += f" Id: {a.id}." if self.with_ids else ""
            lines.append(line)
        return Listing(
            heading, lines or ["No articles found."], [("article", a.id) for a in articles]
        )

    def _article_page(
        self, heading: str, hint: str, articles: Sequence[Article], empty: str, start: int = 0
    ) -> Listing:
        """A list of articles (all, new, recently read), twenty at a time."""
        if not articles:
            return Listing(f"{heading}: {empty}", [], [])
        rows = self._articles("", articles)
        listing = self._page(
            f"{heading}: {count(len(articles), 'article')}",
            hint,
            rows.lines,
            rows.targets,
            start,
            partial(self._article_page, heading, hint, articles, empty),
        )
        return listing

    def all_listing(self) -> Listing:
        return self._article_page(
            "All articles", "Newest research first.", self.library.newest(), "none."
        )

    def new_listing(self) -> Listing:
        """New since the last visit: the app's list, by the same rule (`ReadingState.arrive`)."""
        articles = [a for a in self.library.newest() if a.id in self.new_ids]
        return self._article_page(
            "New since your last visit",
            "Newest research first.",
            articles,
            "nothing new since your last visit.",
        )

    def recent_listing(self) -> Listing:
        """Recently read: the app's list (`ReadingState.recently_read`)."""
        ids = self.state.recently_read(self.library.articles)
        articles = [a for i in ids if (a := self.library.get(i)) is not None]
        return self._article_page(
            "Recently read", "The last read first.", articles, "nothing read yet."
        )

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

    def arrive(self) -> None:
        """A session begins: what is new since the last visit, by the app's rule; the library
        is remembered for next time (saved with the next save, or on quitting)."""
        self.new_ids = self.state.arrive(self.library.articles)

    # -- the loop ----------------------------------------------------------------------------

    def answer(self, command: str) -> bool:
        """Act on one line typed by the reader; False means quit."""
        typed = command
        command = ESCAPES.sub("", command).strip()
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
        elif command.isdigit():
            self.open_number(int(command))
        else:
            self.search(command, suggest_command=" " not in command)
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

    def search(self, words: str, suggest_command: bool = False) -> None:
        """Search; a word that finds nothing and is close to a command's name is taken for
        a mistyped command, and the command is named."""
        listing = self.search_listing(words)
        if suggest_command and listing.results and not listing.results.total:
            names = [name for name in self.words() if len(name) > 2]
            close = difflib.get_close_matches(words.lower(), names, n=1, cutoff=0.75)
            if close:
                self.say(
                    f"{words} is not a command, and no article mentions it. Did you mean "
                    f"{close[0]}? Type {close[0]}."
                )
                return
        self.show(listing)

    def say_topics(self) -> None:
        self.show(self.topics_listing())

    def open_topic(self, name: str) -> None:
        """`topic fatigue`: a topic by its name (or alias), as the app's palette opens one."""
        counts = self.library.topic_counts()
        problem = self.library.topics.not_found(name, counts)
        if problem is not None:
            self.say(f"{problem} Type t to list the topics, or search {name} to search for it.")
            return
        self.show(self.topic_listing(self.library.topics.canonical(name)))

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

    def say_addresses(self) -> None:
        """The open article's paper and records as web addresses, one per line, to copy;
        then the links in its text, each judged as the app's links dialog judges it."""
        article = self._article_on_screen("links")
        if article is None:
            return
        found = article.source.addresses() if article.source else []
        if not found:
            self.say("This article gives no web address for its paper.")
        for label, address in found:
            self.say(f"{label}: {address}")
        shown = {address for _, address in found}
        for url in text_links(article.body + "\n" + article.takeaway):
            if url in shown:
                continue
            check = check_link(url)
            if check.allowed:
                self.say(f"Link in the text: {url}")
            else:
                self.say(f"A link in the text is left out: {check.problem}")

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

    # -- searching ---------------------------------------------------------------------------

    def _search_on_screen(self) -> Listing | None:
        """The search listed last (on screen or just before the article opened from it)."""
        for place in reversed(self.trail.places[: self.trail.position + 1]):
            if isinstance(place, Listing) and place.results is not None:
                return place
        return None

    def set_sort(self, words: str) -> None:
        """The order of search results (the app's ctrl+o), for this session; the search
        listed last is sorted again."""
        orders = ", ".join(SORT_NAMES.get(s, s) for s in SORTS)
        wanted = [SORT_WORDS[w] for w in words.lower().split() if w in SORT_WORDS]
        if not wanted:
            now = SORT_NAMES.get(self.sort, self.sort)
            said = f"Searches are sorted by {now}. Type sort, then one of: {orders}."
            if words:
                said = (
                    f"There is no order called {words}. Type sort, then one of: {orders}. "
                    f"To search for these words, type: search sort {words}"
                )
            self.say(said)
            return
        self.sort = wanted[0]
        self.say(f"Searches are now sorted by {SORT_NAMES.get(self.sort, self.sort)}.")
        if (last := self._search_on_screen()) is not None and last.results is not None:
            self.show(self.search_listing(last.results.text))

    def take_suggestion(self) -> None:
        """`yes`: the app's ctrl+y: after a correction, the words as typed; else the
        suggested spelling."""
        last = self._search_on_screen()
        results = last.results if last else None
        if results is not None and results.corrected:
            self.show(self.search_listing(results.text, correct=False))
        elif results is not None and results.suggestion:
            self.show(self.search_listing(results.suggestion))
        else:
            self.say("There is no suggestion to take: yes follows a search that offers one.")

    def say_details(self) -> None:
        """How the last search was understood (the app's ctrl+e)."""
        from tui.core.search.present import explain

        last = self._search_on_screen()
        if last is None or last.results is None or not last.results.text.strip():
            self.say("details tells how a search was understood; search first.")
            return
        for line in explain(last.results):
            self.say_item(line.strip())

    # -- glossary ----------------------------------------------------------------------------

    def glossary_listing(self, start: int = 0) -> Listing:
        """The glossary's words a page at a time (two hundred lines at once are a lot to
        listen to), numbered on from the page before."""
        terms = self.library.glossary.lookup("")
        lines = [f"{n}. {t.term}." for n, t in enumerate(terms, 1)]
        targets = [("term", t.term) for t in terms]
        hint = "Type a number, or define and a word."
        heading = f"Glossary: {count(len(terms), 'word')}"
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

    # -- the article on screen ---------------------------------------------------------------

    def _article_on_screen(self, what: str) -> Article | None:
        current = self.trail.current
        if isinstance(current, Article):
            return current
        self.say(f"Open an article first, then type {what}.")
        return None

    def say_words(self) -> None:
        """In an article, the glossary words it uses (the app's `w`); elsewhere the glossary."""
        current = self.trail.current
        if not isinstance(current, Article):
            self.show(self.glossary_listing())
            return
        terms = self.library.glossary.in_article(current)
        if not terms:
            self.say("This article uses no glossary word. Type glossary for them all.")
            return
        self.numbers = [("term", t.term) for t in terms]
        self.say(
            f"Glossary words in this article: {len(terms)}. Type a number to hear more of one."
        )
        for n, term in enumerate(terms, 1):
            self.say_item(f"{n}. {term.term}: {full_stop(term.definition)}")

    def _blocks(self, article: Article) -> list[ArticleBlock]:
        return article_blocks(article, (), self.caveats_first, self.library.articles)

    def say_contents(self) -> None:
        """The article's parts, numbered (the app's `t`): a number reads that part alone."""
        article = self._article_on_screen("contents")
        if article is None:
            return
        parts = contents(self._blocks(article))
        if not parts:
            self.say("This article has no parts to go to.")
            return
        self.numbers = [("section", block.heading) for block in parts]
        self.say(f"Contents: {count(len(parts), 'part')}. Type a number to hear one.")
        for n, block in enumerate(parts, 1):
            self.say_item(f"{n}. {block.heading}")

    def say_section(self, article: Article, heading: str) -> None:
        for block in contents(self._blocks(article)):
            if block.heading == heading:
                self.say(heading_line(heading))
                self.say(block.text)
                return

    def say_why(self) -> None:
        """Why the evidence has its rating: the line in words and the reason."""
        article = self._article_on_screen("why")
        if article is None:
            return
        self.say(evidence_line(article))
        if article.credibility_note:
            self.say(f"Why this rating: {article.credibility_note}")
        elif article.credibility is not None:
            self.say("The article gives no reason for its rating.")

    def say_related(self) -> None:
        article = self._article_on_screen("related")
        if article is None:
            return
        related = self.engine.related(article.id)
        links = related_links(article, related, self.library.articles)
        self.numbers = [("article", link.article.id) for link in links]
        if not links:
            self.say("This article has no related articles.")
            return
        self.say(f"Related articles: {len(links)}. Type a number to open one.")
        for n, link in enumerate(links, 1):
            self.say_item(f"{n}. {full_stop(link.article.title)} {full_stop(link.reason)}")

    def find(self, words: str) -> None:
        """In an article, its sentences with `words` (the app's `f`); elsewhere a search."""
        current = self.trail.current
        if not isinstance(current, Article):
            if words:
                self.search(words)
            else:
                self.say("Type find, then words: in an article, its sentences that have them.")
            return
        if not words:
            self.say("Type find, then the words to find in this article.")
            return
        blocks = self._blocks(current)
        parts = [(b.heading or "", b.text) for b in blocks if b.kind in PROSE or b.kind == "rating"]
        found = sentences_with(parts, [words])
        if not found:
            self.say(
                f"No sentence of this article has {words}. To search the library, type: "
                f"search {words}"
            )
            return
        self.say(f"{count(len(found), 'sentence')} of this article with {words}:")
        for n, (heading, sentence) in enumerate(found, 1):
            where = f"In {heading.rstrip(':')}: " if heading else ""
            self.say_item(f"{n}. {where}{sentence}")

    def reload(self) -> None:
        """Read the article's file again (the app's `r`), after it changed on disk."""
        article = self._article_on_screen("reload")
        if article is None:
            return
        status = file_status(article)
        if status == "missing":
            self.say(
                "This article's file is no longer in the library; this is the copy read earlier."
            )
            return
        result = reload_article(self.library, article.id)
        if isinstance(result, list):
            self.say("The changed file could not be read: " + str(result[0]))
            return
        self.say("Reloaded." if status == "changed" else "Reloaded; the file had not changed.")
        self.trail.places[self.trail.position] = result
        self.show(result, remember=False)

    def cite(self, fmt: str) -> None:
        """The article's citation (the app's `y`), as text, RIS or BibTeX."""
        article = self._article_on_screen("cite")
        if article is None:
            return
        wanted = {"": "text", "text": "text", "ris": "ris", "bibtex": "bibtex", "bib": "bibtex"}
        kind = wanted.get(fmt.lower())
        if kind is None:
            self.say(
                f"There is no citation format called {fmt}. Type cite, cite ris or cite bibtex."
            )
            return
        if kind != "text" and article.source is None:
            self.say("This explainer was written for Myelin and has no paper to cite. Type cite.")
            return
        if kind == "text":
            self.say(f"Citation: {cite([article], kind).strip()}")
            return
        self.say(f"Citation as {'RIS' if kind == 'ris' else 'BibTeX'}:")
        for line in cite([article], kind).splitlines():
            self.out.write(line + "\n")  # as the format has it: never wrapped, to copy

    # -- bookmarks, questions and appointment notes -------------------------------------------

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
        if self.store is not None and not self._save():
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

    def _bookmarked(self) -> list[Article]:
        ids = self.state.bookmarks_in(self.library.articles)
        return [a for i in ids if (a := self.library.get(i)) is not None]

    def bookmarks_listing(self) -> Listing:
        articles = self._bookmarked()
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
            number = len(missing)
            heading += (
                f" And {count(number, 'bookmark')} whose summary is missing,"
                f" listed last with {'their questions' if number != 1 else 'its question'}."
            )
        heading += " Type notes for appointment notes, remove and a number to remove one." * bool(
            articles or missing
        )
        return Listing(
            heading,
            lines or ["No bookmarks yet: open an article and type bookmark."],
            [("article", a.id) for a in articles],
            name="bookmarks",
        )

    def remove(self, words: str) -> None:
        """`remove 2`: bookmark 2 of the bookmarks list, at once but undoably (the app's `d`)."""
        current = self.trail.current
        if not isinstance(current, Listing) or current.name != "bookmarks":
            self.say(
                "remove works on the bookmarks list: type bookmarks, then remove and a number."
            )
            return
        ids = current.article_ids()
        if not words.isdigit() or not 1 <= int(words) <= len(ids):
            self.say(
                f"Type remove, then the number of a bookmark, from 1 to {len(ids)}."
                if ids
                else "There is no bookmark to remove."
            )
            return
        mark = self.state.remove_bookmark(ids[int(words) - 1])
        if mark is None:
            return
        self.removed.append(mark)
        self._save()
        kept = " Its question is kept." if mark.question else ""
        self.say(f"Bookmark removed from {self._title(mark)}{kept} Type undo to put it back.")
        self._show_bookmarks_again()

    def undo(self) -> None:
        """Put back the bookmark removed last, with its question (the app's `u`)."""
        if not self.removed:
            self.say("Nothing to undo.")
            return
        mark = self.removed.pop()
        self.state.restore_bookmark(mark)
        self._save()
        self.say(f"Bookmark restored: {self._title(mark)}")
        self._show_bookmarks_again()

    def _title(self, mark: Bookmark) -> str:
        article = self.library.get(mark.article_id)
        return full_stop(article.title if article else mark.title or mark.article_id)

    def _show_bookmarks_again(self) -> None:
        """The bookmarks list changed under the reader: said again, numbered anew."""
        current = self.trail.current
        if isinstance(current, Listing) and current.name == "bookmarks":
            listing = self.bookmarks_listing()
            self.trail.places[self.trail.position] = listing
            self.show(listing, remember=False)

    def _write(self, name: str, text: str, what: str) -> None:
        """A new file in the documents folder, else the next that takes it, as the app
        writes; said where, and why an earlier folder would not take it."""
        from tui.core.state import recovery_folders

        try:
            path, refused = write_in_first(text, name, recovery_folders(documents_folder()))
        except NotesError as error:
            self.say(str(error))
            return
        if refused:
            self.say(refused)
        self.say(f"Wrote {what} to {path}")

    def write_notes(self) -> None:
        """Appointment notes as a new dated text file; an earlier file is never replaced."""
        articles = self._bookmarked()
        missing = missing_bookmarks(self.state, self.library)
        if not articles and not missing:
            self.say(
                "No bookmarks yet, so no notes were written. Open an article and type bookmark."
            )
            return
        text = appointment_notes(articles, self.state, "txt", missing=missing)
        number = len(articles) + len(missing)
        self._write(
            default_notes_path("txt").name,
            text,
            f"appointment notes for {count(number, 'article')}",
        )

    def export(self, fmt: str) -> None:
        """The bookmarks' citations as a RIS or BibTeX file (the app's `r` and `x`)."""
        kind = {"ris": "ris", "bibtex": "bibtex", "bib": "bibtex"}.get(fmt.lower())
        if kind is None:
            self.say("Type export ris, or export bibtex: your bookmarks' citations as a file.")
            return
        found = export_citations(self._bookmarked(), kind)
        if found is None:
            self.say(NOTHING_TO_EXPORT)
            return
        self._write(found.name, found.text, found.what)

    def say_problems(self) -> None:
        """Files of the library that could not be read, or read only in part (the app's `P`)."""
        problems = self.library.problems
        if not problems:
            self.say("Every article in the library loaded: no problems.")
            return
        self.say(f"Problems in the library: {len(problems)}. Run myelin check for warnings too.")
        for problem in problems:
            self.say_item(str(problem))

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
        if interactive:
            self.arrive()
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
