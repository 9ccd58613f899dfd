"""The backend contract: one suite every comment backend module must pass.

Each backend gets a *harness* that knows how to run its server here and how other people's
comments get onto it (``seed``). The tests only speak the CommentBackend protocol, so what they
assert is what sync and the reader rely on: fetch, counts, paging, an unchanged second sync,
posting (top level and replies), and failures as BackendErrors with a useful ``kind``.

To add a backend: write a harness class with the attributes and methods of ``Harness`` below and
add it to HARNESSES (and to the ``harness`` fixture). Isso's harness drives a real Isso through
its public API (tests/support/isso_server.py); fault injection for it lives in test_comments_faults.py.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
import yaml
from tests.support.fake_github import FakeGitHub

from blogtui.comments.backend import BackendError, CommentBackend, create_backend
from blogtui.comments.model import Draft, NotModified, Thread, ThreadRef

HOSTILE = "hi \x1b]52;c;ZXZpbA==\x07 [bold]x[/] \x1b[31mred\x1b[0m \x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\"
#: more than one page wherever a server pages (GitHub: 100 per page)
MANY = 105

Seed = tuple[str, str, int | None]  # (author, text, index of the parent in the seed list)


class Harness(Protocol):
    name: str
    nested: bool  # replies keep their parent (GitHub issue comments are flat)
    has_counts: (
        bool  # counts() knows every thread's count (Mastodon only knows posts without a toot)
    )
    networked: bool  # talks to a server (Staticman reads files)
    many: int  # a "long thread": more than one page where the server pages

    def backend(self) -> CommentBackend: ...
    def ref(self, slug: str) -> ThreadRef: ...
    async def seed(self, ref: ThreadRef, entries: list[Seed]) -> list[str]: ...
    def unreachable(self) -> tuple[CommentBackend, ThreadRef]: ...
    def fail_next(self, status: int) -> None: ...


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- GitHub (fake API server: GitHub cannot be reached from here) -------------------------------


class GitHubHarness:
    name, nested, has_counts, networked = "github", False, True, True
    many = MANY  # 100 per page: two pages

    def __init__(self) -> None:
        self.server = FakeGitHub().start()

    def settings(self, api: str) -> dict[str, Any]:
        return {
            "backend": "github",
            "repo": self.server.repo,
            "api_url": api,
            "token": self.server.token,
        }

    def backend(self) -> CommentBackend:
        return create_backend("github", self.settings(self.server.url), cache_dir=None)

    def ref(self, slug: str) -> ThreadRef:
        url = f"/2024/05/01/{slug}.html"
        return ThreadRef(key=url, title=slug.replace("-", " ").title(), url=url, slug=slug)

    async def seed(self, ref: ThreadRef, entries: list[Seed]) -> list[str]:
        term = ref.url.lstrip("/").removesuffix(".html")
        number = next(
            (n for n, i in self.server.issues.items() if i["title"] == term), None
        ) or self.server.add_issue(term)
        return [
            str(self.server.add_comment(number, author, text)["id"])
            for author, text, _parent in entries
        ]

    def unreachable(self) -> tuple[CommentBackend, ThreadRef]:
        return create_backend(
            "github", self.settings(f"http://127.0.0.1:{free_port()}"), cache_dir=None
        ), self.ref("gone")

    def fail_next(self, status: int) -> None:
        self.server.fail_next(
            status, "<html><body><h1>Unicorn!</h1></body></html>", {"Content-Type": "text/html"}
        )

    def close(self) -> None:
        self.server.stop()


# -- Mastodon (a real mastodon-mock server from PyPI on 127.0.0.1) -------------------------------


class MastodonHarness:
    name, nested, has_counts, networked = "mastodon", True, False, True
    many = 40  # the context API does not page (and each seeded reply is a real POST)
    accounts = {"alice": "alice_token", "bob": "bob_token", "carol": "carol_token"}

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = httpx.Client(base_url=base, timeout=10)

    def post(self, author: str, text: str, reply_to: str | None = None) -> dict[str, Any]:
        token = self.accounts.get(author, "bob_token")
        payload: dict[str, Any] = {"status": text, "visibility": "public"}
        if reply_to:
            payload["in_reply_to_id"] = reply_to
        r = self.http.post(
            "/api/v1/statuses", json=payload, headers={"Authorization": f"Bearer {token}"}
        )
        r.raise_for_status()
        return r.json()

    def backend(self) -> CommentBackend:
        return create_backend("mastodon", {"backend": "mastodon", "token": "alice_token"})

    def ref(self, slug: str) -> ThreadRef:
        root = self.post("alice", f"New post: {slug} https://blog.example/{slug}.html")
        url = f"/2024/05/01/{slug}.html"
        return ThreadRef(
            key=url,
            title=slug,
            url=url,
            slug=slug,
            metadata={"mastodon": f"{self.base}/@alice/{root['id']}"},
        )

    async def seed(self, ref: ThreadRef, entries: list[Seed]) -> list[str]:
        root = ref.metadata["mastodon"].rsplit("/", 1)[-1]
        ids: list[str] = []
        for author, text, parent in entries:
            ids.append(
                self.post(
                    author if author in self.accounts else "bob",
                    text,
                    ids[parent] if parent is not None else root,
                )["id"]
            )
        return ids

    def unreachable(self) -> tuple[CommentBackend, ThreadRef]:
        ref = ThreadRef(
            key="/gone.html",
            url="/gone.html",
            slug="gone",
            metadata={"mastodon": f"http://127.0.0.1:{free_port()}/@alice/1"},
        )
        return self.backend(), ref

    def fail_next(self, status: int) -> None:
        rule = {
            "match": {"path_regex": r"^/api/v1/statuses/"},
            "effect": {"type": "status", "status": status},
            "count": 1,
        }
        self.http.post("/api/v1/_mock/faults", json=rule).raise_for_status()

    def close(self) -> None:
        self.http.close()


# -- Staticman (YAML files in the site: no server) -----------------------------------------------


class StaticmanHarness:
    name, nested, has_counts, networked = "staticman", True, True, False
    many = MANY

    def __init__(self, root: Path) -> None:
        self.root = root
        self.n = 0

    def backend(self) -> CommentBackend:
        return create_backend(
            "staticman", {"backend": "staticman", "author": "Blogger"}, root=self.root
        )

    def ref(self, slug: str) -> ThreadRef:
        url = f"/2024/05/01/{slug}.html"
        return ThreadRef(key=url, title=slug, url=url, slug=slug)

    async def seed(self, ref: ThreadRef, entries: list[Seed]) -> list[str]:
        folder = self.root / "_data" / "comments" / ref.slug
        folder.mkdir(parents=True, exist_ok=True)
        ids: list[str] = []
        for author, text, parent in entries:
            self.n += 1
            cid = f"{self.n:08d}-5c1d-11ef-8e2a-0242ac120002"
            record = {
                "_id": cid,
                "replying_to": ids[parent] if parent is not None else "",
                "message": text,
                "name": author,
                "email": "0bc83cb571cd1c50ba6f3e8a78ef1346",
                "url": "",
                "date": 1714550400 + self.n * 60,
            }
            (folder / f"entry{1714550400000 + self.n}.yml").write_text(
                yaml.safe_dump(record, allow_unicode=True), "utf-8"
            )
            ids.append(cid)
        return ids

    def unreachable(self) -> tuple[CommentBackend, ThreadRef]:
        raise NotImplementedError

    def fail_next(self, status: int) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


# -- Isso (a real Isso from PyPI, started by tests/support/isso_server.py) -----------------------------------


class IssoHarness:
    name, nested, has_counts, networked = "isso", True, True, True
    many = 40  # Isso does not page (and each seeded comment is a real POST)

    def __init__(self, server: Any) -> None:
        self.server = server

    def backend(self) -> CommentBackend:
        return create_backend("isso", {"backend": "isso", "url": self.server.url, "timeout": 5})

    def ref(self, slug: str) -> ThreadRef:
        url = f"/2024/05/01/{slug}-{id(self)}.html"  # one server for the module: keep threads apart
        return ThreadRef(key=url, title=slug, url=url, slug=slug)

    async def seed(self, ref: ThreadRef, entries: list[Seed]) -> list[str]:
        ids: list[str] = []
        for author, text, parent in entries:
            made = self.server.post(
                ref.key,
                text,
                author=author,
                parent=int(ids[parent]) if parent is not None else None,
                title=ref.title,
            )
            ids.append(str(made["id"]))
        return ids

    def unreachable(self) -> tuple[CommentBackend, ThreadRef]:
        backend = create_backend(
            "isso", {"backend": "isso", "url": f"http://127.0.0.1:{free_port()}/", "timeout": 2}
        )
        return backend, self.ref("gone")

    def fail_next(self, status: int) -> None:
        raise NotImplementedError  # a real Isso cannot be told to fail: tests/core/test_comments_faults.py

    def close(self) -> None:
        pass


HARNESSES = ["github", "mastodon", "staticman", "isso"]


@pytest.fixture(scope="module")
def mastodon_server() -> Iterator[str]:
    from mastodon_mock.testing.server import MockServer

    with MockServer() as server:
        yield server.base_url


@pytest.fixture(scope="module")
def isso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.support.isso_server import IssoServer

    with IssoServer(tmp_path_factory.mktemp("isso")) as server:
        yield server


@pytest.fixture(params=HARNESSES)
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "github":
        h: Any = GitHubHarness()
    elif request.param == "mastodon":
        h = MastodonHarness(request.getfixturevalue("mastodon_server"))
    elif request.param == "isso":
        h = IssoHarness(request.getfixturevalue("isso_server"))
    else:
        h = StaticmanHarness(tmp_path / "site")
    yield h
    h.close()


@pytest.fixture
async def backend(harness: Any) -> AsyncIterator[CommentBackend]:
    b = harness.backend()
    yield b
    await b.aclose()


@dataclass
class Seeded:
    ref: ThreadRef
    ids: list[str]


async def seeded(harness: Any, slug: str, entries: list[Seed]) -> Seeded:
    ref = harness.ref(slug)
    return Seeded(ref, await harness.seed(ref, entries))


# -- fetch ---------------------------------------------------------------------------------------


async def test_fetch_returns_the_thread_in_order_with_authors_and_replies(
    harness: Any, backend: CommentBackend
) -> None:
    s = await seeded(
        harness,
        "first-post",
        [
            ("bob", "First!", None),
            ("carol", "Agreed with bob", 0),
            ("bob", "Another thought", None),
        ],
    )
    thread = await backend.fetch_thread(s.ref)
    assert isinstance(thread, Thread)
    assert thread.key == s.ref.key
    assert [c.id for c in thread.comments] == s.ids
    assert ["First!" in thread.comments[0].text, "Agreed with bob" in thread.comments[1].text] == [
        True,
        True,
    ]
    assert (
        "bob" in thread.comments[0].author.lower() and "carol" in thread.comments[1].author.lower()
    )
    assert all(
        c.created.tzinfo is not None and c.created.utcoffset() == UTC.utcoffset(None)
        for c in thread.comments
    )
    assert all(c.source == harness.name and c.thread == s.ref.key for c in thread.comments)
    assert thread.total == 3
    expected_parent = s.ids[0] if harness.nested else None
    assert [c.parent for c in thread.comments] == [None, expected_parent, None]


async def test_a_post_without_comments_is_an_empty_thread(
    harness: Any, backend: CommentBackend
) -> None:
    thread = await backend.fetch_thread(harness.ref("nobody-commented"))
    assert isinstance(thread, Thread)
    assert thread.comments == [] and thread.total == 0


async def test_hostile_text_comes_back_without_control_sequences(
    harness: Any, backend: CommentBackend
) -> None:
    s = await seeded(harness, "hostile", [("bob", HOSTILE, None)])
    thread = await backend.fetch_thread(s.ref)
    assert isinstance(thread, Thread)
    text = thread.comments[0].text
    assert not any(ch in text for ch in "\x1b\x07\x9b\x9d")
    assert "red" in text and "link" in text
    assert "[bold]" in text.replace("\\", "")  # kept as the literal characters, never as markup


# -- counts ----------------------------------------------------------------------------------------


async def test_counts_for_many_threads_at_once(harness: Any, backend: CommentBackend) -> None:
    a = await seeded(harness, "counted-a", [("bob", "one", None), ("carol", "two", 0)])
    b = harness.ref("counted-b")
    plain = ThreadRef(
        key="/2024/05/01/no-thread-at-all.html",
        url="/2024/05/01/no-thread-at-all.html",
        slug="no-thread-at-all",
    )
    counts = await backend.counts([a.ref, b, plain])
    if counts is None:  # allowed: sync then fetches every thread
        assert not harness.has_counts
        return
    if harness.has_counts:
        assert a.ref.key in counts
    for key, expected in ((a.ref.key, 2), (b.key, 0), (plain.key, 0)):
        if key in counts:  # a count may be left out (sync then fetches that thread), never wrong
            assert counts[key] == expected, key


# -- paging ----------------------------------------------------------------------------------------


async def test_a_long_thread_comes_back_whole(harness: Any, backend: CommentBackend) -> None:
    s = await seeded(
        harness, "popular", [("bob", f"comment number {i}", None) for i in range(harness.many)]
    )
    thread = await backend.fetch_thread(s.ref)
    assert isinstance(thread, Thread)
    assert [c.id for c in thread.comments] == s.ids
    assert thread.comments[-1].text.endswith(f"{harness.many - 1}")


# -- unchanged sync ------------------------------------------------------------------------------


async def test_second_fetch_with_nothing_changed_then_a_change(
    harness: Any, backend: CommentBackend
) -> None:
    s = await seeded(harness, "steady", [("bob", "hello", None), ("carol", "hi bob", 0)])
    first = await backend.fetch_thread(s.ref)
    assert isinstance(first, Thread)
    again = await backend.fetch_thread(s.ref, etag=first.etag)
    if isinstance(again, NotModified):
        assert again.key == s.ref.key
    else:  # a server without validators: the same thread again
        assert [(c.id, c.text) for c in again.comments] == [(c.id, c.text) for c in first.comments]
    new = await harness.seed(s.ref, [("carol", "a late reply", None)])
    changed = await backend.fetch_thread(s.ref, etag=first.etag)
    assert isinstance(changed, Thread), "a new comment must not look unchanged"
    assert [c.id for c in changed.comments] == s.ids + new


# -- post ------------------------------------------------------------------------------------------


async def test_post_a_comment_and_a_reply(harness: Any, backend: CommentBackend) -> None:
    s = await seeded(harness, "talk", [("bob", "Question: does it scale?", None)])
    mine = await backend.post_comment(
        s.ref, Draft(thread=s.ref.key, text="Thanks for reading!", author="Blogger", nonce="n1")
    )
    assert mine.id and mine.source == harness.name and "Thanks for reading!" in mine.text
    reply = await backend.post_comment(
        s.ref,
        Draft(
            thread=s.ref.key,
            text="It does, see part 2.",
            parent=s.ids[0],
            author="Blogger",
            nonce="n2",
        ),
    )
    thread = await backend.fetch_thread(s.ref)
    assert isinstance(thread, Thread)
    by_id = {c.id: c for c in thread.comments}
    assert mine.id in by_id and reply.id in by_id
    assert "It does, see part 2." in by_id[reply.id].text
    if harness.nested:  # siblings come oldest first (whether the list is in tree or time order)
        assert by_id[reply.id].parent == s.ids[0]
        assert [c.id for c in thread.children(None)] == [s.ids[0], mine.id]
        assert [c.id for c in thread.children(s.ids[0])] == [reply.id]
    else:
        assert [c.id for c in thread.comments] == [s.ids[0], mine.id, reply.id]


async def test_first_comment_on_a_post_without_a_thread(
    harness: Any, backend: CommentBackend
) -> None:
    ref = harness.ref("brand-new")
    mine = await backend.post_comment(
        ref,
        Draft(thread=ref.key, text="First comment, by the author", author="Blogger", nonce="n3"),
    )
    thread = await backend.fetch_thread(ref)
    assert isinstance(thread, Thread)
    assert [c.id for c in thread.comments] == [mine.id]


# -- errors ----------------------------------------------------------------------------------------


async def test_an_unreachable_server_is_offline_not_a_crash(harness: Any) -> None:
    if not harness.networked:
        pytest.skip(f"{harness.name} reads files: there is no server to be down")
    backend, ref = harness.unreachable()
    try:
        with pytest.raises(BackendError) as err:
            await backend.fetch_thread(ref)
        assert err.value.kind == "offline" and err.value.retryable
        with pytest.raises(BackendError) as err:
            await backend.post_comment(
                ref, Draft(thread=ref.key, text="kept in the outbox", nonce="n4")
            )
        assert err.value.kind == "offline"
    finally:
        await backend.aclose()


async def test_a_server_error_is_a_retryable_backend_error(
    harness: Any, backend: CommentBackend
) -> None:
    if not harness.networked:
        pytest.skip(f"{harness.name} reads files: there is no server to fail")
    s = await seeded(harness, "flaky", [("bob", "hello", None)])
    try:
        harness.fail_next(502)
    except NotImplementedError:
        pytest.skip(
            f"the real {harness.name} server cannot be told to fail (its own fault tests cover it)"
        )
    with pytest.raises(BackendError) as err:
        await backend.fetch_thread(s.ref)
    assert err.value.kind == "server" and err.value.retryable
    thread = await backend.fetch_thread(s.ref)  # and the next try works
    assert isinstance(thread, Thread) and [c.id for c in thread.comments] == s.ids


def test_backend_modules_do_not_import_textual() -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "import sys, blogtui.comments.github, blogtui.comments.mastodon, blogtui.comments.staticman; print('textual' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"
