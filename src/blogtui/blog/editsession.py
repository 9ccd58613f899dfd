"""One post being edited: its text as on disk, the disk's state, recovery copies, saving.

The editor screen (``blogtui.tui.screens.editor``) draws and asks; everything that touches the
disk or runs a program is here, in the core (no Textual import). Methods that do I/O are plain
blocking calls, meant to be run on a worker thread (``asyncio.to_thread``); each returns a value
or raises ``OSError`` / returns an ``OpenError`` with a kind, never an English-only result.

- ``open()`` reads and decodes the post, takes its digest and finds a recovery copy.
- ``disk_changed()`` says whether the file's bytes differ from what was opened or last saved.
- ``save(text, target)`` writes atomically (through a symlink: the link stays a link) with the
  file's own BOM and line endings, then forgets the recovery copy.
- ``keep_recovery(text)`` copies an unsaved buffer to the user data dir (``blog.recovery``).
- ``edit_externally(text, command)`` hands the text to $EDITOR through a scratch file.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from blogtui.blog import compose
from blogtui.blog.recovery import Recovery, RecoveryStore, digest
from blogtui.blog.source import SourceError, decode, split


@dataclass(frozen=True, slots=True)
class OpenError:
    """Why a post could not be opened: ``kind`` is ``"unreadable"`` or ``"undecodable"``."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class Opened:
    """A post read from disk: its text, its encoding, and any recovery copy of unsaved edits."""

    text: str
    encoding: compose.Encoded
    disk_digest: str
    recovery: Recovery | None


def removes_front_matter(before: str, after: str) -> bool:
    """Whether ``after`` has no front matter where ``before`` had some (Jekyll stops publishing)."""
    return split(before).has_front_matter and not split(after).has_front_matter


class EditSession:
    """The disk side of editing ``path``; ``saved_text`` is the text the file holds."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = Path(path)
        self.data_dir = Path(data_dir)
        self.store = RecoveryStore(data_dir)
        self.encoding = compose.Encoded(False, "\n")
        self.saved_text = ""
        self.disk_digest: str | None = None
        self.disk_stamp: tuple[int, int] | None = None

    # -- opening ------------------------------------------------------------------------------
    def open(self) -> Opened | OpenError:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            return OpenError("unreadable", f"cannot open {self.path}: {exc.strerror or exc}")
        try:
            text, bom = decode(data)
        except SourceError as exc:
            return OpenError(
                "undecodable", f"{self.path.name}: {exc.message} — not opened in the editor"
            )
        disk_digest = digest(data)
        del data
        encoding = compose.Encoded(bom, compose.detect_newline(text))
        return Opened(text, encoding, disk_digest, self.store.load(self.path))

    def opened(self, saved_text: str, opened: Opened) -> None:
        """Record what the buffer holds now that ``opened`` is shown (its own newline rules)."""
        self.encoding = opened.encoding
        self.saved_text = saved_text
        self.disk_digest = opened.disk_digest
        self.disk_stamp = self.stamp()

    # -- the disk -----------------------------------------------------------------------------
    def stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def disk_changed(self, expected: str | None = None) -> bool:
        """Whether the file's bytes differ from ``expected`` (default: as opened or last saved)."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return True  # removed or unreadable: ask before writing
        return digest(data) != (self.disk_digest if expected is None else expected)

    def changed_since_stamp(self) -> bool:
        """A cheap look (stat) then the bytes: has another program changed the file?"""
        stamp = self.stamp()
        if stamp == self.disk_stamp:
            return False
        if self.disk_changed():
            return True
        self.disk_stamp = stamp
        return False

    def link_outside(self, root: Path) -> Path | None:
        """The target of the post's symlink when it lies outside ``root``, else None."""
        if not self.path.is_symlink():
            return None
        real = Path(os.path.realpath(self.path))
        return None if real.is_relative_to(Path(os.path.realpath(root))) else real

    def save_as_suggestion(self) -> str:
        stem, suffix = self.path.stem, self.path.suffix or ".md"
        for n in range(1, 100):
            candidate = f"{stem}-{n}{suffix}"
            if not (self.path.parent / candidate).exists():
                return candidate
        return f"{stem}-copy{suffix}"

    # -- saving -------------------------------------------------------------------------------
    def save(self, text: str, target: Path | None = None, *, exclusive: bool = False) -> Path:
        """Write ``text`` to ``target`` (default: the post). Raises OSError (FileExistsError)."""
        target = self.path if target is None else Path(target)
        data = self.encoding.encode(text)
        target.parent.mkdir(parents=True, exist_ok=True)
        compose.atomic_write(target, data, exclusive=exclusive)
        if target != self.path:
            self.store.discard(self.path)
            self.path = target
        self.saved_text = text
        self.disk_digest = digest(data)
        self.disk_stamp = self.stamp()
        self.store.discard(target)
        return target

    def renamed(self, new_path: Path) -> None:
        self.path = Path(new_path)
        self.disk_stamp = self.stamp()

    def delete(self) -> None:
        _unlink(self.path)

    # -- recovery copies ----------------------------------------------------------------------
    def keep_recovery(self, text: str) -> None:
        """Copy an unsaved buffer (or forget the copy when the buffer is saved). Raises OSError."""
        if text == self.saved_text:
            self.store.discard(self.path)
        else:
            self.store.save(self.path, text, base_digest=self.disk_digest)

    def discard_recovery(self) -> None:
        self.store.discard(self.path)

    # -- $EDITOR --------------------------------------------------------------------------------
    def scratch_file(self, text: str) -> Path:
        """Write ``text`` to a scratch file in the data dir for an external editor."""
        folder = self.data_dir / "editing"
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / self.path.name
        compose.atomic_write(scratch, self.encoding.encode(text))
        return scratch

    @staticmethod
    def run(command: list[str]) -> int:
        """Run an external editor; its exit status. Raises OSError when it cannot start."""
        return subprocess.call(command)

    @staticmethod
    def read_scratch(scratch: Path) -> str:
        """The edited text, then the scratch file is removed. Raises OSError or SourceError."""
        text, _bom = decode(scratch.read_bytes())
        _unlink(scratch)
        return text


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


__all__ = ["EditSession", "OpenError", "Opened", "removes_front_matter"]
