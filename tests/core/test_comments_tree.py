"""Threads as the reader shows them: a reply chain thousands deep, stored in the cache, loads and
flattens without recursion; cycles and orphans are shown, once each."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from blogtui.comments.model import Comment, Thread
from blogtui.comments.staticman import comment_date
from blogtui.comments.store import CommentStore
from blogtui.comments.tree import display_rows

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def comment(cid: str, parent: str | None, minute: int = 0) -> Comment:
    return Comment(
        id=cid,
        thread="/t.html",
        parent=parent,
        author="x",
        text=f"c{cid}",
        created=T0 + timedelta(minutes=minute),
    )


def test_a_reply_chain_5000_deep_in_the_cache_loads_and_flattens(tmp_path: Path) -> None:
    depth = 5000
    chain = [comment(str(i), str(i - 1) if i else None, i) for i in range(depth)]
    with CommentStore(tmp_path / "cache", tmp_path / "data") as store:
        store.replace_thread(Thread("/t.html", chain), count=depth)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the chain's depth: any recursion over it fails
    try:
        with CommentStore(tmp_path / "cache", tmp_path / "data") as store:  # a restart
            rows = display_rows(store.load_thread("/t.html").comments)
    finally:
        sys.setrecursionlimit(limit)
    assert [(c.id, d) for c, d in rows[:3]] == [("0", 0), ("1", 1), ("2", 2)]
    assert rows[-1][1] == depth - 1 and len(rows) == depth


def test_display_order_siblings_oldest_first_orphans_and_cycles_at_the_top() -> None:
    comments = [
        comment("a", None, 0),
        comment("b", "a", 1),
        comment("c", None, 2),
        comment("d", "a", 3),
        comment("e", "gone", 4),  # its parent was deleted on the server
        comment("f", "g", 5),  # f and g reply to each other
        comment("g", "f", 6),
        comment("h", "h", 7),  # a reply to itself
    ]
    rows = [(c.id, d) for c, d in display_rows(comments)]
    assert rows == [
        ("a", 0),
        ("b", 1),
        ("d", 1),
        ("c", 0),
        ("e", 0),
        ("h", 0),
        ("f", 0),
        ("g", 1),
    ]


def test_staticman_dates_too_big_for_a_clock_are_no_date() -> None:
    assert comment_date(10**400) is None
    assert comment_date("9" * 5000) is None
