"""Pilot tests: a post with a problem is still a post — read it, find it, fix it in blogtui."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.app.test_reader_app import SIZE, header_plain, listed_titles, make_app
from tests.conftest import write_post
from tests.support.pilot import settle, wait_for
from textual.widgets import Input

from blogtui.config import Settings
from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView
from blogtui.tui.widgets.problems import ProblemsPanel

BROKEN = "---\ntitle: Tabbed title\n\tdate: 2021-05-06\n---\n# Still here\n\nThe body survives the tab.\n"


@pytest.fixture(autouse=True)
def fast_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EditorScreen, "VALIDATE_DELAY", 0.01)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2021-01-01-good.md", "---\ntitle: Good\n---\nfine\n")
    write_post(root, "2021-05-06-broken-yaml.md", BROKEN)
    write_post(root, "2021-01-03-bin.md", b"\x00\x01\x02")
    return root


def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")


def shown(app) -> str:
    return "\n".join(app.screen.query_one(PostView).rendered_lines())


async def open_broken(pilot) -> None:
    app = pilot.app
    post = app.screen.index.by_rel("2021-05-06-broken-yaml.md")
    app.screen.show_post(post)
    await settle(pilot)


async def test_a_broken_post_is_listed_with_a_mark_and_shows_its_body_and_problems(
    blog: Path, tmp_path: Path
) -> None:
    app = make_app(blog, settings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(
            t.startswith("⚠ Broken Yaml ") and t.endswith("2021-05-06") for t in listed_titles(app)
        )
        await open_broken(pilot)
        assert "Broken Yaml" in header_plain(app)
        text = shown(app)
        assert "This post has problems" in text
        assert "line 3" in text  # the tab's line, with the YAML message
        assert "Still here" in text and "The body survives the tab." in text
        assert text.index("This post has problems") < text.index("The body survives")


async def test_the_filter_finds_a_broken_post(blog: Path, tmp_path: Path) -> None:
    app = make_app(blog, settings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"broken")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "broken"
        assert any("Broken Yaml" in t for t in listed_titles(app))


async def test_e_opens_a_broken_post_and_ctrl_s_saves_once_fixed(
    blog: Path, tmp_path: Path
) -> None:
    app = make_app(blog, settings(tmp_path))
    path = blog / "2021-05-06-broken-yaml.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_broken(pilot)
        app.screen.query_one(PostList).focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.loaded)
        ed = app.screen
        assert ed.area.text == BROKEN
        await wait_for(pilot, lambda: ed.has_errors)
        panel = ed.query_one(ProblemsPanel)
        assert panel.problems[0].line == 3
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert path.read_text() == BROKEN  # refused: the post on disk is untouched
        assert any("recovery copy" in n.message for n in app._notifications)
        ed.area.move_cursor((2, 0))
        await pilot.press("delete")  # the tab goes
        await wait_for(pilot, lambda: not ed.has_errors)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "\t" not in path.read_text())
        assert path.read_text() == BROKEN.replace("\t", "")
        await pilot.press("escape")
        await settle(pilot)
        await wait_for(pilot, lambda: not isinstance(app.screen, EditorScreen))
        await settle(pilot)
        post = app.screen.index.by_rel("2021-05-06-broken-yaml.md")
        assert post.title == "Tabbed title" and not post.problems
        assert "⚠" not in "".join(t for t in listed_titles(app) if "Tabbed" in t)


async def test_e_under_unreadable_files_tries_the_file(blog: Path, tmp_path: Path) -> None:
    app = make_app(blog, settings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        [problem] = posts.problems
        posts.post_message(PostList.ProblemChosen(problem))
        await settle(pilot)
        assert "could not be read" in shown(app)
        await pilot.press("e")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert not any("Select a post first" in m for m in messages)
        assert any("binary" in m.lower() or "nul" in m.lower() for m in messages), messages
