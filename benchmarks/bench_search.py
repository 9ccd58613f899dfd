"""Full-text search (SQLite FTS5, trigram) on a generated blog: index, re-index, queries.

    python benchmarks/bench_search.py [--posts 10000]

Data: benchmarks/longtags.py (bodies of 1.5-5 KB, 20-60 tags, one post in 20 in Russian,
Japanese or Chinese), written to a temp folder. Timed:
- first index: FullTextIndex.update() on an empty cache (every file read and indexed);
- unchanged re-index: update() again (only (mtime, size) compared);
- one changed file: update() after touching one post;
- queries: a word, a phrase, title:, tag:, Japanese (3 and 2 characters), a miss.
Baselines measured in the same run: reading every file (the I/O floor of a first index), and
``grep -ril`` over the folder for the query words (what a user would do without an index).
Goals: first index <= 15 s, unchanged re-index <= 0.5 s, a query <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

from longtags import write_blog  # noqa: E402

from blogtui.blog.fulltext import FullTextIndex  # noqa: E402
from blogtui.blog.index import load_index  # noqa: E402
from blogtui.blog.site import open_site  # noqa: E402

QUERIES = [
    "latency",
    '"connection pool"',
    "title:kafka",
    "tag:design-python",
    "データベース",
    "接続",
    "nothingmatchesthis",
]


def seconds(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        blog = Path(tmp) / "blog"
        paths = write_blog(blog, args.posts)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        index = load_index(open_site(blog))
        print(f"{len(index.posts):,} posts, {mb:.1f} MB")
        read_all = seconds(lambda: [p.read_bytes() for p in paths])
        with FullTextIndex(Path(tmp) / "cache", blog) as fts:
            first = seconds(lambda: fts.update(index.posts))
            again = seconds(lambda: fts.update(index.posts))
            os.utime(paths[5], ns=(1, 1))
            index = load_index(open_site(blog))
            one = seconds(lambda: fts.update(index.posts))
            print(f"read every file (I/O floor):  {read_all:7.2f} s")
            print(
                f"first index:                  {first:7.2f} s  = {first / read_all:.0f}x reading"
                f" the files; goal 15 s: {first / 15:.2f}x"
            )
            print(f"unchanged re-index:           {again:7.3f} s  goal 0.5 s: {again / 0.5:.2f}x")
            print(f"one file changed:             {one:7.3f} s")
            print(f"\n{'query':<24} {'hits':>5} {'ms':>7} {'grep -ril ms':>13} {'grep/ours':>10}")
            for q in QUERIES:
                fts.search(q)  # warm
                best = min(seconds(lambda q=q: fts.search(q, limit=20)) for _ in range(3))
                hits = len(fts.search(q, limit=20))
                word = q.split(":")[-1].strip('"')
                grep = seconds(
                    lambda w=word: subprocess.run(
                        ["grep", "-ril", "--", w, str(blog)], capture_output=True, check=False
                    )
                )
                print(
                    f"{q:<24} {hits:>5} {best * 1000:7.1f} {grep * 1000:13.0f} {grep / best:9.0f}x"
                )


if __name__ == "__main__":
    main()
