"""What a reader sees in specific constructs: tables, long code lines, quotes, footnotes, ...

Each test draws through the running widget (``rendered_lines``/``line_strip``), so the painting
step (style pieces, overlays) is covered, not only the layout.
"""

from __future__ import annotations

from array import array

from rich.cells import cell_len
from tests.conftest import SAMPLE_BLOG
from tests.support.postview_app import ViewApp

from blogtui.tui.render.paint import pieces
from blogtui.tui.widgets.postview import PostView


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
        for size in ((60, 30), (80, 24)):
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


async def test_long_code_lines_continue_with_a_mark_and_are_not_cut_inside_names() -> None:
    code = '    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")'
    md = f"```python\nclass Order(models.Model):\n{code}\n```\n"
    lines = [line.rstrip() for line in await drawn(md, (50, 12))]
    assert lines == [
        " class Order(models.Model):",
        "     customer = models.ForeignKey(Customer,",
        "     ↪ on_delete=models.PROTECT,",
        '     ↪ related_name="orders")',
    ]
    # the continuation is a display matter: the text (search, copy) is the line as written
    app = ViewApp(md)
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(PostView)
        view.set_query("PROTECT, related")
        assert len(view._search.matches) == 1
        mark = [seg for seg in view.line_strip(2) if "↪" in seg.text]
        assert (
            mark and mark[0].style.bgcolor == list(view.line_strip(2))[0].style.bgcolor
        )  # code background


async def test_a_table_too_wide_for_the_view_becomes_records_not_cut_words() -> None:
    path = next(SAMPLE_BLOG.glob("*measure-first*.md"))
    from blogtui.blog import markup

    body = markup.prepare(path.read_text(encoding="utf-8").split("---", 2)[2])
    narrow = [line.rstrip() for line in await drawn(body, (50, 30))]
    start = narrow.index("time.perf_counter()")
    assert narrow[start : start + 5] == [
        "time.perf_counter()",
        "  Kind: stopwatch",
        "  Overhead: none",
        "  Best for: is it slow, and since when?",
        "cProfile",
    ]
    assert all(cell_len(line) <= 48 for line in narrow)
    wide = table_lines(await drawn(body, (80, 30)))
    assert wide[3].startswith("│ time.perf_counter()  │ stopwatch     │")  # a grid again
    assert any("│ deterministic │" in line for line in wide)  # words are not cut


async def test_raw_liquid_in_code_is_plain_code_without_the_invisible_guard() -> None:
    from blogtui.blog import markup

    md = markup.prepare("Inline: {% raw %}`{% cache 600 %}`{% endraw %} and `{{ site.title }}`.\n")
    app = ViewApp(md)
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        view = app.query_one(PostView)
        strip = list(view.line_strip(0))
        assert (
            "".join(seg.text for seg in strip).rstrip()
            == "Inline: {% cache 600 %} and {{ site.title }}."
        )
        code = next(seg for seg in strip if seg.text == "{% cache 600 %}")
        leftover = next(seg for seg in strip if seg.text == "{{ site.title }}")
        assert code.style != leftover.style  # the author's code is code; the leftover is dimmed


async def test_translucent_theme_colours_are_blended_not_drawn_white() -> None:
    """``$boost`` (code) and ``$text-disabled`` (Liquid leftovers, HTML) have an alpha channel."""
    from textual.color import Color

    md = "Text `code` and `{{ site.title }}`.\n\n```python\nx = 1\n```\n"
    for theme in ("textual-dark", "textual-light"):
        app = ViewApp(md)
        async with app.run_test(size=(60, 8)) as pilot:
            app.theme = theme
            await pilot.pause()
            view = app.query_one(PostView)
            segs = {seg.text: seg.style for seg in view.line_strip(0)}
            page = Color.from_rich_color(segs["Text "].bgcolor)
            text = Color.from_rich_color(segs["Text "].color)
            code_bg = Color.from_rich_color(segs["code"].bgcolor)
            dim = Color.from_rich_color(segs["{{ site.title }}"].color)
            assert abs(code_bg.brightness - page.brightness) < 0.15  # a tint, not a white box
            assert abs(dim.brightness - page.brightness) < abs(text.brightness - page.brightness)
            code_line = list(view.line_strip(2))
            assert len({seg.style.bgcolor for seg in code_line}) == 1  # blanks between tokens too
            assert code_line[0].style.bgcolor != segs["Text "].bgcolor


async def test_markdown_in_an_html_block_is_word_wrapped_as_markdown() -> None:
    md = '<div class="notice" markdown="1">\n**Note:** ' + "word " * 20 + "end.\n</div>\n"
    lines = [line.rstrip() for line in await drawn(md, (40, 12)) if line.strip()]
    words = [w for line in lines for w in line.split()]
    assert words == ["Note:"] + ["word"] * 20 + ["end."]  # no tags, no word cut, no mark
    assert all(cell_len(line) <= 38 for line in lines)


async def test_a_big_post_is_frozen_out_of_the_cycle_collector_until_the_next_post() -> None:
    import gc

    from blogtui.tui.widgets import postview

    text = "\n\n".join(f"Paragraph {i} with some *words* and `code`." for i in range(6000))
    assert len(text) >= postview.FREEZE_AFTER
    app = ViewApp("small")
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(PostView)
        assert gc.get_freeze_count() == 0  # a small post does not freeze anything
        view.show_markdown(text)
        for _ in range(400):
            await pilot.pause(0.02)
            if view.is_complete:
                break
        assert view.is_complete and gc.get_freeze_count() > 10_000
        await pilot.press("space", "j")  # the view still works
        assert view.scroll_y > 0
        view.show_markdown("next")
        assert gc.get_freeze_count() == 0
        view.show_markdown(text)
        await pilot.pause()
    assert gc.get_freeze_count() == 0  # unmounting unfreezes too


async def test_records_put_a_very_long_header_on_its_own_line() -> None:
    md = (
        "| Name | A header that is far too long for a narrow view | Short |\n|---|---|---|\n"
        "| first | value one | x |\n"
    )
    lines = [line.rstrip() for line in await drawn(md, (24, 12)) if line.strip()]
    assert lines == [
        "first",
        "  A header that is far",
        "  too long for a",
        "  narrow view:",
        "    value one",
        "  Short: x",
    ]
