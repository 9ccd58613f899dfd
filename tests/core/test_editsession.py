"""The core edit session (no Textual): open, notice changes on disk, save, recovery copies."""

from __future__ import annotations

import os
from pathlib import Path

from blogtui.blog.editsession import EditSession, Opened, OpenError, removes_front_matter

POST = b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n"


def opened(tmp_path: Path, data: bytes = POST) -> tuple[EditSession, Opened]:
    post = tmp_path / "post.md"
    post.write_bytes(data)
    session = EditSession(post, tmp_path / "data")
    result = session.open()
    assert isinstance(result, Opened)
    session.opened(result.text, result)
    return session, result


def test_save_keeps_the_bom_and_forgets_the_recovery_copy(tmp_path: Path) -> None:
    session, _ = opened(tmp_path)
    new = "---\r\ntitle: A\r\n---\r\nNew\r\n"  # the buffer's text keeps the file's newlines
    session.keep_recovery(new)
    assert session.store.load(session.path) is not None
    session.save(new)
    assert session.path.read_bytes() == POST.replace(b"Body", b"New")
    assert session.store.load(session.path) is None
    assert not session.disk_changed()


def test_changes_on_disk_are_noticed(tmp_path: Path) -> None:
    session, _ = opened(tmp_path)
    assert not session.changed_since_stamp()
    session.path.write_bytes(b"other")
    assert session.disk_changed() and session.changed_since_stamp()


def test_unreadable_and_undecodable_are_errors_with_kinds(tmp_path: Path) -> None:
    missing = EditSession(tmp_path / "nope.md", tmp_path / "data").open()
    assert isinstance(missing, OpenError) and missing.kind == "unreadable"
    (tmp_path / "bin.md").write_bytes(b"\xff\xfe\x00bad\x00")
    bad = EditSession(tmp_path / "bin.md", tmp_path / "data").open()
    assert isinstance(bad, OpenError) and bad.kind == "undecodable"


def test_a_symlinked_post_is_saved_through_the_link(tmp_path: Path) -> None:
    (tmp_path / "blog").mkdir()
    target = tmp_path / "outside.md"
    target.write_bytes(b"---\ntitle: A\n---\nBody\n")
    link = tmp_path / "blog" / "post.md"
    link.symlink_to(target)
    session = EditSession(link, tmp_path / "data")
    result = session.open()
    assert isinstance(result, Opened)
    session.opened(result.text, result)
    assert session.link_outside(tmp_path / "blog") == target
    assert session.link_outside(tmp_path) is None
    session.save("---\ntitle: A\n---\nNew\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"---\ntitle: A\n---\nNew\n"


def test_removes_front_matter() -> None:
    assert removes_front_matter("---\ntitle: A\n---\nx\n", "Z---\ntitle: A\n---\nx\n")
    assert not removes_front_matter("---\ntitle: A\n---\nx\n", "---\ntitle: B\n---\nx\n")
    assert not removes_front_matter("no front matter\n", "still none\n")
