"""Pilot tests: the reader follows the disk (another editor, git) while it runs."""

from __future__ import annotations

import os
from pathlib import Path

from tests.app.test_reader_app import SIZE, header_plain, listed_titles, make_app
from tests.app.test_reader_broken import settings, shown
from tests.conftest import write_post
from tests.support.pilot import settle, wait_for

from blogtui.tui.widgets.postview import PostView

LONG = "---\ntitle: Long read\n---\n" + "".join(f"Paragraph {i}.\n\n" for i in range(200))


def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2021-01-01-old.md", "---\ntitle: Old post\n---\nold\n")
    write_post(root, "2021-06-01-long.md", LONG)
    return root


def watching(app) -> bool:
    watcher = app.screen.follow.watcher
    return watcher is not None and watcher.thread.is_alive()


async def test_a_new_post_appears_the_open_post_follows_and_a_deleted_one_says_so(
    tmp_path: Path,
) -> None:
    root = blog(tmp_path)
    app = make_app(root, settings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: watching(app))
        await pilot.pause(0.3)  # the watch is set up
        assert "Long read" in header_plain(app)  # the newest post is open

        write_post(root, "2021-03-03-new.md", "---\ntitle: Written in vim\n---\nnew\n")
        await wait_for(pilot, lambda: any("Written in vim" in t for t in listed_titles(app)))

        view = app.screen.query_one(PostView)
        view.scroll_to(y=40, animate=False, immediate=True)
        await pilot.pause()
        post = root / "2021-06-01-long.md"
        post.write_text(LONG.replace("Paragraph 0.", "Paragraph zero, edited elsewhere."))
        await wait_for(pilot, lambda: "Paragraph zero, edited elsewhere." in shown(app))
        await settle(pilot)
        assert int(view.scroll_y) == 40  # the reading position is kept

        post.unlink()
        # header and toast together: a toast expires after 5 s, which a loaded machine can take
        await wait_for(
            pilot,
            lambda: (
                "deleted on disk" in header_plain(app)
                and any("deleted on disk" in n.message for n in app._notifications)
            ),
        )
        assert "Long read" in header_plain(app)
        assert "Paragraph zero" in shown(app)  # the text stays on screen
        assert not any("Long read" in t for t in listed_titles(app))


async def test_a_post_broken_on_disk_is_marked_and_shows_its_problem(tmp_path: Path) -> None:
    root = blog(tmp_path)
    app = make_app(root, settings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: watching(app))
        await pilot.pause(0.3)
        post = root / "2021-06-01-long.md"
        post.write_text(LONG.replace("title: Long read", "title: Long read\n\tdate: x"))
        await wait_for(pilot, lambda: "This post has problems" in shown(app))
        assert any(t.startswith("⚠ Long") for t in listed_titles(app))


async def test_watch_false_in_config_turns_it_off(tmp_path: Path) -> None:
    root = blog(tmp_path)
    config = settings(tmp_path)
    config.watch = False
    app = make_app(root, config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.follow.watcher is None
    assert os.path.exists(root)


async def test_a_post_open_in_the_editor_is_not_reloaded_under_the_user(tmp_path: Path) -> None:
    from blogtui.tui.screens.editor import EditorScreen

    root = blog(tmp_path)
    app = make_app(root, settings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: watching(app))
        await pilot.pause(0.3)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.loaded)
        editor = app.screen
        await pilot.press(*"Mine ")
        typed = editor.area.text
        post = root / "2021-06-01-long.md"
        post.write_text(LONG.replace("Paragraph 1.", "Theirs."))
        reader = app.screen_stack[-2]
        # the reader behind follows the disk; the editor only warns (it asks at save time)
        await wait_for(pilot, lambda: reader.current.mtime_ns == post.stat().st_mtime_ns)
        await wait_for(
            pilot, lambda: any("changed on disk" in n.message for n in app._notifications)
        )
        assert app.screen is editor and editor.area.text == typed  # the buffer is the user's
