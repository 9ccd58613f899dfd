"""Pilot tests of the editor screen: what an author sees and what lands on disk."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pytest
from tests.support.editor_app import EditorApp
from tests.support.pilot import settle_or_question
from textual.pilot import Pilot

from blogtui.blog.recovery import RecoveryStore
from blogtui.config import Settings
from blogtui.tui.screens.choice import Choice
from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.screens.editor_dialogs import SaveAs
from blogtui.tui.widgets.problems import ProblemsPanel

GOOD = b"---\ntitle: Hello\ndate: 2024-01-02 10:00 +0000\ntags: [a]\n---\nBody text.\n"

#: the editor's questions: a save waits for their answer
settle = functools.partial(settle_or_question, questions=(Choice, SaveAs))


@pytest.fixture(autouse=True)
def fast_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EditorScreen, "VALIDATE_DELAY", 0.01)
    monkeypatch.setattr(EditorScreen, "PREVIEW_DELAY", 0.01)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / "blog" / "_posts").mkdir(parents=True)
    return tmp_path / "blog"


def make_app(path: Path, tmp_path: Path, **options: bool) -> EditorApp:
    from blogtui.blog.site import open_site

    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    root = path.parent.parent if path.parent.name in ("_posts", "_drafts") else path.parent
    return EditorApp(path, settings=settings, site=open_site(root), **options)


def editor(pilot: Pilot) -> EditorScreen:
    for screen in pilot.app.screen_stack:
        if isinstance(screen, EditorScreen):
            return screen
    raise AssertionError("no editor screen")


def notes(app: EditorApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_invalid_yaml_refused_then_fixed_and_saved(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        assert ed.area.text == GOOD.decode()
        ed.area.move_cursor((3, 6))  # tags: |[a]
        await pilot.press("[")  # tags: [[a]  -> unclosed flow sequence
        await settle(pilot)
        panel = ed.query_one(ProblemsPanel)
        assert panel.problems and panel.problems[0].severity == "error"
        assert panel.problems[0].line in (4, 5)  # the tags line (or the line YAML notices it)
        assert ed.check_action("save", ()) is None  # the footer shows Save unavailable
        active = {b.binding.action: b.enabled for b in ed.active_bindings.values()}
        assert active["save"] is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert post.read_bytes() == GOOD
        assert any("Not saved" in n and "unchanged" in n for n in notes(app))

        await pilot.press("backspace")  # fix it
        await pilot.press(
            "end", *"z"
        )  # and add a real change: tags: [a]z -> still valid? no: write a tag
        await pilot.press("backspace")
        ed.area.move_cursor((5, 0))
        await pilot.press(*"New ")
        await settle(pilot)
        assert not ed.has_errors and ed.check_action("save", ()) is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert post.read_bytes() == ed.area.text.encode() == GOOD.replace(b"Body", b"New Body")
        assert app.saved == [post]
        assert not ed.dirty


@pytest.mark.parametrize(
    "original",
    [
        b"\xef\xbb\xbf---\r\ntitle: Windows\r\ndate: 2024-01-02\r\n---\r\nLine one\r\nLine two\r\n",
        b"---\r\ntitle: CRLF only\r\n---\r\nx\r\n",
        b"\xef\xbb\xbf---\ntitle: BOM and LF\n---\nno newline at end",
    ],
)
async def test_line_endings_and_bom_round_trip(original: bytes, blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-win.md"
    post.write_bytes(original)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        last = ed.area.document.line_count - 1
        ed.area.move_cursor((last, len(ed.area.document[last])))
        await pilot.press("!")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        newline = b"\r\n" if b"\r\n" in original else b"\n"
        if original.endswith(newline):
            expected = original + b"!"
        else:
            expected = original + b"!"
        assert post.read_bytes() == expected
        # and undo + save gives the original bytes back exactly
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert post.read_bytes() == original


async def test_change_on_disk_asks_overwrite(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        post.write_bytes(GOOD + b"\nSomeone else's line\n")
        ed.area.move_cursor((5, 0))
        await pilot.press(*"Mine ")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert post.read_bytes() == GOOD + b"\nSomeone else's line\n"  # nothing written yet
        await pilot.click("#overwrite")
        await settle(pilot)
        assert post.read_bytes() == GOOD.replace(b"Body", b"Mine Body")


async def test_change_on_disk_reload_needs_second_confirmation(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    other = GOOD + b"Theirs\n"
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        post.write_bytes(other)
        ed.area.move_cursor((5, 0))
        await pilot.press(*"Mine ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#reload")
        await settle(pilot)
        assert isinstance(app.screen, Choice)  # "Discard your edits?"
        await pilot.click("#cancel")  # keep my edits
        await settle(pilot)
        assert ed.area.text.startswith(GOOD.decode().replace("Body", "Mine Body")[:40])
        assert "Mine Body" in ed.area.text and post.read_bytes() == other
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#reload")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot, 0.1)
        assert ed.area.text == other.decode()
        assert post.read_bytes() == other


async def test_change_on_disk_save_as_new_file(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        post.unlink()  # removed by another program
        ed.area.move_cursor((5, 0))
        await pilot.press(*"Mine ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#saveas")
        await settle(pilot)
        assert isinstance(app.screen, SaveAs)
        await pilot.press("enter")  # the suggested name: 2024-01-02-hello-1.md
        await settle(pilot)
        new = blog / "_posts" / "2024-01-02-hello-1.md"
        assert new.read_bytes() == GOOD.replace(b"Body", b"Mine Body")
        assert not post.exists() and ed.path == new


async def test_leaving_with_unsaved_changes_asks(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        ed.area.move_cursor((5, 0))  # in the body: "x" before the front matter would remove it
        await pilot.press("x")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.click("#cancel")
        await settle(pilot)
        assert app.screen is ed
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert app.results == [post] and post.read_bytes() == GOOD.replace(b"Body", b"xBody")


async def test_discard_removes_recovery_copy(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(EditorScreen, "RECOVERY_INTERVAL", 0.05)
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    store = RecoveryStore(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"unsaved ")
        await settle(pilot, 0.3)
        copy = store.load(post)
        assert copy is not None and copy.text.startswith("unsaved ")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert app.results == [None]
    assert store.load(post) is None and post.read_bytes() == GOOD


async def test_selecting_a_problem_moves_the_cursor(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(b"---\ntitle: Hello\nfoo: bar\ntags: [a\n---\nBody\n")
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        panel = ed.query_one(ProblemsPanel)
        assert panel.problems
        panel.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        p = panel.problems[0]
        assert ed.area.cursor_location[0] == p.line - 1
        assert ed.area.has_focus


async def test_external_editor_round_trip_and_revalidation(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys\np = sys.argv[1]\ntext = open(p, encoding='utf-8', newline='').read()\n"
        "open(p, 'w', encoding='utf-8', newline='').write(text.replace('title: Hello', 'title: [Hello'))\n",
        "utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot, 0.3)
        assert "title: [Hello" in ed.area.text
        assert ed.has_errors and any("error" in n for n in notes(app))
        assert post.read_bytes() == GOOD  # the post itself is only written by a valid save
        await pilot.press("ctrl+z")  # the external edit is one undoable step
        await settle(pilot)
        assert ed.area.text == GOOD.decode()


async def test_category_and_tag_completion(blog: Path, tmp_path: Path) -> None:
    (blog / "_posts" / "2023-05-01-a.md").write_text(
        "---\ntitle: A\ncategories: [rustlang, release]\ntags: [performance]\n---\n", "utf-8"
    )
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(b"---\ntitle: Hello\ncategories: \ntags:\n  - \n---\nBody\n")
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        ed = editor(pilot)
        ed.area.move_cursor((2, len("categories: ")))
        await pilot.press("r", "u")
        assert ed.area.suggestion == "stlang"
        await pilot.press("right")  # accept
        await pilot.press("comma", "space", "r", "e")
        assert ed.area.suggestion == "lease"
        ed.area.move_cursor((4, 4))
        await pilot.press("p")
        assert ed.area.suggestion == "erformance"
        await pilot.press("right")
        assert ed.area.document[2] == "categories: rustlang, re"
        assert ed.area.document[4] == "  - performance"
        ed.area.move_cursor((6, 4))  # the body: no completion
        await pilot.press("space", "p")
        assert ed.area.suggestion == ""


async def test_unreadable_post_is_not_opened(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-bin.md"
    post.write_bytes(b"\x00\x01binary")
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.results == [None]
        assert any("binary" in n for n in notes(app))
    assert post.read_bytes() == b"\x00\x01binary"


async def test_preview_shows_rendered_body(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot, 0.2)
        from blogtui.tui.widgets.postview import PostView

        view = ed.query_one(PostView)
        assert view.display
        assert "Body text." in _visible_text(app)
        ed.area.move_cursor((5, 0))
        await pilot.press(*"Zq")
        await settle(pilot, 0.3)
        assert "ZqBody text." in _visible_text(app)


def _visible_text(app: EditorApp) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, file=open(os.devnull, "w"))
    console.print(app.screen._compositor)
    return console.export_text()


async def test_new_post_left_untouched_can_be_deleted(blog: Path, tmp_path: Path) -> None:
    from blogtui.blog.compose import new_post
    from blogtui.blog.site import open_site

    post = new_post(open_site(blog), "Fresh idea")
    app = make_app(post, tmp_path, create=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ed = editor(pilot)
        assert ed.area.cursor_location == ed.area.document.end  # ready to write the body
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.click("#delete")
        await settle(pilot)
    assert not post.exists() and app.results == [None]


async def test_external_flag_opens_editor_at_once(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "append.py"
    script.write_text(
        "import sys\nopen(sys.argv[1], 'a', encoding='utf-8').write('Added outside.\\n')\n", "utf-8"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD)
    app = make_app(post, tmp_path, external=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        await settle(pilot)
        # exit 0 and valid front matter: saved at once, like `git commit`, and the editor closes
        assert post.read_bytes() == GOOD + b"Added outside.\n"
        assert app.results == [post]


async def test_rename_file_to_match_title_from_the_palette(blog: Path, tmp_path: Path) -> None:
    post = blog / "_posts" / "2024-01-02-hello.md"
    post.write_bytes(GOOD.replace(b"title: Hello", b"title: Hello again"))
    app = make_app(post, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"rename")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.click("#rename")
        await settle(pilot)
        new = blog / "_posts" / "2024-01-02-hello-again.md"
        assert new.exists() and not post.exists() and editor(pilot).path == new
        assert new.read_bytes() == GOOD.replace(b"title: Hello", b"title: Hello again")
        await pilot.press("escape")
        await settle(pilot)
    assert app.results == [new]  # the reader learns the new name
