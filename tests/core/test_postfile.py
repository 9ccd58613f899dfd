"""The one bounded reader of post files (blog.postfile) as the index, `check`, `list` and the
reader's body load see it: only regular files are read, everything else is a problem of that file
with a kind, never a hang or an endless read."""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.hostile import run_cli

from blogtui.blog import postfile
from blogtui.blog.check.files import validate_blog
from blogtui.blog.index import load_index
from blogtui.blog.site import open_site
from blogtui.blog.source import SourceError

GOOD = "---\ntitle: Good\n---\nhello\n"


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO) fails the test after 20 s instead of hanging the run."""

    def _fail(signum: int, frame: object) -> None:
        raise AssertionError("blocked: the reader waited on a file that never ends")

    old = signal.signal(signal.SIGALRM, _fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    write_post(folder, "2020-01-01-good.md", GOOD)
    return folder


def _make(kind: str, path: Path, tmp: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-null":
        path.symlink_to("/dev/null")
    elif kind == "dangling":
        path.symlink_to(tmp / "nowhere.md")
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "outside":
        outside = tmp / "outside.md"
        outside.write_text("---\ntitle: Outside\n---\n")
        path.symlink_to(outside)
    else:
        raise AssertionError(kind)


KINDS = [
    ("fifo", "not-a-file", "FIFO"),
    ("dev-zero", "not-a-file", "device"),
    ("dev-null", "not-a-file", "device"),
    ("dangling", "dangling-symlink", "does not exist"),
    ("socket", "not-a-file", "socket"),
    ("folder", "not-a-file", "a folder named like a post"),
    ("outside", "symlink-outside", "safe mode"),
]


@pytest.mark.parametrize("kind,rule,words", KINDS, ids=[k[0] for k in KINDS])
def test_index_lists_a_non_file_as_a_problem_of_that_file(
    blog: Path, tmp_path: Path, kind: str, rule: str, words: str
) -> None:
    _make(kind, blog / "2021-01-01-x.md", tmp_path)
    index = load_index(open_site(blog))
    assert [p.title for p in index.posts] == ["Good"]
    [problem] = index.problems
    assert (problem.rel, problem.rule) == ("2021-01-01-x.md", rule)
    assert words in problem.message


@pytest.mark.parametrize("kind,rule,words", KINDS, ids=[k[0] for k in KINDS])
def test_check_reports_a_non_file_with_its_kind(
    blog: Path, tmp_path: Path, kind: str, rule: str, words: str
) -> None:
    _make(kind, blog / "2021-01-01-x.md", tmp_path)
    problems = validate_blog([blog], open_site(blog))
    assert [(Path(p.path).name, p.rule) for p in problems] == [("2021-01-01-x.md", rule)]
    assert words in problems[0].message


def test_the_posts_inside_a_folder_named_like_a_post_are_read(blog: Path) -> None:
    """Jekyll reads the files in such a folder; the folder itself is the problem, said once."""
    write_post(blog, "2021-01-04-dir.md/2021-01-05-in.md", "---\ntitle: Inside\n---\n")
    index = load_index(open_site(blog))
    assert sorted(p.title for p in index.posts) == ["Good", "Inside"]
    assert [(p.rel, p.rule) for p in index.problems] == [("2021-01-04-dir.md", "not-a-file")]


def test_a_symlink_to_a_post_inside_the_blog_is_read(blog: Path) -> None:
    write_post(blog, "archive/2019-01-01-old.md", "---\ntitle: Old\n---\n")
    (blog / "2019-01-01-old.md").symlink_to(blog / "archive" / "2019-01-01-old.md")
    index = load_index(open_site(blog))
    assert sorted(p.title for p in index.posts) == ["Good", "Old", "Old"]
    assert index.problems == []


def test_reader_body_load_of_a_fifo_is_an_error_not_a_hang(blog: Path) -> None:
    post = load_index(open_site(blog)).posts[0]
    post.path.unlink()
    os.mkfifo(post.path)
    with pytest.raises(SourceError) as err:
        post.read_body()
    assert err.value.rule == "not-a-file"


def test_a_nul_byte_after_the_first_8_kb_is_binary(blog: Path) -> None:
    write_post(blog, "2021-01-01-late-nul.md", b"---\ntitle: T\n---\n" + b"a" * 9000 + b"\0\n")
    problems = validate_blog([blog], open_site(blog))
    assert [(p.rule, "binary" in p.message) for p in problems] == [("encoding", True)]


def test_front_matter_over_1_mb_is_said_not_shown_as_no_front_matter(blog: Path) -> None:
    big = (
        "---\ntitle: Big\nnotes: " + "x" * (postfile.MAX_FRONT_MATTER_BYTES + 10) + "\n---\nbody\n"
    )
    write_post(blog, "2021-01-01-big.md", big)
    index = load_index(open_site(blog))
    assert [p.title for p in index.posts] == ["Big", "Good"]  # listed, its body still shown
    assert index.posts[0].read_body() == "body\n"
    [problem] = index.all_problems()
    assert problem.rule == "yaml-size" and "larger than" in problem.message
    problems = validate_blog([blog], open_site(blog))
    assert [p.rule for p in problems] == ["yaml-size"]


def test_a_file_over_the_size_cap_is_not_read(blog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postfile, "MAX_POST_BYTES", 1000)
    path = write_post(blog, "2021-01-01-huge.md", GOOD + "x" * 2000)
    with pytest.raises(SourceError) as err:
        postfile.read_text(path)
    assert err.value.rule == "file-too-large"
    problems = validate_blog([blog], open_site(blog))
    assert [p.rule for p in problems] == ["file-too-large"]


def test_check_and_list_on_a_dev_zero_link_and_a_fifo_end_quickly(
    blog: Path, tmp_path: Path
) -> None:
    """`check` used to read /dev/zero until MemoryError and `list` to wait on the FIFO forever:
    both now end (the child is killed at 60 s or 1 GB) with the files reported."""
    (blog / "2021-01-01-zero.md").symlink_to("/dev/zero")
    (blog / "2021-01-02-random.md").symlink_to("/dev/urandom")
    os.mkfifo(blog / "2021-01-03-fifo.md")
    home = tmp_path / "home"
    check = run_cli(["check", str(blog)], home)
    assert check.returncode == 2, check.stderr  # files that could not be read
    out = check.stdout.decode()
    for name in ("zero", "random", "fifo"):
        assert f"2021-01-0{'123'['zero random fifo'.split().index(name)]}-{name}.md" in out
    assert out.count("[not-a-file]") == 3
    check_one = run_cli(["check", "--files", str(blog / "2021-01-01-zero.md")], home)
    assert check_one.returncode == 2 and b"[not-a-file]" in check_one.stdout
    listed = run_cli(["list", "--format", "json", str(blog)], home)
    assert listed.returncode == 0, listed.stderr
    assert [p["title"] for p in json.loads(listed.stdout)] == ["Good"]
    assert listed.stderr.count(b"not a post file") == 3
