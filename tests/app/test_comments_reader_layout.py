"""The comments pane in the reader: where it sits, `c`, what the status line says, warnings.

Uses the sample blog (comments kept in the site as Staticman files): no server, no network.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.app.test_comments_reader import pane_text
from tests.conftest import write_post
from tests.support.pilot import settle

from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.widgets.comments import CommentsPane


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_post_keeps_most_of_the_height_and_c_cycles_the_pane(
    sample_blog: Path, size: tuple[int, int]
) -> None:
    app = BlogApp(settings=Settings(), blog_path=sample_blog)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        view, pane = screen.query_one("#post-view"), screen.query_one(CommentsPane)
        rows = (
            screen.query_one("#content").size.height
            - screen.query_one("#post-header").outer_size.height
        )  # under the header
        assert view.outer_size.height >= rows // 2, (
            view.outer_size,
            pane.outer_size,
        )  # the post first
        assert view.outer_size.height > pane.outer_size.height
        comments_rows = pane.query_one("#comments-list").size.height
        assert comments_rows >= 4  # still enough to read a comment or two
        assert pane.region.y > view.region.y  # under the post

        await pilot.press("c")  # maximised: the post view makes room
        await pilot.pause()
        assert not view.display and pane.outer_size.height == rows
        assert pane.selected is pane.items[0]  # ready for j/k

        await pilot.press("c")  # hidden: the post has the whole column
        await pilot.pause()
        assert not pane.display and view.display and view.outer_size.height == rows
        assert app.focused is view

        other = [p for p in screen.index.posts if p is not screen.current][0]  # type: ignore[attr-defined]
        screen.show_post(other)  # type: ignore[attr-defined]
        await settle(pilot)
        assert not pane.display  # the choice holds for the session

        await pilot.press("c")
        await pilot.pause()
        assert pane.display and view.display and view.outer_size.height > pane.outer_size.height


async def test_status_names_the_site_files_and_shows_skipped_files(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-03-04-kafka.md",
        "---\ntitle: Kafka consumers\ncategory: notes\n---\nKafka body\n",
    )
    folder = root / "_data" / "comments" / "kafka"
    folder.mkdir(parents=True)
    (folder / "a-good.yml").write_text(
        "_id: ok1\nname: Fine\nmessage: I am fine\ndate: 1700000000\n"
    )
    (folder / "b-broken.yml").write_text("name: [unclosed\nmessage: x\n")
    app = BlogApp(settings=Settings(), blog_path=root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = pane_text(app)
        assert "comments from the site's _data/comments (no server)" in text
        assert "online" not in text and "offline" not in text
        assert "I am fine" in text
        warning = str(app.screen.query_one("#comments-warnings").render())
        assert "1 problem" in warning and "b-broken.yml" in warning and "skipped" in warning
