"""The article on screen, in words: its parts (`contents`), why its rating, find in it,
its related articles, links, citation, caveats first and reload: the app's article keys."""

from __future__ import annotations

from tui.core.article import Article, full_stop
from tui.core.blocks import PROSE, ArticleBlock, article_blocks, contents, related_links
from tui.core.citations import cite
from tui.core.highlight import sentences_with
from tui.core.library import file_status, reload_article
from tui.core.links import check_link, text_links
from tui.core.plain import heading_line
from tui.core.wording import evidence_line
from tui.linear.listing import count
from tui.linear.speaker import Speaker


class ArticleWords(Speaker):
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
