"""Command palette entries: open any article by title, or jump to a topic."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class MyelinCommands(Provider):
    def _entries(self):
        app = self.app
        for article in app.library.newest():
            yield f"Open: {article.title}", partial(app.open_article, article.id), article.title
        for topic in app.library.topics.topics:
            yield f"Topic: {topic.name}", partial(app.show_topic, topic.name), topic.description

    async def discover(self) -> Hits:
        for name, callback, help_text in list(self._entries())[:8]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
