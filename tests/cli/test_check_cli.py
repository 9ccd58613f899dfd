"""`blogtui check`: output format, sorting, summary, exit codes, --strict, --format json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import CORPUS, ROOT, requires_corpus, write_post

from blogtui.cli import main

GOOD = "---\ntitle: Good\n---\n\nBody.\n"
BAD_YAML = "---\ntitle: Bad\ntags: [a, b\n---\n\nBody.\n"
WARN_ONLY = "---\ntitle: Warn\npermalink: warn/\n---\n"


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "posts"
    folder.mkdir()
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(["check", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_default_is_posts_folder_and_output_format(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(blog, "2021-03-04-x.md", BAD_YAML)
    write_post(blog, "2021-03-03-ok.md", GOOD)
    write_post(blog, "2021-03-05-w.md", WARN_ONLY)
    rc, out, _err = run(capsys)
    assert rc == 1
    assert out.splitlines() == [
        "posts/2021-03-04-x.md:3:7: error: could not parse YAML: unclosed flow sequence [yaml-syntax]",
        "posts/2021-03-05-w.md:3:12: warning: permalink 'warn/' does not start with '/' [permalink-slash]",
        "3 files, 1 errors, 1 warnings",
    ]


def test_sorted_by_file_then_line(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(blog, "2021-03-05-b.md", "---\ntitel: X\ndate: soon\n---\n")
    write_post(blog, "2021-03-04-a.md", "---\nlayout: [x]\ntitle: [y]\n---\n")
    rc, out, _ = run(capsys, "posts")
    lines = out.splitlines()[:-1]
    keys = [
        (line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines
    ]
    assert keys == sorted(keys) and len(keys) == 4
    assert rc == 1


def test_exit_0_with_warnings_and_1_with_strict(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(blog, "2021-03-05-w.md", WARN_ONLY)
    assert run(capsys)[0] == 0
    rc, out, _ = run(capsys, "--strict")
    assert rc == 1 and out.splitlines()[-1] == "1 files, 0 errors, 1 warnings"


def test_exit_0_when_clean(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(blog, "2021-03-04-x.md", GOOD)
    assert run(capsys, "--strict") == (0, "1 files, 0 errors, 0 warnings\n", "")


def test_json_format(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(blog, "2021-03-04-x.md", BAD_YAML)
    rc, out, err = run(capsys, "--format", "json", "posts")
    assert rc == 1
    data = json.loads(out)
    assert data == [
        {
            "path": "posts/2021-03-04-x.md",
            "line": 3,
            "column": 7,
            "severity": "error",
            "rule": "yaml-syntax",
            "message": "could not parse YAML: unclosed flow sequence",
            "hint": "close the list with ']' (or quote the value)",
        }
    ]
    assert "1 files, 1 errors, 0 warnings" in err


def test_files_and_folders_mixed(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(blog, "2021-03-04-x.md", BAD_YAML)
    write_post(blog / "sub", "2021-03-05-y.md", BAD_YAML)
    rc, out, _ = run(capsys, "posts/2021-03-04-x.md", "posts/sub")
    assert rc == 1
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        "posts/2021-03-04-x.md",
        "posts/sub/2021-03-05-y.md",
    ]


def test_missing_path_is_exit_2(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _out, err = run(capsys, "nope")
    assert rc == 2 and "nope" in err


def test_no_default_blog_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys)[0] == 2


def test_usage_error_is_exit_2(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml"])
    assert exc.value.code == 2


def test_unreadable_file_is_exit_2(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(blog, "2021-03-03-ok.md", GOOD)
    (blog / "2021-03-04-x.md").symlink_to(blog / "gone.md")  # dangling: cannot be read
    rc, out, _ = run(capsys)
    assert rc == 2
    assert out.splitlines()[0].startswith("posts/2021-03-04-x.md:1:1: error: a symlink to ")
    assert out.splitlines()[0].endswith("which does not exist [dangling-symlink]")


def test_configured_blog_and_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    write_post(site / "_posts", "2021-03-04-x.md", GOOD)
    config = tmp_path / "config.toml"
    config.write_text(
        f'blog = "{site}"\n[schema]\nrequired = ["title", "date"]\nauthor = "string"\n'
    )
    rc, out, _ = run(capsys, "--config", str(config))
    assert rc == 1
    assert out.splitlines() == [
        "site/_posts/2021-03-04-x.md:1:1: error: 'date' is required by this blog ([schema] required) [required]",
        "1 files, 1 errors, 0 warnings",
    ]


def test_bad_schema_config_is_a_warning_not_a_crash(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(blog, "2021-03-04-x.md", GOOD)
    config = tmp_path / "config.toml"
    config.write_text('[schema]\nauthor = "strnig"\n')
    rc, _out, err = run(capsys, "--config", str(config))
    assert rc == 0 and "unknown type" in err


def test_verbose_shows_the_offending_line_and_hint(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(blog, "2021-03-04-x.md", BAD_YAML)
    _rc, out, _ = run(capsys, "-v")
    assert out.splitlines()[1:4] == [
        "    tags: [a, b",
        "          ^",
        "    hint: close the list with ']' (or quote the value)",
    ]


def test_drafts_of_a_jekyll_site_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_post(tmp_path / "site" / "_posts", "2021-03-04-x.md", GOOD)
    write_post(tmp_path / "site" / "_drafts", "2021-03-05-d.md", GOOD)
    rc, out, _ = run(capsys, "site")
    assert rc == 0
    assert out.splitlines()[0].startswith("site/_drafts/2021-03-05-d.md:1:1: warning:")
    assert out.splitlines()[-1] == "2 files, 0 errors, 1 warnings"


def test_check_does_not_import_textual(tmp_path: Path) -> None:
    write_post(tmp_path / "posts", "2021-03-04-x.md", BAD_YAML)
    code = (
        "import sys\n"
        "from blogtui.cli import main\n"
        f"rc = main(['check', {str(tmp_path / 'posts')!r}])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', rc)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "CLEAN 1"


def test_python_m_blogtui_check_exit_status(tmp_path: Path) -> None:
    write_post(tmp_path / "posts", "2021-03-04-x.md", GOOD)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-m", "blogtui", "check", "posts"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert (out.returncode, out.stdout) == (0, "1 files, 0 errors, 0 warnings\n")


def test_a_folder_of_blogs_checks_each_blog_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_post(
        tmp_path / "blogs" / "one" / "posts",
        "2021-03-04-x.md",
        "---\ntitle: A\npermalink: /same/\n---\n",
    )
    write_post(
        tmp_path / "blogs" / "two" / "_posts",
        "2021-03-04-x.md",
        "---\ntitle: B\npermalink: /same/\n---\n",
    )
    write_post(tmp_path / "blogs", "README.md", "Not a post.\n")
    assert run(capsys, "blogs") == (0, "2 files, 0 errors, 0 warnings\n", "")
    write_post(
        tmp_path / "blogs" / "one" / "posts",
        "2021-03-05-y.md",
        "---\ntitle: C\npermalink: /same/\n---\n",
    )
    rc, out, _ = run(capsys, "blogs")
    assert rc == 1 and out.count("[duplicate-url]") == 2


@requires_corpus
def test_whole_corpus(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The three real posts broken by their authors are the only errors (see the report for why),
    besides the rust-lang blog's TOML sample, whose front matter Jekyll does not read."""
    monkeypatch.chdir(CORPUS.parent)
    rc, out, err = run(capsys, "corpus")
    assert rc == 1 and "Traceback" not in err
    errors = sorted(
        (line.split(":")[0], line.rsplit("[", 1)[1].rstrip("]"))
        for line in out.splitlines()
        if ": error: " in line
    )
    toml = [e for e in errors if "/toml-sample/" in e[0]]
    assert len(toml) == 9 and {rule for _, rule in toml} == {"front-matter-toml"}
    assert [e for e in errors if e not in toml] == [
        (
            "corpus/jekyll-jekyll/docs/_posts/2023-01-29-jekyll-3-9-3-released.markdown",
            "date-offset",
        ),
        (
            "corpus/rust-lang-blog.rust-lang.org/posts/2023-09-25-Increasing-Apple-Version-Requirements.md",
            "front-matter-not-first",
        ),
        (
            "corpus/rust-lang-blog.rust-lang.org/posts/inside-rust/2020-09-17-stabilizing-intra-doc-links.md",
            "front-matter-no-opening",
        ),
    ]
    assert out.splitlines()[-1].startswith("819 files, 12 errors, ")


def test_schema_module_does_not_import_textual() -> None:
    code = "import sys, blogtui.blog.check.files, blogtui.commands.check; print('textual' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"


def test_a_sites_posts_folder_alone_leaves_out_its_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_post(tmp_path / "site" / "_posts", "2021-03-04-x.md", GOOD)
    write_post(tmp_path / "site" / "_drafts", "2021-03-05-d.md", GOOD)
    assert run(capsys, "site/_posts") == (0, "1 files, 0 errors, 0 warnings\n", "")
    assert run(capsys, "site/_drafts")[1].splitlines()[-1] == "1 files, 0 errors, 1 warnings"


def test_no_control_sequence_reaches_the_terminal(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Front matter and file names may come from anyone: ESC, BEL, 8-bit CSI are shown escaped."""
    write_post(blog, "2021-03-04-x\x1b[2J.md", '---\ndate: "\\e]52;c;aGk=\\a \\x9b2J"\n---\n')
    _rc, out, _ = run(capsys, "-v")
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b]52" in out and "x\\x1b[2J.md" in out
    _rc, out, _ = run(capsys, "--format", "json")
    assert "\x1b" not in out and "\x9b" not in out
    assert json.loads(out)[0]["message"].startswith("date '\\x1b]52")
