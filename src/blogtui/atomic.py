"""Atomic file writes: a file is either the old one or the new one, whole, never half-written.

A user's text (a post being edited, a recovery copy, a Staticman comment) must survive a crash
or a full disk, so every writer in the core goes through :func:`atomic_write` (temp file in the
same folder, fsync, rename, fsync the folder) instead of keeping its own copy of the dance.
This module is core: it never imports Textual.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename/unlink in ``folder`` durable; silently skipped where a folder cannot be fsynced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the rename is still atomic
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process umask, read without changing it where possible.

    ``os.umask`` can only be read by setting it, which briefly leaves other threads creating files
    with umask 0; Linux reports it in /proc/self/status, so that is tried first.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that the file is either the old one or the new one, whole.

    A temporary file in the same folder (hidden, so Jekyll and the index skip it) is written,
    flushed and fsynced, given the old file's permissions (a new file: the umask's), then renamed
    over ``path``. With ``exclusive`` the new file is linked into place instead, which fails if
    ``path`` exists (no window in which another file could be clobbered). ``durable=False`` skips
    the fsyncs, for caches that only cost time when lost. A symlink is written *through*: the
    temporary file is made beside the link's target and renamed over the target, so the link stays
    a link (``exclusive`` never follows one: a link there is a file that exists). The folder must
    exist. Raises OSError
    (FileExistsError); the temporary file never outlives the call.
    """
    path = Path(path)
    if not exclusive and path.is_symlink():
        path = Path(os.path.realpath(path))  # write through the link: it stays a link
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            view = memoryview(data)
            while view:
                written = out.write(view[: 1 << 20])
                view = view[written:]
            out.flush()
            if durable:
                os.fsync(out.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~current_umask()
        os.chmod(tmp, mode)
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:  # no hard links here (some network/FAT file systems)
                if path.exists():
                    raise FileExistsError(f"{path} exists") from None
                os.replace(tmp, path)
        else:
            os.replace(tmp, path)
        if durable:
            fsync_dir(folder)
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
