"""The lists of the app's browse screen in words: topics, a topic's articles, all,
new since the last visit and recently read, and the library's problems."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from tui.core.article import Article
from tui.linear.listing import Listing, article_rows, count, page_of
from tui.linear.speaker import Speaker


class ListWords(Speaker):
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
        return page_of(f"Topics: {len(topics)}", hint, lines, targets, start, self.topics_listing)

    def topic_listing(self, name: str) -> Listing:
        return self._article_page(
            f"Topic {name}", "Newest research first.", self.library.in_topic(name), "none."
        )

    def _article_page(
        self, heading: str, hint: str, articles: Sequence[Article], empty: str, start: int = 0
    ) -> Listing:
        """A list of articles (all, new, recently read), twenty at a time."""
        if not articles:
            return Listing(f"{heading}: {empty}", [], [])
        rows = article_rows("", articles, self.state, self.with_ids)
        listing = page_of(
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

    def say_problems(self) -> None:
        """Files of the library that could not be read, or read only in part (the app's `P`)."""
        problems = self.library.problems
        if not problems:
            self.say("Every article in the library loaded: no problems.")
            return
        self.say(f"Problems in the library: {len(problems)}. Run myelin check for warnings too.")
        for problem in problems:
            self.say_item(str(problem))
