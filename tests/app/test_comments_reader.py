"""The reader's comments pane with a real Isso: shown from the store, synced, replied to, offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from tests.conftest import write_post
from tests.support.isso_server import IssoServer, free_port
from tests.support.pilot import settle

from blogtui.blog.recovery import RecoveryStore
from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.reply import ReplyScreen
from blogtui.tui.widgets.comments import CommentsPane
from blogtui.tui.widgets.postlist import PostList

pytestmark = pytest.mark.integration
SIZE = (120, 50)
KEY = "/notes/2021/03/04/kafka.html"


@pytest.fixture(scope="module")
def isso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssoServer]:
    with IssoServer(tmp_path_factory.mktemp("isso")) as server:
        top = server.post(KEY, "Which client library do you use?", author="Ann", title="Kafka")
        server.post(KEY, "[/] \x1b[31mconfluent-kafka\x1b[0m", author="Eve", parent=top["id"])
        yield server


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-03-04-kafka.md",
        "---\ntitle: Kafka consumers\ncategory: notes\n---\nKafka body\n",
    )
    return root


def settings_for(url: str) -> Settings:
    return Settings(comments={"backend": "isso", "url": url, "timeout": 2, "author": "Blogger"})


def first_row(app: BlogApp) -> str:
    """The first post's row in the list, as it reads."""
    posts = app.screen.query_one(PostList)
    return posts.row_plain(posts.listed_posts()[0]).rstrip()


def pane_text(app: BlogApp) -> str:
    pane = app.screen.query_one(CommentsPane)
    console = Console(width=110, color_system=None, record=True)
    console.print(pane.query_one("#comments-status").render())
    for item in pane.items:
        console.print(item.content)
    return console.export_text()


async def test_comments_show_reply_and_go_offline(isso: IssoServer, blog: Path) -> None:
    app = BlogApp(settings=settings_for(isso.url), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = pane_text(app)
        assert "online" in text and "Which client library do you use?" in text
        assert "[/] confluent-kafka" in text and "\x1b" not in text
        assert first_row(app).endswith("💬2")

        pane = app.screen.query_one(CommentsPane)
        pane.focus_first()
        await pilot.press("j", "r")  # reply to Eve's comment
        await pilot.pause()
        assert isinstance(app.screen, ReplyScreen)
        await pilot.press(*"The Python one.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(t == "The Python one." for t in isso.all_texts(KEY))
        assert "The Python one." in pane_text(app)
        assert first_row(app).endswith("💬3")

    isso.stop()
    try:
        app = BlogApp(settings=settings_for(isso.url), blog_path=blog)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = pane_text(app)
            assert "offline" in text and "cannot reach" in text
            assert (
                "Which client library do you use?" in text and "The Python one." in text
            )  # from the store
            await pilot.press("r")
            await pilot.pause()
            await pilot.press(*"Written on the train")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "pending" in pane_text(app) and "Written on the train" in pane_text(app)
    finally:
        isso.start()
    assert "Written on the train" not in isso.all_texts(KEY)


async def test_cancelled_reply_text_is_kept(isso: IssoServer, blog: Path) -> None:
    settings = settings_for(f"http://127.0.0.1:{free_port()}/")
    app = BlogApp(settings=settings, blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert RecoveryStore(settings.data_dir).reply_file(KEY).read_text() == "half a thought"
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#reply-text").text == "half a thought"  # type: ignore[attr-defined]


async def test_without_a_server_the_pane_says_how_to_configure(blog: Path) -> None:
    app = BlogApp(settings=Settings(), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = pane_text(app)
        assert "No comment server configured" in text and "[comments]" in text


async def test_comment_keys_can_be_remapped(blog: Path) -> None:
    app = BlogApp(
        settings=Settings(
            keys={"comments.reply": "a", "reader.reply": "a", "reply.send": "ctrl+enter"}
        ),
        blog_path=blog,
    )
    assert {
        "comments.reply",
        "comments.refresh",
        "comments.toggle",
        "comments.discard",
        "reader.reply",
        "reader.refresh_comments",
        "reader.comments",
        "reply.send",
        "reply.editor",
    } <= app.known_binding_ids()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any("unknown binding id" in str(n.message) for n in app._notifications)


async def test_refused_reply_is_edited_and_then_posted(isso: IssoServer, blog: Path) -> None:
    app = BlogApp(settings=settings_for(isso.url), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")  # the post list has focus: a reply to the post
        await pilot.pause()
        await pilot.press(*"no", "ctrl+s")  # Isso refuses: too short
        await settle(pilot)
        pane = app.screen.query_one(CommentsPane)
        assert "refused: reply on" in pane_text(app) and "text is too short" in pane_text(app)
        [refused] = [i for i in pane.items if i.draft is not None]
        pane.select(refused)
        await pilot.press("r")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ReplyScreen) and editor.text == "no"
        await pilot.press("end", *", thanks for asking", "ctrl+s")
        await settle(pilot)
        assert "no, thanks for asking" in isso.all_texts(KEY)
        assert not [i for i in app.screen.query_one(CommentsPane).items if i.draft is not None]
