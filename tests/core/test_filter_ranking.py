"""The ranked filter (`/`): what a query finds, and in which order."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.blog.index import load_index
from blogtui.blog.post import Post
from blogtui.blog.ranking import PostRanker, highlight_spans, query_words
from blogtui.blog.site import open_site

SAMPLE = Path(__file__).resolve().parents[2] / "posts"


@pytest.fixture(scope="module")
def sample() -> PostRanker:
    return PostRanker(load_index(open_site(SAMPLE)).posts)


def post(
    title: str, slug: str = "", cats: tuple[str, ...] = (), tags: tuple[str, ...] = ()
) -> Post:
    slug = slug or title.lower().replace(" ", "-")
    return Post(
        path=Path(f"/b/_posts/{slug}.md"),
        rel=f"_posts/{slug}.md",
        kind="post",
        title=title,
        date=None,
        categories=cats,
        tags=tags,
        slug=slug,
        ext=".md",
        url=f"/{slug}.html",
    )


def titles(ranker: PostRanker, query: str) -> list[str]:
    return [p.title for p in ranker.rank(query).posts]


def test_intro_finds_the_introduction_not_ten_of_eleven_posts(sample: PostRanker) -> None:
    assert titles(sample, "intro") == ["Introduction To The Blog Theme"]


def test_garbage_does_not_match_database_connections(sample: PostRanker) -> None:
    found = titles(sample, "garbage")
    assert found == ["Taming the Garbage Collector in Long-Running Python Workers"]


def test_every_word_must_match(sample: PostRanker) -> None:
    assert titles(sample, "django redis") == [
        "Caching in Django with Redis: Views, Fragments and the Low-Level API"
    ]
    assert titles(sample, "django kafka") == []


def test_prefix_typo_and_inside_a_word(sample: PostRanker) -> None:
    assert "Measure First: Profiling a Slow Django View" in titles(sample, "profilng")  # typo
    assert "Kafka Consumers in Python Without the Lag" in titles(sample, "consum")  # prefix
    # "sql" inside the tag "postgresql"
    assert "Database Connections: CONN_MAX_AGE, PgBouncer and Django 5.1's Pool" in titles(
        sample, "sql"
    )


def test_short_words_allow_no_typo() -> None:
    ranker = PostRanker([post("Cats"), post("Cars")])
    assert titles(ranker, "cat") == ["Cats"]


def test_terms_with_punctuation_are_matched_whole(sample: PostRanker) -> None:
    assert titles(sample, "n+1") == ["The N+1 Problem: select_related and prefetch_related"]
    assert titles(sample, "python-3.13") == ["Free-Threaded Python 3.13: First Notes"]


def test_title_weighs_more_than_slug_categories_and_tags() -> None:
    posts = [
        post("Something else", tags=("kafka",)),
        post("Other", cats=("kafka",)),
        post("Third", slug="kafka-notes"),
        post("Kafka at work"),
    ]
    assert titles(PostRanker(posts), "kafka") == [
        "Kafka at work",
        "Third",
        "Other",
        "Something else",
    ]


def test_a_whole_word_beats_a_prefix_and_ties_keep_the_index_order() -> None:
    posts = [post("Caching tips"), post("Cache rules"), post("Cache again")]
    assert titles(PostRanker(posts), "cache") == ["Cache rules", "Cache again", "Caching tips"]


def test_non_latin_titles(sample: PostRanker) -> None:
    assert titles(sample, "памяти") == ["Профилирование памяти: tracemalloc и memray 🧠"]
    ranker = PostRanker([post("データベース接続のプーリング", slug="db-pool"), post("Other")])
    assert titles(ranker, "接続") == ["データベース接続のプーリング"]


def test_allowed_limits_the_answer(sample: PostRanker) -> None:
    everything = sample.rank("django").posts
    allowed = {i for i, p in enumerate(sample.posts) if not p.draft}
    assert [p for p in everything if not p.draft] == sample.rank("django", allowed).posts
    assert any(p.draft for p in everything)


def test_empty_and_punctuation_only_queries_match_nothing(sample: PostRanker) -> None:
    assert sample.rank("").posts == []
    assert sample.rank("  ;; ").posts == []
    assert query_words(" Kafka, kafka! ") == ["kafka"]


def test_highlight_marks_where_the_words_are() -> None:
    title = "Introduction To The Blog Theme"
    spans = highlight_spans(title, "intro blog")
    assert [title[a:b] for a, b in spans] == ["Intro", "Blog"]
