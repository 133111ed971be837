"""The glossary in words: every word a page at a time, `define`, and the words an
article uses (the app's `W` and `w`)."""

from __future__ import annotations

from tui.core.article import Article, full_stop
from tui.linear.listing import Listing, count, page_of
from tui.linear.speaker import Speaker


class GlossaryWords(Speaker):
    def glossary_listing(self, start: int = 0) -> Listing:
        """The glossary's words a page at a time (two hundred lines at once are a lot to
        listen to), numbered on from the page before."""
        terms = self.library.glossary.lookup("")
        lines = [f"{n}. {t.term}." for n, t in enumerate(terms, 1)]
        targets = [("term", t.term) for t in terms]
        hint = "Type a number, or define and a word."
        heading = f"Glossary: {count(len(terms), 'word')}"
        empty = "The glossary is empty."
        return page_of(heading, hint, lines, targets, start, self.glossary_listing, empty)

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
