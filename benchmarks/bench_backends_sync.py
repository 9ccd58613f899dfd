"""Sync benchmark for the GitHub and Staticman backends: many posts, many comments, all local.

    /work/venv/bin/python benchmarks/bench_backends_sync.py [--posts 1000] [--comments 20000]

GitHub: the fake API (tests/support/fake_github.py) holds one issue per post (utterances' pathname
terms) and the comments spread over them; prints time and requests (all / conditional / 304)
for a first sync, a second sync with nothing changed, and a --force sync (every thread asked
again: conditional requests only). Staticman: the same comments as YAML files in
``_data/comments/<slug>/``; prints the time of a first and a second sync.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.support.fake_github import FakeGitHub  # noqa: E402

from blogtui.comments.github import GitHubBackend  # noqa: E402
from blogtui.comments.model import ThreadRef  # noqa: E402
from blogtui.comments.staticman import StaticmanBackend  # noqa: E402
from blogtui.comments.store import CommentStore  # noqa: E402
from blogtui.comments.sync import SyncEngine, SyncPolicy  # noqa: E402

WORDS = "the a blog post theme jekyll markdown terminal comment reply thanks great idea but however code python rust".split()


def refs_for(posts: int) -> list[ThreadRef]:
    out = []
    for i in range(posts):
        slug = f"post-{i}"
        url = f"/blog/{2000 + i // 365}/{i % 12 + 1:02d}/{i % 28 + 1:02d}/{slug}.html"
        out.append(ThreadRef(key=url, title=f"Post {i}", url=url, slug=slug))
    return out


def text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 80)))


async def sync(
    backend: object, store: CommentStore, refs: list[ThreadRef], force: bool = False
) -> tuple[float, object]:
    t = time.perf_counter()
    report = await SyncEngine(backend, store, SyncPolicy(concurrency=8)).sync(refs, force=force)  # type: ignore[arg-type]
    await backend.aclose()  # type: ignore[attr-defined]
    return time.perf_counter() - t, report


def bench_github(posts: int, comments: int, rng: random.Random, tmp: Path) -> None:
    gh = FakeGitHub(core_limit=10**9).start()
    refs = refs_for(posts)
    numbers = [gh.add_issue(r.url.lstrip("/").removesuffix(".html")) for r in refs]
    for i in range(comments):
        gh.add_comment(numbers[i % posts], f"reader{i % 97}", text(rng))
    store = CommentStore(tmp / "gh-cache", tmp / "gh-data")

    def backend() -> GitHubBackend:
        return GitHubBackend(
            "octo/blog-comments",
            api_url=gh.url,
            token=gh.token,
            cache_dir=tmp / "gh-cache",
            concurrency=8,
            timeout=60,
        )

    for label, force in (
        ("first sync", False),
        ("second sync, nothing changed", False),
        ("--force sync, nothing changed", True),
    ):
        gh.requests.clear()
        seconds, report = asyncio.run(sync(backend(), store, refs, force))
        cond = sum(r.conditional for r in gh.requests)
        n304 = sum(r.status == 304 for r in gh.requests)
        print(
            f"github  {label:32s} {seconds:7.2f} s  {len(gh.requests):5d} requests ({cond} conditional, {n304} answered 304)  fetched={report.fetched} unchanged={report.unchanged} failed={len(report.failed)}"
        )  # type: ignore[attr-defined]
    store.close()
    gh.stop()


def bench_staticman(posts: int, comments: int, rng: random.Random, tmp: Path) -> None:
    site = tmp / "site"
    refs = refs_for(posts)
    for i in range(comments):
        folder = site / "_data" / "comments" / refs[i % posts].slug
        folder.mkdir(parents=True, exist_ok=True)
        record = {
            "_id": f"id-{i}",
            "replying_to": "",
            "message": text(rng),
            "name": f"Reader {i % 97}",
            "email": "",
            "url": "",
            "date": 1_600_000_000 + i,
        }
        (folder / f"entry{i}.yml").write_text(yaml.safe_dump(record), "utf-8")
    store = CommentStore(tmp / "st-cache", tmp / "st-data")
    for label in ("first sync", "second sync, nothing changed"):
        seconds, report = asyncio.run(
            sync(StaticmanBackend(site / "_data" / "comments"), store, refs)
        )
        print(
            f"staticman {label:30s} {seconds:7.2f} s  fetched={report.fetched} unchanged={report.unchanged}"
        )  # type: ignore[attr-defined]
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as d:
        print(f"{args.posts} posts, {args.comments} comments")
        bench_github(args.posts, args.comments, rng, Path(d))
        bench_staticman(args.posts, args.comments, rng, Path(d))


if __name__ == "__main__":
    main()
