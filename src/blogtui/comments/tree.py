"""A thread's comments in display order, as (comment, depth) rows: built without recursion.

Remote data decides how deep a thread goes (a 5,000-deep reply chain is a few bytes of JSON), so
the tree is walked with an explicit stack: each comment comes after its parent, siblings oldest
first (the order they are given in). A comment whose parent is not in the thread is shown at the
top level; so is a reply cycle (a replies to b replies to a), which no root reaches.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogtui.comments.model import Comment


def display_rows(comments: Sequence[Comment]) -> list[tuple[Comment, int]]:
    """Every comment once, as (comment, depth), in the order a threaded view shows them."""
    ids = {c.id for c in comments}
    children: dict[str | None, list[Comment]] = {}
    for c in comments:
        parent = c.parent if c.parent in ids and c.parent != c.id else None
        children.setdefault(parent, []).append(c)
    rows: list[tuple[Comment, int]] = []
    seen: set[str] = set()

    def walk(tops: Sequence[Comment]) -> None:
        stack = [(c, 0) for c in reversed(tops)]
        while stack:
            c, depth = stack.pop()
            if c.id in seen:
                continue
            seen.add(c.id)
            rows.append((c, depth))
            stack.extend((k, depth + 1) for k in reversed(children.get(c.id, ())))

    walk(children.get(None, []))
    for c in comments:  # only in a cycle: never reached from the top level
        if c.id not in seen:
            walk([c])
    return rows
