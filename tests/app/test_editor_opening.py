"""Opening a big post: keys pressed meanwhile never reach the file (issue 16).

A multi-MB post is read and parsed off the event loop behind an "Opening …" notice; every key but
Esc is dropped until the text is there, Esc cancels, and a save that would remove the front
matter asks first.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from tests.support.editor_app import EditorApp
from textual.pilot import Pilot

from blogtui.config import Settings
from blogtui.tui.screens.choice import Choice
from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.widgets.posttextarea import PostTextArea

HEAD = "---\ntitle: Big\ndate: 2024-01-02 10:00 +0000\n---\n"
BIG = (HEAD + "".join(f"| {i} | cell |\n" for i in range(150_000))).encode()  # ~2.5 MB


def make_app(path: Path, tmp_path: Path) -> EditorApp:
    from blogtui.blog.site import open_site

    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    return EditorApp(path, settings=settings, site=open_site(path.parent.parent))


def post(tmp_path: Path, data: bytes) -> Path:
    posts = tmp_path / "blog" / "_posts"
    posts.mkdir(parents=True)
    path = posts / "2024-01-02-big.md"
    path.write_bytes(data)
    return path


async def until(pilot: Pilot, condition: object, tries: int = 1500) -> None:
    for _ in range(tries):
        if callable(condition) and condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


def editor(app: EditorApp) -> EditorScreen:
    for screen in app.screen_stack:
        if isinstance(screen, EditorScreen):
            return screen
    raise AssertionError("no editor")


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Holds the (real) parse of the post in its thread until the test has pressed its keys."""
    opened = threading.Event()
    prepare = PostTextArea.prepare_document

    def held(self: PostTextArea, text: str) -> object:
        opened.wait(30)
        return prepare(self, text)

    monkeypatch.setattr(PostTextArea, "prepare_document", held)
    return opened


async def test_keys_pressed_while_opening_are_dropped(
    tmp_path: Path, gate: threading.Event
) -> None:
    path = post(tmp_path, BIG)
    app = make_app(path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(isinstance(s, EditorScreen) for s in app.screen_stack))
        ed = editor(app)
        await pilot.press("Z", "ctrl+s", "x", "enter", "ctrl+s", "Z")
        assert not ed.loaded
        assert ed.has_class("-opening")
        gate.set()
        await until(pilot, lambda: ed.loaded)
        await pilot.pause(0.2)
        assert ed.area.text == BIG.decode()
        assert not ed.dirty
    assert path.read_bytes() == BIG
    assert app.saved == []


async def test_escape_while_opening_cancels(tmp_path: Path, gate: threading.Event) -> None:
    path = post(tmp_path, BIG)
    app = make_app(path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(isinstance(s, EditorScreen) for s in app.screen_stack))
        ed = editor(app)
        await pilot.press("Z", "escape", "Z", "ctrl+s")
        assert app.results == [None]  # closed at once, without waiting for the load
        assert not ed.loaded
        gate.set()
        await pilot.pause(0.5)
    assert path.read_bytes() == BIG


async def test_save_that_removes_the_front_matter_asks(tmp_path: Path) -> None:
    data = (HEAD + "Body.\n").encode()
    path = post(tmp_path, data)
    app = make_app(path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(isinstance(s, EditorScreen) for s in app.screen_stack))
        ed = editor(app)
        await until(pilot, lambda: ed.loaded)
        ed.area.move_cursor((0, 0))
        await pilot.press("Z", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Choice))
        await pilot.press("escape")  # Keep editing
        await pilot.pause(0.2)
        assert path.read_bytes() == data
        assert ed.dirty


async def test_keys_delivered_late_from_before_the_text_was_there_are_dropped(
    tmp_path: Path,
) -> None:
    """A key pressed while the event loop was busy arrives later with its own (older) time."""
    from textual import events
    from textual._time import get_time

    data = (HEAD + "Body.\n").encode()
    path = post(tmp_path, data)
    pressed_early = get_time()
    app = make_app(path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(isinstance(s, EditorScreen) for s in app.screen_stack))
        ed = editor(app)
        await until(pilot, lambda: ed.loaded)
        early = events.Key("z", "z")
        early.time = pressed_early
        ed.area.post_message(early)
        await pilot.pause(0.1)
        assert ed.area.text == data.decode()
        await pilot.press("y")  # a key pressed now is typed
        assert ed.area.text == "y" + data.decode()


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
async def test_a_big_post_round_trips_its_bytes(tmp_path: Path, newline: str) -> None:
    """Over the highlighting limit the buffer is the compact document: typing, undoing and
    saving give back the user's bytes (CRLF, control characters, no newline at the end)."""
    rows = "".join(f"| {i} | \x1b[2J\x07 cell |\n" for i in range(80_000))  # ~1.9 MB
    text = (HEAD + rows + "last line, no newline").replace("\n", newline)
    data = text.encode()
    path = post(tmp_path, data)
    app = make_app(path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(isinstance(s, EditorScreen) for s in app.screen_stack))
        ed = editor(app)
        await until(pilot, lambda: ed.loaded)
        assert ed.area.text is ed.session.saved_text  # one copy of the text, not two
        await pilot.press("ctrl+s")  # unchanged: nothing written
        await pilot.pause(0.3)
        assert app.saved == []
        ed.area.move_cursor((ed.area.document.line_count - 1, 4))
        await pilot.press("!", "enter")
        ed.area.move_cursor((3, 0))
        await pilot.press("delete")  # the closing "---" broken, and mended by undo
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not ed.has_errors)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.saved)
        expected = text.replace("last line, no newline", "last!" + newline + " line, no newline")
        assert path.read_bytes() == expected.encode()
