"""The editor opened from the reader: a failure nobody planned for is told and the app goes on;
the preview is the reader's own rendering.

The editor's workers run with ``exit_on_error=False`` and pass failures to the one path
(``tui.workers.tell_if_failed``): an unexpected exception while saving must neither end the app
(the user's text would go with it) nor pass in silence; one while opening closes the editor
saying why, instead of leaving "Opening…" forever.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.pilot import settle, wait_for
from textual.message import Message

from blogtui.blog.editsession import EditSession
from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.screens.reader import ReaderScreen
from blogtui.tui.widgets.postview import PostView

SIZE = (120, 40)
TEXT = "---\ntitle: First\n---\nHello\n"


def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2021-01-02-first.md", TEXT)
    return root


def toasts(app: BlogApp) -> list[str]:
    return [n.message for n in app._notifications]


def broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("the disk is on fire")


async def test_an_unexpected_error_while_saving_is_told_and_the_text_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = blog(tmp_path)
    monkeypatch.setattr(EditSession, "save", broken)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.loaded)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.area.insert("More words. ", editor.area.document.end)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("on fire" in t for t in toasts(app)))
        assert app.is_running and app.screen is editor
        assert editor.dirty and editor.area.text.endswith("More words. ")
        assert (root / "2021-01-02-first.md").read_text() == TEXT  # nothing half-written


async def test_an_unexpected_error_while_opening_closes_the_editor_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = blog(tmp_path)
    monkeypatch.setattr(EditSession, "open", broken)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await wait_for(pilot, lambda: any("on fire" in t for t in toasts(app)))
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert any(t.startswith("Could not open 2021-01-02-first.md") for t in toasts(app))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)


async def test_the_preview_renders_the_post_as_the_reader_does(tmp_path: Path) -> None:
    """The preview is the reader's pipeline with this site and this blog's posts: the site's
    title from _config.yml, and a ``post_url`` link that leads to the other post."""
    root = tmp_path / "site"
    write_post(root, "_config.yml", "title: Notes of Ann\n")
    write_post(root, "_posts/2020-10-25-older.md", "---\ntitle: Older\n---\nOld.\n")
    write_post(
        root,
        "_posts/2021-01-02-new.md",
        "---\ntitle: New\n---\n# {{ site.title }}: {{ page.title }}\n\n"
        "See [the older one]({% post_url 2020-10-25-older %}).\n",
    )
    app = BlogApp(settings=load_settings(), blog_path=root)
    messages: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.loaded)
        await pilot.press("ctrl+r")
        preview = app.screen.query_one("#preview", PostView)
        await wait_for(pilot, lambda: "Notes of Ann: New" in "\n".join(preview.rendered_lines()))
        preview.focus()
        await pilot.press("right_square_bracket")  # the link, selected: where does it lead?
        await settle(pilot)
        hrefs = [m.href for m in messages if isinstance(m, PostView.LinkFocused)]
        assert hrefs[-1:] == ["blogtui-post:_posts/2020-10-25-older.md"]


async def test_closing_the_editor_without_a_save_keeps_the_post_where_it_was_read(
    tmp_path: Path,
) -> None:
    """Nothing changed: the post is not read and laid out again (a huge one took seconds, behind
    the editor) and the reader is where it was; a save shows the new text."""
    root = tmp_path / "blog"
    long = "---\ntitle: Long\n---\n" + "".join(f"Paragraph {i}.\n\n" for i in range(300))
    write_post(root, "2021-01-02-long.md", long)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        view = app.screen.query_one(PostView)
        await wait_for(pilot, lambda: view.is_complete and view.max_scroll_y > 100)
        view.scroll_to(y=100, animate=False, immediate=True)
        await settle(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.loaded)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        assert int(view.scroll_y) == 100
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.loaded)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.area.replace("Paragraph zero, edited.", (3, 0), (3, 12))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not editor.dirty)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Paragraph zero, edited." in "\n".join(view.rendered_lines()))
