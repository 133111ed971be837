"""`myelin read --plain`: a linear reader for screen readers and braille displays.

No colour, no box drawing, no cursor movement: every screen is plain lines,
headings are words, and the prompt is a question on its own line. Numbers
open things, words search, `t` lists topics, `b` goes back, `q` quits. When
stdin is not a terminal it prints the first screen and exits.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TextIO

from tui.core.article import Article
from tui.core.library import Library
from tui.core.plain import article_text, wrap_text
from tui.core.search import SearchEngine
from tui.core.wording import facts_line

PROMPT = "Type a number to open, words to search, t for topics, b to go back, q to quit."


@dataclass
class Listing:
    """A numbered list on screen: what the numbers open."""

    heading: str
    lines: list[str]
    targets: list[tuple[str, str]] = field(default_factory=list)  # ("article"|"topic", key)


class PlainReader:
    def __init__(self, library: Library, engine: SearchEngine, out: TextIO, width: int) -> None:
        self.library = library
        self.engine = engine
        self.out = out
        self.width = max(20, width)
        self.trail: list[Listing | Article] = []

    # -- screens -----------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def show(self, item: Listing | Article, remember: bool = True) -> None:
        if remember:
            self.trail.append(item)
        if isinstance(item, Article):
            related = self.engine.related(item.id)
            self.out.write(article_text(item, width=self.width, related=related))
            self.say("End of article.")
            return
        self.say(item.heading)
        for line in item.lines:
            for wrapped in textwrap.wrap(line, self.width, subsequent_indent="   ") or [""]:
                self.say(wrapped)

    def search_listing(self, words: str) -> Listing:
        results = self.engine.search(words, limit=20)
        heading = f"Search for {words}: {results.total} article{'s' * (results.total != 1)}."
        if results.suggestion:
            heading += f" Did you mean {results.suggestion}?"
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
            f"{n}. {_sentence(a.title)} {facts_line(a).replace(' · ', ', ')}."
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
        elif command.lower() in ("h", "help", "?"):
            self.say(PROMPT)
        elif command.isdigit():
            self.open_number(int(command))
        elif command:
            self.show(self.search_listing(command))
        return True

    def open_number(self, number: int) -> None:
        listing = next((i for i in reversed(self.trail) if isinstance(i, Listing)), None)
        if listing is None or not 1 <= number <= len(listing.targets):
            self.say(f"There is no number {number} here.")
            return
        kind, key = listing.targets[number - 1]
        if kind == "topic":
            self.show(self.topic_listing(key))
        elif (article := self.library.get(key)) is not None:
            self.show(article)

    def run(self, stdin: TextIO, interactive: bool, first: str = "") -> int:
        self.welcome()
        self.show(self.search_listing(first) if first else self.topics_listing())
        if not interactive:
            return 0
        while True:
            self.say("")
            self.say(PROMPT)
            self.out.flush()
            line = stdin.readline()
            if not line or not self.answer(line):
                self.say("Goodbye.")
                return 0


def _sentence(text: str) -> str:
    """End with one full stop, so a screen reader pauses once."""
    return text if text[-1:] in ".?!" else text + "."
