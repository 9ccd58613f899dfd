"""Full-text search (blogtui.blog.fulltext, `blogtui search`): ranking, CJK, bad queries,
incremental updates, comments, a search while indexing runs."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import write_post

from blogtui.blog.fulltext import FullTextIndex, QueryError
from blogtui.blog.index import load_index
from blogtui.blog.site import open_site
from blogtui.cli import main
from blogtui.comments.model import Comment, Thread
from blogtui.comments.store import CommentStore


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(
        root,
        "_posts/2021-01-02-gc.md",
        "---\ntitle: Taming the garbage collector\ntags: [memory, gc]\n---\n"
        "Intro line.\n\nThe cyclic collector runs in generations.\n",
    )
    write_post(
        root,
        "_posts/2021-02-03-other.md",
        "---\ntitle: Other things\ncategories: python\n---\nA note on the garbage collector.\n",
    )
    write_post(
        root,
        "_posts/2021-03-04-ja.md",
        "---\ntitle: データベース接続のプーリング\n---\nこの記事ではデータベース接続の再利用について説明します。\n",
    )
    write_post(
        root,
        "_posts/2021-04-05-zh.md",
        "---\ntitle: 缓存策略\n---\n本文介绍如何使用缓存来降低延迟。\n",
    )
    write_post(
        root,
        "_posts/2021-05-06-ru.md",
        "---\ntitle: Профилирование памяти\n---\nМы измеряем потребление памяти.\n",
    )
    write_post(root, "_drafts/idea.md", "---\ntitle: An idea\n---\nA draft about kafka lag.\n")
    return root


def index_of(blog: Path):  # type: ignore[no-untyped-def]
    return load_index(open_site(blog))


def fts(tmp_path: Path, blog: Path) -> FullTextIndex:
    return FullTextIndex(tmp_path / "cache", blog)


def rels(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.rel for h in hits]


def test_title_matches_rank_first_and_hits_say_where(tmp_path: Path, blog: Path) -> None:
    with fts(tmp_path, blog) as f:
        f.update(index_of(blog).posts)
        hits = f.search("garbage collector")
        assert rels(hits) == ["_posts/2021-01-02-gc.md", "_posts/2021-02-03-other.md"]
        other = hits[1]
        assert other.kind == "post" and other.title == "Other things"
        assert other.line == 5  # the file's line (front matter counted)
        assert other.marked() == "A note on the [[garbage]] [[collector]]."


def test_drafts_are_searched(tmp_path: Path, blog: Path) -> None:
    with fts(tmp_path, blog) as f:
        f.update(index_of(blog).posts)
        assert rels(f.search("kafka")) == ["_drafts/idea.md"]


def test_phrase_title_and_tag(tmp_path: Path, blog: Path) -> None:
    with fts(tmp_path, blog) as f:
        f.update(index_of(blog).posts)
        assert rels(f.search('"cyclic collector"')) == ["_posts/2021-01-02-gc.md"]
        assert rels(f.search('"collector cyclic"')) == []
        assert rels(f.search("title:garbage")) == ["_posts/2021-01-02-gc.md"]
        assert rels(f.search('title:"other things"')) == ["_posts/2021-02-03-other.md"]
        assert rels(f.search("tag:memory")) == ["_posts/2021-01-02-gc.md"]
        assert rels(f.search("tag:python")) == ["_posts/2021-02-03-other.md"]  # categories too


@pytest.mark.parametrize(
    ("query", "rel"),
    [
        ("データベース", "_posts/2021-03-04-ja.md"),
        ("接続", "_posts/2021-03-04-ja.md"),  # two characters: under the trigram size
        ("再利用", "_posts/2021-03-04-ja.md"),
        ("缓存", "_posts/2021-04-05-zh.md"),
        ("降低延迟", "_posts/2021-04-05-zh.md"),
        ("памяти", "_posts/2021-05-06-ru.md"),
        ("ПОТРЕБЛЕНИЕ", "_posts/2021-05-06-ru.md"),  # case does not matter
    ],
)
def test_japanese_chinese_and_russian_are_found(
    tmp_path: Path, blog: Path, query: str, rel: str
) -> None:
    with fts(tmp_path, blog) as f:
        f.update(index_of(blog).posts)
        hits = f.search(query)
        assert rels(hits) == [rel]
        assert "[[" in hits[0].marked()


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ('"unclosed phrase', "unbalanced_quote"),
        ('title:"kafka', "unbalanced_quote"),
        ('wo"rd', "unbalanced_quote"),
        ("title:", "empty_field"),
        ("   ", "empty"),
    ],
)
def test_bad_queries_are_errors_with_a_kind(
    tmp_path: Path, blog: Path, query: str, kind: str
) -> None:
    with fts(tmp_path, blog) as f:
        with pytest.raises(QueryError) as info:
            f.search(query)
        assert info.value.kind == kind and info.value.message


@pytest.mark.parametrize("query", ["AND", "NEAR(garbage", "col*", "-x OR y", "a:b", "^start", "(("])
def test_fts_syntax_is_searched_for_not_run(tmp_path: Path, blog: Path, query: str) -> None:
    with fts(tmp_path, blog) as f:
        f.update(index_of(blog).posts)
        assert isinstance(f.search(query), list)


def test_updates_are_incremental(tmp_path: Path, blog: Path) -> None:
    with fts(tmp_path, blog) as f:
        first = f.update(index_of(blog).posts)
        assert first.added == 6 and first.unchanged == 0
        again = f.update(index_of(blog).posts)
        assert again.changed == 0 and again.unchanged == 6
        path = blog / "_posts/2021-02-03-other.md"
        path.write_text("---\ntitle: Other things\n---\nNow about memray instead.\n")
        os.utime(path, ns=(1, 1))  # a new mtime, whatever the clock's resolution
        (blog / "_drafts/idea.md").unlink()
        third = f.update(index_of(blog).posts)
        assert (third.updated, third.removed, third.unchanged) == (1, 1, 4)
        assert rels(f.search("memray")) == ["_posts/2021-02-03-other.md"]
        assert rels(f.search("garbage")) == ["_posts/2021-01-02-gc.md"]
        assert f.search("kafka") == []


def test_a_file_name_that_is_not_utf8_is_searched(tmp_path: Path) -> None:
    """SQLite refuses such a name as TEXT: it was a traceback out of `blogtui search`."""
    blog = tmp_path / "odd"
    (blog / "_posts").mkdir(parents=True)
    name = os.fsdecode(b"2021-01-02-caf\xe9.md")  # Latin-1 bytes: not UTF-8
    (blog / "_posts" / name).write_text("---\ntitle: Coffee notes\n---\nAbout espresso.\n")
    write_post(blog / "_posts", "2021-01-03-s.md", "---\ntitle: Plain\n---\nEspresso.\n")
    with fts(tmp_path, blog) as f:
        assert f.update(index_of(blog).posts).added == 2
        assert sorted(rels(f.search("espresso"))) == [f"_posts/{name}", "_posts/2021-01-03-s.md"]
        again = f.update(index_of(blog).posts)  # the stored keys read back as they were
        assert again.changed == 0 and again.unchanged == 2
        (blog / "_posts" / name).unlink()
        assert f.update(index_of(blog).posts).removed == 1
        assert rels(f.search("espresso")) == ["_posts/2021-01-03-s.md"]


def test_a_damaged_index_is_rebuilt(tmp_path: Path, blog: Path) -> None:
    with fts(tmp_path, blog) as f:
        f.update(index_of(blog).posts)
        path = f.path
    path.write_bytes(b"not a database" * 100)
    with fts(tmp_path, blog) as f:
        assert f.count() == 0
        f.update(index_of(blog).posts)
        assert rels(f.search("kafka")) == ["_drafts/idea.md"]


def comment(thread: str, id_: str, text: str) -> Comment:
    return Comment(id_, thread, None, "Ann", text, datetime(2024, 1, int(id_), tzinfo=UTC))


def test_stored_comments_are_searched_and_updated(tmp_path: Path, blog: Path) -> None:
    posts = index_of(blog).posts
    gc = next(p for p in posts if p.rel.endswith("gc.md"))
    with CommentStore(tmp_path / "cache", tmp_path / "data") as store:
        store.replace_thread(Thread(gc.thread_key, [comment(gc.thread_key, "1", "Try gc.freeze")]))
        with fts(tmp_path, blog) as f:
            f.update(posts, store)
            hits = f.search("freeze")
            assert [(h.rel, h.kind, h.title) for h in hits] == [
                (gc.rel, "comment", "Taming the garbage collector")
            ]
            store.replace_thread(
                Thread(
                    gc.thread_key,
                    [
                        comment(gc.thread_key, "1", "Try gc.freeze"),
                        comment(gc.thread_key, "2", "And jemalloc"),
                    ],
                )
            )
            stats = f.update(posts, store)
            assert stats.updated == 1
            assert [h.kind for h in f.search("jemalloc")] == ["comment"]


def test_a_search_while_indexing_runs_sees_what_is_indexed(tmp_path: Path) -> None:
    blog = tmp_path / "big"
    for i in range(450):
        write_post(blog, f"_posts/2020-01-01-p{i}.md", f"---\ntitle: Post {i}\n---\nneedle {i}\n")
    seen: list[int] = []
    with fts(tmp_path, blog) as writer, fts(tmp_path, blog) as reader:

        def progress(done: int, total: int) -> None:
            seen.append(len(reader.search("needle", limit=1000)))

        writer.update(index_of(blog).posts, progress=progress)
    assert seen[0] == 200 and seen[-1] == 450  # batch by batch


def run_cli(*args: str, env: dict[str, str], capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        code = main(list(args))
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_codes_and_json(tmp_path: Path, blog: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    env = {"BLOGTUI_CACHE_DIR": str(tmp_path / "c"), "BLOGTUI_DATA_DIR": str(tmp_path / "d")}
    code, out, _ = run_cli(
        "search", "garbage", str(blog), "--format", "json", env=env, capsys=capsys
    )
    assert code == 0
    hits = json.loads(out)
    assert [set(h) for h in hits] == [{"path", "title", "kind", "line", "snippet", "score"}] * 2
    assert hits[0]["path"] == "_posts/2021-01-02-gc.md"
    code, out, _ = run_cli("search", "nothinglikethis", str(blog), env=env, capsys=capsys)
    assert (code, out) == (1, "")
    code, out, err = run_cli("search", '"open', str(blog), env=env, capsys=capsys)
    assert code == 2 and "quote is not closed" in err and "Traceback" not in err
    code, out, _ = run_cli("search", "缓存", str(blog), "--limit", "1", env=env, capsys=capsys)
    assert code == 0 and "_posts/2021-04-05-zh.md:4" in out and "[[缓存]]" in out


def test_a_search_superseded_by_the_next_key_stops_with_no_hits(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for i in range(300):
        write_post(
            root,
            f"_posts/2020-01-01-p{i}.md",
            f"---\ntitle: Post {i}\n---\n" + "latency budget and tail latency\n" * 40,
        )
    with fts(tmp_path, root) as f:
        f.update(index_of(root).posts)
        assert len(f.search("latency", limit=20)) == 20
        asked: list[bool] = []

        def superseded() -> bool:
            asked.append(True)
            return True

        assert f.search("latency", limit=20, cancelled=superseded) == []
        assert asked  # SQLite asked while it worked
        # the connection is usable again, with no handler left behind
        assert len(f.search("latency", limit=20)) == 20
