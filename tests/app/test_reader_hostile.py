"""The reader on a blog of hostile names, titles and files: no byte of theirs reaches the
terminal as a control sequence, on any surface (list, unreadable files, header, post, help,
filter, notifications), and the app still answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.app.test_editor_controls import assert_clean
from tests.app.test_reader_navigation import app_for
from tests.hostile.corpus import write_hostile_blog
from tests.support.pilot import settle

from blogtui.tui.app import BlogApp
from blogtui.tui.widgets.postlist import PostList


def terminal_output(app: BlogApp) -> str:
    """What Textual would write to the terminal to draw the whole screen now (toasts too)."""
    update = app.screen._compositor.render_update(full=True)
    assert update is not None
    return update.render_segments(app.console)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_no_hostile_byte_reaches_the_terminal_from_the_reader(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    blog = write_hostile_blog(tmp_path / "blog")
    app = app_for(blog, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_clean(terminal_output(app))  # the list, the first post, the toast
        if not app.screen.query_one("#sidebar").display:
            await pilot.press("ctrl+b")  # the list shown at 80 columns too
        app.screen.query_one(PostList).focus()
        seen: set[str] = set()
        await pilot.press("g")
        for _ in range(30):  # every row of the list and every post it opens, with its header
            await pilot.press("j")
            await settle(pilot)
            assert_clean(terminal_output(app))
            post = app.screen.query_one(PostList).current_post
            if post is not None:
                seen.add(post.rel)
        assert len(seen) >= 12  # the walk went through the posts, hostile names included
        await pilot.press("v")  # the other views name categories and tags
        await settle(pilot)
        assert_clean(terminal_output(app))
        await pilot.press("question_mark")
        await settle(pilot)
        assert_clean(terminal_output(app))
        await pilot.press("escape", "slash", "T", "i", "t")
        await settle(pilot)
        assert_clean(terminal_output(app))
        await pilot.press("escape", "q")
        await pilot.pause(0.5)
    assert app.return_code is not None  # q still quits
