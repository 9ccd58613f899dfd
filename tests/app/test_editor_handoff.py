"""`E` from the reader: $VISUAL edits the post; exit 0 with valid front matter saves it (like
`git commit`), errors bring blogtui's editor with the text and the problems, a non-zero exit
keeps the post as it was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.app.test_reader_app import make_app
from tests.app.test_reader_broken import BROKEN, settings, wait_for
from tests.conftest import write_post
from tests.support.pilot import settle
from textual.pilot import Pilot

from blogtui.blog.recovery import RecoveryStore
from blogtui.tui.screens.editor import EditorScreen
from blogtui.tui.widgets.postlist import PostList

NAME = "2021-05-06-broken-yaml.md"


@pytest.fixture(autouse=True)
def fast_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EditorScreen, "VALIDATE_DELAY", 0.01)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2021-01-01-good.md", "---\ntitle: Good\n---\nfine\n")
    write_post(root, NAME, BROKEN)
    return root


def editor_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, code: int) -> None:
    """$VISUAL: a script that runs ``body`` on the file's text (``t``) and exits with ``code``."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys\np = sys.argv[1]\nt = open(p, encoding='utf-8', newline='').read()\n"
        f"{body}\nopen(p, 'w', encoding='utf-8', newline='').write(t)\nsys.exit({code})\n",
        "utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")


async def press_E_on_the_broken_post(pilot: Pilot) -> None:
    app = pilot.app
    await settle(pilot)
    app.screen.show_post(app.screen.index.by_rel(NAME))
    await settle(pilot)
    app.screen.query_one(PostList).focus()
    await pilot.press("E")


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_exit_0_with_valid_text_saves_the_post(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor_script(tmp_path, monkeypatch, "t = t.replace('\\t', '')", 0)
    app = make_app(blog, settings(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await press_E_on_the_broken_post(pilot)
        post = blog / NAME
        await wait_for(pilot, lambda: post.read_text() == BROKEN.replace("\t", ""))
        await wait_for(pilot, lambda: not isinstance(app.screen, EditorScreen))
        await settle(pilot)
        fixed = app.screen.index.by_rel(NAME)
        assert fixed.title == "Tabbed title" and not fixed.problems
        assert RecoveryStore(tmp_path / "data").load(post) is None


async def test_exit_0_with_errors_opens_the_editor_and_keeps_the_disk(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor_script(tmp_path, monkeypatch, "t = t.replace('# Still here', 'Rewritten outside')", 0)
    app = make_app(blog, settings(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await press_E_on_the_broken_post(pilot)
        await wait_for(pilot, lambda: any("Back from" in n for n in notes(app)))
        ed = app.screen
        assert isinstance(ed, EditorScreen) and ed.has_errors
        assert "Rewritten outside" in ed.area.text
        post = blog / NAME
        assert post.read_text() == BROKEN  # untouched
        kept = RecoveryStore(tmp_path / "data").load(post)
        assert kept is not None and "Rewritten outside" in kept.text
        assert any(
            "kept as a recovery copy; the post on disk is unchanged" in n for n in notes(app)
        )


async def test_a_non_zero_exit_keeps_the_post_as_it_was(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor_script(tmp_path, monkeypatch, "t = t.replace('\\t', '')", 1)
    app = make_app(blog, settings(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await press_E_on_the_broken_post(pilot)
        await wait_for(pilot, lambda: any("exited with status 1" in n for n in notes(app)))
        assert (blog / NAME).read_text() == BROKEN
        assert app.screen.area.text == BROKEN  # type: ignore[attr-defined]
