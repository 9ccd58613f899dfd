"""Open an SQLite file that is a cache: rebuilt, never repaired, when it is damaged or old.

The comment cache (blogtui.comments.store) and the full-text index (blogtui.blog.fulltext) are
caches in the cache dir: everything in them can be fetched or computed again. So a file written by
another version of blogtui (``PRAGMA user_version``), or one SQLite cannot read, is deleted with its
``-wal``/``-shm`` companions and created anew from ``schema``. Files that hold the user's data (the
outbox) are never opened through here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path


def open_cache_db(
    path: Path,
    version: int,
    schema: str,
    *,
    prepare: Callable[[sqlite3.Connection], None] | None = None,
    created: Callable[[sqlite3.Connection], None] | None = None,
) -> sqlite3.Connection:
    """A connection to the cache at ``path`` with tables of ``version`` (``schema``, SQL run in
    one transaction when the file is new). ``prepare(conn)`` runs on every open (pragmas, a row
    factory) before the version is read; ``created(conn)`` once, after the schema is written.
    Raises sqlite3.DatabaseError only when a fresh file cannot be made either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if prepare is not None:
                prepare(conn)
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found != version:
                tables = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type='table'"
                ).fetchone()[0]
                if tables:
                    raise sqlite3.DatabaseError(f"cache of version {found}, not {version}")
                conn.executescript(f"BEGIN;{schema}\nPRAGMA user_version = {version}; COMMIT;")
                if created is not None:
                    created(conn)
            return conn
        except sqlite3.DatabaseError:
            if conn is not None:
                conn.close()
            if attempt:
                raise
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    raise AssertionError("unreachable")
