"""The offline store: fetched comments in the cache dir, the outbox and read marks in the data dir.

Two SQLite files, on purpose:
- ``<cache_dir>/comments.sqlite3`` holds what the server has (threads, comments, per-thread sync
  state and last error). It is a cache: if it is deleted, corrupt or of another schema version it
  is rebuilt and the next sync fills it again.
- ``<data_dir>/comments-outbox.sqlite3`` holds what only the user has: replies not yet on the
  server (the outbox) and "read up to" marks. It is never deleted or rebuilt by us; a file we
  cannot open is moved aside (kept) rather than overwritten, and a newer schema is refused.

Both use ``PRAGMA user_version`` for the schema version. Every write is one transaction, so a
thread is replaced whole (edits and deletions show, a crash leaves the old copy). Connections are
shared between threads behind a lock: the TUI reads from a worker thread while a sync writes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from blogtui.cachedb import open_cache_db
from blogtui.comments.db import StoreError, dt, now, ts
from blogtui.comments.model import Comment, Thread
from blogtui.comments.outbox import DATA_FILE, OutboxTables, open_data

__all__ = ["CACHE_FILE", "DATA_FILE", "CommentStore", "StoreError", "SyncState"]

CACHE_VERSION = 2  # 2: threads.warnings (a cache: an older file is simply rebuilt)
CACHE_FILE = "comments.sqlite3"


@dataclass(frozen=True, slots=True)
class SyncState:
    """What the last sync of one thread found."""

    key: str
    count: int | None = None  # the server's count when last fetched
    synced_at: datetime | None = None  # last successful fetch
    etag: str | None = None
    error: str = ""  # the last failure, '' after a success
    error_at: datetime | None = None
    source: str = ""


_CACHE_SCHEMA = """
CREATE TABLE threads (
    key TEXT PRIMARY KEY,
    total INTEGER NOT NULL DEFAULT 0,
    count INTEGER,
    synced_at REAL,
    etag TEXT,
    error TEXT NOT NULL DEFAULT '',
    error_at REAL,
    source TEXT NOT NULL DEFAULT '',
    warnings TEXT NOT NULL DEFAULT ''
);
CREATE TABLE comments (
    thread TEXT NOT NULL REFERENCES threads(key) ON DELETE CASCADE,
    id TEXT NOT NULL,
    parent TEXT,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created REAL NOT NULL,
    modified REAL,
    website TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0,
    pending INTEGER NOT NULL DEFAULT 0,
    likes INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (thread, id)
);
CREATE INDEX comments_by_time ON comments(thread, created);
"""
#: when the last sync that met no error ended ("last synced" means that, not a partial success)
_RUNS_SCHEMA = "CREATE TABLE IF NOT EXISTS runs (what TEXT PRIMARY KEY, at REAL NOT NULL);"


def _open_cache(path: Path) -> sqlite3.Connection:
    """Open the cache, rebuilding it when the version differs or the file is damaged."""

    def prepare(conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")

    conn = open_cache_db(path, CACHE_VERSION, _CACHE_SCHEMA, prepare=prepare)
    conn.execute(_RUNS_SCHEMA)
    return conn


class CommentStore(OutboxTables):
    """Threads, comments, sync state (cache) and, from OutboxTables, the outbox and read marks
    (data). Thread-safe."""

    def __init__(self, cache_dir: Path, data_dir: Path):
        self.cache_path = Path(cache_dir) / CACHE_FILE
        self.data_path = Path(data_dir) / DATA_FILE
        super().__init__()
        self._cache = _open_cache(self.cache_path)
        self._data = open_data(self.data_path)

    @classmethod
    def from_settings(cls, settings: object) -> CommentStore:
        return cls(settings.cache_dir, settings.data_dir)  # type: ignore[attr-defined]

    def close(self) -> None:
        with self._lock:
            self._cache.close()
            self._data.close()

    def __enter__(self) -> CommentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- threads -------------------------------------------------------------------------------

    def load_thread(self, key: str) -> Thread:
        """The stored copy of a thread (empty if never fetched), oldest comment first."""
        with self._lock:
            row = self._cache.execute(
                "SELECT total, etag, warnings FROM threads WHERE key=?", (key,)
            ).fetchone()
            rows = self._cache.execute(
                "SELECT * FROM comments WHERE thread=? ORDER BY created, id", (key,)
            )  # read row by row: 100,000 rows held at once cost as much as the comments
            comments = [
                Comment(
                    id=r["id"],
                    thread=key,
                    parent=r["parent"],
                    author=r["author"],
                    text=r["text"],
                    created=dt(r["created"]),  # type: ignore[arg-type]
                    modified=dt(r["modified"]),
                    website=r["website"],
                    deleted=bool(r["deleted"]),
                    pending=bool(r["pending"]),
                    likes=r["likes"],
                    source=r["source"],
                    url=r["url"],
                )
                for r in rows
            ]
        warnings = [w for w in row["warnings"].split("\n") if w] if row else []
        return Thread(
            key=key,
            comments=comments,
            total=row["total"] if row else 0,
            etag=row["etag"] if row else None,
            warnings=warnings,
        )

    def replace_thread(
        self,
        thread: Thread,
        *,
        count: int | None = None,
        source: str = "",
        when: datetime | None = None,
    ) -> None:
        """Store a freshly fetched thread in place of the old copy, in one transaction."""
        when = when or now()
        rows = [
            (
                thread.key,
                c.id,
                c.parent,
                c.author,
                c.text,
                ts(c.created),
                ts(c.modified),
                c.website,
                int(c.deleted),
                int(c.pending),
                c.likes,
                c.source,
                c.url,
            )
            for c in thread.comments
        ]
        with self._tx(self._cache) as db:
            db.execute(
                "INSERT INTO threads(key, total, count, synced_at, etag, error, error_at, source, warnings) VALUES (?,?,?,?,?,'',NULL,?,?) "
                "ON CONFLICT(key) DO UPDATE SET total=excluded.total, count=excluded.count, synced_at=excluded.synced_at, "
                "etag=excluded.etag, error='', error_at=NULL, source=excluded.source, warnings=excluded.warnings",
                (
                    thread.key,
                    thread.total or len(thread.comments),
                    count,
                    ts(when),
                    thread.etag,
                    source,
                    "\n".join(w.replace("\n", " ") for w in thread.warnings),
                ),
            )
            db.execute("DELETE FROM comments WHERE thread=?", (thread.key,))
            db.executemany(
                "INSERT OR REPLACE INTO comments VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )

    def mark_unchanged(
        self,
        key: str,
        *,
        count: int | None = None,
        etag: str | None = None,
        when: datetime | None = None,
    ) -> None:
        """A check found the thread unchanged (304, or same count and fresh): bump its sync time."""
        with self._tx(self._cache) as db:
            db.execute(
                "INSERT INTO threads(key, count, synced_at, etag) VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
                "synced_at=excluded.synced_at, error='', error_at=NULL, count=coalesce(excluded.count, count), etag=coalesce(excluded.etag, etag)",
                (key, count, ts(when or now()), etag),
            )

    def record_error(self, key: str, message: str, *, when: datetime | None = None) -> None:
        """Remember why a thread failed to sync; its stored comments stay as they were."""
        with self._tx(self._cache) as db:
            db.execute(
                "INSERT INTO threads(key, error, error_at) VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET error=excluded.error, error_at=excluded.error_at",
                (key, message, ts(when or now())),
            )

    def state(self, key: str) -> SyncState | None:
        with self._lock:
            r = self._cache.execute("SELECT * FROM threads WHERE key=?", (key,)).fetchone()
        return self._state(r) if r else None

    def states(self) -> dict[str, SyncState]:
        with self._lock:
            rows = self._cache.execute("SELECT * FROM threads").fetchall()
        return {r["key"]: self._state(r) for r in rows}

    @staticmethod
    def _state(r: sqlite3.Row) -> SyncState:
        return SyncState(
            key=r["key"],
            count=r["count"],
            synced_at=dt(r["synced_at"]),
            etag=r["etag"],
            error=r["error"],
            error_at=dt(r["error_at"]),
            source=r["source"],
        )

    def counts(self) -> dict[str, int]:
        """Stored comment counts per thread (deleted placeholders not counted), for the post list."""
        with self._lock:
            rows = self._cache.execute(
                "SELECT thread, count(*) FROM comments WHERE deleted=0 GROUP BY thread"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def newest(self) -> dict[str, datetime]:
        """Per thread, when its newest stored comment was written (edit windows, "new" marks)."""
        with self._lock:
            rows = self._cache.execute(
                "SELECT thread, max(created) FROM comments GROUP BY thread"
            ).fetchall()
        return {r[0]: dt(r[1]) for r in rows}  # type: ignore[misc]

    def comment_ids(self, key: str) -> set[str]:
        """The ids of a thread's stored comments (to tell which of a fetch's are new)."""
        with self._lock:
            rows = self._cache.execute("SELECT id FROM comments WHERE thread=?", (key,)).fetchall()
        return {r[0] for r in rows}

    def mark_synced(self, when: datetime | None = None) -> None:
        """A sync met no error: from now on "last synced" is ``when``."""
        with self._tx(self._cache) as db:
            db.execute("INSERT OR REPLACE INTO runs VALUES ('sync', ?)", (ts(when or now()),))

    def last_good_sync(self) -> datetime | None:
        """When the last sync that met no error ended (None: never)."""
        with self._lock:
            r = self._cache.execute("SELECT at FROM runs WHERE what='sync'").fetchone()
        return dt(r[0]) if r else None

    def last_sync(self) -> datetime | None:
        """When any thread was last fetched successfully (for 'offline, last synced …')."""
        with self._lock:
            r = self._cache.execute("SELECT max(synced_at) FROM threads").fetchone()
        return dt(r[0]) if r and r[0] is not None else None

    def new_since(self, marks: dict[str, datetime]) -> dict[str, int]:
        """Per thread with a read mark: how many stored comments were written after it (only
        threads with some; deleted placeholders not counted). For the post list's "new" marks."""
        newest = self.newest()
        out: dict[str, int] = {}
        with self._lock:
            for key, mark in marks.items():
                top = newest.get(key)
                if top is None or top <= mark:
                    continue
                rows = self._cache.execute(
                    "SELECT id FROM comments WHERE thread=? AND created>? AND deleted=0",
                    (key, mark.timestamp()),
                ).fetchall()
                own = self.claimed_ids(key) if rows else set()
                n = sum(1 for (cid,) in rows if cid not in own)  # our own replies are not news
                if n:
                    out[key] = n
        return out
