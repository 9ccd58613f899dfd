"""Index.find: every way a post links to another post resolves, in one table lookup."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write_post

from blogtui.blog.index import Index, load_index
from blogtui.blog.site import open_site


@pytest.fixture
def index(tmp_path: Path) -> Index:
    (tmp_path / "_config.yml").write_text(
        "baseurl: /blog\nurl: https://example.org\npermalink: pretty\n"
    )
    write_post(tmp_path / "_posts", "2020-10-25-intro.md", "---\ntitle: Intro\n---\n")
    write_post(tmp_path / "_posts" / "perf", "2021-02-03-gc-tuning.md", "---\ntitle: GC\n---\n")
    write_post(tmp_path / "es" / "_posts", "2021-03-04-hola.md", "---\ntitle: Hola\n---\n")
    write_post(
        tmp_path / "_posts", "2021-05-06-café.md", "---\ntitle: Café\npermalink: /café.html\n---\n"
    )
    write_post(tmp_path / "_drafts", "idea.md", "---\ntitle: Idea\ndate: 2021-06-07\n---\n")
    return load_index(open_site(tmp_path))


@pytest.mark.parametrize(
    "ref,title",
    [
        # paths from the blog root, and relative .md links (dot segments resolved)
        ("_posts/2020-10-25-intro.md", "Intro"),
        ("_posts/perf/../2020-10-25-intro.md", "Intro"),
        ("../2020-10-25-intro.md", "Intro"),
        ("./2021-02-03-gc-tuning.md", "GC"),
        ("es/_posts/2021-03-04-hola.md", "Hola"),
        # post_url names, with or without folders (both Jekyll layouts), with a leading "/"
        ("2020-10-25-intro", "Intro"),
        ("perf/2021-02-03-gc-tuning", "GC"),
        ("/perf/2021-02-03-gc-tuning", "GC"),
        ("es/2021-03-04-hola", "Hola"),
        ("'2020-10-25-intro'", "Intro"),
        # URL paths: bare, with the baseurl, without the final "/", with index.html, escaped or not
        ("/2020/10/25/intro/", "Intro"),
        ("/blog/2020/10/25/intro/", "Intro"),
        ("/blog/2020/10/25/intro", "Intro"),
        ("/blog/2020/10/25/intro/index.html", "Intro"),
        ("/blog/2020/10/25/intro/#comments", "Intro"),
        ("/es/2021/03/04/hola/", "Hola"),
        ("/caf%C3%A9.html", "Café"),
        ("/café.html", "Café"),
        ("/blog/caf%C3%A9.html?x=1", "Café"),
        # a full URL on the site's own url
        ("https://example.org/blog/2020/10/25/intro/", "Intro"),
        # drafts by name
        ("idea", "Idea"),
        ("_drafts/idea.md", "Idea"),
    ],
)
def test_find_resolves(index: Index, ref: str, title: str) -> None:
    post = index.find(ref)
    assert post is not None and post.title == title


@pytest.mark.parametrize(
    "ref",
    [
        "",
        "2020-10-25-nothing",
        "/blog/2020/10/25/other/",
        "https://elsewhere.org/2020/10/25/intro/",
        "#top",
    ],
)
def test_find_gives_none_for_other_things(index: Index, ref: str) -> None:
    assert index.find(ref) is None


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how often it is walked through."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        type(self).walks += 1
        return super().__iter__()


def test_find_is_a_table_lookup(tmp_path: Path) -> None:
    """The reader calls find() for every link: the posts are walked once (to build the table),
    not once per call."""
    from blogtui.blog.post import Post

    site = open_site(tmp_path)
    posts = _CountingList(
        Post(
            path=tmp_path / f"2020-01-01-p{i}.md",
            rel=f"2020-01-01-p{i}.md",
            kind="post",
            title=f"P{i}",
            date=None,
            categories=(),
            tags=(),
            slug=f"p{i}",
            ext=".md",
            url=f"/2020/01/01/p{i}.html",
            page_path=f"/2020/01/01/p{i}.html",
        )
        for i in range(2_000)
    )
    index = Index(site=site, posts=posts)
    assert index.find("2020-01-01-p0").title == "P0"
    walks = _CountingList.walks
    found = [index.find(f"2020-01-01-p{i}") for i in range(2_000)] + [
        index.find("/2020/01/01/p7.html")
    ]
    assert [p.title for p in found if p] == [f"P{i}" for i in range(2_000)] + ["P7"]
    assert _CountingList.walks == walks
    posts.append(
        Post(
            path=tmp_path / "2021-01-01-new.md",
            rel="2021-01-01-new.md",
            kind="post",
            title="New",
            date=None,
            categories=(),
            tags=(),
            slug="new",
            ext=".md",
            url="/new.html",
        )
    )
    assert index.find("/new.html").title == "New"  # the table follows a changed list
