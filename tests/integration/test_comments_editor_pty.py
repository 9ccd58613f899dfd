"""The reply editor hands off to $EDITOR and takes the text back (a real terminal: a pty)."""

from __future__ import annotations

import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import ROOT, write_post
from tests.support.isso_server import free_port

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

FAKE_EDITOR = """
import sys, pathlib
p = pathlib.Path(sys.argv[1])
p.write_text(p.read_text() + "written in my editor", encoding="utf-8")
pathlib.Path(sys.argv[0]).with_suffix(".ran").write_text("yes")
"""


def wait_for(check, timeout: float, master: int) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                os.read(master, 65536)  # keep the terminal drained
            except OSError:
                return check()
    return check()


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
    env = dict(
        os.environ,
        TERM="xterm-256color",
        EDITOR=f"{sys.executable} {editor}",
        VISUAL="",
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        COLUMNS="100",
        LINES="30",
    )
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "blogtui", str(blog)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    outbox = isolated_dirs["data"] / "blogtui" / "comments-outbox.sqlite3"

    def replies() -> list[str]:
        if not outbox.exists():
            return []
        with sqlite3.connect(outbox) as db:
            return [r[0] for r in db.execute("SELECT text FROM outbox")]

    try:
        assert wait_for(outbox.exists, 20, master), "the reader did not open the comment store"
        wait_for(lambda: False, 1.0, master)
        os.write(master, b"r")
        wait_for(lambda: False, 1.0, master)
        os.write(master, b"Hello. ")
        wait_for(lambda: False, 0.5, master)
        os.write(master, b"\x05")  # ctrl+e: $EDITOR
        assert wait_for(editor.with_suffix(".ran").exists, 15, master), "the editor was not started"
        wait_for(lambda: False, 1.5, master)  # back in blogtui
        os.write(master, b"\x13")  # ctrl+s: into the outbox
        assert wait_for(lambda: bool(replies()), 15, master)
        assert replies() == ["Hello. written in my editor"]
        os.write(master, b"q")
        wait_for(lambda: proc.poll() is not None, 10, master)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        os.close(master)
