"""What the comments pane looks like (SVG snapshot; update with --snapshot-update after a deliberate change)."""

from __future__ import annotations

from datetime import timedelta

from tests.app.test_comments_widget import KEY, NOW, THREAD, PaneApp

from blogtui.comments.model import Draft, DraftState
from blogtui.tui.widgets.comments import CommentsPane, CommentsStatus


def test_comments_pane_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
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
            )
        )
        pane.show_thread(THREAD, drafts, last_read=NOW - timedelta(hours=3))
        await pilot.pause()
        pane.focus_first()
        await pilot.press("j")
        await pilot.pause()

    assert snap_compare(PaneApp(), terminal_size=(90, 44), run_before=show)
