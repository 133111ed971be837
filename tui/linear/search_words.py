"""Searching in words: the results a page at a time, their order (`sort`), the
suggested spelling (`yes`) and how the words were understood (`details`)."""

from __future__ import annotations

import difflib
from functools import partial

from tui.core.search import SearchResults
from tui.core.search.query import SORT_NAMES, SORTS
from tui.linear.listing import SHOWN, Listing, article_rows, count, paging
from tui.linear.speaker import Speaker

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


class SearchWords(Speaker):
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
        definition = [results.definition] if results.definition and not start else []
        heading = " ".join([*definition, *results.messages, heading])
        listing = article_rows(
            heading,
            [hit.article for hit in hits],
            self.state,
            self.with_ids,
            first=start + 1,
            added=self.sort == "added",
        )
        listing.shown = start + len(hits)
        listing.next_page = partial(self.search_listing, words, None, correct=correct)
        listing.results = results
        if start:  # the numbers go on from the page before
            listing.targets = [("article", "")] * start + listing.targets
        return listing

    def search(self, words: str, suggest_command: bool = False) -> None:
        """Search; a word that finds nothing and is close to a command's name is taken for
        a mistyped command, and the command is named."""
        listing = self.search_listing(words)
        results = listing.results
        first, _, rest = words.partition(" ")
        if suggest_command and results and not rest and not results.total:
            names = [name for name in self.words() if len(name) > 2]
            close = difflib.get_close_matches(words.lower(), names, n=1, cutoff=0.75)
            if close:
                self.say(
                    f"{words} is not a command, and no article mentions it. Did you mean "
                    f"{close[0]}? Type {close[0]}."
                )
                return
        if suggest_command and results and rest:
            # "defne pml": the search corrected the first word into a command's name (and
            # found the DEFINE trial), or "serch fatigue": no article has it, and it is
            # close to one; the reader meant the command
            names = [*self.commands(), "define", "question"]
            fixed = (results.corrected or words).split()[0].lower()
            typed = first.lower()
            # not found as typed (missing, or corrected into some other word: "topc" is
            # one slip from "opc" too): a command's name close to it is what was meant
            if fixed not in names and (fixed != typed or typed in results.missing):
                fixed = next(iter(difflib.get_close_matches(typed, names, n=1, cutoff=0.8)), fixed)
            if fixed != first.lower() and fixed in names:
                self.say(
                    f"{first} is not a command. Did you mean {fixed} {rest}? Type {fixed} "
                    f"{rest}; to search for these words, type: search {words}"
                )
                return
        self.show(listing)

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
