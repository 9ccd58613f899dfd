"""The index as the cache last held it (no stat): the same posts and problems as the scan that
wrote the cache, and nothing when the cache cannot give them all."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE_BLOG, write_post

from blogtui.blog.index import load_index
from blogtui.blog.index_snapshot import cached_index
from blogtui.blog.site import open_site


def fields(posts):  # type: ignore[no-untyped-def]
    return [(p.path, p.rel, p.kind, p.title, p.date, p.url, p.tags, p.categories) for p in posts]


def test_the_snapshot_is_what_the_scan_found(tmp_path: Path) -> None:
    site = open_site(SAMPLE_BLOG)
    cache = tmp_path / "cache"
    assert cached_index(site, cache) is None  # no cache yet
    scanned = load_index(site, cache)
    snap = cached_index(site, cache)
    assert snap is not None
    assert fields(snap.posts) == fields(scanned.posts)
    assert snap.problems == scanned.problems


def test_problems_come_back_too_and_a_damaged_cache_gives_none(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_post(root, "2021-01-01-good.md", "---\ntitle: Good\n---\nfine\n")
    write_post(root, "2021-01-02-bad.md", "---\ntitle: [oops\n---\n")
    site = open_site(root)
    cache = tmp_path / "cache"
    scanned = load_index(site, cache)
    snap = cached_index(site, cache)
    assert snap is not None  # the broken post is a post with its problem, as in the scan
    assert sorted(p.rel for p in snap.posts) == sorted(p.rel for p in scanned.posts)
    assert [len(p.problems) for p in snap.posts] == [len(p.problems) for p in scanned.posts]
    assert any(p.problems for p in snap.posts)
    for f in cache.iterdir():
        f.write_text('{"version": 2, "entries": {"post:x.md": [1, 2]}}')
    assert cached_index(site, cache) is None
