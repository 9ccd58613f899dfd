"""Keystroke latency in the editor: 100 keystrokes, key to screen, in posts of three sizes.

Run: ``python benchmarks/bench_editor.py [--stock] [--only NAME] [--plain] [--enter] [--profile]``.

Each keystroke is timed from the key event being posted until the screen has processed it and
repainted (``pilot.press`` then ``screen._on_timer_update()``, which runs the compositor and
renders every changed line — the headless driver only skips writing the bytes to a terminal).
``--stock`` measures Textual's own ``TextArea`` for comparison; the default measures our
``FastTextArea``, and ``--screen`` the whole ``EditorScreen`` (validation and preview on).

Measured on the 2-core dev machine while other jobs ran (load ~3), ms per keystroke, mean/median
wall (CPU median): 100 KB post with Markdown highlighting — stock TextArea 86/83 (37);
FastTextArea 9/6 (5); EditorScreen with validation + preview on 9-12/7-10 (6-7). 10,000 lines with
highlighting: stock 343/278 (114), FastTextArea 26/18 (12; tree-sitter's incremental Markdown
parse is most of what is left). Plain text at any size: FastTextArea ~3 ms.
With the compact document (issue 16): letters unchanged (plain, CPU median 1.4-1.6 ms at 10 to
100,000 lines before and after; Markdown 10,000 lines 7.3-8.1 ms). ``--enter`` (enter and
backspace: every line below moves), CPU median before/after: 10 lines 3.2/3.5, 10,000 lines
7.3/4.9-5.5, 100,000 lines 32.6/5.1-5.3 ms (Textual's wrap tables were shifted line by line;
now one array operation).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PARAGRAPH = (  # hard-wrapped prose, ~40 characters a line like the corpus's largest post
    "Rust's *ownership* model lets the\ncompiler check memory safety. See\n"
    "[the book](https://doc.rust-lang.org/)\nand `cargo build` for **details**.\n"
)
CORPUS_POST = (
    ROOT.parent
    / "shared/corpus/rust-lang-blog.rust-lang.org/posts/inside-rust/2022-08-08-compiler-team-2022-midyear-report.md"
)


def make_post(lines: int | None = None, size: int | None = None) -> str:
    head = '---\nlayout: post\ntitle: "Benchmark post"\ndate: 2024-01-02 10:00 +0000\ncategories: [rust]\ntags: [perf]\n---\n'
    out = [head]
    n = 0
    i = 0
    while True:
        if lines is not None and n >= lines:
            break
        if size is not None and sum(map(len, out)) >= size:
            break
        if i % 12 == 0:
            out.append(f"## Section {i // 12}\n")
        elif i % 12 == 5:
            out.append('```rust\nfn main() { println!("hi"); }\n```\n')
            n += 2
        elif i % 12 == 8:
            out.append(f"- item {i} with `code` and a [link](https://example.org/{i})\n")
        else:
            out.append(PARAGRAPH)
            n += 3
        n += 1
        i += 1
    text = "".join(out)
    if lines is not None:  # exactly that many lines, front matter included
        text = "".join(text.splitlines(keepends=True)[:lines])
    return text


CASES = {
    "10 lines": lambda: make_post(lines=10),
    "10,000 lines": lambda: make_post(lines=10_000),
    "100 KB": lambda: make_post(size=100_000),
    "100,000 lines": lambda: make_post(lines=100_000),  # 3.5 MB: over the highlighting limit
}
if CORPUS_POST.is_file():
    CASES["corpus 96 KB"] = lambda: CORPUS_POST.read_text("utf-8")


async def measure(
    text: str,
    *,
    stock: bool,
    language: str | None,
    screen: bool,
    keys: int = 100,
    enter: bool = False,
) -> tuple[list[float], list[float]]:
    from textual.widgets import TextArea

    from blogtui.tui.widgets.fasttextarea import FastTextArea

    cls = TextArea if stock else FastTextArea
    tmp = Path(tempfile.mkdtemp())
    post = tmp / "2024-01-02-bench.md"
    post.write_text(text, "utf-8")
    from blogtui.tui.app import STYLESHEET

    class Bench(App[None]):
        CSS_PATH = STYLESHEET  # the app's one stylesheet

        def compose(self) -> ComposeResult:
            if not screen:
                yield cls(text, language=language, show_line_numbers=True, soft_wrap=True)

        async def on_mount(self) -> None:
            if screen:
                from blogtui.blog.site import open_site
                from blogtui.config import Settings
                from blogtui.tui.screens.editor import EditorScreen

                settings = Settings(data_dir=tmp / "data")
                await self.push_screen(EditorScreen(post, site=open_site(tmp), settings=settings))

    app = Bench()
    times: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if screen:
            from blogtui.tui.screens.editor import EditorScreen

            while not (isinstance(app.screen, EditorScreen) and app.screen.loaded):
                await asyncio.sleep(0.01)
            app.screen.action_toggle_preview()
            await asyncio.sleep(1.0)
            await app.workers.wait_for_complete()
        area = app.screen.query_one(TextArea)
        area.focus()
        # type in the middle of the document, like an author revising
        area.move_cursor((area.document.line_count // 2, 0))
        await pilot.pause()
        before = area.document.text
        letters = "the quick brown fox jumps over the lazy dog "
        for i in range(keys):
            ch = letters[i % len(letters)]
            key = "space" if ch == " " else ch
            if enter:  # lines added and removed: every line below moves
                key, ch = ("enter", "\r") if i % 2 == 0 else ("backspace", None)
            event = events.Key(key, ch)
            event.set_sender(app)
            t0 = time.perf_counter()
            c0 = time.process_time()
            selection = area.selection
            app._driver.send_message(event)
            while area.selection == selection:  # the key reached the editor and was applied
                await asyncio.sleep(0)
            await pilot._wait_for_screen()  # every queued message handled (no idle-wait padding)
            app.screen._on_timer_update()  # run the compositor now: the repaint is part of the cost
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            # between keys, untimed: let timers/workers run. With the whole screen, type in bursts of
            # ten keys and pause as authors do, so the debounced validation and preview really run
            # (and a keystroke may land while they do: that is measured too).
            await asyncio.sleep(0.8 if screen and i % 10 == 9 else 0.002)
        assert enter or area.document.text != before, "the keystrokes did not reach the editor"
        if screen:
            await asyncio.sleep(0.6)  # let debounced validation/preview finish before exit
    return times, cpu


def report(name: str, result: tuple[list[float], list[float]]) -> None:
    """Wall time (what the user waits) and this process's CPU time (robust to a busy machine)."""
    times, cpu = result
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    print(
        f"{name:<44} wall mean {statistics.mean(times):6.2f} median {statistics.median(times):6.2f} "
        f"p95 {p95:6.2f} | cpu mean {statistics.mean(cpu):6.2f} median {statistics.median(cpu):6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--stock", action="store_true", help="Textual's TextArea instead of FastTextArea"
    )
    parser.add_argument(
        "--screen", action="store_true", help="the whole EditorScreen (validation + preview on)"
    )
    parser.add_argument("--only", help="one case: '10 lines', '10,000 lines', '100 KB', ...")
    parser.add_argument("--enter", action="store_true", help="enter and backspace, not letters")
    parser.add_argument("--plain", action="store_true", help="no Markdown highlighting")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the run, print the top functions"
    )
    args = parser.parse_args()
    label = "stock TextArea" if args.stock else ("EditorScreen" if args.screen else "FastTextArea")
    for name, make in CASES.items():
        if args.only and args.only != name:
            continue
        text = make()
        for language in [None] if args.plain else [None, "markdown"]:
            if args.screen and language is None:
                continue
            run = measure(
                text, stock=args.stock, language=language, screen=args.screen, enter=args.enter
            )
            if args.profile:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                prof.enable()
                times = asyncio.run(run)
                prof.disable()
                pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
            else:
                times = asyncio.run(run)
            hl = "markdown" if language or args.screen else "plain"
            hl += ", enter/backspace" if args.enter else ""
            report(f"{label} {name} ({len(text) // 1000} KB, {hl})", times)


if __name__ == "__main__":
    main()
