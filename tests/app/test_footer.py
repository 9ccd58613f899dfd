"""The footer shows the keys that fit, most important first, and never cuts a key in half."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.app.test_reader_navigation import app_for
from tests.conftest import SAMPLE_BLOG
from tests.support.pilot import settle, wait_until
from textual.widgets._footer import FooterKey

from blogtui.tui.widgets.footer import FittingFooter, fitting
from blogtui.tui.widgets.postview import PostView


def test_fitting_keeps_keys_in_order_until_one_does_not_fit() -> None:
    assert fitting([10, 10, 10], 25) == 2
    assert fitting([10, 30, 5], 25) == 1  # never a later key in the gap of a dropped one
    assert fitting([], 10) == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_every_shown_key_is_whole_and_the_important_ones_come_first(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = app_for(SAMPLE_BLOG, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(FittingFooter)
        # the keys are chosen again after each resize, once the footer has its width
        await wait_until(pilot, lambda: len(footer.query(FooterKey)) > 1, 10)
        keys = list(footer.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        shown = [k for k in keys if k not in palette]
        assert shown, "no key in the footer"
        limit = palette[0].region.x if palette else footer.region.right
        for key in shown:  # drawn in full, left of the palette key
            assert key.region.right <= limit, (key.description, key.region, limit)
        actions = [k.action for k in shown]
        assert actions[0] in ("filter", "search_all")
        if size[0] >= 80:
            assert actions[:4] == ["filter", "search_all", "edit", "new_post"]
            assert "quit" in actions and "help" in actions


OPEN = ("⏎", "Open link")  # the enter key, as Textual's footer shows it


def footer_keys(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    footer = app.screen.query_one(FittingFooter)
    return [(k.key_display, k.description) for k in footer.query(FooterKey)]


async def test_the_footer_offers_enter_open_link_only_while_a_link_is_selected(
    tmp_path: Path,
) -> None:
    """Issue 11: the post view refreshes its bindings when a link is selected or let go."""
    blog = Path(__file__).parents[1] / "data" / "snapshot-blog"
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.show_post(screen.index.find("2021-03-14-measure-first"))  # it has links
        await settle(pilot)
        screen.query_one(PostView).focus()
        await pilot.pause()
        assert OPEN not in footer_keys(app)
        await pilot.press("right_square_bracket")  # the first link is selected
        await pilot.pause(0.1)
        assert OPEN in footer_keys(app)
        await pilot.press("escape")  # let go
        await pilot.pause(0.1)
        assert OPEN not in footer_keys(app)
        await pilot.press("right_square_bracket")
        await pilot.pause(0.1)
        assert OPEN in footer_keys(app)
        screen.show_post(screen.index.find("2020-10-25-introduction-to-the-blog-theme"))
        await settle(pilot)  # another post: nothing is selected in it
        assert OPEN not in footer_keys(app)


async def test_open_link_comes_first_in_a_narrow_footer(tmp_path: Path) -> None:
    """At 80 columns most keys do not fit; a selected link's "Open link" is the one kept first."""
    blog = Path(__file__).parents[1] / "data" / "snapshot-blog"
    app = app_for(blog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.show_post(screen.index.find("2021-03-14-measure-first"))
        await settle(pilot)
        screen.query_one(PostView).focus()
        await pilot.press("right_square_bracket")
        assert await wait_until(pilot, lambda: OPEN in footer_keys(app), 5)
        assert footer_keys(app)[0] == OPEN
