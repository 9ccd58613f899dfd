"""The post list as a user meets it: views (`v`), j/k over group headers, the fixed column of
marks at 80 and 120 columns, the status bar's counts, and what is remembered across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from tests.conftest import write_post
from tests.support.pilot import settle
from textual.widgets import Static

from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.reader import ReaderScreen
from blogtui.tui.state import state_path
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView

LONG = "A title that goes on and on well past the width of any list pane ever made"


def status(app: BlogApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def header(app: BlogApp) -> str:
    return str(app.screen.query_one(PostHeader).render())


def the_list(app: BlogApp) -> PostList:
    return app.screen.query_one(PostList)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """Ten posts in three categories (one with a very long title) and a draft."""
    root = tmp_path / "blog"
    cats = ["python", "kafka", "ops"]
    for i in range(10):
        title = LONG if i == 4 else f"Post number {i}"
        write_post(
            root,
            f"_posts/2021-01-{i + 1:02d}-post-{i}.md",
            f"---\ntitle: {title}\ncategories: [{cats[i % 3]}]\ntags: [t{i % 2}]\n---\nbody {i}\n",
        )
    write_post(root, "_drafts/idea.md", "---\ntitle: An idea\n---\ndraft\n")
    return root


def make_app(blog: Path) -> BlogApp:
    return BlogApp(settings=load_settings(), blog_path=blog)


async def test_the_status_bar_counts_posts_and_drafts_and_says_when_drafts_are_hidden(
    blog: Path,
) -> None:
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "10 posts, 1 draft  ·  newest first" in status(app)
        assert len(the_list(app).listed_posts()) == 11
        await pilot.press("d")
        assert "10 posts, 1 draft (hidden)" in status(app)
        assert [p for p in the_list(app).listed_posts() if p.draft] == []
        await pilot.press("u")
        assert "unpublished hidden" in status(app)


async def test_v_cycles_the_views_and_the_flat_view_is_newest_first(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        posts = the_list(app)
        dated = [p for p in posts.listed_posts() if not p.draft]
        assert [p.title for p in dated][:2] == ["Post number 9", "Post number 8"]
        assert posts.group_labels() == []
        seen = []
        for _ in range(4):
            await pilot.press("v")
            seen.append((posts.view, posts.group_labels()[:3]))
        assert seen[0] == ("category", ["kafka (3)", "ops (3)", "python (4)"])
        assert seen[1][0] == "tag" and seen[1][1][:2] == ["t0 (5)", "t1 (5)"]
        assert seen[2][0] == "month" and seen[2][1][-1] == "2021-01 (10)"
        assert seen[3] == ("newest", [])
        assert "newest first" in status(app)


async def test_j_and_k_move_between_posts_and_skip_the_group_headers(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        posts = the_list(app)
        await pilot.press("v")  # by category: a header above each group
        await pilot.press("g")
        assert posts.cursor == 1 and posts.rows[0].kind == "group"
        visited = []
        for _ in range(12):
            await pilot.press("j")
            assert posts.rows[posts.cursor].kind == "post"
            visited.append(posts.current_post)
        await settle(pilot)
        assert visited[-1] is not None and visited[-1].title in header(app)
        # the first post of the second group is right after the first group's last post
        first_group = posts.group_labels()[0]
        assert first_group == "kafka (3)"
        assert visited[2] is not None and visited[2].categories == ("ops",)
        for _ in range(20):
            await pilot.press("k")
            assert posts.rows[posts.cursor].kind == "post"
        assert posts.cursor == 1  # the top post: k goes no further, onto no header
        await pilot.press("down")
        assert posts.cursor == 2


@pytest.mark.parametrize("columns", [80, 120])
async def test_marks_sit_in_a_fixed_column_that_long_titles_never_push_off(
    blog: Path, columns: int
) -> None:
    app = make_app(blog)
    async with app.run_test(size=(columns, 30)) as pilot:
        await settle(pilot)
        posts = the_list(app)
        counts = {p.thread_key: 7 for p in posts.posts}
        first = posts.listed_posts()[0]
        counts[first.thread_key] = 12
        posts.set_comment_counts(counts, {first.thread_key: 3})
        await pilot.pause()
        width = posts.scrollable_content_region.width
        assert width >= 12
        lines = [line.rstrip() for line in posts.rendered_lines() if line.strip()]
        assert len(lines) == 11
        assert lines[0].endswith("●3 💬12")
        assert all(line.endswith("💬7") for line in lines[1:])
        assert {cell_len(line) for line in lines} == {width}  # one right edge for every row
        long_row = next(line for line in lines if line.startswith(LONG[:5]))
        assert "…" in long_row and LONG not in long_row


async def test_a_click_opens_the_post_under_the_mouse(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        posts = the_list(app)
        target = posts.listed_posts()[3]
        await pilot.click(PostList, offset=(2, 3))
        await settle(pilot)
        assert posts.current_post is target
        assert target.title in header(app)
        assert isinstance(app.focused, PostView)


async def test_the_view_switches_and_last_post_are_remembered_across_restarts(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v", "d")  # by category, drafts hidden
        await pilot.press("j", "j")
        await settle(pilot)
        chosen = the_list(app).current_post
        assert chosen is not None
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        posts = the_list(app)
        assert posts.view == "category" and not posts.show_drafts
        assert "by category" in status(app) and "1 draft (hidden)" in status(app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.current is not None and screen.current.rel == chosen.rel
        assert posts.current_post is not None and posts.current_post.rel == chosen.rel
        assert chosen.title in header(app)


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xffnot json",
        b'{"version": 1, "view": "sideways", "show_drafts": "no", "last_post": 7}',
        b"[1, 2, 3]",
        b"",
    ],
)
async def test_a_corrupt_state_file_is_ignored(blog: Path, damage: bytes) -> None:
    settings = load_settings()
    app = make_app(blog)
    path = state_path(settings.state_dir, app.site.root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        posts = the_list(app)
        assert posts.view == "newest" and posts.show_drafts and posts.show_unpublished
        assert "Post number 9" in header(app)  # the newest post, as with no state at all
        await pilot.press("v")
    app = make_app(blog)  # and it was written anew
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert the_list(app).view == "category"


async def test_the_second_start_paints_from_the_cache_then_updates_in_place(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=(120, 40)) as pilot:  # the first run fills the cache
        await settle(pilot)
    # meanwhile, a post changes on disk and one is added
    write_post(
        blog, "_posts/2021-01-01-post-0.md", "---\ntitle: Renamed zero\ncategories: [ops]\n---\nx\n"
    )
    write_post(blog, "_posts/2021-02-01-new.md", "---\ntitle: Brand new\n---\nnew\n")
    seen: list[ReaderScreen.IndexLoaded] = []
    app = make_app(blog)
    async with app.run_test(
        size=(120, 40),
        message_hook=lambda m: seen.append(m) if isinstance(m, ReaderScreen.IndexLoaded) else None,
    ) as pilot:
        await settle(pilot)
        seen = list({id(m): m for m in seen}.values())  # a message bubbles: seen at each node
        assert [m.provisional for m in seen] == [True, False]
        first = [p.title for p in seen[0].index.posts]
        assert "Brand new" not in first and "Post number 0" in first  # what the cache held
        titles = [p.title for p in the_list(app).listed_posts() if not p.draft]
        assert titles[0] == "Brand new" and "Renamed zero" in titles
        assert "Post number 0" not in titles
        assert "checking" not in status(app) and "11 posts, 1 draft" in status(app)
