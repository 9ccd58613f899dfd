"""Front matter built to exhaust the reader: each is a problem of its file, named for what it is,
in the index (so the reader lists it) and in `check`; the rest of the blog opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.hostile import run_cli

from blogtui.blog.check.files import validate_blog
from blogtui.blog.index import BlogIndex, load_index
from blogtui.blog.site import open_site


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


CASES = {
    "flow-5000-deep": ("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n", "yaml-nesting"),
    "map-5000-deep": ("---\nx: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n---\n", "yaml-nesting"),
    "block-1001-deep": (
        "---\n" + "".join(" " * i + "a:\n" for i in range(1001)) + " " * 1001 + "a: 1\n---\n",
        "yaml-nesting",
    ),
    "100000-keys": (
        "---\n" + "".join(f"{_b36(i)}: 1\n" for i in range(100_000)) + "---\n",
        "yaml-size",
    ),
}


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    write_post(folder, "2020-01-01-good.md", "---\ntitle: Good\n---\n")
    return folder


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_yaml_is_a_problem_of_its_file(blog: Path, case: str) -> None:
    text, rule = CASES[case]
    write_post(blog, f"2021-01-01-{case}.md", text)
    index = load_index(open_site(blog))
    assert [p.title for p in index.posts] == [case.replace("-", " ").title(), "Good"]
    assert [(p.rel, p.rule) for p in index.all_problems()] == [(f"2021-01-01-{case}.md", rule)]
    assert "alias" not in index.all_problems()[0].message  # 100,000 plain keys are no alias bomb
    problems = validate_blog([blog], open_site(blog))
    assert [(Path(p.path).name, p.rule) for p in problems] == [(f"2021-01-01-{case}.md", rule)]


def test_a_file_with_only_cr_line_ends_is_a_post_and_a_problem(blog: Path, tmp_path: Path) -> None:
    """Jekyll sees no front matter (it publishes the file under its slug's title), `check` calls
    it an error: the index lists the post and the problem beside it, on a warm start too."""
    write_post(blog, "2021-01-01-mac.md", b"---\rtitle: Mac\r---\rbody\r")
    for _start in ("cold", "warm"):
        index = BlogIndex(open_site(blog), tmp_path / "cache").scan()
        assert [p.title for p in index.posts] == ["Mac", "Good"]
        assert index.problems == []  # not an unreadable file: a problem of the post
        assert [(p.rel, p.rule) for p in index.posts[0].problems] == [
            ("2021-01-01-mac.md", "line-endings")
        ]
    assert [p.rule for p in validate_blog([blog], open_site(blog))] == ["line-endings"]


def test_the_commands_end_on_hostile_yaml(blog: Path, tmp_path: Path) -> None:
    for case, (text, _rule) in CASES.items():
        write_post(blog, f"2021-01-01-{case}.md", text)
    home = tmp_path / "home"
    listed = run_cli(["list", str(blog)], home)
    assert listed.returncode == 0 and listed.stderr.count(b"2021-01-01-") == len(CASES)
    checked = run_cli(["check", str(blog)], home)
    assert checked.returncode == 1 and checked.stdout.count(b"error:") == len(CASES)
