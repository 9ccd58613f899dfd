"""FastTextArea's compact storage looks and behaves like Textual's TextArea (issue 16).

A line over ``LONG_LINE`` is drawn only as far as the view reaches, and rows are only as wide as
the view; the screen must not change for it: the same keys go to a stock TextArea and to a
FastTextArea, and every visible row must be identical.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import TextArea

from blogtui.tui.widgets.fasttextarea import LONG_LINE, FastTextArea

LONG = "".join(f"word{i} " for i in range(LONG_LINE // 4))  # ~3x LONG_LINE characters
LONG_DOC = "---\ntitle: Long\n---\nshort line\n" + LONG + "\nafter the long line\n\tTabbed end"


class Pair(App[None]):
    CSS = "TextArea { height: 1fr; width: 60; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        for cls, ident in ((TextArea, "stock"), (FastTextArea, "fast")):
            yield cls(self.text, soft_wrap=False, show_line_numbers=True, id=ident)


def rows(area: TextArea) -> list[list[tuple[str, object]]]:
    strips = area.render_lines(Region(0, 0, area.size.width, area.size.height))
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


async def test_a_long_line_looks_the_same_wherever_it_is_scrolled() -> None:
    app = Pair(LONG_DOC)
    steps: list[object] = [
        ("move", (4, 0)),
        ("move", (4, len(LONG) // 2)),  # scrolled far right, into the middle of the line
        *"typed",
        "backspace",
        "shift+right",
        "shift+right",
        "down",  # onto a short line: the view stays scrolled right
        "end",
        ("move", (4, len(LONG))),
        "x",
        ("move", (6, 0)),
        "enter",
        "ctrl+z",
    ]
    async with app.run_test(size=(130, 30)) as pilot:
        snapshots: dict[str, list[object]] = {"stock": [], "fast": []}
        for ident in ("stock", "fast"):
            area = app.query_one(f"#{ident}", TextArea)
            area.cursor_blink = False
            area.focus()
            await pilot.pause()
            for step in steps:
                if isinstance(step, tuple):
                    area.move_cursor(step[1])
                else:
                    await pilot.press(str(step))
                await pilot.pause()
                snapshots[ident].append(
                    (step, area.text, area.selection, area.scroll_offset, rows(area))
                )
            area.blur()
            await pilot.pause()
        for before, after in zip(snapshots["stock"], snapshots["fast"], strict=True):
            assert before == after, f"after {before[0]!r}"
