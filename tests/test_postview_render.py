"""What a reader sees in specific constructs: tables, long code lines, quotes, footnotes, ...

Each test draws through the running widget (``rendered_lines``/``line_strip``), so the painting
step (style pieces, overlays) is covered, not only the layout.
"""

from __future__ import annotations

from array import array

from rich.cells import cell_len

from blogtui.tui.render.paint import pieces
from blogtui.tui.widgets.postview import PostView
from tests.conftest import SAMPLE_BLOG
from tests.postview_app import ViewApp


async def drawn(markdown: str, size: tuple[int, int]) -> list[str]:
    """The post's lines as drawn in a ``size`` terminal (trailing spaces kept)."""
    app = ViewApp(markdown)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.query_one(PostView)
        return [view.line_strip(y).text for y in range(view.line_count)]


def table_lines(lines: list[str]) -> list[str]:
    return [line.rstrip() for line in lines if line.lstrip()[:1] in ("┌", "│", "├", "└")]


def test_an_empty_style_run_does_not_draw_text_twice() -> None:
    runs = array("I", [0, 1, 5, 2, 2, 6, 4, 5, 5])
    got = pieces(runs, 0, 6)
    assert [(a, b) for a, b, _ in got] == [(0, 1), (1, 2), (2, 4), (4, 5), (5, 6)]


async def test_table_borders_line_up_with_wrapped_and_empty_header_cells() -> None:
    for name in ("n-plus-one", "profilirovanie"):
        path = next(SAMPLE_BLOG.glob(f"*{name}*.md"))
        for size in ((34, 30), (80, 24)):
            lines = table_lines(await drawn(path.read_text(encoding="utf-8"), size))
            assert lines, f"no table drawn for {path.name}"
            widths = {cell_len(line) for line in lines}
            assert len(widths) == 1, f"{path.name} at {size}:\n" + "\n".join(lines)


async def test_a_wrapped_right_aligned_header_stays_right_aligned() -> None:
    md = "| A | Queries for 200 orders |\n|---|---:|\n| x | 401 |\n"
    assert table_lines(await drawn(md, (24, 10))) == [
        "┌───┬────────────────┐",
        "│ A │    Queries for │",
        "│   │     200 orders │",
        "├───┼────────────────┤",
        "│ x │            401 │",
        "└───┴────────────────┘",
    ]
