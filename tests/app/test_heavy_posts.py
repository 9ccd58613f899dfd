"""One post must not make the reader slow or huge (issue 15): a post with 10,000 categories and
10,000 tags has a header of a few lines ("+N more"), is listed under a bounded number of groups
in the by-category and by-tag views, and `blogtui show` prints a header as small."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.pilot import settle

from blogtui.blog.post import MAX_LABELS
from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postlist_rows import MORE_CATEGORIES, MORE_TAGS

MANY = 10_000


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    (root / "_config.yml").parent.mkdir(parents=True)
    (root / "_config.yml").write_text("title: Demo\n", encoding="utf-8")
    cats = ", ".join(f"c{i}" for i in range(MANY))
    tags = "".join(f"  - tag{i}\n" for i in range(MANY))
    write_post(
        root,
        "_posts/2024-01-02-heavy.md",
        f"---\ntitle: Heavy\ncategories: [{cats}]\ntags:\n{tags}---\nThe body.\n",
    )
    write_post(
        root,
        "_posts/2024-01-01-light.md",
        "---\ntitle: Light\ncategories: [python]\ntags: [gc]\n---\nA light post.\n",
    )
    return root


async def test_the_header_of_a_post_with_10000_labels_shows_what_fits_and_how_many_more(
    blog: Path,
) -> None:
    app = BlogApp(settings=load_settings(), blog_path=blog)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.current.title == "Heavy"  # the newest post is open
        header = str(app.screen.query_one(PostHeader).render())
        lines = header.splitlines()
        assert len(lines) <= 6, lines  # title, date + labels (wrapped), URL path
        assert "in c0, c1, c2" in header and "#tag0 #tag1" in header
        assert "more" in header and "+9,9" in header  # "+9,99x more" for each list
        assert "tag9999" not in header
        assert lines[-1].endswith("…")  # the URL (10,000 categories in it) cut, not wrapped
        # the reader still answers: the list moves to the light post and back
        app.screen.query_one(PostList).focus()
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.current.title == "Light"


async def test_the_grouped_views_list_a_heavy_post_a_bounded_number_of_times(blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=blog)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        posts.focus()
        await pilot.press("v")  # by category
        await settle(pilot)
        assert posts.view == "category"
        labels = posts.group_labels()
        assert len(labels) == MAX_LABELS + 2  # its first 100, "more than 100", python
        assert f"{MORE_CATEGORIES} (1)" in labels and "python (1)" in labels
        await pilot.press("v")  # by tag
        await settle(pilot)
        labels = posts.group_labels()
        assert len(labels) == MAX_LABELS + 2
        assert f"{MORE_TAGS} (1)" in labels and "gc (1)" in labels
        assert len(posts.rows) < 3 * (MAX_LABELS + 2)


def test_show_prints_a_small_header_for_a_post_with_10000_labels(blog: Path) -> None:
    env = {**os.environ, "BLOGTUI_CONFIG": os.devnull, "NO_COLOR": ""}
    out = subprocess.run(
        [sys.executable, "-m", "blogtui", "show", str(blog / "_posts/2024-01-02-heavy.md")]
        + ["--width", "80"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    head = out.stdout.split("The body.")[0]
    assert len(head) < 600, head  # was 130 KB: every category and tag, and the whole URL
    assert "+9,9" in head and "more" in head
    assert len(head.strip().splitlines()) == 3  # title, date and labels, URL path (cut)
