"""Generate a synthetic Jekyll-style blog for benchmarks.

    python benchmarks/synth.py OUT_DIR N [--seed 1] [--drafts 0.02]

Posts look like real ones: front matter with title, date (+0300), categories as a string or a list,
tags as a string or a list, sometimes ``published: false``; bodies of 2-6 KB with headings,
paragraphs, lists, fenced code in three languages, a table now and then, links, and the Jekyll
leftovers a reader meets (``{% highlight %}``, ``{% post_url %}``, ``{{ site.baseurl }}``, ``{: .note}``).
The output is deterministic for a given seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    "python django cache query index memory worker thread process kafka consumer latency request "
    "response database postgres redis import module garbage collector generation profile sample "
    "benchmark throughput queue partition offset commit serializer template view middleware orm "
    "connection pool timeout retry backoff batch stream log metric trace span deploy container "
    "the a of to in and for with on is that it as by this we our when how why fast slow each every "
    "first then again never always only more less time cost load page user data value key result"
).split()
CATEGORIES = [
    "python",
    "django",
    "performance",
    "database",
    "caching",
    "kafka",
    "devops",
    "testing",
    "asyncio",
    "memory",
]
TAGS = [
    "gc",
    "orm",
    "sql",
    "redis",
    "profiling",
    "imports",
    "celery",
    "gunicorn",
    "postgres",
    "n+1",
    "pypy",
    "cython",
]
CODE = {
    "python": "def handler(event):\n    total = 0\n    for item in event['items']:\n        total += item['price'] * item['qty']\n    return {'total': total}\n",
    "sql": "SELECT o.id, c.name, SUM(i.price)\n  FROM orders o\n  JOIN customers c ON c.id = o.customer_id\n  JOIN items i ON i.order_id = o.id\n GROUP BY o.id, c.name;\n",
    "bash": 'py-spy record --pid "$PID" --duration 30 --output profile.svg\nredis-cli --latency\n',
}


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = f"`{rng.choice(WORDS)}()`"
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.com/{rng.choice(WORDS)})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def block(rng: random.Random, names: list[str]) -> str:
    r = rng.random()
    if r < 0.10:
        return "## " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
    if r < 0.20:
        return "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 5)))
    if r < 0.27:
        lang = rng.choice(list(CODE))
        return f"```{lang}\n{CODE[lang]}```"
    if r < 0.30:
        return "{% highlight python %}\n" + CODE["python"] + "{% endhighlight %}"
    if r < 0.33:
        rows = "\n".join(
            f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} ms | {rng.randint(1, 99)}% |"
            for _ in range(4)
        )
        return "| step | time | share |\n|------|-----:|------:|\n" + rows
    if r < 0.36 and names:
        return f"See [an earlier post]({{% post_url {rng.choice(names)} %}}) first.\n{{: .note}}"
    if r < 0.38:
        return f"![graph]({{{{ site.baseurl }}}}/assets/img/{rng.choice(WORDS)}.png)"
    return paragraph(rng)


def body(rng: random.Random, size: int, names: list[str] | None = None) -> str:
    """Markdown of about ``size`` characters."""
    parts: list[str] = []
    length = 0
    while length < size:
        b = block(rng, names or [])
        parts.append(b)
        length += len(b) + 2
    return "\n\n".join(parts) + "\n"


def front_matter(rng: random.Random, title: str, when: datetime) -> str:
    cats = rng.sample(CATEGORIES, rng.randint(1, 2))
    tags = rng.sample(TAGS, rng.randint(0, 3))
    lines = ["---", "layout: post", f'title: "{title}"', f"date: {when:%Y-%m-%d %H:%M:%S} +0300"]
    if rng.random() < 0.5:
        lines.append("categories: " + " ".join(cats))
    else:
        lines.append("categories: [" + ", ".join(cats) + "]")
    if tags:
        if rng.random() < 0.5:
            lines.append("tags: " + " ".join(tags))
        else:
            lines.append("tags:")
            lines.extend(f"  - {t}" for t in tags)
    if rng.random() < 0.03:
        lines.append("published: false")
    lines.append("---")
    return "\n".join(lines) + "\n"


def generate(folder: Path, n: int, *, seed: int = 1, drafts: float = 0.02) -> list[Path]:
    """Write ``n`` posts (a share of them drafts) into ``folder``; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2015, 1, 1, 8, 0, 0)
    names: list[str] = []
    paths: list[Path] = []
    for i in range(n):
        when = start + timedelta(hours=i * 7 + rng.randint(0, 6), minutes=rng.randint(0, 59))
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 7))]
        title = " ".join(words).capitalize() + f" ({i})"
        slug = "-".join(words) + f"-{i}"
        text = front_matter(rng, title, when) + body(rng, rng.randint(2000, 6000), names[-50:])
        if rng.random() < drafts:
            path = folder / "_drafts" / f"{slug}.md"
            path.parent.mkdir(exist_ok=True)
        else:
            name = f"{when:%Y-%m-%d}-{slug}"
            names.append(name)
            path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def big_post(size: int, *, seed: int = 2, marker: str = "") -> str:
    """A whole post file (front matter + body) of about ``size`` bytes for the display benchmarks.

    ``marker`` starts the body, so a benchmark can see when the post is on screen.
    """
    rng = random.Random(seed)
    head = front_matter(rng, f"A post of {size // 1000} KB", datetime(2024, 5, 6, 7, 8, 9))
    first = f"{marker} {paragraph(rng)}\n\n" if marker else ""
    return head + first + body(rng, max(0, size - len(head) - len(first)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drafts", type=float, default=0.02, help="share of drafts (default 0.02)")
    args = parser.parse_args()
    paths = generate(args.out, args.n, seed=args.seed, drafts=args.drafts)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} posts, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
