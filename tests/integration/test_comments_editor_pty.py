"""The reply editor hands off to $EDITOR and takes the text back (a real terminal: a pty)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.isso_server import free_port
from tests.support.pty_app import PtyApp

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

FAKE_EDITOR = """
import sys, pathlib
p = pathlib.Path(sys.argv[1])
p.write_text(p.read_text() + "written in my editor", encoding="utf-8")
pathlib.Path(sys.argv[0]).with_suffix(".ran").write_text("yes")
"""


def test_reply_goes_through_the_external_editor_into_the_outbox(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    blog = tmp_path / "blog"
    write_post(blog, "2021-03-04-kafka.md", "---\ntitle: Kafka consumers\n---\nbody\n")
    editor = tmp_path / "fake_editor.py"
    editor.write_text(FAKE_EDITOR, encoding="utf-8")
    cfg = isolated_dirs["config"] / "blogtui" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(
        f'[comments]\nurl = "http://127.0.0.1:{free_port()}/"\ntimeout = 1\n', encoding="utf-8"
    )
    outbox = isolated_dirs["data"] / "blogtui" / "comments-outbox.sqlite3"

    def replies() -> list[str]:
        if not outbox.exists():
            return []
        with sqlite3.connect(outbox) as db:
            return [r[0] for r in db.execute("SELECT text FROM outbox")]

    with PtyApp([str(blog)], size=(100, 30), EDITOR=f"{sys.executable} {editor}", VISUAL="") as app:
        assert app.wait_until(outbox.exists, 20), "the reader did not open the comment store"
        app.pause(1.0)
        app.press("r")
        app.pause(1.0)
        app.press("Hello. ")
        app.pause(0.5)
        app.press("\x05")  # ctrl+e: $EDITOR
        assert app.wait_until(editor.with_suffix(".ran").exists, 15), "the editor was not started"
        app.pause(1.5)  # back in blogtui
        app.press("ctrl+s")  # into the outbox
        assert app.wait_until(lambda: bool(replies()), 15)
        assert replies() == ["Hello. written in my editor"]
        app.press("q")
        assert app.proc is not None
        proc = app.proc
        app.wait_until(lambda: proc.poll() is not None, 10)
