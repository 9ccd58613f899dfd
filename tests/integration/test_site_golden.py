"""Golden tests for whole Jekyll site roots: ``_config.yml`` defaults, exclude and include.

tests/golden/sites/NAME is a site root; tests/golden/urls-site-NAME.json is what real Jekyll
4.3.1 made of it (tests/golden/make_golden.sh sites -> jekyll_site_urls.sh). Here the same site
is opened with open_site and indexed with the same pinned "now" and file mtimes; every file
must get Jekyll's URL, date, title, categories, tags, published judgement and the front
matter the defaults gave it (layout, author, comments), and every file Jekyll did not read
(excluded, ``_underscored``, not included) must not be a post here.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT

from blogtui.blog.index import BlogIndex, Index
from blogtui.blog.rules import ruby_to_s
from blogtui.blog.site import open_site

pytestmark = pytest.mark.golden  # compares with real Jekyll's recorded output

GOLDEN = ROOT / "tests" / "golden"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
MTIME = datetime(2021, 8, 9, 10, 11, 12, tzinfo=UTC).timestamp()
SITES = sorted(
    p.name for p in (GOLDEN / "sites").iterdir() if (GOLDEN / f"urls-site-{p.name}.json").is_file()
)


def _copy(name: str, dest: Path) -> Path:
    site = dest / name
    shutil.copytree(GOLDEN / "sites" / name, site, symlinks=True)
    for folder, dirs, files in os.walk(site):
        for entry in dirs + files:
            os.utime(Path(folder) / entry, (MTIME, MTIME), follow_symlinks=False)
    os.utime(site, (MTIME, MTIME))
    return site


def _file_of(entry: dict[str, Any], root: Path) -> Path:
    name = entry["file"]
    if name.startswith("../_drafts/"):
        return root / "_drafts" / name[len("../_drafts/") :]
    if "/_posts/" in name or "/_drafts/" in name:  # es/_posts/x.md: relative to the root already
        return root / name
    return root / "_posts" / name


def _differences(name: str, index: Index, root: Path) -> list[str]:
    golden = json.loads((GOLDEN / f"urls-site-{name}.json").read_text("utf-8"))
    # a post Jekyll refuses is still listed (by its file name), carrying the reason
    by_path = {p.path: p for p in index.posts if not p.problems}
    problems = {p.path: p for p in index.all_problems()}
    diffs: list[str] = []
    seen: set[Path] = set()
    for e in golden:
        path = _file_of(e, root)
        seen.add(path)
        post, problem = by_path.get(path), problems.get(path)
        where = f"{e['file']}"
        if e["status"] == "ignored":
            if post is not None or problem is not None:
                diffs.append(
                    f"{where}: Jekyll ignores it ({e.get('error')}) but here it is {post or problem}"
                )
            continue
        if e["status"] in ("read-error", "fatal") or any(
            log["level"] == "error" for log in e.get("log", [])
        ):
            if problem is None:
                diffs.append(
                    f"{where}: Jekyll cannot read it ({e.get('error')}) but it is not a problem here"
                )
            continue
        if post is None:
            diffs.append(
                f"{where}: Jekyll keeps it ({e['status']}) but here it is {problem.message if problem else 'missing'}"
            )
            continue
        mine = {
            "url": post.url,
            "date": post.date.isoformat(timespec="seconds") if post.date else None,
            "categories": list(post.categories),
            "tags": list(post.tags),
            "title": post.title,
            "draft": post.draft,
            "published": post.published and not post.future,
            "layout": post.metadata.get("layout"),
            "author": post.metadata.get("author"),
            "comments": post.metadata.get("comments"),
        }
        theirs = {
            "url": e.get("url"),
            "date": e.get("date"),
            "categories": [ruby_to_s(c) for c in e.get("categories") or []],
            "tags": [ruby_to_s(t) for t in e.get("tags") or []],
            "title": ruby_to_s(e.get("title")),
            "draft": e.get("draft"),
            "published": e.get("published"),
            "layout": e.get("layout"),
            "author": e.get("author"),
            "comments": e.get("comments"),
        }
        for key, value in theirs.items():
            if mine[key] != value:
                diffs.append(f"{where}: {key} is {mine[key]!r} here, Jekyll: {value!r}")
    for path in set(by_path) - seen:
        diffs.append(f"{path.relative_to(root)} is a post here but Jekyll never read it")
    return diffs


@pytest.mark.parametrize("name", SITES)
def test_site_root_equals_jekyll(name: str, tmp_path: Path) -> None:
    root = _copy(name, tmp_path)
    index = BlogIndex(open_site(root), tmp_path / "cache").scan(now=NOW)
    diffs = _differences(name, index, root)
    assert not diffs, "\n".join(diffs)
    # and the same from the cache (a warm start must not change a thing)
    warm = BlogIndex(open_site(root), tmp_path / "cache")
    assert not _differences(name, warm.scan(now=NOW), root)
    assert warm.stats["parsed"] == 0


def test_golden_sites_exist() -> None:
    assert {"defaults", "order", "multilang"} <= set(SITES)


def test_translations_keep_their_own_urls(tmp_path: Path) -> None:
    """ruby-lang.org's layout: posts only in <lang>/news/_posts; the same slug in two languages is
    two posts at two URLs (so two comment threads), the folders being their categories."""
    root = _copy("multilang", tmp_path)
    index = BlogIndex(open_site(root), tmp_path / "cache").scan(now=NOW)
    release = sorted(
        (p.url, p.categories) for p in index.posts if p.path.name == "2024-01-02-release.md"
    )
    assert release == [
        ("/de/news/security/2024/01/02/release/", ("de", "news", "security")),
        ("/en/news/2024/01/02/release/", ("en", "news")),
        ("/ja/news/2024/01/02/release/", ("ja", "news")),
    ]
    assert len({p.thread_key for p in index.posts}) == len(index.posts)
