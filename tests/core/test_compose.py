"""new / publish / unpublish / rename, slugs and the atomic writer (core, no Textual)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import ROOT

from blogtui.blog import compose
from blogtui.blog.compose import (
    ComposeError,
    atomic_write,
    file_slug,
    new_post,
    publish,
    rename,
    set_front_matter_value,
    unpublish,
)
from blogtui.blog.site import Site, open_site
from blogtui.blog.source import parse_text

NOW = datetime(2024, 3, 1, 13, 5, tzinfo=UTC)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("timezone: Europe/Berlin\n", "utf-8")
    return open_site(tmp_path)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello World", "hello-world"),
        ("  Rust 1.78: what's new?  ", "rust-1-78-whats-new"),
        ("Ça va, Zürich? Été à Malmö", "ca-va-zurich-ete-a-malmo"),
        ("Привет, мир!", "privet-mir"),
        ("Ελληνικά κείμενα", "ellinika-keimena"),
        ("!!!", "untitled"),
        ("???  ...  ---", "untitled"),
        ("C++ & Rust", "c-rust"),
        ("Straße", "strasse"),
    ],
)
def test_file_slug(title: str, slug: str) -> None:
    assert file_slug(title) == slug


def test_slug_is_bounded_and_clean() -> None:
    slug = file_slug("word " * 100)
    assert len(slug) <= compose.MAX_SLUG_LENGTH and not slug.endswith("-")


def test_new_post_writes_jekyll_compose_front_matter(site: Site) -> None:
    path = new_post(
        site,
        "Привет, мир!",
        categories=["news", "ru"],
        tags=["hello"],
        front_matter={"author": "Ann", "comments": True},
        now=NOW,
    )
    # 13:05 UTC is 14:05 in Berlin: the site's time zone names the day and the offset
    assert path == site.posts_dir / "2024-03-01-privet-mir.md"
    text = path.read_text("utf-8")
    assert text == textwrap.dedent(
        """\
        ---
        layout: post
        title: "Привет, мир!"
        date: 2024-03-01 14:05 +0100
        categories: [news, ru]
        tags: [hello]
        author: Ann
        comments: true
        ---

        """
    )
    _s, meta = parse_text(text)
    assert (
        meta["title"] == "Привет, мир!"
        and meta["categories"] == ["news", "ru"]
        and meta["comments"] is True
    )


def test_new_post_day_follows_site_timezone(site: Site) -> None:
    late = datetime(2024, 3, 1, 23, 30, tzinfo=UTC)  # already March 2nd in Berlin
    assert new_post(site, "Late", now=late).name == "2024-03-02-late.md"


def test_new_draft_has_no_date(site: Site) -> None:
    path = new_post(site, "Idea: something", draft=True, now=NOW)
    assert path == site.root / "_drafts" / "idea-something.md"
    _s, meta = parse_text(path.read_text("utf-8"))
    assert meta == {"layout": "post", "title": "Idea: something"}


def test_new_refuses_to_overwrite(site: Site) -> None:
    path = new_post(site, "Same", now=NOW)
    path.write_text("my words", "utf-8")
    with pytest.raises(ComposeError, match="already exists"):
        new_post(site, "Same", now=NOW)
    assert path.read_text("utf-8") == "my words"


def test_config_layout_overrides_default(site: Site) -> None:
    path = new_post(site, "T", front_matter={"layout": "single", "title": "ignored"}, now=NOW)
    _s, meta = parse_text(path.read_text("utf-8"))
    assert meta["layout"] == "single" and meta["title"] == "T"


def test_publish_adds_date_line_and_keeps_everything_else(site: Site) -> None:
    drafts = site.root / "_drafts"
    drafts.mkdir()
    original = (
        "---\r\n# my notes\r\ntitle:   'Keep   me'\r\ntags:\r\n  - b\r\n  - a\r\n---\r\nBody\r\n"
    )
    draft = drafts / "keep-me.md"
    draft.write_bytes(b"\xef\xbb\xbf" + original.encode())
    dest = publish(site, draft, now=NOW)
    assert dest == site.posts_dir / "2024-03-01-keep-me.md"
    assert not draft.exists()
    expected = original.replace(
        "title:   'Keep   me'\r\n", "title:   'Keep   me'\r\ndate: 2024-03-01 14:05 +0100\r\n"
    )
    assert dest.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_publish_dates_the_post_now_replacing_the_drafts_old_date(site: Site) -> None:
    """Like jekyll-compose: the post is dated when it is published, never back-dated."""
    drafts = site.root / "_drafts"
    drafts.mkdir()
    (drafts / "old.md").write_bytes(b"---\ntitle: Old\ndate: 2019-05-06 10:00:00 +0000\n---\nx\n")
    dest = publish(site, drafts / "old.md", now=NOW)
    assert dest.name == "2024-03-01-old.md"
    assert dest.read_bytes() == b"---\ntitle: Old\ndate: 2024-03-01 14:05 +0100\n---\nx\n"


def test_publish_on_a_chosen_day(site: Site) -> None:
    drafts = site.root / "_drafts"
    drafts.mkdir()
    (drafts / "2019-05-06-named.md").write_bytes(b"---\ntitle: Named\n---\nx\n")
    dest = publish(site, drafts / "2019-05-06-named.md", now=NOW, day=date(2023, 12, 31))
    assert dest.name == "2023-12-31-named.md"
    assert dest.read_bytes() == b"---\ntitle: Named\ndate: 2023-12-31 00:00 +0100\n---\nx\n"


def test_publish_refuses_to_overwrite_and_keeps_draft(site: Site) -> None:
    drafts = site.root / "_drafts"
    drafts.mkdir()
    (drafts / "x.md").write_text("---\ntitle: X\n---\n", "utf-8")
    (site.posts_dir / "2024-03-01-x.md").write_text("existing", "utf-8")
    with pytest.raises(ComposeError, match="already exists"):
        publish(site, drafts / "x.md", now=NOW)
    assert (drafts / "x.md").exists()
    assert (site.posts_dir / "2024-03-01-x.md").read_text("utf-8") == "existing"


def test_publish_refuses_broken_front_matter(site: Site) -> None:
    drafts = site.root / "_drafts"
    drafts.mkdir()
    (drafts / "bad.md").write_text("---\ntitle: [oops\n---\n", "utf-8")
    with pytest.raises(ComposeError, match=r"bad.md:\d+:\d+: could not parse YAML"):
        publish(site, drafts / "bad.md", now=NOW)
    assert (drafts / "bad.md").exists()


def test_unpublish_moves_bytes_unchanged(site: Site) -> None:
    data = b"---\ntitle: T\ndate: 2020-01-02\n---\nbody"
    post = site.posts_dir / "2020-01-02-t.md"
    post.write_bytes(data)
    dest = unpublish(site, post)
    assert (
        dest == site.root / "_drafts" / "t.md" and dest.read_bytes() == data and not post.exists()
    )
    # and published again: dated anew, like jekyll-compose
    again = publish(site, dest, now=NOW)
    assert again.name == "2024-03-01-t.md"
    assert again.read_bytes() == data.replace(b"2020-01-02", b"2024-03-01 14:05 +0100")


def test_rename_changes_slug_and_title_line(site: Site) -> None:
    post = site.posts_dir / "2020-01-02-old-name.md"
    post.write_text("---\ntitle: Old name # was\nlayout: post\n---\nbody\n", "utf-8")
    dest = rename(post, "New name")
    assert dest == site.posts_dir / "2020-01-02-new-name.md" and not post.exists()
    assert dest.read_text("utf-8") == '---\ntitle: "New name"\nlayout: post\n---\nbody\n'


def test_set_value_without_front_matter_adds_a_block() -> None:
    assert (
        set_front_matter_value("hello\n", "date", "2024-01-01")
        == "---\ndate: 2024-01-01\n---\nhello\n"
    )


def test_set_value_replaces_multiline_value_only() -> None:
    text = "---\ntitle: A\ndate:\n  2020-01-01\nx: 1\n---\n"
    assert (
        set_front_matter_value(text, "date", "2021-02-02")
        == "---\ntitle: A\ndate: 2021-02-02\nx: 1\n---\n"
    )


# -- the atomic writer ----------------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    atomic_write(path, b"new \r\n bytes")
    assert path.read_bytes() == b"new \r\n bytes"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]  # no temp file left behind


def test_atomic_write_exclusive_never_clobbers(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        atomic_write(path, b"other", exclusive=True)
    assert path.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_failure_in_the_middle_of_a_write_leaves_old_file(tmp_path: Path) -> None:
    """A real write failure: the process may not write files over 64 KiB (like a full disk)."""
    path = tmp_path / "post.md"
    path.write_bytes(b"the old text\n" * 10)
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from blogtui.blog.compose import atomic_write
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
        try:
            atomic_write(Path({str(path)!r}), b"x" * 200_000)
        except OSError as exc:
            print("failed", exc.errno)
            sys.exit(0)
        print("wrote")
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.stdout.startswith("failed"), out.stdout + out.stderr
    assert path.read_bytes() == b"the old text\n" * 10
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]


# -- the commands -------------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "blogtui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_cli_new_publish_unpublish(site: Site, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[new]\nfront_matter = { author = "Ann" }\n', "utf-8")
    out = run_cli(
        "new",
        "--config",
        str(config),
        "Ça marche",
        "--draft",
        "--category",
        "a",
        "--category",
        "b",
        "--tag",
        "t",
        "--blog",
        str(site.root),
        cwd=site.root,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "_drafts/ca-marche.md"
    _s, meta = parse_text((site.root / "_drafts/ca-marche.md").read_text("utf-8"))
    assert meta["categories"] == ["a", "b"] and meta["tags"] == ["t"] and meta["author"] == "Ann"

    again = run_cli("new", "Ça marche", "--draft", "--blog", str(site.root), cwd=site.root)
    assert again.returncode == 1 and "already exists" in again.stderr

    pub = run_cli("publish", "_drafts/ca-marche.md", cwd=site.root)
    assert pub.returncode == 0, pub.stderr
    day = (
        (datetime.now(UTC) + timedelta(hours=0))
        .astimezone(compose.get_timezone("Europe/Berlin"))
        .date()
    )
    assert pub.stdout.strip() == f"_posts/{day.isoformat()}-ca-marche.md"

    unpub = run_cli("unpublish", pub.stdout.strip(), cwd=site.root)
    assert unpub.returncode == 0 and unpub.stdout.strip() == "_drafts/ca-marche.md"

    missing = run_cli("publish", "_drafts/nope.md", cwd=site.root)
    assert missing.returncode == 2 and "no draft" in missing.stderr


def test_compose_recovery_and_commands_do_not_import_textual() -> None:
    code = (
        "import sys, blogtui.blog.compose, blogtui.blog.recovery, blogtui.commands.new, "
        "blogtui.commands.publish, blogtui.commands.unpublish; print('textual' in sys.modules)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


def test_cli_unpublish_in_a_plain_folder_of_posts(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "2021-02-03-plain.md").write_bytes(b"---\ntitle: Plain\n---\n")
    out = run_cli("unpublish", str(folder / "2021-02-03-plain.md"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (folder / "_drafts" / "plain.md").read_bytes() == b"---\ntitle: Plain\n---\n"
    back = run_cli("publish", str(folder / "_drafts" / "plain.md"), cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    published = list(folder.glob("*-plain.md"))
    assert len(published) == 1 and b"date: " in published[0].read_bytes()
