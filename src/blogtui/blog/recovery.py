"""Recovery copies of unsaved text, in the user data dir (never deleted by us on our own).

The one store of what a user wrote and has not saved or sent, in two kinds:

- a **post** being edited: while it has unsaved changes the editor copies its buffer here every
  few seconds; if blogtui dies (kill -9, power loss) the copy is offered back the next time that
  post is opened. One JSON record per post (the text, when, and the digest of the file it was
  based on, to say whether the file changed since), named by a hash of the post's path;
- a **reply** being written to a post's comments: a plain text file, because ``$EDITOR`` edits
  that very file; named by a hash of the thread key. Written from threads in order
  (:class:`ReplyCopy`); removed once the reply is in the outbox.

Both live in folders only the user can read (drafts can be private) and are written atomically
(``blogtui.atomic``), so a crash while writing a copy never destroys the previous one. A copy is
removed only after a successful save / the outbox has the reply, or when the user discards it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from blogtui.atomic import atomic_write

#: Bump when the file format changes; older copies are still read when they parse.
RECOVERY_VERSION = 1
SUFFIX = ".recovery.json"
POSTS_DIR, REPLIES_DIR = "recovery", "reply-recovery"


@dataclass(frozen=True, slots=True)
class Recovery:
    """An unsaved buffer of ``post`` as it was at ``saved_at``."""

    post: Path
    text: str
    saved_at: datetime
    #: sha256 of the file's bytes when editing began (to say whether the file changed since)
    base_digest: str | None
    file: Path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _private_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) readable by the user only. Raises OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass


class RecoveryStore:
    """Recovery copies of posts under ``data_dir/recovery``, of replies under
    ``data_dir/reply-recovery``."""

    def __init__(self, data_dir: Path | str):
        self.folder = Path(data_dir) / POSTS_DIR
        self.replies = Path(data_dir) / REPLIES_DIR

    def file_for(self, post: Path) -> Path:
        key = hashlib.sha1(str(Path(post).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[
            :20
        ]
        return self.folder / f"{key}{SUFFIX}"

    def save(
        self, post: Path, text: str, *, base_digest: str | None = None, now: datetime | None = None
    ) -> Path:
        """Write (atomically) the buffer of ``post``. Raises OSError when the data dir cannot be written."""
        _private_folder(self.folder)
        record = {
            "version": RECOVERY_VERSION,
            "post": str(Path(post).resolve()),
            "saved_at": (now or datetime.now(UTC)).isoformat(),
            "base_digest": base_digest,
            "text": text,
        }
        target = self.file_for(post)
        atomic_write(
            target, json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
        )
        return target

    def _read(self, file: Path) -> Recovery | None:
        try:
            record = json.loads(file.read_bytes().decode("utf-8", "surrogatepass"))
            return Recovery(
                post=Path(record["post"]),
                text=str(record["text"]),
                saved_at=datetime.fromisoformat(record["saved_at"]),
                base_digest=record.get("base_digest"),
                file=file,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged copy is left on disk for a human, but not offered

    def load(self, post: Path) -> Recovery | None:
        file = self.file_for(post)
        if not file.is_file():
            return None
        found = self._read(file)
        if found is None or found.post != Path(post).resolve():
            return None
        return found

    def discard(self, post: Path) -> None:
        try:
            self.file_for(post).unlink()
        except FileNotFoundError:
            pass

    def all(self) -> list[Recovery]:
        """Every readable copy, newest first (for a "recover unsaved posts" list)."""
        if not self.folder.is_dir():
            return []
        found = [r for f in self.folder.glob(f"*{SUFFIX}") if (r := self._read(f)) is not None]
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    # replies ----------------------------------------------------------------------------------
    def reply_file(self, thread_key: str) -> Path:
        """Where the unsent reply to one post is kept (the key hashed: it is a URL path)."""
        digest = hashlib.sha256(thread_key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        return self.replies / f"{digest}.md"

    def reply_edit_file(self, draft_id: int) -> Path:
        """Where the edit of a reply waiting in the outbox is kept while it is being changed."""
        return self.replies / f"edit-{int(draft_id)}.md"


def keep_text(path: Path, text: str) -> None:
    """Keep ``text`` at ``path`` atomically, in a private folder. Raises OSError."""
    _private_folder(path.parent)
    atomic_write(path, text.encode("utf-8", "replace"))  # a pasted lone surrogate costs one char


def read_kept(path: Path) -> str:
    """The kept text, or "" when there is none or it cannot be read (call it off the event loop)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


class ReplyCopy:
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
                keep_text(self.path, text)
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
