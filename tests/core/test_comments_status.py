"""What the core tells the shell about the server: the state from the error's kind (online,
offline, rate-limited until a time, error), "last synced" only after a sync that worked, and what
will happen to a reply saved now. Against the recorded GitHub fake and a real Isso."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.fake_github import FakeGitHub
from tests.support.isso_server import free_port

from blogtui.comments.model import ThreadRef
from blogtui.comments.service import CommentsService
from blogtui.config import Settings

KEY = "/2021/01/01/one.html"
REF = ThreadRef(KEY, title="One", url=KEY, slug="one")


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    server = FakeGitHub("octo/blog-comments").start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_token_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)


def service(tmp_path: Path, **conf: object) -> CommentsService:
    return CommentsService(
        Settings(comments=dict(conf), cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")
    )


def test_rate_limited_is_its_own_state_and_last_synced_stays_at_the_last_good_sync(
    gh: FakeGitHub, tmp_path: Path
) -> None:
    number = gh.add_issue("2021/01/01/one")
    gh.add_comment(number, "reader", "hello")
    s = service(
        tmp_path, backend="github", repo="octo/blog-comments", api_url=gh.url, token=gh.token
    )
    try:
        assert s.load(KEY).last_sync is None  # never synced
        assert s.sync_all([REF]).ok and s.connection is not None
        assert s.connection.state == "online"
        good = s.load(KEY).last_sync
        assert good is not None
        assert s.reply_destination().now

        gh.exhaust("core")
        report = s.sync_all([REF])
        assert s.connection.state == "rate-limited"  # reachable: not "offline"
        assert s.connection.until is not None and "rate limit" in s.connection.message
        assert report.error_kind == "rate-limited"
        assert s.load(KEY).last_sync == good  # the failed sync does not count as "synced"
        hint = s.reply_destination()
        assert not hint.now and "sent when the server allows at " in hint.text
    finally:
        s.close()


def test_an_unreachable_server_is_offline_and_replies_wait(tmp_path: Path) -> None:
    s = service(tmp_path, url=f"http://127.0.0.1:{free_port()}/", timeout=1)
    try:
        report = s.sync_all([REF])
        assert report.connection.state == "offline" and s.connection == report.connection
        assert report.not_asked == 1 and report.fetched + report.unchanged == 0
        hint = s.reply_destination()
        assert not hint.now and "when the server is back" in hint.text
    finally:
        s.close()


def test_a_reply_without_a_token_says_it_waits_for_one(tmp_path: Path, gh: FakeGitHub) -> None:
    s = service(tmp_path, backend="github", repo="octo/blog-comments", api_url=gh.url)
    try:
        hint = s.reply_destination()
        assert not hint.now and "GITHUB_TOKEN" in hint.text
    finally:
        s.close()
