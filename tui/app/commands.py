"""Command palette entries: open any article by title, or jump to a topic.

Titles come from the library, so they are passed as `Content` objects:
Textual's `Matcher.highlight` and string `help` are parsed as markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


class MyelinCommands(Provider):
    def _entries(self):
        app = cast("MyelinApp", self.app)  # Provider types it as any App
        for article in app.library.newest():
            yield f"Open: {article.title}", partial(app.open_article, article.id), "Read it"
        for topic in app.library.topics.topics:
            yield f"Topic: {topic.name}", partial(app.show_topic, topic.name), "Browse it"

    async def discover(self) -> Hits:
        for name, callback, help_text in list(self._entries())[:8]:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, Content(name), callback, text=name, help=help_text)
