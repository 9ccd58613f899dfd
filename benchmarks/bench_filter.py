"""The filter (`/`) per keystroke on 10,000 posts with long tag lists: ours against Textual's Matcher.

    python benchmarks/bench_filter.py [--posts 10000] [--budget 3]

Data: benchmarks/longtags.py (titles of 3-8 words, 1-3 categories, 20-60 tags per post, ~680
characters of title + slug + categories + tags per post). Each query is typed one key at a time;
for every keystroke we time:
- ours: ``PostRanker.rank`` (blogtui.blog.ranking), the ranker built once per index (timed too; it
  is built in a worker when the blog opens);
- Textual: ``Matcher(query).match(title slug categories tags)`` for every post, what the reader did
  before. It is far too slow to run on 10,000 posts (a single long post can take seconds), so it
  runs in a child process for ``--budget`` seconds per keystroke and the time per post is
  extrapolated to all posts; a keystroke where not even one post finished is a lower bound (">").
- list: ``PostList.set_query`` in a headless app (ranking + the rows of the flat list).
Goal: every keystroke <= 16 ms for ours.

Then the same blog with ``--heavy`` posts (3) carrying 10,000 categories and 10,000 tags each
(issue 15: one post must not make the reader slow): the ranker's build, the worst keystroke and
the rows of the by-category and by-tag views, each as a ratio to the normal blog in the same
run. Goal: every ratio near 1 (the work per post is bounded by ``blog.post.MAX_LABELS``).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

from longtags import make_posts  # noqa: E402

from blogtui.blog.ranking import PostRanker  # noqa: E402

QUERIES = ["design system", "kafka consumer", "intro", "databse pool", "python-3.13", "cache que"]
GOAL_MS = 16.0


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1) if query[i - 1] != " "]


def _matcher_child(texts: list[str], query: str, done, spent) -> None:  # type: ignore[no-untyped-def]
    from textual.fuzzy import Matcher

    matcher = Matcher(query)
    start = time.perf_counter()
    for text in texts:
        matcher.match(text)
        spent.value = time.perf_counter() - start  # (no locks: the child is killed mid-way)
        done.value += 1


def matcher_ms(texts: list[str], query: str, budget: float) -> tuple[float, bool]:
    """Textual's Matcher over all ``texts``, extrapolated: (ms, is_lower_bound)."""
    ctx = mp.get_context("fork")
    done, spent = ctx.Value("i", 0, lock=False), ctx.Value("d", 0.0, lock=False)
    child = ctx.Process(target=_matcher_child, args=(texts, query, done, spent))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.kill()
        child.join()
    if done.value == 0:
        return budget * 1000 * len(texts), True
    count, seconds = done.value, spent.value
    return seconds / max(count, 1) * len(texts) * 1000, False


def time_ms(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


async def list_times(posts, queries: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    from textual.app import App, ComposeResult

    from blogtui.tui.app import STYLESHEET
    from blogtui.tui.widgets.postlist import PostList

    class Bench(App[None]):
        CSS_PATH = STYLESHEET  # the app's one stylesheet

        def compose(self) -> ComposeResult:
            yield PostList(id="posts")

    out = []
    app = Bench()
    async with app.run_test(size=(120, 40)) as pilot:
        plist = app.query_one(PostList)
        plist.set_posts(posts)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for q in queries:
            for key in keystrokes(q):
                t = time.perf_counter()
                plist.set_query(key)
                out.append((time.perf_counter() - t) * 1000)
            await pilot.pause()
    return out


def heavy_ratios(posts, heavy: int) -> None:  # type: ignore[no-untyped-def]
    """The blog with ``heavy`` posts of 10,000 categories and tags against the blog as it is."""
    from dataclasses import replace

    from blogtui.tui.widgets.postlist_rows import build_rows

    many = [
        replace(
            p,
            categories=tuple(f"category{i}n{k}" for k in range(10_000)),
            tags=tuple(f"tag{i}n{k}" for k in range(10_000)),
        )
        for i, p in enumerate(posts[:heavy])
    ]
    blogs = {"normal": posts, "heavy": many + posts[heavy:]}
    out: dict[str, dict[str, float]] = {}
    for name, blog in blogs.items():
        row: dict[str, float] = {}
        row["ranker build"] = time_ms(lambda blog=blog: PostRanker(blog), repeat=3)
        ranker = PostRanker(blog)
        worst = 0.0
        for q in [*QUERIES, "tag", "category"]:
            ranker._cache.clear()
            for key in keystrokes(q):
                worst = max(worst, time_ms(lambda key=key, r=ranker: r.rank(key), repeat=3))
        row["worst keystroke"] = worst
        for view in ("category", "tag"):
            row[f"{view} view rows"] = time_ms(
                lambda blog=blog, view=view: build_rows(blog, [], view), repeat=3
            )
        out[name] = row
    print(f"\n{heavy} posts with 10,000 categories and 10,000 tags each, against none (same run):")
    print(f"{'':<18} {'normal ms':>10} {'heavy ms':>10} {'heavy/normal':>13}")
    for what in out["normal"]:
        a, b = out["normal"][what], out["heavy"][what]
        print(f"{what:<18} {a:>10.1f} {b:>10.1f} {b / max(a, 1e-6):>12.2f}x")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=3.0, help="seconds per Matcher keystroke")
    parser.add_argument("--no-matcher", action="store_true", help="skip Textual's Matcher")
    parser.add_argument("--heavy", type=int, default=3, help="posts with 10,000 tags (0: none)")
    parser.add_argument("--only-heavy", action="store_true", help="only the heavy-post ratios")
    args = parser.parse_args()
    if args.only_heavy:
        heavy_ratios(make_posts(args.posts), args.heavy)
        return

    posts = make_posts(args.posts)
    texts = [" ".join([p.title, p.slug, *p.categories, *p.tags]) for p in posts]
    tags = statistics.mean(len(p.tags) for p in posts)
    print(
        f"{len(posts):,} posts, {tags:.0f} tags per post, {statistics.mean(map(len, texts)):.0f} chars"
    )
    t = time.perf_counter()
    ranker = PostRanker(posts)
    print(
        f"ranker built in {(time.perf_counter() - t) * 1000:.0f} ms (in a worker, once per index)\n"
    )

    # ours first, alone on the CPU (the Matcher runs in a child process below): each query
    # typed from scratch three times, the best time per keystroke kept
    ours: dict[str, float] = {}
    for _ in range(3):
        for q in QUERIES:
            ranker._cache.clear()
            for key in keystrokes(q):
                ms = time_ms(lambda key=key: ranker.rank(key), repeat=1)
                ours[key] = min(ms, ours.get(key, ms))
    ours_all = list(ours.values())
    # a load-independent yardstick, same run: the simplest filter there is (every word a
    # substring of the casefolded text, no ranking, no typos), one pass over all posts
    folded = [t.casefold() for t in texts]
    naive: list[float] = []
    for q in QUERIES:
        for key in keystrokes(q):
            ws = key.casefold().split()
            naive.append(
                time_ms(lambda ws=ws: [t for t in folded if all(w in t for w in ws)], repeat=3)
            )
    print(f"{'keystroke':<16} {'hits':>6} {'ours ms':>8} {'Matcher ms':>12} {'Matcher/ours':>13}")
    for q in QUERIES:
        for key in keystrokes(q):
            hits = len(ranker.rank(key).posts)
            if args.no_matcher:
                print(f"{key!r:<16} {hits:>6} {ours[key]:>8.2f}")
                continue
            base, lower = matcher_ms(texts, key, args.budget)
            mark = ">" if lower else ""
            print(
                f"{key!r:<16} {hits:>6} {ours[key]:>8.2f} {mark + f'{base:,.0f}':>12}"
                f" {mark + f'{base / ours[key]:,.0f}x':>13}"
            )
    worst = max(ours_all)
    print(
        f"\nours per keystroke: median {statistics.median(ours_all):.2f} ms, worst {worst:.2f} ms"
        f" = {worst / GOAL_MS:.2f}x the {GOAL_MS:.0f} ms goal"
    )
    print(
        f"naive substring scan (no ranking): median {statistics.median(naive):.2f} ms;"
        f" ours/naive median {statistics.median(ours_all) / statistics.median(naive):.2f}x"
        " (the machine's load cancels out in this ratio)"
    )
    lists = asyncio.run(list_times(posts, QUERIES))
    print(
        f"PostList.set_query (ranking + flat list rows): median {statistics.median(lists):.1f} ms,"
        f" worst {max(lists):.1f} ms"
    )
    if args.heavy:
        heavy_ratios(posts, args.heavy)


if __name__ == "__main__":
    main()
