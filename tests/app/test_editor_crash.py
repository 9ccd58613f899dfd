"""kill -9 while editing: the next session offers the unsaved text back, and saving it works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.app.test_editor import GOOD, editor, make_app, settle
from tests.conftest import ROOT

from blogtui.blog.recovery import RecoveryStore
from blogtui.tui.screens.choice import Choice
from blogtui.tui.screens.editor import EditorScreen

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def crash_while_typing(post: Path, data: Path, text: str) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "support" / "editor_crash_driver.py"),
            str(post),
            str(data),
            text,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "typed", proc.stderr.read() if proc.stderr else ""
        store = RecoveryStore(data)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            copy = store.load(post)
            if copy is not None and copy.text.endswith(text):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("no recovery copy was written while typing")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


async def test_killed_session_is_recovered(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    crash_while_typing(post, tmp_path / "data", "words that must survive")
    assert post.read_bytes() == GOOD  # nothing was saved

    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Choice)  # "Unsaved changes found"
        await pilot.click("#restore")
        await settle(pilot)
        ed = editor(pilot)
        assert ed.area.text == GOOD.decode() + "words that must survive"
        assert RecoveryStore(tmp_path / "data").load(post) is not None  # kept until saved
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert post.read_bytes() == GOOD + b"words that must survive"
        assert RecoveryStore(tmp_path / "data").load(post) is None


async def test_recovery_can_be_discarded(tmp_path: Path) -> None:
    post = tmp_path / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    RecoveryStore(tmp_path / "data").save(post, GOOD.decode() + "old unsaved")
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.area.text == GOOD.decode()
    assert RecoveryStore(tmp_path / "data").load(post) is None
