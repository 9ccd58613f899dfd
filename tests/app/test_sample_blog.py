"""The bundled sample blog `posts/`: it opens cleanly and shows every feature the reader handles.

If someone edits a sample post, these tests say which feature the blog stopped demonstrating.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from tests.conftest import SAMPLE_BLOG, SHARED
from tests.support.pilot import settle

from blogtui.blog.index import Index, load_index
from blogtui.blog.liquid_leftovers import is_liquid_leftover
from blogtui.blog.markup import TOC_MARKER, prepare
from blogtui.blog.posthref import parse_post_href
from blogtui.blog.site import open_site

SEED = "2020-10-25-introduction-to-the-blog-theme.md"

EXPECTED_POSTS = {
    # rel path: (title, categories, tags)
    SEED: ("Introduction To The Blog Theme", ("jekyll", "update"), ()),
    "2020-11-08-measure-first-profiling-a-slow-django-view.md": (
        "Measure First: Profiling a Slow Django View",
        ("django", "performance"),
        ("profiling", "cprofile", "py-spy"),
    ),
    "2020-12-13-n-plus-one-queries-select-related-prefetch-related.md": (
        "The N+1 Problem: select_related and prefetch_related",
        ("django", "database"),
        ("orm", "sql", "n+1"),
    ),
    "2021-05-30-why-import-is-slow.md": (
        "Why `import` Is Slow and What to Do About It",
        ("python", "performance"),
        ("imports", "startup"),
    ),
    "2021-09-12-taming-the-garbage-collector.md": (
        "Taming the Garbage Collector in Long-Running Python Workers",
        ("python", "performance"),
        ("gc", "memory", "gunicorn", "copy-on-write"),
    ),
    "2022-02-20-caching-in-django-with-redis.md": (
        "Caching in Django with Redis: Views, Fragments and the Low-Level API",
        ("django", "caching"),
        ("redis", "cache", "django-4"),
    ),
    "2023-03-19-kafka-consumers-in-python-without-the-lag.md": (
        "Kafka Consumers in Python Without the Lag",
        ("microservices", "kafka"),
        ("kafka", "confluent-kafka", "consumer-lag"),
    ),
    "2023-04-16-profilirovanie-pamyati-tracemalloc-i-memray.md": (
        "Профилирование памяти: tracemalloc и memray 🧠",
        ("python", "performance"),
        ("memory", "tracemalloc", "memray", "по-русски"),
    ),
    "2024-10-20-free-threaded-python-313-first-notes.md": (
        "Free-Threaded Python 3.13: First Notes",
        ("python", "performance"),
        ("gil", "threads", "python-3.13"),
    ),
    "2025-03-09-database-connections-pgbouncer-and-django-pool.md": (
        "Database Connections: CONN_MAX_AGE, PgBouncer and Django 5.1's Pool",
        ("django", "database"),
        ("postgresql", "pgbouncer", "connection-pooling"),
    ),
    "_drafts/asyncio-or-threads-for-io-bound-django.md": (
        "asyncio or Threads for I/O-Bound Django Code?",
        ("django", "python"),
        ("asyncio", "threads"),
    ),
}


@cache
def sample_index() -> Index:
    return load_index(open_site(SAMPLE_BLOG))


def resolve(name: str) -> str | None:
    post = sample_index().find(name)
    return post.rel if post else None


@cache
def prepared(rel: str) -> str:
    post = sample_index().by_rel(rel)
    assert post is not None, rel
    return prepare(post.read_body(), resolve)


@cache
def tokens(rel: str) -> tuple[Token, ...]:
    md = MarkdownIt("gfm-like").use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    return tuple(md.parse(prepared(rel)))


def all_tokens(rel: str) -> list[Token]:
    out: list[Token] = []
    for token in tokens(rel):
        out.append(token)
        out.extend(token.children or [])
    return out


def test_index_has_the_expected_posts_and_no_problems() -> None:
    index = sample_index()
    assert index.problems == []
    got = {p.rel: (p.title, p.categories, p.tags) for p in index.posts}
    assert got == EXPECTED_POSTS


def test_categories_and_tags_in_both_forms_are_counted() -> None:
    index = sample_index()
    assert index.categories() == {
        "django": 5,
        "python": 5,
        "performance": 5,
        "database": 2,
        "caching": 1,
        "microservices": 1,
        "kafka": 1,
        "jekyll": 1,
        "update": 1,
    }
    tags = index.tags()
    assert tags["threads"] == 2 and tags["memory"] == 2 and tags["по-русски"] == 1
    # both YAML forms are really used in the files, for categories and for tags
    texts = [p.read_text() for p in index.posts]
    assert any(re.search(r"^categories: [a-z]+ [a-z]+$", t, re.M) for t in texts)
    assert any(re.search(r"^categories: \[", t, re.M) for t in texts)
    assert any(re.search(r"^categories:\n  - ", t, re.M) for t in texts)
    assert any(re.search(r"^tags: [a-z]", t, re.M) for t in texts)
    assert any(re.search(r"^tags: \[", t, re.M) for t in texts)


def test_one_draft_and_one_unpublished_post() -> None:
    index = sample_index()
    drafts = [p.rel for p in index.posts if p.draft]
    assert drafts == ["_drafts/asyncio-or-threads-for-io-bound-django.md"]
    hidden = [p.rel for p in index.posts if not p.draft and not p.visible_on_site]
    assert hidden == ["2024-10-20-free-threaded-python-313-first-notes.md"]


def test_posts_of_ours_follow_the_seed_conventions() -> None:
    for post in sample_index().posts:
        if post.rel == SEED:
            continue
        head = post.read_text().split("---", 2)[1]
        assert re.search(r"^layout: post$", head, re.M), post.rel
        assert re.search(r"^title: ", head, re.M), post.rel
        if post.draft:
            assert not re.match(r"\d{4}-\d{2}-\d{2}-", post.path.name)
            continue
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md", post.path.name), post.rel
        m = re.search(r"^date: (\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2} \+0300$", head, re.M)
        assert m and m.group(1) == post.path.name[:10], post.rel
        assert "2020-10-26" <= m.group(1) <= "2026-11-01", post.rel


def test_seed_post_is_unchanged() -> None:
    seed = SHARED / "seed-posts" / SEED
    if not seed.is_file():
        pytest.skip("../shared/seed-posts is not beside the repository")
    assert (
        hashlib.sha256((SAMPLE_BLOG / SEED).read_bytes()).digest()
        == hashlib.sha256(seed.read_bytes()).digest()
    )


def test_code_in_at_least_three_languages() -> None:
    languages = set()
    for rel in EXPECTED_POSTS:
        for token in tokens(rel):
            if token.type == "fence" and token.info:
                languages.add(token.info.split()[0])
    assert {"python", "sql", "bash", "yaml"} <= languages


@pytest.mark.parametrize(
    "feature,token_type,attr_class",
    [
        ("a table", "table_open", None),
        ("footnotes", "footnote_ref", None),
        ("a definition list", "dl_open", None),
        ("a task list", "list_item_open", "task-list-item"),
    ],
)
def test_markdown_features_are_shown(feature: str, token_type: str, attr_class: str | None) -> None:
    found = [
        rel
        for rel in EXPECTED_POSTS
        if any(
            t.type == token_type and (attr_class is None or t.attrs.get("class") == attr_class)
            for t in all_tokens(rel)
        )
    ]
    assert found, f"no sample post has {feature}"


def test_a_long_post_and_a_non_ascii_post() -> None:
    index = sample_index()
    longest = max(index.posts, key=lambda p: len(p.read_body().splitlines()))
    assert len(longest.read_body().splitlines()) > 200  # several screens
    russian = index.by_rel("2023-04-16-profilirovanie-pamyati-tracemalloc-i-memray.md")
    assert russian is not None and "🧠" in russian.title
    body = russian.read_body()
    assert "память" in body and "naïve" in body and "😉" in body


def test_jekyll_leftovers_are_present_in_the_sources() -> None:
    texts = "\n".join(p.read_body() for p in sample_index().posts)
    for leftover in (
        "{% highlight python %}",
        "{% highlight python linenos %}",
        "{% endhighlight %}",
        "{% raw %}",
        "{% endraw %}",
        "{% post_url 2020-10-25-introduction-to-the-blog-theme %}",
        "{{ site.baseurl }}",
        "{: .note}",
        "* TOC\n{:toc}",
        "{% include newsletter.html %}",
    ):
        assert leftover in texts, leftover


def test_prepared_posts_have_no_raw_jekyll_left_and_every_post_link_resolves() -> None:
    links = 0
    for rel in EXPECTED_POSTS:
        out = prepared(rel)
        assert "{:" not in out, rel
        for token in all_tokens(rel):
            if token.type == "link_open":
                parsed = parse_post_href(str(token.attrs.get("href", "")))
                if parsed is not None:
                    links += 1
                    assert sample_index().by_rel(parsed[0]) is not None, (rel, parsed)
            if token.type == "code_inline" and is_liquid_leftover(token.content):
                # the only Liquid leftover on purpose: the Kafka post's newsletter include
                assert token.content == "{% include newsletter.html %}", (rel, token.content)
            if token.type == "text":
                assert "{%" not in token.content and "{{" not in token.content, (rel, token.content)
    assert links >= 8
    gc_post = prepared("2021-09-12-taming-the-garbage-collector.md")
    assert TOC_MARKER in gc_post and "* TOC" not in gc_post
    caching = prepared("2022-02-20-caching-in-django-with-redis.md")
    assert "```django\n{% load cache %}\n{% cache 600 sidebar request.user.id %}" in caching


async def test_every_sample_post_opens_in_the_reader_and_post_links_work(sample_blog) -> None:
    from blogtui.config import load_settings
    from blogtui.tui.app import BlogApp
    from blogtui.tui.widgets.header import PostHeader

    app = BlogApp(settings=load_settings(), blog_path=sample_blog)

    def header() -> str:
        return str(app.screen.query_one(PostHeader).render())

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        for post in screen.index.posts:
            screen.show_post(post)
            await settle(pilot)
            assert post.title in header(), post.rel
            assert "min read" in header(), post.rel  # the body was read and prepared without error
        # the GC post links to the seed post with {% post_url %}: following it opens the seed post
        gc = screen.index.by_rel("2021-09-12-taming-the-garbage-collector.md")
        screen.show_post(gc)
        await settle(pilot)
        href = next(
            str(t.attrs["href"])
            for t in all_tokens(gc.rel)
            if t.type == "link_open" and str(t.attrs.get("href", "")).startswith("blogtui-post:")
        )
        screen.follow_link(href)
        await settle(pilot)
        assert "Introduction To The Blog Theme" in header()
