"""Realistic synthetic Markdown posts (headings, paragraphs, lists, code, tables, quotes) of a
given size, for the post-view benchmark. Deterministic (seeded) so runs are comparable."""

from __future__ import annotations

import random
import textwrap

WORDS = (
    "python django cache query index latency profile memory garbage collector import module "
    "kafka consumer producer batch throughput request response worker thread async await loop "
    "database replica shard connection pool timeout retry backoff metric trace span allocation "
    "the a of to and in is that for it as with was on be by this are or from at an but not"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    i = rng.randrange(len(words))
    style = rng.random()
    if style < 0.15:
        words[i] = f"**{words[i]}**"
    elif style < 0.3:
        words[i] = f"`{words[i]}()`"
    elif style < 0.4:
        words[i] = f"[{words[i]}](https://example.com/{words[i]})"
    elif style < 0.5:
        words[i] = f"*{words[i]}*"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
    return textwrap.fill(text, 72, break_long_words=False, break_on_hyphens=False)


CODE = '''```python
def cached(func):
    """Memoise {name} results in the request cache."""
    store = {{}}
    def wrapper(*args):
        if args not in store:
            store[args] = func(*args)
        return store[args]
    return wrapper
```'''


def _block(rng: random.Random, n: int) -> str:
    kind = rng.random()
    if kind < 0.45:
        return _paragraph(rng)
    if kind < 0.58:
        items = [f"* {_sentence(rng)}" for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.5:
            items.insert(1, f"\t* {_sentence(rng)}")
        return "\n".join(items)
    if kind < 0.66:
        return "\n".join(f"{i}. {_sentence(rng)}" for i in range(1, rng.randint(3, 6)))
    if kind < 0.78:
        return CODE.format(name=rng.choice(WORDS))
    if kind < 0.86:
        rows = ["| Setting | Value | Effect |", "|---|---:|---|"]
        rows += [
            f"| {rng.choice(WORDS)} | {rng.randint(1, 9999)} | {_sentence(rng)} |"
            for _ in range(rng.randint(2, 6))
        ]
        return "\n".join(rows)
    if kind < 0.93:
        return "> " + _sentence(rng) + "\n> " + _sentence(rng)
    return f"## Section {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}"


def make_post(size: int, seed: int = 1) -> str:
    """A post of about ``size`` characters."""
    rng = random.Random(seed)
    parts = ["# Making Django fast", _paragraph(rng)]
    total = sum(len(p) + 2 for p in parts)
    n = 0
    while total < size:
        n += 1
        block = _block(rng, n)
        parts.append(block)
        total += len(block) + 2
    return "\n\n".join(parts) + "\n"
