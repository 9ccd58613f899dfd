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

import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from blogtui.comments.model import Comment, Draft, DraftState, Thread

CACHE_VERSION = 2  # 2: threads.warnings (a cache: an older file is simply rebuilt)
DATA_VERSION = 2  # 2: outbox.lease_until (one sender at a time, across processes)
CACHE_FILE = "comments.sqlite3"
DATA_FILE = "comments-outbox.sqlite3"


class StoreError(Exception):
    """The store cannot be used (e.g. the outbox was written by a newer blogtui)."""


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


def _ts(dt: datetime | None) -> float | None:
    return dt.timestamp() if dt is not None else None


def _dt(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None


def _now() -> datetime:
    return datetime.now(UTC)


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

_DATA_SCHEMA = """
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread TEXT NOT NULL,
    parent TEXT,
    text TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    state TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    remote_id TEXT,
    nonce TEXT NOT NULL,
    sent_at REAL,
    updated REAL NOT NULL,
    lease_until REAL
);
CREATE INDEX outbox_by_thread ON outbox(thread, state);
CREATE TABLE read_marks (
    thread TEXT PRIMARY KEY,
    read_at REAL NOT NULL
);
"""


def _connect(path: Path, *, durable: bool) -> sqlite3.Connection:
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


def _open_cache(path: Path) -> sqlite3.Connection:
    """Open the cache, rebuilding it when the version differs or the file is damaged."""
    for attempt in range(2):
        try:
            conn = _connect(path, durable=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != CACHE_VERSION:
                has_tables = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type='table'"
                ).fetchone()[0]
                if has_tables:
                    conn.close()
                    raise sqlite3.DatabaseError("old cache version")
                conn.executescript(
                    "BEGIN;" + _CACHE_SCHEMA + f"PRAGMA user_version = {CACHE_VERSION}; COMMIT;"
                )
            conn.execute(_RUNS_SCHEMA)
            return conn
        except sqlite3.DatabaseError:
            if attempt:
                raise
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    raise AssertionError("unreachable")


def _open_data(path: Path) -> sqlite3.Connection:
    """Open the outbox. Never destroys it: a damaged file is moved aside and kept."""
    conn = None
    try:
        conn = _connect(path, durable=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        if conn is not None:
            conn.close()
        aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
        path.rename(aside)
        conn = _connect(path, durable=True)
        version = 0
    if version > DATA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer blogtui (schema {version}); update blogtui to use it"
        )
    if version == 0:
        conn.executescript(
            "BEGIN;" + _DATA_SCHEMA + f"PRAGMA user_version = {DATA_VERSION}; COMMIT;"
        )
    elif version < DATA_VERSION:
        conn.executescript(
            "BEGIN;"
            + "".join(_DATA_MIGRATIONS[v] for v in range(version, DATA_VERSION))
            + f"PRAGMA user_version = {DATA_VERSION}; COMMIT;"
        )
    return conn


#: SQL that takes the outbox from version N to N + 1 (never loses a row)
_DATA_MIGRATIONS = {
    1: "ALTER TABLE outbox ADD COLUMN lease_until REAL;",
}


class CommentStore:
    """Threads, comments, sync state (cache) and the outbox, read marks (data). Thread-safe."""

    def __init__(self, cache_dir: Path, data_dir: Path):
        self.cache_path = Path(cache_dir) / CACHE_FILE
        self.data_path = Path(data_dir) / DATA_FILE
        self._lock = threading.RLock()
        self._cache = _open_cache(self.cache_path)
        self._data = _open_data(self.data_path)

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

    # -- threads -------------------------------------------------------------------------------

    def load_thread(self, key: str) -> Thread:
        """The stored copy of a thread (empty if never fetched), oldest comment first."""
        with self._lock:
            row = self._cache.execute(
                "SELECT total, etag, warnings FROM threads WHERE key=?", (key,)
            ).fetchone()
            rows = self._cache.execute(
                "SELECT * FROM comments WHERE thread=? ORDER BY created, id", (key,)
            ).fetchall()
        comments = [
            Comment(
                id=r["id"],
                thread=key,
                parent=r["parent"],
                author=r["author"],
                text=r["text"],
                created=_dt(r["created"]),  # type: ignore[arg-type]
                modified=_dt(r["modified"]),
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
        when = when or _now()
        rows = [
            (
                thread.key,
                c.id,
                c.parent,
                c.author,
                c.text,
                _ts(c.created),
                _ts(c.modified),
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
                    _ts(when),
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
                (key, count, _ts(when or _now()), etag),
            )

    def record_error(self, key: str, message: str, *, when: datetime | None = None) -> None:
        """Remember why a thread failed to sync; its stored comments stay as they were."""
        with self._tx(self._cache) as db:
            db.execute(
                "INSERT INTO threads(key, error, error_at) VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET error=excluded.error, error_at=excluded.error_at",
                (key, message, _ts(when or _now())),
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
            synced_at=_dt(r["synced_at"]),
            etag=r["etag"],
            error=r["error"],
            error_at=_dt(r["error_at"]),
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
        return {r[0]: _dt(r[1]) for r in rows}  # type: ignore[misc]

    def comment_ids(self, key: str) -> set[str]:
        """The ids of a thread's stored comments (to tell which of a fetch's are new)."""
        with self._lock:
            rows = self._cache.execute("SELECT id FROM comments WHERE thread=?", (key,)).fetchall()
        return {r[0] for r in rows}

    def mark_synced(self, when: datetime | None = None) -> None:
        """A sync met no error: from now on "last synced" is ``when``."""
        with self._tx(self._cache) as db:
            db.execute("INSERT OR REPLACE INTO runs VALUES ('sync', ?)", (_ts(when or _now()),))

    def last_good_sync(self) -> datetime | None:
        """When the last sync that met no error ended (None: never)."""
        with self._lock:
            r = self._cache.execute("SELECT at FROM runs WHERE what='sync'").fetchone()
        return _dt(r[0]) if r else None

    def last_sync(self) -> datetime | None:
        """When any thread was last fetched successfully (for 'offline, last synced …')."""
        with self._lock:
            r = self._cache.execute("SELECT max(synced_at) FROM threads").fetchone()
        return _dt(r[0]) if r and r[0] is not None else None

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
                r = self._cache.execute(
                    "SELECT count(*) FROM comments WHERE thread=? AND created>? AND deleted=0",
                    (key, mark.timestamp()),
                ).fetchone()
                if r[0]:
                    out[key] = r[0]
        return out

    # -- read marks ----------------------------------------------------------------------------

    def read_marks(self) -> dict[str, datetime]:
        """Every thread's "read up to" time."""
        with self._lock:
            rows = self._data.execute("SELECT thread, read_at FROM read_marks").fetchall()
        return {r[0]: _dt(r[1]) for r in rows}  # type: ignore[misc]

    def mark_read(self, key: str, when: datetime | None = None) -> None:
        with self._tx(self._data) as db:
            db.execute("INSERT OR REPLACE INTO read_marks VALUES (?,?)", (key, _ts(when or _now())))

    def last_read(self, key: str) -> datetime | None:
        """When the user last read this thread; comments created later are "new"."""
        with self._lock:
            r = self._data.execute(
                "SELECT read_at FROM read_marks WHERE thread=?", (key,)
            ).fetchone()
        return _dt(r[0]) if r else None

    # -- outbox --------------------------------------------------------------------------------

    def add_draft(self, draft: Draft) -> Draft:
        """Put a reply in the outbox at once (durably). Returns it with its id, time and nonce."""
        draft.created = draft.created or _now()
        draft.nonce = draft.nonce or secrets.token_hex(8)
        draft.state = DraftState.PENDING
        with self._tx(self._data) as db:
            cur = db.execute(
                "INSERT INTO outbox(thread, parent, text, author, email, website, title, created, state, error, attempts, remote_id, nonce, updated) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    draft.thread,
                    draft.parent,
                    draft.text,
                    draft.author,
                    draft.email,
                    draft.website,
                    draft.title,
                    _ts(draft.created),
                    draft.state,
                    draft.error,
                    draft.attempts,
                    draft.remote_id,
                    draft.nonce,
                    time.time(),
                ),
            )
        draft.id = cur.lastrowid
        return draft

    def update_draft(self, draft: Draft, *, sent_at: datetime | None = None) -> None:
        """Write a draft's new state (and edited text) back; one transaction, fsynced.
        Any state but "sending" releases the claim on it."""
        if draft.id is None:
            raise StoreError("draft has no outbox id")
        with self._tx(self._data) as db:
            db.execute(
                "UPDATE outbox SET parent=?, text=?, author=?, email=?, website=?, title=?, state=?, error=?, attempts=?, remote_id=?, "
                "sent_at=coalesce(sent_at, ?), updated=?, lease_until=CASE WHEN ?='sending' THEN lease_until ELSE NULL END WHERE id=?",
                (
                    draft.parent,
                    draft.text,
                    draft.author,
                    draft.email,
                    draft.website,
                    draft.title,
                    draft.state,
                    draft.error,
                    draft.attempts,
                    draft.remote_id,
                    _ts(sent_at),
                    time.time(),
                    draft.state,
                    draft.id,
                ),
            )

    def claim_draft(self, draft: Draft, *, lease: float, now: datetime | None = None) -> bool:
        """Take a draft for sending: only if nobody changed it since we read it and no other sync
        (this process or another) holds it. Sets state "sending", counts the attempt, records the
        first send time. False means leave it alone."""
        if draft.id is None:
            raise StoreError("draft has no outbox id")
        t = (now or _now()).timestamp()
        with self._tx(self._data) as db:
            cur = db.execute(
                "UPDATE outbox SET state='sending', attempts=attempts+1, sent_at=coalesce(sent_at, ?), lease_until=?, updated=? "
                "WHERE id=? AND state=? AND text=? AND (lease_until IS NULL OR lease_until < ?)",
                (t, t + lease, time.time(), draft.id, draft.state, draft.text, t),
            )
        if cur.rowcount != 1:
            return False
        draft.state, draft.attempts = DraftState.SENDING, draft.attempts + 1
        return True

    def edit_draft(self, draft_id: int, text: str) -> Draft:
        """The user edited a reply (e.g. a rejected one): it goes back to pending."""
        d = self.draft(draft_id)
        if d is None:
            raise StoreError(f"no reply #{draft_id} in the outbox")
        if d.state in (DraftState.SENT, DraftState.SENDING, DraftState.UNKNOWN):
            raise StoreError("this reply may already be on the server; it cannot be edited here")
        d.text, d.state, d.error = text, DraftState.PENDING, ""
        self.update_draft(d)
        return d

    def discard_draft(self, draft_id: int) -> None:
        """Only on the user's explicit request: remove a reply from the outbox."""
        with self._tx(self._data) as db:
            db.execute("DELETE FROM outbox WHERE id=?", (draft_id,))

    def draft(self, draft_id: int) -> Draft | None:
        with self._lock:
            r = self._data.execute("SELECT * FROM outbox WHERE id=?", (draft_id,)).fetchone()
        return self._draft(r) if r else None

    def drafts(self, thread: str | None = None, states: Iterable[str] | None = None) -> list[Draft]:
        """Outbox entries, oldest first; by default those not yet on the server."""
        wanted = (
            list(states)
            if states is not None
            else [DraftState.PENDING, DraftState.SENDING, DraftState.UNKNOWN, DraftState.REJECTED]
        )
        sql = f"SELECT * FROM outbox WHERE state IN ({','.join('?' * len(wanted))})"
        params: list[object] = list(wanted)
        if thread is not None:
            sql += " AND thread=?"
            params.append(thread)
        with self._lock:
            rows = self._data.execute(sql + " ORDER BY id", params).fetchall()
        return [self._draft(r) for r in rows]

    def sent_at(self, draft_id: int) -> datetime | None:
        with self._lock:
            r = self._data.execute("SELECT sent_at FROM outbox WHERE id=?", (draft_id,)).fetchone()
        return _dt(r[0]) if r else None

    def claimed_ids(self, thread: str) -> set[str]:
        """Remote ids already matched to sent drafts (so one comment never counts for two drafts)."""
        with self._lock:
            rows = self._data.execute(
                "SELECT remote_id FROM outbox WHERE thread=? AND remote_id IS NOT NULL", (thread,)
            ).fetchall()
        return {r[0] for r in rows}

    @staticmethod
    def _draft(r: sqlite3.Row) -> Draft:
        return Draft(
            thread=r["thread"],
            text=r["text"],
            parent=r["parent"],
            author=r["author"],
            email=r["email"],
            website=r["website"],
            title=r["title"],
            id=r["id"],
            created=_dt(r["created"]),
            state=r["state"],
            error=r["error"],
            attempts=r["attempts"],
            remote_id=r["remote_id"],
            nonce=r["nonce"],
        )
