"""`blogtui sync` end to end against a real Isso, and its exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import ROOT
from tests.support.isso_server import IssoServer, free_port

from blogtui.cli import main
from blogtui.comments.model import Draft
from blogtui.comments.store import CommentStore
from blogtui.config import load_settings

pytestmark = pytest.mark.integration
KEY = "/jekyll/update/2020/10/25/introduction-to-the-blog-theme.html"


@pytest.fixture(scope="module")
def isso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssoServer]:
    with IssoServer(tmp_path_factory.mktemp("isso")) as server:
        top = server.post(KEY, "Which theme is this?", author="Ann", title="Introduction")
        server.post(KEY, "\x1b]52;c;ZXZpbA==\x07Minima [/]", author="Eve", parent=top["id"])
        yield server


@pytest.fixture
def seed_blog(tmp_path: Path) -> Path:
    """A blog with just the seed post (the sample blog grows; these counts must not)."""
    import shutil

    from tests.conftest import SAMPLE_BLOG

    blog = tmp_path / "seed"
    blog.mkdir()
    shutil.copy(SAMPLE_BLOG / "2020-10-25-introduction-to-the-blog-theme.md", blog)
    return blog


def configure(isolated_dirs: dict[str, Path], url: str) -> None:
    cfg = isolated_dirs["config"] / "blogtui" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(
        f'[comments]\nbackend = "isso"\nurl = "{url}"\ntimeout = 2\nauthor = "Blogger"\n',
        encoding="utf-8",
    )


def test_sync_command_stores_comments_and_posts_replies(
    isso: IssoServer,
    seed_blog: Path,
    isolated_dirs: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(isolated_dirs, isso.url)
    with CommentStore.from_settings(load_settings()) as store:
        store.add_draft(
            Draft(thread=KEY, text="It is Minima.", author="Blogger", title="Introduction")
        )
    assert main(["sync", str(seed_blog)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(
        "synced isso: 1 thread (1 fetched, 0 unchanged, 0 failed); 2 new comments; 1 reply posted"
    )
    assert "\x1b" not in out.out + out.err  # not a terminal: no progress bar, no colours
    with CommentStore.from_settings(load_settings()) as store:
        assert [c.text for c in store.load_thread(KEY).comments] == [
            "Which theme is this?",
            "Minima [/]",
            "It is Minima.",
        ]
    assert main(["sync", str(seed_blog)]) == 0
    assert "(0 fetched, 1 unchanged, 0 failed); 0 new comments" in capsys.readouterr().out


def test_sync_command_fails_with_exit_1_when_the_server_is_down(
    seed_blog: Path, isolated_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    configure(isolated_dirs, f"http://127.0.0.1:{free_port()}/")
    with CommentStore.from_settings(load_settings()) as store:
        store.add_draft(Draft(thread=KEY, text="written on the train"))
    assert main(["sync", str(seed_blog)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("sync isso: server unreachable: comment counts: cannot reach the comment")
    assert out.rstrip().endswith("; 1 thread not asked") or "1 thread not asked (" in out
    assert "0 failed" not in out and "unchanged" not in out and "sync stopped" not in out + err
    assert f"not posted\treply #1 on {KEY}\twaiting: the reply was not sent: cannot reach" in err


def test_sync_command_without_a_server_says_how_to_configure(
    seed_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", str(seed_blog)]) == 2
    err = capsys.readouterr().err
    assert "no comment server configured" in err and "[comments]" in err and 'url = "' in err


def test_sync_command_does_not_import_textual(
    seed_blog: Path, isolated_dirs: dict[str, Path]
) -> None:
    configure(isolated_dirs, f"http://127.0.0.1:{free_port()}/")
    code = "import sys\nfrom blogtui.cli import main\nrc = main(['sync', sys.argv[1]])\nprint('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', rc)\n"
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}")
    out = subprocess.run(
        [sys.executable, "-c", code, str(seed_blog)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.stdout.strip().splitlines()[-1] == "CLEAN 1", out.stderr


@pytest.mark.parametrize(
    "module",
    [
        "blogtui.comments.isso",
        "blogtui.comments.store",
        "blogtui.comments.sync",
        "blogtui.comments.sanitize",
        "blogtui.comments.service",
        "blogtui.commands.sync",
    ],
)
def test_comment_core_does_not_import_textual(module: str) -> None:
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}")
    out = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == "False"
