"""Recovery copies: written atomically, found again by post, removed only on request."""

from __future__ import annotations

from pathlib import Path

from blogtui.blog.recovery import RecoveryStore, digest


def test_save_load_discard(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "data")
    post = tmp_path / "2024-01-01-a.md"
    post.write_bytes(b"---\ntitle: A\n---\n")
    assert store.load(post) is None
    store.save(
        post, "---\ntitle: A\n---\nunsaved ünïcödé\r\nline", base_digest=digest(post.read_bytes())
    )
    found = store.load(post)
    assert found is not None
    assert found.text == "---\ntitle: A\n---\nunsaved ünïcödé\r\nline"
    assert found.base_digest == digest(b"---\ntitle: A\n---\n")
    assert found.post == post.resolve()
    # another post has its own copy
    other = tmp_path / "b.md"
    assert store.load(other) is None
    store.discard(post)
    assert store.load(post) is None and store.all() == []


def test_damaged_copy_is_not_offered_and_not_deleted(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    post = tmp_path / "p.md"
    store.save(post, "text")
    store.file_for(post).write_text("{not json", "utf-8")
    assert store.load(post) is None
    assert store.file_for(post).exists()


def test_later_save_replaces_copy(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    post = tmp_path / "p.md"
    store.save(post, "one")
    store.save(post, "two")
    assert store.load(post).text == "two"  # type: ignore[union-attr]
    assert len(store.all()) == 1
