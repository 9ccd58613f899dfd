"""blogtui.cachedb: a cache file that is damaged or of another version is rebuilt, a current one
is kept with its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from blogtui.cachedb import open_cache_db

SCHEMA = "CREATE TABLE t (x INTEGER);"


def rows(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT x FROM t")]


def test_a_current_cache_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "c.sqlite3"
    conn = open_cache_db(path, 3, SCHEMA)
    conn.execute("INSERT INTO t VALUES (7)")
    conn.close()
    again = open_cache_db(path, 3, SCHEMA)
    assert rows(again) == [7]
    assert again.execute("PRAGMA user_version").fetchone()[0] == 3


def test_another_version_is_rebuilt_empty(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = open_cache_db(path, 1, SCHEMA)
    conn.execute("INSERT INTO t VALUES (7)")
    conn.close()
    created: list[bool] = []
    newer = open_cache_db(path, 2, SCHEMA, created=lambda c: created.append(True))
    assert rows(newer) == [] and created == [True]
    assert newer.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_damaged_file_and_its_wal_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    Path(str(path) + "-wal").write_bytes(b"junk")
    conn = open_cache_db(path, 1, SCHEMA)
    conn.execute("INSERT INTO t VALUES (1)")
    assert rows(conn) == [1]
