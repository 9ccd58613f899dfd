"""The editor's plain helpers: the preview window around the cursor, the editor command."""

from __future__ import annotations

from pathlib import Path

from blogtui.config import Settings
from blogtui.tui.screens.editor_support import (
    _fenced_rows,
    check_text,
    editor_command,
    preview_text,
)

HEAD = "---\ntitle: T\n---\n"


def long_post() -> str:
    parts = []
    for i in range(60):
        parts.append(
            f"## Section {i}\n\nText of section {i}.\n\n```python\n# not a heading {i}\nx = {i}\n```\n\n"
        )
    return HEAD + "".join(parts) * 4


def test_short_body_is_previewed_whole() -> None:
    text = HEAD + "# Hello\n\nWorld\n"
    assert preview_text(text, 0) == ("# Hello\n\nWorld\n", True)


def test_long_body_is_cut_around_the_cursor_at_a_heading() -> None:
    text = long_post()
    lines = text.splitlines()
    row = lines.index("Text of section 30.", 2000 // 10)  # somewhere in the middle
    shown, whole = preview_text(text, row, limit=2_000)
    assert not whole
    assert shown.startswith("*Preview of lines ")
    body = shown.split("\n\n", 1)[1]
    assert body.startswith("## Section 30\n")  # the heading above the cursor
    assert "Text of section 30." in body
    assert len(body) < 2_000 + 200
    assert body.count("```") % 2 == 0  # never cut inside a code block
    first = int(shown.split("lines ")[1].split("–")[0])
    assert lines[first - 1] == "## Section 30"


def test_fenced_rows_ignore_headings_in_code() -> None:
    lines = ["a\n", "```\n", "# x\n", "```\n", "# y\n"]
    assert _fenced_rows(lines) == [False, True, True, True, False]


def test_cursor_in_front_matter_previews_the_start() -> None:
    shown, whole = preview_text(long_post(), 0, limit=1_000)
    assert not whole and "## Section 0" in shown


def test_check_text_reports_yaml_error_with_file_line(tmp_path: Path) -> None:
    problems = check_text(
        "---\ntitle: [x\n---\nbody\n", tmp_path / "2024-01-01-x.md", None, Settings()
    )
    assert any(p.severity == "error" for p in problems)


def test_editor_command_order(monkeypatch) -> None:
    monkeypatch.setenv("VISUAL", "nano -w")
    monkeypatch.setenv("EDITOR", "vim")
    assert editor_command(Settings()) == ["nano", "-w"]
    assert editor_command(Settings(editor="code --wait")) == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert editor_command(Settings()) == ["vim"]
