"""Golden tests: our index must say what real Jekyll 4.3.1 says, file by file.

tests/golden/urls-SET-LABEL.json were written by ../shared/tools/jekyll_urls.sh through
tests/golden/make_golden.sh, one per row of tests/golden/matrix.tsv (a folder of posts, a
permalink style or template, a time zone). Here the same folder is indexed with the same
settings, the same pinned "now" and the same file mtimes, and for every file:

- Jekyll keeps it ("ok") or reads it but leaves it out ("skipped": published: false, a future
  date) -> it is a post here with the same url, date, categories, tags, title, draft flag and
  the same published judgement;
- Jekyll cannot read it ("read-error": broken YAML, ``categories: 5``; "fatal": an invalid date,
  an unknown ``:placeholder``; "skipped" because not UTF-8) -> it is a problem here, with a reason;
- Jekyll ignores it ("ignored": no date in the name, ``_hidden``, ``backup~``) -> neither a post
  nor a problem here (Jekyll never opens such a file, so neither do we).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT

from blogtui.blog.index import BlogIndex, Index
from blogtui.blog.rules import ruby_to_s
from blogtui.blog.site import Site

pytestmark = pytest.mark.golden  # compares with real Jekyll's recorded output

GOLDEN = ROOT / "tests" / "golden"
#: The same pins as make_golden.sh (JEKYLL_ORACLE_TIME and every file's mtime).
NOW = datetime(2026, 1, 1, tzinfo=UTC)
MTIME = datetime(2021, 8, 9, 10, 11, 12, tzinfo=UTC).timestamp()
#: Sets whose folder other people add posts to: only the files Jekyll saw are checked.
OPEN_SETS = {"sample"}


@dataclass(frozen=True)
class Row:
    set: str
    posts: str
    drafts: str
    label: str
    permalink: str
    timezone: str

    @property
    def golden(self) -> Path:
        return GOLDEN / f"urls-{self.set}-{self.label}.json"


def _matrix() -> list[Row]:
    rows = []
    for line in (GOLDEN / "matrix.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(Row(*line.split("\t")))
    return rows


ROWS = [r for r in _matrix() if r.golden.is_file()]


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each set copied once like make_golden.sh does it: NAME/posts + NAME/_drafts, mtimes pinned."""
    out: dict[str, tuple[Path, Path]] = {}
    base = tmp_path_factory.mktemp("golden-sites")
    for row in ROWS:
        if row.set in out:
            continue
        src = (ROOT / row.posts).resolve()
        if not src.is_dir():
            continue
        site = base / row.set
        shutil.copytree(
            src,
            site / "posts",
            symlinks=True,
            ignore=shutil.ignore_patterns("_drafts") if row.drafts != "-" else None,
        )
        if row.drafts != "-" and (ROOT / row.drafts).is_dir():
            shutil.copytree(ROOT / row.drafts, site / "_drafts", symlinks=True)
        for folder, dirs, files in os.walk(site):
            for name in dirs + files:
                os.utime(Path(folder) / name, (MTIME, MTIME), follow_symlinks=False)
        out[row.set] = (site / "posts", site / "_drafts")
    return out


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("golden-cache")


def _index(row: Row, posts: Path, drafts: Path, cache: Path) -> Index:
    site = Site(
        root=posts,
        posts_dir=posts,
        drafts_dir=drafts,
        permalink=row.permalink,
        timezone=row.timezone,
    )
    return BlogIndex(site, cache).scan(now=NOW)


def _strings(values: Any) -> list[str]:
    return [ruby_to_s(v) for v in values or []]


def _file_of(entry: dict[str, Any], posts: Path, drafts: Path) -> Path:
    name = entry["file"]
    if name.startswith("../_drafts/"):
        return drafts / name[len("../_drafts/") :]
    return posts / name


def _differences(row: Row, index: Index, posts: Path, drafts: Path) -> list[str]:
    golden = json.loads(row.golden.read_text("utf-8"))
    # a post Jekyll refuses is still listed (by its file name), carrying the reason
    by_path = {p.path: p for p in index.posts if not p.problems}
    problems = {p.path: p for p in index.all_problems()}
    diffs: list[str] = []
    seen: set[Path] = set()
    for e in golden:
        if e.get("file") is None:
            continue
        path = _file_of(e, posts, drafts)
        seen.add(path)
        post, problem, status = by_path.get(path), problems.get(path), e["status"]
        where = f"{row.golden.name}: {e['file']}"
        if status == "ignored":  # silently, so neither a post nor a problem here
            if post is not None or problem is not None:
                diffs.append(
                    f"{where}: Jekyll ignores it ({e.get('error')}) but here it is {post or problem}"
                )
            continue
        if status in ("read-error", "fatal") or (
            status == "skipped" and "UTF-8" in (e.get("error") or "")
        ):
            if problem is None:
                diffs.append(
                    f"{where}: Jekyll says {status} ({e.get('error')}) but it is not a problem here"
                )
            continue
        if post is None:
            diffs.append(
                f"{where}: Jekyll keeps it ({status}) but here it is {problem.message if problem else 'missing'}"
            )
            continue
        mine = {
            "url": post.url,
            "url_unescaped": post.url_unescaped,
            "date": post.date.isoformat(timespec="seconds") if post.date else None,
            "categories": list(post.categories),
            "tags": list(post.tags),
            "title": post.title,
            "draft": post.draft,
            # Jekyll ran with --drafts: a draft is published like a post (we never show it as live)
            "published": post.published and not post.future,
        }
        theirs = {
            "url": e.get("url"),
            "url_unescaped": e.get("url_unescaped"),
            "date": e.get("date"),
            "categories": _strings(e.get("categories")),
            "tags": _strings(e.get("tags")),
            "title": ruby_to_s(e.get("title")),
            "draft": e.get("draft"),
            "published": e.get("published"),
        }
        for key, value in theirs.items():
            if mine[key] != value:
                diffs.append(f"{where}: {key} is {mine[key]!r} here, Jekyll: {value!r}")
    if row.set not in OPEN_SETS:
        for path in set(by_path) - seen:
            diffs.append(f"{row.golden.name}: {path.name} is a post here but Jekyll never saw it")
    return diffs


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.set}-{r.label}" for r in ROWS])
def test_index_equals_jekyll(
    row: Row, copies: dict[str, tuple[Path, Path]], cache_dir: Path
) -> None:
    if row.set not in copies:
        pytest.skip(f"{row.posts} is not here")
    posts, drafts = copies[row.set]
    index = _index(row, posts, drafts, cache_dir)
    diffs = _differences(row, index, posts, drafts)
    assert not diffs, "\n".join(diffs[:40]) + (
        f"\n... {len(diffs)} in all" if len(diffs) > 40 else ""
    )


def test_golden_files_cover_every_style_and_four_time_zones() -> None:
    labels = {(r.permalink, r.timezone) for r in ROWS}
    assert {p for p, _ in labels} >= {"date", "pretty", "ordinal", "weekdate", "none"}
    assert {t for _, t in labels} >= {"UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata"}
    assert any(p.startswith("/") for p, _ in labels)  # custom templates too


def test_problems_say_why(copies: dict[str, tuple[Path, Path]], cache_dir: Path) -> None:
    """The crafted posts Jekyll refuses are problems with a reason a user can act on."""
    row = next(r for r in ROWS if r.set == "crafted" and r.label == "date-utc")
    posts, drafts = copies["crafted"]
    index = _index(row, posts, drafts, cache_dir)
    reasons = {p.path.name: p.message for p in index.all_problems()}
    assert "Invalid date 'not a date'" in reasons["2021-03-04-bad-date.md"]
    assert "mon out of range" in reasons["2021-13-01-bad-month.md"]
    assert "categories must be a list" in reasons["2021-03-04-categories-number.md"]
    assert "foo" in reasons["2021-03-04-fm-permalink-unknown.md"]
    assert "Invalid scheme format: '10'" in reasons["2021-03-04-colon-category.md"]


def test_jekyll_site_root_reads_every_posts_folder_like_jekyll(tmp_path: Path) -> None:
    """Checked with real Jekyll 4.3.1 (`jekyll build --drafts` on this very layout).

    Folders *above* ``_posts`` are categories, folders below it are not; Jekyll cuts the path at
    the first "_posts" it finds, even inside a name (``my_posts_archive`` -> category "my");
    ``node_modules`` and ``vendor/bundle`` are excluded but ``vendor`` itself is read.
    """
    from tests.conftest import write_post

    from blogtui.blog.site import open_site

    (tmp_path / "_config.yml").write_text("timezone: UTC\npermalink: date\n")
    posts = {
        "_posts/2021-01-01-top.md": "",
        "_posts/es/2021-01-02-below.md": "",
        "es/_posts/2021-01-03-above.md": "categories: extra\n",
        "es/mx/_posts/2021-01-04-two-above.md": "",
        "my_posts_archive/_posts/2021-01-05-quirk.md": "",
        "node_modules/_posts/2021-01-06-nm.md": "",
        "_hidden/_posts/2021-01-07-hid.md": "",
        ".dot/_posts/2021-01-08-dot.md": "",
        "es/_drafts/draft-es.md": "date: 2021-01-09\n",
        "vendor/_posts/2021-01-10-vendor.md": "",
        "vendor/bundle/_posts/2021-01-11-bundle.md": "",
    }
    for rel, extra in posts.items():
        write_post(tmp_path, rel, f"---\ntitle: t\n{extra}---\nx\n")
    index = BlogIndex(open_site(tmp_path)).scan(now=NOW)
    assert sorted(p.url for p in index.posts) == [
        "/2021/01/01/top.html",
        "/2021/01/02/below.html",
        "/es/2021/01/09/draft-es.html",
        "/es/extra/2021/01/03/above.html",
        "/es/mx/2021/01/04/two-above.html",
        "/my/2021/01/05/quirk.html",
        "/vendor/2021/01/10/vendor.html",
    ]
    assert index.by_rel("es/_posts/2021-01-03-above.md").categories == ("es", "extra")


def test_files_jekyll_never_opens_are_not_problems(tmp_path: Path) -> None:
    """A photo or a Latin-1 README beside the posts is not a post and not a problem either."""
    from tests.conftest import write_post

    from blogtui.blog.index import load_index
    from blogtui.blog.site import open_site

    write_post(tmp_path, "photo.jpg", b"\xff\xd8\xff\x00JFIF")
    write_post(tmp_path, "README", "caf\xe9".encode("latin-1"))
    write_post(tmp_path, "2021-01-01-latin.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    write_post(tmp_path, "_drafts/noext", b"\x00binary")
    index = load_index(open_site(tmp_path))
    assert index.posts == []
    assert [p.rel for p in index.problems] == ["2021-01-01-latin.md"]
