"""Benchmark: PostView (Line API) against Textual's Markdown widget, headless, same run.

    PYTHONPATH=src python -m benchmarks.bench_postview [--runs N] [--baseline-all] [--shapes]

Prints a table: time to first paint per post size (median of N runs), for PostView and for
Textual's ``Markdown`` (the baseline; skipped for the two largest sizes unless --baseline-all,
they take minutes), then for the largest post: time until it is completely laid out, key latency
while it lays out, scroll time per frame (a page down, visible lines rendered and composed), and
memory above the app's baseline (tracemalloc, after loading), and the full (gen-2) garbage
collections while laying out and scrolling it, with ``gc.freeze`` after layout off and on.

"First paint" = from the call that shows the text until the first frame the compositor produces
with the widget's content in it. Each time is given as wall time and, in brackets, CPU time of
the UI thread (the machine may be shared; CPU time is steadier). The scroll figure is the UI
thread's CPU time to compose a frame after `space`; its max is usually a gen-2 GC pause.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable

from benchmarks.mdgen import make_post
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Markdown

from blogtui.tui.app import STYLESHEET
from blogtui.tui.widgets.postview import PostView

SIZES = [
    ("short", 1_900),
    ("median", 6_000),
    ("long", 11_600),
    ("1,000 lines", 33_000),
    ("100 KB", 100_000),
    ("10,000 lines", 348_000),
    ("50,000 lines", 1_700_000),
]
BIG = {348_000, 1_700_000}
TERMINAL = (100, 40)


class BenchApp(App[None]):
    CSS_PATH = STYLESHEET  # the app's one stylesheet
    """Records when frames are produced, and whether a predicate held at that moment."""

    def __init__(self, widget_factory: Callable[[], object]) -> None:
        super().__init__()
        self._factory = widget_factory
        self.frames: list[float] = []
        self.cpu_frames: list[float] = []
        self.predicate: Callable[[], bool] | None = None
        self.last_cpu = 0.0

    def compose(self) -> ComposeResult:
        yield self._factory()  # type: ignore[misc]

    def reset_frames(self) -> None:
        self.frames.clear()
        self.cpu_frames.clear()

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None and (self.predicate is None or self.predicate()):
            self.frames.append(time.perf_counter())
            self.cpu_frames.append(time.thread_time())
        super()._display(screen, renderable)


async def _wait_frame(app: BenchApp, pilot, after: float, timeout: float = 600) -> float:  # type: ignore[no-untyped-def]
    """Wall time of the first frame after ``after``; its UI-thread CPU time is in ``app.last_cpu``."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for i, t in enumerate(app.frames):
            if t >= after:
                app.last_cpu = app.cpu_frames[i]
                return t
        await asyncio.sleep(0.0005)
    raise TimeoutError


async def first_paint_postview(text: str, runs: int) -> list[tuple[float, float]]:
    app = BenchApp(PostView)
    out = []
    async with app.run_test(size=TERMINAL) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        for _ in range(runs):
            view.show_markdown("")
            await pilot.pause()
            app.reset_frames()
            app.predicate = lambda: view.line_count > 1
            c0 = time.thread_time()
            t0 = time.perf_counter()
            view.show_markdown(text)
            t1 = await _wait_frame(app, pilot, t0)
            out.append((t1 - t0, app.last_cpu - c0))
            app.predicate = None
            while not view.is_complete:
                await asyncio.sleep(0.01)
    return out


async def first_paint_markdown(text: str, runs: int) -> list[tuple[float, float]]:
    app = BenchApp(lambda: Markdown("", open_links=False))
    out = []
    async with app.run_test(size=TERMINAL) as pilot:
        md = app.query_one(Markdown)
        await pilot.pause()
        for _ in range(runs):
            await md.update("")
            await pilot.pause()
            app.reset_frames()
            app.predicate = lambda: len(md.children) > 0
            c0 = time.thread_time()
            t0 = time.perf_counter()
            await md.update(text)
            t1 = await _wait_frame(app, pilot, t0)
            out.append((t1 - t0, app.last_cpu - c0))
            app.predicate = None
    return out


async def big_post(text: str) -> dict[str, float]:
    """Complete load time, key latency during load, scroll per frame, for one huge post."""
    app = BenchApp(PostView)
    result: dict[str, float] = {}
    async with app.run_test(size=TERMINAL) as pilot:
        view = app.query_one(PostView)
        view.focus()
        await pilot.pause()
        t0 = time.perf_counter()
        view.show_markdown(text)
        latencies = []
        while not view.is_complete:
            before = view.scroll_y
            k0 = time.perf_counter()
            app.post_message(events.Key("j", "j"))
            while view.scroll_y == before and time.perf_counter() - k0 < 10:
                await asyncio.sleep(0.0005)
            if view.scroll_y != before:
                latencies.append(time.perf_counter() - k0)
            await asyncio.sleep(0.05)
        result["complete_s"] = time.perf_counter() - t0
        result["keys_during_load"] = len(latencies)
        result["key_latency_ms"] = (
            statistics.median(latencies) * 1000 if latencies else float("nan")
        )
        result["key_latency_max_ms"] = max(latencies) * 1000 if latencies else float("nan")
        result["lines"] = view.line_count
        await pilot.pause()
        view.scroll_to(y=view.line_count // 3, animate=False, immediate=True)
        await pilot.pause()
        compositor = app.screen._compositor
        original = compositor.render_update
        render_times: list[float] = []

        def timed_render_update(*args, **kwargs):  # type: ignore[no-untyped-def]
            r0 = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                render_times.append(time.thread_time() - r0)

        compositor.render_update = timed_render_update  # type: ignore[method-assign]
        latency, work = [], []
        for _ in range(60):
            app.reset_frames()
            render_times.clear()
            f0 = time.perf_counter()
            app.post_message(events.Key("space", " "))
            latency.append(await _wait_frame(app, pilot, f0) - f0)
            work.append(sum(render_times))
            await asyncio.sleep(0.02)
        compositor.render_update = original  # type: ignore[method-assign]
        result["scroll_ms_median"] = statistics.median(work) * 1000
        result["scroll_ms_max"] = max(work) * 1000
        result["scroll_latency_ms"] = statistics.median(latency) * 1000
    return result


class GcPauses:
    """Records every cycle collection (generation, UI-thread CPU ms) while installed."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.thread_time()
        else:
            self.pauses.append((info["generation"], (time.thread_time() - self._start) * 1000))

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)

    def summary(self, generation: int = 2) -> str:
        times = [ms for gen, ms in self.pauses if gen == generation]
        if not times:
            return f"0 gen-{generation} collections"
        return f"{len(times)} gen-{generation} collections, max {max(times):.0f} ms, total {sum(times):.0f} ms"


async def gc_pauses(text: str, freeze: bool, pages: int = 300) -> tuple[GcPauses, GcPauses, float]:
    """Full collections while the post lays out and while scrolling it (``pages`` x space, then
    back with b), with ``gc.freeze`` after laying out on or off; and the worst frame (CPU ms)."""
    from blogtui.tui.widgets import postview as module

    saved = module.FREEZE_AFTER
    module.FREEZE_AFTER = saved if freeze else 0
    app = BenchApp(PostView)
    try:
        async with app.run_test(size=TERMINAL) as pilot:
            view = app.query_one(PostView)
            view.focus()
            await pilot.pause()
            gc.collect()
            with GcPauses() as loading:
                view.show_markdown(text)
                while not view.is_complete:
                    await asyncio.sleep(0.05)
            await pilot.pause()
            worst = 0.0
            with GcPauses() as scrolling:
                for i in range(pages):
                    c0 = time.thread_time()
                    await pilot.press("space" if i < pages // 2 else "b")
                    worst = max(worst, (time.thread_time() - c0) * 1000)
            view.show_markdown("")  # unfreezes
            await pilot.pause()
    finally:
        module.FREEZE_AFTER = saved
    return loading, scrolling, worst


async def memory(text: str) -> float:
    """Bytes allocated (and still held) by showing ``text``, beyond the app's baseline."""
    app = BenchApp(PostView)
    async with app.run_test(size=TERMINAL) as pilot:
        view = app.query_one(PostView)
        view.show_markdown(make_post(20_000, seed=2))  # warm up: imports, lexers, caches
        while not view.is_complete:
            await asyncio.sleep(0.05)
        view.show_markdown("")
        await pilot.pause()
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        view.show_markdown(text)
        while not view.is_complete:
            await asyncio.sleep(0.05)
        await pilot.pause()
        gc.collect()
        used = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
    return used


async def resize_time(text: str) -> float:
    app = BenchApp(PostView)
    async with app.run_test(size=TERMINAL) as pilot:
        view = app.query_one(PostView)
        view.show_markdown(text)
        while not view.is_complete:
            await asyncio.sleep(0.05)
        await pilot.pause()
        t0 = time.perf_counter()
        await pilot.resize_terminal(70, 40)
        await pilot.pause()
        return time.perf_counter() - t0


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "skipped"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def huge_shapes() -> list[tuple[str, str]]:
    """Huge posts written in the shapes that defeat a chunked parse (issue 14)."""
    para = "Some words here and {{ page.title }} there with `code` and *emph*.\n"
    return [
        ("3.6 MB, no blank lines", para * 55_000),
        ("3.6 MB, one code fence", "```\n" + "x = {{ y }}\n" * 300_000 + "```\n"),
        ("2.4 MB, one table", "| a | b |\n|---|---|\n" + "| {{ x }} | 2 |\n" * 150_000),
        ("2.2 MB, one line", "word {{ x }} " * 170_000),
        ("1.4 MB, 100,000-row table", "| a | b |\n|---|---|\n" + "| cell | 2 |\n" * 100_000),
        (
            "4.1 MB, 100,000 footnotes",
            "".join(f"Text[^{i}] here.\n" for i in range(100_000))
            + "\n"
            + "".join(f"[^{i}]: Note {i}.\n" for i in range(100_000)),
        ),
    ]


async def shape_run(text: str) -> dict[str, float]:
    """First screen, time until completely laid out, and the slowest key answered meanwhile."""
    app = BenchApp(PostView)
    out: dict[str, float] = {}
    async with app.run_test(size=TERMINAL) as pilot:
        view = app.query_one(PostView)
        view.focus()
        await pilot.pause()
        app.reset_frames()
        app.predicate = lambda: view.line_count > 1
        t0 = time.perf_counter()
        view.show_markdown(text)
        out["first"] = await _wait_frame(app, pilot, t0) - t0
        app.predicate = None
        worst = 0.0
        while not view.is_complete:
            before = view.scroll_y
            key = "k" if before >= view.max_scroll_y else "j"  # a key that moves the view
            k0 = time.perf_counter()
            app.post_message(events.Key(key, key))
            while view.scroll_y == before and time.perf_counter() - k0 < 30:
                await asyncio.sleep(0.0005)
            worst = max(worst, time.perf_counter() - k0)
            await asyncio.sleep(0.05)
        out["complete"] = time.perf_counter() - t0
        out["key_max"] = worst
    return out


async def bench_shapes() -> None:
    """Per shape: the reader's body pipeline (Liquid + kramdown, blogtui.blog.pipeline), then
    PostView's first screen of the result as a ratio to the first screen of a median post (6 KB,
    the baseline, same run), the time until it is completely laid out and the slowest key
    answered meanwhile (``j``, or ``k`` at the bottom). Goal (issue 14): first screen <= 0.5 s for any shape."""
    from blogtui.blog.pipeline import prepare_post

    base = statistics.median([(await shape_run(make_post(6_000)))["first"] for _ in range(3)])
    print(f"baseline: first screen of a 6 KB post {base * 1000:.0f} ms (same run)\n")
    print("| shape | pipeline | first screen | x baseline | laid out | slowest key meanwhile |")
    print("|---|---|---|---|---|---|")
    for label, text in huge_shapes():
        t0 = time.perf_counter()
        md = prepare_post(text)
        pipeline = time.perf_counter() - t0
        r = await shape_run(md)
        print(
            f"| {label} | {pipeline:.2f} s | {_fmt(r['first'])} | {r['first'] / base:.1f}x "
            f"| {_fmt(r['complete'])} | {_fmt(r['key_max'])} |",
            flush=True,
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="runs per size (median); fewer for big ones"
    )
    parser.add_argument(
        "--no-table", action="store_true", help="only the largest-post measurements"
    )
    parser.add_argument(
        "--baseline-all", action="store_true", help="also time Markdown on the two largest posts"
    )
    parser.add_argument("--shapes", action="store_true", help="only the huge-post shapes")
    args = parser.parse_args()
    if args.shapes:
        await bench_shapes()
        return

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"terminal {TERMINAL[0]}x{TERMINAL[1]}, headless, median of runs; {os.cpu_count()} CPUs, load average {load}\n"
    )
    print("Wall time (CPU time of the UI thread in brackets: steadier on a busy machine)\n")
    print("| post | size | lines | PostView first paint | Markdown first paint | speed-up |")
    print("|---|---|---|---|---|---|")
    for label, size in [] if args.no_table else SIZES:
        text = make_post(size)
        runs = args.runs if size < 300_000 else 3
        ours = await first_paint_postview(text, runs)
        ours_wall = statistics.median(w for w, _ in ours)
        ours_cpu = statistics.median(c for _, c in ours)
        base_txt, ratio = "skipped", "-"
        if size not in BIG or args.baseline_all:
            base_runs = args.runs if size <= 12_000 else 3 if size <= 40_000 else 1
            base = await first_paint_markdown(text, base_runs)
            base_wall = statistics.median(w for w, _ in base)
            base_cpu = statistics.median(c for _, c in base)
            base_txt = f"{_fmt(base_wall)} ({_fmt(base_cpu)})"
            ratio = f"{base_wall / ours_wall:.0f}x ({base_cpu / ours_cpu:.0f}x)"
        print(
            f"| {label} | {len(text.encode()) / 1000:.1f} KB | {text.count(chr(10)):,} "
            f"| {_fmt(ours_wall)} ({_fmt(ours_cpu)}) | {base_txt} | {ratio} |",
            flush=True,
        )

    text = make_post(1_700_000)
    size = len(text.encode())
    big = await big_post(text)
    print(
        f"\nLargest post ({size / 1e6:.2f} MB, {text.count(chr(10)):,} source lines, {big['lines']:,.0f} view lines):"
    )
    print(
        f"- completely laid out after {big['complete_s']:.2f} s; {big['keys_during_load']:.0f} keys answered meanwhile, latency median {big['key_latency_ms']:.1f} ms, max {big['key_latency_max_ms']:.1f} ms"
    )
    print(
        f"- scroll a page (`space`): render (UI-thread CPU) {big['scroll_ms_median']:.1f} ms/frame median, {big['scroll_ms_max']:.1f} ms max; key to frame {big['scroll_latency_ms']:.1f} ms (incl. Textual's 60 fps pacing)"
    )
    print(f"- re-layout on resize (100 -> 70 columns): {_fmt(await resize_time(text))}")
    for freeze in (False, True):
        loading, scrolling, worst = await gc_pauses(text, freeze)
        print(
            f"- gc.freeze after laying out {'ON ' if freeze else 'OFF'}: while laying out {loading.summary()}; "
            f"scrolling 300 pages {scrolling.summary()}, {scrolling.summary(1)}; worst key {worst:.0f} ms CPU"
        )
    used = await memory(text)
    print(f"- memory above baseline: {used / 2**20:.1f} MiB = {used / size:.2f}x the text size")


if __name__ == "__main__":
    asyncio.run(main())
