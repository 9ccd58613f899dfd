"""Comments for the UI, as blocking calls a worker thread can make (no Textual here).

The reader shows the stored copy at once (``load``), then refreshes one thread (``sync_thread``:
its own event loop and HTTP client per call, so any worker thread may call it), and writes
replies to the outbox (``add_reply``) before anything is sent.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from blogtui.comments.backend import BackendError, backend_name, create_backend
from blogtui.comments.model import Draft, DraftState, Thread, ThreadRef

if TYPE_CHECKING:  # SQLite and the sync engine: imported by the first call that needs them (a
    # worker's), so the reader's first paint does not wait for them
    from blogtui.comments.store import CommentStore, SyncState
    from blogtui.comments.sync import Connection, SyncReport


def ref_for(post: Any) -> ThreadRef:
    """The thread of a post (blogtui.blog.post.Post): its thread_key, title, URL path, slug;
    public only when Jekyll would publish the post (not a draft, not unpublished, not future)."""
    return ThreadRef(
        key=post.thread_key,
        title=post.title,
        url=post.url,
        slug=post.slug,
        metadata=dict(post.metadata),
        public=bool(getattr(post, "visible_on_site", True)),
    )


@dataclass(frozen=True, slots=True)
class ReplyDestination:
    """What happens to a reply when the user saves it, for the reply editor's hint.

    ``now``: it is posted at once (after landing in the outbox); else it waits there, and
    ``text`` says until when."""

    now: bool
    text: str


@dataclass(slots=True)
class ThreadView:
    """Everything the comments pane needs for one thread."""

    thread: Thread
    drafts: list[Draft] = field(default_factory=list)
    state: SyncState | None = None
    last_read: datetime | None = None
    last_sync: datetime | None = None
    own: set[str] = field(default_factory=set)  # ids of comments that are our sent replies


class CommentsService:
    def __init__(self, settings: Any, *, site: Any = None):
        self.settings = settings
        self.site = site
        conf = dict(getattr(settings, "comments", {}) or {})
        self.backend_name: str | None = backend_name(
            conf, site
        )  # the site's own _data/comments when unconfigured
        self.conf = conf
        self._store: CommentStore | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        #: what the last sync found out about the server (None: no sync yet)
        self.connection: Connection | None = None

    def stop(self) -> None:
        """The app is closing: running syncs stop at once (their worker threads end, so quitting
        never waits for a slow server). A reply cut off mid-send is "sending" in the outbox and
        is checked against the thread before it is ever sent again, as after a crash."""
        self._stopping.set()

    def _run(self, make: Callable[[], Awaitable[SyncReport]]) -> SyncReport:
        """Run one sync on this thread's own event loop, cancelled when ``stop()`` is called."""
        from blogtui.comments.store import StoreError
        from blogtui.comments.sync import SyncReport

        async def main() -> SyncReport:
            task = asyncio.ensure_future(make())
            while not task.done():
                if self._stopping.is_set():
                    task.cancel()
                    break
                await asyncio.wait({task}, timeout=0.1)
            try:
                return await task
            except asyncio.CancelledError:
                return SyncReport(error="stopped: blogtui is closing")

        if self._stopping.is_set():
            return SyncReport(error="stopped: blogtui is closing")
        try:
            return asyncio.run(main())
        except StoreError as exc:
            return SyncReport(error=str(exc))

    @property
    def configured(self) -> bool:
        return self.backend_name is not None

    @property
    def store(self) -> CommentStore:
        with self._lock:
            if self._store is None:
                from blogtui.comments.store import CommentStore

                self._store = CommentStore.from_settings(self.settings)
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def load(
        self, key: str, *, mark_read: bool = False, thread: Thread | None = None
    ) -> ThreadView:
        """The stored thread and its waiting replies. ``mark_read`` records "read up to now"
        and returns the previous mark, so the "new" marks stay while the thread is open.
        ``thread``: the stored thread as read before, known unchanged (not read again: a
        100,000-comment thread is 50 MB)."""
        store = self.store
        last_read = store.last_read(key)
        if mark_read:
            store.mark_read(key, datetime.now(UTC))
        return ThreadView(
            thread if thread is not None and thread.key == key else store.load_thread(key),
            store.drafts(key),
            store.state(key),
            last_read,
            store.last_good_sync(),
            store.claimed_ids(key),
        )

    def add_reply(self, ref: ThreadRef, text: str, parent: str | None) -> Draft:
        """Put a reply in the outbox (durably, in the data dir) with the configured identity."""
        draft = Draft(
            thread=ref.key,
            text=text,
            parent=parent,
            author=str(self.conf.get("author") or ""),
            email=str(self.conf.get("email") or ""),
            website=str(self.conf.get("website") or ""),
            title=ref.title,
        )
        return self.store.add_draft(draft)

    def discard_reply(self, draft_id: int) -> None:
        """Remove a reply from the outbox: only on the user's explicit, confirmed request, and
        only while it is not (possibly) on the server already."""
        d = self.store.draft(draft_id)
        if d is None:
            return
        if d.state in (DraftState.SENDING, DraftState.UNKNOWN, DraftState.SENT):
            from blogtui.comments.store import StoreError

            raise StoreError("this reply may already be on the server; it cannot be discarded here")
        self.store.discard_draft(draft_id)

    def waiting(self) -> tuple[int, int]:
        """(replies waiting in the outbox, of which refused by the server) for the status line."""
        drafts = self.store.drafts()
        return len(drafts), sum(1 for d in drafts if d.state == DraftState.REJECTED)

    def post_list_marks(self) -> tuple[dict[str, int], dict[str, int]]:
        """(comment count per thread, comments newer than the read mark per thread)."""
        store = self.store
        return store.counts(), store.new_since(store.read_marks())

    def mark_read(self, key: str) -> None:
        self.store.mark_read(key, datetime.now(UTC))

    @property
    def label(self) -> str:
        """Where the comments come from, in words, for the status line."""
        conf = self.conf
        if self.backend_name == "staticman":
            return "comments from the site's _data/comments (no server)"
        if self.backend_name == "github":
            return f"GitHub issues of {conf.get('repo') or '?'}"
        if self.backend_name == "mastodon":
            return "Mastodon replies"
        if self.backend_name == "isso":
            return f"Isso at {conf.get('url') or '?'}"
        return str(self.backend_name or "")

    @property
    def local(self) -> bool:
        """True when the comments live in the site's files: no server, never "offline"."""
        return self.backend_name == "staticman"

    def sync_all(self, refs: list[ThreadRef]) -> SyncReport:
        """The background sync: counts for all posts, refetch what changed, post the outbox.
        Blocking (a worker thread calls it); never raises BackendError."""
        return self._sync(lambda engine: engine.sync(refs))

    def _sync(self, step: Any) -> SyncReport:
        """Run ``step(engine)`` with a fresh backend (closed afterwards); errors become a report."""
        from blogtui.comments.sync import SyncEngine, SyncPolicy, SyncReport

        if self.backend_name is None:
            return SyncReport(error="no comment server configured", error_kind="config")
        try:
            backend = create_backend(self.backend_name, self.conf, site=self.site)
        except BackendError as exc:
            return SyncReport(error=exc.message, error_kind=exc.kind)

        async def go() -> SyncReport:
            try:
                return await step(
                    SyncEngine(
                        backend, self.store, SyncPolicy.from_settings(self.conf, interactive=True)
                    )
                )
            finally:
                await backend.aclose()

        report = self._run(go)
        if not report.error.startswith("stopped: "):
            self.connection = report.connection
        return report

    def reply_destination(self) -> ReplyDestination:
        """Where a reply saved now goes: posted at once, or kept in the outbox (and why)."""
        if self.backend_name is None:
            return ReplyDestination(False, "kept in the outbox (no comment server configured)")
        if self.local:
            return ReplyDestination(True, "written to the site's _data/comments (commit it)")
        token_env = {"github": "GITHUB_TOKEN", "mastodon": "MASTODON_TOKEN"}.get(self.backend_name)
        if token_env and not (self.conf.get("token") or os.environ.get(token_env)):
            return ReplyDestination(
                False, f"kept in the outbox: replying needs a token (set {token_env})"
            )
        state = self.connection.state if self.connection else "online"
        if state == "offline":
            return ReplyDestination(False, "kept in the outbox, sent when the server is back")
        if state == "rate-limited":
            until = self.connection.until if self.connection else None
            when = f" at {until.astimezone().strftime('%H:%M')}" if until else ""
            return ReplyDestination(False, f"kept in the outbox, sent when the server allows{when}")
        return ReplyDestination(True, "posted now (kept in the outbox until the server has it)")

    def edit_reply(self, draft_id: int, text: str) -> Draft:
        """New text for a reply still in the outbox (a refused one goes back to pending)."""
        return self.store.edit_draft(draft_id, text)

    def sync_thread(self, ref: ThreadRef) -> SyncReport:
        """Fetch one thread and post its waiting replies; blocking, never raises BackendError."""
        return self._sync(lambda engine: engine.sync_thread(ref))

    def counts(self) -> dict[str, int]:
        """Stored comment counts per thread key (for the post list)."""
        return self.store.counts()
