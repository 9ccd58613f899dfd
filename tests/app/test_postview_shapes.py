"""Huge posts of every shape (issue 14): the prefix parse equals the whole post but for its last
block, the first screen is there before the whole is laid out, keys are answered meanwhile, and
in-post search stays bounded on a post written on one line (issue 15)."""

from __future__ import annotations

import re

import pytest
from tests.support.pilot import wait_complete
from tests.support.postview_app import ViewApp

from blogtui.tui.widgets.postview import PostView
from blogtui.tui.widgets.postview_load import SYNC_LIMIT, PostLoad
from blogtui.tui.widgets.postview_search import MAX_MATCHES

PARA = "Some words here with `code`, *emph* and a [link](https://example.org/x).\n"
SHAPES = {
    "no blank lines": "# Title\n\n" + PARA * 20_000,
    "headings, no blank lines": ("## Part\n" + PARA * 50) * 400,
    "one code fence": "```python\n" + "x = compute(y)  # step\n" * 60_000 + "```\n\nAfter.\n",
    "one table": "| a | b |\n|---|---|\n" + "| cell | 2 |\n" * 40_000,
    "one line": "word and more words " * 60_000,
    "10,000 footnotes": "".join(f"Text[^{i}] here.\n" for i in range(10_000))
    + "\n"
    + "".join(f"[^{i}]: Note {i}.\n" for i in range(10_000)),
}


def words(lines: list[str]) -> list[str]:
    return [re.sub(r"[\s│┌┬┐─├┼┤└┴┘]+", " ", line).strip() for line in lines]


def texts(blocks: list) -> list[str]:  # type: ignore[type-arg]
    return [block.text for block in blocks]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_prefix_parse_is_the_whole_post_but_for_its_last_block(shape: str) -> None:
    text = SHAPES[shape]
    assert len(text) > SYNC_LIMIT
    prefix = PostLoad(text)
    first, whole = prefix.first()
    assert not whole and prefix.provisional and first
    load = PostLoad(text)
    load.first()
    all_blocks = [b for blocks, _, _ in load.rest(80) for b in blocks] + load.tail(80)
    assert texts(first[:-1]) == texts(all_blocks[: len(first) - 1])
    assert all_blocks[len(first) - 1].text.startswith(first[-1].text.rstrip()[:200])


@pytest.mark.parametrize("shape", ["no blank lines", "one table", "one line"])
async def test_a_huge_post_of_any_shape_shows_its_first_screen_and_answers_keys(
    shape: str,
) -> None:
    text = SHAPES[shape] * 3  # about 4 MB: the whole parse takes seconds
    app = ViewApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        first_screen = view.rendered_lines(0, 20)
        assert any(line.strip() for line in first_screen)  # the first screen is drawn
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await wait_complete(pilot, view, timeout=120)  # a huge post on a loaded machine
        # the whole post begins the same (a table's columns may widen: its last rows count too)
        assert words(view.rendered_lines(0, 19)) == words(first_screen[:19])
        assert view.line_count > 1000


async def test_search_in_a_post_written_on_one_line_is_bounded() -> None:
    app = ViewApp("word and more words " * 110_000)  # 2.2 MB, one line
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        await wait_complete(pilot, view, timeout=120)  # a huge post on a loaded machine
        await pilot.press("slash", "w", "o")
        assert len(view._search.matches) == MAX_MATCHES
        prompt = view.render_line(view.scrollable_content_region.height - 1).text
        assert f"/wo▏  {MAX_MATCHES}+ matches" in prompt
        await pilot.press("enter", "n", "n", "N")
        assert view._search.current == 1


async def test_a_one_letter_search_in_a_2_mb_line_steps_with_n_and_N_and_shows_each_match() -> None:
    """Issue 16: one letter in a post written on one 2 MB line: the matches are bounded, the
    prompt says so, and n/N step through them (N from the first wraps to the last one found),
    the view scrolling to each."""
    app = ViewApp("word and more words " * 110_000)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        await wait_complete(pilot, view)
        height = view.scrollable_content_region.height

        def shown(n: int) -> bool:
            idx, start, _ = view._search.matches[n]
            return view.scroll_y <= view._y_of(idx, start) < view.scroll_y + height - 1

        await pilot.press("slash", "w")
        prompt = view.render_line(height - 1).text
        assert f"/w▏  {MAX_MATCHES}+ matches" in prompt
        await pilot.press("enter")
        assert view._search.current == 0 and shown(0)
        await pilot.press("N")  # before the first: the last match found, far down the line
        assert view._search.current == MAX_MATCHES - 1
        assert view.scroll_y > 1000 and shown(MAX_MATCHES - 1)
        await pilot.press("n")  # after the last: the first again
        assert view._search.current == 0 and view.scroll_y == 0 and shown(0)
        await pilot.press("n", "n", "n")
        assert view._search.current == 3 and shown(3)
        await pilot.press("N")
        assert view._search.current == 2 and shown(2)
        assert app.new_posts == 0  # n never fell through to the app's "new post"
