"""FastTextArea must look and behave exactly like Textual's TextArea, only faster.

The same keystrokes go to a stock TextArea and to a FastTextArea; the documents, sizes and the
rendered rows (text and styles, highlighting included) must be identical.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import TextArea

from blogtui.tui.widgets.fasttextarea import HIGHLIGHT_MARGIN, FastTextArea

DOC = (
    (
        '---\ntitle: "Speed"\ntags: [a, b]\n---\n# Heading one\n\nSome *emphasis* and `code` and a [link](http://x.org).\n'
        "```python\ndef f():\n\treturn 1\n```\n\n- item one\n- item two with a rather long line that will need to be wrapped when soft wrap is on\n"
    )
    + "".join(
        f"Paragraph {i} with **bold** text and ünïcödé 日本語 wide chars.\n\n" for i in range(300)
    )
    + "## The end\n"
)

KEYS = [
    *"Hello",
    "enter",
    *"# New heading",
    "enter",
    "backspace",
    "backspace",
    *"**bold**",
    "ctrl+z",
    "ctrl+y",
    "shift+left",
    "shift+left",
    "shift+up",
    *"x",
    "tab",
    "end",
    "enter",
    *"```",
    "enter",
    *"code",
]


class Pair(App[None]):
    def __init__(self, soft_wrap: bool, language: str | None) -> None:
        super().__init__()
        self.soft_wrap = soft_wrap
        self.language = language

    def compose(self) -> ComposeResult:
        for cls, ident in ((TextArea, "stock"), (FastTextArea, "fast")):
            yield cls(
                DOC,
                language=self.language,
                soft_wrap=self.soft_wrap,
                show_line_numbers=True,
                tab_behavior="indent",
                id=ident,
            )

    CSS = "TextArea { height: 1fr; width: 60; }"


def rows(area: TextArea) -> list[list[tuple[str, object]]]:
    strips = area.render_lines(Region(0, 0, area.size.width, area.size.height))
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


@pytest.mark.parametrize(
    ("soft_wrap", "language", "start_row"),
    [
        (True, "markdown", 6),
        (False, "markdown", 250),
    ],  # plain text is the same path minus highlights
)
async def test_same_keys_same_screen(soft_wrap: bool, language: str | None, start_row: int) -> None:
    app = Pair(soft_wrap, language)
    async with app.run_test(size=(130, 30)) as pilot:
        results = {}
        for ident in ("stock", "fast"):
            area = app.query_one(f"#{ident}", TextArea)
            area.cursor_blink = False
            area.focus()
            area.move_cursor((start_row, 3))
            await pilot.pause()
            await pilot.press(*KEYS)
            await pilot.pause()
            results[ident] = (
                area.text,
                area.virtual_size,
                area.selection,
                rows(area),
                area.wrapped_document.height,
            )
            area.blur()
            await pilot.pause()
        stock, fast = results["stock"], results["fast"]
        assert fast[0] == stock[0]
        assert fast[1] == stock[1]  # virtual size: widths and heights tracked incrementally
        assert fast[2] == stock[2]
        assert fast[4] == stock[4]
        assert fast[3] == stock[3]  # every visible row: text and styles


async def test_highlights_follow_scrolling() -> None:
    app = Pair(True, "markdown")
    async with app.run_test(size=(130, 30)) as pilot:
        stock = app.query_one("#stock", TextArea)
        fast = app.query_one("#fast", TextArea)
        app.set_focus(None)
        for area in (stock, fast):
            area.cursor_blink = False
            area.scroll_to(y=area.wrapped_document.height - 5, animate=False)
        await pilot.pause()
        assert fast.scroll_offset.y > HIGHLIGHT_MARGIN * 2  # far beyond the first window
        assert rows(fast) == rows(stock)
        for area in (stock, fast):
            area.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert rows(fast) == rows(stock)


async def test_every_step_repaints_what_changed() -> None:
    """Compared after each key: cursor moves (old cursor row loses its highlight), a fence opened
    mid-document (rows below change colour, no line added), selections growing and shrinking."""
    app = Pair(True, "markdown")
    steps = [
        "up",
        "up",
        "down",
        "home",
        "`",
        "`",
        "`",
        "backspace",
        "shift+down",
        "shift+down",
        "shift+up",
        "right",
        "x",
        "ctrl+z",
        ("move", (17, 0)),
        "=",  # the blank row under "Paragraph 1": that row becomes a heading
        "backspace",
        "down",
        "down",
        "-",  # and under "Paragraph 2"
    ]
    async with app.run_test(size=(130, 30)) as pilot:
        stock = app.query_one("#stock", TextArea)
        fast = app.query_one("#fast", TextArea)
        for area in (stock, fast):
            area.cursor_blink = False
            area.move_cursor((14, 2))
        await pilot.pause()
        snapshots: dict[str, list[object]] = {"stock": [], "fast": []}
        for ident, area in (("stock", stock), ("fast", fast)):
            area.focus()  # and it keeps the focus for all steps: no full repaint in between
            await pilot.pause()
            for key in steps:
                if isinstance(key, tuple):
                    area.move_cursor(key[1])
                else:
                    await pilot.press(key)
                await pilot.pause()
                snapshots[ident].append((key, area.text, area.selection, rows(area)))
            area.blur()
            await pilot.pause()
        for before, after in zip(snapshots["stock"], snapshots["fast"]):
            assert before == after, f"after {before[0]!r}"
