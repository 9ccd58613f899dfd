"""What the reader's comments pane tells the user, against the recorded GitHub fake and a dead
Isso port: no "not configured" flash at start, rate-limited is not offline, ``x`` shows only on
a waiting reply, ``R`` reads the list's counts again, the reply editor says what ctrl+s does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from tests.support.fake_github import FakeGitHub
from tests.support.isso_server import free_port
from tests.support.pilot import settle

from blogtui.comments.model import ThreadRef
from blogtui.comments.service import CommentsService
from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.reply import ReplyScreen
from blogtui.tui.widgets.comments import CommentsPane
from blogtui.tui.widgets.postlist import PostList

SIZE = (120, 40)
ONE = "/2021/01/01/one.html"
TWO = "/2021/01/02/two.html"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    server = FakeGitHub("octo/blog-comments").start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_token_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("EDITOR", "true")


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    root.mkdir()
    (root / "2021-01-01-one.md").write_text("---\ntitle: One\n---\nbody one\n", encoding="utf-8")
    (root / "2021-01-02-two.md").write_text("---\ntitle: Two\n---\nbody two\n", encoding="utf-8")
    return root


def settings(tmp_path: Path, **conf: object) -> Settings:
    return Settings(
        comments={"sync_interval": 0, "timeout": 2, **conf},
        cache_dir=tmp_path / "cache",
        data_dir=tmp_path / "data",
    )


def github(tmp_path: Path, gh: FakeGitHub, token: bool = True) -> Settings:
    conf: dict[str, object] = {"backend": "github", "repo": "octo/blog-comments", "api_url": gh.url}
    if token:
        conf["token"] = gh.token
    return settings(tmp_path, **conf)


def status_line(app: BlogApp) -> str:
    pane = app.screen.query_one(CommentsPane)
    console = Console(width=200, color_system=None, record=True)
    console.print(pane.query_one("#comments-status").render())
    return console.export_text()


async def test_a_configured_server_never_shows_not_configured(tmp_path: Path, blog: Path) -> None:
    app = BlogApp(
        settings=settings(tmp_path, backend="isso", url=f"http://127.0.0.1:{free_port()}/"),
        blog_path=blog,
    )
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(6):  # the first frames, then after the failed sync
            seen.append(status_line(app))
            await pilot.pause()
        await settle(pilot)
        seen.append(status_line(app))
    assert not [s for s in seen if "No comment server configured" in s], seen
    assert "offline" in seen[-1]


async def test_rate_limited_is_not_offline_and_says_until_when(
    tmp_path: Path, blog: Path, gh: FakeGitHub
) -> None:
    number = gh.add_issue("2021/01/02/two")
    gh.add_comment(number, "reader", "hello")
    app = BlogApp(settings=github(tmp_path, gh), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the newest post (two) is open and synced
        assert "online" in status_line(app)
        gh.exhaust("core")
        await pilot.press("R")
        await settle(pilot)
        line = status_line(app)
        assert "rate-limited until " in line and "offline" not in line, line
        assert "synced" in line
        # at 120 columns the reset time is on screen (the line is cut at the end, not there)
        shown = app.screen.query_one(CommentsPane).query_one("#comments-status")
        end = line.index("until ") + len("until HH:MM")
        assert end <= shown.content_region.width, (end, shown.content_region.width)


async def test_x_discard_is_offered_only_on_a_waiting_reply(
    tmp_path: Path, blog: Path, gh: FakeGitHub
) -> None:
    number = gh.add_issue("2021/01/02/two")
    gh.add_comment(number, "reader", "hello")
    app = BlogApp(settings=github(tmp_path, gh, token=False), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReplyScreen)
        assert "replying needs a token" in str(app.screen.destination)  # what ctrl+s will do
        await pilot.press(*"kept until I have a token", "ctrl+s")
        await settle(pilot)
        pane = app.screen.query_one(CommentsPane)
        comment = next(i for i in pane.items if i.draft is None)
        draft = next(i for i in pane.items if i.draft is not None)

        def footer_keys() -> set[str]:
            return {
                key for key, b in app.screen.active_bindings.items() if b.enabled and b.binding.show
            }

        pane.select(comment)
        await pilot.pause()
        assert "x" not in footer_keys()
        await pilot.press("x")  # nothing to discard: no dialog
        await pilot.pause()
        assert app.screen.query(CommentsPane)
        pane.select(draft)
        await pilot.pause()
        assert "x" in footer_keys()


async def test_r_reads_the_list_counts_again_after_a_sync_elsewhere(
    tmp_path: Path, blog: Path, gh: FakeGitHub
) -> None:
    app = BlogApp(settings=github(tmp_path, gh), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert posts.comment_counts.get(ONE, 0) == 0
        # another shell: a comment arrives on post one and `blogtui sync` stores it
        number = gh.add_issue("2021/01/01/one")
        gh.add_comment(number, "reader", "first!")
        other = CommentsService(github(tmp_path, gh))
        try:
            ref = ThreadRef(ONE, title="One", url=ONE, slug="one")
            assert (await asyncio.to_thread(other.sync_all, [ref])).ok
        finally:
            other.close()
        await pilot.press("R")  # the open post is two; R reads the counts of all again
        await settle(pilot)
        assert posts.comment_counts.get(ONE) == 1


async def test_the_reply_box_quotes_whom_it_answers_and_our_reply_is_not_news(
    tmp_path: Path, blog: Path, gh: FakeGitHub
) -> None:
    number = gh.add_issue("2021/01/02/two")
    gh.add_comment(number, "ann", "Great roadmap, thanks!\n\nMore later.")
    app = BlogApp(settings=github(tmp_path, gh), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(CommentsPane)
        pane.select(pane.items[0])
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReplyScreen)
        assert str(app.screen.heading) == "Reply to ann: Great roadmap, thanks!"
        await pilot.press(*"Glad you like it", "ctrl+s")
        await settle(pilot)
        ours = [i for i in pane.items if i.comment and "Glad you like it" in i.comment.text]
        assert ours and not ours[0].has_class("-new")  # posted by us: not "new" to us
    # the next start: the list counts nothing new on that post (our reply is not news)
    app = BlogApp(settings=github(tmp_path, gh), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PostList).comment_new.get(TWO, 0) == 0


async def test_the_discard_dialog_starts_on_keep(tmp_path: Path, blog: Path) -> None:
    app = BlogApp(
        settings=settings(tmp_path, backend="isso", url=f"http://127.0.0.1:{free_port()}/"),
        blog_path=blog,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"second thoughts", "ctrl+s")
        await settle(pilot)
        pane = app.screen.query_one(CommentsPane)
        pane.select(next(i for i in pane.items if i.draft is not None))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is the safe one
        await settle(pilot)
        assert any(i.draft is not None for i in pane.items)


async def test_the_reply_box_quotes_a_comment_far_down_a_long_thread(
    tmp_path: Path, blog: Path, gh: FakeGitHub
) -> None:
    number = gh.add_issue("2021/01/02/two")
    for i in range(60):  # more than the old pane mounted at first (40)
        gh.add_comment(number, f"reader{i}", f"Comment number {i}, with a point to make")
    app = BlogApp(settings=github(tmp_path, gh), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(CommentsPane)
        assert len(pane.items) == 60
        pane.select(pane.items[55])
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReplyScreen)
        assert str(app.screen.heading) == (
            "Reply to reader55: Comment number 55, with a point to make"
        )
