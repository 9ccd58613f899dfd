"""ctrl+f in the reader: the search screen, results as you type, enter opens the post."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post
from tests.support.pilot import settle
from textual.widgets import Input, OptionList, Static

from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.search import SearchScreen
from blogtui.tui.widgets.header import PostHeader

SIZE = (120, 40)


def prompts(app: BlogApp) -> list[str]:
    results = app.screen.query_one("#search-results", OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def test_ctrl_f_finds_text_in_bodies_and_enter_opens_the_post(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"tracemalloc")
        await settle(pilot)
        found = prompts(app)
        assert found and "Профилирование памяти" in found[0]
        assert "hit" in str(app.screen.query_one("#search-status", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert "Профилирование памяти" in str(app.screen.query_one(PostHeader).render())
        # the match is highlighted in the post and n steps to the next one (no "No search")
        await pilot.press("n")
        await pilot.pause()
        assert not any("No search" in n.message for n in app._notifications)


async def test_a_bad_query_is_said_in_the_status_line(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *'"unclosed')
        await settle(pilot)
        assert prompts(app) == []
        assert "quote is not closed" in str(app.screen.query_one("#search-status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)


async def test_titles_with_markup_are_shown_as_typed(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    write_post(
        blog, "_posts/2021-01-01-x.md", "---\ntitle: '[bold]odd[/] title'\n---\nneedle here\n"
    )
    app = BlogApp(settings=load_settings(), blog_path=blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"needle")
        await settle(pilot)
        assert prompts(app)[0].startswith("[bold]odd[/] title")
        assert app.screen.query_one("#search-box", Input).value == "needle"


async def test_the_palette_offers_search_posts(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Search posts")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_the_palette_opens_a_post_by_its_title(sample_blog: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Open post Kafka")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        header = str(app.screen.query_one(PostHeader).render())
        assert "Kafka Consumers in Python" in header
