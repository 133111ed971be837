"""Drafts of a question being typed: which the next session takes over (the `kill -9`
case itself is in test_no_lost_session.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from tui.core.drafts import Drafts


def _ended_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-I", "-c", "pass"])
    child.wait()
    return child.pid


def test_only_drafts_of_ended_sessions_are_recovered(tmp_path):
    Drafts(tmp_path, pid=_ended_pid()).keep("ebv-risk", "from a killed session")
    Drafts(tmp_path, pid=os.getppid()).keep("ebv-risk", "a session still running")
    damaged = tmp_path / f"question-draft-{_ended_pid()}.json"
    damaged.write_text("{not json")  # removed
    (tmp_path / "question-draft-x.json").write_text("{}")  # not ours: left alone
    found = Drafts(tmp_path).recover()
    assert [(d.article_id, d.text) for d in found] == [("ebv-risk", "from a killed session")]
    assert not damaged.exists()
    Drafts.forget(found)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"question-draft-{os.getppid()}.json",
        "question-draft-x.json",
    ]


def test_this_process_id_counts_as_ended_at_start(tmp_path):
    """A container restarted after a kill often gets the same process id again."""
    Drafts(tmp_path).keep("ebv-risk", "typed before the restart")
    assert [d.text for d in Drafts(tmp_path).recover()] == ["typed before the restart"]


def test_a_draft_keeps_as_much_as_the_question_box_takes(tmp_path):
    from tui.core.state import MAX_TEXT

    Drafts(tmp_path).keep("ebv-risk", "x" * MAX_TEXT)
    (draft,) = Drafts(tmp_path).recover()
    assert len(draft.text) == MAX_TEXT  # the box's limit, not 10,000 (QA H43)
