"""The search screen (ctrl+f): time from the last key typed to its results on screen.

    python benchmarks/bench_search_screen.py [--posts 10000]

A generated blog (benchmarks/longtags.py), indexed once before timing (the first index has its
own numbers in bench_search.py). Then, in a headless app holding the SearchScreen, each query is
typed one key at a time (Pilot.press: the key goes through the app's event loop); timed: from the last key to the results of that query in the list.
Baseline in the same run: the same keys typed into a plain Input, from the last key to the
Input showing it (Textual's own key round trip, which no search can beat).
Goal: results on screen <= 100 ms after the last key.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

from longtags import write_blog  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from blogtui.blog.fulltext import FullTextIndex  # noqa: E402
from blogtui.blog.index import load_index  # noqa: E402
from blogtui.blog.site import open_site  # noqa: E402
from blogtui.config import Settings  # noqa: E402
from blogtui.tui.screens.search import SearchScreen  # noqa: E402

QUERIES = ["latency", '"connection pool"', "title:kafka", "データベース", "nothingmatches"]
ROUNDS = 3


class Timed(SearchScreen):
    """The screen, noting which query's results it shows now."""

    shown_query: str | None = None

    def _show_status(self, query: str | None = None) -> None:
        super()._show_status(query)
        if query is not None:
            self.shown_query = query


class Plain(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="box")


class Host(App[None]):
    def __init__(self, screen: SearchScreen) -> None:
        super().__init__()
        self._search = screen

    def on_mount(self) -> None:
        self.push_screen(self._search)


async def until(check, timeout: float = 10.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(0.001)
    return time.perf_counter()


async def type_into(pilot, box: Input, text: str, done) -> float:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key, return ms from the last key to ``done()``."""
    box.value = ""
    box.focus()
    await pilot.pause(0.2)
    for ch in text[:-1]:
        await pilot.press(ch)
    start = time.perf_counter()
    await pilot.press(text[-1])
    end = await until(done)
    return (end - start) * 1000


async def baseline() -> dict[str, float]:
    out = {}
    async with Plain().run_test(size=(120, 40)) as pilot:
        box = pilot.app.query_one(Input)
        for q in QUERIES:
            out[q] = statistics.median(
                [await type_into(pilot, box, q, lambda q=q: box.value == q) for _ in range(ROUNDS)]
            )
    return out


async def screen_times(posts, cache: Path, root: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    screen = Timed(posts, cache, root, Settings())
    out = {}
    async with Host(screen).run_test(size=(120, 40)) as pilot:
        await until(lambda: not screen.indexing, timeout=120)
        box = screen.query_one("#search-box", Input)

        def shown(q: str) -> bool:
            return screen.shown_query == q

        for q in QUERIES:
            out[q] = statistics.median(
                [await type_into(pilot, box, q, lambda q=q: shown(q)) for _ in range(ROUNDS)]
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "blog"
        write_blog(root, args.posts)
        index = load_index(open_site(root))
        cache = Path(tmp) / "cache"
        with FullTextIndex(cache, root) as fts:
            fts.update(index.posts)
        base = asyncio.run(baseline())
        ours = asyncio.run(screen_times(index.posts, cache, root))
    print(f"{len(index.posts):,} posts; median of {ROUNDS}, ms from the last key to the screen")
    print(f"{'query':<22} {'Input echo':>10} {'results':>9} {'ratio':>7} {'goal 100 ms':>12}")
    for q in QUERIES:
        print(
            f"{q:<22} {base[q]:10.1f} {ours[q]:9.1f} {ours[q] / max(base[q], 0.01):6.1f}x"
            f" {ours[q] / 100:11.2f}x"
        )


if __name__ == "__main__":
    main()
