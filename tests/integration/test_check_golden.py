"""`blogtui check` against real Jekyll 4.3.1 (tests/golden/check-*.json, made by make_check_golden.sh).

- Every post Jekyll aborts the build on (fatal), reads with an error (read-error: its front
  matter is dropped) or skips for its bytes (not UTF-8) is an error here.
- A post Jekyll reads without complaint has no error here, except the cases listed in
  JUSTIFIED, each with the reason and, where the golden file can show it, a check that Jekyll
  really did something the author did not mean (front matter lost, a URL shared, a date moved).
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from tests.conftest import CORPUS, ROOT

from blogtui.blog.check.files import iter_files, validate_blog
from blogtui.blog.check.problem import Problem
from blogtui.blog.post import title_from_slug
from blogtui.blog.site import Site, blog_root, open_site

pytestmark = pytest.mark.golden  # compares with real Jekyll's recorded output

GOLDEN = ROOT / "tests" / "golden"
BAD_POSTS = ROOT / "tests" / "data" / "bad-posts" / "_posts"

SETS = {
    "jekyll-docs": CORPUS / "jekyll-jekyll" / "docs" / "_posts",
    "jekyll-test": CORPUS / "jekyll-jekyll" / "test" / "source" / "_posts",
    "minimal-mistakes": CORPUS / "mmistakes-minimal-mistakes" / "docs" / "_posts",
    "rust-lang": CORPUS / "rust-lang-blog.rust-lang.org" / "posts",
    "rust-lang-toml": CORPUS / "rust-lang-blog.rust-lang.org" / "toml-sample" / "posts",
    "bad-posts": BAD_POSTS,
}

LOST = "front matter lost: Jekyll publishes the post with a title made from its file name"
TOML_LOST = "Jekyll does not read +++ front matter: the title comes from the file name"
SAME_URL = "Jekyll writes both to the same URL: one page overwrites the other"
#: (set, file) -> (rules of the errors we report, why it is right although Jekyll says "ok", check)
JUSTIFIED: dict[tuple[str, str], tuple[set[str], str, str | None]] = {
    ("jekyll-docs", "2023-01-29-jekyll-3-9-3-released.markdown"): (
        {"date-offset"},
        "'18:30:22 2023 -0800': Jekyll's Time.parse drops the -0800 (golden date is +00:00):"
        " the post is on 2023-01-29, 18:30 at -0800 is 2023-01-30 in UTC",
        "offset-lost",
    ),
    ("rust-lang", "2023-09-25-Increasing-Apple-Version-Requirements.md"): (
        {"front-matter-not-first"},
        LOST,
        "lost",
    ),
    ("rust-lang", "inside-rust/2020-09-17-stabilizing-intra-doc-links.md"): (
        {"front-matter-no-opening"},
        LOST,
        "lost",
    ),
    ("bad-posts", "2021-01-10-blank-line-first.md"): ({"front-matter-not-first"}, LOST, "lost"),
    ("bad-posts", "2021-02-16-space-before-dashes.md"): ({"front-matter-not-first"}, LOST, "lost"),
    ("bad-posts", "2021-01-11-no-opening.md"): ({"front-matter-no-opening"}, LOST, "lost"),
    ("bad-posts", "2021-01-14-unclosed.md"): ({"front-matter-unclosed"}, LOST, "lost"),
    ("bad-posts", "2021-02-15-cr-only.md"): ({"line-endings"}, LOST, "lost"),
    ("bad-posts", "2021-01-12-toml.md"): ({"front-matter-toml"}, TOML_LOST, "toml-lost"),
    ("bad-posts", "2021-01-16-published-string.md"): (
        {"published-string"},
        'Jekyll publishes a post whose front matter says published: "false"',
        "published-anyway",
    ),
    ("bad-posts", "2021-01-03-python-tag.md"): (
        {"yaml-unsafe-tag"},
        "the issue: unsafe tags are errors, never constructed",
        None,
    ),
    ("bad-posts", "2021-01-04-custom-tag.md"): (
        {"yaml-unsafe-tag"},
        "the issue: custom tags are errors, never constructed",
        None,
    ),
    ("bad-posts", "2021-01-05-billion-laughs.md"): (
        {"yaml-alias-bomb"},
        "the issue: alias expansion is bounded",
        None,
    ),
    ("bad-posts", "2021-02-08-nested-categories.md"): (
        {"categories-type"},
        'Jekyll puts \'["b", "c"]\' in the URL',
        "garbled-url",
    ),
    ("bad-posts", "2021-02-05-feb30.md"): (
        {"date-rollover"},
        "Ruby rolls 2021-02-30 over to 2021-03-02",
        "date-moved",
    ),
    ("bad-posts", "2021-02-30-impossible-name.md"): (
        {"filename"},
        "Ruby rolls 2021-02-30 over to 2021-03-02",
        "date-moved",
    ),
    ("bad-posts", "2021-02-25-date-only-time.md"): (
        {"date-invalid"},
        "'10:00' makes Jekyll date the post on the day of the build",
        "date-moved",
    ),
    ("bad-posts", "2021-04-15-category-map.md"): (
        {"category-type"},
        "Jekyll puts '{\"a\"=>1}' in the URL",
        "garbled-url",
    ),
    ("bad-posts", "2021-01-22-dup-a.md"): ({"duplicate-url"}, SAME_URL, "same-url"),
    ("bad-posts", "2021-01-22-dup-b.md"): ({"duplicate-url"}, SAME_URL, "same-url"),
    ("bad-posts", "a/2021-02-23-same.md"): ({"duplicate-url"}, SAME_URL, "same-url"),
    ("bad-posts", "b/2021-02-23-same.md"): ({"duplicate-url"}, SAME_URL, "same-url"),
}


#: the rust-lang blog's TOML sample: every post's front matter is lost to Jekyll
for _file in (
    "2014-09-15-Rust-1.0.md",
    "2014-12-12-1.0-Timeline.md",
    "2023-08-30-electing-new-project-directors.md",
    "2023-09-25-Increasing-Apple-Version-Requirements.md",
    "2023-10-19-announcing-the-new-rust-project-directors.md",
    "2024-02-08-Rust-1.76.0.md",
    "2025-02-20-Rust-1.85.0.md",
    "inside-rust/2020-09-17-stabilizing-intra-doc-links.md",
    "inside-rust/2023-09-22-project-director-nominees.md",
):
    JUSTIFIED[("rust-lang-toml", _file)] = ({"front-matter-toml"}, TOML_LOST, "toml-lost")


def needs_error(entry: dict) -> bool:
    status = entry["status"]
    if status in ("fatal", "read-error"):
        return True
    error = entry.get("error") or ""
    return status == "skipped" and ("not valid UTF-8" in error or "content is nil" in error)


def golden(name: str) -> dict[str, dict]:
    return {
        e["file"]: e
        for e in json.loads((GOLDEN / f"check-{name}.json").read_text("utf-8"))
        if e.get("file")
    }


def ours(posts_dir: Path) -> tuple[dict[str, list[Problem]], set[str]]:
    posts_dir = posts_dir.resolve()  # the site root is resolved (../shared may be a symlink)
    site = open_site(blog_root(posts_dir))
    blog = site.root  # a Jekyll site's root brings its _drafts, as the golden run did
    checked = {os.path.relpath(f, posts_dir) for f in iter_files([blog], site)}
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in validate_blog([blog], site):
        by_file[os.path.relpath(p.path, posts_dir)].append(p)
    return by_file, checked


def params() -> list:
    out = []
    for name, folder in SETS.items():
        marks = (
            []
            if name == "bad-posts"
            else [pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")]
        )
        out.append(pytest.param(name, folder, marks=marks, id=name))
    return out


@pytest.mark.parametrize(("name", "folder"), params())
def test_check_agrees_with_jekyll(name: str, folder: Path) -> None:
    expected = golden(name)
    problems, checked = ours(folder)
    # the same files: everything Jekyll looked at (bar what it filters out as hidden) is checked
    assert checked <= set(expected), checked - set(expected)
    assert {f for f, e in expected.items() if e["status"] != "ignored"} <= checked
    failures = []
    for file, entry in sorted(expected.items()):
        errors = {p.rule for p in problems.get(file, []) if p.severity == "error"}
        if needs_error(entry) and not errors:
            failures.append(
                f"{file}: Jekyll says {entry['status']} ({entry.get('error')}), we report no error"
            )
        if entry["status"] == "ok" and errors:
            justified = JUSTIFIED.get((name, file))
            if justified is None or justified[0] != errors:
                failures.append(f"{file}: Jekyll reads it fine, we report {sorted(errors)}")
    assert not failures, "\n".join(failures)


#: the jekyll helper's crafted and random posts (tests/golden/urls-*-date-utc.json, same tool)
URL_SETS = {
    "crafted": (
        ROOT / "tests" / "golden" / "crafted" / "_posts",
        ROOT / "tests" / "golden" / "crafted" / "_drafts",
    ),
    "fuzz": (ROOT / "tests" / "golden" / "fuzz" / "_posts", None),
}
#: what we may call an error although Jekyll reads the post: impossible dates it rolls over to
#: another day, offsets it ignores that move the day, nested categories it garbles into the URL
#: (each shown in JUSTIFIED above)
JUSTIFIED_KINDS = {
    "date-invalid",
    "date-offset",
    "date-rollover",
    "filename",
    "categories-type",
    "published-string",
}


@pytest.mark.parametrize("name", sorted(URL_SETS))
def test_check_agrees_with_jekyll_on_the_url_golden_sets(name: str) -> None:
    posts, drafts = URL_SETS[name]
    golden_file = GOLDEN / f"urls-{name}-date-utc.json"
    if not golden_file.is_file() or not posts.is_dir():
        pytest.skip(f"{golden_file.name} is not here")
    expected = {e["file"]: e for e in json.loads(golden_file.read_text("utf-8")) if e.get("file")}
    site = Site(root=posts, posts_dir=posts, drafts_dir=drafts or posts / "_drafts")
    paths = [posts] + ([drafts] if drafts and drafts.is_dir() else [])
    by_file: dict[str, set[str]] = defaultdict(set)
    failures = []
    for p in validate_blog(paths, site):
        if p.severity == "error":
            file = os.path.relpath(p.path, posts)
            by_file[file].add(p.rule)
            # "publishes the post on DAY" (an offset dropped, a date rolled over): Jekyll's day
            said = re.search(r"publishes the post on (\d{4}-\d\d-\d\d)", p.message)
            if said and file in expected and said.group(1) != expected[file]["date"][:10]:
                failures.append(f"{file}: we say {said.group(1)}, Jekyll: {expected[file]['date']}")
    for file, entry in sorted(expected.items()):
        if needs_error(entry) and not by_file.get(file):
            failures.append(
                f"{file}: Jekyll says {entry['status']} ({entry.get('error')}), we report no error"
            )
        if entry["status"] == "ok" and not by_file.get(file, set()) <= JUSTIFIED_KINDS:
            failures.append(f"{file}: Jekyll reads it fine, we report {sorted(by_file[file])}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("key", "justification"),
    sorted(JUSTIFIED.items()),
    ids=[f"{s}:{f}" for s, f in sorted(JUSTIFIED)],
)
def test_justified_errors_show_in_jekylls_output(
    key: tuple[str, str], justification: tuple[set[str], str, str | None]
) -> None:
    """Where Jekyll 'ok's a post we call an error, its own output shows the damage."""
    name, file = key
    if name != "bad-posts" and not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    entries = golden(name)
    entry = entries[file]
    assert entry["status"] == "ok"
    text = (SETS[name] / file).read_bytes().decode("utf-8")
    check = justification[2]
    if check == "lost":
        assert "layout" not in entry and entry["title"] == title_from_slug(entry["slug"])
        written = re.search(r"(?:^|[\r\n])title:\s*\"?([^\"\r\n]*)", text)
        assert written and written.group(1) != entry["title"]
    elif check == "offset-lost":
        assert re.search(r"^date:.*-0800", text, re.M) and entry["date"].endswith("+00:00")
    elif check == "date-moved":
        assert entry["date"][:10] not in text
    elif check == "same-url":
        assert sum(1 for e in entries.values() if e.get("url") == entry["url"]) == 2
    elif check == "garbled-url":
        assert "%5B" in entry["url"] or "%7B" in entry["url"]
    elif check == "toml-lost":
        assert text.startswith("+++") and entry["title"] == title_from_slug(entry["slug"])
    elif check == "published-anyway":
        assert entry["published"] is True and re.search(r"^published:\s*[\"']", text, re.M)


def test_justified_cases_are_still_reported() -> None:
    """The allow-list is not a blanket: each entry is exactly what we report (bad posts always here)."""
    problems, _ = ours(BAD_POSTS)
    for (name, file), (rules, _why, _check) in JUSTIFIED.items():
        if name == "bad-posts":
            assert {p.rule for p in problems[file] if p.severity == "error"} == rules, file
