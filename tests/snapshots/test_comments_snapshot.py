"""What the comments pane looks like (SVG snapshot; update with --snapshot-update after a deliberate change)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.app.test_comments_widget import KEY, NOW, THREAD, PaneApp

from blogtui.comments.model import Draft, DraftState
from blogtui.tui.widgets.comments import CommentsPane, CommentsStatus


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_comments_pane_snapshot(snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    """The pane in both themes: the status line's colours (offline, replies waiting, refused)
    come from the theme, readable on a light background too (issue 17)."""
    drafts = [
        Draft(thread=KEY, text="Thanks, both of you.", parent="1", author="Me", id=1),
        Draft(
            thread=KEY,
            text="no",
            author="Me",
            id=2,
            state=DraftState.REJECTED,
            error="text is too short (minimum length: 3)",
        ),
    ]

    async def show(pilot) -> None:  # type: ignore[no-untyped-def]
        pane = pilot.app.query_one(CommentsPane)
        pane.set_status(
            CommentsStatus(
                "offline",
                last_sync=NOW - timedelta(hours=3),
                message="cannot reach the comment server",
                waiting=2,
                refused=1,
            )
        )
        pane.show_thread(THREAD, drafts, last_read=NOW - timedelta(hours=3))
        await pilot.pause()
        pane.focus_first()
        await pilot.press("j")
        await pilot.pause()

    app = PaneApp()
    app.theme = theme
    assert snap_compare(app, terminal_size=(90, 44), run_before=show)
