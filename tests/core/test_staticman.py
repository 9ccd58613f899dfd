"""Comments kept in the site as Staticman data files: read with no network, replies written as files.

A fresh blogtui on the bundled sample blog shows real threads this way, so the sample comments
are part of what is tested.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from tests.conftest import SAMPLE_BLOG, write_post

from blogtui.blog.index import load_index
from blogtui.blog.site import open_site
from blogtui.blog.source import load_yaml
from blogtui.comments.backend import BackendError, backend_name, create_backend
from blogtui.comments.model import Draft, NotModified, Thread, ThreadRef
from blogtui.comments.staticman import StaticmanBackend, comment_date


def ref_for(slug: str) -> ThreadRef:
    return ThreadRef(key=f"/x/{slug}.html", url=f"/x/{slug}.html", slug=slug, title=slug)


def backend_at(root: Path, **settings: object) -> StaticmanBackend:
    b = create_backend("staticman", dict(settings), site=open_site(root))
    assert isinstance(b, StaticmanBackend)
    return b


def write_comment(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_staticman_is_the_default_when_no_server_is_configured() -> None:
    assert backend_name({}) is None  # nothing configured, nothing in the site
    assert backend_name({}, open_site(SAMPLE_BLOG)) == "staticman"
    assert backend_name({"url": "https://comments.example.org/"}) == "isso"
    assert backend_name({"backend": "GitHub"}) == "github"


async def test_the_sample_blog_ships_real_threads() -> None:
    site = open_site(SAMPLE_BLOG)
    index = load_index(site, None)
    b = backend_at(SAMPLE_BLOG)
    seed = next(p for p in index.posts if p.slug == "introduction-to-the-blog-theme")
    ref = ThreadRef(key=seed.thread_key, title=seed.title, url=seed.url, slug=seed.slug)
    thread = await b.fetch_thread(ref)
    assert isinstance(thread, Thread) and len(thread.comments) >= 3 and not thread.warnings
    assert any(c.parent for c in thread.comments), "the sample shows a reply under a comment"
    assert all(c.source == "staticman" and c.author and c.text for c in thread.comments)
    counts = await b.counts([ThreadRef(key=p.thread_key, slug=p.slug) for p in index.posts])
    assert counts is not None and sum(counts.values()) >= 3


def test_every_sample_comment_file_is_a_valid_staticman_record() -> None:
    folder = SAMPLE_BLOG / "_data" / "comments"
    files = sorted(folder.rglob("*.yml"))
    assert files
    slugs = {p.slug for p in load_index(open_site(SAMPLE_BLOG), None).posts}
    for f in files:
        data = load_yaml(f.read_text("utf-8"), 1)
        assert set(data) == {"_id", "replying_to", "message", "name", "email", "url", "date"}, f
        assert comment_date(data["date"]) is not None
        assert data["email"] == "" or len(data["email"]) == 32  # a hash, never an address
    folders = {f.parent.name for f in files}
    assert "introduction-to-the-blog-theme" in folders & slugs
    if (
        len(slugs) > 1
    ):  # with the full sample blog, every thread belongs to a post (no typos in slugs)
        assert folders <= slugs, folders - slugs


async def test_jekyll_site_root_layout_and_reply_forms(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    folder = site / "_data" / "comments" / "hello"
    write_comment(
        folder,
        "entry1.yml",
        "_id: a1\nname: Ann\nmessage: Top\ndate: 1700000000\nreplying_to: ''\n",
    )
    write_comment(
        folder,
        "entry2.yml",
        "_id: b2\nname: Ben\nmessage: By id\ndate: '2023-11-14T22:20:00Z'\nreplying_to: a1\n",
    )
    write_comment(
        folder,
        "entry3.yml",
        "_id: c3\nname: Cy\nmessage: By position\ndate: 2023-11-14 22:30:00\nreplying_to: 2\n",
    )
    write_comment(
        folder,
        "entry4.yml",
        "_id: d4\nname: Di\nmessage: By uid\ndate: 1700001600000\nreplying_to_uid: c3\n",
    )
    write_comment(
        folder,
        "entry5.yml",
        "_id: e5\nname: Ed\nmessage: Unknown parent\ndate: 1700002000\nreplying_to: zz\n",
    )
    thread = await backend_at(site).fetch_thread(ref_for("hello"))
    assert isinstance(thread, Thread)
    assert [(c.id, c.parent) for c in thread.comments] == [
        ("a1", None),
        ("b2", "a1"),
        ("c3", "b2"),
        ("d4", "c3"),
        ("e5", None),
    ]
    assert thread.comments[0].created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert thread.comments[3].created == datetime(2023, 11, 14, 22, 40, tzinfo=UTC)  # milliseconds


async def test_broken_files_are_skipped_with_a_reason_and_the_rest_still_shows(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "_data" / "comments" / "rough"
    write_comment(
        folder, "a-good.yml", "_id: ok1\nname: Fine\nmessage: I am fine\ndate: 1700000000\n"
    )
    write_comment(folder, "b-syntax.yml", "name: [unclosed\nmessage: x\n")
    write_comment(folder, "c-latin1.yml", "name: Jos\xe9\nmessage: caf\xe9\n".encode("latin-1"))
    write_comment(folder, "d-binary.yml", b"\x00\x01\x02binary")
    write_comment(
        folder, "e-unsafe.yml", "name: !!python/object/apply:os.system ['echo pwned']\nmessage: x\n"
    )
    write_comment(folder, "f-list.yml", "- just\n- a list\n")
    write_comment(
        folder,
        "g-bomb.yml",
        "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
    )
    write_comment(folder, "notes.txt", "not a comment file")
    thread = await backend_at(tmp_path).fetch_thread(ref_for("rough"))
    assert isinstance(thread, Thread)
    assert [c.text for c in thread.comments] == ["I am fine"]
    assert len(thread.warnings) == 6
    text = "\n".join(thread.warnings)
    for name in (
        "b-syntax.yml",
        "c-latin1.yml",
        "d-binary.yml",
        "e-unsafe.yml",
        "f-list.yml",
        "g-bomb.yml",
    ):
        assert name in text
    assert "UTF-8" in text and "not allowed" in text and "skipped" in text


async def test_hostile_fields_are_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "_data" / "comments" / "evil"
    record = {
        "_id": "x\x1b[2J",
        "name": "Eve\x1b]0;owned\x07",
        "message": "hi \x1b]52;c;ZXZpbA==\x07[red]there[/]",
        "url": "javascript:alert(1)",
        "date": 1700000000,
    }
    write_comment(folder, "e.yml", yaml.safe_dump(record))
    thread = await backend_at(tmp_path).fetch_thread(ref_for("evil"))
    assert isinstance(thread, Thread)
    c = thread.comments[0]
    assert (c.id, c.author, c.text, c.website) == ("x", "Eve", "hi [red]there[/]", "")


async def test_unchanged_folder_is_not_modified_and_a_new_file_is_seen(tmp_path: Path) -> None:
    folder = tmp_path / "_data" / "comments" / "steady"
    write_comment(folder, "1.yml", "_id: one\nname: A\nmessage: one\ndate: 1700000000\n")
    b = backend_at(tmp_path)
    first = await b.fetch_thread(ref_for("steady"))
    assert isinstance(first, Thread)
    assert isinstance(await b.fetch_thread(ref_for("steady"), etag=first.etag), NotModified)
    write_comment(folder, "2.yml", "_id: two\nname: B\nmessage: two\ndate: 1700000100\n")
    again = await b.fetch_thread(ref_for("steady"), etag=first.etag)
    assert isinstance(again, Thread) and [c.id for c in again.comments] == ["one", "two"]


async def test_a_reply_is_a_new_staticman_file_written_atomically_and_exactly_once(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "_data" / "comments" / "talk"
    write_comment(
        folder, "entry1.yml", "_id: q1\nname: Reader\nmessage: A question?\ndate: 1700000000\n"
    )
    b = backend_at(
        tmp_path, author="Blog Author", email="Me@Example.org ", website="https://me.example.org"
    )
    draft = Draft(
        thread="/x/talk.html",
        text="An answer,\nover two lines: with [brackets] and 'quotes'.",
        parent="q1",
        nonce="d7f3a9",
    )
    mine = await b.post_comment(ref_for("talk"), draft)
    again = await b.post_comment(
        ref_for("talk"), draft
    )  # a retry after a crash: same file, same comment
    assert again.id == mine.id
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["comment-d7f3a9.yml", "entry1.yml"]  # no temp files left behind
    data = load_yaml((folder / "comment-d7f3a9.yml").read_text("utf-8"), 1)
    assert (
        data["message"] == draft.text
        and data["replying_to"] == "q1"
        and data["name"] == "Blog Author"
    )
    assert data["email"] == hashlib.md5(b"me@example.org").hexdigest()  # never the address itself
    assert data["url"] == "https://me.example.org" and comment_date(data["date"]) is not None
    thread = await b.fetch_thread(ref_for("talk"))
    assert isinstance(thread, Thread)
    assert [(c.id, c.parent, c.text) for c in thread.comments][-1] == (mine.id, "q1", draft.text)


async def test_a_folder_that_cannot_be_written_keeps_the_reply_with_a_reason(
    tmp_path: Path,
) -> None:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "comments").write_text("a file where the folder should be")
    b = backend_at(tmp_path)
    with pytest.raises(BackendError) as err:
        await b.post_comment(ref_for("blocked"), Draft(thread="k", text="keep me"))
    assert err.value.kind == "rejected" and "cannot write" in err.value.message
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(ref_for("blocked"))
    assert err.value.kind == "rejected"


async def test_odd_slugs_never_escape_the_comments_folder(tmp_path: Path) -> None:
    b = backend_at(tmp_path)
    for slug in ("..", "a/../../etc"):
        with pytest.raises(BackendError):
            await b.post_comment(ThreadRef(key="k", slug=slug), Draft(thread="k", text="x"))
    assert not any(tmp_path.rglob("*.yml"))


def test_a_plain_posts_folder_keeps_comments_in_its_own_data_folder(tmp_path: Path) -> None:
    write_post(tmp_path, "2024-01-01-a.md", "---\ntitle: A\n---\nbody\n")
    assert backend_at(tmp_path).dir == tmp_path.resolve() / "_data" / "comments"
    assert os.path.isdir(tmp_path)


async def test_a_fresh_blogtui_on_the_sample_blog_shows_its_comment_threads(
    sample_blog: Path,
) -> None:
    """No config at all: the reader's comments pane shows the sample's Staticman comments."""
    from tests.app.test_comments_reader import SIZE, pane_text
    from tests.support.pilot import settle

    from blogtui.config import Settings
    from blogtui.tui.app import BlogApp

    authors = {
        load_yaml(f.read_text("utf-8"), 1)["name"]
        for f in (sample_blog / "_data" / "comments").rglob("*.yml")
    }
    app = BlogApp(settings=Settings(), blog_path=sample_blog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = pane_text(app)
    assert "No comment server configured" not in text
    assert any(name in text for name in authors), text


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_value = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.lists(st.text(max_size=5), max_size=3)
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "_id",
                "name",
                "email",
                "url",
                "message",
                "date",
                "replying_to",
                "replying_to_uid",
                "other",
            ]
        ),
        _value,
        max_size=8,
    )
)
async def test_any_record_reads_as_a_comment_or_a_warning(tmp_path: Path, record: dict) -> None:
    folder = tmp_path / "_data" / "comments" / "fuzz"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / "c.yml").write_text(yaml.safe_dump(record), "utf-8")
    thread = await backend_at(tmp_path).fetch_thread(ref_for("fuzz"))
    assert isinstance(thread, Thread)
    assert len(thread.comments) + len(thread.warnings) == 1
    for c in thread.comments:
        assert c.created.tzinfo is not None and isinstance(c.text, str)
