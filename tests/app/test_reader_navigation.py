"""Moving around as a reader does: back and forward after a link (at the line left), the list
hidden with ctrl+b, a narrow terminal that keeps 60 columns for the post, readable key names."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.pilot import settle

from blogtui.config import Settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.dialogs import HelpScreen
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView

LONG = "\n\n".join(f"Paragraph {i} of the long post." for i in range(120))


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    root.mkdir()
    (root / "2021-01-01-target.md").write_text(
        "---\ntitle: Target\n---\nThe target post.\n", encoding="utf-8"
    )
    (root / "2021-02-01-long.md").write_text(
        f"---\ntitle: Long\n---\n{LONG}\n\nSee [the target]({{% post_url 2021-01-01-target %}}).\n",
        encoding="utf-8",
    )
    return root


def app_for(blog: Path, tmp_path: Path) -> BlogApp:
    return BlogApp(
        settings=Settings(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data"),
        blog_path=blog,
    )


async def test_back_returns_to_the_line_left_and_forward_goes_again(
    blog: Path, tmp_path: Path
) -> None:
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.current.title == "Long"
        await pilot.press("tab")  # into the post
        view = screen.query_one(PostView)
        await pilot.press("G")  # the link is at the end
        await pilot.press("right_square_bracket", "enter")
        await settle(pilot)
        assert screen.current.title == "Target"
        left_at = screen.history._back[-1].y
        assert left_at > 50
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.current.title == "Long" and int(view.scroll_y) == left_at
        await pilot.press("alt+right")
        await settle(pilot)
        assert screen.current.title == "Target"
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.current.title == "Long"
        await pilot.press("alt+left")  # nothing earlier: said, nothing else
        await pilot.pause()
        assert screen.current.title == "Long"
        assert any("No earlier post" in str(n.message) for n in app._notifications)


async def test_ctrl_b_hides_the_list_and_gives_the_post_the_room(
    blog: Path, tmp_path: Path
) -> None:
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(PostView)
        wide = view.size.width
        assert app.screen.query_one(PostList).has_focus
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not app.screen.query_one("#sidebar").display
        assert view.has_focus and view.size.width > wide + 30
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.query_one(PostList).has_focus and view.size.width == wide


async def test_at_80_columns_the_post_keeps_60_and_the_list_narrows(
    blog: Path, tmp_path: Path
) -> None:
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(PostView)
        posts = app.screen.query_one(PostList)
        assert view.size.width >= 60
        assert posts.size.width >= 12 and posts.has_focus  # narrow, not gone


async def test_below_that_the_list_starts_hidden_and_ctrl_b_shows_it(
    blog: Path, tmp_path: Path
) -> None:
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(66, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(PostView)
        assert not app.screen.query_one("#sidebar").display and view.has_focus
        assert view.size.width >= 60
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.query_one(PostList).has_focus


async def test_help_groups_keys_by_pane_with_readable_names(blog: Path, tmp_path: Path) -> None:
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        titles = [d for k, d, _i in rows if not k]
        assert titles[:5] == ["Everywhere", "Reader", "Post list", "Post", "Comments"]
        keys = " ".join(k for k, _d, _i in rows)
        assert "]" in keys and "?" in keys
        assert "square_bracket" not in keys and "question_mark" not in keys
        assert any(i == "reader.back" for _k, _d, i in rows)


async def test_the_header_cuts_a_long_url_path_with_an_ellipsis(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    slug = "-".join(["a-rather-long-title-that-goes-on"] * 4)
    (root / f"2021-01-01-{slug}.md").write_text("---\ntitle: Long URL\n---\nBody.\n", "utf-8")
    app = app_for(root, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        from blogtui.tui.widgets.header import PostHeader

        header = app.screen.query_one(PostHeader)
        lines = str(header.render()).splitlines()
        assert len(lines) == 3 and lines[2].startswith("/2021/01/01/a-rather")
        assert lines[2].endswith("…") and len(lines[2]) <= header.content_size.width
