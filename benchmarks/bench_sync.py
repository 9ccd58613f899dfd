"""Sync benchmark: 1,000 posts and 20,000 comments on a local Isso 0.14.

    /work/venv/bin/python benchmarks/bench_sync.py [--posts 1000] [--comments 20000] [--concurrency 4]

Isso creates its own database; the comments are then written straight into it with Isso's schema
(posting 20,000 comments through the API would take minutes and measure Isso, not us): every
post gets comments, a third of them replies to a top-level comment, realistic Markdown text.
Prints the time of a first sync (empty store), a second sync with nothing changed, and a sync
after one new comment.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.support.isso_server import IssoServer  # noqa: E402

from blogtui.comments.isso import IssoBackend  # noqa: E402
from blogtui.comments.model import ThreadRef  # noqa: E402
from blogtui.comments.store import CommentStore  # noqa: E402
from blogtui.comments.sync import SyncEngine, SyncPolicy  # noqa: E402

WORDS = "the a blog post theme jekyll markdown terminal comment reply thanks great idea but however code python rust".split()


def seed(db: Path, posts: int, comments: int, rng: random.Random) -> list[str]:
    from isso.utils import Bloomfilter

    keys = [
        f"/blog/{2000 + i // 365}/{i % 12 + 1:02d}/{i % 28 + 1:02d}/post-{i}.html"
        for i in range(posts)
    ]
    con = sqlite3.connect(db)
    voters = memoryview(Bloomfilter(iterable=["127.0.0.1"]).array)
    with con:
        con.executemany(
            "INSERT INTO threads(id, uri, title) VALUES (?,?,?)",
            [(i + 1, k, f"Post {i}") for i, k in enumerate(keys)],
        )
        rows = []
        tops: dict[int, list[int]] = {}
        now = time.time() - 86400 * 30
        for cid in range(1, comments + 1):
            tid = (cid - 1) % posts + 1
            parent = rng.choice(tops[tid]) if tops.get(tid) and rng.random() < 0.33 else None
            if parent is None:
                tops.setdefault(tid, []).append(cid)
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 80)))
            rows.append(
                (
                    tid,
                    cid,
                    parent,
                    now + cid,
                    None,
                    1,
                    "127.0.0.1",
                    f"**{text[:20]}** {text}",
                    f"Reader {cid % 97}",
                    None,
                    None,
                    0,
                    0,
                    voters,
                    0,
                )
            )
        con.executemany("INSERT INTO comments VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()
    return keys


async def timed_sync(
    server: IssoServer, store: CommentStore, refs: list[ThreadRef], concurrency: int
) -> tuple[float, float, object]:
    backend = IssoBackend(server.url, timeout=30, concurrency=concurrency)
    try:
        t = time.perf_counter()
        cpu = time.process_time()
        report = await SyncEngine(backend, store, SyncPolicy(concurrency=concurrency)).sync(refs)
        return time.perf_counter() - t, time.process_time() - cpu, report
    finally:
        await backend.aclose()


def main() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--comments", type=int, default=20000)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument(
        "--index",
        action="store_true",
        help="add an index on comments(tid, parent) to Isso's database (Isso 0.14 has none)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        server = IssoServer(tmpdir / "isso")
        server.start()  # Isso creates its schema
        server.stop()
        t = time.perf_counter()
        keys = seed(server.db, args.posts, args.comments, random.Random(42))
        if args.index:
            with sqlite3.connect(server.db) as con:
                con.execute("CREATE INDEX IF NOT EXISTS bench_tid ON comments(tid, parent)")
        print(
            f"seeded {args.posts} posts, {args.comments} comments in {time.perf_counter() - t:.1f} s"
        )
        server.start()
        refs = [ThreadRef(k, title=f"Post {i}") for i, k in enumerate(keys)]
        try:
            with CommentStore(tmpdir / "cache", tmpdir / "data") as store:
                for label in ("first sync (empty store)", "second sync (nothing changed)"):
                    seconds, cpu, report = asyncio.run(
                        timed_sync(server, store, refs, args.concurrency)
                    )
                    print(
                        f"{label}: {seconds:.2f} s (blogtui CPU {cpu:.2f} s)  fetched={report.fetched} unchanged={report.unchanged} failed={len(report.failed)}"
                    )  # type: ignore[attr-defined]
                server.post(keys[7], "one new comment", title="Post 7")
                seconds, cpu, report = asyncio.run(
                    timed_sync(server, store, refs, args.concurrency)
                )
                print(f"sync after one new comment: {seconds:.2f} s  fetched={report.fetched}")  # type: ignore[attr-defined]
                stored = sum(store.counts().values())
                print(
                    f"stored comments: {stored}; cache file {store.cache_path.stat().st_size / 1e6:.1f} MB"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
