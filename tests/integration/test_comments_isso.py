"""The Isso backend against a real Isso 0.14 on 127.0.0.1 (one server for the module)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from tests.support.isso_server import IssoServer

from blogtui.comments.backend import BackendError, create_backend
from blogtui.comments.isso import IssoBackend
from blogtui.comments.model import Draft, Thread, ThreadRef

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def isso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssoServer]:
    with IssoServer(tmp_path_factory.mktemp("isso")) as server:
        yield server


@pytest.fixture
async def backend(isso: IssoServer) -> AsyncIterator[IssoBackend]:
    b = create_backend("isso", {"url": isso.url, "timeout": 5})
    assert isinstance(b, IssoBackend)
    yield b
    await b.aclose()


async def test_thread_with_replies_and_hostile_text(isso: IssoServer, backend: IssoBackend) -> None:
    uri = "/2020/10/25/hostile.html"
    top = isso.post(
        uri, "Nice **post**!\n\n\x1b[31mred\x1b]52;c;cm0gLXJm\x07 [bold]x[/]", author="<Eve>\x1b[2J"
    )
    reply = isso.post(uri, "Thanks, Eve", author="Blogger", parent=top["id"])
    deep = isso.post(uri, "reply to the reply", author="Eve", parent=reply["id"])
    thread = await backend.fetch_thread(ThreadRef(uri))
    assert isinstance(thread, Thread)
    by_id = {c.id: c for c in thread.comments}
    t = by_id[str(top["id"])]
    assert (
        t.text == "Nice **post**!\n\nred [bold]x[/]"
    )  # Markdown source, controls gone, markup literal
    assert t.author == "<Eve>" and t.parent is None and t.source == "isso"
    assert by_id[str(reply["id"])].parent == str(top["id"])
    # Isso keeps two levels: a reply to a reply is filed under the top-level comment
    assert by_id[str(deep["id"])].parent == str(top["id"])
    assert thread.total == 3


async def test_unknown_thread_is_empty_and_trailing_slash_is_another_thread(
    isso: IssoServer, backend: IssoBackend
) -> None:
    isso.post("/slash.html", "on the page without slash")
    assert (await backend.fetch_thread(ThreadRef("/never-commented.html"))).comments == []  # type: ignore[union-attr]
    assert (await backend.fetch_thread(ThreadRef("/slash.html/"))).comments == []  # type: ignore[union-attr]
    assert len((await backend.fetch_thread(ThreadRef("/slash.html"))).comments) == 1  # type: ignore[union-attr]


async def test_counts_in_one_request(isso: IssoServer, backend: IssoBackend) -> None:
    for i in range(3):
        isso.post("/counted.html", f"comment number {i}")
    refs = [ThreadRef("/counted.html"), ThreadRef("/none.html")] + [
        ThreadRef(f"/p{i}.html") for i in range(300)
    ]
    counts = await backend.counts(refs)
    assert (
        counts is not None
        and counts["/counted.html"] == 3
        and counts["/none.html"] == 0
        and len(counts) == 302
    )


async def test_deleted_comment_with_replies_is_shown_as_deleted(
    isso: IssoServer, backend: IssoBackend
) -> None:
    uri = "/deleted.html"
    top, cookies = isso.post_with_cookie(uri, "I will regret this", author="Mallory")
    isso.post(uri, "answer to the regretted one", parent=top["id"])
    isso.delete(top, cookies)
    thread = await backend.fetch_thread(ThreadRef(uri))
    first = thread.comments[0]  # type: ignore[union-attr]
    assert first.deleted and first.text == "" and first.author == ""
    assert (await backend.counts([ThreadRef(uri)])) == {uri: 1}


async def test_post_reply_and_first_comment_of_a_new_thread(
    isso: IssoServer, backend: IssoBackend
) -> None:
    ref = ThreadRef("/brand-new.html", title="Brand new")
    c = await backend.post_comment(
        ref,
        Draft(thread=ref.key, text="First! with *Markdown*", author="Blogger", title="Brand new"),
    )
    assert c.text == "First! with *Markdown*" and c.author == "Blogger"
    r = await backend.post_comment(ref, Draft(thread=ref.key, text="and a reply", parent=c.id))
    assert r.parent == c.id
    assert isso.all_texts(ref.key) == ["First! with *Markdown*", "and a reply"]


async def test_refused_reply_says_why(backend: IssoBackend) -> None:
    with pytest.raises(BackendError) as err:
        await backend.post_comment(
            ThreadRef("/refused.html"), Draft(thread="/refused.html", text="no", title="x")
        )
    assert err.value.kind == "rejected" and err.value.status == 400
    assert "text is too short" in err.value.message


async def test_unreachable_server_is_offline(tmp_path: Path) -> None:
    from tests.support.isso_server import free_port

    b = create_backend("isso", {"url": f"http://127.0.0.1:{free_port()}/", "timeout": 2})
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(ThreadRef("/a.html"))
    await b.aclose()
    assert err.value.kind == "offline" and err.value.retryable


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        ({}, "no Isso server configured"),
        ({"url": "ftp://x"}, "http"),
        ({"url": "   "}, "no Isso server"),
    ],
)
def test_configuration_errors(settings: dict[str, object], match: str) -> None:
    with pytest.raises(BackendError, match=match) as err:
        create_backend("isso", settings)
    assert err.value.kind == "config"


def test_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(BackendError, match="unknown comment backend 'disqus'"):
        create_backend("disqus", {})
