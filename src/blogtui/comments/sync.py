"""The sync engine: bring the store up to date with the server, then post the outbox.

1. Ask the counts of all threads in one request (``backend.counts``).
2. Refetch only threads whose count changed, whose last sync is stale (edits do not change a
   count), synced while their newest comment could still be edited (once the edit window has closed), that failed last time, that have replies waiting, or all of them with ``force``
   (a backend without counts gets a conditional fetch of every thread). Each fetched thread
   replaces the stored copy in one transaction; a failure is recorded per thread and the stored
   comments stay.
3. Post the outbox, exactly once per reply: the draft is marked "sending" durably *before* the
   POST; if the outcome is unknown (timeout, connection dropped, 5xx, or a crash mid-send) the
   thread is fetched and searched for the reply before any retry. A refused reply is kept with
   the server's reason.

Bounded concurrency (a semaphore), timeouts (the backend's client), retries with exponential
backoff and jitter for connection errors, 5xx and 429 (honouring Retry-After), never for other
4xx. When the server turns out to be unreachable the rest of the run stops asking it.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from blogtui.comments.backend import BackendError, CommentBackend
from blogtui.comments.model import Comment, Draft, DraftState, NotModified, Thread, ThreadRef
from blogtui.comments.sanitize import clean_line, clean_text
from blogtui.comments.store import CommentStore

T = TypeVar("T")

#: progress(done, total, key): called after each thread is checked
ProgressFn = Callable[[int, int, str], None]


@dataclass(slots=True)
class SyncPolicy:
    concurrency: int = 4
    retries: int = 3  # extra attempts after the first, per request
    backoff: float = 0.5  # seconds; doubles each attempt, with jitter
    max_backoff: float = 20.0
    max_retry_after: float = 60.0  # a longer Retry-After gives up for this run instead of waiting
    stale_after: timedelta = timedelta(hours=6)  # refetch even with an unchanged count (edits)
    #: commenters may edit for this long after posting (Isso's default max-age): a thread synced
    #: while its newest comment could still be edited is refetched once that window has closed
    edit_window: timedelta = timedelta(minutes=15)
    clock_skew: timedelta = timedelta(minutes=10)  # tolerance when matching our own reply by time
    lease: timedelta = timedelta(minutes=5)  # how long a claimed reply is left alone by other syncs


@dataclass(slots=True)
class SyncReport:
    """What one sync did; ``ok`` decides the exit code of ``blogtui sync``."""

    threads: int = 0  # threads looked at
    fetched: int = 0  # threads downloaded and stored
    unchanged: int = 0  # skipped: same count and fresh, or NotModified
    failed: dict[str, str] = field(default_factory=dict)  # thread key -> reason
    posted: list[Draft] = field(default_factory=list)
    unsent: list[Draft] = field(default_factory=list)  # still in the outbox (with .error)
    error: str = ""  # a failure that stopped the run (server unreachable, counts refused)
    seconds: float = 0.0
    warnings: list[str] = field(
        default_factory=list
    )  # "key: message" from Thread.warnings (not failures)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unsent and not self.error


def _now() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    def __init__(
        self,
        backend: CommentBackend,
        store: CommentStore,
        policy: SyncPolicy | None = None,
        *,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], datetime] = _now,
    ):
        self.backend = backend
        self.store = store
        self.policy = policy or SyncPolicy()
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.clock = clock
        self._unreachable = ""  # set when the server is gone: later requests are not attempted

    # -- retries -------------------------------------------------------------------------------

    def delay(self, attempt: int, error: BackendError) -> float | None:
        """Seconds before retry number ``attempt`` (0-based); None to give up now."""
        if error.retry_after is not None:
            if error.retry_after > self.policy.max_retry_after:
                return None
            return error.retry_after + self.rng.uniform(0, 0.1 * self.policy.backoff)
        ceiling = min(self.policy.max_backoff, self.policy.backoff * 2**attempt)
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            if self._unreachable:
                raise BackendError("offline", self._unreachable)
            try:
                return await call()
            except BackendError as exc:
                wait = (
                    self.delay(attempt, exc)
                    if exc.retryable and attempt < self.policy.retries
                    else None
                )
                if wait is None:
                    if exc.kind in (
                        "offline",
                        "rate-limited",
                    ):  # gone, or told us to wait: stop asking
                        self._unreachable = exc.message
                    raise
                attempt += 1
                await self.sleep(wait)

    # -- the whole blog ------------------------------------------------------------------------

    async def sync(
        self,
        refs: list[ThreadRef],
        *,
        force: bool = False,
        progress: ProgressFn | None = None,
        post: bool = True,
    ) -> SyncReport:
        """Sync every thread in ``refs`` and post the outbox. Never raises BackendError."""
        started = time.perf_counter()
        self._unreachable = ""
        report = SyncReport(threads=len(refs))
        by_key = {r.key: r for r in refs}
        waiting = self.store.drafts() if post else []
        draft_threads = {d.thread for d in waiting if d.state != DraftState.REJECTED}
        counts: dict[str, int] | None
        try:
            counts = await self._retrying(lambda: self.backend.counts(refs))
        except BackendError as exc:
            if exc.kind not in (
                "offline",
                "timeout",
            ):  # 431, garbage: check thread by thread instead
                counts = None
            else:
                report.error = exc.message
                report.unsent = waiting
                for d in waiting:
                    if d.state != DraftState.REJECTED:
                        d.error = exc.message  # say why it is still waiting
                        self.store.update_draft(d)
                report.seconds = time.perf_counter() - started
                return report
        states = self.store.states()
        stored_counts = self.store.counts()
        newest = self.store.newest()
        now = self.clock()
        stale_before = now - self.policy.stale_after
        todo: list[ThreadRef] = []
        for ref in by_key.values():
            st = states.get(ref.key)
            remote = counts.get(ref.key) if counts is not None else None
            fresh = (
                st is not None
                and st.synced_at is not None
                and st.synced_at > stale_before
                and not st.error
            )
            young = newest.get(ref.key)
            if (
                fresh
                and young is not None
                and st.synced_at < young + self.policy.edit_window <= now
            ):  # type: ignore[union-attr, operator]
                fresh = False  # synced while an edit was still possible: take the final version
            if force or counts is None or ref.key in draft_threads:
                todo.append(ref)
            elif remote == 0 and not stored_counts.get(ref.key) and (st is None or not st.error):
                if st is None or st.count != 0:  # nothing there: no request, one row the first time
                    self.store.mark_unchanged(ref.key, count=0, when=now)
                report.unchanged += 1
            elif fresh and st is not None and st.count == remote:
                report.unchanged += 1
            else:
                todo.append(ref)
        done = report.unchanged
        if progress:
            progress(done, len(by_key), "")
        sem = asyncio.Semaphore(max(1, self.policy.concurrency))

        async def one(ref: ThreadRef) -> None:
            nonlocal done
            async with sem:
                await self._fetch_into_store(
                    ref, report, count=counts.get(ref.key) if counts else None
                )
            done += 1
            if progress:
                progress(done, len(by_key), ref.key)

        await asyncio.gather(*(one(r) for r in todo))
        if post and waiting:
            await self._flush(waiting, by_key, report)
        report.error = report.error or self._unreachable
        report.seconds = time.perf_counter() - started
        return report

    async def sync_thread(self, ref: ThreadRef, *, post: bool = True) -> SyncReport:
        """Fetch one thread now (the reader's refresh) and post its waiting replies."""
        started = time.perf_counter()
        self._unreachable = ""
        report = SyncReport(threads=1)
        await self._fetch_into_store(ref, report, count=None)
        if post:
            waiting = self.store.drafts(ref.key)
            if waiting:
                await self._flush(waiting, {ref.key: ref}, report)
        report.error = report.error or self._unreachable
        report.seconds = time.perf_counter() - started
        return report

    async def _fetch_into_store(
        self, ref: ThreadRef, report: SyncReport, *, count: int | None
    ) -> Thread | None:
        st = self.store.state(ref.key)
        try:
            result = await self._retrying(
                lambda: self.backend.fetch_thread(ref, etag=st.etag if st else None)
            )
        except BackendError as exc:
            report.failed[ref.key] = exc.message
            self.store.record_error(ref.key, exc.message, when=self.clock())
            return None
        if isinstance(result, NotModified):
            self.store.mark_unchanged(ref.key, count=count, etag=result.etag, when=self.clock())
            report.unchanged += 1
            return None
        if count is None:
            count = sum(1 for c in result.comments if not c.deleted and not c.pending)
        self.store.replace_thread(result, count=count, source=self.backend.name, when=self.clock())
        report.fetched += 1
        report.warnings.extend(f"{ref.key}: {w}" for w in getattr(result, "warnings", ()))
        return result

    # -- the outbox ----------------------------------------------------------------------------

    async def _flush(
        self, drafts: list[Draft], refs: dict[str, ThreadRef], report: SyncReport
    ) -> None:
        """Post waiting replies, one thread after another, oldest first within a thread."""
        refetch: set[str] = set()
        for draft in drafts:
            ref = refs.get(draft.thread) or ThreadRef(key=draft.thread, title=draft.title)
            if draft.state == DraftState.REJECTED:
                report.unsent.append(draft)  # waits for the user to edit it
                continue
            if await self._deliver(ref, draft):
                report.posted.append(draft)
                refetch.add(draft.thread)
            else:
                report.unsent.append(draft)
        for key in refetch:  # show our replies as the server has them (best effort)
            await self._fetch_into_store(
                refs.get(key) or ThreadRef(key=key), SyncReport(), count=None
            )

    async def _deliver(self, ref: ThreadRef, draft: Draft) -> bool:
        """Post one draft exactly once. True when the server has it."""
        for attempt in range(self.policy.retries + 1):
            if self._unreachable:
                draft.error = self._unreachable
                self.store.update_draft(draft)
                return False
            was = draft.state
            if not self.store.claim_draft(
                draft, lease=self.policy.lease.total_seconds(), now=self.clock()
            ):
                fresh = self.store.draft(draft.id) if draft.id is not None else None
                if fresh is not None and fresh.state == DraftState.SENT:
                    return True  # another sync posted it meanwhile
                draft.error = "another sync is sending this reply (or it was edited meanwhile)"
                return False
            # The draft is ours and marked "sending" (durably) before anything goes out.
            if was in (DraftState.SENDING, DraftState.UNKNOWN):
                # We may have posted it already: look before posting again.
                try:
                    thread = await self._retrying(lambda: self.backend.fetch_thread(ref))
                except BackendError as exc:
                    draft.state, draft.error = (
                        DraftState.UNKNOWN,
                        f"not sure it was posted; will check again ({exc.message})",
                    )
                    self.store.update_draft(draft)
                    return False
                if isinstance(thread, Thread):
                    found = self.find_posted(thread, draft)
                    if found is not None:
                        draft.state, draft.remote_id, draft.error = DraftState.SENT, found.id, ""
                        self.store.update_draft(draft)
                        return True
            try:
                comment = await self.backend.post_comment(ref, draft)
            except BackendError as exc:
                draft.error = exc.message
                if exc.kind in ("rejected", "config"):
                    draft.state = DraftState.REJECTED
                    self.store.update_draft(draft)
                    return False
                # offline / 429: it never got in; anything else: it might have
                draft.state = (
                    DraftState.PENDING
                    if exc.kind in ("offline", "rate-limited")
                    else DraftState.UNKNOWN
                )
                self.store.update_draft(draft)
                wait = self.delay(attempt, exc) if attempt < self.policy.retries else None
                if exc.kind == "offline" and wait is None:
                    self._unreachable = exc.message
                if wait is None:
                    return False
                await self.sleep(wait)
                continue
            draft.state, draft.remote_id, draft.error = DraftState.SENT, comment.id, ""
            self.store.update_draft(draft)
            return True
        return False

    def find_posted(self, thread: Thread, draft: Draft) -> Comment | None:
        """Our reply in the server's thread, if it got there: the nonce, or the same text and
        author under the same parent, created after we first sent it, not already claimed."""
        finder = getattr(self.backend, "find_posted", None)
        if callable(finder):
            return finder(thread, draft)
        claimed = self.store.claimed_ids(draft.thread)
        sent = self.store.sent_at(draft.id) if draft.id is not None else None
        since = (sent or draft.created or datetime.min.replace(tzinfo=UTC)) - self.policy.clock_skew
        text = clean_text(draft.text)
        author = clean_line(draft.author)
        parents = {draft.parent}
        if draft.parent is not None:  # Isso files a reply to a reply under the top-level comment
            parent = next((c for c in thread.comments if c.id == draft.parent), None)
            if parent is not None and parent.parent is not None:
                parents.add(parent.parent)
        for c in sorted(thread.comments, key=lambda c: c.created):
            if c.id in claimed or c.created < since:
                continue
            if draft.nonce and draft.nonce in c.text:
                return c
            if c.text == text and c.parent in parents and (not author or c.author == author):
                return c
        return None
