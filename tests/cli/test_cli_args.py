"""The command line as ruff/hugo/jekyll-compose users expect it: mistyped commands are refused,
one value per --category/--tag, --blog on every command that acts on a blog, and a check that a
pre-commit hook can call with the staged files (none: nothing to check)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.cli.test_cli import run_cli
from tests.conftest import ROOT, SAMPLE_BLOG, write_post

from blogtui.blog.source import parse_text
from blogtui.cli import COMMANDS, command_parser, main

GOOD = "---\ntitle: Good\n---\n\nBody.\n"
BAD = "---\ntitle: Bad\ntags: [a, b\n---\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_a_mistyped_command_is_refused_with_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, "lsit")
    assert (rc, out) == (2, "")
    assert "unknown command 'lsit' (did you mean 'list'?)" in err
    rc, _out, err = run(capsys, "--config", str(tmp_path / "c.toml"), "chekc", "--strict")
    assert rc == 2 and "unknown command 'chekc' (did you mean 'check'?)" in err
    rc, _out, err = run(capsys, "zzz")
    assert rc == 2 and "unknown command 'zzz'" in err and "did you mean" not in err


def test_a_word_that_is_a_path_is_still_a_blog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lsit").mkdir()  # a folder that happens to have that name: a blog, not a typo
    with pytest.raises(SystemExit) as exc:
        main(["lsit", "--help"])
    assert exc.value.code == 0 and "unknown command" not in capsys.readouterr().err
    # written as a path, a missing folder is a missing blog, not an unknown command
    rc, _out, err = run(capsys, "./nope")
    assert rc == 2 and "no blog folder at nope" in err


def test_category_and_tag_take_one_value_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    rc, out, err = run(
        capsys,
        "new",
        "--blog",
        str(blog),
        "--category",
        "python",
        "--tag",
        "perf",
        "--category",
        "tips",
        "My Title",
    )
    assert rc == 0, err
    path = Path(out.strip())
    assert path.name.endswith("-my-title.md")
    _s, meta = parse_text(path.read_text("utf-8"))
    assert meta["title"] == "My Title"
    assert meta["categories"] == ["python", "tips"] and meta["tags"] == ["perf"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_that_acts_on_a_blog_takes_blog_the_same_way(name: str) -> None:
    parser, _mod = command_parser(name)
    positional = {"list": ["x"], "sync": ["x"], "check": [], "new": ["T"]}.get(name, ["f.md"])
    args = parser.parse_args([*positional, "--blog", "some/blog"])
    assert args.blog_option == "some/blog"


def test_blog_option_and_positional_mean_the_same_blog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    by_position = run(capsys, "list", str(SAMPLE_BLOG))
    by_option = run(capsys, "list", "--blog", str(SAMPLE_BLOG))
    assert by_option == by_position and by_option[0] == 0 and by_option[1]
    # sync finds the blog by --blog too (then says no comment server is configured)
    write_post(tmp_path / "b", "2021-01-01-a.md", GOOD)
    rc, _out, err = run(capsys, "sync", "--blog", str(tmp_path / "b"))
    assert rc == 2 and "no comment server configured" in err
    # two different blogs named at once is a usage error
    with pytest.raises(SystemExit) as exc:
        main(["list", str(SAMPLE_BLOG), "--blog", str(tmp_path)])
    assert exc.value.code == 2


def test_check_blog_option_checks_that_blog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_post(tmp_path / "b" / "_posts", "2021-01-01-bad.md", BAD)
    rc, out, _ = run(capsys, "check", "--blog", str(tmp_path / "b"))
    assert rc == 1 and out.splitlines()[-1] == "1 files, 1 errors, 0 warnings"


def test_check_files_with_no_files_checks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hook that passes no staged post must not fall back to the whole (broken) blog."""
    write_post(tmp_path / "_posts", "2021-01-01-bad.md", BAD)
    write_post(tmp_path / "_posts", "2021-01-02-good.md", GOOD)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check")[0] == 1  # the blog as a whole has an error
    assert run(capsys, "check", "--files") == (0, "0 files, 0 errors, 0 warnings\n", "")
    rc, out, _ = run(capsys, "check", "--files", "_posts/2021-01-02-good.md")
    assert (rc, out) == (0, "1 files, 0 errors, 0 warnings\n")
    rc, out, _ = run(capsys, "check", "--files", "_posts/2021-01-01-bad.md")
    assert rc == 1 and "[yaml-syntax]" in out


def test_the_pre_commit_hook(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "blogtui-check"]
    assert hook["entry"] == "blogtui check --files" and hook["pass_filenames"] is True
    assert hook["language"] == "python" and hook["require_serial"] is True
    files = re.compile(hook["files"])
    for staged in (
        "_posts/2021-01-01-x.md",
        "en/news/_posts/2021-01-01-x.markdown",
        "_drafts/i.md",
    ):
        assert files.search(staged), staged
    for other in ("README.md", "_config.yml", "_posts/image.png", "docs/_postsx/a.md"):
        assert not files.search(other), other


def _git_hook_from_docs() -> str:
    doc = (ROOT / "docs" / "check.md").read_text("utf-8")
    assert "id: blogtui-check" in doc  # the pre-commit hook is documented
    return doc.split("```sh\n#!/bin/sh\n", 1)[1].split("```", 1)[0]


def test_the_documented_git_hook_passes_a_commit_that_stages_no_post(tmp_path: Path) -> None:
    """The hook snippet of docs/check.md, run by git: a commit touching no post passes even if
    the blog has a broken post; a commit staging a broken post is refused."""
    repo = tmp_path / "blog"
    write_post(repo / "_posts", "2021-01-01-broken.md", BAD)
    write_post(repo, "README.md", "hello\n")
    shim = tmp_path / "bin" / "blogtui"
    shim.parent.mkdir()
    shim.write_text(
        f'#!/bin/sh\nPYTHONPATH={ROOT / "src"} exec {sys.executable} -m blogtui "$@"\n', "utf-8"
    )
    shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{shim.parent}:{os.environ['PATH']}", HOME=str(tmp_path))
    env.update(GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@b", GIT_COMMITTER_NAME="a")
    env.update(GIT_COMMITTER_EMAIL="a@b", GIT_CONFIG_NOSYSTEM="1")

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60
        )

    git("init", "-q")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\n" + _git_hook_from_docs(), "utf-8")
    hook.chmod(0o755)
    git("add", "README.md")
    assert git("commit", "-qm", "no post").returncode == 0
    git("add", "_posts")
    refused = git("commit", "-qm", "a broken post")
    assert refused.returncode != 0 and "[yaml-syntax]" in refused.stdout + refused.stderr


def test_python_m_blogtui_lsit_exit_status(tmp_path: Path) -> None:
    out = run_cli("lsit", cwd=tmp_path)
    assert out.returncode == 2 and "did you mean 'list'?" in out.stderr
