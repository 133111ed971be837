"""`myelin read --plain`: a linear reader for screen readers and braille displays.

No colour, no box drawing, no cursor movement: every screen is plain lines,
headings are words, and the prompt is a question on its own line. Numbers
open things, words search, `t` lists topics, `b` goes back, `q` quits. When
stdin is not a terminal it prints the first screen and exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from tui.core.article import Article, full_stop
from tui.core.blocks import related_links
from tui.core.library import Library
from tui.core.plain import article_text, wrap_item, wrap_text
from tui.core.search import SearchEngine, SearchResults
from tui.core.state import StateStore
from tui.core.wording import facts_line

PROMPT = (
    "Type a number to open, words to search, t for topics, b to go back, h for help, q to quit."
)
HELP = (
    "Numbers open what is listed on screen: results, topics, or an article's related "
    "articles. Any other words search. t lists topics, b goes back, c puts Important "
    "considerations before the findings (remembered), h repeats this, q quits."
)
SHOWN = 20  # results listed per search


@dataclass
class Listing:
    """A numbered list on screen: what the numbers open."""

    heading: str
    lines: list[str]
    targets: list[tuple[str, str]] = field(default_factory=list)  # ("article"|"topic", key)


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
        self.trail: list[Listing | Article] = []
        self.store = store  # where "caveats first" is remembered; None reads nothing
        self.with_ids = with_ids  # `myelin search --plain`: ids to pass to `myelin show`
        self.caveats_first = bool(store and store.load().settings.get("caveats_first"))
        self.related: list[str] = []  # ids the numbers open while an article is on screen

    # -- screens -----------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """One paragraph, wrapped to the width: a braille line never runs over."""
        for line in wrap_text(text, self.width) if text else [""]:
            self.out.write(line + "\n")

    def show(self, item: Listing | Article, remember: bool = True) -> None:
        if remember:
            self.trail.append(item)
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

    def search_listing(self, words: str, results: SearchResults | None = None) -> Listing:
        """The numbered results of `words` (or of a search already made with filters)."""
        results = results or self.engine.search(words, limit=SHOWN)
        heading = f"Search for {words}: {results.total} article{'s' * (results.total != 1)}"
        if results.total > len(results.hits):
            heading += f", showing {len(results.hits)}"
        heading += "."
        if results.suggestion:
            heading += f" Did you mean {results.suggestion}?"
        heading = " ".join([*results.messages, heading])
        return self._articles(heading, [hit.article for hit in results.hits])

    def topics_listing(self) -> Listing:
        counts = self.library.topic_counts()
        topics = [t for t in self.library.topics.topics if counts.get(t.name)]
        lines = [
            f"{n}. {t.name}, {counts[t.name]} article{'s' * (counts[t.name] != 1)}."
            for n, t in enumerate(topics, 1)
        ]
        return Listing("Topics:", lines, [("topic", t.name) for t in topics])

    def topic_listing(self, name: str) -> Listing:
        return self._articles(f"Topic {name}:", self.library.in_topic(name))

    def _articles(self, heading: str, articles: list[Article]) -> Listing:
        lines = [
            f"{n}. {full_stop(a.title)} {facts_line(a).replace(' · ', ', ')}."
            + (f" {a.updates[0].heading()}." if a.updates else "")
            + (f" Id: {a.id}." if self.with_ids else "")
            for n, a in enumerate(articles, start=1)
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
        command = command.strip()
        if command.lower() in ("q", "quit", "exit"):
            return False
        if command.lower() in ("t", "topics"):
            self.show(self.topics_listing())
        elif command.lower() in ("b", "back"):
            if len(self.trail) > 1:
                self.trail.pop()
                self.show(self.trail[-1], remember=False)
            else:
                self.say("Nothing to go back to.")
        elif command.lower() in ("c", "caveats"):
            self.toggle_caveats()
        elif command.lower() in ("h", "help", "?"):
            self.say(HELP)
        elif command.isdigit():
            self.open_number(int(command))
        elif command:
            self.show(self.search_listing(command))
        return True

    def open_number(self, number: int) -> None:
        """Open what `number` names on the screen now: a result, a topic or a related article."""
        current = self.trail[-1] if self.trail else None
        if isinstance(current, Article):
            targets = [("article", i) for i in self.related]
        else:
            targets = current.targets if current else []
        if not 1 <= number <= len(targets):
            self.say(f"There is no number {number} here.")
            return
        kind, key = targets[number - 1]
        if kind == "topic":
            self.show(self.topic_listing(key))
        elif (article := self.library.get(key)) is not None:
            self.show(article)

    def toggle_caveats(self) -> None:
        """Important considerations before the findings, or after; kept for next time."""
        self.caveats_first = not self.caveats_first
        if self.store is not None:
            state = self.store.load()
            state.settings["caveats_first"] = self.caveats_first
            self.store.save(state)
        where = "before" if self.caveats_first else "after"
        self.say(f"Important considerations now come {where} the findings.")
        current = self.trail[-1] if self.trail else None
        if isinstance(current, Article):
            self.show(current, remember=False)

    def run(self, stdin: TextIO, interactive: bool, first: str = "") -> int:
        self.welcome()
        self.show(self.search_listing(first) if first else self.topics_listing())
        if not interactive:
            return 0
        while True:
            self.say()
            self.say(PROMPT)
            self.out.flush()
            line = stdin.readline()
            if not line or not self.answer(line):
                self.say("Goodbye.")
                return 0
