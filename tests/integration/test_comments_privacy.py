"""Nothing about drafts or unpublished posts reaches a comment server unless that post is asked
for, whoever syncs (`blogtui sync`, the reader's background sync); and `blogtui sync`'s counts
are the threads the server was asked about. A real Isso behind a recording proxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import write_post
from tests.support.fault_server import FaultServer
from tests.support.isso_server import IssoServer

from blogtui.blog.index import load_index
from blogtui.blog.site import open_site
from blogtui.cli import main
from blogtui.comments.model import Draft
from blogtui.comments.service import CommentsService, ref_for
from blogtui.comments.store import CommentStore
from blogtui.config import load_settings

pytestmark = pytest.mark.integration
PUBLIC = ["/2021/01/01/one.html", "/2021/01/02/two.html", "/2021/01/03/three.html"]
SECRET_WORDS = ("secret-draft", "not-yet", "scheduled")


@pytest.fixture(scope="module")
def isso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssoServer]:
    with IssoServer(tmp_path_factory.mktemp("isso")) as server:
        server.post(PUBLIC[0], "first!", author="Ann", title="One")
        server.post(PUBLIC[0], "second", author="Bob", title="One")
        yield server


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    for day, slug in ((1, "one"), (2, "two"), (3, "three")):
        write_post(root, f"2021-01-0{day}-{slug}.md", f"---\ntitle: {slug}\n---\nbody\n")
    write_post(root, "_drafts/secret-draft.md", "---\ntitle: Secret draft\n---\nbody\n")
    write_post(root, "2021-02-01-not-yet.md", "---\ntitle: Not yet\npublished: false\n---\nx\n")
    write_post(root, "2099-01-01-scheduled.md", "---\ntitle: Scheduled\n---\nbody\n")
    return root


@pytest.fixture
def proxy(isso: IssoServer) -> Iterator[FaultServer]:
    with FaultServer(lambda r: None, upstream=isso.url) as server:
        yield server


def configure(isolated_dirs: dict[str, Path], url: str) -> None:
    cfg = isolated_dirs["config"] / "blogtui" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'[comments]\nurl = "{url}"\ntimeout = 5\n', encoding="utf-8")


def leaked(server: FaultServer) -> list[str]:
    """Every request that names a draft or an unpublished post (query or body)."""
    return [
        f"{r.method} {r.path} {r.query} {r.body[:200]!r}"
        for r in server.requests
        if any(w in str(r.query) or w.encode() in r.body for w in SECRET_WORDS)
    ]


def draft_key(blog: Path, slug: str) -> str:
    settings = load_settings()
    index = load_index(open_site(blog), settings.cache_dir, include_drafts=True)
    return next(p.thread_key for p in index.posts if p.slug == slug)


def test_blogtui_sync_asks_only_about_published_posts_and_counts_what_it_asked(
    blog: Path,
    proxy: FaultServer,
    isolated_dirs: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(isolated_dirs, proxy.url)
    secret = draft_key(blog, "secret-draft")
    with CommentStore.from_settings(load_settings()) as store:
        store.add_draft(Draft(thread=secret, text="a reply on my own draft", title="Secret draft"))
    assert main(["sync", str(blog)]) == 1  # the reply on the draft is still waiting
    out, err = capsys.readouterr()
    assert leaked(proxy) == []
    [count] = [r for r in proxy.requests if r.path == "/count"]
    assert sorted(count.json()) == PUBLIC  # asked about exactly the published posts
    fetched = [r.query["uri"] for r in proxy.requests if r.method == "GET"]
    assert fetched == [PUBLIC[0]]  # only the thread with comments was fetched
    assert out.startswith(
        "synced isso: 3 threads (1 fetched, 2 unchanged, 0 failed); 2 new comments; "
        "3 drafts/unpublished not asked about"
    )
    assert f"not posted\treply #1 on {secret}\twaiting: " in err and "draft" in err


def test_the_readers_background_sync_never_names_a_draft(
    blog: Path, proxy: FaultServer, isolated_dirs: dict[str, Path]
) -> None:
    """The reader hands every post of its index (drafts too) to the service: the core filters."""
    configure(isolated_dirs, proxy.url)
    settings = load_settings()
    site = open_site(blog)
    index = load_index(site, settings.cache_dir, include_drafts=True)
    service = CommentsService(settings, site=site)
    try:
        report = service.sync_all([ref_for(p) for p in index.posts])
        assert report.ok and report.threads == 3 and report.private == 3
        assert leaked(proxy) == []
        # opening a draft and asking for its comments is the one request that may name it
        draft = next(p for p in index.posts if p.slug == "secret-draft")
        assert service.sync_thread(ref_for(draft)).ok
        assert len(leaked(proxy)) == 1
    finally:
        service.close()
