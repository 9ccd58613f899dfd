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
   the server's reason until the user edits it; a reply held back by the configuration (no
   token, a URL that redirects) is tried again on every sync, so fixing the configuration is
   enough.

Only public posts are asked about by a whole-blog sync: a draft's or an unpublished post's thread
(``ThreadRef.public`` false) is never named to the server, nor are replies on it sent, unless
that one thread is asked for (``sync_thread``).

Bounded concurrency (a semaphore), timeouts (the backend's client), retries with exponential
backoff and jitter for connection errors, 5xx and 429 (honouring Retry-After), never for other
4xx. When the server turns out to be unreachable, too slow or rate-limited, the rest of the run
stops asking it (those threads are "not asked", not "unchanged"). Remote data is never walked
recursively; a thread that cannot be stored (numbers SQLite cannot hold, text that is not valid
Unicode) is that thread's error, and the rest goes on.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from blogtui.comments.backend import BackendError, CommentBackend
from blogtui.comments.model import Comment, Draft, DraftState, NotModified, Thread, ThreadRef
from blogtui.comments.sanitize import clean_line, clean_text
from blogtui.comments.storable import unstorable
from blogtui.comments.store import CommentStore

T = TypeVar("T")

#: progress(done, total, key): called after each thread is checked
ProgressFn = Callable[[int, int, str], None]
#: kinds after which the rest of a run stops asking the server
STOP_KINDS = ("offline", "slow", "rate-limited")
#: a refused reply's message ends with what to do about it
EDIT_HINT = "edit it with r to send it again"


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

    @classmethod
    def from_settings(cls, conf: Mapping[str, object], *, interactive: bool) -> SyncPolicy:
        """The policy of ``[comments]`` in config.toml: its ``concurrency`` (1-32, else 4) for
        every sync; a sync the reader runs while the user waits (``interactive``) retries a
        failed request once instead of three times, so a dead server is reported in seconds."""
        from blogtui.comments.http import concurrency_setting  # httpx: not before it is needed

        return cls(concurrency=concurrency_setting(conf), retries=1 if interactive else 3)


@dataclass(frozen=True, slots=True)
class Connection:
    """What a sync found out about the server, from the kinds of its errors (not their words).

    ``state``: "online" (every request answered), "offline" (unreachable, no answer in time),
    "rate-limited" (reachable, but it asks us to wait ``until``), "error" (it answered with
    something unusable: a server error, garbage, a refusal of a thread)."""

    state: str
    message: str = ""
    until: datetime | None = None  # rate-limited: when the server takes requests again


@dataclass(slots=True)
class SyncReport:
    """What one sync did; ``ok`` decides the exit code of ``blogtui sync``.

    ``threads`` are the threads this run was to ask about (public posts; ``private`` more were
    left out as drafts or unpublished); ``fetched + unchanged + len(failed) + not_asked`` always
    adds up to ``threads``."""

    threads: int = 0  # threads to ask about
    fetched: int = 0  # threads downloaded and stored
    unchanged: int = 0  # the server says nothing changed: same count and fresh, or NotModified
    failed: dict[str, str] = field(default_factory=dict)  # thread key -> reason
    posted: list[Draft] = field(default_factory=list)
    unsent: list[Draft] = field(default_factory=list)  # still in the outbox (with .error)
    error: str = ""  # a failure that stopped the run (server unreachable, counts refused)
    seconds: float = 0.0
    warnings: list[str] = field(
        default_factory=list
    )  # "key: message" from Thread.warnings (not failures)
    not_asked: int = 0  # threads never asked about: the run stopped first (see ``error``)
    private: int = 0  # drafts and unpublished posts left out of a whole-blog sync
    new_comments: int = 0  # comments stored this run that were not in the store before
    error_kind: str = ""  # BackendError.kind of ``error``
    failed_kinds: dict[str, str] = field(default_factory=dict)  # thread key -> BackendError.kind
    retry_at: datetime | None = None  # rate-limited: when the server takes requests again

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unsent and not self.error

    @property
    def connection(self) -> Connection:
        """The server's state for the status line, from the kinds of what went wrong."""
        kinds = [self.error_kind] if self.error_kind else []
        kinds += list(self.failed_kinds.values())
        message = self.error or next(iter(self.failed.values()), "")
        if "rate-limited" in kinds:
            return Connection("rate-limited", message, self.retry_at)
        if any(k in ("offline", "timeout", "slow") for k in kinds):
            return Connection("offline", message)
        if kinds or message:
            return Connection("error", message)
        return Connection("online")

    def stopped_by(self, exc: BackendError, when: datetime) -> None:
        """The run stopped asking because of ``exc``: say so once, with its kind."""
        if not self.error:
            self.error, self.error_kind = exc.message, exc.kind
        if exc.kind == "rate-limited" and exc.retry_after is not None:
            self.retry_at = when + timedelta(seconds=exc.retry_after)


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
        #: set when the server is gone (or too slow, or asks us to wait): later requests are not
        #: attempted in this run
        self._stopped: BackendError | None = None

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
            if self._stopped is not None:
                raise self._stopped
            try:
                return await call()
            except RecursionError:  # a backend walked hostile data too deep: that answer's fault
                raise BackendError("server", "unexpected answer (nested too deep)") from None
            except BackendError as exc:
                wait = (
                    self.delay(attempt, exc)
                    if exc.retryable and attempt < self.policy.retries
                    else None
                )
                if wait is None:
                    if exc.kind in STOP_KINDS:  # gone, too slow, or told us to wait: stop asking
                        self._stopped = exc
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
        """Sync every public thread in ``refs`` and post the outbox. Never raises BackendError.

        Drafts and unpublished posts (``ref.public`` false) are left out: nothing about them is
        sent, and replies on them wait until that thread is asked for (``sync_thread``)."""
        started = time.perf_counter()
        self._stopped = None
        by_key: dict[str, ThreadRef] = {}
        for r in refs:
            if r.public or r.key not in by_key:  # a public post sharing a key makes it public
                by_key[r.key] = r
        private = {k for k, r in by_key.items() if not r.public}
        for k in private:
            del by_key[k]
        public = list(by_key.values())
        report = SyncReport(threads=len(public), private=len(private))
        waiting = self.store.drafts() if post else []
        held = [d for d in waiting if d.thread in private]
        waiting = [d for d in waiting if d.thread not in private]
        for d in held:
            self._hold_private(d, report)
        draft_threads = {d.thread for d in waiting if d.state != DraftState.REJECTED}
        counts: dict[str, int] | None
        try:
            counts = await self._retrying(lambda: self.backend.counts(public))
        except BackendError as exc:
            if exc.kind in (*STOP_KINDS, "timeout", "config"):  # it cannot be asked now
                report.stopped_by(exc, self.clock())
                report.not_asked = len(public)
                for d in waiting:
                    if d.state != DraftState.REJECTED:
                        d.error = not_sent(exc)  # say why it is still waiting
                        self.store.update_draft(d)
                report.unsent = waiting + held
                report.seconds = time.perf_counter() - started
                return report
            counts = None  # 431, garbage: check thread by thread instead
        states = self.store.states()
        stored_counts = self.store.counts()
        newest = self.store.newest()
        now = self.clock()
        stale_before = now - self.policy.stale_after
        todo: list[ThreadRef] = []
        for ref in public:
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
                and st is not None
                and st.synced_at is not None
                and young is not None
                and st.synced_at < young + self.policy.edit_window <= now
            ):
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
            progress(done, len(public), "")
        sem = asyncio.Semaphore(max(1, self.policy.concurrency))

        async def one(ref: ThreadRef) -> None:
            nonlocal done
            async with sem:
                await self._fetch_into_store(
                    ref, report, count=counts.get(ref.key) if counts else None
                )
            done += 1
            if progress:
                progress(done, len(public), ref.key)

        await asyncio.gather(*(one(r) for r in todo))
        if post and waiting:
            await self._flush(waiting, by_key, report)
        report.unsent.extend(held)
        self._finish(report, started)
        return report

    def _hold_private(self, draft: Draft, report: SyncReport) -> None:
        """A reply on a draft or unpublished post: not sent by a whole-blog sync."""
        why = "waiting: the post is a draft or unpublished; refresh it (R) to send this reply"
        if draft.state != DraftState.REJECTED and draft.error != why:
            draft.error = why
            self.store.update_draft(draft)

    async def sync_thread(self, ref: ThreadRef, *, post: bool = True) -> SyncReport:
        """Fetch one thread now (the reader's refresh) and post its waiting replies.

        The one explicit request for a thread: it is asked about even for a draft."""
        started = time.perf_counter()
        self._stopped = None
        report = SyncReport(threads=1)
        await self._fetch_into_store(ref, report, count=None)
        if post:
            waiting = self.store.drafts(ref.key)
            if waiting:
                await self._flush(waiting, {ref.key: ref}, report)
        self._finish(report, started)
        return report

    def _finish(self, report: SyncReport, started: float) -> None:
        if self._stopped is not None:
            report.stopped_by(self._stopped, self.clock())
        if not report.error and not report.failed:
            self.store.mark_synced(self.clock())  # "last synced": only after a sync that worked
        report.seconds = time.perf_counter() - started

    async def _fetch_into_store(
        self, ref: ThreadRef, report: SyncReport, *, count: int | None
    ) -> Thread | None:
        if self._stopped is not None:
            report.not_asked += 1  # the run stopped asking: this thread was not asked about
            return None
        st = self.store.state(ref.key)
        try:
            result = await self._retrying(
                lambda: self.backend.fetch_thread(ref, etag=st.etag if st else None)
            )
            if isinstance(result, Thread):
                problem = unstorable(result)
                if problem:
                    raise BackendError("server", f"thread {ref.key}: unexpected answer ({problem})")
        except BackendError as exc:
            report.failed[ref.key] = exc.message
            report.failed_kinds[ref.key] = exc.kind
            if exc.kind == "rate-limited" and exc.retry_after is not None:
                report.retry_at = self.clock() + timedelta(seconds=exc.retry_after)
            self.store.record_error(ref.key, exc.message, when=self.clock())
            return None
        if isinstance(result, NotModified):
            self.store.mark_unchanged(ref.key, count=count, etag=result.etag, when=self.clock())
            report.unchanged += 1
            return None
        if count is None:
            count = sum(1 for c in result.comments if not c.deleted and not c.pending)
        known = self.store.comment_ids(ref.key)
        self.store.replace_thread(result, count=count, source=self.backend.name, when=self.clock())
        report.fetched += 1
        report.new_comments += sum(
            1 for c in result.comments if c.id not in known and not c.deleted
        )
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
            if self._stopped is not None:
                draft.error = not_sent(self._stopped)
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
                if exc.kind == "rejected":  # the server refused the content: the user edits it
                    draft.state, draft.error = DraftState.REJECTED, f"{exc.message}; {EDIT_HINT}"
                    self.store.update_draft(draft)
                    return False
                draft.error = exc.message
                if exc.kind == "config":  # nothing went out: tried again on every sync
                    draft.state = DraftState.PENDING
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
                if exc.kind in STOP_KINDS and (wait is None or exc.kind == "slow"):
                    self._stopped = exc
                if wait is None or exc.kind == "slow":
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


def not_sent(exc: BackendError) -> str:
    """Why a reply is still waiting after the run stopped asking the server (its own reason,
    not the words of the request that failed: that may have been a fetch)."""
    return f"the reply was not sent: {exc.detail}"
