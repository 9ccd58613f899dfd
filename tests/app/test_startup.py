"""Start-up as a reader sees it: the list comes from the cache at once, even while the blog's files
are slow to check; what changed since then updates it in place; a cache that cannot be used is
read past without a word (the files are read as on a first start)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from tests.conftest import write_post
from tests.support.pilot import settle
from textual.widgets import Static

from blogtui.blog import index_cache
from blogtui.blog.index import Index, load_index
from blogtui.blog.index_snapshot import SnapshotLoad, cached_index
from blogtui.blog.site import open_site
from blogtui.config import load_settings
from blogtui.tui.app import BlogApp
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList

SIZE = (120, 40)


def make_blog(root: Path) -> Path:
    for i in range(6):
        write_post(
            root,
            f"_posts/2021-03-{i + 1:02d}-post-{i}.md",
            f"---\ntitle: Post number {i}\ntags: [t{i % 2}]\n---\nbody {i}\n",
        )
    return root


def listed(app: BlogApp) -> list[str]:
    return [p.title for p in app.screen.query_one(PostList).listed_posts()]


def status(app: BlogApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def header(app: BlogApp) -> str:
    return str(app.screen.query_one(PostHeader).render())


class SlowDisk:
    """The app's scan (the stat of every file) held until ``release``: a slow disk."""

    def __init__(self, app: BlogApp) -> None:
        self.started = threading.Event()
        self.go = threading.Event()
        scan = app.build_index

        def slow() -> Index:
            self.started.set()
            assert self.go.wait(30)
            return scan()

        app.build_index = slow  # type: ignore[method-assign]

    def release(self) -> None:
        self.go.set()


async def warm_start(root: Path) -> None:
    app = BlogApp(settings=load_settings(), blog_path=root)
    async with app.run_test(size=SIZE) as pilot:  # fills the index cache, as every run does
        await settle(pilot)


async def test_the_list_is_on_screen_from_the_cache_while_the_files_are_slow_to_check(
    tmp_path: Path,
) -> None:
    root = make_blog(tmp_path / "blog")
    await warm_start(root)
    # since the last run: a post renamed, one added, one deleted
    write_post(root, "_posts/2021-03-02-post-1.md", "---\ntitle: Renamed one\n---\nx\n")
    write_post(root, "_posts/2021-04-01-new.md", "---\ntitle: Brand new\n---\nnew\n")
    (root / "_posts/2021-03-03-post-2.md").unlink()

    app = BlogApp(settings=load_settings(), blog_path=root)
    disk = SlowDisk(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # the first frame already has what the cache held, and the newest post open
        assert listed(app)[0] == "Post number 5" and "Post number 2" in listed(app)
        assert "Post number 5" in header(app)
        assert "6 posts" in status(app) and "checking for changes…" in status(app)
        for _ in range(200):  # the files are being checked meanwhile, in a worker
            if disk.started.is_set():
                break
            await pilot.pause(0.05)
        assert disk.started.is_set()
        assert "checking for changes…" in status(app)
        disk.release()
        await settle(pilot)
        titles = listed(app)
        assert titles[0] == "Brand new" and "Renamed one" in titles  # updated in place
        assert "Post number 1" not in titles and "Post number 2" not in titles
        assert "Post number 5" in header(app)  # the post open stays open
        assert "checking" not in status(app) and "6 posts" in status(app)


async def test_the_post_chosen_meanwhile_stays_chosen_when_the_check_ends(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    await warm_start(root)
    app = BlogApp(settings=load_settings(), blog_path=root)
    disk = SlowDisk(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")  # while the files are checked
        await pilot.pause()
        assert "Post number 3" in header(app)
        disk.release()
        await settle(pilot)
        assert "Post number 3" in header(app)
        chosen = app.screen.query_one(PostList).current_post
        assert chosen is not None and chosen.title == "Post number 3"


def damage_cache(root: Path, how: str) -> None:
    f = index_cache.cache_path(Path(load_settings().cache_dir), open_site(root).root)
    assert f.is_file(), "the first run wrote no index cache"
    if how == "garbage":
        f.write_bytes(b"\x00\xff{not json")
    elif how == "truncated":
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    elif how == "old code":
        data = json.loads(f.read_bytes())
        data["code"] = "0" * 16  # written by another version of the reading rules
        f.write_text(json.dumps(data))
    elif how == "wrong shapes":
        data = json.loads(f.read_bytes())
        data["entries"] = {key: [1, "x", [], 7] for key in data["entries"]}
        f.write_text(json.dumps(data))


async def test_a_damaged_or_old_cache_is_read_past_without_a_word(tmp_path: Path) -> None:
    for how in ("garbage", "truncated", "old code", "wrong shapes"):
        root = make_blog(tmp_path / how / "blog")
        await warm_start(root)
        damage_cache(root, how)
        app = BlogApp(settings=load_settings(), blog_path=root)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert listed(app)[0] == "Post number 5", how
            assert "Post number 5" in header(app), how
            assert "checking" not in status(app) and "6 posts" in status(app), how
            assert not [n for n in app._notifications if n.severity == "error"], how


def test_the_snapshot_load_gives_the_cache_once_and_nothing_when_it_cannot(
    tmp_path: Path,
) -> None:
    root = make_blog(tmp_path / "blog")
    site = open_site(root)
    cache = tmp_path / "cache"
    assert SnapshotLoad(site, cache).result(10) is None  # no cache yet
    scanned = load_index(site, cache)
    load = SnapshotLoad(site, cache)
    snap = load.result(10)
    assert snap is not None and [p.title for p in snap.posts] == [p.title for p in scanned.posts]
    assert load.result(10) is None  # a first paint's: not served twice
    index_cache.cache_path(cache, site.root).write_bytes(b"[")
    assert SnapshotLoad(site, cache).result(10) is None
    assert cached_index(site, tmp_path / "no-such-dir") is None
