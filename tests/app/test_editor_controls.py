"""Control characters in a post never reach the terminal from the editor (issue 15, 16).

The post's bytes are shown visibly (one cell per control character, in their own style), kept in
the buffer and saved unchanged. The test scans what the app would write to a real terminal: the
screen's full compositor update rendered to a string, exactly what the driver is handed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.support.editor_app import EditorApp
from tests.support.pilot import settle_or_question as settle

from blogtui.config import Settings
from blogtui.tui.screens.editor import EditorScreen

HOSTILE = (
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52 clipboard write
    "\x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]2;PWNED\x07",  # OSC 2 window title
    "\x1b[2J",  # erase the screen
    "\x1bP+q\x1b\\",  # DCS
    "\x9d0;c1\x9c",  # 8-bit OSC/ST
    "\x9b31m",  # 8-bit CSI
    "\u202eevil",  # bidi override
)

POST = (
    "---\ntitle: Hostile\ndate: 2024-01-02 10:00 +0000\n---\n"
    "Inline `" + HOSTILE[0] + "` code.\n\n"
    "```\n" + "\n".join(HOSTILE) + "\n```\n\n"
    "A footnote.[^1]\n\n[^1]: " + HOSTILE[1] + HOSTILE[2] + "\n"
)

#: what a terminal must never get from other people's text
_FORBIDDEN = re.compile(r"\x1b\]|\x1bP|\x1b_|\x1b\^|\x1bX|[\x80-\x9f]|\x07|\u202e")
#: Textual's own CSI: SGR colours and cursor moves / erases it emits itself
_CSI = re.compile(r"\x1b\[([0-9;:?]*)([ -/]*)([@-~])")
_OWN_FINALS = {"m", "H"}


def terminal_output(app: EditorApp) -> str:
    """What Textual would write to the terminal to draw the whole screen now."""
    update = app.screen._compositor.render_update(full=True)
    assert update is not None
    return update.render_segments(app.console)


def assert_clean(out: str) -> None:
    bad = _FORBIDDEN.search(out)
    assert bad is None, f"forbidden sequence {out[bad.start() : bad.start() + 12]!r}"
    for m in _CSI.finditer(out):
        assert m.group(3) in _OWN_FINALS, f"unexpected CSI {m.group(0)!r}"
    rest = _CSI.sub("", out)
    assert "\x1b" not in rest, f"stray ESC {rest[rest.index(chr(27)) :][:12]!r}"


def make_app(path: Path, tmp_path: Path) -> EditorApp:
    from blogtui.blog.site import open_site

    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    return EditorApp(path, settings=settings, site=open_site(path.parent.parent))


def editor(app: EditorApp) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


@pytest.fixture
def hostile_post(tmp_path: Path) -> Path:
    posts = tmp_path / "blog" / "_posts"
    posts.mkdir(parents=True)
    post = posts / "2024-01-02-title\x1b]2;PWNED\x07x.md"
    post.write_bytes(POST.encode())
    return post


@pytest.mark.parametrize("soft_wrap", [True, False])
async def test_control_characters_are_drawn_visibly_not_sent(
    hostile_post: Path, tmp_path: Path, soft_wrap: bool
) -> None:
    app = make_app(hostile_post, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        ed = editor(app)
        assert ed.area.text == POST  # kept in the buffer
        ed.area.soft_wrap = soft_wrap
        await pilot.pause()
        assert_clean(terminal_output(app))
        assert "\x1b" not in ed.title and "\x07" not in ed.title
        # visible: the code block's OSC 52 line shows a picture of ESC where the ESC is
        ed.area.move_cursor((9, 0))
        await pilot.pause()
        screen_text = "\n".join(
            "".join(s.text for s in strip)
            for strip in (ed.area.render_line(y) for y in range(ed.area.size.height))
        )
        assert "␛]52;c;cHduZWQ=␇" in screen_text
        assert "␛[2J" in screen_text


async def test_cursor_and_edits_count_a_control_as_one_cell(
    hostile_post: Path, tmp_path: Path
) -> None:
    app = make_app(hostile_post, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        ed = editor(app)
        area = ed.area
        row = POST.splitlines().index(HOSTILE[3])  # "\x1b[2J"
        area.move_cursor((row, 0))
        await pilot.press("right", "x")  # after the ESC: one keystroke moves past it
        await settle(pilot)
        assert area.text.splitlines()[row] == "\x1bx[2J"  # the buffer keeps the real ESC
        assert area.get_column_width(row, 1) == 1  # the ESC takes one cell on screen
        await pilot.press("backspace", "ctrl+s")
        await settle(pilot)
        assert_clean(terminal_output(app))
    assert hostile_post.read_bytes() == POST.encode()  # the user's bytes, unchanged


async def test_saved_toast_and_title_strip_controls(hostile_post: Path, tmp_path: Path) -> None:
    app = make_app(hostile_post, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        ed = editor(app)
        ed.area.insert("!", (4, 0))
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Saved ") for m in messages), messages
        for m in messages:
            assert "\x1b" not in m and "\x07" not in m
        assert_clean(terminal_output(app))
    assert hostile_post.read_bytes() == POST.replace("Inline", "!Inline", 1).encode()
