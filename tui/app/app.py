"""The Myelin reader: a Textual app over the domain layer.

The app owns the library, the search engine and the reading state, and
coordinates screens. Slow work (loading the library, updating the index,
searching) runs in workers, so the first screen paints at once and keys are
never blocked.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual._compositor import CompositorUpdate, LayoutUpdate
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from tui.app.kept_styles import KeptStylesheet
from tui.app.keys import BoxKeys, box_key, readable, takes_text
from tui.app.messages import IndexReady, MarksChanged, ReportsWorkFailures, WorkFailed
from tui.app.motion import CalmAnimator
from tui.app.screens.browse import BrowseScreen
from tui.app.themes import REGISTERED, RENAMED, THEMES, theme_name
from tui.app.typing_pace import OpenedByLetter
from tui.app.widgets.notice import Notice, Severity
from tui.app.wire import ShownLines, move_to
from tui.core.catalog import (
    Row,
    Snapshot,
    catalog_digest,
    catalog_rows,
    read_catalog,
    save_catalog,
)
from tui.core.drafts import Drafts, take_back
from tui.core.library import Library, load_library, read_article
from tui.core.paths import cache_root
from tui.core.problems import skipped, skipped_message
from tui.core.sanitize import sanitize, show_path
from tui.core.settings import read_settings
from tui.core.state import ReadingState, StateStore
from tui.core.trail import Trail

# The other screens are imported when first opened: start-up pays only for the first one.

if TYPE_CHECKING:
    from tui.app.screens.article import Origin
    from tui.app.widgets.article_list import ArticleList
    from tui.core.article import Article
    from tui.core.index import SearchIndex
    from tui.core.search import Related, SearchEngine


log = logging.getLogger(__name__)

MESSAGES_KEPT = 50
#: How long frames wait for a whole-screen update Textual has due (it draws it on its
#: update timer, a frame's time): past this they go alone rather than wait for a key.
WHOLE_FRAME_WAIT = 0.1


@dataclass(frozen=True)
class Said:
    """One notice, kept for the messages dialog (`M`)."""

    text: str
    severity: Severity
    at: float  # time.time()


# What each worker group does, in the words of the message when it fails.
WORK = {
    "load": "Loading the library",
    "save": "Saving your bookmarks and reading marks",
    "related": "Finding related articles",
    "search": "The search",
    "glossary": "Finding the articles that use each term",
}


#: An index job of this many articles shows its progress (and the full library first).
LONG_JOB = 50


class _CollectionsHeld:
    """No automatic garbage collection meanwhile, whatever turns the collector on: each
    collection during the load walked every article loaded so far. A threshold of 0 holds
    them off where `gc.disable()` would not (on_ready enables the collector, from the UI
    thread, while the load runs in a worker). Loads that overlap (an app that ended
    mid-load, and the next) put the thresholds back once, when the last one ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._thresholds = gc.get_threshold()

    def __enter__(self) -> None:
        with self._lock:
            if not self._holders:
                self._thresholds = gc.get_threshold()
                gc.set_threshold(0)
            self._holders += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._holders -= 1
            if not self._holders:
                gc.set_threshold(*self._thresholds)


_collections_held = _CollectionsHeld()


def _ready_to_read(library: Library) -> None:
    """What opening the first article needs, made here, in the loader, before any Enter
    (issue 15): the article screen's modules (about 30 ms to import) and the glossary's
    matcher (one regex of every term, 15-60 ms to compile). The first open paid both on
    the key and took twice as long as the next. No frame, no byte: idle stays silent."""
    import tui.app.screens.article  # noqa: F401

    library.glossary.prepare()


def _out_of_collections() -> None:
    """What is loaded now (library, index, Textual) lives as long as the app: the garbage
    collector stops walking it. At 10,000 articles a full collection walked 175,000
    objects (150-370 ms under load), and the widgets made to open an article set one
    off every other time, so the key waited on it."""
    gc.collect()
    gc.freeze()


def _commands():
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from tui.app.commands import MyelinCommands

    return MyelinCommands


class MyelinApp(BoxKeys, ReportsWorkFailures, App[int]):
    TITLE = "Myelin"
    CSS_PATH = "myelin.tcss"
    COMMANDS = App.COMMANDS | {_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-normal"), (110, "-wide")]
    BINDINGS = [
        # "/fatigue" typed in one burst all reaches the search box (see BOX_ACTIONS).
        box_key("slash", "search", "Search", key_display="/", id="app.search"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        # B and W are listed in help: the footer keeps to what fits in 80 columns.
        Binding("B", "bookmarks", "Bookmarks", show=False, id="app.bookmarks"),
        box_key("W", "glossary", "Glossary", show=False, id="app.glossary"),
        Binding("H", "back", "Back in history", show=False, id="app.back-in-history"),
        Binding("L", "forward", "Forward in history", show=False, id="app.forward-in-history"),
        Binding("T", "next_theme", "Theme", show=False, id="app.theme"),
        Binding("P", "problems", "Library problems", show=False, id="app.library-problems"),
        Binding("M", "messages", "Messages again", show=False, id="app.messages"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # priority: a dialog (a modal screen) keeps the app's other keys from reaching it
        Binding(
            "ctrl+l", "redraw", "Redraw the screen", show=False, id="app.redraw", priority=True
        ),
    ]

    index_progress: reactive[float | None] = reactive(None)

    def __init__(
        self,
        library_dir: Path,
        state_dir: Path | None = None,
        cache_dir: Path | None = None,
        blink: bool = True,
        export_dir: Path | None = None,
        query: str = "",
    ) -> None:
        super().__init__()
        self._animator = CalmAnimator(self)  # no in-between frame when motion is off
        self._animate = self._animator.bind(self)
        self.first_query = query.strip()  # `myelin read WORDS`: open on that search
        self.last_key: events.Key | None = None  # the key being acted on (see on_event)
        #: The process is this app's alone (`run_app`): what is loaded is frozen out of
        #: garbage collections. Tests run many apps in one process and leave it off: a
        #: frozen app is never collected.
        self.freeze_loaded = False
        self._export_dir = export_dir  # found when first asked for (see export_dir)
        self.blink_allowed = blink  # tests and screenshots turn the cursor blink off
        self.library_dir = library_dir
        self.cache_dir = cache_dir
        #: The full library, or the read-only first-screen snapshot while it loads.
        self.library: Library | Snapshot = Library(root=library_dir)
        self.engine: SearchEngine | None = None
        self.store = StateStore(state_dir)
        self.state: ReadingState = self.store.load()
        self.drafts = Drafts(self.store.directory)
        self.draft_timer: Timer | None = None
        self._recover_drafts()
        self.new_ids: set[str] = set()
        self.catalog_digest: str | None = None  # of what the first screen showed, if anything
        self.catalog_packaged = False  # it came with the package: the user's own is saved
        self.start_notices: list[str] = []  # said after the first frame
        # Back/forward, like a browser; starts from the saved history, one step past its end,
        # so `H` after a restart reopens the last article read.
        self.trail: Trail[str] = Trail(self.state.history)
        self.positions: dict[str, float] = {}  # where each article was left, this session
        # Related articles found ahead (when a list row is highlighted): an article opened
        # with them is laid out once, not again (a second repaint) when they arrive.
        self.related_found: dict[str, list[Related]] = {}
        self.highlight_explained = False  # the "search words are highlighted" notice, once
        #: What the notice line said, newest last: `M` shows them again (a notice is brief).
        self.messages: deque[Said] = deque(maxlen=MESSAGES_KEPT)
        self.save_timer: Timer | None = None
        self.unsaved = False  # the last save on quitting failed: `run_app` keeps a copy
        for theme in REGISTERED:
            self.register_theme(theme)
        self._themes_registered = True
        saved = self.state.settings.get("theme")
        saved = RENAMED.get(saved, saved) if isinstance(saved, str) else saved
        self._first_theme(saved if saved in self.available_themes else THEMES[0])
        self.settings = read_settings()
        self.keymap: dict[str, str] = self.settings.keys  # `[keys]` in settings.toml
        self.set_keymap(self.keymap)
        self.apply_motion()
        self.shown = ShownLines()  # what the terminal shows: a frame sends only what differs
        self._frames_due = False  # frames added to `shown`, to be sent in a moment

    _themes_registered = False  # see get_css_variables

    def get_css_variables(self) -> dict[str, str]:
        """The theme's colours as CSS variables; none while Textual's App starts, before
        Myelin's themes are registered: it worked out its default theme's, which nothing
        used (the stylesheet is made again for the saved theme, see `_first_theme`)."""
        return super().get_css_variables() if self._themes_registered else {}

    def _first_theme(self, name: str) -> None:
        """Start in theme `name`, as setting `theme` would, but before anything is styled:
        a change of theme queues a second parse of every stylesheet, a restyling of every
        widget and a second layout, which all ran before the first frame (issue 17)."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.update_classes(
            {f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False
        )
        self._refresh_truecolor_filter(self.ansi_theme)
        # made again for these colours, with the rules an earlier start parsed (kept_styles)
        folder = self.cache_dir or cache_root()
        self.kept_styles = KeptStylesheet(variables=self.get_css_variables(), folder=folder)
        self.stylesheet = self.kept_styles

    # -- the wire: a frame sends the lines the terminal does not show already ----------------

    def _display(self, screen: Screen, renderable: object) -> None:
        if not isinstance(renderable, CompositorUpdate) or self.is_inline or not self._writes():
            if renderable is None and self.shown.waiting and not self._whole_frame_due():
                self._send_frames()  # the frame they waited for draws nothing more
            super()._display(screen, renderable)  # type: ignore[arg-type]
        elif not self.shown.knows(renderable):
            self._send_frames()  # what came before it first
            self.shown.forget()
            super()._display(screen, renderable)  # type: ignore[arg-type]
        else:
            # frames drawn in the same moment (a layout, then a repaint) are sent as one;
            # with nothing more due on the screen, at once: waiting for the loop's next
            # turn put an article's first frame behind whatever else was ready
            self.shown.add(renderable, self.size.width, self.console)
            pending = screen._layout_required or screen._repaint_required or screen._dirty_widgets
            if not self._batch_count and (not pending or isinstance(renderable, LayoutUpdate)):
                self._send_frames()
            elif not self._frames_due:
                self._frames_due = True
                asyncio.get_running_loop().call_soon(self._send_frames_joined)

    def _whole_frame_due(self) -> bool:
        """The screen in view is to be laid out or repainted whole at its next update (a
        theme's new colours, a held frame released): Textual draws that on its update
        timer, up to a frame's time after the loop's next turn."""
        screen = self.screen
        return (
            not self._batch_count
            and screen.is_current
            and (screen._layout_required or screen._repaint_required)
        )

    def _send_frames_joined(self) -> None:
        """The frames of a moment, at the loop's next turn; with the whole screen due, with
        it instead (a theme change sent its scrollbars and notice, then every line again
        in the new colours: 1.13 full repaints at 40x12)."""
        self._frames_due = False
        if not self._whole_frame_due():
            self._send_frames()
        else:  # and if that update draws nothing (no change found), they go on their own
            asyncio.get_running_loop().call_later(WHOLE_FRAME_WAIT, self._send_waiting_frames)

    def _send_waiting_frames(self) -> None:
        """Frames still waiting for a whole-screen update that drew nothing: a list's
        highlight moved by `j` stayed on the old row until the next key."""
        if self.shown.waiting:
            self._send_frames()

    def hold_frames(self, most: float) -> Callable[[], None]:
        """No frame until the function returned is called (at most `most` seconds): a
        screen whose content comes a moment after it opens is drawn once, complete, not
        drawn and then drawn again (each a full repaint down the wire)."""
        self._begin_batch()  # App.batch_update's count, over more than one call
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self._end_batch()
                self.screen.refresh(layout=True)  # what was held back, in one frame

        self.set_timer(most, release)
        return release

    def _send_frames(self) -> None:
        """What the frames added since the last sent change on the terminal, if anything.
        Written as `App._display` writes a frame, even if a batch began since they were
        added (Textual would have written them then; held, they waited for another frame)."""
        self._frames_due = False
        driver = self._driver
        if not self._writes(batched=True) or driver is None:
            return
        cursor = self.screen.outer_size.clamp_offset(self.cursor_position)
        update = self.shown.take(self.console, cursor)
        if update is None:
            return
        self._begin_update()
        try:
            driver.write(update.render_segments(self.console) + move_to(*cursor))
        finally:
            self._end_update()
        driver.flush()

    def _writes(self, batched: bool = False) -> bool:
        """Whether Textual writes a frame given now (what `App._display` checks; a frame
        it holds back is not written, so it is not taken for shown)."""
        return (
            (batched or not self._batch_count)
            and self._running
            and not self._closed
            and not self.is_headless
            and self._driver is not None
        )

    def _set_pointer_shape(self, shape: str) -> None:
        """Only a change of the mouse pointer's shape is sent: every new screen set it again
        (13 bytes a dialog)."""
        if shape != self.shown.pointer:
            self.shown.pointer = shape
            super()._set_pointer_shape(shape)

    def _resumed(self, _app: object) -> None:
        """Back after ctrl+z: the shell had the terminal, nothing on it is known."""
        self.shown.forget()
        self.shown.pointer = ""

    def get_key_display(self, binding: Binding) -> str:
        """Every key named the same way, in the footer and in help: ctrl+o, not ^o."""
        return readable(super().get_key_display(binding))

    def on_resize(self, event: events.Resize) -> None:
        self.shown.forget()  # the terminal may have moved or cut what it showed

    def action_redraw(self) -> None:
        """Draw the whole screen again (ctrl+l): for a terminal something else wrote on."""
        self.shown.forget()
        self.screen.refresh()

    def _recover_drafts(self) -> None:
        """Questions being typed when an earlier session was killed (`kill -9`, a power
        cut): kept as the question, the one they replace among the earlier ones."""
        if take_back(self.drafts, self.state, self.store):
            self.store.messages.append(
                "Myelin ended while you were typing a question; what you typed is kept "
                "(B for Bookmarks, e to see it)."
            )

    def _take_back_copies(self) -> None:
        """What a session that could not save (a full disk) kept elsewhere is taken back."""
        from tui.core.state import recovery_folders

        if self.store.take_back_copies(self.state, recovery_folders(self.export_dir)):
            self.refresh_lists()
            for message in self.store.messages:
                self.say(message, timeout=10, severity="warning")
            self.store.messages.clear()

    def keep_draft(self, article_id: str, text: str) -> None:
        """On disk a moment after the last key: a killed process cannot save on its way out."""
        if self.draft_timer is not None:
            self.draft_timer.stop()
        self.draft_timer = self.set_timer(0.3, partial(self._write_draft, article_id, text))

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _write_draft(self, article_id: str, text: str) -> None:
        self.drafts.keep(article_id, text)

    def _typing_question(self) -> bool:
        from tui.app.screens.dialogs import QuestionDialog

        return any(isinstance(screen, QuestionDialog) for screen in self.screen_stack)

    # -- motion: every frame of an animation and every blink is sent down the wire ----------

    @property
    def calm(self) -> bool:
        """No scroll animation, no blinking: over SSH unless turned on, and when chosen."""
        chosen = self.state.settings.get("motion")
        return not chosen if chosen is not None else self.over_ssh

    @property
    def blink(self) -> bool:
        return self.blink_allowed and not self.calm

    def apply_motion(self) -> None:
        self.animation_level = "none" if self.calm else "full"
        if self.is_running:
            from tui.app.widgets.text_input import TextInput

            for screen in self.screen_stack:
                for box in screen.query(TextInput):
                    box.cursor_blink = self.blink

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Any text box focused (the palette's too, not only Myelin's) blinks only when
        motion is on: a blinking cursor sends a frame twice a second, watched or not."""
        if takes_text(event.widget):
            event.widget.cursor_blink = self.blink  # type: ignore[attr-defined]

    def action_toggle_motion(self) -> None:
        """The setting that turns animation and blinking off (or on) anywhere, remembered."""
        self.state.settings["motion"] = self.calm
        self.apply_motion()
        self.save_state_soon()
        what = "off" if self.calm else "on"
        self.say(f"Scroll animation and cursor blinking are {what}.")

    # -- start-up ---------------------------------------------------------------------------

    @property
    def export_dir(self) -> Path:
        """Where notes and pictures go: the documents folder, looked up when first needed
        (it imports platformdirs and the notes module, which the first screen does not)."""
        if self._export_dir is None:
            from tui.core.notes import documents_folder

            self._export_dir = documents_folder()
        return self._export_dir

    @export_dir.setter
    def export_dir(self, folder: Path) -> None:
        self._export_dir = folder

    def get_default_screen(self) -> Screen:
        """The browse screen, with the first-screen snapshot already read.

        As the first screen (not pushed from `on_mount`) it is composed with the app and
        painted in its first frame: a pushed screen was laid out and rendered once while
        Textual still held back updates, the frame thrown away, and rendered again.
        """
        self.known_before = set(self.state.known)
        snapshot = read_catalog(self.library_dir, self.cache_dir) or self._packaged_snapshot()
        if snapshot is not None:
            self.catalog_digest, self.catalog_packaged = snapshot.digest, snapshot.packaged
            self._take_library(snapshot)
        return BrowseScreen()

    def _packaged_snapshot(self) -> Snapshot | None:
        """A first start: the snapshot made beside the shared or packaged index, if it is
        this library's as it is now (why it was refused is said after the first frame)."""
        from tui.core.first_start import first_start_for

        packaged = first_start_for(self.library_dir)
        snapshot = packaged.snapshot() if packaged is not None else None
        if packaged is not None and packaged.problem:
            self.start_notices.append(packaged.problem)
        return snapshot

    def on_mount(self) -> None:
        self.app_resume_signal.subscribe(self, self._resumed)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not POSIX
            loop = asyncio.get_running_loop()
            # The terminal closed (SIGHUP), or `kill`, logout, systemd, `timeout` or a
            # container stop asked the process to end (SIGTERM): save what was typed first.
            for ending in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(ending, self.hang_up, 128 + ending)
        if self.first_query:
            from tui.app.screens.search import SearchScreen

            self.push_screen(SearchScreen(self.first_query))
        for message in [*self.store.messages, *self.start_notices]:
            self.say(message, timeout=10, severity="warning")
        self.store.messages.clear()
        self.call_after_refresh(self.load_library)  # the first screen paints first
        self.call_after_refresh(self._take_back_copies)
        self.call_after_refresh(self._check_settings)
        self.set_interval(2.0, self.check_other_sessions)  # a stat: no bytes, no CPU to see

    def on_ready(self) -> None:
        """The first screen is painted: garbage is collected again (`run_app` held it off)."""
        gc.enable()

    def _check_settings(self) -> None:
        """Say what is wrong in settings.toml (after the first paint: it imports every screen)."""
        problems = list(self.settings.problems)
        if self.settings.keys:  # nothing remapped, nothing to check (and no screen imported)
            from tui.app.keys import keymap_problems

            problems += keymap_problems(self.settings)
        for message in problems:
            self.say(message, timeout=10, severity="warning")

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_library(self) -> None:
        """The full library, then the index brought up to date with it.

        With a snapshot on screen (a returning user) the index comes first: a file or two
        changed are searchable before the list is redrawn (rows, digest and redraw took
        140 ms at 10,000 articles). A long job (a build, many changes) shows the full
        library first, when it first says how far it is; so does a first start, which
        has nothing on screen yet.
        """
        with _collections_held:  # on_ready's gc.enable() must not start them mid-load
            library = load_library(self.library_dir, cache=self.cache_dir, use_cache=True)
            if self.freeze_loaded:  # the articles, out of collections before one walks them
                gc.freeze()  # (at 10,000 articles each walk of them took 50-130 ms)
        first = self.catalog_digest is None
        shown: list[tuple[list[Row], str, bool]] = []

        def show() -> None:
            if not shown:
                rows = catalog_rows(library)
                digest = catalog_digest(rows)
                shown.append((rows, digest, digest != self.catalog_digest))
                self.call_from_thread(self._library_loaded, library, shown[0][2])

        def progress(done: int, total: int) -> None:
            if total >= LONG_JOB:
                show()
            self._report_progress(done, total)

        if first:
            show()
            rows, digest, changed = shown[0]
            if changed or library.problems:  # a first build can take long: keep a snapshot
                save_catalog(library, rows, cache=self.cache_dir, digest=digest)
        from tui.core.index import open_index  # Whoosh loads here, after the first paint

        try:
            index = open_index(library, cache=self.cache_dir, progress=progress)
        except BaseException:
            show()
            raise
        self.call_from_thread(self._index_ready, library, index)
        show()
        rows, digest, changed = shown[0]
        keep = changed or library.problems or self.catalog_packaged
        if keep and not first:  # search is ready first, then this
            save_catalog(library, rows, cache=self.cache_dir, digest=digest)
        _ready_to_read(library)
        if self.freeze_loaded:
            _out_of_collections()

    def _report_progress(self, done: int, total: int) -> None:
        if total >= LONG_JOB and (done % 25 == 0 or done == total):
            self.call_from_thread(setattr, self, "index_progress", done / total)

    def _library_loaded(self, library: Library | Snapshot, changed: bool) -> None:
        """Show the full library in place of the first screen's snapshot (redrawn if it
        differs)."""
        self._take_library(library)
        for notice in library.notices if isinstance(library, Library) else ():
            if notice not in self.start_notices:  # the snapshot's refusal said it already
                self.say(notice, timeout=10, severity="warning")
        if library.problems and library.complete and not isinstance(self.screen, BrowseScreen):
            count = len(library.problems)  # the browse screen's status line says it
            self.say(
                f"{count} problem{'s' * (count != 1)} in the library: press P to see them.",
                timeout=8,
                severity="warning",
            )
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.show_library() if changed else screen.show_status()
            else:  # Bookmarks opened while loading said "not in this library" (QA H44)
                screen.post_message(MarksChanged(()))

    def _take_library(self, library: Library | Snapshot) -> None:
        self.library = library
        self.new_ids = self.state.arrive(library.articles, self.known_before)

    def _index_ready(self, library: Library, index: SearchIndex) -> None:
        from tui.core.search import SearchEngine

        self.engine = SearchEngine(library, index)
        self.related_found.clear()  # found in the old index
        self.index_progress = None
        for message in index.status.messages:
            self.say(message, timeout=8, severity="warning")
        for screen in self.screen_stack:
            screen.post_message(IndexReady())

    # -- background work ---------------------------------------------------------------------

    def on_article_list_article_highlighted(self, message: ArticleList.ArticleHighlighted) -> None:
        if message.article is not None:
            self.find_related(message.article.id)

    @work(thread=True, exclusive=True, group="related-ahead", exit_on_error=False)
    def find_related(self, *article_ids: str) -> None:
        """Related articles of what may be opened next (the highlighted row; the articles
        before and after the one being read), found before it is opened (off the key path:
        they need the index lock) so its first frame has them and nothing is laid out again."""
        engine = self.engine
        for article_id in article_ids:
            if engine is not None and article_id not in self.related_found:
                self.related_found[article_id] = engine.related(article_id)

    def on_work_failed(self, message: WorkFailed) -> None:
        what = WORK.get(message.name, "Background work")
        log.error("%s failed", what, exc_info=message.error)
        error = sanitize(str(message.error) or type(message.error).__name__)
        self.say(f"{what} failed: {error}", timeout=10, severity="error")

    # -- opening things -----------------------------------------------------------------------

    def open_article(
        self,
        article_id: str,
        terms: tuple[str, ...] = (),
        record: bool = True,
        origin: Origin | None = None,
    ) -> None:
        """Show an article; reuses the article screen if one is on top.

        `origin` is the list it was opened from, for `[`/`]`. Only what the reader
        sees is done here: the read mark is saved a moment later (`save_state_soon`).
        """
        article = self.library.get(article_id)
        if article is not None and not self.library.complete:
            article = self._read_now(article)
        if article is None:
            found = skipped(self.library.problems, (), article_id)
            gone = "That article is no longer in the library."
            self.say(skipped_message(found) if found else gone, timeout=8)
            return
        if record:
            self.trail.visit(article_id)
        first_read = self.state.opened(article_id)
        from tui.app.screens.article import ArticleScreen

        if isinstance(self.screen, ArticleScreen):
            self.screen.show(article, terms, origin)
        else:
            self.push_screen(ArticleScreen(article, terms, origin))
        self.save_state_soon()
        if first_read:
            self.refresh_lists(article_id)

    def _read_now(self, listed: Article) -> Article | None:
        """The whole article while the library is still loading (the list has only its row)."""
        article = read_article(listed.path)
        if isinstance(article, list):  # changed since the last start, and now broken
            return None
        return article

    def library_ready(self) -> bool:
        """False, with a word to the reader, while only the first screen's rows are loaded."""
        if not self.library.complete:
            self.say("The library is still loading; try again in a moment.")
        return self.library.complete

    def show_topic(self, topic: str) -> None:
        """Go back to the browse screen with `topic` selected."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, BrowseScreen):
            self.pop_screen()
        if isinstance(self.screen, BrowseScreen):
            self.screen.select_topic(topic)

    def recent_ids(self) -> list[str]:
        """Articles of this library read, most recent first, each once."""
        return self.state.recently_read(self.library.articles)

    def bookmarks_here(self) -> list[str]:
        """Bookmarked articles of this library, newest first: the reading state is shared
        by every library, and a count must match the list it opens (QA G5)."""
        return self.state.bookmarks_in(self.library.articles)

    def bookmarks_elsewhere(self) -> str:
        """What to say of the bookmarks for articles not in this library, if any."""
        here = set(self.bookmarks_here())
        missing = [i for i in self.state.bookmarks if i not in here]
        problems = self.library.problems
        broken = sum(1 for i in missing if skipped(problems, (), i))
        said = []
        if count := len(missing) - broken:
            are = "s are" if count != 1 else " is"
            said.append(f"{count} bookmark{are} for articles not in this library.")
        if broken:
            are = "s are" if broken != 1 else " is"
            said.append(
                f"{broken} bookmark{are} for articles skipped for a problem in their file "
                "(press P)."
            )
        return " ".join(said)

    def no_bookmarks(self) -> str:
        """The empty Bookmarks list's words; those made in another library are said."""
        if elsewhere := self.bookmarks_elsewhere():
            return f"No bookmarks in this library. {elsewhere}"
        return "No bookmarks yet: press b while reading an article."

    def say(
        self,
        message: str,
        timeout: float = 3.0,
        severity: Severity = "information",
        whole: bool = False,
    ) -> None:
        """News on the notice line of the screen in view (under a dialog, the screen it
        covers), over the key hints, never over the text; kept for `M`. `whole`: wrapped,
        never cut (where a file was saved)."""
        self.messages.append(Said(message, severity, time.time()))
        self._show_notice(message, timeout, severity, whole, again=True)

    def _show_notice(
        self, message: str, timeout: float, severity: Severity, whole: bool, again: bool
    ) -> None:
        for screen in reversed(self.screen_stack):
            with contextlib.suppress(NoMatches):
                screen.query_one(Notice).say(message, timeout, severity, whole)
                return
            if not screen.is_modal:  # it hides every screen under it
                break
        if again:  # a screen just pushed has its notice line once it is composed
            self.call_after_refresh(self._show_notice, message, timeout, severity, whole, False)
        else:
            self.notify(message, severity=severity, timeout=timeout, markup=False)

    def action_messages(self) -> None:
        """The recent notices again, newest first: for whoever missed one, or hears the
        screen read out (a notice goes in a few seconds)."""
        from tui.app.screens.dialogs import MessagesDialog

        if not isinstance(self.screen, MessagesDialog):
            self.push_screen(MessagesDialog(list(reversed(self.messages))))

    def save_state(self) -> None:
        """Save now (on quitting); during reading `save_state_soon` keeps it off the keys."""
        if self.save_timer is not None:
            self.save_timer.stop()
            self.save_timer = None
        if self.draft_timer is not None:
            self.draft_timer.stop()
        self.keep_unfinished_question()
        self.unsaved = not self.store.save(self.state)
        if self.unsaved:
            self._say_store_messages()
        else:
            self.drafts.drop()  # the question being typed is in the saved state

    def keep_unfinished_question(self) -> None:
        """Quitting (ctrl+q, a hang-up) with the question box open keeps what was typed:
        as the question, the one it replaces kept among the earlier ones."""
        from tui.app.screens.dialogs import QuestionDialog

        for screen in self.screen_stack:
            if isinstance(screen, QuestionDialog) and screen.article_id:
                with contextlib.suppress(NoMatches):  # the box is already gone
                    self.state.set_question(screen.article_id, screen.typed())

    async def action_quit(self) -> None:
        self.keep_unfinished_question()
        self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c: said on the notice line, in Myelin's words, with the keys that quit here
        (Textual's toast covered the text for seconds, QA5 R11)."""
        typing = takes_text(self.focused)
        keys = [
            readable(key)
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
            and not (typing and len(key) == 1)  # a letter typed into the box
        ]
        keys = sorted(set(keys), key=len)  # q before ctrl+q: the one to remember
        said = f"press {' or '.join(keys)}" if keys else "close this first with escape"
        self.say(f"To quit Myelin, {said}.", timeout=4, whole=True)  # 40 columns: not cut

    @property
    def ending(self) -> bool:
        """Quit or hung up: keys still arriving (the rest of "quality" after `q`) open
        nothing; a screen mounted while the app closes found its widgets gone."""
        return bool(getattr(self, "_exit", False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.ending:
            return False
        return super().check_action(action, parameters)

    def _handle_exception(self, error: Exception) -> None:
        """While the app closes, a screen opened by the last keys (a letter typed just after
        q) finds its widgets already gone: that is the end arriving, not a failure to
        report with a traceback and status 1 (QA4 Q13)."""
        if self.ending and isinstance(error, NoMatches):
            log.debug("a widget was gone while the app closed", exc_info=error)
            return
        super()._handle_exception(error)

    def hang_up(self, code: int = 128 + signal.SIGHUP) -> None:
        """The terminal is gone (SIGHUP) or the process is asked to end (SIGTERM): keep
        what was typed, save, and end; if ending waits on a lost terminal, stop the
        process after a moment all the same."""
        import threading

        self.save_state()
        stop = threading.Timer(3.0, os._exit, args=(code,))
        stop.daemon = True  # a normal end is not held up by it
        stop.start()
        self.exit(return_code=code)

    def save_state_soon(self) -> None:
        """Save a moment after the last change, in a thread: a key never waits on fsync."""
        if not self.is_running:
            return  # saved when the app ends
        if self.save_timer is not None:
            self.save_timer.stop()
        self.save_timer = self.set_timer(0.5, self._save_in_background)

    def _save_in_background(self) -> None:
        self.save_timer = None
        self._save_copy(self.state.copy(), typing=self._typing_question())

    @work(thread=True, exclusive=False, group="save", exit_on_error=False)
    def _save_copy(self, copy: ReadingState, typing: bool = False) -> None:
        saved = self.store.save(copy)  # merges other sessions' changes into the copy
        if saved and not typing:
            self.drafts.drop()  # a question typed and closed is in the saved state now
        self.call_from_thread(self._saved, copy, saved)

    def _saved(self, copy: ReadingState, saved: bool) -> None:
        self._merge(copy)  # what other sessions added shows here too
        changed, self.store.changed_elsewhere = self.store.changed_elsewhere, []
        self._say_changed(changed)  # a question this save wrote over another session's
        self._say_store_messages()  # a failure, or a newer version's file kept aside

    def check_other_sessions(self) -> None:
        """Bookmarks, questions and reads saved by another session (the linear reader, a
        second window) show here at once, not after a restart (QA4 Q15)."""
        disk = self.store.news_from_other_sessions()
        if disk is not None:
            self._merge(disk)
            self.refresh_lists()

    def _merge(self, other: ReadingState) -> None:
        self._say_changed(self.state.merge(other))

    def _say_changed(self, article_ids: list[str]) -> None:
        """Another session changed a question this one has too: nothing is lost, but the
        reader is told, naming the article (QA5 R4)."""
        if not article_ids:
            return
        if len(set(article_ids)) == 1:
            article = self.library.get(article_ids[0])
            mark = self.state.bookmarks.get(article_ids[0])
            title = article.title if article else (mark.title if mark else "") or article_ids[0]
            which = f"Your question about “{title}” was"
        else:
            which = f"Questions about {len(set(article_ids))} articles were"
        self.say(
            f"{which} also changed in another Myelin window; no words are lost: press e on "
            "Bookmarks to see the earlier ones.",
            timeout=8,
            severity="warning",
        )

    def _say_store_messages(self) -> None:
        for message in self.store.messages:
            self.say(message, timeout=10, severity="error")
        self.store.messages.clear()

    def refresh_lists(self, *article_ids: str) -> None:
        """Unread or bookmark marks changed (of `article_ids`, or of all): lists redraw them."""
        for screen in self.screen_stack:
            screen.post_message(MarksChanged(article_ids))

    # -- actions ------------------------------------------------------------------------------

    def action_search(self) -> None:
        from tui.app.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.focus_query()
        else:
            self.push_screen(SearchScreen())

    def start_search(self, text: str, lost: str = "") -> None:
        """The search screen, its box holding `text` and searching it (typed or pasted
        where no box was); `lost`: a letter key acted on just before, maybe the word's
        first letter."""
        from tui.app.screens.search import SearchScreen

        if self.ending:
            return
        if isinstance(self.screen, SearchScreen):  # the rest of a burst ("fatigue")
            self.screen.type_more(text)
        else:
            self.push_screen(SearchScreen(text, lost_letter=lost))

    def action_command_palette(self) -> None:
        """Textual's palette, its list marked like every list (see MyelinPalette)."""
        from tui.app.commands import MyelinPalette

        open_already = any(isinstance(screen, MyelinPalette) for screen in self.screen_stack)
        if self.use_command_palette and not open_already:  # ctrl+p twice in one burst
            self.push_screen(MyelinPalette(id="--command-palette"))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_bookmarks(self) -> None:
        from tui.app.screens.bookmarks import BookmarksScreen

        if not isinstance(self.screen, BookmarksScreen):
            self.open_by_key(BookmarksScreen())

    def open_by_key(self, screen: Screen) -> None:
        """Push `screen`, which a key opens; a letter key on the first screen may be the
        first letter of a word typed slowly (OpenedByLetter)."""
        key = self.last_key
        letter = (key.character or "") if key is not None else ""
        alone = letter.isalpha() and not getattr(key, "typed_run", "")
        if alone and isinstance(self.screen, BrowseScreen) and isinstance(screen, OpenedByLetter):
            screen.opened_by_letter(letter)
        self.push_screen(screen)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_key = event  # what a key's action was typed with (see action_glossary)
            if isinstance(self.screen, OpenedByLetter) and self.screen.typed_on(event):
                return  # before any binding: `d` in "Bladder" is a letter, never a key
        await super().on_event(event)

    def action_glossary(self) -> None:
        from tui.app.screens.glossary import GlossaryScreen

        key = self.last_key
        run = getattr(key, "typed_run", "")
        if (  # "Wheelchair" or "What is PIRA?" typed, not W then "heelchair"; "Wpira" is W
            isinstance(self.screen, BrowseScreen)
            and key is not None
            and self.screen.typed_word(key)
            and not self.library.glossary.has_name_starting(run[1:])
        ):
            self.start_search(key.character or "")
        elif not isinstance(self.screen, GlossaryScreen):  # its terms are in the first screen's
            self.push_screen(GlossaryScreen())  # snapshot; the articles using them come later

    def action_problems(self) -> None:
        from tui.app.screens.problems import ProblemsScreen

        if not isinstance(self.screen, ProblemsScreen):
            self.open_by_key(ProblemsScreen())

    async def action_back(self) -> None:  # App.action_back is a coroutine
        if (article_id := self.trail.back()) is not None:
            self.open_article(article_id, record=False)
        else:
            self.say("Nothing further back.", timeout=2)

    def action_forward(self) -> None:
        if (article_id := self.trail.forward()) is not None:
            self.open_article(article_id, record=False)
        else:
            self.say("Nothing further forward.", timeout=2)

    def action_next_theme(self) -> None:
        """The new colours and the notice naming them in one frame (the notice was sent,
        then every line recoloured: more than a full repaint)."""
        release = self.hold_frames(0.5)
        current = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.theme = THEMES[(current + 1) % len(THEMES)]
        self.say(f"Theme: {theme_name(self.theme)}", timeout=2)
        self.call_next(release)  # after the restyling the theme asked for, next too

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Myelin's own palette commands: its three themes by name, a screenshot that
        works without a Downloads folder, the motion setting; not Textual's whole list."""
        for theme in THEMES:
            yield SystemCommand(
                f"Theme: {theme_name(theme)}",
                "Colours for the whole app (remembered; T cycles them)",
                partial(setattr, self, "theme", theme),
            )
        calm = "on" if self.calm else "off"
        yield SystemCommand(
            f"Turn scroll animation and cursor blinking {calm}",
            "Off by default over SSH: every frame and blink is sent down the line",
            self.action_toggle_motion,
        )
        yield SystemCommand("Keys", "Every key of this screen", self.action_help)
        yield SystemCommand(
            "Screenshot",
            f"Save an SVG picture of this screen in {self.export_dir}",
            self.action_save_screenshot,
        )
        yield SystemCommand("Quit", "Leave Myelin", self.action_quit)

    def open_link(self, url: str) -> bool:
        """Open `url` in a web browser on this machine; False (nothing done) if there is none."""
        from tui.app.screens.dialogs import open_in_browser

        return open_in_browser(url)

    def action_save_screenshot(self) -> None:
        """Into the export folder (Documents, else home), never a missing ~/Downloads."""
        try:
            path = self.save_screenshot(path=str(self.export_dir))
        except OSError as error:
            self.say(f"Could not save the screenshot: {error}", timeout=10, severity="error")
            return
        self.say(f"Saved a screenshot to {show_path(path)}", timeout=8, whole=True)

    def watch_theme(self, theme: str) -> None:
        if self.state.settings.get("theme") != theme:
            self.state.settings["theme"] = theme
            self.save_state_soon()

    def on_unmount(self) -> None:
        self.save_state()
        # for the next start (at the end: pickling them took a few ms a worker would have
        # taken from the keys just after the first screen)
        self.kept_styles.keep()

    def push_screen(self, screen, *args, **kwargs):
        """Every screen (dialogs, the palette) laid out for the terminal's width from its
        first frame: Textual adds the width class after it, and the whole screen was laid
        out and sent again (a dialog at 40 columns drawn at 80% wide, then at 100%)."""
        if isinstance(screen, Screen):
            screen.add_class(self.width_class())
        return super().push_screen(screen, *args, **kwargs)

    def width_class(self) -> str:
        """The breakpoint class for the terminal's width now (see HORIZONTAL_BREAKPOINTS).

        Screens take it when pushed (the first one when made): Textual would add it
        after the first layout, and the whole screen would be styled and laid out a
        second time.
        """
        width = self.size.width
        return [name for edge, name in self.HORIZONTAL_BREAKPOINTS if width >= edge][-1]

    @property
    def over_ssh(self) -> bool:
        return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))
