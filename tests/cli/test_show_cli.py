"""`blogtui show POST`: the post as the reader shows it, for pipes, pagers and scripts."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

POST = """---
title: Showing Off
tags: [demo]
version: 2.1
---
# {{ page.title }}

Version **{{ page.version }}** is <em>out</em>; see [the notes](https://example.org/notes).

<table><tr><th>Key</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>
"""


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: Demo\n", encoding="utf-8")
    post = tmp_path / "_posts" / "2024-03-04-showing-off.md"
    post.write_text(POST, encoding="utf-8")
    return post


def show(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BLOGTUI_CONFIG": os.devnull, "NO_COLOR": ""}
    return subprocess.run(
        [sys.executable, "-m", "blogtui", "show", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_piped_output_is_the_post_as_plain_text(blog: Path) -> None:
    out = show(str(blog), "--width", "60")
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout
    assert out.stdout.splitlines() == [
        "Showing Off",
        "2024-03-04 00:00 +0000  ·  1 min read  ·  #demo",
        "/2024/03/04/showing-off.html",
        "",
        "# Showing Off",
        "",
        "Version 2.1 is out; see the notes.",
        "",
        "┌─────┬───────┐",
        "│ Key │ Value │",
        "├─────┼───────┤",
        "│ a   │ 1     │",
        "└─────┴───────┘",
    ]


def test_width_wraps_the_body(blog: Path) -> None:
    out = show(str(blog), "--width", "24", "--plain")
    body = out.stdout.splitlines()
    assert "Version 2.1 is out; see" in body and "the notes." in body


def _on_a_terminal(*args: str) -> str:
    master, slave = pty.openpty()
    env = {**os.environ, "BLOGTUI_CONFIG": os.devnull, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "blogtui", "show", *args], stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_it_has_styles_and_plain_turns_them_off(blog: Path) -> None:
    styled = _on_a_terminal(str(blog), "--width", "60")
    assert "\x1b[" in styled and "Showing Off" in styled
    plain = _on_a_terminal(str(blog), "--width", "60", "--plain")
    assert "\x1b" not in plain and "Version 2.1 is out" in plain


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    out = show(str(tmp_path / "nope.md"))
    assert out.returncode == 2
    assert "no such file" in out.stderr and out.stdout == ""


def test_an_unreadable_file_exits_1_with_the_reason(blog: Path) -> None:
    blog.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    out = show(str(blog))
    assert out.returncode == 1
    assert "cannot be read" in out.stderr and "unclosed" in out.stderr


def test_show_never_imports_textual(blog: Path) -> None:
    code = (
        "import sys\nfrom blogtui.cli import main\n"
        f"rc = main(['show', {str(blog)!r}, '--plain'])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', rc)\n"
    )
    env = {**os.environ, "BLOGTUI_CONFIG": os.devnull}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN 0"


def test_the_date_is_shown_as_written_and_the_url_is_jekylls(tmp_path: Path) -> None:
    """+0300 stays +0300 in the header; the site's time zone decides the URL's day, as in Jekyll."""
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("timezone: America/New_York\n", encoding="utf-8")
    post = tmp_path / "_posts" / "2021-03-04-early.md"
    post.write_text("---\ntitle: Early\ndate: 2021-03-04 03:00:00 +0300\n---\nHi.\n", "utf-8")
    done = show(str(post), "--plain", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2021-03-04 03:00 +0300" in done.stdout
    assert "/2021/03/03/early.html" in done.stdout  # 19:00 the day before in New York
