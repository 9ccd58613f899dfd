"""FastTextArea's compact storage looks and behaves like Textual's TextArea (issue 16).

A line over ``LONG_LINE`` is drawn only as far as the view reaches, and rows are only as wide as
the view; the screen must not change for it: the same keys go to a SafeTextArea (Textual's
TextArea drawing control characters as pictures) and to a FastTextArea, and every visible row must be identical.

The compact document's lines and text are Textual's ``Document``'s, edit for edit, whatever the
line separators (CRLF, a lone CR, the Unicode ones ``str.splitlines`` knows, none at the end).
"""

from __future__ import annotations

import random
import tracemalloc

import pytest
from textual.app import App, ComposeResult
from textual.document._document import Document
from textual.geometry import Region
from textual.widgets import TextArea

from blogtui.tui.widgets import compactdoc
from blogtui.tui.widgets.compactdoc import CompactDocument
from blogtui.tui.widgets.compactwrap import CompactWrappedDocument
from blogtui.tui.widgets.fasttextarea import LONG_LINE, FastTextArea
from blogtui.tui.widgets.textarea import SafeTextArea

WORDS = [f"word{i} " for i in range(LONG_LINE // 4)]
PLAIN = "".join(WORDS)  # ~3x LONG_LINE characters
#: with control characters where the view is scrolled to (drawn as pictures in the window)
CONTROLS = PLAIN[: len(PLAIN) // 2] + "\x1b]52;c;eA==\x07 \u202e" + PLAIN[len(PLAIN) // 2 :]
#: the plain line is the widest (SafeTextArea measures controls raw: 0 cells, not 1)
LONG_DOC = f"---\ntitle: Long\n---\nshort line\n{CONTROLS}\n{PLAIN}tail of it\nafter\n\tTab end"


class Pair(App[None]):
    CSS = "TextArea { height: 1fr; width: 60; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        for cls, ident in ((SafeTextArea, "stock"), (FastTextArea, "fast")):
            yield cls(self.text, soft_wrap=False, show_line_numbers=True, id=ident)


def rows(area: TextArea) -> list[list[tuple[str, object]]]:
    strips = area.render_lines(Region(0, 0, area.size.width, area.size.height))
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


async def test_a_long_line_looks_the_same_wherever_it_is_scrolled() -> None:
    app = Pair(LONG_DOC)
    steps: list[object] = [
        ("move", (4, 0)),
        ("move", (4, len(CONTROLS) // 2 + 3)),  # scrolled far right, into the middle of the line
        *"typed",
        "backspace",
        "shift+right",
        "shift+right",
        "down",  # onto the other long line: the view stays scrolled right
        "up",
        "up",  # onto a short line
        "end",
        ("move", (5, len(PLAIN) + 10)),
        "x",
        ("move", (7, 0)),
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


PIECES = ["a", "bc", "\n", "\r\n", "\r", "\v", "\x85", "\u2028", "\t", "é", "漢", " ", "\x1b[2J"]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.5:  # one kind of newline (the case kept as the text read)
        newline = rng.choice(["\n", "\r\n", "\r"])
        pieces = ["a", "bc", newline, newline, "\t", "é", " ", "\x00"]
    else:
        pieces = PIECES
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))


@pytest.mark.parametrize("seed", range(3))
def test_compact_document_is_textuals_document_edit_for_edit(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        text = random_text(rng)
        stock, compact = Document(text), CompactDocument(text)
        assert list(compact.lines) == stock.lines, repr(text)
        assert compact.text == stock.text, repr(text)
        for _ in range(rng.randint(0, 6)):
            locations = []
            for _ in range(2):
                row = rng.randrange(stock.line_count)
                locations.append((row, rng.randint(0, len(stock[row]))))
            top, bottom = sorted(locations)
            insert = "".join(rng.choice(["x", "\n", "yz", "\r\n", ""]) for _ in range(3))
            result = stock.replace_range(top, bottom, insert)
            assert compact.replace_range(top, bottom, insert) == result
            assert list(compact.lines) == stock.lines, (text, top, bottom, insert)
            assert compact.text == stock.text
            assert (compact.end, compact.line_count) == (stock.end, stock.line_count)


@pytest.mark.parametrize(
    "text", ["a\r\nb\r\n", "no newline at the end", "", "\n", "x\n\n", "\x1b[2J\x07\r\nz"]
)
def test_an_unedited_document_gives_back_the_text_read_itself(text: str) -> None:
    """No copy of a big post for "is it modified?" or "save": the very str that was read."""
    assert CompactDocument(text).text is text or text == ""


def test_a_big_post_costs_less_than_its_size_beyond_its_text() -> None:
    """100,000 table rows: Textual's Document and WrappedDocument held ~60 bytes per byte."""
    text = "---\ntitle: t\n---\n" + "".join(f"| {i} | c{i % 9} |\n" for i in range(100_000))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        document = CompactDocument(text)
        wrapped = CompactWrappedDocument(document, width=80, tab_width=4)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert wrapped.height == document.line_count == 100_004
    assert document.text is text
    assert held < len(text)


def test_line_starts_are_the_same_whatever_the_chunking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Line starts are counted a chunk at a time, and line by line where a line is long."""
    monkeypatch.setattr(compactdoc, "_CHUNK", 8)
    rng = random.Random(7)
    for _ in range(500):
        newline = rng.choice(["\n", "\r\n", "\r"])
        pieces = ["a", "b" * rng.randint(1, 40), newline, newline]
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        document = CompactDocument(text)
        assert list(document.lines) == Document(text).lines, repr(text)
        assert document.text is text or text == ""


async def test_typing_in_a_long_line_leaves_no_copies_of_it_behind() -> None:
    """Textual's cached cell widths kept every string measured: each key in a long line left
    that line (and prefixes of it) alive, 230 MB after ten keys in a 6 MB line."""
    line = "x" * 400_000
    app = Pair(f"title\n{line}\nend")
    async with app.run_test(size=(130, 30)) as pilot:
        area = app.query_one("#fast", FastTextArea)
        area.focus()
        area.move_cursor((1, 200_000))
        await pilot.press("a")
        await pilot.pause()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            await pilot.press(*"bcdefghijk")
            await pilot.pause()
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert area.document[1] == line[:200_000] + "abcdefghijk" + line[200_000:]
        assert held < 3 * len(line)  # the line as typed (1x) and the app's own small change
