"""The reader's authoring keys: e (edit), n (new post), P (publish/unpublish), and quitting safely."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post
from tests.support.pilot import settle, wait_for

from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.screens.choice import Confirm
from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.screens.reader import ReaderScreen
from blogtui.tui.screens.reader_authoring import NewPostScreen

SIZE = (120, 40)


def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2021-01-02-first.md", "---\ntitle: First\ncategories: python\n---\nHello\n")
    write_post(root, "_drafts/idea.md", "---\ntitle: Idea\n---\nDraft text\n")
    return root


async def test_e_opens_the_editor_and_a_saved_edit_shows_in_the_reader(tmp_path: Path) -> None:
    root = blog(tmp_path)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.screen
        reader.show_post(reader.index.find("2021-01-02-first"))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        editor = app.screen
        editor.area.text = editor.area.text.replace("title: First", "title: First, edited")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "title: First, edited" in (root / "2021-01-02-first.md").read_text()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert any(p.title == "First, edited" for p in app.screen.index.posts)
        assert app.screen.current is not None and app.screen.current.title == "First, edited"


async def test_n_creates_a_draft_and_opens_it(tmp_path: Path) -> None:
    root = blog(tmp_path)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NewPostScreen)
        app.screen.query_one("#draft").value = True
        await pilot.click("#title")
        await pilot.press(*"Привет, мир!")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        created = root / "_drafts" / "privet-mir.md"
        assert created.exists() and "title:" in created.read_text()


async def test_p_publishes_a_draft(tmp_path: Path) -> None:
    root = blog(tmp_path)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.show_post(app.screen.index.find("_drafts/idea.md"))
        await settle(pilot)
        await pilot.press("P")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert not (root / "_drafts" / "idea.md").exists()
        published = [p for p in app.screen.index.posts if p.title == "Idea"]
        assert published and published[0].kind == "post"
        assert published[0].path.name.endswith("-idea.md")


async def test_quitting_with_unsaved_text_asks_and_keeps_a_recovery_copy(
    tmp_path: Path, isolated_dirs
) -> None:
    root = blog(tmp_path)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.show_post(app.screen.index.find("2021-01-02-first"))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        editor.area.insert("Unsaved words. ")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.screen is editor and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert (root / "2021-01-02-first.md").read_text().count("Unsaved words.") == 0
    recovered = list((isolated_dirs["data"]).rglob("*.json"))
    assert any("Unsaved words." in f.read_text() for f in recovered)


async def test_a_new_post_is_shown_in_the_list_whatever_hid_it(tmp_path: Path) -> None:
    """A filter that does not match the new post is cleared, hidden drafts are shown: after
    writing a post the list shows it, selected (issue 17)."""
    from blogtui.tui.screens.choice import Choice
    from blogtui.tui.widgets.postlist import PostList

    root = blog(tmp_path)
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")  # drafts hidden
        await pilot.press("slash", *"first", "enter")
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert [p.title for p in posts.matching()] == ["First"]
        await pilot.press("n")
        app.screen.query_one("#draft").value = True
        await pilot.click("#title")
        await pilot.press(*"Zebra notes", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, (Choice, ReaderScreen)))
        if isinstance(app.screen, Choice):  # "Keep the new post?" (nothing written in it)
            await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert not posts.filter_text and posts.show_drafts
        shown = posts.current_post
        assert shown is not None and shown.title == "Zebra notes", shown
        assert app.screen.current is not None and app.screen.current.title == "Zebra notes"
