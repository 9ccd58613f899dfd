"""Nothing a user writes is dropped: a reply being written survives leaving the post, switching
posts, an app that dies, and quitting (which asks first). Comments kept in the site (no server)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.pilot import settle

from blogtui.blog.recovery import RecoveryStore
from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.choice import Confirm
from blogtui.tui.screens.reply import AUTOSAVE_DELAY, ReplyScreen
from blogtui.tui.widgets.comments import CommentsPane

SIZE = (120, 40)


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
    (root / "_data" / "comments").mkdir(
        parents=True
    )  # comments kept in the site: replies need no server
    return root


def post(app: BlogApp, slug: str):  # type: ignore[no-untyped-def]
    return next(p for p in app.screen.index.posts if p.slug == slug)  # type: ignore[attr-defined]


def editor_text(app: BlogApp) -> str:
    assert isinstance(app.screen, ReplyScreen)
    return app.screen.text


async def open_editor(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await pilot.pause()


async def test_a_reply_stays_with_its_post_across_switches_and_restarts(blog: Path) -> None:
    settings = Settings()
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.show_post(post(app, "kafka"))  # type: ignore[attr-defined]
        await settle(pilot)
        await open_editor(pilot)
        await pilot.press(*"about kafka", "escape")  # leave the post's reply for now
        await settle(pilot)
        kept = str(screen.query_one("#comments-kept").render())
        assert "unsent reply is kept" in kept and "about kafka" in kept

        screen.show_post(post(app, "redis"))  # type: ignore[attr-defined]
        await settle(pilot)
        assert not screen.query_one("#comments-kept").display  # nothing kept for this post
        await open_editor(pilot)
        assert editor_text(app) == ""  # the kafka text does not follow us to another post
        await pilot.press(*"about redis", "escape")
        await settle(pilot)

        screen.show_post(post(app, "kafka"))  # type: ignore[attr-defined]
        await settle(pilot)
        await open_editor(pilot)
        assert editor_text(app) == "about kafka"
        await pilot.press("escape")

    app = BlogApp(settings=settings, blog_path=blog)  # a new run of the app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.show_post(post(app, "redis"))  # type: ignore[attr-defined]
        await settle(pilot)
        await open_editor(pilot)
        assert editor_text(app) == "about redis"
        await pilot.press("ctrl+s")  # into the site's comment files: the kept copy is done with
        await settle(pilot)
        assert (
            not RecoveryStore(settings.data_dir).reply_file(post(app, "redis").thread_key).exists()
        )
        assert (
            RecoveryStore(settings.data_dir).reply_file(post(app, "kafka").thread_key).read_text()
            == "about kafka"
        )
    files = list((blog / "_data" / "comments").rglob("*.yml"))
    assert len(files) == 1 and "about redis" in files[0].read_text()


async def test_quitting_with_a_reply_in_the_editor_asks_and_keeps_it(blog: Path) -> None:
    settings = Settings()
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = app.screen.current.thread_key  # type: ignore[attr-defined]
        await open_editor(pilot)
        await pilot.press(*"half a thought")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)  # asked, not quit
        await pilot.press("n")
        await pilot.pause()
        assert editor_text(app) == "half a thought"  # back to writing, nothing lost
        await pilot.press(*" and more", "ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running
    assert RecoveryStore(settings.data_dir).reply_file(key).read_text() == "half a thought and more"

    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "half a thought and more" in str(
            app.screen.query_one(CommentsPane).query_one("#comments-kept").render()
        )
        await open_editor(pilot)
        assert editor_text(app) == "half a thought and more"


async def test_quitting_without_a_reply_does_not_ask(blog: Path) -> None:
    app = BlogApp(settings=Settings(), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_editor(pilot)
        await pilot.press("ctrl+q")  # an empty editor: nothing to lose
        await pilot.pause()
    assert not app.is_running


async def test_the_text_is_on_disk_while_it_is_typed(blog: Path) -> None:
    """If the app dies (killed, power cut) with the editor open, the reply is on disk."""
    settings = Settings()
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = app.screen.current.thread_key  # type: ignore[attr-defined]
        await open_editor(pilot)
        await pilot.press(*"typed, never sent")
        deadline = time.monotonic() + AUTOSAVE_DELAY + 2
        path = RecoveryStore(settings.data_dir).reply_file(key)
        while time.monotonic() < deadline and not path.exists():
            await pilot.pause(0.1)
        assert path.read_text() == "typed, never sent"
        assert isinstance(app.screen, ReplyScreen)  # still writing
