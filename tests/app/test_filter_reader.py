"""The filter in the reader: a flat list of the matches, best first, and the count in the status bar."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post
from tests.support.pilot import settle
from textual.widgets import Static

from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList

SIZE = (120, 40)


def status(app: BlogApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_the_best_match_is_first_and_shown(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"intro")
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert [p.title for p in posts.listed_posts()] == ["Introduction To The Blog Theme"]
        assert posts.group_labels() == []  # no group rows
        assert "Introduction To The Blog Theme" in str(app.screen.query_one(PostHeader).render())
        assert "filter “intro”: 1" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(posts.listed_posts()) == 11  # every post back, newest first
        assert "filter" not in status(app)


async def test_title_matches_come_before_tag_matches(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"memory")
        await settle(pilot)
        titles = [p.title for p in app.screen.query_one(PostList).listed_posts()]
        # the two posts tagged "memory"
        assert len(titles) == 2
        assert "filter “memory”: 2" in status(app)


async def test_hidden_drafts_are_not_matched(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", "slash", *"asyncio")
        await settle(pilot)
        assert app.screen.query_one(PostList).listed_posts() == []
        assert "filter “asyncio”: 0" in status(app)


async def test_a_long_answer_lists_the_best_and_counts_them_all(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    n = 250
    for i in range(n):
        write_post(
            blog,
            f"_posts/2020-01-{1 + i % 28:02d}-post-{i}.md",
            f"---\ntitle: Post {i}\ntags: [{', '.join(f'tag{j}' for j in range(30))}]\n---\nbody\n",
        )
    write_post(blog, "_posts/2019-01-01-tagged.md", "---\ntitle: Tag notes\n---\nbody\n")
    app = BlogApp(settings=load_settings(), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tag")
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        listed = posts.listed_posts()
        assert listed[0].title == "Tag notes"  # in the title: before 250 posts with it in tags
        assert len(listed) == n + 1  # all of them: the list draws only the rows on screen
        assert f"filter “tag”: {n + 1}" in status(app)
