"""The Mastodon backend against a real mastodon-mock server (PyPI) on 127.0.0.1.

A blogger links a toot from a post; the replies to it are the post's comments, with their
reply structure, as safe Markdown. Replying needs a token and is never posted twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from blogtui.comments.backend import BackendError, create_backend
from blogtui.comments.mastodon import MastodonBackend, html_to_markdown, status_of
from blogtui.comments.model import Draft, Thread, ThreadRef

TOKENS = {"alice": "alice_token", "bob": "bob_token", "carol": "carol_token"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from mastodon_mock.testing.server import MockServer

    with MockServer() as s:
        yield s.base_url


@pytest.fixture
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=10) as c:
        yield c


def toot(
    api: httpx.Client, who: str, text: str, reply_to: str | None = None, **extra: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {"status": text, "visibility": "public", **extra}
    if reply_to:
        payload["in_reply_to_id"] = reply_to
    r = api.post(
        "/api/v1/statuses", json=payload, headers={"Authorization": f"Bearer {TOKENS[who]}"}
    )
    r.raise_for_status()
    return r.json()


def post_linking(server: str, status_id: str, key: str = "comments_toot") -> ThreadRef:
    return ThreadRef(
        key="/2024/06/01/toot.html",
        url="/2024/06/01/toot.html",
        slug="toot",
        metadata={key: f"{server}/@alice/{status_id}"},
    )


def backend(token: str = "alice_token") -> MastodonBackend:
    b = create_backend("mastodon", {"backend": "mastodon", "token": token})
    assert isinstance(b, MastodonBackend)
    return b


def shown(markdown: str) -> str:
    """The comment as the comments pane draws it (Rich Markdown, link addresses after text)."""
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(width=200, record=True, file=open(os.devnull, "w"))
    console.print(Markdown(markdown, hyperlinks=False))
    return console.export_text()


@pytest.fixture(autouse=True)
def no_token_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASTODON_TOKEN", raising=False)


async def test_replies_keep_their_structure_and_the_toot_itself_is_not_a_comment(
    server: str, api: httpx.Client
) -> None:
    root = toot(api, "alice", "I wrote about caching: https://blog.example/caching.html")
    a = toot(api, "bob", "@alice great read", root["id"])
    b = toot(api, "carol", "@bob agreed", a["id"])
    c = toot(api, "bob", "@carol thanks", b["id"])
    d = toot(api, "carol", "@alice one question", root["id"])
    elsewhere = toot(api, "bob", "unrelated toot")
    thread = await (mb := backend()).fetch_thread(post_linking(server, root["id"], key="mastodon"))
    await mb.aclose()
    assert isinstance(thread, Thread)
    assert {x.id: x.parent for x in thread.comments} == {
        a["id"]: None,
        b["id"]: a["id"],
        c["id"]: b["id"],
        d["id"]: None,
    }
    assert root["id"] not in {x.id for x in thread.comments} and elsewhere["id"] not in {
        x.id for x in thread.comments
    }
    first = thread.comments[0]
    assert first.author == "Bob (@bob)" and first.source == "mastodon"
    assert first.url.endswith(f"/@bob/{a['id']}")


async def test_html_content_becomes_safe_markdown(server: str, api: httpx.Client) -> None:
    root = toot(api, "alice", "new post")
    toot(
        api,
        "bob",
        "1. *not* a list <script>alert(1)</script> see https://example.com/x \x1b]52;c;ZXZpbA==\x07",
        root["id"],
    )
    thread = await (mb := backend()).fetch_thread(post_linking(server, root["id"]))
    await mb.aclose()
    assert isinstance(thread, Thread)
    text = thread.comments[0].text
    assert "\x1b" not in text and "\x07" not in text
    assert shown(text).count("https://example.com/x") == 1  # a bare link, shown once
    assert "\\<script\\>" in text  # the escaped text the person typed, shown literally, never run


@pytest.mark.parametrize(
    "html, expected",
    [
        (
            '<p>Hi <span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span></a></span></p>',
            "Hi @bob",
        ),
        (
            '<p><a href="https://m.example/tags/jekyll" class="mention hashtag" rel="tag">#<span>jekyll</span></a> rocks</p>',
            "\\#jekyll rocks",
        ),
        (
            '<p><a href="https://example.com/a/long/path" rel="nofollow noopener"><span class="invisible">https://</span>'
            '<span class="ellipsis">example.com/a/lo</span><span class="invisible">ng/path</span></a></p>',
            "https://example.com/a/long/path",
        ),
        ('<p><a href="https://example.com/">my site</a></p>', "[my site](https://example.com/)"),
        ('<p><a href="javascript:alert(1)">click</a></p>', "click"),
        ("<p>line one<br />line two</p><p>para two</p>", "line one  \nline two\n\npara two"),
        ("<p>[bold]x[/] and 2*3</p>", "\\[bold\\]x\\[/\\] and 2\\*3"),
        ("<p># not a heading</p>", "\\# not a heading"),
        ("<p><strong>loud</strong> <em>soft</em></p>", "**loud** *soft*"),
        ("<p>unclosed <b>tag", "unclosed **tag"),
        ('<p>see <a href="https://x.org/">the rest', "see the rest"),
        (None, ""),
    ],
)
def test_html_to_markdown(html: Any, expected: str) -> None:
    assert html_to_markdown(html) == expected


async def test_content_warning_and_attachments_are_said(server: str, api: httpx.Client) -> None:
    root = toot(api, "alice", "post")
    toot(api, "bob", "the ending!", root["id"], spoiler_text="spoilers for part 2")
    thread = await (mb := backend()).fetch_thread(post_linking(server, root["id"]))
    await mb.aclose()
    assert isinstance(thread, Thread)
    assert thread.comments[0].text.startswith("**CW: spoilers for part 2**\n\nthe ending!")


def test_status_urls_front_matter_forms() -> None:
    ref = lambda v: ThreadRef(key="k", metadata={"mastodon": v})  # noqa: E731
    assert status_of(ref("https://fosstodon.org/@me/113456789012345678")) == (
        "https://fosstodon.org",
        "113456789012345678",
    )
    assert status_of(ref("https://hachyderm.io/users/me/statuses/42")) == (
        "https://hachyderm.io",
        "42",
    )
    assert status_of(ref("https://mas.to/@me@other.social/42/")) == ("https://mas.to", "42")
    assert status_of(ThreadRef(key="k")) is None
    with pytest.raises(BackendError) as err:
        status_of(ref("https://example.com/blog/post"))
    assert err.value.kind == "config" and "mastodon" in err.value.message


async def test_a_post_without_a_toot_has_no_comments_and_sends_nothing() -> None:
    b = backend()
    linked = ThreadRef(key="/linked.html", metadata={"mastodon": "https://fosstodon.org/@me/1"})
    assert await b.counts([ThreadRef(key="/plain.html"), linked]) == {
        "/plain.html": 0
    }  # no request either
    thread = await b.fetch_thread(ThreadRef(key="/plain.html", url="/plain.html"))
    assert isinstance(thread, Thread) and thread.comments == []
    with pytest.raises(BackendError) as err:
        await b.post_comment(ThreadRef(key="/plain.html"), Draft(thread="/plain.html", text="hi"))
    await b.aclose()
    assert err.value.kind == "config" and "mastodon:" in err.value.message


async def test_replying_needs_a_token(server: str, api: httpx.Client) -> None:
    root = toot(api, "alice", "post")
    b = backend(token="")
    with pytest.raises(BackendError) as err:
        await b.post_comment(post_linking(server, root["id"]), Draft(thread="k", text="hi"))
    await b.aclose()
    assert (
        err.value.kind == "config"
        and "token" in err.value.message
        and "outbox" in err.value.message
    )


async def test_a_refused_token_is_a_config_error(server: str, api: httpx.Client) -> None:
    root = toot(api, "alice", "post")
    b = backend(token="not-a-token")
    with pytest.raises(BackendError) as err:
        await b.post_comment(post_linking(server, root["id"]), Draft(thread="k", text="hi"))
    await b.aclose()
    assert err.value.kind == "config"


async def test_a_reply_mentions_the_person_and_a_retry_is_not_a_duplicate(
    server: str, api: httpx.Client
) -> None:
    root = toot(api, "alice", "post")
    q = toot(api, "bob", "@alice how fast is it?", root["id"])
    ref = post_linking(server, root["id"])
    b = backend()
    draft = Draft(thread=ref.key, text="About 2x faster.", parent=q["id"], nonce="draft-7")
    first = await b.post_comment(ref, draft)
    again = await b.post_comment(ref, draft)  # e.g. the first answer was lost: same Idempotency-Key
    thread = await b.fetch_thread(ref)
    await b.aclose()
    assert first.id == again.id
    assert isinstance(thread, Thread)
    mine = [c for c in thread.comments if "2x faster" in c.text]
    assert len(mine) == 1 and mine[0].parent == q["id"] and mine[0].text.startswith("@bob")
    assert b.find_posted(thread, draft) is not None


async def test_replying_to_your_own_status_does_not_mention_yourself(
    server: str, api: httpx.Client
) -> None:
    root = toot(api, "alice", "post")
    q = toot(api, "bob", "@alice how fast is it?", root["id"])
    mine = toot(api, "alice", "@bob about 2x", q["id"])
    ref = post_linking(server, root["id"])
    b = backend()  # alice's token
    to_self = await b.post_comment(
        ref, Draft(thread=ref.key, text="Correction: 3x.", parent=mine["id"])
    )
    to_bob = await b.post_comment(ref, Draft(thread=ref.key, text="Thanks!", parent=q["id"]))
    await b.aclose()
    assert to_self.text == "Correction: 3x."  # as Mastodon clients do: no @alice to alice
    assert to_bob.text.startswith("@bob")


async def test_an_offline_reply_says_why_it_was_not_sent(tmp_path: Path) -> None:
    from tests.support.isso_server import free_port

    from blogtui.comments.store import CommentStore
    from blogtui.comments.sync import SyncEngine

    ref = post_linking(f"http://127.0.0.1:{free_port()}", "1234")
    with CommentStore(tmp_path / "c", tmp_path / "d") as store:
        store.add_draft(Draft(thread=ref.key, text="written offline"))
        b = backend()
        report = await SyncEngine(b, store).sync_thread(ref)
        await b.aclose()
        [d] = store.drafts()
    assert report.connection.state == "offline"
    assert d.error.startswith("the reply was not sent: cannot reach the comment server")
    assert "replies to the toot" not in d.error  # the fetch's words are not the reply's reason


async def test_a_deleted_toot_and_a_broken_server_are_clear_errors(
    server: str, api: httpx.Client
) -> None:
    b = backend()
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(post_linking(server, "999999999"))
    assert err.value.kind == "rejected" and "not found" in err.value.message
    root = toot(api, "alice", "post")
    api.post(
        "/api/v1/_mock/faults",
        json={"match": {"path_regex": "/context$"}, "effect": {"type": "malformed"}, "count": 1},
    ).raise_for_status()
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(post_linking(server, root["id"]))
    assert err.value.kind == "server" and "JSON" in err.value.message
    api.post(
        "/api/v1/_mock/faults",
        json={
            "match": {"path_regex": "/context$"},
            "effect": {"type": "ratelimit", "headers": {"Retry-After": "7"}},
            "count": 1,
        },
    ).raise_for_status()
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(post_linking(server, root["id"]))
    assert err.value.kind == "rate-limited" and err.value.retry_after == 7
    await b.aclose()


async def test_hostile_display_names_are_cleaned(server: str, api: httpx.Client) -> None:
    # carol's name is asserted nowhere else (the server is shared by this module's tests)
    api.patch(
        "/api/v1/accounts/update_credentials",
        data={"display_name": "Carol\x1b[2J\x1b]0;pwned\x07 [red]"},
        headers={"Authorization": "Bearer carol_token"},
    ).raise_for_status()
    root = toot(api, "alice", "post")
    toot(api, "carol", "hello", root["id"])
    thread = await (mb := backend()).fetch_thread(post_linking(server, root["id"]))
    await mb.aclose()
    assert isinstance(thread, Thread)
    assert thread.comments[0].author == "Carol [red] (@carol)"


async def test_the_token_goes_only_to_the_configured_server(server: str, api: httpx.Client) -> None:
    root = toot(api, "alice", "post")
    toot(api, "bob", "hello", root["id"])
    mine = create_backend("mastodon", {"token": "alice_token", "url": server + "/"})
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    mine.client.event_hooks["request"].append(record)  # type: ignore[attr-defined]
    thread = await mine.fetch_thread(post_linking(server, root["id"]))
    assert (
        isinstance(thread, Thread) and seen[-1].headers.get("authorization") == "Bearer alice_token"
    )
    elsewhere = ThreadRef(key="k", metadata={"mastodon": f"http://127.0.0.1:1/@alice/{root['id']}"})
    with pytest.raises(BackendError) as err:
        await mine.post_comment(elsewhere, Draft(thread="k", text="hi"))
    assert err.value.kind == "config" and "your token is for" in err.value.message
    await mine.aclose()
    other = create_backend("mastodon", {"token": "alice_token", "url": "https://fosstodon.org"})
    seen.clear()
    other.client.event_hooks["request"].append(record)  # type: ignore[attr-defined]
    await other.fetch_thread(post_linking(server, root["id"]))
    assert "authorization" not in seen[-1].headers  # a read from another server is anonymous
    await other.aclose()
    with pytest.raises(BackendError) as err:
        create_backend("mastodon", {"url": "fosstodon.org"})
    assert err.value.kind == "config"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_tags = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        '<a href="https://x.org/">',
        '<a href="javascript:x">',
        "</a>",
        '<span class="invisible">',
        "</span>",
        "<script>",
        "</script>",
        "<b>",
        "</b>",
        "&amp;",
        "&#27;",
        "&lt;",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_tags, st.text()), max_size=30))
def test_html_to_markdown_never_lets_control_characters_through(parts: list[str]) -> None:
    out = html_to_markdown("".join(parts))
    assert not any(ch in out for ch in "\x1b\x07\x9b\x9d\x00")
