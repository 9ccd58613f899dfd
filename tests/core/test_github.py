"""The GitHub (utterances) backend against the local fake GitHub API (tests/support/fake_github.py).

What a user notices: the right issue is found for each post, a second sync with nothing changed
sends only conditional requests (and, with a token, costs no quota), the rate limit stops the
sync with the time it resets instead of hammering, and posting without a token says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.support.fake_github import FakeGitHub

from blogtui.comments.backend import BackendError, create_backend
from blogtui.comments.github import GitHubBackend
from blogtui.comments.github_data import decode_state, issue_term
from blogtui.comments.model import Draft, NotModified, Thread, ThreadRef

REPO = "octo/blog-comments"


@pytest.fixture(autouse=True)
def no_token_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    server = FakeGitHub(REPO).start()
    yield server
    server.stop()


def backend(gh: FakeGitHub, tmp_path: Path | None = None, **settings: object) -> GitHubBackend:
    conf: dict[str, object] = {
        "backend": "github",
        "repo": REPO,
        "api_url": gh.url,
        "token": gh.token,
    }
    conf.update(settings)
    b = create_backend("github", conf, cache_dir=tmp_path)
    assert isinstance(b, GitHubBackend)
    return b


def post(slug: str, title: str = "", **meta: object) -> ThreadRef:
    url = f"/2024/03/0{len(slug) % 9 + 1}/{slug}.html"
    return ThreadRef(
        key=url,
        title=title or slug.replace("-", " ").title(),
        url=url,
        slug=slug,
        metadata=dict(meta),
    )


def term(ref: ThreadRef) -> str:
    return issue_term(ref, "pathname")


# -- finding the issue ---------------------------------------------------------------------------


def test_issue_terms_are_utterances_mappings() -> None:
    ref = post("hello-world", "Hello, World")
    assert issue_term(ref, "pathname") == ref.url.lstrip("/").removesuffix(".html")
    assert (
        issue_term(ref, "url", "https://blog.example.org/") == "https://blog.example.org" + ref.url
    )
    assert issue_term(ref, "title") == issue_term(ref, "og:title") == "Hello, World"
    pretty = ThreadRef(key="/2020/10/25/hello/", url="/2020/10/25/hello/")  # permalink: pretty
    assert (
        issue_term(pretty, "pathname") == "2020/10/25/hello/"
    )  # as location.pathname.substr(1) gives it


async def test_the_oldest_issue_whose_title_contains_the_term_is_the_thread(gh: FakeGitHub) -> None:
    ref = post("hello-world")
    gh.add_issue("something else")
    first = gh.add_issue(term(ref))
    second = gh.add_issue(term(ref) + " (duplicate)")
    gh.add_comment(first, "alice", "in the first")
    gh.add_comment(second, "bob", "in the duplicate")
    b = backend(gh)
    thread = await b.fetch_thread(ref)
    await b.aclose()
    assert isinstance(thread, Thread)
    assert [c.text for c in thread.comments] == ["in the first"]
    search = [r for r in gh.requests if r.path == "/search/issues"][0]
    assert search.query["q"] == f'"{term(ref)}" type:issue in:title repo:{REPO}'
    assert search.query["sort"] == "created" and search.query["order"] == "asc"


async def test_label_narrows_the_search_and_title_terms_work(gh: FakeGitHub) -> None:
    ref = post("labelled", "A Labelled Post")
    gh.add_issue("A Labelled Post")  # no label: not ours
    mine = gh.add_issue("A Labelled Post", labels=("comments",))
    gh.add_comment(mine, "carol", "found by label")
    b = backend(gh, issue_term="title", label="comments")
    thread = await b.fetch_thread(ref)
    await b.aclose()
    assert isinstance(thread, Thread) and [c.text for c in thread.comments] == ["found by label"]
    assert (
        'label:"comments"' in [r for r in gh.requests if r.path == "/search/issues"][0].query["q"]
    )


async def test_front_matter_comments_issue_pins_the_thread_without_search(gh: FakeGitHub) -> None:
    gh.add_issue("unrelated title")
    pinned = gh.add_issue("another title")
    gh.add_comment(pinned, "dave", "pinned comment")
    b = backend(gh)
    thread = await b.fetch_thread(post("pinned-post", comments_issue=pinned))
    await b.aclose()
    assert isinstance(thread, Thread) and [c.text for c in thread.comments] == ["pinned comment"]
    assert not any(r.path.startswith("/search/") for r in gh.requests)


async def test_a_pinned_issue_that_is_gone_says_so(gh: FakeGitHub) -> None:
    b = backend(gh)
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(post("ghost-post", comments_issue=42))
    await b.aclose()
    assert err.value.kind == "rejected" and "#42" in err.value.message and REPO in err.value.message


# -- comment fields ------------------------------------------------------------------------------


async def test_comment_fields_markdown_reactions_edits_and_deleted_users(gh: FakeGitHub) -> None:
    ref = post("fields")
    n = gh.add_issue(term(ref))
    c1 = gh.add_comment(
        n, "alice", "**Nice** post, see `code`", reactions={"+1": 3, "heart": 1, "-1": 2}
    )
    c2 = gh.add_comment(n, "ghosted", "from a deleted account")
    c2["user"] = None
    gh.edit_comment(c1["id"], "**Nice** post, see `code` (edited)")
    b = backend(gh)
    thread = await b.fetch_thread(ref)
    await b.aclose()
    assert isinstance(thread, Thread)
    first, second = thread.comments
    assert first.text == "**Nice** post, see `code` (edited)"  # Markdown source, as GitHub keeps it
    assert first.author == "alice" and first.website == "https://github.com/alice"
    assert first.likes == 4  # +1 and heart; -1 is not a like
    assert first.modified is not None and first.modified > first.created
    assert first.url.endswith(f"#issuecomment-{c1['id']}")
    assert second.author == "ghost"
    assert first.created == datetime.fromisoformat(c1["created_at"].replace("Z", "+00:00"))
    assert first.created.tzinfo == UTC


async def test_comments_are_fetched_100_per_page_following_link(gh: FakeGitHub) -> None:
    ref = post("long-thread")
    n = gh.add_issue(term(ref))
    for i in range(250):
        gh.add_comment(n, f"user{i % 7}", f"comment {i}")
    b = backend(gh)
    thread = await b.fetch_thread(ref)
    await b.aclose()
    assert isinstance(thread, Thread) and len(thread.comments) == 250
    pages = [r for r in gh.requests if r.path.endswith("/comments")]
    assert [r.query.get("per_page") for r in pages] == ["100", "100", "100"]
    assert [r.query.get("page", "1") for r in pages] == ["1", "2", "3"]
    assert pages[1].path.startswith("/repositories/")  # followed GitHub's own Link URLs


async def test_link_headers_never_lead_away_from_the_api(gh: FakeGitHub) -> None:
    ref = post("evil-link", comments_issue=gh.add_issue("evil-link"))
    items = [gh.add_comment(1, "mallory", f"c{i}") for i in range(3)]
    import json

    gh.fail_next(
        200,
        json.dumps(items),
        {
            "Link": '<http://203.0.113.9/steal?page=2>; rel="next"',
            "Content-Type": "application/json",
        },
    )
    b = backend(gh)
    thread = await b.fetch_thread(ref)
    await b.aclose()
    assert (
        isinstance(thread, Thread) and len(thread.comments) == 3
    )  # and no request to elsewhere (it would fail)


# -- polite sync ---------------------------------------------------------------------------------


async def test_second_sync_with_nothing_changed_sends_only_conditional_requests(
    gh: FakeGitHub, tmp_path: Path
) -> None:
    refs = [post(f"post-{i}") for i in range(5)]
    for i, ref in enumerate(refs[:4]):
        n = gh.add_issue(term(ref))
        for j in range(i * 60):  # 0, 60, 120 (two pages), 180 (two pages)
            gh.add_comment(n, "reader", f"{ref.slug} #{j}")
    gh.add_issue("a pull request", pull_request=True)

    async def sync(etags: dict[str, str | None]) -> dict[str, Thread | NotModified]:
        b = backend(
            gh, tmp_path
        )  # a new process each time: state only from the store and the cache dir
        counts = await b.counts(refs)
        assert counts == {r.key: i * 60 for i, r in enumerate(refs[:4])} | {refs[4].key: 0}
        out = {r.key: await b.fetch_thread(r, etag=etags.get(r.key)) for r in refs}
        await b.aclose()
        return out

    first = await sync({})
    assert all(isinstance(t, Thread) for t in first.values())
    assert not any(
        r.path.startswith("/search/") for r in gh.requests
    )  # the listing found every issue
    etags = {k: t.etag for k, t in first.items()}
    gh.requests.clear()
    used_before = gh.used["core"]
    second = await sync(etags)
    assert all(
        isinstance(t, NotModified) or (isinstance(t, Thread) and not t.comments)
        for t in second.values()
    )
    assert gh.requests, "the second sync asked nothing at all"
    assert all(r.conditional and r.status == 304 for r in gh.requests), [
        (r.path, r.status) for r in gh.requests if not r.conditional
    ]
    assert gh.used["core"] == used_before  # 304s with a token cost no quota


async def test_a_new_comment_on_a_full_page_is_noticed(gh: FakeGitHub) -> None:
    ref = post("exactly-100")
    n = gh.add_issue(term(ref))
    for j in range(100):
        gh.add_comment(n, "reader", f"#{j}")
    b = backend(gh)
    first = await b.fetch_thread(ref)
    assert isinstance(first, Thread)
    state = decode_state(first.etag)
    assert state is not None and len(state[1].urls) == 2  # page 2 (empty) is watched too
    gh.add_comment(n, "reader", "number 101")
    again = await b.fetch_thread(ref, etag=first.etag)
    await b.aclose()
    assert isinstance(again, Thread) and again.comments[-1].text == "number 101"


async def test_an_edit_is_noticed_by_the_conditional_fetch(gh: FakeGitHub) -> None:
    ref = post("edited")
    n = gh.add_issue(term(ref))
    c = gh.add_comment(n, "reader", "typo")
    b = backend(gh)
    first = await b.fetch_thread(ref)
    assert isinstance(first, Thread)
    gh.edit_comment(c["id"], "fixed")
    gh.requests.clear()
    again = await b.fetch_thread(ref, etag=first.etag)
    await b.aclose()
    assert isinstance(again, Thread) and again.comments[0].text == "fixed"
    assert [(r.conditional, r.status) for r in gh.requests] == [
        (True, 200)
    ]  # the changed page is not asked twice


async def test_rate_limit_stops_until_reset_and_says_when(gh: FakeGitHub) -> None:
    ref = post("limited")
    gh.add_comment(gh.add_issue(term(ref)), "reader", "hi")
    gh.exhaust("core")
    b = backend(gh, token="")
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(post("limited", comments_issue=1))
    assert err.value.kind == "rate-limited"
    assert err.value.retry_after is not None and 3500 < err.value.retry_after <= 3600
    reset = datetime.fromtimestamp(gh.reset_at, UTC).strftime("%H:%M UTC")
    assert reset in err.value.message and "GITHUB_TOKEN" in err.value.message
    sent = len(gh.requests)
    for _ in range(3):  # further calls do not even ask
        with pytest.raises(BackendError) as err:
            await b.fetch_thread(post("limited", comments_issue=1))
        assert err.value.kind == "rate-limited"
    assert len(gh.requests) == sent
    await b.aclose()


async def test_remaining_zero_on_a_good_answer_stops_the_next_request(gh: FakeGitHub) -> None:
    ref = post("last-one", comments_issue=gh.add_issue("last-one"))
    gh.limits["core"] = 1
    b = backend(gh)
    assert isinstance(await b.fetch_thread(ref), Thread)  # the last request of the hour works
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(post("other", comments_issue=1))
    assert err.value.kind == "rate-limited"
    assert len(gh.requests) == 1
    await b.aclose()


async def test_retry_after_of_a_secondary_limit_is_honoured(gh: FakeGitHub) -> None:
    ref = post("secondary", comments_issue=gh.add_issue("secondary"))
    gh.fail_next(
        403,
        gh.templates["errors"]["secondary_rate_limit"],
        {"Retry-After": "30", "Content-Type": "application/json"},
    )
    b = backend(gh)
    with pytest.raises(BackendError) as err:
        await b.fetch_thread(ref)
    assert (
        err.value.kind == "rate-limited"
        and err.value.retry_after is not None
        and 29 <= err.value.retry_after <= 30
    )
    with pytest.raises(BackendError):
        await b.fetch_thread(ref)
    assert len(gh.requests) == 1  # waited instead of asking again
    b._blocked.clear()  # ... 30 seconds later
    assert isinstance(await b.fetch_thread(ref), Thread)
    await b.aclose()


async def test_a_secondary_limit_without_retry_after_waits_a_minute_and_never_rejects_the_reply(
    gh: FakeGitHub,
) -> None:
    ref = post("busy", comments_issue=gh.add_issue("busy"))
    gh.fail_next(
        403, gh.templates["errors"]["secondary_rate_limit"], {"Content-Type": "application/json"}
    )
    b = backend(gh)
    with pytest.raises(BackendError) as err:
        await b.post_comment(ref, Draft(thread=ref.key, text="keep me"))
    await b.aclose()
    assert err.value.kind == "rate-limited"  # the outbox keeps it pending, not "rejected"
    assert err.value.retry_after is not None and 55 <= err.value.retry_after <= 60


# -- posting -------------------------------------------------------------------------------------


async def test_posting_without_a_token_is_a_config_error_and_sends_nothing(
    gh: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    ref = post("no-token", comments_issue=gh.add_issue("no-token"))
    b = backend(gh, token="")
    with pytest.raises(BackendError) as err:
        await b.post_comment(ref, Draft(thread=ref.key, text="hello"))
    await b.aclose()
    assert (
        err.value.kind == "config"
        and "GITHUB_TOKEN" in err.value.message
        and "outbox" in err.value.message
    )
    assert gh.requests == []


async def test_token_from_the_environment_is_used(
    gh: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", gh.token)
    ref = post("env-token", comments_issue=gh.add_issue("env-token"))
    b = backend(gh, token="")
    comment = await b.post_comment(ref, Draft(thread=ref.key, text="posted with the env token"))
    await b.aclose()
    assert comment.text == "posted with the env token"
    assert gh.requests[-1].headers["authorization"] == f"Bearer {gh.token}"


async def test_a_wrong_token_is_a_config_error(gh: FakeGitHub) -> None:
    ref = post("bad-token", comments_issue=gh.add_issue("bad-token"))
    b = backend(gh, token="ghp_wrong")
    with pytest.raises(BackendError) as err:
        await b.post_comment(ref, Draft(thread=ref.key, text="x"))
    await b.aclose()
    assert err.value.kind == "config" and "Bad credentials" in err.value.message


async def test_first_comment_opens_the_issue_the_way_utterances_does(gh: FakeGitHub) -> None:
    ref = post("fresh-post", "Fresh Post")
    b = create_backend(
        "github",
        {"repo": REPO, "api_url": gh.url, "token": gh.token, "label": "comments"},
        site_url="https://blog.example.org",
    )
    comment = await b.post_comment(ref, Draft(thread=ref.key, text="first!"))
    await b.aclose()
    issue = gh.issues[1]
    assert issue["title"] == term(ref)
    assert f"https://blog.example.org{ref.url}" in issue["body"]
    assert [lab["name"] for lab in issue["labels"]] == ["comments"]
    assert gh.comments[1][0]["id"] == int(comment.id)


async def test_a_reply_quotes_the_comment_it_answers_and_is_found_after_an_unknown_outcome(
    gh: FakeGitHub,
) -> None:
    ref = post("reply", comments_issue=gh.add_issue("reply"))
    parent = gh.add_comment(1, "reader", "Does this work on Windows?\nI tried it.")
    b = backend(gh)
    draft = Draft(
        thread=ref.key,
        text="Yes, since 2.0.",
        parent=str(parent["id"]),
        created=datetime.now(UTC),
    )
    mine = await b.post_comment(ref, draft)
    assert mine.text.startswith(
        "@reader wrote:\n> Does this work on Windows?"
    ) and mine.text.endswith("Yes, since 2.0.")
    thread = await b.fetch_thread(ref)
    assert isinstance(thread, Thread)
    found = b.find_posted(thread, draft)
    assert found is not None and found.id == mine.id
    await b.aclose()


QUOTES = [
    (
        "a paragraph then a code block",
        "Try this:\n```python\nprint(1)\n```\n\nAnd then tell me.",
        "> Try this:\n> ```python\n> print(1)\n> ```",
    ),
    (
        "a code block first",
        "~~~\nmake install\n\nmake test\n~~~\nworks?",
        "> ~~~\n> make install\n>\n> make test\n> ~~~\n> works?",
    ),
    (
        "a code block longer than a quote",
        "```\n" + "\n".join(f"line {i}" for i in range(40)) + "\n```",
        "> line 10\n> …\n> ```",
    ),
    ("a code block never closed", "```sh\nrm -rf build", "> ```sh\n> rm -rf build\n> ```"),
    ("a quote of a quote is left out", "> earlier words\n\nMy answer.", "> My answer."),
]


@pytest.mark.parametrize(("name", "text", "quoted"), QUOTES, ids=[q[0] for q in QUOTES])
async def test_a_reply_quotes_whole_markdown_blocks_never_half_a_fence(
    gh: FakeGitHub, name: str, text: str, quoted: str
) -> None:
    ref = post("fences", comments_issue=gh.add_issue("fences"))
    parent = gh.add_comment(1, "reader", text)
    b = backend(gh)
    mine = await b.post_comment(
        ref, Draft(thread=ref.key, text="My reply.", parent=str(parent["id"]))
    )
    await b.aclose()
    posted = gh.comments[1][-1]["body"]
    assert posted == mine.text or mine.text in posted
    head, _, reply = posted.partition("\n\n")
    assert head.startswith("@reader wrote:\n") and head.endswith(quoted) and reply == "My reply."
    fences = [ln for ln in head.splitlines() if ln.lstrip("> ").startswith(("```", "~~~"))]
    assert len(fences) % 2 == 0  # every fence the quote opens, it closes


async def test_a_locked_issue_rejects_the_reply_with_githubs_reason(gh: FakeGitHub) -> None:
    ref = post("locked", comments_issue=gh.add_issue("locked"))
    gh.issues[1]["locked"] = True
    b = backend(gh)
    with pytest.raises(BackendError) as err:
        await b.post_comment(ref, Draft(thread=ref.key, text="x"))
    await b.aclose()
    assert err.value.kind == "rejected" and "locked" in err.value.message


# -- garbage -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, body, ctype, kind",
    [
        (200, "<html><body>Service Unavailable</body></html>", "text/html", "server"),
        (200, '{"message": "not a list"}', "application/json", "server"),
        (200, '[1, 2, {"id": "x"}]', "application/json", None),  # wrong types: skipped, no crash
        (500, '{"message": "Server Error"}', "application/json", "server"),
        (404, '{"message": "Not Found"}', "application/json", "rejected"),
    ],
)
async def test_garbage_answers_are_clear_errors(
    gh: FakeGitHub, status: int, body: str, ctype: str, kind: str | None
) -> None:
    ref = post("garbage", comments_issue=gh.add_issue("garbage"))
    gh.fail_next(status, body, {"Content-Type": ctype})
    b = backend(gh)
    if kind is None:
        thread = await b.fetch_thread(ref)
        assert isinstance(thread, Thread) and thread.comments == []
    else:
        with pytest.raises(BackendError) as err:
            await b.fetch_thread(ref)
        assert err.value.kind == kind
    await b.aclose()


def test_config_errors_are_values() -> None:
    with pytest.raises(BackendError) as err:
        create_backend("github", {"backend": "github"}, cache_dir=None)
    assert err.value.kind == "config" and "owner/name" in err.value.message
    with pytest.raises(BackendError) as err:
        create_backend("github", {"repo": "a/b", "issue_term": "slug"}, cache_dir=None)
    assert err.value.kind == "config" and "pathname" in err.value.message
    with pytest.raises(BackendError) as err:
        create_backend("github", {"repo": "a/b", "api_url": "api.github.com"}, cache_dir=None)
    assert err.value.kind == "config" and "api_url" in err.value.message


def test_a_damaged_etag_is_ignored() -> None:
    assert decode_state('gh1 {"n": "x"}') is None
    assert decode_state("gh1 {not json") is None
    assert decode_state('W/"abc"') is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from blogtui.comments.github_data import to_comment  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.integers() | st.text(max_size=5),
            "created_at": st.sampled_from(["2024-01-01T00:00:00Z", "yesterday", ""])
            | st.text(max_size=5),
            "updated_at": _json,
            "user": _json,
            "body": st.text() | _json,
            "reactions": _json,
            "html_url": _json,
        },
    )
)
def test_any_json_is_a_comment_or_nothing_never_a_crash(item: dict) -> None:
    c = to_comment(item, "k")
    if c is not None:
        assert isinstance(c.text, str) and "\x1b" not in c.text and c.created.tzinfo is not None
