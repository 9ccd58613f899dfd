"""How long Jekyll's reading rules take per post: build_post on 10,000 synthetic front matters.

Usage: python benchmarks/build_post.py   (prints CPU microseconds per post, best of 3, for a few settings)

Front matter is not read here (that is the index's cost); this is only what build_post adds:
dates through Ruby's Time.parse rules, categories, the URL template, escaping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from blogtui.blog.post import build_post
from blogtui.blog.site import Site

N = 10_000


def main() -> None:
    root = Path("/blog")
    paths = [
        root / f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}-some-post-title-{i}.md" for i in range(N)
    ]
    metas = []
    for i in range(N):
        meta: dict[str, object] = {
            "title": f"Post {i}",
            "categories": "python perf",
            "tags": ["gc", "memory"],
        }
        if i % 3 == 1:
            meta["date"] = "2020-01-02 10:00:00 +0300"
        elif i % 3 == 2:
            meta["date"] = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
        metas.append(meta)
    now = datetime.now(UTC)
    for tz in ("UTC", "America/Los_Angeles"):
        for permalink in ("date", "pretty", "/:categories/:year/W:week/:short_day/:title/"):
            site = Site(
                root=root,
                posts_dir=root,
                drafts_dir=root / "_drafts",
                permalink=permalink,
                timezone=tz,
            )
            best = float("inf")
            for _ in range(3):
                start = time.process_time()
                for path, meta in zip(paths, metas):
                    build_post(site, path, "post", meta, mtime_ns=1, now=now)
                best = min(best, time.process_time() - start)
            print(
                f"build_post  tz={tz:<20} permalink={permalink:<45} {best / N * 1e6:6.1f} µs/post  {best:.3f} s/{N}"
            )


if __name__ == "__main__":
    main()
