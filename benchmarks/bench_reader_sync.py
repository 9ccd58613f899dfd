"""Does the reader stay responsive while the background sync runs? 1,000 posts, 20,000 comments
on a local Isso 0.14, an empty comment store: the reader's first background sync fetches them all
while keys are pressed.

    /work/venv/bin/python benchmarks/bench_reader_sync.py [--posts 1000] [--comments 20000]

Prints the background sync's duration and the latency of key presses made during it (``c``, which
re-lays out the content column: press -> handled, as Pilot sees it), against the same keys with
no sync running.

Measured here (2 cores, Isso 0.14 without an index, Pilot at 120x40): the background sync took
46-70 s (the server's time: bench_sync.py's headless first sync takes 49 s, of which 4.5 s is
blogtui's CPU); `c` answered in a median 253 ms idle and 407 ms during that sync (p95 868 ms,
max 1.1 s): the sync runs in a thread, so keys are never queued behind the network, but the
thread's JSON/SQLite work shares the GIL with the UI. A sync with nothing changed takes 0.06 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

from bench_sync import seed  # noqa: E402
from tests.support.isso_server import IssoServer  # noqa: E402


async def presses(pilot, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        await pilot.press("c")
        out.append(time.perf_counter() - t)
        await asyncio.sleep(0.02)
    return out


def summary(values: list[float]) -> str:
    values = sorted(values)
    return f"n={len(values)} median {statistics.median(values) * 1000:.1f} ms, p95 {values[int(len(values) * 0.95) - 1] * 1000:.1f} ms, max {values[-1] * 1000:.1f} ms"


async def run(blog: Path, url: str) -> None:
    from blogtui.config import Settings
    from blogtui.tui.app import BlogApp

    app = BlogApp(
        settings=Settings(
            comments={"backend": "isso", "url": url, "timeout": 30, "sync_interval": 0}
        ),
        blog_path=blog,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while getattr(app.screen, "index", None) is None:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()  # the open post's own sync
        idle = await presses(pilot, 30)
        from blogtui.tui.screens.reader import ReaderScreen

        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        started = time.perf_counter()
        screen.comments.background_tick()  # the first background sync, now (sync_interval = 0: no timer)
        busy: list[float] = []
        while (
            any(w.group == "comments-background" and not w.is_finished for w in screen.workers)
            or not busy
        ):
            busy += await presses(pilot, 3)
        took = time.perf_counter() - started
        posts = screen.query_one("PostList")
        print(
            f"background sync of {len(screen.index.posts)} posts: {took:.2f} s (wall, keys pressed meanwhile)"
        )  # type: ignore[attr-defined]
        print(
            f"posts with a comment count in the list: {sum(1 for v in posts.comment_counts.values() if v)}"
        )  # type: ignore[attr-defined]
        print(f"key 'c' with no sync running:   {summary(idle)}")
        print(f"key 'c' during the sync:        {summary(busy)}")


def main() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--comments", type=int, default=20000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(tmpdir / name.lower())
        server = IssoServer(tmpdir / "isso")
        server.start()
        server.stop()
        keys = seed(server.db, args.posts, args.comments, random.Random(42))
        blog = tmpdir / "blog"
        blog.mkdir()
        for i, key in enumerate(keys):  # isso_id pins each post to its seeded thread
            (blog / f"2020-01-01-post-{i}.md").write_text(
                f"---\ntitle: Post {i}\nisso_id: {key}\n---\nBody {i}\n", encoding="utf-8"
            )
        server.start()
        try:
            asyncio.run(run(blog, server.url))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
