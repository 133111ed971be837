"""What happens in the app that screens may care about, as Textual messages.

The app posts these to every screen on the stack; a screen that cares handles them
(`@on(IndexReady)`), one that does not ignores them. The app never asks what a screen
can do.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState


class IndexReady(Message):
    """The search index is open: search and related articles can run."""


class MarksChanged(Message):
    """Read or bookmark marks changed: lists redraw them."""

    def __init__(self, article_ids: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.article_ids = article_ids  # empty: any article may have changed


class WorkFailed(Message):
    """Background work failed: the app says so instead of crashing."""

    def __init__(self, name: str, error: BaseException) -> None:
        super().__init__()
        self.name = name
        self.error = error


class ReportsWorkFailures(MessagePump):
    """Mixed into the app and every screen that runs workers. Workers run with
    `exit_on_error=False` and their state messages do not bubble: this one handler
    turns a failure into `WorkFailed` for the app, which tells the reader."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.post_message(WorkFailed(event.worker.group, event.worker.error))
