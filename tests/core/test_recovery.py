"""Recovery copies: written atomically, found again by post, removed only on request."""

from __future__ import annotations

from pathlib import Path

from blogtui.blog.recovery import RecoveryStore, ReplyCopy, digest, read_kept


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


def test_replies_and_posts_are_kept_in_folders_only_the_user_reads(tmp_path: Path) -> None:
    """A draft or a reply may be private: both kinds of copy live in mode-0700 folders."""
    store = RecoveryStore(tmp_path / "data")
    post = tmp_path / "2024-01-01-a.md"
    store.save(post, "unsaved")
    copy = ReplyCopy(store.reply_file("/2024/01/01/a.html"))
    copy.write(copy.ticket(), "half a reply")
    assert read_kept(copy.path) == "half a reply"
    for folder in (store.folder, store.replies):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert store.reply_file("/a.html") != store.reply_file("/b.html")
    assert store.reply_edit_file(7).parent == store.replies  # an outbox reply's edit, too


def test_a_reply_copy_never_goes_back_to_an_older_text(tmp_path: Path) -> None:
    """Writes finishing out of order (two autosave threads): the newer text stays."""
    copy = ReplyCopy(RecoveryStore(tmp_path).reply_file("/k.html"))
    older, newer = copy.ticket(), copy.ticket()
    copy.write(newer, "newer")
    copy.write(older, "older")
    assert read_kept(copy.path) == "newer"
    copy.done_with(newer, "something else")  # the outbox took another text: the copy stays
    assert read_kept(copy.path) == "newer"
    copy.done_with(newer, "newer")
    assert not copy.path.exists()
