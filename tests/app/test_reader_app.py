"""Pilot tests: drive the reader with keys as a user would and check what it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.pilot import settle
from textual.widgets import Input, Static

from blogtui.config import Settings, load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.choice import LinkChoice
from blogtui.tui.screens.dialogs import HelpScreen, TocScreen
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView

SIZE = (120, 40)


def make_app(blog: Path, settings: Settings | None = None) -> BlogApp:
    return BlogApp(settings=settings or load_settings(), blog_path=blog)


def header_plain(app: BlogApp) -> str:
    return str(app.screen.query_one(PostHeader).render())


def listed_titles(app: BlogApp) -> list[str]:
    """The post rows as they read, top to bottom (in groups, or flat)."""
    posts = app.screen.query_one(PostList)
    return [posts.row_line(i, 80).plain for i, r in enumerate(posts.rows) if r.kind == "post"]


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-01-02-fast-imports.md",
        "---\ntitle: Fast imports\ncategories: python perf\ntags: [imports]\n---\n# Fast imports\n\nSee [the GC post]({% post_url 2021-02-03-gc %}).\n\n## Lazy loading\n\ntext\n",
    )
    write_post(
        root,
        "2021-02-03-gc.md",
        "---\ntitle: Garbage collector\ncategories: [python]\ntags: gc memory\n---\n# GC\n\nBack to [imports](/python/perf/2021/01/02/fast-imports.html).\n",
    )
    write_post(
        root,
        "2021-03-04-kafka.md",
        "---\ntitle: Kafka consumers\ncategory: architecture\n---\nKafka body\n",
    )
    write_post(
        root, "_drafts/idea.md", "---\ntitle: An idea\ncategories: python\n---\ndraft body\n"
    )
    return root


async def test_opens_blog_newest_first_then_v_groups_by_category(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert posts.group_labels() == []  # flat, newest first (the draft is dated by its mtime)
        assert [p.title for p in posts.listed_posts()][1:] == [
            "Kafka consumers",
            "Garbage collector",
            "Fast imports",
        ]
        await pilot.press("v")
        assert posts.group_labels() == ["architecture (1)", "perf (1)", "python (3)"]
        # a post with two categories is under both
        assert sum("Fast imports" in t for t in listed_titles(app)) == 2
        # the first post is open: header shows title, URL path and reading time
        header = header_plain(app)
        assert "Kafka consumers" in header
        assert "/architecture/2021/03/04/kafka.html" in header
        assert "min read" in header


async def test_filter_as_you_type_and_escape_clears(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"gc")
        await settle(pilot)
        titles = listed_titles(app)
        assert titles and all("Garbage collector" in t for t in titles)
        await pilot.press("escape")
        await settle(pilot)
        assert any("Kafka" in t for t in listed_titles(app))
        assert not app.screen.query_one("#filter", Input).display


async def test_group_by_tag_then_month_and_hide_drafts(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        await pilot.press("v", "v")
        assert posts.group_labels() == [
            "gc (1)",
            "imports (1)",
            "memory (1)",
            "(no tag) (2)",
        ]
        await pilot.press("v")
        months = [label.split()[0] for label in posts.group_labels()]
        assert months[-3:] == [
            "2021-03",
            "2021-02",
            "2021-01",
        ]  # newest first (the draft is dated by its mtime)
        assert any("[draft]" in t for t in listed_titles(app))
        await pilot.press("d")
        assert not any("[draft]" in t for t in listed_titles(app))


async def test_enter_opens_selected_post_and_links_between_posts(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        # post_url link -> that post
        screen.follow_link("blogtui-post:2021-02-03-gc.md")
        await settle(pilot)
        assert "Garbage collector" in header_plain(app)
        # a link by the other post's URL path
        screen.follow_link("/python/perf/2021/01/02/fast-imports.html")
        await settle(pilot)
        assert "Fast imports" in header_plain(app)
        assert isinstance(app.focused, PostView)


async def test_external_link_asks_before_opening(blog: Path) -> None:
    app = make_app(blog)
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(
        url
    )  # the browser is not ours to start in a test
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.follow_link("https://example.org/x")
        await pilot.pause()
        assert isinstance(app.screen, LinkChoice)
        await pilot.press("enter")  # the focused button is Cancel
        await pilot.pause()
        assert not isinstance(app.screen, LinkChoice)
        app.screen.follow_link("https://example.org/x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert opened == [] and app.clipboard == "" and not isinstance(app.screen, LinkChoice)
        app.screen.follow_link("https://example.org/x")
        await pilot.pause()
        await pilot.press("y")  # copy the URL: the clipboard, because the user asked
        await pilot.pause()
        assert opened == [] and app.clipboard == "https://example.org/x"
        app.screen.follow_link("https://example.org/x")
        await pilot.pause()
        await pilot.press("o")
        assert opened == ["https://example.org/x"]


async def test_toc_and_help_screens(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.show_post(app.screen.index.find("2021-01-02-fast-imports"))
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TocScreen)
        assert [e[1] for e in app.screen.entries] == ["Fast imports", "Lazy loading"]
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {row[2] for row in app.screen.rows}
        assert {"app.quit", "reader.filter", "reader.toc", "app.help"} <= ids


async def test_keymap_from_config_remaps_a_binding(blog: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[keys]\n"reader.filter" = "f"\n')
    app = make_app(blog, load_settings(cfg))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.focused, Input)


async def test_hostile_titles_and_bodies_are_shown_literally(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-01-01-evil.md",
        '---\ntitle: "[bold]Boom[/] \\e]52;c;ZXZpbA==\\a"\ncategories: "[/]"\n---\n'
        "Body with [red]markup[/] and \x1b[31mANSI\x1b[0m and a bell\x07.\n",
    )
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = header_plain(app)
        assert "[bold]Boom[/]" in header
        assert "\x1b" not in header and "\x07" not in header
        posts = app.screen.query_one(PostList)
        assert "[bold]Boom[/]" in posts.rendered_lines()[0]
        await pilot.press("v")
        assert "[/] (1)" in posts.group_labels()


async def test_unreadable_files_are_listed_and_app_keeps_running(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_post(root, "2021-01-01-good.md", "---\ntitle: Good\n---\nfine\n")
    write_post(root, "2021-01-02-bad.md", "---\ntitle: [oops\n---\n")
    write_post(root, "2021-01-03-bin.md", b"\x00\x01\x02")
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PostList).group_labels() == ["⚠ unreadable files (1)"]
        assert "⚠ Bad" in "\n".join(listed_titles(app))  # bad YAML is a post with a ⚠
        status = str(app.screen.query_one("#status", Static).render())
        assert "1 unreadable files" in status and "1 with problems" in status


async def test_post_deleted_under_us_shows_a_message(blog: Path) -> None:
    app = make_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post = app.screen.index.find("2021-02-03-gc")
        post.path.unlink()
        app.screen.show_post(post)
        await settle(pilot)
        assert "Garbage collector" in header_plain(app)
        shown = "\n".join(app.screen.query_one(PostView).rendered_lines())
        assert "Could not read this post" in shown
        assert app.is_running


async def test_unknown_binding_id_in_keys_is_reported_with_line(blog: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('theme = "nord"\n[keys]\n"reader.filtr" = "f"\n')
    app = make_app(blog, load_settings(cfg))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(
            f"{cfg}:3: unknown binding id 'reader.filtr' in [keys] (did you mean 'reader.filter'?)"
            in m
            for m in messages
        )
        await pilot.press("f")
        assert not isinstance(app.focused, Input)


async def test_post_link_to_a_file_name_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_post(
        root,
        "2021-01-01-from.md",
        "---\ntitle: From\n---\nSee [it]({% post_url 2021-02-02-café au lait %}).\n",
    )
    write_post(root, "2021-02-02-café au lait.md", "---\ntitle: Café\n---\nbody\n")
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from blogtui.blog.posthref import post_href

        app.screen.follow_link(post_href("2021-02-02-café au lait.md"))
        await settle(pilot)
        assert "Café" in header_plain(app)


async def test_filter_shows_the_best_match_even_when_the_cursor_line_does_not_move(
    sample_blog: Path,
) -> None:
    app = make_app(sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "k")  # matches several posts: the cursor sits on line 1
        await settle(pilot)
        await pilot.press(*"afka")  # now only Kafka: it is on line 1 too
        await settle(pilot)
        assert "Kafka Consumers in Python" in header_plain(app)


async def test_a_failing_index_load_is_told_and_q_still_quits(blog: Path) -> None:
    """A worker that fails is never silent: "Loading the blog…" must not stay forever."""

    def broken() -> None:
        raise PermissionError("[Errno 13] the disk said no")

    app = make_app(blog)
    app.build_index = broken  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Could not read the blog" in header_plain(app)
        assert "the disk said no" in header_plain(app)
        assert any("the disk said no" in str(n.message) for n in app._notifications)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
