"""The recovery copy of a reply being written (the data dir): where it is kept, read and written
in order from threads. Apart from the reply screen (blogtui.tui.screens.reply) so that the reader
reads a kept copy without importing the editor (Textual's TextArea) before its first paint.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from blogtui.atomic import atomic_write

RECOVERY_DIR = "reply-recovery"


def write_kept(path: Path, text: str) -> None:
    """Keep ``text`` at ``path`` atomically (unique temp file, fsync, rename, folder fsync). Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(
        path, text.encode("utf-8", "replace")
    )  # a lone surrogate (pasted) must not cost the rest


def recovery_path(data_dir: Path | str, thread_key: str) -> Path:
    """Where the unsent reply to one post is kept (the key hashed: it is a URL path)."""
    digest = hashlib.sha256(thread_key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Path(data_dir) / RECOVERY_DIR / f"{digest}.md"


def read_kept(path: Path) -> str:
    """The kept text, or "" when there is none or it cannot be read (call it off the event loop)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


class KeptCopy:
    """The recovery file of one reply, written from threads in order: a later text always wins.

    Each write takes a number on the event loop (:meth:`ticket`); a write whose number is older
    than one already on disk is skipped, so writes finishing out of order cannot bring back an
    older text.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._tickets = 0
        self._written = 0
        self.kept: str | None = None  # the text last put on disk (None: not written by us yet)

    def ticket(self) -> int:
        self._tickets += 1
        return self._tickets

    def write(self, ticket: int, text: str, *, blank_too: bool = False) -> None:
        """Keep ``text`` (or remove the copy when it is blank, unless ``blank_too``: $EDITOR needs
        a file). Runs in a thread; raises OSError."""
        with self._lock:
            if ticket <= self._written:
                return  # a newer text is on disk already
            if text.strip() or blank_too:
                write_kept(self.path, text)
            else:
                self.path.unlink(missing_ok=True)
            self._written = ticket
            self.kept = text

    def done_with(self, ticket: int, text: str) -> None:
        """The outbox has ``text``: remove the copy if it still holds that text (never a newer one)."""
        with self._lock:
            self._written = max(self._written, ticket)
            if read_kept(self.path) == text:
                self.path.unlink(missing_ok=True)
            self.kept = ""
