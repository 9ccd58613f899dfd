"""`blogtui sync` end to end with the GitHub, Mastodon and Staticman backends.

The same command, store and outbox as with Isso; only ``[comments] backend`` changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.support.fake_github import FakeGitHub

from blogtui.cli import main
from blogtui.comments.model import Draft
from blogtui.comments.store import CommentStore
from blogtui.config import load_settings

SEED = "2020-10-25-introduction-to-the-blog-theme.md"
KEY = "/jekyll/update/2020/10/25/introduction-to-the-blog-theme.html"


def configure(isolated_dirs: dict[str, Path], text: str) -> None:
    cfg = isolated_dirs["config"] / "blogtui" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(text, encoding="utf-8")


def stored(key: str = KEY) -> list[str]:
    with CommentStore.from_settings(load_settings()) as store:
        return [c.text for c in store.load_thread(key).comments]


def queue_reply(text: str, parent: str | None = None) -> None:
    with CommentStore.from_settings(load_settings()) as store:
        store.add_draft(
            Draft(thread=KEY, text=text, parent=parent, author="Blogger", title="Introduction")
        )


# -- Staticman: the default for the sample blog ----------------------------------------------


def test_sync_with_nothing_configured_reads_the_sites_own_comments(
    sample_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", str(sample_blog)]) == 0
    assert capsys.readouterr().out.startswith("synced staticman: ")
    texts = stored()
    assert len(texts) >= 3 and any("High Performance Django" in t for t in texts)
    folder = sample_blog / "_data" / "comments" / "introduction-to-the-blog-theme"
    before = set(folder.iterdir())
    queue_reply("Thanks everyone!")
    assert main(["sync", str(sample_blog)]) == 0
    assert "1 reply posted" in capsys.readouterr().out
    new = set(folder.iterdir()) - before
    assert len(new) == 1 and "Thanks everyone!" in new.pop().read_text("utf-8")
    assert stored()[-1] == "Thanks everyone!"
    assert main(["sync", str(sample_blog)]) == 0  # and nothing is posted twice
    assert len(set(folder.iterdir()) - before) == 1


def test_a_broken_comment_file_is_named_and_the_rest_syncs(
    sample_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample_blog / "_data" / "comments" / "introduction-to-the-blog-theme"
    (folder / "entry9999999999999.yml").write_bytes(b"name: [unclosed\nmessage: \xff\n")
    assert (
        main(["sync", str(sample_blog)]) == 0
    )  # a warning, not a failure: the other comments are there
    err = capsys.readouterr().err
    assert f"warning\t{KEY}: entry9999999999999.yml" in err and "skipped" in err
    assert len(stored()) >= 3


# -- GitHub: the fake API ------------------------------------------------------------------------


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    server = FakeGitHub("octo/blog-comments").start()
    yield server
    server.stop()


def test_sync_with_github_then_a_second_sync_sends_only_conditional_requests(
    gh: FakeGitHub,
    sample_blog: Path,
    isolated_dirs: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    number = gh.add_issue("jekyll/update/2020/10/25/introduction-to-the-blog-theme")
    gh.add_comment(number, "reader", "Which theme is this? \x1b[31m[/]")
    configure(
        isolated_dirs,
        f'[comments]\nbackend = "github"\nrepo = "octo/blog-comments"\napi_url = "{gh.url}"\ntoken = "{gh.token}"\ntimeout = 2\n',
    )
    assert main(["sync", str(sample_blog)]) == 0
    assert "synced github: " in capsys.readouterr().out
    assert stored() == ["Which theme is this? [/]"]
    gh.requests.clear()
    assert main(["sync", str(sample_blog), "--force"]) == 0  # --force: every thread is asked again
    assert gh.requests and all(r.conditional and r.status == 304 for r in gh.requests), [
        (r.method, r.path, r.status) for r in gh.requests
    ]
    gh.add_comment(number, "reader2", "A new one")
    assert main(["sync", str(sample_blog)]) == 0
    assert stored()[-1] == "A new one"


def test_github_replies_wait_in_the_outbox_without_a_token(
    gh: FakeGitHub,
    sample_blog: Path,
    isolated_dirs: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    gh.add_issue("jekyll/update/2020/10/25/introduction-to-the-blog-theme")
    configure(
        isolated_dirs,
        f'[comments]\nbackend = "github"\nrepo = "octo/blog-comments"\napi_url = "{gh.url}"\ntimeout = 2\n',
    )
    queue_reply("my reply")
    assert main(["sync", str(sample_blog)]) == 1
    err = capsys.readouterr().err
    assert "not posted" in err and "GITHUB_TOKEN" in err
    with CommentStore.from_settings(load_settings()) as store:
        assert [d.text for d in store.drafts()] == ["my reply"]  # kept, with its reason
    assert "refused" not in err and "rejected" not in err  # GitHub never saw it
    monkeypatch.setenv("GITHUB_TOKEN", gh.token)  # the user fixes the configuration: that is all
    assert main(["sync", str(sample_blog)]) == 0
    assert "1 reply posted" in capsys.readouterr().out
    assert [c["body"] for c in gh.comments[1]] == ["my reply"]


def test_github_rate_limit_stops_the_sync_with_the_reset_time(
    gh: FakeGitHub,
    sample_blog: Path,
    isolated_dirs: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    configure(
        isolated_dirs,
        f'[comments]\nbackend = "github"\nrepo = "octo/blog-comments"\napi_url = "{gh.url}"\ntimeout = 2\n',
    )
    gh.add_issue("jekyll/update/2020/10/25/introduction-to-the-blog-theme")
    gh.exhaust("core")
    assert main(["sync", str(sample_blog)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("sync github: server rate-limited: GitHub API rate limit reached")
    assert "UTC" in out and "failed" not in out + err and "offline" not in out + err
    assert len(gh.requests) == 1  # asked once (the listing), then stopped instead of hammering


# -- Mastodon: a real mastodon-mock ------------------------------------------------------------


def test_sync_with_mastodon_reads_the_replies_to_the_linked_toot(
    sample_blog: Path, isolated_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from mastodon_mock.testing.server import MockServer

    with MockServer() as server, httpx.Client(base_url=server.base_url) as api:
        auth = lambda who: {"Authorization": f"Bearer {who}_token"}  # noqa: E731
        root = api.post(
            "/api/v1/statuses", json={"status": "New post!"}, headers=auth("alice")
        ).json()
        reply = api.post(
            "/api/v1/statuses",
            json={"status": "@alice nice read", "in_reply_to_id": root["id"]},
            headers=auth("bob"),
        ).json()
        post = sample_blog / SEED
        post.write_text(
            post.read_text("utf-8").replace(
                "---\n", f"---\nmastodon: {server.base_url}/@alice/{root['id']}\n", 1
            ),
            "utf-8",
        )
        configure(
            isolated_dirs, '[comments]\nbackend = "mastodon"\ntoken = "alice_token"\ntimeout = 2\n'
        )
        assert main(["sync", str(sample_blog)]) == 0
        assert "synced mastodon: " in capsys.readouterr().out
        assert stored() == ["@alice nice read"]
        queue_reply("Thank you!", parent=reply["id"])
        assert main(["sync", str(sample_blog)]) == 0
        assert stored()[-1] == "@bob Thank you!"
