"""`q` (reader) and `ctrl+q` (anywhere) end the app within seconds, whatever it is busy with:
a huge post being laid out, a huge post opening in the editor. The states that need a real process
to tell (a thread the interpreter waits for at exit) are in
tests/integration/test_quit_from_any_hang.py, which runs blogtui in a pty."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.app.test_reader_navigation import app_for

from blogtui.tui.screens.editor import EditorScreen

#: generous: the goal is 2 s (a hang is forever); the suite runs on a loaded 2-core machine
DEADLINE = 10.0


def huge_post(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("---\ntitle: Huge\n---\n" + body, encoding="utf-8")
    return path


async def quits(pilot, *keys: str) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    await pilot.press(*keys)
    while pilot.app.is_running and time.monotonic() - start < DEADLINE:
        await pilot.pause(0.05)
    return time.monotonic() - start


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_while_a_huge_post_is_laid_out(tmp_path: Path, key: str) -> None:
    lines = "\n".join(f"line {i} of a paragraph that never ends, " * 3 for i in range(40_000))
    huge_post(tmp_path / "blog", "2021-01-01-huge.md", lines)
    app = app_for(tmp_path / "blog", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)  # the index is read; the post is being laid out
        await quits(pilot, key)
        assert not app.is_running


async def test_ctrl_q_while_a_huge_post_opens_in_the_editor(tmp_path: Path) -> None:
    huge_post(tmp_path / "blog", "2021-01-01-huge.md", "x" * 6_000_000)
    app = app_for(tmp_path / "blog", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.workers or all(w.is_finished for w in app.workers):
                break
        await pilot.press("e")
        await pilot.pause(0.05)
        assert isinstance(app.screen, EditorScreen)
        await quits(pilot, "ctrl+q")
        assert not app.is_running
