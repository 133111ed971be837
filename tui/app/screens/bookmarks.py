"""Bookmarks: the articles a reader kept, their questions, notes and citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from tui.app.keys import BoxKeys, box_key
from tui.app.messages import MarksChanged
from tui.app.render import missing_option
from tui.app.screens.dialogs import QuestionDialog, RemoveDialog
from tui.app.typing_pace import OpenedByLetter
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.notice import BottomLine
from tui.core.citations import NOTHING_TO_EXPORT, export_citations
from tui.core.notes import (
    MissingBookmark,
    NotesError,
    appointment_notes,
    default_notes_path,
    missing_bookmarks,
    write_in_first,
)
from tui.core.sanitize import show_path
from tui.core.state import Bookmark

if TYPE_CHECKING:
    from tui.app.app import MyelinApp


HINT = " · enter read · e question · n notes · r RIS · x BibTeX"
#: Below 60 columns: the footer shows only ?, esc, d and u (QA5 R11).
NARROW_HINT = " · e question · n notes"


def removed_words(mark: Bookmark, title: str) -> str:
    """What a removal took, and how to undo it: said where the reader looks."""
    question = " and the question you wrote for it" if mark.question else ""
    return f"Removed the bookmark on “{title}”{question}. Press u to undo."


class BookmarksScreen(OpenedByLetter, BoxKeys, Screen):
    app: MyelinApp  # what `self.app` is, for the type checker
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="bookmarks.back"),
        Binding("d,delete", "remove", "Remove", id="bookmarks.remove"),
        Binding(
            "u", "undo", "Undo", tooltip="Put back the bookmark removed last", id="bookmarks.undo"
        ),
        box_key(
            "e",
            "question",
            "Question",
            tooltip="Write the question to ask about it",
            id="bookmarks.question",
        ),
        Binding(
            "n",
            "notes",
            "Notes",
            tooltip="Write appointment notes from your bookmarks",
            id="bookmarks.notes",
        ),
        Binding("r", "export('ris')", "Export RIS", show=False, id="bookmarks.export-ris"),
        Binding("x", "export('bibtex')", "Export BibTeX", show=False, id="bookmarks.export-bibtex"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: For undo, the last last: a removed bookmark, or one as it was before its question
        #: was edited (told apart by whether the bookmark is still there).
        self.removed: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-bar"):
            yield Static("Bookmarks", id="title")
            yield Static(HINT, id="title-hint")
            yield Static(NARROW_HINT, id="title-hint-narrow")
        yield Static(id="bookmarks-elsewhere")  # wraps: a sentence cut short says nothing
        yield ArticleList(id="bookmark-list")
        yield Static(id="question-preview")
        yield BottomLine()

    def on_mount(self) -> None:
        self.refresh_marks()
        self.query_one(ArticleList).focus()

    def bookmarked(self):
        library = self.app.library
        return [a for i in self.app.bookmarks_here() if (a := library.get(i))]

    def missing(self) -> list[MissingBookmark]:
        """Bookmarks whose article is not loaded: listed last, so their questions show."""
        return missing_bookmarks(self.app.state, self.app.library)

    @on(MarksChanged)
    def refresh_marks(self) -> None:
        here, missing = self.bookmarked(), self.missing()
        rows = [(gone.mark.article_id, missing_option(gone)) for gone in missing]
        self.query_one(ArticleList).show(here, self.app.state, self.empty_words(), rows)
        said = self.query_one("#bookmarks-elsewhere", Static)
        said.update(Text(self.app.bookmarks_elsewhere() if here else self.app.no_bookmarks()))
        said.display = bool(missing)

    def empty_words(self) -> str:
        """The empty list's words: after a removal here, what went and how to undo it (the
        list is where the reader looks; "No bookmarks yet" hid two removals, QA5 R17)."""
        state = self.app.state
        gone = [m for m in self.removed if not state.is_bookmarked(m.article_id)]
        if not gone:
            return self.app.no_bookmarks()
        library = self.app.library
        last = gone[-1]
        title = article.title if (article := library.get(last.article_id)) else last.article_id
        count = f"{len(gone)} bookmarks" if len(gone) > 1 else "a bookmark"
        return f"No bookmarks left: you removed {count} here. {removed_words(last, title)}"

    def highlighted(self) -> tuple[str, str] | None:
        """The highlighted bookmark's id and title, whether or not its article is here."""
        listed = self.query_one(ArticleList)
        if (article := listed.highlighted_article) is not None:
            return article.id, article.title
        gone = {g.mark.article_id: g for g in self.missing()}.get(listed.highlighted_missing or "")
        return (gone.mark.article_id, gone.name) if gone else None

    def on_article_list_article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        from tui.app.screens.article import Origin

        ids = [a.id for a in self.query_one(ArticleList).articles]
        self.app.open_article(message.article.id, origin=Origin(self, ids))

    def select_article(self, article_id: str) -> None:
        self.query_one(ArticleList).select(article_id)

    def on_article_list_article_highlighted(self, message: ArticleList.ArticleHighlighted) -> None:
        chosen = self.highlighted()
        mark = self.app.state.bookmarks.get(chosen[0]) if chosen else None
        question = mark.question if mark else ""
        said = f"My question: {question}" if question else "No question yet: press e."
        # with no bookmark highlighted there is nothing to ask about (e does nothing then)
        self.query_one("#question-preview", Static).update(Text(said if mark else ""))

    def action_remove(self) -> None:
        """Remove undoably (`u` puts it back with its question); one that holds a question
        only once the reader says so: `d` may be a letter of a word typed (QA5 R17)."""
        chosen = self.highlighted()
        mark = self.app.state.bookmarks.get(chosen[0]) if chosen else None
        if chosen is None or mark is None:
            return
        article_id, title = chosen
        if not mark.question:
            self.remove_mark(article_id, title)
            return

        def answered(remove: bool | None) -> None:
            if remove:
                self.remove_mark(article_id, title)
            else:
                self.app.say(f"Kept the bookmark on “{title}” and its question.", timeout=4)

        self.app.push_screen(RemoveDialog(title, mark.question), answered)

    def remove_mark(self, article_id: str, title: str) -> None:
        mark = self.app.state.remove_bookmark(article_id)
        if mark is None:  # removed meanwhile (another session, a second answer)
            return
        self.removed.append(mark)
        self.app.save_state_soon()
        self.refresh_marks()  # this list at once; the others hear MarksChanged
        self.app.refresh_lists()
        # A warning: a notice said over it later is marked and kept for M, never lost unseen.
        self.app.say(removed_words(mark, title), timeout=10, severity="warning", whole=True)

    def action_undo(self) -> None:
        if not self.removed:
            self.app.say("Nothing to undo.")
            return
        mark = self.removed.pop()
        if self.app.state.is_bookmarked(mark.article_id):  # a question edit
            self.app.state.set_question(mark.article_id, mark.question)
            self.app.save_state_soon()
            self.refresh_marks()
            self.app.say("Question restored.")
            return
        self.app.state.restore_bookmark(mark)
        self.app.save_state_soon()
        self.refresh_marks()  # this list at once; the others hear MarksChanged
        self.app.refresh_lists()
        self.query_one(ArticleList).select(mark.article_id)
        self.app.say("Bookmark restored.")

    def action_question(self) -> None:
        chosen = self.highlighted()
        if chosen is None:
            return
        article_id, title = chosen
        mark = self.app.state.bookmarks[article_id]

        def keep(question: str | None) -> None:
            before = mark.question  # `mark` is changed by set_question below
            if question is not None and question.strip() != before:
                self.removed.append(mark.copy())
                self.app.state.set_question(article_id, question)
                self.app.save_state_soon()
                self.refresh_marks()
                if not question.strip():  # a kept one shows in the preview line
                    self.app.say("Question cleared. Press u to undo.")
                elif before and question.strip().startswith(before):  # words added to it
                    self.app.say("Question updated. Press u to undo.")
                elif before:  # a key typed over it must not lose it unseen
                    self.app.say("Question replaced; the earlier one is kept. Press u to undo.")

        earlier = self.app.state.earlier_questions.get(article_id, [])
        dialog = QuestionDialog(title, mark.question, article_id, earlier)
        self.app.push_screen(dialog, keep)

    def _write(self, name: str, text: str, what: str) -> None:
        """Write a file into the export folder and say where; nothing leaves the machine."""
        from tui.core.state import recovery_folders

        try:
            path, refused = write_in_first(
                text, name, recovery_folders(self.app.export_dir), self.app.library_dir
            )
        except NotesError as error:
            self.app.say(str(error), timeout=10, severity="error")
            return
        # The path last, after "to": wrapped between words it starts a line of its own.
        said = f"Saved {what} to {show_path(path)}"
        self.app.say(f"{said}. {refused}" if refused else said, timeout=10, whole=True)

    def action_notes(self) -> None:
        if not self.app.library_ready():  # the notes quote each article's considerations
            return
        articles, missing = self.bookmarked(), self.missing()
        if not articles and not missing:
            self.app.say(self.app.no_bookmarks(), timeout=4)
            return
        text = appointment_notes(articles, self.app.state, "md", missing=missing)
        number = len(articles) + len(missing)
        count = f"{number} article{'s' * (number != 1)}"
        name = default_notes_path("md").name  # dated: earlier notes are never replaced
        self._write(name, text, f"appointment notes for {count}")

    def action_export(self, kind: str) -> None:
        export = export_citations(self.bookmarked(), kind)
        if export is None:
            self.app.say(NOTHING_TO_EXPORT, timeout=4)
            return
        self._write(export.name, export.text, export.what)
