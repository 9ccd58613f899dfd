"""Notifications quote config keys, link targets and error messages: shown as typed, never as markup.

A toast parses its message as Textual markup unless told not to, so ``[keys]`` vanished from the
"unknown binding id" warning and a link to ``#[/x]`` in a post crashed the render (MarkupError).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post
from tests.support.pilot import settle

from blogtui.config import load_settings
from blogtui.tui.app import BlogApp

SIZE = (120, 40)


def toasts(app: BlogApp) -> list[str]:
    """The text the user sees in the notification toasts on screen."""
    return [str(t.render()) for t in app.screen.query("Toast")]


def make_blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2021-01-02-one.md", "---\ntitle: One\n---\n# One\n\ntext\n")
    return root


async def test_config_warning_keeps_its_brackets(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[keys]\n"reader.filtr" = "f"\n')
    app = BlogApp(settings=load_settings(cfg), blog_path=make_blog(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = toasts(app)
        assert any("unknown binding id 'reader.filtr' in [keys]" in text for text in shown), shown


async def test_link_to_a_heading_that_looks_like_markup(tmp_path: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=make_blog(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.follow_link("#[/bogus]")
        app.screen.follow_link("[b]bold[/b]/nowhere")
        await settle(pilot)
        shown = toasts(app)
        assert any("No heading “#[/bogus]”" in text for text in shown), shown
        assert any("“[b]bold[/b]/nowhere” is not a post" in text for text in shown), shown
        assert app.is_running
