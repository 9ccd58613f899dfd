"""How long BlogIndex.scan() takes on a synthetic blog, cold and warm. One command, prints numbers.

    python benchmarks/bench_index_scan.py                      # 1,000 and 10,000 posts, best of 5
    python benchmarks/bench_index_scan.py --sizes 10000 --repeat 3
    python benchmarks/bench_index_scan.py --profile warm       # cProfile of one warm scan (10,000)

For each size it prints the wall time and µs per post of:
- stat:  a bare ``os.stat`` of every post file (the floor a warm start can get close to);
- cold:  scan() with an empty cache dir (front matter read and parsed, posts built, cache written);
- warm:  scan() with the cache the cold scan wrote (nothing changed on disk);
- warm+1: warm, after one file changed (one post parsed again, the cache rewritten).
Each number (wall time, and the CPU time of this process) is the minimum of ``--repeat`` runs (the machine may be shared: the minimum is the least
disturbed run). The files are in the OS page cache in every case (they were just written).
The blog comes from benchmarks/synth.py (deterministic for a seed).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import synth  # noqa: E402

from blogtui.blog.index import BlogIndex  # noqa: E402
from blogtui.blog.site import open_site  # noqa: E402


def _stat_all(paths: list[str]) -> None:
    for p in paths:
        os.stat(p)


def _best(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(best wall time, best CPU time of this process) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        c, t = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def bench(n: int, work: Path, repeat: int) -> None:
    blog = work / f"blog-{n}"
    if not blog.exists():
        synth.generate(blog, n)
    site = open_site(blog)
    files = [str(p) for p in blog.rglob("*.md")]
    cache = work / f"cache-{n}"

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        BlogIndex(site, cache).scan()

    def warm() -> None:
        scanner = BlogIndex(site, cache)
        scanner.scan()
        assert scanner.stats["parsed"] == 0, scanner.stats

    touched = Path(files[0])

    def warm_one() -> None:
        os.utime(touched)  # a new mtime: that one post is parsed again
        scanner = BlogIndex(site, cache)
        scanner.scan()
        assert scanner.stats["parsed"] == 1, scanner.stats

    count = len(BlogIndex(site, None).scan().posts)
    t_stat = _best(lambda: _stat_all(files), repeat)
    t_cold = _best(cold, repeat)
    cold()
    t_warm = _best(warm, repeat)
    t_one = _best(warm_one, repeat)
    for label, (t, cpu) in (
        ("stat", t_stat),
        ("cold", t_cold),
        ("warm", t_warm),
        ("warm+1", t_one),
    ):
        print(
            f"{n:>7} {label:<7} {t * 1000:9.1f} ms {t / count * 1e6:8.1f} µs/post   cpu {cpu / count * 1e6:8.1f} µs/post"
        )


def profile(n: int, work: Path, which: str) -> None:
    blog = work / f"blog-{n}"
    if not blog.exists():
        synth.generate(blog, n)
    site = open_site(blog)
    cache = work / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    if which == "warm":
        BlogIndex(site, cache).scan()
    prof = cProfile.Profile()
    prof.enable()
    BlogIndex(site, cache).scan()
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description="BlogIndex.scan() cold and warm")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep generated blogs here (default: a temp dir)")
    parser.add_argument(
        "--profile", choices=["cold", "warm"], help="print a cProfile of one scan instead"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="blogtui-bench-scan-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.profile:
            profile(max(args.sizes), work, args.profile)
            return
        load = os.getloadavg()
        print(
            f"BlogIndex.scan(), best of {args.repeat}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"{os.cpu_count()} CPUs"
        )
        print(f"{'posts':>7} {'what':<7} {'time':>12} {'per post':>14}")
        for n in args.sizes:
            bench(n, work, args.repeat)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
