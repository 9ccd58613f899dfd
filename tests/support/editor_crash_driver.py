"""Run the editor on a post, type, then wait to be killed (used by tests/app/test_editor_crash.py).

Usage: python tests/support/editor_crash_driver.py POST DATA_DIR TEXT
Prints "typed" once the keystrokes were applied, then sleeps until SIGKILL.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.support.editor_app import EditorApp

from blogtui.config import Settings
from blogtui.tui.screens.editor import EditorScreen

EditorScreen.RECOVERY_INTERVAL = 0.2


async def main(post: Path, data: Path, text: str) -> None:
    app = EditorApp(post, settings=Settings(data_dir=data, cache_dir=data / "cache"))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(500):
            screen = app.screen
            if isinstance(screen, EditorScreen) and screen.loaded:
                break
            await pilot.pause(0.02)
        area = app.screen.area  # type: ignore[attr-defined]
        last = area.document.line_count - 1
        area.move_cursor((last, len(area.document[last])))
        await pilot.press(*[("space" if c == " " else c) for c in text])
        print("typed", flush=True)
        await asyncio.sleep(600)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
