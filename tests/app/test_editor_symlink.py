"""Saving: an unchanged buffer writes nothing; a symlinked post stays a link (issue 16)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from tests.support.editor_app import EditorApp
from tests.support.pilot import settle_or_question
from textual.pilot import Pilot

from blogtui.atomic import atomic_write
from blogtui.config import Settings
from blogtui.tui.screens.choice import Choice
from blogtui.tui.screens.editor import EditorScreen

GOOD = b"---\ntitle: Hello\ndate: 2024-01-02 10:00 +0000\n---\nBody text.\n"

#: the editor's questions: a save waits for their answer
settle = functools.partial(settle_or_question, questions=(Choice,))


def make_app(path: Path, root: Path, tmp_path: Path) -> EditorApp:
    from blogtui.blog.site import open_site

    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    return EditorApp(path, settings=settings, site=open_site(root))


async def opened(pilot: Pilot, app: EditorApp) -> EditorScreen:
    for _ in range(500):
        screen = app.screen
        if isinstance(screen, EditorScreen) and screen.loaded:
            await pilot.pause(0.1)
            return screen
        await pilot.pause(0.02)
    raise AssertionError("not opened")


def blog_with_link(tmp_path: Path, target_dir: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / "real.md"
    target.write_bytes(GOOD)
    link = root / "_posts" / "2024-01-02-hello.md"
    link.symlink_to(target)
    return root, link, target


async def test_unchanged_symlinked_post_saves_nothing(tmp_path: Path) -> None:
    root, link, target = blog_with_link(tmp_path, tmp_path / "elsewhere")
    before = target.stat()
    app = make_app(link, root, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, Choice)
        assert "No changes to save." in [n.message for n in app._notifications]
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == GOOD
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert app.saved == []


async def test_changed_symlinked_post_writes_through_to_its_target(tmp_path: Path) -> None:
    root, link, target = blog_with_link(tmp_path, tmp_path / "blog" / "shared")
    app = make_app(link, root, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        ed = await opened(pilot, app)
        ed.area.insert("New ", (4, 0))
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == GOOD.replace(b"Body", b"New Body")
    assert sorted(p.name for p in target.parent.iterdir()) == ["real.md"]  # no temp left


async def test_symlink_to_a_file_outside_the_blog_asks_first(tmp_path: Path) -> None:
    root, link, target = blog_with_link(tmp_path, tmp_path / "elsewhere")
    app = make_app(link, root, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        ed = await opened(pilot, app)
        ed.area.insert("New ", (4, 0))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")  # Cancel
        await settle(pilot)
        assert target.read_bytes() == GOOD
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#write")
        await settle(pilot)
    assert link.is_symlink()
    assert target.read_bytes() == GOOD.replace(b"Body", b"New Body")


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "a" / "target.md"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
