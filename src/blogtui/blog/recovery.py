"""Recovery copies of unsaved edits, in the user data dir (never deleted by us on our own).

While a post has unsaved changes the editor copies its buffer here every few seconds. If blogtui
dies (kill -9, power loss) the next time that post is opened the copy is offered back. A copy is
removed only after a successful save or when the user discards it explicitly.

One JSON file per post, named by a hash of the post's absolute path; written atomically so a
crash while writing the copy never destroys the previous copy.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from blogtui.atomic import atomic_write

#: Bump when the file format changes; older copies are still read when they parse.
RECOVERY_VERSION = 1
SUFFIX = ".recovery.json"


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


class RecoveryStore:
    """Recovery copies under ``data_dir/recovery``."""

    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / "recovery"

    def file_for(self, post: Path) -> Path:
        key = hashlib.sha1(str(Path(post).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[
            :20
        ]
        return self.folder / f"{key}{SUFFIX}"

    def save(
        self, post: Path, text: str, *, base_digest: str | None = None, now: datetime | None = None
    ) -> Path:
        """Write (atomically) the buffer of ``post``. Raises OSError when the data dir cannot be written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(self.folder, 0o700)  # drafts can be private
        except OSError:
            pass
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
