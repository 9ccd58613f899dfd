"""The reader's comments flow: the open post's thread under it, synced in workers, replies offline.

``CommentsFlow`` is an object the reader screen holds (``screen.comments``); the screen composes
the CommentsPane (id ``comments``), routes the pane's and the workers' messages here, and calls
``open(post)`` when a post opens. The flow owns:

- the stored thread, shown at once, then that thread synced in a worker (``R`` again);
- the pane's layout (``c``: normal → maximised → hidden; the screen's reactive
  ``comments_layout``, remembered while the app runs in ``ReaderServices.memory``);
- replies (``ReplyFlow``, blogtui.tui.screens.reader_replies: the reply editor, recovery copies,
  editing or discarding a waiting reply);
- a background sync (every ``[comments] sync_interval`` seconds, default 300, and every 30 s
  while offline or while replies wait, so they go out soon after the connection returns) that
  posts the outbox and updates the post list's counts and "new" marks: input never waits for
  the network.

The workers call the core (blogtui.comments.service) and post messages; they never change the
flow's state. The handlers (``loaded``, ``counts``, ``background_synced``), on the event loop, do.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message

from blogtui.blog.index import Index
from blogtui.blog.post import Post
from blogtui.blog.recovery import read_kept
from blogtui.comments.model import Thread, ThreadRef
from blogtui.comments.sanitize import clean_line
from blogtui.comments.service import CommentsService, ThreadView, ref_for
from blogtui.tui.screens.reader_replies import ReplyFlow
from blogtui.tui.services import LAYOUTS, CommentsLayout, ReaderServices
from blogtui.tui.widgets.comments import CommentsPane, CommentsStatus
from blogtui.tui.widgets.postlist import PostList

if TYPE_CHECKING:  # the sync engine: imported when first used
    from blogtui.comments.sync import Connection, SyncReport
    from blogtui.tui.screens.reader import ReaderScreen

SYNC_INTERVAL = 300.0  # seconds between background syncs (config: [comments] sync_interval)
RETRY_INTERVAL = 30.0  # while offline or with replies waiting: how often to try again
BACKGROUND_GROUP = "comments-background"

#: what ``c`` says for each layout
LAYOUT_NOTES: dict[CommentsLayout, str] = {
    "normal": "Comments under the post",
    "max": "Comments maximised",
    "hidden": "Comments hidden (c shows them)",
}


class CommentsLoaded(Message):
    """A worker read a thread from the store (``connection``: the server's answer after a sync;
    None: the stored copy only)."""

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
    """The post list's comment counts and "new" marks, read from the store."""

    def __init__(self, counts: dict[str, int], new: dict[str, int] | None = None) -> None:
        super().__init__()
        self.counts = counts
        self.new = new


class BackgroundSynced(Message):
    """A background sync of every thread ended (``waiting``: in the outbox, of which refused)."""

    def __init__(self, report: SyncReport, waiting: tuple[int, int]) -> None:
        super().__init__()
        self.report = report
        self.waiting = waiting


def sync_interval(value: object) -> float:
    """``[comments] sync_interval`` in seconds (the default when it is not a number)."""
    try:
        return float(value) if value is not None else SYNC_INTERVAL  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return SYNC_INTERVAL


class CommentsFlow:
    """The comments of the open post, around the reader's CommentsPane."""

    def __init__(
        self,
        screen: ReaderScreen,
        services: ReaderServices,
        index: Callable[[], Index | None],
    ) -> None:
        self.screen = screen
        self.services = services
        self._index = index  # the reader's index now (None: still loading)
        self.service: CommentsService = services.comments_service()
        self.replies = ReplyFlow(screen, services, self)
        # state changed only on the event loop, by the handlers below
        self.ref: ThreadRef | None = None  # the open post's thread
        self.last_read: dict[str, datetime | None] = {}  # thread key -> last_read when opened
        self.connection: Connection | None = None  # what the last sync found; None: no sync yet
        self.waiting_to_send = 0  # replies in the outbox that a sync would try to send
        self.last_background = 0.0  # time.monotonic() of the last background sync
        self.interval = SYNC_INTERVAL

    @property
    def pane(self) -> CommentsPane:
        return self.screen.query_one(CommentsPane)

    # -- background sync -------------------------------------------------------------------

    def mount(self) -> None:
        """The screen is mounted: the pane's first status, the background sync's timers."""
        screen = self.screen
        if not self.service.configured:
            for pane in screen.query(CommentsPane):
                pane.set_status(CommentsStatus("not-configured"))
            return
        interval = sync_interval(self.service.conf.get("sync_interval"))
        if interval <= 0:
            return  # switched off in config
        self.interval = interval
        screen.set_timer(min(3.0, interval), self.background_tick)
        screen.set_interval(min(RETRY_INTERVAL, interval), self.background_tick)

    def unmount(self) -> None:
        self.service.stop()  # running syncs end now: quitting never waits for a server

    def background_tick(self) -> None:
        """Sync now if it is time: every interval, or sooner while offline or replies wait."""
        index = self._index()
        if index is None:
            return  # the blog is still being indexed
        due = time.monotonic() - self.last_background >= self.interval - 0.05
        workers = self.screen.workers
        if any(w.group == BACKGROUND_GROUP and not w.is_finished for w in workers):
            return  # one at a time; a slow server is not asked twice
        state = self.connection.state if self.connection else "unknown"
        if due or state != "online" or self.waiting_to_send:
            self.last_background = time.monotonic()
            refs = [ref_for(p) for p in index.posts]
            # a description: without one Textual makes it from repr() of every ThreadRef
            self.screen.run_worker(
                partial(self._background_sync, refs),
                thread=True,
                group=BACKGROUND_GROUP,
                exit_on_error=False,
                description="syncing comments",
            )

    def _background_sync(self, refs: Sequence[ThreadRef]) -> None:
        """In a thread: sync every thread, post the outbox; the report goes back as messages."""
        service = self.service
        report = service.sync_all(list(refs))
        try:
            waiting = service.waiting()
            marks = service.post_list_marks()
        except Exception:  # the store: the pane says so on its next load
            waiting, marks = (0, 0), ({}, {})
        self.screen.post_message(BackgroundSynced(report, waiting))
        self.screen.post_message(CommentCounts(*marks))

    def background_synced(self, event: BackgroundSynced) -> None:
        report = event.report
        if not report.error.startswith("stopped: "):
            self.connection = report.connection
        self.waiting_to_send = event.waiting[0] - event.waiting[1]
        if report.posted:
            n = len(report.posted)
            self.screen.notify(
                f"{n} repl{'y' if n == 1 else 'ies'} from the outbox posted.", timeout=4
            )
        if self.ref is not None:  # show what the sync brought, from the store
            self.reload(self.ref)

    # -- the open thread --------------------------------------------------------------------

    def open(self, post: Post) -> None:
        """Show the post's stored comments at once, then sync that thread in a worker."""
        self.ref = ref_for(post)
        self.apply_layout(self.screen.comments_layout)
        if not self.service.configured:
            self.pane.set_status(CommentsStatus("not-configured"))
        self.load(self.ref, sync=self.service.configured, opened=True)

    def load(self, ref: ThreadRef, sync: bool = True, opened: bool = False) -> None:
        """The stored copy at once; with ``sync``, then the thread from the server, and the
        list's counts from the store (``R``: after a ``blogtui sync`` elsewhere too)."""
        self.screen.run_worker(
            partial(self._load, ref, sync, opened),
            thread=True,
            exclusive=True,
            group="comments",
            exit_on_error=False,
            description="reading the comments",
        )

    def reload(self, ref: ThreadRef) -> None:
        """Show the stored thread again (after a background sync or a discard); no network, and
        not in the "comments" group, so it never cancels a sync of the open thread."""
        self.screen.run_worker(
            partial(self._reload, ref),
            thread=True,
            group="comments-reload",
            exit_on_error=False,
            description="reading the stored comments",
        )

    def _reload(self, ref: ThreadRef) -> None:
        self.screen.post_message(self._read_stored(ref))

    def _read_stored(
        self, ref: ThreadRef, same: Thread | None = None, **kwargs: Any
    ) -> CommentsLoaded:
        """In a thread: the stored thread as a message, never raising (``same``: unchanged)."""
        service = self.service
        kept = read_kept(self.replies.recovery(ref.key))
        try:
            view = service.load(ref.key, mark_read=kwargs.get("opened", False), thread=same)
            waiting = service.waiting()
        except Exception as exc:  # StoreError, sqlite3 errors: shown, never raised
            return CommentsLoaded(
                ref, ThreadView(thread=Thread(ref.key)), kept=kept, store_error=str(exc), **kwargs
            )
        return CommentsLoaded(ref, view, kept=kept, waiting=waiting, **kwargs)

    def _load(self, ref: ThreadRef, sync: bool, opened: bool) -> None:
        """In a thread: the stored copy, then (``sync``) the server's, each as a message."""
        service, post = self.service, self.screen.post_message
        stored = self._read_stored(ref, opened=opened, sync_next=sync and service.configured)
        post(stored)
        if opened or not sync:
            self._post_counts()
        if not stored.sync_next or stored.store_error:
            return
        try:
            report = service.sync_thread(ref)
        except Exception as exc:  # a bug below (issue 16): the status must not stay "syncing"
            from blogtui.comments.sync import Connection

            why = f"unexpected answer ({type(exc).__name__}: {clean_line(str(exc), limit=80)})"
            post(self._read_stored(ref, connection=Connection("error", why)))
            return
        connection = None if report.error.startswith("stopped: ") else report.connection
        try:
            service.mark_read(ref.key)  # the user is looking at what just arrived
        except Exception:
            pass  # the store: the next read says so
        same = None if report.fetched or report.posted else stored.view.thread
        post(self._read_stored(ref, same, connection=connection))
        self._post_counts()

    def _post_counts(self) -> None:
        try:
            self.screen.post_message(CommentCounts(*self.service.post_list_marks()))
        except Exception:
            pass  # the store cannot be read: the pane says so

    def counts(self, event: CommentCounts) -> None:
        for posts in self.screen.query(PostList):
            posts.set_comment_counts(event.counts, event.new)

    def loaded(self, event: CommentsLoaded) -> None:
        if event.connection is not None:
            self.connection = event.connection
        if not event.store_error:
            self.waiting_to_send = event.waiting[0] - event.waiting[1]
        view = event.view
        if event.opened:  # "new" = since the previous visit; the marks stay while it is open
            self.last_read[event.key] = view.last_read
        last_read = self.last_read.get(event.key, view.last_read)
        if self.ref is None or event.key != self.ref.key:
            return  # another post is open now
        pane = self.pane
        pane.show_thread(view.thread, view.drafts, last_read=last_read, own=view.own)
        pane.set_status(self.status_of(event))
        pane.set_warnings(view.thread.warnings)
        pane.set_kept_reply(event.kept)

    def status_of(self, event: CommentsLoaded) -> CommentsStatus:
        """The status line for what a worker read: the state from the kinds of the errors."""
        service = self.service
        if event.store_error:
            return CommentsStatus("error", message=f"comment store: {event.store_error}")
        if not service.configured:
            return CommentsStatus("not-configured")
        view = event.view
        waiting, refused = event.waiting
        base = dict(source=service.label, local=service.local, waiting=waiting, refused=refused)
        connection = self.connection
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

    def refresh(self) -> None:
        """``R``: ask the server for the open post's thread again."""
        if self.ref is not None:
            self.load(self.ref, sync=self.service.configured)

    # -- layout ---------------------------------------------------------------------------------

    @staticmethod
    def next_layout(layout: CommentsLayout) -> CommentsLayout:
        """``c``: normal → maximised → hidden → normal."""
        return LAYOUTS[(LAYOUTS.index(layout) + 1) % len(LAYOUTS)]

    def layout_changed(self, layout: CommentsLayout) -> None:
        """The screen's ``comments_layout`` changed (``c``): show it, move the focus, say so."""
        self.services.memory.comments_layout = layout  # a new reader screen keeps it
        self.apply_layout(layout)
        screen, pane = self.screen, self.pane
        if layout == "max":
            pane.focus_first()
        elif (
            layout == "hidden"
            and screen.focused is not None
            and pane in screen.focused.ancestors_with_self
        ):
            screen.query_one("#post-view").focus()
        screen.notify(LAYOUT_NOTES[layout], timeout=2)

    def apply_layout(self, layout: CommentsLayout) -> None:
        pane = self.pane
        pane.set_class(layout == "max", "-max")
        pane.set_class(layout == "hidden", "-hidden")
        for view in self.screen.query("#post-view"):
            view.display = layout != "max"
