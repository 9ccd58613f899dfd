"""The editor's status line and document keys: what an author sees while writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.app.test_editor import GOOD, editor, make_app, settle

from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.widgets.editorstatus import EditorStatus


@pytest.fixture(autouse=True)
def fast_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EditorScreen, "VALIDATE_DELAY", 0.01)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / "blog" / "_posts").mkdir(parents=True)
    return tmp_path / "blog"


def status(pilot) -> str:
    return str(pilot.app.screen.query_one(EditorStatus).render())


async def test_status_line_names_the_file_marks_changes_and_follows_the_cursor(
    blog: Path, tmp_path: Path
) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    async with make_app(post, tmp_path).run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        shown = status(pilot)
        assert "2024-01-02-hello.md" in shown and "saved" in shown
        assert "Ln 1, Col 1" in shown and "no problems" in shown
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert "Ln 7, Col 1" in status(pilot)  # after "Body text.\n": the empty last line
        await pilot.press("x")
        await settle(pilot)
        assert "● modified" in status(pilot) and "Ln 7, Col 2" in status(pilot)
        await pilot.press("backspace")  # typed back to what is on disk
        await settle(pilot)
        assert "● modified" not in status(pilot)
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert "Ln 1, Col 1" in status(pilot)


async def test_status_line_counts_problems_and_clears_after_a_save(
    blog: Path, tmp_path: Path
) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD.replace(b"title: Hello", b"title: [Hello"))
    async with make_app(post, tmp_path).run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert "1 error" in status(pilot)
        area = editor(pilot).area
        area.move_cursor((1, 7))
        await pilot.press("delete")  # the stray "[" goes: valid again
        await settle(pilot)
        assert "no problems" in status(pilot) and "● modified" in status(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert post.read_bytes() == GOOD
        assert "saved" in status(pilot) and "● modified" not in status(pilot)


def test_a_long_file_name_is_cut_so_the_counts_always_show() -> None:
    from blogtui.tui.widgets.editorstatus import status_line

    line = status_line("2025-03-09-" + "x" * 200 + ".md", True, 96, 1, [], width=60)
    assert line.cell_len <= 60 and str(line).endswith("no problems")
    assert "…" in str(line) and "● modified   Ln 97, Col 2" in str(line)


async def test_a_big_post_just_opened_is_not_marked_modified(blog: Path, tmp_path: Path) -> None:
    """The text area's own "changed" after loading the file is no edit (a 1.2 MB table showed
    "● modified" until the first key)."""
    post = blog / "_posts" / "2024-01-02-table.md"
    rows = "".join(f"| {i} | cell {i} |\n" for i in range(60_000))
    post.write_bytes(GOOD + b"\n| a | b |\n|---|---|\n" + rows.encode())
    async with make_app(post, tmp_path).run_test(size=(100, 24)) as pilot:
        for _ in range(3):
            await settle(pilot, 0.3)
        assert editor(pilot).loaded
        assert "saved" in status(pilot) and "modified" not in status(pilot), status(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert "● modified" in status(pilot)
