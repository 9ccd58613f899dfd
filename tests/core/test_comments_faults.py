"""A server that misbehaves: each fault gives a clear status, stored comments stay, nothing raises."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.support.fault_server import CLOSE, HANG, FaultServer, Reply, Request

from blogtui.comments.backend import BackendError
from blogtui.comments.isso import IssoBackend
from blogtui.comments.model import Comment, Draft, DraftState, Thread, ThreadRef
from blogtui.comments.store import CommentStore
from blogtui.comments.sync import SyncEngine, SyncPolicy

FAST = SyncPolicy(retries=2, backoff=0.01, max_backoff=0.02)
KEY = "/a.html"
GOOD = {
    "id": None,
    "total_replies": 1,
    "hidden_replies": 0,
    "replies": [
        {
            "id": 9,
            "parent": None,
            "created": 1700000000.5,
            "modified": None,
            "mode": 1,
            "text": "fresh from the server",
            "author": "Zed",
            "website": None,
            "likes": 0,
            "dislikes": 0,
            "hash": "x",
            "total_replies": 0,
            "hidden_replies": 0,
            "replies": [],
        }
    ],
}


def isso_like(thread_reply: Callable[[Request], Reply | str]) -> Callable[[Request], Reply | str]:
    """Counts answered properly (the thread looks changed), the thread GET misbehaves."""

    def handler(req: Request) -> Reply | str:
        if req.method == "POST" and req.path == "/count":
            return Reply.json([5 for _ in req.json()])
        return thread_reply(req)

    return handler


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CommentStore]:
    with CommentStore(tmp_path / "cache", tmp_path / "data") as s:
        old = Comment(
            id="1",
            thread=KEY,
            parent=None,
            author="Ann",
            text="stored earlier",
            created=datetime(2025, 1, 1, tzinfo=UTC),
        )
        s.replace_thread(Thread(KEY, [old]), count=1)
        yield s


async def run_sync(
    server: FaultServer,
    store: CommentStore,
    *,
    timeout: float = 1.0,
    refs: list[ThreadRef] | None = None,
):  # type: ignore[no-untyped-def]
    backend = IssoBackend(server.url, timeout=timeout)
    try:
        return await SyncEngine(backend, store, FAST).sync(refs or [ThreadRef(KEY)])
    finally:
        await backend.aclose()


FAULTS = [
    (
        "malformed JSON",
        lambda r: Reply(200, b'{"replies": [{"id": 1,', {"Content-Type": "application/json"}),
        "not valid JSON",
    ),
    (
        "wrong types",
        lambda r: Reply.json({"replies": [{"id": "one", "created": "yesterday", "text": 42}]}),
        "without a valid id or date",
    ),
    ("replies not a list", lambda r: Reply.json({"replies": "none"}), "no list of replies"),
    ("missing fields", lambda r: Reply.json({"total_replies": 3}), "no list of replies"),
    ("a list instead of an object", lambda r: Reply.json([1, 2, 3]), "no list of replies"),
    (
        "5 MB response",
        lambda r: Reply(
            200,
            b'{"replies": [' + b" " * (5 * 1024 * 1024) + b"]}",
            {"Content-Type": "application/json"},
        ),
        "too large",
    ),
    (
        "HTML error page",
        lambda r: Reply(
            200,
            b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>",
            {"Content-Type": "text/html"},
        ),
        "HTML page",
    ),
    (
        "502 from a proxy",
        lambda r: Reply(
            502, b"<html><body>Bad Gateway</body></html>", {"Content-Type": "text/html"}
        ),
        "server error 502",
    ),
    ("500", lambda r: Reply(500, b"Internal Server Error"), "server error 500"),
    ("431", lambda r: Reply(431, b"Request Header Fields Too Large"), "too large (431)"),
    (
        "404",
        lambda r: Reply(404, b"<html><p>Not here</p></html>", {"Content-Type": "text/html"}),
        "refused by the server (404: Not here)",
    ),
    ("never answers", lambda r: HANG, "did not answer in time"),
    ("drops the connection", lambda r: CLOSE, "connection broke"),
]


@pytest.mark.parametrize(("name", "reply", "message"), FAULTS, ids=[f[0] for f in FAULTS])
async def test_fault_gives_clear_status_and_keeps_stored_comments(
    store: CommentStore, name: str, reply, message: str
) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    with FaultServer(isso_like(reply)) as server:
        report = await run_sync(server, store, timeout=0.25)
    assert not report.ok
    assert message in report.failed[KEY]
    assert [c.text for c in store.load_thread(KEY).comments] == ["stored earlier"]
    state = store.state(KEY)
    assert state is not None and message in state.error
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("reply", "attempts"),
    [
        (lambda r: Reply(500, b"oops"), 3),
        (lambda r: Reply(431, b""), 1),
        (lambda r: Reply(403, b""), 1),
    ],
)
async def test_retries_only_what_can_succeed_later(
    store: CommentStore, reply, attempts: int
) -> None:  # type: ignore[no-untyped-def]
    with FaultServer(isso_like(reply)) as server:
        await run_sync(server, store)
    assert sum(1 for r in server.requests if r.method == "GET") == attempts


async def test_429_with_retry_after_is_honoured(store: CommentStore) -> None:
    calls: list[float] = []

    def thread(req: Request) -> Reply:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Reply(429, b"slow down", {"Retry-After": "1"})
        return Reply.json(GOOD)

    with FaultServer(isso_like(thread)) as server:
        report = await run_sync(server, store)
    assert report.ok and [c.text for c in store.load_thread(KEY).comments] == [
        "fresh from the server"
    ]
    assert calls[1] - calls[0] >= 0.95


async def test_too_long_retry_after_gives_up_with_a_message(store: CommentStore) -> None:
    with FaultServer(isso_like(lambda r: Reply(429, b"", {"Retry-After": "3600"}))) as server:
        report = await run_sync(server, store)
    assert "slow down (429)" in report.failed[KEY]
    assert sum(1 for r in server.requests if r.method == "GET") == 1


async def test_server_dies_mid_sync(store: CommentStore) -> None:
    served = 0
    refs = [ThreadRef(f"/p{i}.html") for i in range(30)]

    def thread(req: Request) -> Reply | str:
        nonlocal served
        served += 1
        if served > 10:
            import threading

            threading.Thread(target=server.stop).start()  # the process goes away
            return CLOSE
        return Reply.json(GOOD)

    server = FaultServer(isso_like(thread)).start()
    try:
        report = await run_sync(server, store, refs=refs)
    finally:
        server.stop()
    assert not report.ok and report.fetched == 10
    # the threads asked while it went away failed; the rest were not asked (not "unchanged")
    assert len(report.failed) + report.not_asked == 20 and report.unchanged == 0
    assert len(report.failed) <= 2 * FAST.concurrency
    assert "cannot reach" in report.error and report.connection.state == "offline"
    stored = [r.key for r in refs if store.load_thread(r.key).comments]
    assert len(stored) == 10  # what arrived before the crash is kept
    assert served < 20  # it stopped asking a server that is gone


async def test_garbage_counts_fall_back_to_fetching_each_thread(store: CommentStore) -> None:
    def handler(req: Request) -> Reply:
        if req.path == "/count":
            return Reply.json({"counts": "nope"})
        return Reply.json(GOOD)

    with FaultServer(handler) as server:
        report = await run_sync(server, store)
    assert report.ok and report.fetched == 1


async def test_counts_that_never_answer_stop_the_run(store: CommentStore) -> None:
    with FaultServer(lambda r: HANG) as server:
        report = await run_sync(server, store, timeout=0.3)
    assert "did not answer in time" in report.error
    assert [c.text for c in store.load_thread(KEY).comments] == ["stored earlier"]


async def test_reply_refused_with_html_page_keeps_the_reason(store: CommentStore) -> None:
    def handler(req: Request) -> Reply:
        if req.path == "/count":
            return Reply.json([1])
        if req.path == "/new":
            return Reply(
                403, b"<!doctype html><title>403</title><p>CSRF</p>", {"Content-Type": "text/html"}
            )
        return Reply.json(GOOD)

    store.add_draft(Draft(thread=KEY, text="my considered reply"))
    with FaultServer(handler) as server:
        report = await run_sync(server, store)
    [d] = store.drafts(KEY)
    assert (
        d.state == DraftState.REJECTED
        and d.error.endswith("(403: CSRF); edit it with r to send it again")
        and d.text == "my considered reply"
    )
    assert not report.ok and report.unsent


async def test_reply_answer_garbage_is_an_unknown_outcome_checked_next_time(
    store: CommentStore,
) -> None:
    """201 with a body that is not a comment: we do not know the id, so we look before retrying."""
    posted: list[dict] = []

    def handler(req: Request) -> Reply:
        if req.path == "/count":
            return Reply.json([1 + len(posted)])
        if req.path == "/new":
            body = req.json()
            posted.append(
                {
                    **GOOD["replies"][0],
                    "id": 50 + len(posted),
                    "text": body["text"],
                    "author": body["author"],
                    "created": time.time(),
                    "replies": [],
                }
            )
            return Reply(201, b"<html>ok</html>", {"Content-Type": "text/html"})
        return Reply.json({**GOOD, "replies": GOOD["replies"] + posted})

    store.add_draft(Draft(thread=KEY, text="reply once please", author="Me"))
    with FaultServer(handler) as server:
        report = await run_sync(server, store)
    assert report.ok and len(posted) == 1
    [sent] = store.drafts(KEY, states=[DraftState.SENT])
    assert sent.remote_id == "50"


def test_retry_delay_backoff_jitter_and_retry_after() -> None:
    import random

    engine = SyncEngine(
        None,
        None,
        SyncPolicy(backoff=1.0, max_backoff=8.0, max_retry_after=30),
        rng=random.Random(1),
    )  # type: ignore[arg-type]
    server = BackendError("server", "500")
    for attempt, (lo, hi) in enumerate([(0.5, 1), (1, 2), (2, 4), (4, 8), (4, 8)]):
        assert lo <= engine.delay(attempt, server) <= hi  # type: ignore[operator]
    assert 5 <= engine.delay(0, BackendError("rate-limited", "", retry_after=5)) <= 5.2  # type: ignore[operator]
    assert engine.delay(0, BackendError("rate-limited", "", retry_after=31)) is None


def test_retry_after_http_date() -> None:
    import email.utils

    import httpx

    from blogtui.comments.http import retry_after

    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    assert 15 <= retry_after(httpx.Headers({"Retry-After": when})) <= 21  # type: ignore[operator]
    assert retry_after(httpx.Headers({"Retry-After": "soon"})) is None
    assert json


async def test_rate_limit_with_a_long_wait_stops_the_run(store: CommentStore) -> None:
    """Told to come back in an hour: no more requests this run, and the user is told why."""
    refs = [ThreadRef(f"/p{i}.html") for i in range(10)]
    with FaultServer(isso_like(lambda r: Reply(429, b"", {"Retry-After": "3600"}))) as server:
        report = await run_sync(server, store, refs=refs)
    assert "slow down (429)" in report.error
    assert len(report.failed) + report.not_asked == 10 and report.not_asked >= 6
    assert report.connection.state == "rate-limited" and report.connection.until is not None
    assert sum(1 for r in server.requests if r.method == "GET") <= FAST.concurrency
