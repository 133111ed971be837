"""The list of articles for the chosen view: unread marker, title, date, kind, credibility."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.render import article_option
from tui.app.widgets.key_list import KeyList
from tui.core.article import Article
from tui.core.state import ReadingState

#: A list shows at most this many articles: building and wrapping thousands of rows would
#: make the first screen of a 10,000-article library wait seconds; search finds the rest.
MAX_LISTED = 100
#: Lines a row takes at least: its title, then year, kind and evidence (render.article_option).
ROW_LINES = 2


class ArticleList(KeyList):
    class ArticleHighlighted(Message):
        def __init__(self, article: Article | None) -> None:
            super().__init__()
            self.article = article

    class ArticleChosen(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.articles: list[Article] = []
        #: Ids of the rows after the articles: bookmarks whose article is not loaded.
        self.missing: list[str] = []
        self._keep_missing: str | None = None  # the missing row highlighted before a redraw
        self._shown = 0  # which call of `show` the rows still being added belong to

    def show(
        self,
        listed: Sequence[Article],
        state: ReadingState,
        empty: str = "",
        missing: Sequence[tuple[str, Text]] = (),
    ) -> None:
        """List `listed`, then the `missing` rows (id, prompt): things that cannot be
        opened but must be seen, such as a bookmark whose article is gone."""
        keep = self.highlighted_article
        self._keep_missing = self.highlighted_missing
        hidden = max(0, len(listed) - MAX_LISTED)
        articles = list(listed[:MAX_LISTED])
        self.articles = articles
        self.missing = [article_id for article_id, _ in missing]
        self.clear_options()
        self._shown += 1
        if not articles:
            if missing:
                self._add_missing(missing)
                self.highlighted = 0
            else:
                self.add_option(Option(empty or "No articles here yet.", disabled=True))
            self.post_message(self.ArticleHighlighted(None))
            return
        ids = [a.id for a in articles]
        wanted = ids.index(keep.id) if keep and keep.id in ids else 0
        # The rows a screen can show first (each takes two lines at least); the rest after
        # that frame is painted (each row is measured and wrapped: 10-30 ms for a hundred).
        first = max(self.app.size.height // ROW_LINES + 1, wanted + 1)
        self._add_rows(articles[:first], state)
        self.highlighted = wanted
        if first < len(articles) or hidden:
            self.call_after_refresh(self._add_rest, self._shown, first, state, hidden, missing)
        else:
            self._add_missing(missing)

    def _add_rest(
        self,
        shown: int,
        start: int,
        state: ReadingState,
        hidden: int,
        missing: Sequence[tuple[str, Text]],
    ) -> None:
        if shown != self._shown:
            return  # the list was shown again meanwhile
        self._add_rows(self.articles[start:], state)
        self._add_missing(missing)
        if hidden:
            more = f"…and {hidden:,} older. Press / to search, or choose a topic."
            self.add_option(Option(Text(more, style="dim"), disabled=True))

    def _add_rows(self, articles: list[Article], state: ReadingState) -> None:
        self.add_options(
            Option(article_option(a, not state.is_read(a.id), state.is_bookmarked(a.id)), id=a.id)
            for a in articles
        )

    def _add_missing(self, missing: Sequence[tuple[str, Text]]) -> None:
        self.add_options(
            Option(prompt, id=f"missing:{article_id}") for article_id, prompt in missing
        )
        if self._keep_missing in self.missing:  # an edited or restored row stays highlighted
            self.highlighted = len(self.articles) + self.missing.index(self._keep_missing)

    @property
    def highlighted_missing(self) -> str | None:
        """The id of the highlighted row after the articles, if one is."""
        index = (self.highlighted if self.highlighted is not None else -1) - len(self.articles)
        return self.missing[index] if 0 <= index < len(self.missing) else None

    def refresh_rows(self, article_ids: tuple[str, ...], state: ReadingState) -> None:
        """Redraw the marks of these rows only: the list keeps its place and scroll."""
        for index, article in enumerate(self.articles):
            if article.id in article_ids:
                self.replace_option_prompt_at_index(
                    index,
                    article_option(
                        article, not state.is_read(article.id), state.is_bookmarked(article.id)
                    ),
                )

    @property
    def highlighted_article(self) -> Article | None:
        if self.highlighted is None or not self.articles or self.highlighted >= len(self.articles):
            return None
        return self.articles[self.highlighted]

    def select(self, article_id: str) -> None:
        """Highlight `article_id` if it is listed."""
        ids = [a.id for a in self.articles] + self.missing
        if article_id in ids:
            self.highlighted = ids.index(article_id)

    def step(self, delta: int) -> Article | None:
        """Move to the previous/next article (for `[` and `]`) and return it."""
        if not self.articles:
            return None
        current = self.highlighted or 0
        self.highlighted = max(0, min(len(self.articles) - 1, current + delta))
        return self.highlighted_article

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ArticleHighlighted(self.highlighted_article))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.highlighted_article is not None:
            self.post_message(self.ArticleChosen(self.highlighted_article))
