"""SVG snapshots of the reader: fixed size, fixed blog, temp config/cache/data, no comment server.

Regenerate after an intended change of looks: `pytest tests/snapshots/test_snapshots.py --snapshot-update`,
then look at the report and commit the SVGs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import ROOT
from tests.support.pilot import settle

from blogtui.config import load_settings
from blogtui.tui.app import BlogApp

BLOG = Path("tests/data/snapshot-blog")  # relative: the status line shows it


@pytest.fixture(autouse=True)
def at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # the draft is dated by its mtime: keep it fixed whatever the checkout did
    stamp = 1672531200  # 2023-01-01
    os.utime(ROOT / BLOG / "_drafts" / "idea.md", (stamp, stamp))


def make_app() -> BlogApp:
    return BlogApp(settings=load_settings(), blog_path=BLOG)


def test_reader_opens_the_newest_post(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=settle)


def test_reader_small_terminal_with_a_post_open(snap_compare) -> None:
    async def before(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        screen.show_post(screen.index.find("2021-03-14-measure-first"))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=before)


def test_filtering_the_list(snap_compare) -> None:
    async def before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"gc")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=before)


def test_help_lists_every_key(snap_compare) -> None:
    async def before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=before)


def _themed(theme: str) -> BlogApp:
    settings = load_settings()
    settings.theme = theme
    return BlogApp(settings=settings, blog_path=BLOG)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_reader_in_dark_and_light(snap_compare, theme: str, size: tuple[int, int]) -> None:
    """Every area paints its own background in both themes (no terminal default showing)."""

    async def before(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        screen.show_post(screen.index.find("2021-03-14-measure-first"))
        await settle(pilot)

    assert snap_compare(_themed(theme), terminal_size=size, run_before=before)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_editor_in_dark_and_light(snap_compare, theme: str) -> None:
    async def before(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        screen.show_post(screen.index.find("2021-03-14-measure-first"))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(_themed(theme), terminal_size=(80, 24), run_before=before)
