"""Opening big posts in the editor: time to editable and peak memory, as ratios to a small post.

Run: ``python benchmarks/bench_editor_open.py [--timeout SECONDS]``.

Cases (each opened in its own process, so the peak memory, ``ru_maxrss``, is that case's alone;
the parent writes the posts, so building them is in no case's peak):

- ``small``: a 2 KB post (the baseline measured in the same run);
- ``table-1.4MB``: front matter and a 100,000-row Markdown table (~1.4 MB);
- ``oneline-6MB``: front matter and a body on one 6 MB line.

"Time to editable" is from pushing the ``EditorScreen`` until the buffer holds the file, accepts
keys, and the screen has been painted once (the app's start-up is in every case, the small
one included) (compositor run, every visible row rendered); the peak also covers the first
check of the front matter, which runs after that. Printed:
seconds, the ratio to ``small``, peak RSS in MB, and the memory the case added over ``small``
as a multiple of the file's size (the goal is <= 4x). ``--trace`` adds the peak of Python's own
allocations (tracemalloc; slower, and its bookkeeping inflates RSS).

Measured on the 2-core dev machine (load ~3), seconds to editable / peak MB / added memory per
byte of file. Textual's load on the event loop: table-1.4MB 12.4 s / 259 MB / 139x,
oneline-6MB 45.9 s / 442 MB / 65x. Load and parse in a thread, no highlighting over 1 MB, no soft
wrap or highlighting of lines over 10,000 characters, the fast wrap (this benchmark as it is now,
two runs): table-1.4MB 0.7-0.9 s / 143-144 MB / 60x, oneline-6MB 0.2-0.8 s / 125-149 MB /
12-16x. Now (CompactDocument: the text read plus an array of line starts; CompactWrappedDocument:
nothing stored for lines that need no wrapping; rows only as wide as the view; a long line drawn
only to the view's edge; one front-matter check on opening, not two at once; only lines long
enough to need a break measured; two runs): table-1.4MB 0.13-0.16 s / 57-58 MB / 1.8-2.1x,
oneline-6MB 0.19-0.26 s / 75 MB / 3.5x; small post 0.09 s, 54 MB. A 57 MB table (3.4 million
rows, ``--open``): 1.9 s / 243 MB / 3.3x (5.1 s while every line was measured on the event loop).

Where the bytes go (tracemalloc, per byte of file): resident, the text read, once (1x: the
document, the session's saved text and ``Opened`` share the one str), the line starts (4 bytes
a line: 0.27x for the table) and, for the long line, the slice of it kept while it is drawn (1x).
Transient: reading (the bytes and the str together: 2x) and the front-matter check (1x).
Typing in the 6 MB line afterwards (measured ad hoc, not here): ~0.3 s a key (0.6 s before the
last long line's pictures and width were kept), and ten keys add 6 MB (the line as typed): rich's
``cached_cell_len``, which Textual measured with, had kept every string measured, 230 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

HEAD = "---\nlayout: post\ntitle: Big\ndate: 2024-01-02 10:00 +0000\n---\n"


def make_post(case: str) -> str:
    if case == "small":
        return HEAD + "Some *text* with `code`.\n\n" * 80
    if case == "table-1.4MB":
        rows = "".join(f"| {i} | c{i % 9} |\n" for i in range(100_000))
        return HEAD + "| n | value |\n|---|---|\n" + rows
    if case == "oneline-6MB":
        word = "lorem ipsum `dolor` sit amet, "
        return HEAD + word * (6_000_000 // len(word)) + "\n"
    raise SystemExit(f"unknown case {case}")


async def open_once(path: Path) -> float:
    from tests.support.editor_app import EditorApp

    from blogtui.blog.site import open_site
    from blogtui.config import Settings

    folder = path.parent.parent
    settings = Settings(data_dir=folder / "data", cache_dir=folder / "cache")
    app = EditorApp(path, settings=settings, site=open_site(folder))
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if getattr(screen, "loaded", False) and not screen.area.read_only:
                break
            await asyncio.sleep(0.005)
        screen._compositor.render_update(full=True).render_segments(app.console)
        elapsed = time.perf_counter() - start
        await pilot.pause(0.5)  # the first check of the front matter runs: its memory counts too
        await app.workers.wait_for_complete()
        await pilot.press("escape")
    return elapsed


def run_case(path: Path, trace: bool) -> dict[str, Any]:
    """Open ``path`` (written by the parent: building the post is not this process's memory)."""
    if trace:
        tracemalloc.start(6)
    seconds = asyncio.run(open_once(path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result: dict[str, Any] = {"seconds": seconds, "peak": peak, "size": path.stat().st_size}
    if trace:
        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
    return result


def write_post(folder: Path, case: str) -> Path:
    posts = folder / case / "_posts"
    posts.mkdir(parents=True)
    path = posts / "2024-01-02-big.md"
    path.write_bytes(make_post(case).encode())
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=Path, help="(internal) open this post, print JSON")
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument(
        "--trace", action="store_true", help="also the traced (tracemalloc) peak: slower"
    )
    args = parser.parse_args()
    if args.open:
        print(json.dumps(run_case(args.open, args.trace)))
        return
    results: dict[str, dict[str, Any] | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in ("small", "table-1.4MB", "oneline-6MB"):
            path = write_post(Path(tmp), case)
            command = [sys.executable, __file__, "--open", str(path)]
            try:
                done = subprocess.run(
                    command + (["--trace"] if args.trace else []),
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                )
                results[case] = json.loads(done.stdout.strip().splitlines()[-1])
            except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError):
                results[case] = None
    base = results["small"]
    assert base is not None, "the small post did not open"
    traced = " traced/size" if args.trace else ""
    print(
        f"{'case':<14}{'size MB':>9}{'seconds':>9}{'x small':>9}{'peak MB':>9}{'added/size':>11}"
        + traced
    )
    for case, r in results.items():
        if r is None:
            print(f"{case:<14}  did not become editable within {args.timeout:.0f} s")
            continue
        added = (r["peak"] - base["peak"]) / r["size"]
        extra = (
            f"{(r['traced_peak'] - base['traced_peak']) / r['size']:>12.1f}" if args.trace else ""
        )
        print(
            f"{case:<14}{r['size'] / 1e6:>9.2f}{r['seconds']:>9.2f}"
            f"{r['seconds'] / base['seconds']:>9.1f}{r['peak'] / 1e6:>9.0f}{added:>11.1f}" + extra
        )


if __name__ == "__main__":
    main()
