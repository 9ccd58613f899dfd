"""A reply being written survives a broken data dir, a slow disk and a second writer, and the
messages about it are shown as typed (they quote paths and error texts, never markup)."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.isso_server import free_port
from tests.support.pilot import settle, wait_until
from textual.widgets import TextArea

from blogtui.blog.recovery import RecoveryStore, keep_text
from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.reply import ReplyScreen

SIZE = (120, 40)
KEY = "/notes/2021/03/04/kafka.html"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-03-04-kafka.md",
        "---\ntitle: Kafka consumers\ncategory: notes\n---\nKafka body\n",
    )
    return root


def offline(data_dir: Path) -> Settings:
    """A configured server that is down (nothing listens on the port): replies go to the outbox."""
    return Settings(
        comments={
            "backend": "isso",
            "url": f"http://127.0.0.1:{free_port()}/",
            "timeout": 1,
            "author": "Me",
        },
        data_dir=data_dir,
    )


def toasts(app: BlogApp) -> str:
    return "\n".join(str(t.render()) for t in app.screen.query("Toast"))


def editor_text(app: BlogApp) -> str:
    assert isinstance(app.screen, ReplyScreen), app.screen
    return app.screen.text


async def test_an_outbox_that_cannot_be_written_keeps_the_reply_in_the_editor(
    tmp_path: Path, blog: Path
) -> None:
    """A read-only or missing data dir (here: its parent is a regular file, which even root cannot
    write under): the user is told and the text stays in the editor, ctrl+s and escape alike."""
    (tmp_path / "a file").write_text("not a folder")
    app = BlogApp(settings=offline(tmp_path / "a file" / "data[b]"), blog_path=blog)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"precious words", "ctrl+s")
        await settle(pilot)
        assert editor_text(app) == "precious words"
        assert "Could not put the reply in the outbox" in toasts(
            app
        ) and "it stays in the editor" in toasts(app)
        await pilot.press("escape")
        await settle(pilot)
        assert editor_text(app) == "precious words"  # no copy could be kept: not closed
        assert "Could not keep a copy of the reply" in toasts(app) and "data[b]" in toasts(
            app
        )  # the path, as it is
        assert app.is_running


async def test_a_recovery_copy_that_cannot_be_written_does_not_lose_the_reply(
    tmp_path: Path, blog: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "reply-recovery").write_text("in the way")  # the outbox works, the recovery copies fail
    app = BlogApp(settings=offline(data), blog_path=blog)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"half a thought", "escape")
        await settle(pilot)
        assert editor_text(app) == "half a thought"
        assert "Could not keep a copy of the reply" in toasts(app)
        await pilot.press("ctrl+s")  # the outbox can take it
        await settle(pilot)
        assert not isinstance(app.screen, ReplyScreen)
        assert "half a thought" in [d.text for d in app.screen.comments.service.store.drafts(KEY)]  # type: ignore[attr-defined]


async def test_a_kept_copy_keeps_its_permissions(tmp_path: Path, blog: Path) -> None:
    settings = offline(tmp_path / "data")
    path = RecoveryStore(settings.data_dir).reply_file(KEY)
    path.parent.mkdir(parents=True)
    path.write_text("private ")
    path.chmod(0o600)  # the user made it private
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert editor_text(app) == "private "
        await pilot.press("end", *"thoughts", "escape")
        await settle(pilot)
    assert path.read_text() == "private thoughts"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_writers_of_one_copy_never_collide(tmp_path: Path) -> None:
    """Two app instances (or an autosave and a quit) keeping the same reply at once: every write
    succeeds and the file is always one whole text."""
    path = tmp_path / "reply-recovery" / "x.md"
    errors: list[BaseException] = []

    def writer(text: str) -> None:
        try:
            for _ in range(200):
                keep_text(path, text)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(c * 5000,)) for c in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert path.read_text() in ("a" * 5000, "b" * 5000)
    assert [p.name for p in path.parent.iterdir()] == ["x.md"]  # no temp files left


async def test_a_slow_disk_does_not_freeze_the_app(tmp_path: Path, blog: Path) -> None:
    """The kept reply is read in a thread: while the disk takes its time (a FIFO here, answered a
    second later), the app keeps running its timers, and the text arrives in the editor."""
    settings = offline(tmp_path / "data")
    path = RecoveryStore(settings.data_dir).reply_file(KEY)

    def slow_disk() -> None:
        time.sleep(1.0)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: nobody reads yet
                    raise
                time.sleep(0.05)
                continue
            os.write(fd, b"from the slow disk")
            os.close(fd)
            return

    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)  # after the pane has looked for a kept reply: only the editor reads it
        ticks: list[float] = []
        app.set_interval(0.05, lambda: ticks.append(time.monotonic()))
        disk = threading.Thread(target=slow_disk, daemon=True)
        disk.start()
        await pilot.press("r")

        def arrived() -> bool:  # the reply box is up and holds the kept text
            screen = app.screen
            return (
                isinstance(screen, ReplyScreen)
                and bool(screen.query(TextArea))
                and (screen.text == "from the slow disk")
            )

        arrived_in_time = await wait_until(pilot, arrived, 15)
        disk.join(5)
        path.unlink()  # nothing else is to wait on the FIFO
        assert arrived_in_time, app.screen
        # the disk took a second: a frozen event loop would show a gap of a second or more
        gaps = [b - a for a, b in zip(ticks, ticks[1:])]
        assert len(ticks) > 5 and max(gaps) < 0.9, max(gaps, default=None)


async def test_the_not_configured_hint_shows_its_brackets(blog: Path) -> None:
    app = BlogApp(settings=Settings(), blog_path=blog)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "add [comments] backend and url" in toasts(app)


async def test_a_reply_typed_while_a_huge_thread_is_shown_reaches_the_outbox(
    tmp_path: Path, blog: Path
) -> None:
    """100,000 comments kept for the post: the reader answers `r` while they are arranged, and
    what is typed reaches the outbox (the reader froze for a minute and the reply was lost)."""
    from datetime import UTC, datetime, timedelta

    from blogtui.comments.model import Comment, Thread
    from blogtui.comments.store import CommentStore

    settings = offline(tmp_path / "data")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    comments = [
        Comment(
            id=str(i),
            thread=KEY,
            parent=None,
            author=f"user{i}",
            text=f"comment {i}",
            created=start + timedelta(seconds=i),
        )
        for i in range(100_000)
    ]
    with CommentStore(settings.cache_dir, settings.data_dir) as store:
        store.replace_thread(Thread(KEY, comments), count=len(comments))
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)  # the index is read; the thread is being read and arranged
        await pilot.press("r")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReplyScreen), 10)
        await pilot.press(*"typed while it loads")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ReplyScreen), 10)
        await settle(pilot)
    with CommentStore(settings.cache_dir, settings.data_dir) as store:
        assert [d.text for d in store.drafts(KEY)] == ["typed while it loads"]
