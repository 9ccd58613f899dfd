"""What following the disk costs: one post changed in a blog of 1,000 / 10,000 posts.

    python benchmarks/bench_follow.py [--sizes 1000 10000] [--repeat 5]

For each size, a synthetic blog (benchmarks/synth.py) is indexed, then one post is rewritten, and
three things are timed (best of ``--repeat``):
- read:     blog.follow.read_changes for that one path (the watcher thread's work);
- apply:    blog.follow.apply_changes (the event loop's work: splice and sort);
- rescan:   a warm BlogIndex.scan() (the yardstick: what a reload would cost, every file stat'ed).
The ratios (read + apply) / rescan are what matter: they hold on a loaded machine, where the
absolute times do not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import synth  # noqa: E402

from blogtui.blog import follow  # noqa: E402
from blogtui.blog.index import BlogIndex  # noqa: E402
from blogtui.blog.site import open_site  # noqa: E402


def best(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        blog = Path(tmp) / "blog"
        paths = synth.generate(blog, n)
        builder = BlogIndex(open_site(blog), Path(tmp) / "cache")
        index = builder.scan()
        builder.scan()  # the cache is warm
        target = paths[len(paths) // 2]
        target.write_text(target.read_text("utf-8").replace("title:", "title: Changed", 1))
        changes = follow.read_changes(builder, [target])
        read = best(repeat, lambda: follow.read_changes(builder, [target]))
        apply = best(repeat, lambda: follow.apply_changes(index, changes))
        rescan = best(repeat, builder.scan)
        print(
            f"{n:>6} posts  read {read * 1e3:7.2f} ms  apply {apply * 1e3:7.2f} ms  "
            f"warm rescan {rescan * 1e3:8.2f} ms  (read+apply)/rescan {(read + apply) / rescan:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for n in args.sizes:
        run(n, args.repeat)


if __name__ == "__main__":
    main()
