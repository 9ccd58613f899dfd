"""How fast does blogtui open a blog and show a post? One command, prints numbers.

    python benchmarks/bench_index.py                 # everything
    python benchmarks/bench_index.py --only index    # or: markup, start, post
    python benchmarks/bench_index.py --sizes 1000    # fewer posts

Sections:
- index:  BlogIndex.scan() of a synthetic blog (benchmarks/synth.py) of 1,000 and 10,000 posts, cold
          (empty cache dir: front matter parsed) and warm (cache reused: files only stat'ed), with µs
          per post. The files are in the OS page cache in both cases (they were just written).
- markup: markup.prepare() on bodies of 6 KB, 100 KB, 1 MB and 1.7 MB (synthetic, the corpus, and a
          worst case where every line holds Liquid).
- start:  `python -m blogtui BLOG` in a real pseudo terminal (120x40, TERM=xterm-256color, temp XDG
          dirs): time from process start until the post list is on screen (its first group label and
          count appear in the terminal output), with a cold and a warm index cache.
- post:   same pseudo terminal, a blog holding one post of 6 KB, 100 KB or 1 MB: time from the list
          being on screen until the first words of the (automatically opened) post are drawn.
Terminal output is read as the app writes it, escape sequences removed, so these are the times a
user sees, whatever widget draws the post.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

import synth  # noqa: E402

from blogtui.blog.index import BlogIndex  # noqa: E402
from blogtui.blog.markup import prepare  # noqa: E402
from blogtui.blog.site import open_site  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)
COLS, ROWS = 120, 40
#: pseudo marker: the first visible text the app draws (Python and Textual are up)
FIRST_PAINT = "<first paint>"
CHILD_MEMORY_LIMIT = 6 * 1024**3  # a runaway renderer must not take the machine down


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


# -- index ------------------------------------------------------------------------------------------


def bench_index(sizes: list[int], work: Path, repeat: int) -> None:
    print("\n== index: BlogIndex.scan() (front matter only) ==")
    print(
        f"{'posts':>7} {'cold':>12} {'µs/post':>8} {'warm':>12} {'µs/post':>8}  (best of {repeat}; CPU µs/post cold/warm)"
    )
    for n in sizes:
        blog = work / f"blog-{n}"
        if not blog.exists():
            synth.generate(blog, n)
        site = open_site(blog)
        colds, warms, cpu_colds, cpu_warms = [], [], [], []
        for i in range(repeat):
            cache = work / f"cache-{n}-{i}"
            shutil.rmtree(cache, ignore_errors=True)
            t, c = time.perf_counter(), time.process_time()
            index = BlogIndex(site, cache).scan()
            colds.append(time.perf_counter() - t)
            cpu_colds.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            warm = BlogIndex(site, cache)
            warm.scan()
            warms.append(time.perf_counter() - t)
            cpu_warms.append(time.process_time() - c)
            assert warm.stats["parsed"] == 0, warm.stats
        count = len(index.posts) + len(index.problems)
        cold, hot = min(colds), min(warms)
        print(
            f"{count:>7} {ms(cold)} {cold / count * 1e6:8.1f} {ms(hot)} {hot / count * 1e6:8.1f}"
            f"  ({min(cpu_colds) / count * 1e6:.0f} / {min(cpu_warms) / count * 1e6:.0f})"
        )


# -- markup -----------------------------------------------------------------------------------------


def corpus_mix(size: int) -> str | None:
    files = sorted(CORPUS.rglob("*.md*")) if CORPUS.is_dir() else []
    text = "".join(f.read_text("utf-8", errors="replace") for f in files[:400])
    return (text * (size // max(1, len(text)) + 1))[:size] if text else None


def bench_markup(repeat: int) -> None:
    print("\n== markup: prepare(body) ==")
    cases: list[tuple[str, str]] = []
    for size in (6_000, 100_000, 1_000_000, 1_700_000):
        cases.append(
            (
                f"synthetic {size / 1000:g} KB",
                synth.body(__import__("random").Random(3), size, ["2020-01-01-x"]),
            )
        )
    mix = corpus_mix(1_700_000)
    if mix:
        cases.append(("corpus mix 1.7 MB", mix))
    cases.append(
        (
            "worst: Liquid on every line 1.7 MB",
            "- {{ site.url }} `code` {% include x.html %} *em*\n" * 34_000,
        )
    )
    cases.append(("worst: one 1.7 MB line of tags", "{{ a }} {% b %} {: .c} " * 74_000))
    for name, body in cases:
        times, cpu = [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            prepare(body, lambda ref: None)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        best = min(times)
        print(
            f"{name:38} {len(body) / 1e6:5.2f} MB {ms(best)}  {len(body) / best / 1e6:6.1f} MB/s  (CPU {ms(min(cpu)).strip()})"
        )


# -- the app in a pseudo terminal -------------------------------------------------------------------


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))


def run_in_pty(blog: Path, xdg: Path, markers: list[str], timeout: float) -> dict[str, float]:
    """Start `python -m blogtui BLOG` in a pty; seconds from spawn until each marker is on screen."""
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(COLS),
        LINES=str(ROWS),
        PYTHONPATH=str(ROOT / "src"),
        XDG_CONFIG_HOME=str(xdg / "config"),
        XDG_CACHE_HOME=str(xdg / "cache"),
        XDG_DATA_HOME=str(xdg / "data"),
    )
    for var in ("BLOGTUI_CONFIG", "BLOGTUI_BLOG", "BLOGTUI_CACHE_DIR", "TEXTUAL"):
        env.pop(var, None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "blogtui", str(blog)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=_limit_child,
    )
    os.close(slave)
    raw = bytearray()
    seen: dict[str, float] = {}
    checked = 0
    try:
        while any(m not in seen for m in markers) and time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.02)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter()
            raw += chunk
            # look only at the new text (plus an overlap for a marker cut in two)
            window = ANSI.sub("", raw[max(0, checked - 4096) :].decode("utf-8", "replace"))
            checked = len(raw)
            if FIRST_PAINT not in seen and window.strip():
                seen[FIRST_PAINT] = now - start
            for marker in markers:
                if marker not in seen and marker in window:
                    seen[marker] = now - start
    finally:
        try:
            os.write(master, b"q")
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.send_signal(signal.SIGKILL)  # our own child only
            proc.wait()
        os.close(master)
    return seen


def first_group_marker(blog: Path) -> str:
    """What the post list shows first: the alphabetically first category with its count."""
    index = BlogIndex(open_site(blog)).scan()
    counts: dict[str, int] = {}
    for post in index.posts:
        for c in post.categories or ("(no category)",):
            counts[c] = counts.get(c, 0) + 1
    first = sorted(counts, key=lambda k: (k.startswith("("), k.casefold()))[0]
    return f"{first} ({counts[first]})"


def bench_start(sizes: list[int], work: Path, timeout: float) -> None:
    print("\n== start: `python -m blogtui BLOG` in a pty, process start -> post list on screen ==")
    print(
        f"{'posts':>7} {'cold cache':>12} {'warm cache':>12}   (first paint of anything: cold / warm)"
    )
    for n in sizes:
        blog = work / f"blog-{n}"
        if not blog.exists():
            synth.generate(blog, n)
        marker = first_group_marker(blog)
        xdg = work / f"xdg-start-{n}"
        shutil.rmtree(xdg, ignore_errors=True)
        cold_run = run_in_pty(blog, xdg, [marker], timeout)
        warm_runs = [run_in_pty(blog, xdg, [marker], timeout) for _ in range(3)]
        warm_run = min((w for w in warm_runs if marker in w), key=lambda w: w[marker], default={})
        fmt = lambda v: ms(v) if v is not None else f"{'not seen':>12}"  # noqa: E731
        print(
            f"{n:>7} {fmt(cold_run.get(marker))} {fmt(warm_run.get(marker))}  "
            f" ({fmt(cold_run.get(FIRST_PAINT)).strip()} / {fmt(warm_run.get(FIRST_PAINT)).strip()})"
        )


def bench_post(work: Path, timeout: float, sizes: list[int]) -> None:
    print("\n== post: list on screen -> first words of the opened post on screen (pty) ==")
    word = "Benchmarkstart"
    for size in sizes:
        blog = work / f"post-{size}"
        shutil.rmtree(blog, ignore_errors=True)
        blog.mkdir()
        text = synth.big_post(size, marker=word)
        (blog / "2024-05-06-big.md").write_text(text, encoding="utf-8")
        marker = first_group_marker(blog)
        xdg = work / f"xdg-post-{size}"
        results = []
        for _ in range(2 if size < 500_000 else 1):
            seen = run_in_pty(blog, xdg, [marker, word], timeout)
            results.append(seen)
        best = [r for r in results if marker in r and word in r]
        blocks = text.count("\n\n") + 1
        label = f"{len(text) / 1000:7.0f} KB {blocks:5} blocks"
        if not best:
            got = results[-1]
            print(
                f"{label}  list {ms(got[marker]) if marker in got else 'not seen'}   post not on screen within {timeout:.0f} s"
            )
            continue
        r = min(best, key=lambda x: x[word] - x[marker])
        print(
            f"{label}  list {ms(r[marker])}   post {ms(r[word] - r[marker])}   (from process start {ms(r[word])})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="blogtui benchmarks")
    parser.add_argument("--only", choices=["index", "markup", "start", "post"], action="append")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="blog sizes (posts)"
    )
    parser.add_argument("--post-sizes", type=int, nargs="+", default=[6_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for a screen")
    parser.add_argument("--work", type=Path, help="keep generated blogs here (default: a temp dir)")
    args = parser.parse_args()
    only = set(args.only or ["index", "markup", "start", "post"])
    work = args.work or Path(tempfile.mkdtemp(prefix="blogtui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, work dir {work}"
    )
    try:
        if "index" in only:
            bench_index(args.sizes, work, args.repeat)
        if "markup" in only:
            bench_markup(args.repeat)
        if "start" in only:
            bench_start(args.sizes, work, args.timeout)
        if "post" in only:
            bench_post(work, args.timeout, args.post_sizes)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
