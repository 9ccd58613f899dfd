"""From a block line (text offsets) to styled pieces: style runs plus overlays (search matches,
the focused link). Pure functions over the flat run arrays, so they are easy to test."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

__all__ = ["first_run", "overlay", "pieces"]


def first_run(runs: array, start: int) -> int:
    """Index (in runs, not in the array) of the first run that ends after ``start``."""
    lo, hi = 0, len(runs) // 3
    while lo < hi:
        mid = (lo + hi) // 2
        if runs[3 * mid + 1] <= start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def pieces(runs: array | None, start: int, end: int) -> list[tuple[int, int, int]]:
    """Cover ``[start, end)`` with (a, b, style id) pieces; unstyled gaps get id 0."""
    if not runs:
        return [(start, end, 0)] if end > start else []
    out: list[tuple[int, int, int]] = []
    pos = start
    k = first_run(runs, start)
    n = len(runs) // 3
    while k < n and runs[3 * k] < end:
        a = max(runs[3 * k], start)
        b = min(runs[3 * k + 1], end)
        if a > pos:
            out.append((pos, a, 0))
            pos = a  # an empty run must not make the next gap start before it (text drawn twice)
        if b > a:
            out.append((a, b, runs[3 * k + 2]))
            pos = b
        k += 1
    if pos < end:
        out.append((pos, end, 0))
    return out


def overlay(
    base: Sequence[tuple[int, int, int]], marks: Sequence[tuple[int, int, Any]]
) -> list[tuple[int, int, int, Any]]:
    """Split ``base`` pieces by ``marks`` (a, b, tag); each result carries the tag or ``None``.

    Later marks win where marks overlap.
    """
    if not marks:
        return [(a, b, sid, None) for a, b, sid in base]
    cuts = set()
    for a, b, _ in marks:
        cuts.add(a)
        cuts.add(b)
    out: list[tuple[int, int, int, Any]] = []
    for a, b, sid in base:
        points = sorted({a, b, *(c for c in cuts if a < c < b)})
        for x, y in zip(points, points[1:]):
            tag = None
            for ma, mb, mtag in marks:
                if ma <= x and y <= mb:
                    tag = mtag
            out.append((x, y, sid, tag))
    return out
