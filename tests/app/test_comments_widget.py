"""The comments pane, driven through a tiny app: plain data in, messages out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.console import Console
from textual.app import App, ComposeResult

from blogtui.comments.model import Comment, Draft, DraftState, Thread
from blogtui.tui.app import STYLESHEET
from blogtui.tui.widgets.comments import (
    CommentItem,
    CommentsPane,
    CommentsStatus,
    relative_time,
    status_text,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
KEY = "/2026/02/28/post.html"


def c(cid: str, text: str, parent: str | None = None, hours: float = 10, **kw: object) -> Comment:
    return Comment(
        id=cid,
        thread=KEY,
        parent=parent,
        author=kw.pop("author", "Ann"),
        text=text,
        created=NOW - timedelta(hours=hours),
        **kw,
    )  # type: ignore[arg-type]


THREAD = Thread(
    KEY,
    [
        c("1", "Great **post**", hours=30),
        c(
            "2",
            "\x1b]52;c;ZXZpbA==\x07I disagree [/] [bold]loudly[/bold]",
            "1",
            hours=20,
            author="[red]Eve\x1b[2J",
        ),
        c("3", "", "1", hours=5, deleted=True, author=""),
        c("4", "reply to the deleted one", "3", hours=1),
        c("5", "Second top-level", hours=2, author="Bob"),
    ],
)


class PaneApp(App[None]):
    CSS_PATH = STYLESHEET  # the app's one stylesheet

    def compose(self) -> ComposeResult:
        pane = CommentsPane()
        pane.now = NOW
        yield pane


def plain(item: CommentItem) -> str:
    console = Console(width=100, color_system=None, record=True)
    console.print(item.content)
    return console.export_text()


async def test_thread_shows_as_tree_with_hostile_text_inert() -> None:
    messages: list[object] = []
    app = PaneApp()
    async with app.run_test(size=(100, 50), message_hook=messages.append) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD, last_read=NOW - timedelta(hours=3))
        await pilot.pause()
        items = pane.items
        assert [(i.comment_id, i.depth) for i in items] == [
            ("1", 0),
            ("2", 1),
            ("3", 1),
            ("4", 2),
            ("5", 0),
        ]
        eve = plain(items[1])
        assert (
            "[red]Eve" in eve and "I disagree [/] [bold]loudly[/bold]" in eve and "\x1b" not in eve
        )
        assert "[deleted]" in plain(items[2]) and "This comment was deleted." in plain(items[2])
        assert (
            "● new" in plain(items[3])
            and "● new" in plain(items[4])
            and "● new" not in plain(items[0])
        )
        assert "Great post" in plain(items[0]) and "1 day ago" in plain(items[0])


async def test_keys_select_fold_reply_and_refresh() -> None:
    messages: list[object] = []
    app = PaneApp()
    async with app.run_test(size=(100, 50), message_hook=messages.append) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD)
        await pilot.pause()
        pane.focus_first()
        await pilot.press("enter")  # fold the replies of comment 1
        assert [i.comment_id for i in pane.items if i.display] == ["1", "5"]
        await pilot.press("j")
        assert pane.selected_id == "5"
        await pilot.press("r")
        await pilot.press("k", "enter", "j")  # unfold comment 1, move to its first reply
        assert pane.selected_id == "2"
        await pilot.press("r", "R")
        await pilot.pause()
    messages = list(
        {id(m): m for m in messages}.values()
    )  # a bubbling message is seen at each level
    replies = [
        (m.thread_key, m.parent_id) for m in messages if isinstance(m, CommentsPane.ReplyRequested)
    ]
    assert replies == [(KEY, "5"), (KEY, "2")]
    assert [m.thread_key for m in messages if isinstance(m, CommentsPane.RefreshRequested)] == [KEY]


async def test_fold_inside_fold_stays_folded() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 50)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD)
        await pilot.pause()
        pane.focus_first()
        await pilot.press("j", "j", "enter")  # fold the deleted comment 3 (hides 4)
        await pilot.press("k", "k", "enter", "enter")  # fold and unfold comment 1
        assert [i.comment_id for i in pane.items if i.display] == ["1", "2", "3", "5"]


async def test_outbox_replies_are_marked() -> None:
    app = PaneApp()
    drafts = [
        Draft(thread=KEY, text="my pending answer", parent="1", author="Me", id=1),
        Draft(
            thread=KEY,
            text="no",
            parent=None,
            author="Me",
            id=2,
            state=DraftState.REJECTED,
            error="text is too short (minimum length: 3)",
        ),
        Draft(
            thread=KEY,
            text="already there",
            author="Me",
            id=3,
            state=DraftState.SENT,
            remote_id="9",
        ),
    ]
    async with app.run_test(size=(100, 50)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD, drafts)
        await pilot.pause()
        texts = [plain(i) for i in pane.items if i.draft is not None]
    assert len(texts) == 2
    assert "pending" in texts[0] and "my pending answer" in texts[0]
    assert "refused: text is too short" in texts[1]


async def test_empty_thread_and_status_lines() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(CommentsPane)
        status = pane.query_one("#comments-status")
        # until the screen says whether a server is configured, the pane claims nothing
        assert str(status.render()) == "Loading comments…"
        pane.set_status(CommentsStatus("not-configured"))
        assert "No comment server configured" in str(status.render()) and "[comments]" in str(
            status.render()
        )
        pane.show_thread(Thread(KEY))
        pane.set_status(
            CommentsStatus(
                "offline",
                last_sync=NOW - timedelta(hours=3),
                message="cannot reach [server] \x1b[31m",
            )
        )
        await pilot.pause()
        assert "No comments yet" in str(pane.query_one(".comments-empty").render())
        line = str(status.render())
        assert (
            "offline" in line
            and "3 h ago" in line
            and "cannot reach [server]" in line
            and "\x1b" not in line
        )


def test_status_texts() -> None:
    assert (
        status_text(CommentsStatus("online", NOW - timedelta(minutes=5)), NOW).plain
        == "● online · synced 5 min ago"
    )
    assert status_text(CommentsStatus("syncing"), NOW).plain == "⟳ syncing…"
    assert (
        status_text(CommentsStatus("offline", None), NOW).plain == "○ offline · last synced never"
    )
    assert relative_time(NOW - timedelta(days=40), NOW) == "2026-01-20"


async def test_long_thread_appears_at_once() -> None:
    big = Thread(KEY, [c(str(i), f"comment {i}", None, hours=500 - i) for i in range(1, 101)])
    app = PaneApp()
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(big)
        assert [i.comment_id for i in pane.items] == [str(i) for i in range(1, 101)]
        pane.show_thread(Thread(KEY, [c("x", "another post's thread")]))
        await pilot.pause(0.1)
        assert [i.comment_id for i in pane.items] == ["x"]


async def test_folds_survive_a_refresh_of_the_same_thread() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 50)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD)
        await pilot.pause()
        pane.focus_first()
        await pilot.press("enter")  # fold comment 1
        refreshed = Thread(
            KEY, THREAD.comments + [c("6", "a new reply under the fold", "1", hours=0.1)]
        )
        pane.show_thread(refreshed)  # the worker brought a fresh copy
        await pilot.pause()
        assert [i.comment_id for i in pane.items if i.display] == ["1", "5"]
        pane.show_thread(Thread("/another.html", THREAD.comments))  # another post: nothing folded
        await pilot.pause()
        assert len([i for i in pane.items if i.display]) == 5
