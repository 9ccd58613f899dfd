"""`q` (reader) and `ctrl+q` (anywhere) end the app within seconds, whatever it is busy with:
a huge post being laid out, a huge post opening in the editor."""

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


async def test_q_after_the_editor_closes_on_a_100000_row_table(tmp_path: Path) -> None:
    """The reader laid out a huge table again behind the editor and stopped answering (issue 15)."""
    rows = "".join(
        f"| {i} | cell {i} | [link](https://example.com/{i}) |\n" for i in range(100_000)
    )
    huge_post(tmp_path / "blog", "2021-01-01-table.md", "| a | b | c |\n|---|---|---|\n" + rows)
    app = app_for(tmp_path / "blog", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("e")
        for _ in range(400):  # the editor opens (a few seconds on a loaded machine)
            await pilot.pause(0.05)
            if isinstance(app.screen, EditorScreen) and app.screen.loaded:
                break
        assert isinstance(app.screen, EditorScreen) and app.screen.loaded
        await pilot.press("escape")
        await pilot.pause(0.1)
        await quits(pilot, "q")
        assert not app.is_running
