"""The outbox in the app, with a real Isso: the background sync posts waiting replies when the
server comes back (no key pressed), a waiting reply can be discarded (after asking), the post
list's counts and "new" marks follow a sync without rebuilding the list, and input never waits
for a server that hangs."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.app.test_comments_reader import pane_text
from tests.conftest import write_post
from tests.support.isso_server import IssoServer
from tests.support.pilot import settle, wait_until

from blogtui.comments.store import CommentStore
from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.choice import Confirm
from blogtui.tui.widgets.comments import CommentsPane
from blogtui.tui.widgets.postlist import PostList

pytestmark = pytest.mark.integration
SIZE = (120, 40)
KAFKA = "/notes/2021/03/04/kafka.html"
REDIS = "/notes/2021/02/01/redis.html"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-03-04-kafka.md",
        "---\ntitle: Kafka consumers\ncategory: notes\n---\nKafka body\n",
    )
    write_post(
        root, "2021-02-01-redis.md", "---\ntitle: Redis caching\ncategory: notes\n---\nRedis body\n"
    )
    return root


def settings_for(url: str, interval: float = 0.3) -> Settings:
    return Settings(
        comments={
            "backend": "isso",
            "url": url,
            "timeout": 1,
            "author": "Blogger",
            "sync_interval": interval,
        }
    )


def labels(app: BlogApp) -> dict[str, str]:
    posts = app.screen.query_one(PostList)
    return {p.title: posts.row_plain(p).rstrip() for p in posts.listed_posts()}


async def write_reply(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await pilot.pause()
    await pilot.press(*text, "ctrl+s")
    await settle(pilot)


async def test_a_reply_written_offline_goes_out_when_the_server_comes_back(
    tmp_path: Path, blog: Path
) -> None:
    server = IssoServer(tmp_path / "isso")  # not started yet: the network is "down"
    app = BlogApp(settings=settings_for(server.url), blog_path=blog)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "offline" in pane_text(app)
            await write_reply(pilot, "Written on the train")
            text = pane_text(app)
            assert "pending" in text and "1 reply waiting to be sent" in text
            server.start()
            # no key pressed: the background sync finds the server back and posts the reply
            assert await wait_until(
                pilot, lambda: "Written on the train" in server.all_texts(KAFKA)
            )
            await settle(pilot)
            assert await wait_until(pilot, lambda: "waiting to be sent" not in pane_text(app), 5)
            text = pane_text(app)
            assert "online" in text and "pending" not in text and "Written on the train" in text
            await pilot.pause(1.0)  # several more background syncs
        assert server.all_texts(KAFKA).count("Written on the train") == 1  # exactly once
    finally:
        server.stop()


async def test_a_waiting_reply_is_discarded_only_after_asking(tmp_path: Path, blog: Path) -> None:
    server = IssoServer(tmp_path / "isso")  # never started
    settings = settings_for(server.url, interval=0)
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await write_reply(pilot, "Second thoughts")
        pane = app.screen.query_one(CommentsPane)
        [draft] = [i for i in pane.items if i.draft is not None]
        pane.select(draft)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert "Second thoughts" in pane_text(app)
        [draft] = [i for i in pane.items if i.draft is not None]
        pane.select(draft)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        text = pane_text(app)
        assert "Second thoughts" not in text and "waiting to be sent" not in text
    with CommentStore.from_settings(settings) as store:
        assert store.drafts() == []


async def test_counts_and_new_marks_follow_a_background_sync_in_place(
    tmp_path: Path, blog: Path
) -> None:
    with IssoServer(tmp_path / "isso") as server:
        server.post(REDIS, "First on redis", author="Ann", title="Redis")
        app = BlogApp(settings=settings_for(server.url), blog_path=blog)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            redis = next(p for p in screen.index.posts if p.thread_key == REDIS)  # type: ignore[attr-defined]
            kafka = next(p for p in screen.index.posts if p.thread_key == KAFKA)  # type: ignore[attr-defined]
            screen.show_post(redis)  # type: ignore[attr-defined]  # read it: its read mark is now
            await settle(pilot)
            screen.show_post(kafka)  # type: ignore[attr-defined]
            await settle(pilot)
            assert await wait_until(pilot, lambda: labels(app)["Redis caching"].endswith("💬1"), 5)
            tree = screen.query_one(PostList)
            rows = tree.rows

            server.post(REDIS, "Second on redis", author="Bob")  # someone comments meanwhile
            assert await wait_until(pilot, lambda: labels(app)["Redis caching"].endswith("●1 💬2"))
            assert tree.rows is rows  # drawn again, not rebuilt
            assert "●" not in labels(app)["Kafka consumers"]

            screen.show_post(redis)  # type: ignore[attr-defined]
            await settle(pilot)
            assert "● new" in pane_text(app) and "Second on redis" in pane_text(
                app
            )  # marked in the thread
            assert await wait_until(
                pilot, lambda: labels(app)["Redis caching"].endswith("💬2"), 5
            )  # and read now


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers (the worst kind of server)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()


async def test_keys_answer_while_a_sync_hangs(silent_server: str, blog: Path) -> None:
    settings = settings_for(silent_server, interval=60)
    settings.comments["timeout"] = 3  # the server never answers: the sync waits this long
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)

        def hanging() -> list[object]:
            return [
                w
                for w in app.screen.workers
                if w.group in ("comments", "comments-background") and not w.is_finished
            ]

        # the post's comments are asked for after the first frame: the sync then waits on the server
        assert await wait_until(pilot, lambda: bool(hanging()), 5)
        waiting = hanging()
        pane = app.screen.query_one(CommentsPane)
        await pilot.press("c")
        await pilot.pause()
        assert pane.has_class("-max")
        await pilot.press("c", "c")
        await pilot.pause()
        assert not pane.has_class("-max") and pane.display
        # the keys were answered while that same sync still waited on the server
        assert any(w in hanging() for w in waiting)
        await settle(pilot)
        assert "offline" in pane_text(app) or "sync failed" in pane_text(app)


def test_closing_the_app_stops_a_sync_that_hangs(silent_server: str, blog: Path) -> None:
    """Quitting must not wait for a server that never answers (the sync thread ends at once)."""
    import threading

    from blogtui.blog.index import load_index
    from blogtui.blog.site import open_site
    from blogtui.comments.service import CommentsService, ref_for

    settings = Settings(comments={"backend": "isso", "url": silent_server, "timeout": 30})
    index = load_index(open_site(blog), settings.cache_dir)
    service = CommentsService(settings)
    reports: list[object] = []
    worker = threading.Thread(
        target=lambda: reports.append(service.sync_all([ref_for(p) for p in index.posts]))
    )
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive()  # waiting on the server
    started = time.monotonic()
    service.stop()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 1.0
    assert "closing" in reports[0].error  # type: ignore[attr-defined]
    service.close()
