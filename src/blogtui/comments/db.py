"""What the two comment stores share: SQLite connections, times as numbers, transactions.

The cache (blogtui.comments.store) and the outbox (blogtui.comments.outbox) are separate SQLite
files; both are opened by ``connect`` and written one transaction at a time behind one lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class StoreError(Exception):
    """The store cannot be used (e.g. the outbox was written by a newer blogtui)."""


def ts(dt: datetime | None) -> float | None:
    return dt.timestamp() if dt is not None else None


def dt(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None


def now() -> datetime:
    return datetime.now(UTC)


def connect(path: Path, *, durable: bool) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


class Tables:
    """Holds the lock every read and write of a store takes (the TUI reads from a worker thread
    while a sync writes)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    @contextmanager
    def _tx(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
