"""The reader's comments: the open post's thread under it, refreshed in workers, replies offline.

``CommentsReaderScreen`` is the base of ReaderScreen; the reader only composes a CommentsPane
(id ``comments``) and calls ``comments_open(post)`` when a post opens. Everything else lives here,
so the reader stays small:

- the stored thread is shown at once, then that thread is synced in a worker (``R`` again);
- ``c`` cycles the pane normal → maximised → hidden (remembered while the app runs);
- ``r`` replies (the editor is blogtui.tui.screens.reply), a waiting reply can be edited or
  discarded (``x``, after asking);
- a background sync (every ``[comments] sync_interval`` seconds, default 300, and every 30 s
  while offline or while replies wait, so they go out soon after the connection returns) posts
  the outbox and updates the post list's counts and "new" marks, in a thread worker: input never
  waits for the network.

Workers call the core (blogtui.comments.service) and post messages; handlers update the widgets.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from blogtui.comments.model import Comment, Thread, ThreadRef
from blogtui.comments.sanitize import clean_line
from blogtui.comments.service import CommentsService, ThreadView, ref_for
from blogtui.tui.reply_kept import RECOVERY_DIR, read_kept, recovery_path
from blogtui.tui.widgets.comments import CommentsPane, CommentsStatus
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.workers import TellsFailedWorkers

if TYPE_CHECKING:  # the sync engine and the reply editor: imported when first used
    from blogtui.comments.sync import Connection, SyncReport

__all__ = ["LAYOUTS", "RECOVERY_DIR", "CommentsReaderScreen"]

#: the pane's layouts, in the order ``c`` cycles them
LAYOUTS = ("normal", "max", "hidden")
SYNC_INTERVAL = 300.0  # seconds between background syncs (config: [comments] sync_interval)
RETRY_INTERVAL = 30.0  # while offline or with replies waiting: how often to try again


class CommentsReaderScreen(TellsFailedWorkers, Screen[None]):
    """Base of the reader screen: owns the comments flow around a CommentsPane (id="comments")."""

    BINDINGS = [
        Binding("r", "reply", "Reply", id="reader.reply"),
        Binding(
            "R",
            "refresh_comments",
            "Refresh comments",
            tooltip="Ask the server for this post's comments; the list's counts are read again",
            id="reader.refresh_comments",
        ),
        Binding("c", "cycle_comments", "Comments pane", id="reader.comments"),
    ]

    class CommentsLoaded(Message):
        """A worker read a thread from the store (``synced``: after asking the server, whose
        answer is ``connection``; None: the stored copy only)."""

        def __init__(
            self,
            ref: ThreadRef,
            view: ThreadView,
            *,
            kept: str = "",
            waiting: tuple[int, int] = (0, 0),
            connection: Connection | None = None,
            sync_next: bool = False,
            opened: bool = False,
            store_error: str = "",
        ) -> None:
            super().__init__()
            self.ref = ref
            self.key = ref.key
            self.view = view
            self.kept = kept
            self.waiting = waiting  # (in the outbox, of which refused)
            self.connection = connection
            self.sync_next = sync_next  # the stored copy; a sync of the thread follows
            self.opened = opened
            self.store_error = store_error

    class CommentCounts(Message):
        def __init__(self, counts: dict[str, int], new: dict[str, int] | None = None) -> None:
            super().__init__()
            self.counts = counts
            self.new = new

    class BackgroundSynced(Message):
        def __init__(self, report: SyncReport, waiting: tuple[int, int]) -> None:
            super().__init__()
            self.report = report
            self.waiting = waiting

    _comments_service: CommentsService | None = None
    _comments_ref: ThreadRef | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # state changed only on the event loop, by the message handlers below
        self._comments_last_read: dict[str, Any] = {}  # thread key -> last_read when opened
        self._connection: Connection | None = None  # what the last sync found; None: no sync yet
        self._waiting_to_send = 0  # replies in the outbox that a sync would try to send
        self._last_background = 0.0  # time.monotonic() of the last background sync
        self._sync_interval = SYNC_INTERVAL

    @property
    def comments_layout(self) -> str:
        """normal | max | hidden: kept on the app, so a new reader screen keeps it."""
        return str(getattr(self.app, "comments_layout", "normal"))

    @property
    def comments_service(self) -> CommentsService:
        if self._comments_service is None:
            self._comments_service = CommentsService(
                self.app.settings,  # type: ignore[attr-defined]
                site=getattr(self.app, "site", None),
            )
        return self._comments_service

    def _recovery(self, key: str) -> Path:
        return recovery_path(self.app.settings.data_dir, key)  # type: ignore[attr-defined]

    # -- background sync -------------------------------------------------------------------

    def on_mount(self) -> None:
        service = self.comments_service
        if not service.configured:
            for pane in self.query(CommentsPane):
                pane.set_status(CommentsStatus("not-configured"))
            return
        interval = _interval(service.conf.get("sync_interval"))
        if interval <= 0:
            return  # switched off in config
        self._sync_interval = interval
        self.set_timer(min(3.0, interval), self.comments_background_tick)
        self.set_interval(min(RETRY_INTERVAL, interval), self.comments_background_tick)

    def on_unmount(self) -> None:
        if self._comments_service is not None:
            self._comments_service.stop()  # running syncs end now: quitting never waits for a server

    def comments_background_tick(self) -> None:
        """Sync now if it is time: every interval, or sooner while offline or replies wait."""
        posts = getattr(getattr(self, "index", None), "posts", None)
        if posts is None:
            return  # the blog is still being indexed
        due = time.monotonic() - self._last_background >= self._sync_interval - 0.05
        running = any(w.group == "comments-background" and not w.is_finished for w in self.workers)
        if running:
            return  # one at a time; a slow server is not asked twice
        state = self._connection.state if self._connection else "unknown"
        if due or state != "online" or self._waiting_to_send:
            self._last_background = time.monotonic()
            self.comments_background_sync([ref_for(p) for p in posts])

    # a description: without one Textual makes it from repr() of every ThreadRef (0.3 s on a
    # 10,000-post blog, on the event loop)
    @work(
        thread=True,
        group="comments-background",
        exit_on_error=False,
        description="syncing comments",
    )
    def comments_background_sync(self, refs: list[ThreadRef]) -> None:
        service = self.comments_service
        report = service.sync_all(refs)
        try:
            waiting = service.waiting()
            marks = service.post_list_marks()
        except Exception:  # the store: the pane says so on its next load
            waiting, marks = (0, 0), ({}, {})
        self.post_message(self.BackgroundSynced(report, waiting))
        self.post_message(self.CommentCounts(*marks))

    @on(BackgroundSynced)
    def _background_synced(self, event: BackgroundSynced) -> None:
        report = event.report
        if not report.error.startswith("stopped: "):
            self._connection = report.connection
        self._waiting_to_send = event.waiting[0] - event.waiting[1]
        if report.posted:
            n = len(report.posted)
            self.notify(f"{n} repl{'y' if n == 1 else 'ies'} from the outbox posted.", timeout=4)
        if self._comments_ref is not None:  # show what the sync brought, from the store
            self.reload_comments(self._comments_ref)

    # -- the open thread --------------------------------------------------------------------

    def comments_open(self, post: Any) -> None:
        """Show the post's stored comments at once, then sync that thread in a worker."""
        self._comments_ref = ref_for(post)
        pane = self.query_one(CommentsPane)
        self.comments_apply_layout()
        if not self.comments_service.configured:
            pane.set_status(CommentsStatus("not-configured"))
        self.load_comments(self._comments_ref, sync=self.comments_service.configured, opened=True)

    def _read_stored(
        self, ref: ThreadRef, same: Thread | None = None, **kwargs: Any
    ) -> CommentsLoaded:
        """The stored thread as a message (in a worker), never raising (``same``: unchanged)."""
        service = self.comments_service
        kept = read_kept(self._recovery(ref.key))
        try:
            view = service.load(ref.key, mark_read=kwargs.get("opened", False), thread=same)
            waiting = service.waiting()
        except Exception as exc:  # StoreError, sqlite3 errors: shown, never raised
            return self.CommentsLoaded(
                ref, ThreadView(thread=Thread(ref.key)), kept=kept, store_error=str(exc), **kwargs
            )
        return self.CommentsLoaded(ref, view, kept=kept, waiting=waiting, **kwargs)

    @work(thread=True, exclusive=True, group="comments", exit_on_error=False)
    def load_comments(self, ref: ThreadRef, sync: bool = True, opened: bool = False) -> None:
        """The stored copy at once; with ``sync``, then the thread from the server, and the
        list's counts from the store (``R``: after a ``blogtui sync`` elsewhere too)."""
        service = self.comments_service
        stored = self._read_stored(ref, opened=opened, sync_next=sync and service.configured)
        self.post_message(stored)
        if opened or not sync:
            self._post_counts()
        if not stored.sync_next or stored.store_error:
            return
        try:
            report = service.sync_thread(ref)
        except Exception as exc:  # a bug below (issue 16): the status must not stay "syncing"
            from blogtui.comments.sync import Connection

            why = f"unexpected answer ({type(exc).__name__}: {clean_line(str(exc), limit=80)})"
            self.post_message(self._read_stored(ref, connection=Connection("error", why)))
            return
        connection = None if report.error.startswith("stopped: ") else report.connection
        try:
            service.mark_read(ref.key)  # the user is looking at what just arrived
        except Exception:
            pass  # the store: the next read says so
        same = None if report.fetched or report.posted else stored.view.thread
        self.post_message(self._read_stored(ref, same, connection=connection))
        self._post_counts()

    def _post_counts(self) -> None:
        try:
            self.post_message(self.CommentCounts(*self.comments_service.post_list_marks()))
        except Exception:
            pass  # the store cannot be read: the pane says so

    @work(thread=True, group="comments-reload", exit_on_error=False)
    def reload_comments(self, ref: ThreadRef) -> None:
        """Show the stored thread again (after a background sync or a discard); no network, and
        not in the "comments" group, so it never cancels a sync of the open thread."""
        self.post_message(self._read_stored(ref))

    @on(CommentCounts)
    def _comment_counts(self, event: CommentCounts) -> None:
        for posts in self.query(PostList):
            posts.set_comment_counts(event.counts, event.new)

    @on(CommentsLoaded)
    def _comments_loaded(self, event: CommentsLoaded) -> None:
        if event.connection is not None:
            self._connection = event.connection
        if not event.store_error:
            self._waiting_to_send = event.waiting[0] - event.waiting[1]
        view = event.view
        if event.opened:  # "new" = since the previous visit; the marks stay while it is open
            self._comments_last_read[event.key] = view.last_read
        last_read = self._comments_last_read.get(event.key, view.last_read)
        if self._comments_ref is None or event.key != self._comments_ref.key:
            return  # another post is open now
        pane = self.query_one(CommentsPane)
        pane.show_thread(view.thread, view.drafts, last_read=last_read, own=view.own)
        pane.set_status(self._status_of(event))
        pane.set_warnings(view.thread.warnings)
        pane.set_kept_reply(event.kept)

    def _status_of(self, event: CommentsLoaded) -> CommentsStatus:
        """The status line for what a worker read: the state from the kinds of the errors."""
        service = self.comments_service
        if event.store_error:
            return CommentsStatus("error", message=f"comment store: {event.store_error}")
        if not service.configured:
            return CommentsStatus("not-configured")
        view = event.view
        waiting, refused = event.waiting
        base = dict(source=service.label, local=service.local, waiting=waiting, refused=refused)
        connection = self._connection
        if event.sync_next:
            return CommentsStatus("syncing", view.last_sync, **base)  # type: ignore[arg-type]
        if connection is None:  # nothing asked yet: what the store knows of the last try
            message = view.state.error if view.state else ""
            state = "offline" if message else "online"
            return CommentsStatus(state, view.last_sync, message, **base)  # type: ignore[arg-type]
        return CommentsStatus(
            connection.state,
            view.last_sync,
            connection.message,
            until=connection.until,
            **base,  # type: ignore[arg-type]
        )

    def action_refresh_comments(self) -> None:
        if self._comments_ref is not None:
            self.load_comments(self._comments_ref, sync=self.comments_service.configured)

    @on(CommentsPane.RefreshRequested)
    def _comments_refresh_requested(self, event: CommentsPane.RefreshRequested) -> None:
        event.stop()
        self.action_refresh_comments()

    # -- layout ---------------------------------------------------------------------------------

    def action_cycle_comments(self) -> None:
        """``c``: the comments pane normal → maximised → hidden → normal."""
        layout = LAYOUTS[(LAYOUTS.index(self.comments_layout) + 1) % len(LAYOUTS)]
        self.app.comments_layout = layout  # type: ignore[attr-defined]
        self.comments_apply_layout()
        pane = self.query_one(CommentsPane)
        if layout == "max":
            pane.focus_first()
        elif (
            layout == "hidden"
            and self.focused is not None
            and pane in self.focused.ancestors_with_self
        ):
            self.query_one("#post-view").focus()
        self.notify(
            {
                "normal": "Comments under the post",
                "max": "Comments maximised",
                "hidden": "Comments hidden (c shows them)",
            }[layout],
            timeout=2,
        )

    def comments_apply_layout(self) -> None:
        pane = self.query_one(CommentsPane)
        layout = self.comments_layout
        pane.set_class(layout == "max", "-max")
        pane.set_class(layout == "hidden", "-hidden")
        for view in self.query("#post-view"):
            view.display = layout != "max"

    # -- replies ----------------------------------------------------------------------------------

    def action_reply(self) -> None:
        """Reply to the selected comment when the comments have focus, else to the post."""
        pane = self.query_one(CommentsPane)
        self.open_reply_editor(pane.selected_id if pane.selected is not None else None)

    @on(CommentsPane.ReplyRequested)
    def _comments_reply_requested(self, event: CommentsPane.ReplyRequested) -> None:
        event.stop()
        self.open_reply_editor(event.parent_id)

    @on(CommentsPane.EditDraftRequested)
    def _comments_edit_requested(self, event: CommentsPane.EditDraftRequested) -> None:
        event.stop()
        draft = event.draft
        ref = self._comments_ref
        if ref is None or draft.id is None:
            return
        heading = Text("Edit your reply", style="bold")
        if draft.error:
            heading.append(f" (refused: {clean_line(draft.error, limit=120)})", style="red")
        draft_id = draft.id
        service = self.comments_service

        def save(text: str) -> None:  # in a thread, before the editor closes (a failure keeps it)
            service.edit_reply(draft_id, text)

        def done(text: str | None) -> None:
            if text:
                self.load_comments(ref, True)

        self._open_reply_screen(
            heading, self._edit_recovery(draft_id), draft.text, save, done, editing=True
        )

    def _edit_recovery(self, draft_id: int) -> Path:
        return Path(self.app.settings.data_dir) / f"reply-edit-{draft_id}.md"  # type: ignore[attr-defined]

    @work(group="reply-open", exclusive=True, exit_on_error=False)
    async def _open_reply_screen(
        self,
        heading: Text,
        recovery: Path,
        text: str,
        save: Any,
        done: Any,
        *,
        editing: bool = False,
    ) -> None:
        """Open the reply editor with the text kept from an earlier, cancelled try (read in a
        thread: a slow disk never freezes the app), else ``text``."""
        from blogtui.tui.screens.reply import ReplyScreen

        kept = await asyncio.to_thread(read_kept, recovery)
        editor = getattr(self.app.settings, "editor", None)  # type: ignore[attr-defined]
        destination = self.comments_service.reply_destination().text
        self.app.push_screen(
            ReplyScreen(
                heading,
                kept or text,
                recovery,
                editor,
                editing=editing,
                save=save,
                destination=destination,
            ),
            done,
        )

    @on(CommentsPane.DiscardDraftRequested)
    def _comments_discard_requested(self, event: CommentsPane.DiscardDraftRequested) -> None:
        event.stop()
        from blogtui.tui.screens.choice import Confirm

        draft, ref = event.draft, self._comments_ref
        if ref is None or draft.id is None:
            return
        draft_id = draft.id
        question = Text("Discard this reply? It has not been posted and cannot be recovered.\n\n")
        question.append(clean_line(draft.text, limit=200), style="italic")

        def answer(choice: str | None) -> None:
            if choice == "yes":
                self.discard_reply(ref, draft_id)

        self.app.push_screen(Confirm(question, yes="Discard", no="Keep"), answer)

    @work(thread=True, group="comments-outbox", exit_on_error=False)
    def discard_reply(self, ref: ThreadRef, draft_id: int) -> None:
        try:
            self.comments_service.discard_reply(draft_id)
        except Exception as exc:
            self.app.call_from_thread(
                self.notify,
                f"Could not discard the reply: {clean_line(str(exc), limit=120)}",
                severity="error",
                markup=False,
            )
            return
        try:
            self._edit_recovery(draft_id).unlink(missing_ok=True)
        except OSError:
            pass  # the reply is gone; a stale copy of an edit is only offered again
        self.app.call_from_thread(self.notify, "Reply discarded.", timeout=3)
        self.app.call_from_thread(self.reload_comments, ref)

    def open_reply_editor(self, parent_id: str | None) -> None:
        ref = self._comments_ref
        if ref is None:
            return
        service = self.comments_service
        if not service.configured:
            self.notify(
                "No comment server configured: add [comments] backend and url to config.toml.",
                severity="warning",
                markup=False,
            )
            return
        heading = reply_heading(
            self.query_one(CommentsPane).comment(parent_id) if parent_id else None,
            parent_id,
            clean_line(ref.title) or ref.key,
        )

        def save(text: str) -> None:  # in a thread, before the editor closes (a failure keeps it)
            service.add_reply(ref, text, parent_id)

        def done(text: str | None) -> None:
            if text:
                where = service.reply_destination()
                said = "posting it now" if where.now else where.text
                self.notify(f"Reply saved: {said}.", timeout=3, markup=False)
                self.load_comments(ref, True)
            else:
                self.reload_comments(ref)  # shows the kept text under the thread (read in a thread)

        self._open_reply_screen(heading, self._recovery(ref.key), "", save, done)


def reply_heading(parent: Comment | None, parent_id: str | None, post: str) -> Text:
    """The reply box's title: whom it answers, quoted ("Reply to Ann: Great roadmap…"), never
    a server's id; the post's title for a reply to the post."""
    heading = Text("Reply to ", style="bold")
    if parent is None:
        return heading.append(post if parent_id is None else "a comment")
    if parent.deleted:
        return heading.append("a deleted comment")
    heading.append(clean_line(parent.author) or "anonymous")
    first = next((ln for ln in parent.text.splitlines() if ln.strip()), "")
    if first.strip():
        heading.append(f": {clean_line(first, limit=60)}", style="italic")
    return heading


def _interval(value: object) -> float:
    try:
        return float(value) if value is not None else SYNC_INTERVAL  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return SYNC_INTERVAL
