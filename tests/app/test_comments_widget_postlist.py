"""Comment counts and "new" marks in the post list: drawn again in place (the same rows, no
rebuild), in a fixed column on the right that a long title never pushes off the screen."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from tests.conftest import write_post
from textual.app import App, ComposeResult

from blogtui.blog.index import load_index
from blogtui.blog.site import open_site
from blogtui.tui.app import STYLESHEET
from blogtui.tui.widgets.postlist import PostList


class ListApp(App[None]):
    CSS_PATH = STYLESHEET  # the app's one stylesheet

    def compose(self) -> ComposeResult:
        yield PostList(id="posts")


def screen_lines(app: App[None]) -> list[str]:
    return app.query_one(PostList).rendered_lines()


async def test_counts_and_new_marks_show_for_few_and_for_many_posts(tmp_path: Path) -> None:
    for i in range(150):
        write_post(
            tmp_path,
            f"2021-01-01-post-{i:03}.md",
            f"---\ntitle: Post {i:03} {'with a title far too long for any list ' * (i % 2)}\n"
            "category: notes\n---\nbody\n",
        )
    index = load_index(open_site(tmp_path), tmp_path / "cache")
    app = ListApp()
    async with app.run_test(size=(40, 30)) as pilot:
        posts = app.query_one(PostList)
        posts.set_posts(index.posts)
        await pilot.pause()
        rows = posts.rows
        assert not any("💬" in line for line in screen_lines(app))

        posts.set_comment_counts({p.thread_key: 3 for p in index.posts})  # many at once
        await pilot.pause()
        shown = [line for line in screen_lines(app) if "Post " in line]
        assert shown and all(line.rstrip().endswith("💬3") for line in shown)

        first = index.posts[0]  # the newest post, shown first
        posts.set_comment_counts(
            {**{p.thread_key: 3 for p in index.posts}, first.thread_key: 5}, {first.thread_key: 2}
        )
        await pilot.pause()
        lines = screen_lines(app)
        line = next(line for line in lines if first.title[:8] in line)
        assert line.rstrip().endswith("●2 💬5")
        # one column for the marks: every row's marks end in the same place, long titles cut
        width = posts.scrollable_content_region.width  # 40 less the scrollbar
        assert {cell_len(line.rstrip()) for line in lines if "Post " in line} == {width}
        assert any("…" in line for line in lines)
        assert posts.rows is rows  # drawn again, never rebuilt

        posts.set_comment_counts({p.thread_key: 3 for p in index.posts}, {})  # read: mark gone
        await pilot.pause()
        line = next(line for line in screen_lines(app) if first.title[:8] in line)
        assert "●" not in line and "💬3" in line


async def test_new_posts_while_a_query_is_active_keep_its_matches_without_blocking(
    tmp_path: Path,
) -> None:
    """The index revalidated (set_posts) while the user filters a big blog: the matches stay,
    as the new posts, until the ranking of the new posts is built in its worker."""
    for i in range(600):
        write_post(tmp_path, f"2021-01-01-p-{i:03}.md", f"---\ntitle: Item {i:03}\n---\nbody\n")
    site, cache = open_site(tmp_path), tmp_path / "cache"
    app = ListApp()
    async with app.run_test(size=(80, 30)) as pilot:
        posts = app.query_one(PostList)
        posts.set_posts(load_index(site, cache).posts)
        await app.workers.wait_for_complete()
        posts.set_query("item 12")
        matches = [p.title for p in posts.listed_posts()]
        assert "Item 123" in matches and "Item 300" not in matches
        fresh = load_index(site, cache).posts
        posts.set_posts(fresh)
        assert posts._ranker is None  # not built on the event loop
        assert [p.title for p in posts.listed_posts()] == matches
        assert all(any(p is q for q in fresh) for p in posts.listed_posts())  # the new posts
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert posts._ranker is not None
        assert sorted(p.title for p in posts.listed_posts()) == sorted(matches)
