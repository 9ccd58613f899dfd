"""The `blogtui` command line: help, version, list (text and JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_BLOG, write_post

from blogtui import __version__
from blogtui.cli import main


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "blogtui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_version_and_help() -> None:
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"blogtui {__version__}"
    out = run_cli("--help")
    assert out.returncode == 0 and "list" in out.stdout and "BLOG" in out.stdout


def test_list_text_and_json(tmp_path: Path, capsys) -> None:
    write_post(
        tmp_path,
        "2021-01-02-a.md",
        "---\ntitle: A post\ncategories: [python, perf]\ntags: gc\n---\n",
    )
    write_post(tmp_path, "_drafts/d.md", "---\ntitle: Draft\n---\n")
    assert main(["list", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["2021-01-02\tA post\tpython,perf\t2021-01-02-a.md"]
    assert main(["list", str(tmp_path), "--drafts", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_title = {d["title"]: d for d in data}
    assert set(by_title) == {"A post", "Draft"}
    a = by_title["A post"]
    assert set(a) == {
        "path",
        "title",
        "date",
        "categories",
        "tags",
        "draft",
        "published",
        "status",
        "url",
    }
    assert (
        a["url"] == "/python/perf/2021/01/02/a.html" and a["tags"] == ["gc"] and a["draft"] is False
    )
    assert by_title["Draft"]["draft"] is True and by_title["Draft"]["published"] is False
    assert by_title["Draft"]["status"] == "draft" and a["status"] == "published"


def test_list_text_marks_what_jekyll_would_not_publish(tmp_path: Path, capsys) -> None:
    """A fifth column says draft / unpublished / scheduled; a published post keeps four."""
    write_post(tmp_path, "2021-01-02-a.md", "---\ntitle: Live\n---\n")
    write_post(tmp_path, "2021-01-03-b.md", "---\ntitle: Held\npublished: false\n---\n")
    write_post(tmp_path, "2999-01-01-c.md", "---\ntitle: Later\n---\n")
    write_post(tmp_path, "_drafts/d.md", "---\ntitle: Idea\n---\n")
    assert main(["list", str(tmp_path), "--drafts"]) == 0
    rows = {r.split("\t")[1]: r.split("\t") for r in capsys.readouterr().out.splitlines()}
    assert len(rows["Live"]) == 4
    assert rows["Held"][4] == "unpublished"
    assert rows["Later"][4] == "scheduled"
    assert rows["Idea"][4] == "draft"


def test_list_default_blog_is_posts_in_cwd() -> None:
    out = run_cli("list", cwd=ROOT)
    assert out.returncode == 0
    assert "2020-10-25-introduction-to-the-blog-theme.md" in out.stdout


def test_list_reports_unreadable_files_on_stderr(tmp_path: Path, capsys) -> None:
    write_post(tmp_path, "2021-01-02-a.md", "---\ntitle: [x\n---\n")
    assert main(["list", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "2021-01-02-a.md:" in err


def test_missing_blog_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["list", str(tmp_path / "nope")]) == 2
    assert main([str(tmp_path / "nope")]) == 2


def test_sample_blog_lists(capsys) -> None:
    assert main(["list", str(SAMPLE_BLOG), "--format", "json"]) == 0
    urls = [d["url"] for d in json.loads(capsys.readouterr().out)]
    assert "/jekyll/update/2020/10/25/introduction-to-the-blog-theme.html" in urls
