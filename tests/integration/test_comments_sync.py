"""Sync against a real Isso: store, read offline, and post the outbox exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.support.fault_server import HANG, FaultServer, Request
from tests.support.isso_server import IssoServer

from blogtui.comments.backend import create_backend
from blogtui.comments.isso import IssoBackend
from blogtui.comments.model import Draft, DraftState, ThreadRef
from blogtui.comments.store import CommentStore
from blogtui.comments.sync import SyncEngine, SyncPolicy

pytestmark = pytest.mark.integration

FAST = SyncPolicy(retries=2, backoff=0.01, max_backoff=0.05)
SETTLED = SyncPolicy(
    retries=2, backoff=0.01, max_backoff=0.05, edit_window=timedelta(0)
)  # as if every comment were old


@pytest.fixture(scope="module")
def isso_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssoServer]:
    server = IssoServer(tmp_path_factory.mktemp("isso")).start()
    yield server
    server.stop()


@pytest.fixture
def isso(isso_module: IssoServer) -> Iterator[IssoServer]:
    """The module's server, running at the start of each test (a test may stop it)."""
    if isso_module.proc is None:
        isso_module.start()
    yield isso_module
    if isso_module.proc is None:
        isso_module.start()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CommentStore]:
    with CommentStore(tmp_path / "cache", tmp_path / "data") as s:
        yield s


@pytest.fixture
async def backend(isso: IssoServer) -> AsyncIterator[IssoBackend]:
    b = create_backend("isso", {"url": isso.url, "timeout": 3})
    yield b  # type: ignore[misc]
    await b.aclose()


def texts(store: CommentStore, key: str) -> list[str]:
    return [c.text for c in store.load_thread(key).comments]


async def test_sync_then_read_everything_offline(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    refs = [ThreadRef(f"/offline/{i}.html", title=f"Post {i}") for i in range(5)]
    top = isso.post(refs[0].key, "Great post", author="Ann")
    isso.post(refs[0].key, "Agreed", author="Bob", parent=top["id"])
    isso.post(refs[2].key, "Typo in the second paragraph", author="Cy")
    report = await SyncEngine(backend, store, FAST).sync(refs)
    assert report.ok and report.fetched == 2 and report.unchanged == 3

    isso.stop()  # on the train now
    t = store.load_thread(refs[0].key)
    assert [(c.author, c.text, c.parent) for c in t.comments] == [
        ("Ann", "Great post", None),
        ("Bob", "Agreed", str(top["id"])),
    ]
    assert texts(store, refs[2].key) == ["Typo in the second paragraph"]
    report = await SyncEngine(backend, store, FAST).sync(refs)
    assert not report.ok and "cannot reach the comment server" in report.error
    assert texts(store, refs[2].key) == ["Typo in the second paragraph"]  # still there


async def test_second_sync_with_nothing_changed_fetches_nothing(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    refs = [ThreadRef(f"/quiet/{i}.html") for i in range(20)]
    for r in refs[:5]:
        isso.post(r.key, "a comment here")
    first = await SyncEngine(backend, store, SETTLED).sync(refs)
    assert first.fetched == 5
    second = await SyncEngine(backend, store, SETTLED).sync(refs)
    assert second.ok and second.fetched == 0 and second.unchanged == 20
    isso.post(refs[7].key, "something new")
    third = await SyncEngine(backend, store, SETTLED).sync(refs)
    assert third.fetched == 1 and texts(store, refs[7].key) == ["something new"]


async def test_an_edit_within_the_edit_window_shows_after_sync(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    """An edit does not change the count: a thread synced inside the edit window is refetched once after it."""
    ref = ThreadRef("/edit-window.html")
    other = ThreadRef("/old-news.html")
    mine, cookies = isso.post_with_cookie(ref.key, "teh typo")
    await SyncEngine(backend, store, FAST).sync([ref, other])
    isso.edit(mine, cookies, "the typo, fixed")
    soon = await SyncEngine(backend, store, FAST).sync(
        [ref, other]
    )  # within the window: no extra requests
    assert soon.fetched == 0 and texts(store, ref.key) == ["teh typo"]
    later = datetime.now(UTC) + FAST.edit_window + timedelta(seconds=1)
    report = await SyncEngine(backend, store, FAST, clock=lambda: later).sync(
        [ref, other]
    )  # the window has closed
    assert report.fetched == 1 and texts(store, ref.key) == ["the typo, fixed"]
    after = await SyncEngine(backend, store, FAST, clock=lambda: later).sync([ref, other])
    assert after.fetched == 0
    assert store.load_thread(ref.key).comments[0].modified is not None


async def test_edits_and_deletions_show_after_sync(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    ref = ThreadRef("/edits.html")
    keep = isso.post(ref.key, "keep me")
    gone, cookies = isso.post_with_cookie(ref.key, "delete me")
    await SyncEngine(backend, store, FAST).sync([ref])
    assert texts(store, ref.key) == ["keep me", "delete me"]
    isso.delete(gone, cookies)
    report = await SyncEngine(backend, store, FAST).sync([ref])  # the count changed
    assert report.fetched == 1 and texts(store, ref.key) == ["keep me"]
    assert keep


async def test_reply_written_offline_is_posted_exactly_once(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    ref = ThreadRef("/outbox.html", title="Outbox")
    top = isso.post(ref.key, "A question for the author?", author="Ann")
    await SyncEngine(backend, store, FAST).sync([ref])
    isso.stop()
    store.add_draft(
        Draft(
            thread=ref.key,
            parent=str(top["id"]),
            text="Here is my answer.",
            author="Blogger",
            title="Outbox",
        )
    )
    down = await SyncEngine(backend, store, FAST).sync([ref])
    assert not down.ok and down.error
    [waiting] = store.drafts(ref.key)
    assert waiting.state == DraftState.PENDING and "cannot reach" in waiting.error

    isso.start()
    up = await SyncEngine(backend, store, FAST).sync([ref])
    assert up.ok and [d.text for d in up.posted] == ["Here is my answer."]
    again = await SyncEngine(backend, store, FAST).sync([ref])
    assert again.ok and again.posted == []
    assert isso.all_texts(ref.key) == ["A question for the author?", "Here is my answer."]
    assert store.drafts(ref.key) == []
    [sent] = store.drafts(ref.key, states=[DraftState.SENT])
    assert sent.remote_id and texts(store, ref.key) == [
        "A question for the author?",
        "Here is my answer.",
    ]


async def test_unknown_outcome_is_checked_before_any_retry(
    isso: IssoServer, store: CommentStore
) -> None:
    """The server takes the reply but the answer never comes: the retry must not duplicate it."""
    ref = ThreadRef("/unknown.html", title="Unknown")
    isso.post(ref.key, "first comment")

    def handler(req: Request):  # type: ignore[no-untyped-def]
        if req.method == "POST" and req.path == "/new":
            proxy.forward(req)  # Isso stores it ...
            return HANG  # ... and we never hear back
        return None

    with FaultServer(handler, upstream=isso.url) as proxy:
        backend = create_backend("isso", {"url": proxy.url, "timeout": 0.5})
        store.add_draft(Draft(thread=ref.key, text="Did this arrive?", author="Blogger"))
        report = await SyncEngine(backend, store, FAST).sync([ref])
        await backend.aclose()
    assert report.ok and len(report.posted) == 1
    assert sum(1 for r in proxy.requests if r.method == "POST" and r.path == "/new") == 1
    assert isso.all_texts(ref.key) == ["first comment", "Did this arrive?"]


async def test_crash_while_sending_does_not_duplicate(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    """blogtui died after the POST left: the draft is 'sending'; the next sync finds it on the server."""
    ref = ThreadRef("/crash.html", title="Crash")
    d = store.add_draft(
        Draft(thread=ref.key, text="Posted just before the crash", author="Blogger")
    )
    d.state = DraftState.SENDING
    store.update_draft(d, sent_at=d.created)
    isso.post(ref.key, "Posted just before the crash", author="Blogger")
    report = await SyncEngine(backend, store, FAST).sync([ref])
    assert report.ok and len(report.posted) == 1
    assert isso.all_texts(ref.key) == ["Posted just before the crash"]


async def test_rejected_reply_stays_with_the_reason(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    ref = ThreadRef("/rejected.html", title="Rejected")
    d = store.add_draft(Draft(thread=ref.key, text="ok", author="Blogger"))
    report = await SyncEngine(backend, store, FAST).sync([ref])
    assert not report.ok and report.unsent[0].state == DraftState.REJECTED
    [kept] = store.drafts(ref.key)
    assert kept.state == DraftState.REJECTED and "too short" in kept.error
    store.edit_draft(d.id, "ok, a longer reply")  # type: ignore[arg-type]
    report = await SyncEngine(backend, store, FAST).sync([ref])
    assert report.ok and isso.all_texts(ref.key) == ["ok, a longer reply"]


async def test_sync_one_thread_for_the_reader(
    isso: IssoServer, backend: IssoBackend, store: CommentStore
) -> None:
    ref = ThreadRef("/reader.html", title="Reader")
    isso.post(ref.key, "hello reader")
    store.add_draft(Draft(thread=ref.key, text="reply from the reader", author="Me"))
    report = await SyncEngine(backend, store, FAST).sync_thread(ref)
    assert report.ok and texts(store, ref.key) == ["hello reader", "reply from the reader"]


async def test_two_syncs_at_once_post_a_reply_once(isso: IssoServer, tmp_path: Path) -> None:
    """The TUI and `blogtui sync` in a shell may flush the same outbox at the same moment."""
    ref = ThreadRef("/twice.html", title="Twice")
    with (
        CommentStore(tmp_path / "cache", tmp_path / "data") as one,
        CommentStore(tmp_path / "cache", tmp_path / "data") as two,
    ):
        one.add_draft(Draft(thread=ref.key, text="Only once, please.", author="Blogger"))
        b1 = create_backend("isso", {"url": isso.url, "timeout": 3})
        b2 = create_backend("isso", {"url": isso.url, "timeout": 3})
        import asyncio

        r1, r2 = await asyncio.gather(
            SyncEngine(b1, one, FAST).sync([ref]), SyncEngine(b2, two, FAST).sync([ref])
        )
        await b1.aclose()
        await b2.aclose()
        assert isso.all_texts(ref.key) == ["Only once, please."]
        assert len(r1.posted) + len(r2.posted) >= 1
        assert [
            d.state
            for d in one.drafts(
                ref.key, states=[DraftState.SENT, DraftState.PENDING, DraftState.SENDING]
            )
        ] == [DraftState.SENT]
