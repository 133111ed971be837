"""Bookmarks in words: keep an article, its question, remove and undo, appointment
notes and the citations export (the app's `b`, bookmarks screen and `n`, `r`, `x`)."""

from __future__ import annotations

from tui.core.article import Article, full_stop
from tui.core.citations import NOTHING_TO_EXPORT, export_citations
from tui.core.notes import (
    NotesError,
    appointment_notes,
    default_notes_path,
    documents_folder,
    missing_bookmarks,
    write_in_first,
)
from tui.core.state import Bookmark, question_too_long
from tui.linear.listing import Listing, count
from tui.linear.speaker import Speaker


def added_to(earlier: str, words: str) -> str:
    """The question once `words` are taken in: `+ more words` adds them to it."""
    if not words.startswith("+"):
        return words
    return f"{earlier} {words[1:].strip()}".strip()


class BookmarkWords(Speaker):
    def toggle_bookmark(self) -> None:
        article = self._article_on_screen("bookmark")
        if article is None:
            return
        now = self.state.toggle_bookmark(article.id, article.title)
        self._save()
        if now:
            question = self.state.bookmarks[article.id].question
            back = f" Your earlier question is back: {question}" if question else ""
            self.say(f"Bookmarked {full_stop(article.title)}{back}")
        else:
            self.say(
                f"Bookmark removed from {full_stop(article.title)} Any question is kept; "
                "type bookmark again to put it back."
            )

    def set_question(self, question: str) -> None:
        article = self._article_on_screen("question and your words")
        if article is None:
            return
        if not question.lstrip("+").strip():
            self.say("Type question, then the words you want to ask, all on one line.")
            return
        if not self.state.is_bookmarked(article.id):
            self.state.toggle_bookmark(article.id, article.title)
        earlier = self.state.bookmarks[article.id].question
        if question.startswith("+"):  # `question + more words` adds to it
            question = added_to(earlier, question)
        elif earlier and question != earlier and self.replacing != (article.id, question):
            self.replacing = (article.id, question)
            self.say(
                f"This article already has a question: {full_stop(earlier)} To replace it, "
                "type the same line again. To add to it, type question + and your words."
            )
            return
        self.replacing = None
        if cut := question_too_long(question):
            self.say(cut)
        self.state.set_question(article.id, question)
        question = self.state.bookmarks[article.id].question  # what was kept, said back
        saved = self._save()
        kept = f" Your earlier question is kept in your reading history: {earlier}" * bool(
            earlier and earlier not in question
        )
        where = "Kept with the bookmark" if saved else "Kept for this session only, not saved"
        self.say(full_stop(f"{where}: {full_stop(question)}{kept}"))  # each sentence ends

    def _bookmarked(self) -> list[Article]:
        ids = self.state.bookmarks_in(self.library.articles)
        return [a for i in ids if (a := self.library.get(i)) is not None]

    def bookmarks_listing(self) -> Listing:
        articles = self._bookmarked()
        lines = []
        for n, article in enumerate(articles, 1):
            question = self.state.bookmarks[article.id].question
            asked = f" My question: {full_stop(question)}" if question else ""
            lines.append(f"{n}. {full_stop(article.title)}{asked}")
        missing = missing_bookmarks(self.state, self.library)
        for gone in missing:  # not numbered: there is no summary to open
            asked = f" My question: {full_stop(gone.mark.question)}" if gone.mark.question else ""
            lines.append(f"- {full_stop(gone.name)} Summary missing: {gone.why}{asked}")
        heading = f"Bookmarks: {len(articles)}."
        if missing:
            number = len(missing)
            heading += (
                f" And {count(number, 'bookmark')} whose summary is missing,"
                f" listed last with {'their questions' if number != 1 else 'its question'}."
            )
        heading += " Type notes for appointment notes, remove and a number to remove one." * bool(
            articles or missing
        )
        return Listing(
            heading,
            lines or ["No bookmarks yet: open an article and type bookmark."],
            [("article", a.id) for a in articles],
            name="bookmarks",
        )

    def remove(self, words: str) -> None:
        """`remove 2`: bookmark 2 of the bookmarks list, at once but undoably (the app's `d`)."""
        current = self.trail.current
        if not isinstance(current, Listing) or current.name != "bookmarks":
            self.say(
                "remove works on the bookmarks list: type bookmarks, then remove and a number."
            )
            return
        ids = current.article_ids()
        if not words.isdecimal() or not 1 <= int(words) <= len(ids):
            self.say(
                f"Type remove, then the number of a bookmark, from 1 to {len(ids)}."
                if ids
                else "There is no bookmark to remove."
            )
            return
        mark = self.state.remove_bookmark(ids[int(words) - 1])
        if mark is None:
            return
        self.removed.append(mark)
        self._save()
        kept = " Its question is kept." if mark.question else ""
        self.say(f"Bookmark removed from {self._title(mark)}{kept} Type undo to put it back.")
        self._show_bookmarks_again()

    def undo(self) -> None:
        """Put back the bookmark removed last, with its question (the app's `u`)."""
        if not self.removed:
            self.say("Nothing to undo.")
            return
        mark = self.removed.pop()
        self.state.restore_bookmark(mark)
        self._save()
        self.say(f"Bookmark restored: {self._title(mark)}")
        self._show_bookmarks_again()

    def _title(self, mark: Bookmark) -> str:
        article = self.library.get(mark.article_id)
        return full_stop(article.title if article else mark.title or mark.article_id)

    def _show_bookmarks_again(self) -> None:
        """The bookmarks list changed under the reader: said again, numbered anew."""
        current = self.trail.current
        if isinstance(current, Listing) and current.name == "bookmarks":
            listing = self.bookmarks_listing()
            self.trail.places[self.trail.position] = listing
            self.show(listing, remember=False)

    def _write(self, name: str, text: str, what: str) -> None:
        """A new file in the documents folder, else the next that takes it, as the app
        writes; said where, and why an earlier folder would not take it."""
        from tui.core.state import recovery_folders

        try:
            path, refused = write_in_first(
                text, name, recovery_folders(documents_folder()), self.library.root
            )
        except NotesError as error:
            self.say(str(error))
            return
        if refused:
            self.say(refused)
        self.say(f"Wrote {what} to {path}")

    def write_notes(self) -> None:
        """Appointment notes as a new dated text file; an earlier file is never replaced."""
        articles = self._bookmarked()
        missing = missing_bookmarks(self.state, self.library)
        if not articles and not missing:
            self.say(
                "No bookmarks yet, so no notes were written. Open an article and type bookmark."
            )
            return
        text = appointment_notes(articles, self.state, "txt", missing=missing)
        number = len(articles) + len(missing)
        self._write(
            default_notes_path("txt").name,
            text,
            f"appointment notes for {count(number, 'article')}",
        )

    def export(self, fmt: str) -> None:
        """The bookmarks' citations as a RIS or BibTeX file (the app's `r` and `x`)."""
        kind = {"ris": "ris", "bibtex": "bibtex", "bib": "bibtex"}.get(fmt.lower())
        if kind is None:
            self.say("Type export ris, or export bibtex: your bookmarks' citations as a file.")
            return
        found = export_citations(self._bookmarked(), kind)
        if found is None:
            self.say(NOTHING_TO_EXPORT)
            return
        self._write(found.name, found.text, found.what)
