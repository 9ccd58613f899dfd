"""A generated blog whose posts carry long tag lists (what froze the filter on a real blog).

    python benchmarks/longtags.py OUT_DIR N [--seed 1]

Titles and bodies are made of a technical vocabulary (benchmarks/synth.py); each post has 1-3
categories and 20-60 tags drawn from ~600 tag names; one post in 20 is in Russian, Japanese or
Chinese, so that full-text search has non-Latin text to find. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import CATEGORIES, WORDS, body

TAG_STEMS = (
    "design system tokens component accessibility layout grid typography color motion api "
    "backend frontend testing release ci deploy docker kubernetes observability tracing logging "
    "security auth oauth session cookie cache cdn database schema migration index query orm "
    "python django flask fastapi asyncio celery kafka redis postgres sqlite rust go typescript"
).split()
TAGS = [f"{a}-{b}" for a in TAG_STEMS[:25] for b in TAG_STEMS[25:]][:600]

FOREIGN = [
    (
        "Профилирование памяти и сборщик мусора",
        "Мы измеряем потребление памяти в рабочих процессах.",
    ),
    (
        "データベース接続のプーリング入門",
        "この記事ではデータベース接続の再利用について説明します。",
    ),
    ("缓存策略与性能优化", "本文介绍如何在服务中使用缓存来降低延迟。"),
]


def post_fields(rng: random.Random, i: int) -> tuple[str, str, list[str], list[str]]:
    """(title, slug, categories, tags) of the i-th post."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 8))]
    title = " ".join(words).capitalize() + f" ({i})"
    slug = "-".join(words) + f"-{i}"
    cats = rng.sample(CATEGORIES, rng.randint(1, 3))
    tags = rng.sample(TAGS, rng.randint(20, 60))
    return title, slug, cats, tags


def make_posts(n: int, *, seed: int = 1) -> list:
    """``n`` Post objects in memory (no files): the filter benchmark's data."""
    from blogtui.blog.post import Post

    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 8, 0, 0)
    posts = []
    for i in range(n):
        title, slug, cats, tags = post_fields(rng, i)
        when = start + timedelta(hours=i * 7)
        posts.append(
            Post(
                path=Path(f"/blog/_posts/{when:%Y-%m-%d}-{slug}.md"),
                rel=f"_posts/{when:%Y-%m-%d}-{slug}.md",
                kind="post",
                title=title,
                date=when,
                categories=tuple(cats),
                tags=tuple(tags),
                slug=slug,
                ext=".md",
                url=f"/{slug}.html",
            )
        )
    posts.reverse()  # the index is newest first
    return posts


def write_blog(folder: Path, n: int, *, seed: int = 1, drafts: float = 0.02) -> list[Path]:
    """Write ``n`` post files (a share of them drafts) into ``folder``; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2015, 1, 1, 8, 0, 0)
    paths = []
    for i in range(n):
        title, slug, cats, tags = post_fields(rng, i)
        text = body(rng, rng.randint(1500, 5000))
        if i % 20 == 7:
            title, para = FOREIGN[(i // 20) % len(FOREIGN)]
            title = f"{title} {i}"
            text = f"{para}\n\n{text}"
        when = start + timedelta(hours=i * 7 + rng.randint(0, 6))
        head = ["---", "layout: post", f'title: "{title}"', f"date: {when:%Y-%m-%d %H:%M:%S}"]
        head.append("categories: [" + ", ".join(cats) + "]")
        head.append("tags:")
        head.extend(f"  - {t}" for t in tags)
        head.append("---")
        if rng.random() < drafts:
            path = folder / "_drafts" / f"{slug}.md"
            path.parent.mkdir(exist_ok=True)
        else:
            path = folder / "_posts" / f"{when:%Y-%m-%d}-{slug}.md"
            path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(head) + "\n" + text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_blog(args.out, args.n, seed=args.seed)
    print(f"{len(paths)} posts in {args.out}")


if __name__ == "__main__":
    main()
