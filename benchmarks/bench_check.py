"""Benchmark: `blogtui check` over a synthetic 10,000-post blog (the issue asks for about a second).

Usage: python benchmarks/bench_check.py [N_POSTS]   (default 10000)

Generates N posts in a temporary folder (realistic front matter: title, date with time zone,
layout, categories, tags, author, description; a ~2 KB body; one post in 500 broken), then
times, best of 3: the command in-process (walk + read + validate + cross-file rules), and
the whole `blogtui check` subprocess (Python start-up and imports included).
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from blogtui.blog.check import files as check_files  # noqa: E402
from blogtui.cli import main  # noqa: E402

WORDS = "rust jekyll blog terminal release notes compiler cargo yaml front matter posts".split()


def make_blog(folder: Path, n: int) -> None:
    rng = random.Random(42)
    body = ("Lorem ipsum dolor sit amet, " * 70 + "\n\n") * 1
    for i in range(n):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2000 + i // (28 * 12)
        slug = f"post-{i}-" + "-".join(rng.sample(WORDS, 3))
        cats = rng.sample(WORDS, 2)
        tags = rng.sample(WORDS, 3)
        fm = (
            f'---\nlayout: post\ntitle: "Post {i}: {" ".join(rng.sample(WORDS, 4))}"\n'
            f"date: {year}-{month:02d}-{day:02d} 10:{i % 60:02d}:00 +0000\n"
            f"author: Someone {i % 17}\ncategories: [{', '.join(cats)}]\ntags: [{', '.join(tags)}]\n"
            f"description: A synthetic post number {i}\n"
        )
        if i % 500 == 7:
            fm += "broken: [unclosed\n"
        (folder / f"{year}-{month:02d}-{day:02d}-{slug}.md").write_text(
            fm + "---\n\n" + body, "utf-8"
        )


def best_of(fn, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main_bench() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        blog = Path(tmp) / "posts"
        blog.mkdir()
        t0 = time.perf_counter()
        make_blog(blog, n)
        print(f"generated {n} posts in {time.perf_counter() - t0:.2f}s")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        print(
            f"cores available: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}"
        )
        saved = check_files.PARALLEL_MIN_FILES

        def in_process() -> None:
            with redirect_stdout(io.StringIO()) as out:
                main(["check", str(blog)])
            summary = out.getvalue().strip().splitlines()[-1]
            assert summary.startswith(f"{n} files"), summary

        c0 = time.process_time()
        t = best_of(in_process)
        cpu = (time.process_time() - c0) / 3
        print(
            f"check in-process: {t:.3f}s wall for {n} posts ({t / n * 1e6:.0f} us/post); "
            f"CPU of the main process {cpu:.3f}s (workers not counted)"
        )
        check_files.PARALLEL_MIN_FILES = 10**9  # one process: the per-post cost
        c0 = time.process_time()
        t = best_of(in_process)
        cpu = (time.process_time() - c0) / 3
        check_files.PARALLEL_MIN_FILES = saved
        print(
            f"check in-process, one process: {t:.3f}s wall, {cpu:.3f}s CPU ({cpu / n * 1e6:.0f} us CPU/post)"
        )
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))

        def subproc() -> None:
            subprocess.run(
                [sys.executable, "-m", "blogtui", "check", str(blog)],
                env=env,
                capture_output=True,
                check=False,
            )

        t = best_of(subproc)
        print(f"blogtui check (subprocess, with start-up): {t:.3f}s for {n} posts")


def bench_editor() -> None:
    """What the editor pays after each pause in typing: validate_text on a 100 KB post."""
    from blogtui.blog.check.file import validate_text

    front = '---\nlayout: post\ntitle: "A long post"\ndate: 2021-03-04 10:00:00 +0100\ncategories: [a, b]\ntags: [x, y, z]\n---\n'
    text = front + ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 1800)
    path = Path("posts/2021-03-04-long.md")
    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        validate_text(text, path=path)
    t = (time.perf_counter() - t0) / n
    print(f"validate_text on a {len(text) // 1000} KB post: {t * 1e6:.0f} us per call")


if __name__ == "__main__":
    bench_editor()
    main_bench()
