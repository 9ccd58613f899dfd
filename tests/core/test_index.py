"""The blog index: front matter only, Jekyll's reading rules, bad files as problems, a warm cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import CORPUS, SAMPLE_BLOG, requires_corpus, write_post

from blogtui.blog.index import BlogIndex, load_index
from blogtui.blog.site import open_site


def test_sample_blog_opens_with_seed_post() -> None:
    index = load_index(open_site(SAMPLE_BLOG))
    seed = index.by_rel("2020-10-25-introduction-to-the-blog-theme.md")
    assert seed is not None
    assert seed.title == "Introduction To The Blog Theme"
    assert seed.categories == ("jekyll", "update")
    assert seed.url == "/jekyll/update/2020/10/25/introduction-to-the-blog-theme.html"
    assert index.problems == []


def test_categories_string_and_list_forms_and_tags(tmp_path: Path) -> None:
    write_post(
        tmp_path,
        "2021-01-02-a.md",
        "---\ntitle: A\ncategories: python perf\ntags: [gc, memory]\n---\nbody\n",
    )
    write_post(
        tmp_path,
        "2021-01-03-b.md",
        "---\ntitle: B\ncategories:\n  - python\n  - django\ntag: orm\n---\n",
    )
    write_post(tmp_path, "2021-01-04-c.md", "---\ntitle: C\ncategory: tooling\n---\n")
    index = load_index(open_site(tmp_path))
    by = {p.title: p for p in index.posts}
    assert by["A"].categories == ("python", "perf") and by["A"].tags == ("gc", "memory")
    assert by["B"].categories == ("python", "django") and by["B"].tags == ("orm",)
    assert by["C"].categories == ("tooling",)
    assert [p.title for p in index.posts] == ["C", "B", "A"]  # newest first


def test_front_matter_date_wins_over_file_name(tmp_path: Path) -> None:
    write_post(tmp_path, "2021-01-02-a.md", "---\ntitle: A\ndate: 2021-03-04 10:00:00 +0000\n---\n")
    post = load_index(open_site(tmp_path)).posts[0]
    assert post.date is not None and post.date.strftime("%Y-%m-%d") == "2021-03-04"
    assert post.url == "/2021/03/04/a.html"


def test_drafts_and_unpublished_are_marked(tmp_path: Path) -> None:
    write_post(tmp_path, "2021-01-02-a.md", "---\ntitle: A\npublished: false\n---\n")
    write_post(tmp_path, "2999-01-02-future.md", "---\ntitle: F\n---\n")
    write_post(tmp_path, "_drafts/idea.md", "---\ntitle: Idea\n---\n")
    index = load_index(open_site(tmp_path))
    by = {p.title: p for p in index.posts}
    assert by["A"].published is False and not by["A"].visible_on_site
    assert by["F"].future and not by["F"].visible_on_site
    assert by["Idea"].draft and by["Idea"].kind == "draft"
    assert by["A"].draft is False


def test_jekyll_site_root_reads_config_yml(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("permalink: pretty\ntimezone: Asia/Tokyo\n")
    write_post(tmp_path / "_posts", "2021-01-02-a.md", "---\ntitle: A\n---\n")
    site = open_site(tmp_path)
    assert site.is_jekyll_root and site.permalink == "pretty" and site.timezone == "Asia/Tokyo"
    post = load_index(site).posts[0]
    assert post.url == "/2021/01/02/a/"
    assert post.rel == "_posts/2021-01-02-a.md"


UNDECODABLE: list[tuple[str, bytes, str]] = [
    ("2021-01-02-latin1.md", "---\ntitle: caf\u00e9\n---\n".encode("latin-1"), "UTF-8"),
    ("2021-01-03-binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
]

#: front matter that cannot be read: the file is still a post (by its name), with its problem
BROKEN: list[tuple[str, bytes, str]] = [
    ("2021-01-01-bad-yaml.md", b"---\ntitle: [unclosed\n---\nbody\n", "yaml"),
    (
        "2021-01-04-python-tag.md",
        b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n",
        "not allowed",
    ),
    (
        "2021-01-05-billion-laughs.md",
        b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n",
        "billion laughs",
    ),
    ("2021-01-06-list.md", b"---\n- just\n- a list\n---\n", "not a list of key"),
]


@pytest.mark.parametrize("name,data,expect", UNDECODABLE, ids=[b[0] for b in UNDECODABLE])
def test_undecodable_files_are_problems_and_the_rest_opens(
    tmp_path: Path, name: str, data: bytes, expect: str
) -> None:
    write_post(tmp_path, "2020-01-01-good.md", "---\ntitle: Good\n---\nhello\n")
    write_post(tmp_path, name, data)
    index = load_index(open_site(tmp_path))
    assert [p.title for p in index.posts] == ["Good"]
    assert len(index.problems) == 1
    assert index.problems[0].rel == name
    assert expect.lower() in index.problems[0].message.lower()


@pytest.mark.parametrize("name,data,expect", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_post_whose_front_matter_cannot_be_read_is_still_a_post(
    tmp_path: Path, name: str, data: bytes, expect: str
) -> None:
    write_post(tmp_path, "2020-01-01-good.md", "---\ntitle: Good\n---\nhello\n")
    write_post(tmp_path, name, data)
    index = load_index(open_site(tmp_path))
    assert index.problems == []
    broken, good = index.posts  # newest first: by the file name's date
    assert not good.problems
    slug = name[len("2021-01-01-") : -len(".md")]
    assert (broken.rel, broken.slug, broken.date.date().isoformat()) == (name, slug, name[:10])  # type: ignore[union-attr]
    assert broken.title == slug.replace("-", " ").title()
    [problem] = broken.problems
    assert expect.lower() in problem.message.lower() and problem.rule


def test_a_broken_post_keeps_its_body_and_problem_with_line_and_hint(tmp_path: Path) -> None:
    text = "---\ntitle: Tabbed\n\tdate: 2021-01-01\n---\n# Hello\n\nThe body.\n"
    write_post(tmp_path, "2021-03-04-tab.md", text)
    [post] = load_index(open_site(tmp_path)).posts
    assert post.read_body() == "# Hello\n\nThe body.\n"
    [problem] = post.problems
    assert problem.line == 3 and problem.hint and problem.rule.startswith("yaml")


def test_a_merge_conflict_in_the_front_matter_is_a_post_with_a_problem(tmp_path: Path) -> None:
    text = (
        "---\n<<<<<<< HEAD\ntitle: Mine\n=======\ntitle: Theirs\n>>>>>>> branch\n---\n"
        "Body after the conflict.\n"
    )
    write_post(tmp_path, "2021-03-04-conflict.md", text)
    [post] = load_index(open_site(tmp_path)).posts
    assert post.title == "Conflict" and post.broken
    assert post.read_body() == "Body after the conflict.\n"
    [problem] = post.problems
    assert "merge conflict" in problem.message and problem.line == 2  # the first marker
    assert problem.hint and "marker" in problem.hint


def test_unclosed_front_matter_shows_the_whole_text(tmp_path: Path) -> None:
    write_post(tmp_path, "2021-03-04-open.md", "---\ntitle: [x\nno closing line\n")
    [post] = load_index(open_site(tmp_path)).posts
    assert post.read_body() == "---\ntitle: [x\nno closing line\n"


def test_a_broken_post_is_a_post_again_on_a_warm_start_and_when_fixed(tmp_path: Path) -> None:
    blog, cache = tmp_path / "blog", tmp_path / "cache"
    path = write_post(blog, "2021-03-04-fix-me.md", "---\ntitle: [x\n---\nbody\n")
    site = open_site(blog)
    cold = BlogIndex(site, cache).scan()
    warm = BlogIndex(site, cache).scan()
    assert [(p.title, [q.rule for q in p.problems]) for p in warm.posts] == [
        (p.title, [q.rule for q in p.problems]) for p in cold.posts
    ]
    assert warm.posts[0].problems[0].hint == cold.posts[0].problems[0].hint
    path.write_text("---\ntitle: Fixed now\n---\nbody\n")
    [fixed] = BlogIndex(site, cache).scan().posts
    assert fixed.title == "Fixed now" and not fixed.problems


def test_yaml_error_reports_file_line(tmp_path: Path) -> None:
    write_post(tmp_path, "2021-01-01-x.md", "---\ntitle: ok\ncategories: [a, b\nfoo: bar\n---\n")
    problem = load_index(open_site(tmp_path)).posts[0].problems[0]
    assert problem.line >= 3


def test_symlink_loop_and_unreadable_file_do_not_crash(tmp_path: Path) -> None:
    write_post(tmp_path, "2020-01-01-good.md", "---\ntitle: Good\n---\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "2020-02-02-self.md").symlink_to(tmp_path / "2020-02-02-self.md")
    index = load_index(open_site(tmp_path))
    assert [p.title for p in index.posts].count("Good") >= 1
    assert any("2020-02-02-self.md" in p.rel for p in index.problems)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_permission_denied_is_a_problem(tmp_path: Path) -> None:
    p = write_post(tmp_path, "2020-01-01-secret.md", "---\ntitle: S\n---\n")
    p.chmod(0)
    index = load_index(open_site(tmp_path))
    assert index.problems and index.problems[0].rel == p.name


def test_warm_start_reuses_the_cache(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    cache = tmp_path / "cache"
    for i in range(20):
        write_post(
            blog,
            f"2021-01-{i + 1:02d}-p{i}.md",
            f"---\ntitle: P{i}\ndate: 2021-01-{i + 1:02d} 10:00:00 +0300\n---\n",
        )
    write_post(blog, "2021-02-01-bad.md", "---\ntitle: [\n---\n")
    site = open_site(blog)
    first = BlogIndex(site, cache)
    cold = first.scan()
    assert first.stats == {"parsed": 20, "cached": 0}
    second = BlogIndex(site, cache)
    warm = second.scan()
    assert second.stats == {"parsed": 0, "cached": 20}
    assert [(p.title, p.date, p.url) for p in warm.posts] == [
        (p.title, p.date, p.url) for p in cold.posts
    ]
    assert sum(1 for p in warm.posts if p.problems) == 1
    # a changed file is parsed again
    write_post(blog, "2021-01-01-p0.md", "---\ntitle: Changed title\n---\n")
    third = BlogIndex(site, cache)
    assert any(p.title == "Changed title" for p in third.scan().posts)
    assert third.stats["parsed"] == 1


@requires_corpus
def test_every_corpus_post_indexes_without_an_exception() -> None:
    roots = [p for p in CORPUS.rglob("*") if p.is_dir() and p.name in ("_posts", "posts")]
    total = 0
    for root in roots:
        index = load_index(open_site(root))
        total += len(index.posts) + len(index.problems)
    assert total >= 800


def test_a_scan_its_caller_gave_up_stops_and_saves_nothing(tmp_path: Path) -> None:
    """``stop`` (the app is quitting) ends a long scan within STOP_EVERY files."""
    from blogtui.blog.index import STOP_EVERY, ScanStopped

    root = tmp_path / "blog"
    for i in range(3 * STOP_EVERY):
        write_post(root, f"_posts/2021-01-{1 + i % 28:02d}-p{i}.md", f"---\ntitle: P{i}\n---\n")
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(ScanStopped):
        load_index(open_site(root), tmp_path / "cache", stop=stop)
    assert len(asked) == 2  # asked every STOP_EVERY files, stopped at the second time
    assert not any((tmp_path / "cache").rglob("*.json*"))  # no half index cached
    assert len(load_index(open_site(root), tmp_path / "cache").posts) == 3 * STOP_EVERY
