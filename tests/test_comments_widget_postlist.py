"""Comment counts and "new" marks in the post list: changed in place (the same tree nodes), in
the rendered lines, for a few posts (TreeNode.set_label) and for many at once (labels swapped,
one refresh)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post
from textual.app import App, ComposeResult

from blogtui.blog.index import load_index
from blogtui.blog.site import open_site
from blogtui.tui.widgets.postlist import PostList


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PostList(id="posts")


def screen_lines(app: App[None]) -> list[str]:
    tree = app.query_one(PostList)
    return ["".join(seg.text for seg in tree.render_line(y)) for y in range(tree.size.height)]


async def test_counts_and_new_marks_show_for_few_and_for_many_posts(tmp_path: Path) -> None:
    for i in range(150):
        write_post(
            tmp_path,
            f"2021-01-01-post-{i:03}.md",
            f"---\ntitle: Post {i:03}\ncategory: notes\n---\nbody\n",
        )
    index = load_index(open_site(tmp_path), tmp_path / "cache")
    app = ListApp()
    async with app.run_test(size=(80, 30)) as pilot:
        tree = app.query_one(PostList)
        tree.set_posts(index.posts)
        await pilot.pause()
        nodes = [leaf for g in tree.root.children for leaf in g.children]
        assert not any("💬" in line for line in screen_lines(app))

        tree.set_comment_counts({p.thread_key: 3 for p in index.posts})  # many at once
        await pilot.pause()
        shown = [line for line in screen_lines(app) if "Post " in line]
        assert shown and all("💬3" in line for line in shown)

        first = index.posts[0]  # the newest post, shown first
        tree.set_comment_counts(
            {**{p.thread_key: 3 for p in index.posts}, first.thread_key: 5}, {first.thread_key: 2}
        )
        await pilot.pause()
        line = next(line for line in screen_lines(app) if first.title in line)
        assert "💬5 ●2 new" in line
        assert [leaf for g in tree.root.children for leaf in g.children] == nodes  # never rebuilt

        tree.set_comment_counts({p.thread_key: 3 for p in index.posts}, {})  # read: the mark goes
        await pilot.pause()
        line = next(line for line in screen_lines(app) if first.title in line)
        assert "new" not in line and "💬3" in line
