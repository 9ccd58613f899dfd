"""A hostile or broken comment server, in front of a real Isso: every request ends in bounded
time, an answer that cannot be stored is that thread's error (the rest of the sync goes on, the
stored comments and the outbox stay, the waiting reply is still sent), and a redirect is said.

The misbehaving server (tests/support/fault_server.py) forwards what it does not break to the real Isso.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import ROOT, write_post
from tests.support.fault_server import FaultServer, Reply, Request
from tests.support.isso_server import IssoServer

import blogtui
from blogtui.comments.isso import IssoBackend
from blogtui.comments.model import Comment, Draft, DraftState, Thread, ThreadRef
from blogtui.comments.store import CommentStore
from blogtui.comments.sync import SyncEngine, SyncPolicy

pytestmark = pytest.mark.integration
FAST = SyncPolicy(retries=2, backoff=0.01, max_backoff=0.02)
BAD, GOOD = "/bad.html", "/good.html"


@pytest.fixture(scope="module")
def isso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssoServer]:
    with IssoServer(tmp_path_factory.mktemp("isso")) as server:
        server.post(GOOD, "a good comment", author="Ann", title="Good")
        server.post(BAD, "the bad thread's first comment", author="Ann", title="Bad")
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CommentStore]:
    with CommentStore(tmp_path / "cache", tmp_path / "data") as s:
        s.replace_thread(
            Thread(
                BAD,
                [
                    Comment(
                        id="1",
                        thread=BAD,
                        parent=None,
                        author="Ann",
                        text="stored earlier",
                        created=datetime(2025, 1, 1, tzinfo=UTC),
                    )
                ],
            ),
            count=1,
        )
        yield s


def breaking(bad_thread: Callable[[Request], Reply]) -> Callable[[Request], Reply | None]:
    """Isso answers everything, except the GET of the bad thread (and its counts are 'changed')."""

    def handler(req: Request) -> Reply | None:
        if req.method == "GET" and req.query.get("uri") == BAD:
            return bad_thread(req)
        if req.path == "/count":
            return Reply.json([7 for _ in req.json()])
        return None

    return handler


async def sync(server: FaultServer, store: CommentStore, *, timeout: float = 2.0):  # type: ignore[no-untyped-def]
    backend = IssoBackend(server.url, timeout=timeout)
    try:
        return await asyncio.wait_for(
            SyncEngine(backend, store, FAST).sync([ThreadRef(BAD), ThreadRef(GOOD)]), 20
        )
    finally:
        await backend.aclose()


def one_comment(**fields: object) -> bytes:
    comment = {
        "id": 5,
        "parent": None,
        "created": 1700000000.0,
        "modified": None,
        "mode": 1,
        "text": "hi",
        "author": "Eve",
        "website": None,
        "likes": 0,
        "dislikes": 0,
        "replies": [],
    }
    comment.update(fields)
    return json.dumps({"total_replies": 1, "replies": [comment]}).encode()


def deep_json(depth: int) -> bytes:
    return b'{"total_replies": 1, "replies": [' + b"[" * depth + b"]" * depth + b"]}"


HOSTILE = [
    ("JSON nested 100,000 deep", deep_json(100_000), "nested too deep"),
    ("a lone surrogate", one_comment(text="\ud800 boo"), "lone surrogate"),
    ("likes of 2**63", one_comment(likes=2**63), "likes"),
    ("an id of 2**64", one_comment(id=2**64), "valid id"),
    (
        "a total of 2**63",
        one_comment().replace(b'"total_replies": 1', b'"total_replies": 9223372036854775808'),
        "total",
    ),
    ("a text that is a list", one_comment(text=["x"], author={"a": 1}), ""),
]


@pytest.mark.parametrize(("name", "body", "why"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_a_hostile_thread_is_its_own_error_and_the_rest_goes_on(
    isso: IssoServer, store: CommentStore, name: str, body: bytes, why: str
) -> None:
    store.add_draft(Draft(thread=GOOD, text=f"my reply about {name}", author="Me", title="Good"))
    bad = breaking(lambda r: Reply(200, body, {"Content-Type": "application/json"}))
    with FaultServer(bad, upstream=isso.url) as server:
        report = await sync(server, store)
    if not why:  # wrong field types are read as nothing, not a crash
        assert report.ok, report
        return
    assert "unexpected answer" in report.failed[BAD] and why in report.failed[BAD]
    assert report.failed_kinds[BAD] == "server" and report.connection.state == "error"
    assert [c.text for c in store.load_thread(BAD).comments] == ["stored earlier"]
    assert report.fetched == 1 and store.load_thread(GOOD).comments  # the rest went on
    assert [d.text for d in report.posted] == [f"my reply about {name}"]  # the reply went out
    assert f"my reply about {name}" in isso.all_texts(GOOD)
    assert store.drafts() == []


async def test_a_server_that_trickles_its_answer_fails_within_the_total_deadline(
    isso: IssoServer, store: CommentStore
) -> None:
    """One byte every 50 ms never trips a per-read timeout; the whole request must still end."""
    slow = breaking(
        lambda r: Reply(200, one_comment(), {"Content-Type": "application/json"}, trickle=0.05)
    )
    started = time.monotonic()
    with FaultServer(slow, upstream=isso.url) as server:
        report = await sync(server, store, timeout=0.3)  # a 0.9 s deadline; the answer takes 10 s
        asked = sum(1 for r in server.requests if r.query.get("uri") == BAD)
    assert time.monotonic() - started < 5
    assert "too slow" in report.error and report.connection.state == "offline"
    assert asked == 1  # not asked again and again
    assert [c.text for c in store.load_thread(BAD).comments] == ["stored earlier"]
    assert report.fetched + report.unchanged + len(report.failed) + report.not_asked == 2


async def test_a_redirect_on_a_reply_says_so_and_keeps_the_reply(
    isso: IssoServer, store: CommentStore
) -> None:
    def handler(req: Request) -> Reply | None:
        if req.path == "/new":
            return Reply(302, b"", {"Location": "https://login.example/?next=/new"})
        return None

    store.add_draft(Draft(thread=GOOD, text="redirected reply", title="Good"))
    with FaultServer(handler, upstream=isso.url) as server:
        report = await sync(server, store)
    [d] = store.drafts()
    assert "redirected (302 to https://login.example/" in d.error
    assert "the reply was not sent" in d.error
    assert "refused" not in d.error
    assert d.state == DraftState.PENDING  # a wrong URL is configuration: tried again next time
    assert report.unsent and "redirected reply" not in isso.all_texts(GOOD)


def test_blogtui_sync_against_a_trickling_server_ends_within_its_deadline(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    blog = tmp_path / "blog"
    write_post(blog, "2021-01-01-a.md", "---\ntitle: A\n---\nbody\n")

    def trickle(req: Request) -> Reply:
        if req.path == "/count":
            return Reply.json([1 for _ in req.json()])
        return Reply(200, one_comment(), {"Content-Type": "application/json"}, trickle=0.2)

    cfg = isolated_dirs["config"] / "blogtui" / "config.toml"
    cfg.parent.mkdir(parents=True)
    with FaultServer(trickle) as server:
        cfg.write_text(f'[comments]\nurl = "{server.url}"\ntimeout = 1\n', encoding="utf-8")
        src = Path(blogtui.__file__).parent.parent  # the blogtui under test
        env = dict(os.environ, PYTHONPATH=f"{src}{os.pathsep}{ROOT}")
        started = time.monotonic()
        out = subprocess.run(
            [sys.executable, "-m", "blogtui", "sync", str(blog)],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,  # the answer alone would take 40 s (and today retries it)
        )
    assert time.monotonic() - started < 15
    assert out.returncode == 1
    assert "too slow" in out.stdout + out.stderr
