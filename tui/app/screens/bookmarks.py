"""Bookmarks: the articles a reader kept, newest first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.widgets.article_list import ArticleList


class BookmarksScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d,delete", "remove", "Remove bookmark"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Bookmarks · enter to read, d to remove", id="title-bar")
        yield ArticleList(id="bookmark-list")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_marks()
        self.query_one(ArticleList).focus()

    def refresh_marks(self) -> None:
        library, state = self.app.library, self.app.state
        articles = [a for i in state.bookmarked_ids() if (a := library.get(i))]
        self.query_one(ArticleList).show(
            articles, state, "No bookmarks yet: press b while reading an article."
        )

    def on_article_list_article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        self.app.open_article(message.article.id)

    def action_remove(self) -> None:
        article = self.query_one(ArticleList).highlighted_article
        if article is not None:
            self.app.state.toggle_bookmark(article.id)
            self.app.save_state()
            self.app.refresh_lists()
            self.notify("Bookmark removed.", timeout=2)
