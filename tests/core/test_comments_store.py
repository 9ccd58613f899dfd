"""The offline store: threads replaced whole, errors per thread, the outbox kept in the data dir."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from blogtui.comments.model import Comment, Draft, DraftState, Thread
from blogtui.comments.store import CACHE_FILE, DATA_FILE, CommentStore, StoreError
from blogtui.config import load_settings

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def comment(
    cid: str, text: str, parent: str | None = None, minutes: int = 0, **kw: object
) -> Comment:
    return Comment(
        id=cid,
        thread="/a.html",
        parent=parent,
        author="Ann",
        text=text,
        created=T0 + timedelta(minutes=minutes),
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "cache", tmp_path / "data"


def test_thread_round_trip_and_replace(dirs: tuple[Path, Path]) -> None:
    with CommentStore(*dirs) as store:
        assert store.load_thread("/a.html").comments == []
        store.replace_thread(
            Thread(
                "/a.html",
                [
                    comment("1", "first"),
                    comment("2", "reply", "1", 1),
                    comment("3", "gone", minutes=2),
                ],
            ),
            count=3,
        )
        # the server now has an edit and a deletion: the stored copy follows exactly
        store.replace_thread(
            Thread("/a.html", [comment("1", "first (edited)"), comment("2", "reply", "1", 1)]),
            count=2,
        )
        t = store.load_thread("/a.html")
    assert [(c.id, c.text, c.parent) for c in t.comments] == [
        ("1", "first (edited)", None),
        ("2", "reply", "1"),
    ]
    assert t.comments[0].created == T0


def test_stored_comments_survive_reopen_and_errors(dirs: tuple[Path, Path]) -> None:
    with CommentStore(*dirs) as store:
        store.replace_thread(Thread("/a.html", [comment("1", "first")]), count=1, when=T0)
        store.record_error("/a.html", "server error 500", when=T0 + timedelta(hours=1))
    with CommentStore(*dirs) as store:
        assert [c.text for c in store.load_thread("/a.html").comments] == ["first"]
        st = store.state("/a.html")
        assert (
            st is not None
            and st.error == "server error 500"
            and st.synced_at == T0
            and st.count == 1
        )
        assert store.last_sync() == T0
        store.mark_unchanged("/a.html", when=T0 + timedelta(hours=2))
        assert store.state("/a.html").error == ""  # type: ignore[union-attr]


def test_failed_replace_keeps_the_old_copy(dirs: tuple[Path, Path]) -> None:
    with CommentStore(*dirs) as store:
        store.replace_thread(Thread("/a.html", [comment("1", "first")]), count=1)
        bad = Thread(
            "/a.html",
            [
                comment("1", "new"),
                Comment(id="2", thread="/a.html", parent=None, author="x", text=None, created=T0),
            ],
        )  # type: ignore[arg-type]
        with pytest.raises(sqlite3.IntegrityError):
            store.replace_thread(bad, count=2)
        assert [c.text for c in store.load_thread("/a.html").comments] == ["first"]


def test_outbox_lives_in_the_data_dir_and_survives_cache_deletion(tmp_path: Path) -> None:
    settings = load_settings()
    with CommentStore.from_settings(settings) as store:
        d = store.add_draft(Draft(thread="/a.html", text="my reply", parent="3"))
        store.replace_thread(Thread("/a.html", [comment("1", "first")]), count=1)
    assert (settings.data_dir / DATA_FILE).is_file() and (settings.cache_dir / CACHE_FILE).is_file()
    assert not (settings.cache_dir / DATA_FILE).exists()
    for f in settings.cache_dir.iterdir():  # the user (or a cleaner) wipes the cache
        f.unlink()
    with CommentStore.from_settings(settings) as store:
        assert store.load_thread("/a.html").comments == []
        [kept] = store.drafts()
    assert (kept.id, kept.text, kept.parent, kept.state) == (
        d.id,
        "my reply",
        "3",
        DraftState.PENDING,
    )
    assert kept.nonce and kept.created is not None


def test_rejected_reply_is_kept_editable(dirs: tuple[Path, Path]) -> None:
    with CommentStore(*dirs) as store:
        d = store.add_draft(Draft(thread="/a.html", text="no"))
        d.state, d.error = DraftState.REJECTED, "text is too short (minimum length: 3)"
        store.update_draft(d)
        [r] = store.drafts("/a.html")
        assert r.error.startswith("text is too short")
        store.edit_draft(r.id, "now long enough")  # type: ignore[arg-type]
        [p] = store.drafts("/a.html")
        assert (p.text, p.state, p.error) == ("now long enough", DraftState.PENDING, "")


def test_read_marks(dirs: tuple[Path, Path]) -> None:
    with CommentStore(*dirs) as store:
        assert store.last_read("/a.html") is None
        store.mark_read("/a.html", T0)
    with CommentStore(*dirs) as store:
        assert store.last_read("/a.html") == T0


def test_old_cache_version_is_rebuilt(dirs: tuple[Path, Path]) -> None:
    cache, data = dirs
    cache.mkdir(parents=True)
    db = sqlite3.connect(cache / CACHE_FILE)
    db.execute("CREATE TABLE comments (whatever TEXT)")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with CommentStore(cache, data) as store:
        store.replace_thread(Thread("/a.html", [comment("1", "first")]))
        assert len(store.load_thread("/a.html").comments) == 1


def test_damaged_cache_is_rebuilt_but_damaged_outbox_is_kept(dirs: tuple[Path, Path]) -> None:
    cache, data = dirs
    cache.mkdir(parents=True)
    data.mkdir(parents=True)
    (cache / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    (data / DATA_FILE).write_bytes(b"my precious replies?" * 100)
    with CommentStore(cache, data) as store:
        assert store.drafts() == []
    kept = [p for p in data.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"my precious")


def test_newer_outbox_schema_is_refused_not_overwritten(dirs: tuple[Path, Path]) -> None:
    cache, data = dirs
    data.mkdir(parents=True)
    db = sqlite3.connect(data / DATA_FILE)
    db.execute("PRAGMA user_version = 7")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer blogtui"):
        CommentStore(cache, data)


def test_outbox_of_version_1_is_migrated_with_its_replies(dirs: tuple[Path, Path]) -> None:
    cache, data = dirs
    data.mkdir(parents=True)
    db = sqlite3.connect(data / DATA_FILE)
    db.executescript(
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, thread TEXT NOT NULL, parent TEXT, text TEXT NOT NULL, author TEXT NOT NULL DEFAULT '', "
        "email TEXT NOT NULL DEFAULT '', website TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', created REAL NOT NULL, state TEXT NOT NULL, "
        "error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, remote_id TEXT, nonce TEXT NOT NULL, sent_at REAL, updated REAL NOT NULL);"
        "CREATE TABLE read_marks (thread TEXT PRIMARY KEY, read_at REAL NOT NULL);"
        "INSERT INTO outbox(thread, text, created, state, nonce, updated) VALUES ('/a.html', 'written with version 1', 0, 'pending', 'n', 0);"
        "PRAGMA user_version = 1;"
    )
    db.close()
    with CommentStore(cache, data) as store:
        [d] = store.drafts()
        assert d.text == "written with version 1"
        assert store.claim_draft(d, lease=60) and not store.claim_draft(store.draft(d.id), lease=60)  # type: ignore[arg-type]


def test_replies_an_older_version_refused_for_configuration_wait_again(
    dirs: tuple[Path, Path],
) -> None:
    """Before outbox version 3, "no token" marked a reply refused for good: it waits again."""
    cache, data = dirs
    old_errors = {
        "posting to GitHub needs a token: set GITHUB_TOKEN or [comments] token": "pending",
        "reply on /a.html: refused by the server (302)": "pending",
        "post the reply: the Mastodon server refused the token (401)": "pending",
        "reply on /a.html: refused by the server (403: CSRF)": "rejected",  # the server said no
        "post a comment: refused by GitHub (422: Validation Failed)": "rejected",
    }
    with CommentStore(cache, data) as store:
        for error in old_errors:
            d = store.add_draft(Draft(thread="/a.html", text=error))
            d.state, d.error = "rejected", error
            store.update_draft(d)
    db = sqlite3.connect(data / DATA_FILE)
    db.execute("PRAGMA user_version = 2")
    db.close()
    with CommentStore(cache, data) as store:
        assert {d.text: d.state for d in store.drafts()} == old_errors
