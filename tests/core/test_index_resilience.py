"""No single file stops the index or `check`: every per-file failure is a problem of that file.

Dates beyond what Python's datetime holds (real Jekyll 4.3.1, asked with jekyll_urls.sh, reads
``9999-12-31 23:59:59 -12:00`` as 10000-01-01 11:59:59 UTC and skips it as a future post) used to
raise OverflowError out of the whole scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write_post

from blogtui.blog.check import files as check_files
from blogtui.blog.index import BlogIndex, load_index
from blogtui.blog.site import Site, open_site
from blogtui.cli import main

GOOD = "---\ntitle: Good\n---\nhello\n"

DATES = [
    "9999-12-31 23:59:59 -12:00",
    "0001-01-01 00:00:00 +1400",
    "0001-01-01 00:30:00 +01:00",
]


def _blog(tmp_path: Path, date: str) -> Path:
    folder = tmp_path / "blog"
    write_post(folder, "2020-01-01-good.md", GOOD)
    write_post(folder, "2021-01-01-far.md", f"---\ntitle: Far\ndate: {date}\n---\n")
    return folder


@pytest.mark.parametrize("date", DATES)
def test_a_date_out_of_range_is_a_problem_and_the_rest_opens(tmp_path: Path, date: str) -> None:
    blog = _blog(tmp_path, date)
    index = load_index(open_site(blog))
    assert [p.title for p in index.posts] == ["Far", "Good"]  # by the file name's date
    [problem] = index.all_problems()
    assert (problem.rel, problem.rule) == ("2021-01-01-far.md", "date-range")
    assert "1 to 9999" in problem.message


@pytest.mark.parametrize("date", DATES)
def test_check_reports_a_date_out_of_range(
    tmp_path: Path, date: str, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(tmp_path, date)
    problems = check_files.validate_blog([blog], open_site(blog))
    assert [(Path(p.path).name, p.rule, p.line) for p in problems] == [
        ("2021-01-01-far.md", "date-range", 3)
    ]
    assert main(["check", str(blog)]) == 1
    assert "[date-range]" in capsys.readouterr().out


def test_a_date_out_of_range_in_the_site_time_zone(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("timezone: Pacific/Kiritimati\n")
    write_post(tmp_path / "_posts", "2020-01-01-good.md", GOOD)
    write_post(tmp_path / "_posts", "9999-12-31-last.md", "---\ntitle: Last\n---\n")
    write_post(tmp_path / "_posts", "2021-01-01-far.md", "---\ndate: 9999-12-31 23:00:00\n---\n")
    index = load_index(open_site(tmp_path))
    assert "Good" in [p.title for p in index.posts]
    assert ("_posts/2021-01-01-far.md", "date-range") in [
        (p.rel, p.rule) for p in index.all_problems()
    ]


def test_an_exception_in_the_per_file_step_is_a_problem_of_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = tmp_path / "blog"
    for day in range(1, 6):
        write_post(blog, f"2021-01-0{day}-p{day}.md", f"---\ntitle: P{day}\n---\n")
    real = BlogIndex._scan_entry

    def flaky(self: BlogIndex, st: object, entry: object, kind: str) -> None:
        if entry.name == "2021-01-03-p3.md":  # type: ignore[attr-defined]
            raise RuntimeError("boom")
        real(self, st, entry, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(BlogIndex, "_scan_entry", flaky)
    index = load_index(open_site(blog))
    assert [p.title for p in index.posts] == ["P5", "P4", "P2", "P1"]
    [problem] = index.problems
    assert (problem.rel, problem.rule) == ("2021-01-03-p3.md", "internal")
    assert "boom" in problem.message


def test_an_exception_in_the_per_file_check_is_a_problem_of_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = tmp_path / "blog"
    write_post(blog, "2021-01-01-ok.md", "---\ntitle: [unclosed\n---\n")
    write_post(blog, "2021-01-02-bad.md", GOOD)
    real = check_files.bytes_report

    def flaky(data: bytes, path: Path, *args: object) -> object:
        if path.name == "2021-01-02-bad.md":
            raise RecursionError("deep")
        return real(data, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_files, "bytes_report", flaky)
    site = Site(root=blog, posts_dir=blog, drafts_dir=blog / "_drafts")
    problems = check_files.validate_blog([blog], site)
    assert sorted((Path(p.path).name, p.rule) for p in problems) == [
        ("2021-01-01-ok.md", "yaml-syntax"),
        ("2021-01-02-bad.md", "internal"),
    ]
