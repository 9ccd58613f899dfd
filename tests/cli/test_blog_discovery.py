"""Which blog a command acts on: found the way git finds a repository, the same for every command.

The argument (``BLOG`` or ``--blog BLOG``), else ``BLOGTUI_BLOG``, else the nearest folder at or
above the current one that is a Jekyll site (``_config.yml`` or ``_posts/``) or a folder of dated
posts, else config ``blog``, else ``./posts``. The site here is laid out like www.ruby-lang.org:
no root ``_posts``, one ``<lang>/news/_posts`` per language (tests/golden/sites/multilang).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import ROOT, write_post

from blogtui.blog.site import open_site
from blogtui.cli import main
from blogtui.config import load_settings

MULTILANG = ROOT / "tests" / "golden" / "sites" / "multilang"
POSTS = [
    "de/news/_posts/2023-12-24-xmas.md",
    "de/news/_posts/2024-01-02-release.md",
    "en/news/_posts/2024-01-02-release.md",
    "ja/news/_posts/2024-01-02-release.md",
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "news-site"
    shutil.copytree(MULTILANG, root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def listed(out: str) -> list[str]:
    return sorted(line.split("\t")[3] for line in out.splitlines())


@pytest.mark.parametrize("where", ["", "assets/css", "en", "en/news", "en/news/_posts", "ja/news"])
def test_list_and_check_work_in_any_folder_of_a_jekyll_site(
    site: Path, where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site / where)
    rc, out, err = run(capsys, "list")
    assert rc == 0, err
    assert listed(out) == POSTS
    rc, out, err = run(capsys, "check")
    assert rc == 0, out + err
    assert out.splitlines()[-1] == "5 files, 0 errors, 0 warnings"  # the 4 posts and the draft


def test_new_in_a_subfolder_writes_to_the_sites_posts(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site / "en" / "news")
    rc, out, err = run(capsys, "new", "Hello there")
    assert rc == 0, err
    made = Path(out.strip())
    assert made.parent == site.resolve() / "_posts" and made.name.endswith("-hello-there.md")
    rc, out, _ = run(capsys, "list")
    assert f"_posts/{made.name}" in listed(out)


def test_a_named_path_stands_for_the_blog_it_is_in(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for named in ("news-site", "news-site/ja", "news-site/en/news/_posts"):
        rc, out, err = run(capsys, "list", named)
        assert (rc, listed(out)) == (0, POSTS), (named, err)
        rc, out, err = run(capsys, "list", "--blog", named)
        assert (rc, listed(out)) == (0, POSTS), (named, err)


def test_the_argument_then_the_env_then_the_current_folder_then_the_config(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    write_post(other, "2020-05-05-other.md", "---\ntitle: Other\n---\n")
    configured = tmp_path / "configured"
    write_post(configured, "2020-06-06-conf.md", "---\ntitle: Conf\n---\n")
    config = tmp_path / "config.toml"
    config.write_text(f'blog = "{configured}"\n', "utf-8")
    monkeypatch.setenv("BLOGTUI_CONFIG", str(config))
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()

    monkeypatch.chdir(nowhere)  # in no blog: the configured one
    assert listed(run(capsys, "list")[1]) == ["2020-06-06-conf.md"]
    monkeypatch.chdir(site / "ja")  # in a blog: that one, before the configured one
    assert listed(run(capsys, "list")[1]) == POSTS
    monkeypatch.setenv("BLOGTUI_BLOG", str(other))  # the environment, before the current folder
    assert listed(run(capsys, "list")[1]) == ["2020-05-05-other.md"]
    assert listed(run(capsys, "list", str(site))[1]) == POSTS  # the argument, before all


def test_one_function_finds_the_blog_of_a_path(site: Path, tmp_path: Path) -> None:
    from blogtui.blog.site import blog_root, find_blog

    root = site.resolve()
    assert find_blog(site / "en" / "news" / "_posts" / "2024-01-02-release.md") == root
    assert find_blog(site / "en" / "news" / "_drafts") == root
    assert find_blog(tmp_path) is None
    plain = tmp_path / "plain"
    write_post(plain, "2021-01-01-a.md", "---\ntitle: A\n---\n")
    write_post(plain / "_drafts", "idea.md", "---\ntitle: I\n---\n")
    assert find_blog(plain / "_drafts" / "idea.md") == plain.resolve()
    # no _config.yml: posts only in subfolders make a site root of the folder named
    bare = tmp_path / "bare"
    shutil.copytree(site / "en", bare / "en")
    assert find_blog(bare) is None and blog_root(bare) == bare.resolve()
    assert open_site(blog_root(bare)).is_jekyll_root
    assert blog_root(bare / "en" / "news" / "_posts") == (bare / "en" / "news").resolve()
    # a settings object answers the same
    assert load_settings().blog_path(str(site / "de"), cwd=tmp_path) == root


def test_check_and_list_agree_on_what_the_blog_is(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One site, not one blog per _posts: a URL two languages both claim is a clash."""
    write_post(
        site / "en/news/_posts", "2024-03-01-a.md", "---\ntitle: A\npermalink: /same/\n---\n"
    )
    write_post(
        site / "ja/news/_posts", "2024-03-01-b.md", "---\ntitle: B\npermalink: /same/\n---\n"
    )
    monkeypatch.chdir(site)
    rc, out, _ = run(capsys, "check", "en/news/_posts", "ja/news/_posts")
    assert rc == 1 and out.count("[duplicate-url]") == 2
    rc, out, _ = run(capsys, "list", "--format", "json")
    assert [p["url"] for p in json.loads(out)].count("/same/") == 2


def test_the_blog_is_named_by_its_title_else_its_folder(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert open_site(site).name == "Ruby-like News"
    plain = tmp_path / "my-blog"
    write_post(plain, "2021-01-01-a.md", "---\ntitle: A\n---\n")
    monkeypatch.chdir(plain)
    assert open_site(Path(".")).name == "my-blog"


async def test_the_status_bar_names_the_chosen_blog(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from blogtui.tui.app import BlogApp

    monkeypatch.chdir(site / "ja" / "news")
    settings = load_settings()
    app = BlogApp(settings=settings, blog_path=settings.blog_path(None))
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert status.startswith("Ruby-like News  ·  4 posts, 1 draft"), (
            status
        )  # 4 in _posts + 1 draft


def test_help_says_how_the_blog_is_found(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--help"], ["list", "--help"], ["check", "--help"], ["new", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        out = " ".join(capsys.readouterr().out.split())
        assert exc.value.code == 0
        assert "BLOGTUI_BLOG" in out and "the nearest folder at or above the current one" in out
        assert "--blog BLOG" in out


def test_publish_dates_the_post_today(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(site / "_drafts", "old-idea.md", "---\ntitle: Old\ndate: 2019-01-01\n---\nx\n")
    monkeypatch.chdir(site / "en")
    rc, out, err = run(capsys, "publish", str(site / "_drafts" / "old-idea.md"))
    assert rc == 0, err
    today = datetime.now(UTC).date().isoformat()  # the site's time zone is UTC
    made = site / "_posts" / f"{today}-old-idea.md"
    assert Path(out.strip()).resolve() == made.resolve()
    assert f"date: {today} " in made.read_text("utf-8")
    write_post(site / "_drafts", "later.md", "---\ntitle: Later\n---\n")
    rc, out, err = run(capsys, "publish", "later", "--date", "2025-02-03")
    assert rc == 0, err
    dated = site / "_posts" / "2025-02-03-later.md"
    assert "date: 2025-02-03 00:00 +0000\n" in dated.read_text("utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["publish", "x", "--date", "tomorrow"])
    assert exc.value.code == 2
