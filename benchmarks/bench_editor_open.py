"""Opening big posts in the editor: time to editable and peak memory, as ratios to a small post.

Run: ``python benchmarks/bench_editor_open.py [--timeout SECONDS]``.

Cases (each in its own process, so the peak memory, ``ru_maxrss``, is that case's alone):

- ``small``: a 2 KB post (the baseline measured in the same run);
- ``table-1.4MB``: front matter and a 100,000-row Markdown table (~1.4 MB);
- ``oneline-6MB``: front matter and a body on one 6 MB line.

"Time to editable" is from pushing the ``EditorScreen`` until the buffer holds the file, accepts
keys, and the screen has been painted once (the app's start-up is in every case, the small
one included) (compositor run, every visible row rendered). Printed:
seconds, the ratio to ``small``, peak RSS in MB, and the memory the case added over ``small``
as a multiple of the file's size (the goal is <= 4x).

Measured on the 2-core dev machine (load ~3), seconds to editable / peak MB / added memory per
byte of file: before (Textual's load on the event loop): table-1.4MB 12.4 s / 259 MB / 139x,
oneline-6MB 45.9 s / 442 MB / 65x. After (load and parse in a thread, no highlighting over 1 MB,
no soft wrap or highlighting of lines over 10,000 characters, the fast wrap): table-1.4MB
2.7 s / 145 MB / 63x, oneline-6MB 2.7 s / 144 MB / 15x; small post 0.33 s, 52 MB. The 4x memory
goal is not met: a Python str per line plus Textual's per-line wrap tables cost ~60 bytes a line.
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
from pathlib import Path

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
        await pilot.press("escape")
    return elapsed


def run_case(case: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        posts = Path(tmp) / "_posts"
        posts.mkdir()
        path = posts / "2024-01-02-big.md"
        data = make_post(case).encode()
        path.write_bytes(data)
        seconds = asyncio.run(open_once(path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": seconds, "peak": peak, "size": len(data)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    results: dict[str, dict[str, float] | None] = {}
    for case in ("small", "table-1.4MB", "oneline-6MB"):
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--case", case],
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
            results[case] = json.loads(done.stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError):
            results[case] = None
    base = results["small"]
    assert base is not None, "the small post did not open"
    print(f"{'case':<14}{'size MB':>9}{'seconds':>9}{'x small':>9}{'peak MB':>9}{'added/size':>11}")
    for case, r in results.items():
        if r is None:
            print(f"{case:<14}  did not become editable within {args.timeout:.0f} s")
            continue
        added = (r["peak"] - base["peak"]) / r["size"]
        print(
            f"{case:<14}{r['size'] / 1e6:>9.2f}{r['seconds']:>9.2f}"
            f"{r['seconds'] / base['seconds']:>9.1f}{r['peak'] / 1e6:>9.0f}{added:>11.1f}"
        )


if __name__ == "__main__":
    main()
