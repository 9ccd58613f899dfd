"""The outbox and the read marks: what only the user has, in ``<data_dir>/comments-outbox.sqlite3``.

Replies not yet on the server and "read up to" marks. Never deleted or rebuilt by us: a file we
cannot open is moved aside (kept) rather than overwritten, and a newer schema is refused. Every
write is one transaction, fsynced (``synchronous = FULL``).
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from blogtui.comments.db import StoreError, Tables, connect
from blogtui.comments.db import dt as _dt
from blogtui.comments.db import now as _now
from blogtui.comments.db import ts as _ts
from blogtui.comments.model import Draft, DraftState

#: 2: outbox.lease_until (one sender at a time, across processes); 3: replies that older
#: versions marked refused for a configuration error wait again (they are sent once it is fixed)
DATA_VERSION = 3
DATA_FILE = "comments-outbox.sqlite3"

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


def open_data(path: Path) -> sqlite3.Connection:
    """Open the outbox. Never destroys it: a damaged file is moved aside and kept."""
    conn = None
    try:
        conn = connect(path, durable=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        if conn is not None:
            conn.close()
        aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
        path.rename(aside)
        conn = connect(path, durable=True)
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
    # Before 3, a configuration error (no token, a token for another server, a post naming no
    # toot, a redirect) marked a reply refused for good; those errors were stored only as these
    # messages of the backends of that time, so this one-off step recognises them by their words.
    2: "UPDATE outbox SET state='pending' WHERE state='rejected' AND ("
    "error LIKE '%needs a token%' OR error LIKE '%needs an access token%' "
    "OR error LIKE '%refused the token%' OR error LIKE '%names no Mastodon status%' "
    "OR error LIKE '%but your token is for%' OR error LIKE '%refused by the server (30_)%' "
    "OR error LIKE '%refused by the server (30_:%');",
}


class OutboxTables(Tables):
    """The outbox and read marks of a CommentStore (``self._data`` is the outbox connection)."""

    _data: sqlite3.Connection

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
