"""A thread of 100,000 comments from the cache to display rows: load, flatten, peak memory.

    .venv/bin/python benchmarks/bench_thread_tree.py [--comments 100000]

Two shapes: a reply chain as deep as the thread (the hostile case: recursion would die) and a
bushy thread (every comment replies to one of the previous ones). The baseline, measured in the
same run, is loading the same thread from the store; the numbers are the flattening's time as a
ratio of it and the peak memory (tracemalloc) of load + flatten.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from blogtui.comments.model import Comment, Thread  # noqa: E402
from blogtui.comments.store import CommentStore  # noqa: E402
from blogtui.comments.tree import display_rows  # noqa: E402

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def thread(n: int, deep: bool) -> Thread:
    rng = random.Random(7)
    comments = [
        Comment(
            id=str(i),
            thread="/t.html",
            parent=(str(i - 1) if deep else str(rng.randrange(i))) if i else None,
            author=f"user{i % 50}",
            text=f"comment {i} " * 8,
            created=T0 + timedelta(seconds=i),
        )
        for i in range(n)
    ]
    return Thread("/t.html", comments)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--comments", type=int, default=100_000)
    n = ap.parse_args().comments
    for shape, deep in (("chain", True), ("bushy", False)):
        with tempfile.TemporaryDirectory() as tmp:
            with CommentStore(Path(tmp) / "c", Path(tmp) / "d") as store:
                store.replace_thread(thread(n, deep), count=n)
            with CommentStore(Path(tmp) / "c", Path(tmp) / "d") as store:
                tracemalloc.start()
                t0 = time.perf_counter()
                loaded = store.load_thread("/t.html")
                t1 = time.perf_counter()
                rows = display_rows(loaded.comments)
                t2 = time.perf_counter()
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        depth = max(d for _, d in rows)
        print(
            f"{shape:5} {n:,} comments (depth {depth:,}): load {t1 - t0:.2f} s (baseline), "
            f"flatten {t2 - t1:.2f} s = {(t2 - t1) / (t1 - t0):.2f}x the load; "
            f"peak {peak / 2**20:.0f} MB"
        )


if __name__ == "__main__":
    main()
