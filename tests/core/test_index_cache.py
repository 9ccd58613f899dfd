"""The index cache: a warm start gives exactly the cold start's posts, without reading or
writing files that did not change, and never serves posts built under other settings."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import CORPUS, requires_corpus, write_post

from blogtui.blog.index import BlogIndex, Index
from blogtui.blog.index_cache import CACHE_VERSION
from blogtui.blog.site import Site, open_site

NOW = datetime(2026, 1, 1, tzinfo=UTC)

POSTS = {
    "2021-01-02-plain.md": "---\ntitle: Plain\ncategories: python perf\ntags: [gc]\n---\nbody\n",
    "2021-03-28-tz.md": "---\ntitle: Zone\ndate: 2021-03-28 02:30:00 +0100\n---\n",
    "2021-03-29-odd.md": "---\ntitle: 5\nextra: {1: [a, !!binary aGk=], when: 2020-01-01}\ncategories: [2013, x]\n---\n",
    "2021-04-01-nulls.md": "---\ntitle:\npublished:\ncomments_id: 42\n---\n",
    "2030-01-01-future.md": "---\ntitle: Later\n---\n",
    "2021-05-05-bad-date.md": "---\ndate: not a date\n---\n",
    "2021-05-06-bad-yaml.md": "---\ntitle: [\n---\n",
    "_drafts/idea.md": "---\ntitle: Idea\n---\n",
}


def _blog(tmp_path: Path) -> Path:
    blog = tmp_path / "blog"
    for name, text in POSTS.items():
        write_post(blog, name, text)
    return blog


def _everything(index: Index) -> list[tuple[object, ...]]:
    return [
        (
            p.path,
            p.rel,
            p.kind,
            p.title,
            p.date,
            p.date.utcoffset() if p.date else None,
            p.categories,
            p.tags,
            p.slug,
            p.ext,
            p.url,
            p.published,
            p.future,
            p.metadata,
            p.size,
            p.mtime_ns,
            p.page_path,
            p.thread_key,
            p.problems,
        )
        for p in index.posts
    ] + [(q.path, q.rel, q.message, q.line, q.column, q.rule) for q in index.problems]


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "Asia/Kolkata"])
def test_warm_start_equals_cold_start(tmp_path: Path, zone: str) -> None:
    site = Site(
        root=_blog(tmp_path),
        posts_dir=tmp_path / "blog",
        drafts_dir=tmp_path / "blog" / "_drafts",
        timezone=zone,
        baseurl="/b",
    )
    cold = BlogIndex(site, tmp_path / "cache").scan(now=NOW)
    warm_scan = BlogIndex(site, tmp_path / "cache")
    warm = warm_scan.scan(now=NOW)
    assert warm_scan.stats["parsed"] == 0
    assert _everything(warm) == _everything(cold)
    assert len(cold.posts) == 8 and len(cold.all_problems()) == 2
    # "future" is worked out again for each start, not cached
    later = BlogIndex(site, tmp_path / "cache").scan(now=datetime(2031, 1, 1, tzinfo=UTC))
    assert not any(p.future for p in later.posts)


def test_nothing_changed_nothing_written(tmp_path: Path) -> None:
    site = open_site(_blog(tmp_path))
    BlogIndex(site, tmp_path / "cache").scan()
    (cache_file,) = (tmp_path / "cache").iterdir()
    os.utime(cache_file, ns=(1, 1))
    BlogIndex(site, tmp_path / "cache").scan()
    assert cache_file.stat().st_mtime_ns == 1
    # a deleted post: gone from the index and from the cache
    (tmp_path / "blog" / "2021-01-02-plain.md").unlink()
    index = BlogIndex(site, tmp_path / "cache").scan()
    assert "Plain" not in [p.title for p in index.posts]
    assert cache_file.stat().st_mtime_ns != 1
    assert not any("plain" in key for key in json.loads(cache_file.read_text())["entries"])


def test_other_settings_rebuild_posts_from_cached_front_matter(tmp_path: Path) -> None:
    site = open_site(_blog(tmp_path))
    BlogIndex(site, tmp_path / "cache").scan()
    pretty = site.with_overrides(permalink="pretty", baseurl="/blog")
    scanner = BlogIndex(pretty, tmp_path / "cache")
    index = scanner.scan()
    assert scanner.stats["parsed"] == 0  # front matter from the cache ...
    post = index.by_rel("2021-01-02-plain.md")
    assert (
        post is not None and post.url == "/python/perf/2021/01/02/plain/"
    )  # ... posts built again
    assert post.page_path == "/blog/python/perf/2021/01/02/plain/"
    assert BlogIndex(site, tmp_path / "cache").scan().by_rel("2021-01-02-plain.md").url == (
        "/python/perf/2021/01/02/plain.html"
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: "not json at all",
        lambda d: json.dumps({**d, "code": "another version of blogtui"}),
        lambda d: json.dumps(
            {**d, "entries": {k: [v[0], v[1], {"m": 5}, v[3]] for k, v in d["entries"].items()}}
        ),
        lambda d: json.dumps(
            {**d, "entries": {k: [v[0], v[1], v[2], ["x"]] for k, v in d["entries"].items()}}
        ),
        lambda d: json.dumps({**d, "entries": {k: "?" for k in d["entries"]}}),
    ],
    ids=["garbage", "other-code", "bad-meta", "bad-post", "bad-entry"],
)
def test_a_damaged_cache_is_worked_around(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    site = open_site(_blog(tmp_path))
    cold = BlogIndex(site, tmp_path / "cache").scan(now=NOW)
    (cache_file,) = (tmp_path / "cache").iterdir()
    cache_file.write_text(damage(json.loads(cache_file.read_text())))
    assert _everything(BlogIndex(site, tmp_path / "cache").scan(now=NOW)) == _everything(cold)
    # and it is repaired: the next start uses it again
    again = BlogIndex(site, tmp_path / "cache")
    assert _everything(again.scan(now=NOW)) == _everything(cold) and again.stats["parsed"] == 0


def test_a_scan_without_drafts_keeps_them_cached(tmp_path: Path) -> None:
    """`blogtui list` (no --drafts) between two starts of the reader costs the reader nothing."""
    site = open_site(_blog(tmp_path))
    BlogIndex(site, tmp_path / "cache").scan()
    no_drafts = BlogIndex(site, tmp_path / "cache", include_drafts=False)
    assert not any(p.draft for p in no_drafts.scan().posts)
    again = BlogIndex(site, tmp_path / "cache")
    assert any(p.title == "Idea" for p in again.scan().posts)
    assert again.stats["parsed"] == 0


def test_a_damaged_error_entry_is_read_again(tmp_path: Path) -> None:
    site = open_site(_blog(tmp_path))
    cold = BlogIndex(site, tmp_path / "cache").scan(now=NOW)
    (cache_file,) = (tmp_path / "cache").iterdir()
    data = json.loads(cache_file.read_text())
    for entry in data["entries"].values():
        if "e" in entry[2]:
            entry[2]["e"] = ["only a message"]
    cache_file.write_text(json.dumps(data))
    assert _everything(BlogIndex(site, tmp_path / "cache").scan(now=NOW)) == _everything(cold)


@requires_corpus
def test_warm_equals_cold_over_the_corpus(tmp_path: Path) -> None:
    roots = sorted(p for p in CORPUS.rglob("*") if p.is_dir() and p.name in ("_posts", "posts"))
    total = 0
    for i, root in enumerate(roots):
        site = Site(
            root=root,
            posts_dir=root,
            drafts_dir=root / "_drafts",
            timezone="Asia/Tokyo",
            baseurl="/x",
        )
        cold = BlogIndex(site, tmp_path / f"c{i}").scan(now=NOW)
        warm = BlogIndex(site, tmp_path / f"c{i}")
        assert _everything(warm.scan(now=NOW)) == _everything(cold), root
        assert warm.stats["parsed"] == 0
        total += len(cold.posts)
    assert total >= 700


def test_the_old_version_of_the_cache_is_removed(tmp_path: Path) -> None:
    site = open_site(_blog(tmp_path))
    scanner = BlogIndex(site, tmp_path / "cache")
    assert scanner.cache_file is not None
    old = scanner.cache_file.with_name(
        scanner.cache_file.name.replace(f"index-v{CACHE_VERSION}-", "index-v1-")
    )
    other_blog = tmp_path / "cache" / "index-v1-0123456789abcdef.json"
    old.parent.mkdir()
    old.write_text("{}")
    other_blog.write_text("{}")
    scanner.scan()
    assert scanner.cache_file.is_file() and not old.exists() and other_blog.exists()
