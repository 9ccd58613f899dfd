"""The one bounded reader of post files: every command, the index and the reader read through it.

A file named like a post is not always a file. Before anything is opened the path is looked at
with ``lstat``/``stat``: only a regular file is read. A FIFO, a device, a socket or a folder
named like a post, a dangling symlink, a symlink loop, and a symlink that leaves the blog
(Jekyll skips those in safe mode, as GitHub Pages builds) are each a :class:`SourceError` of that
file with a kind (its ``rule``), never a hang and never an endless read. The file is opened with
``O_NONBLOCK`` (a FIFO swapped in after the check cannot block), checked again on the open
descriptor, and read up to a size cap.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from blogtui.blog.source import MAX_FRONT_MATTER_BYTES, SourceError, decode

#: A post file larger than this is not read (real posts are kilobytes; the biggest seen, 50 MB).
MAX_POST_BYTES = 64 * 1024 * 1024

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

#: rule ids (kinds) of the problems this module reports
NOT_A_FILE = "not-a-file"
DANGLING_SYMLINK = "dangling-symlink"
SYMLINK_OUTSIDE = "symlink-outside"
UNREADABLE = "unreadable"
TOO_LARGE = "file-too-large"


def _what(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _inside(target: str, roots: Iterable[Path]) -> bool:
    for root in roots:
        base = os.path.realpath(root)
        if target == base or target.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


def _unreadable(exc: OSError) -> SourceError:
    return SourceError(
        UNREADABLE,
        f"cannot read the file: {exc.strerror or exc}",
        hint="check the file's permissions" if exc.errno in (errno.EACCES, errno.EPERM) else None,
    )


def check_path(path: Path, roots: Iterable[Path] | None = None) -> os.stat_result:
    """The ``stat`` of the file a post path names, if it may be read; else a SourceError with its kind.

    ``roots``: the blog's folders; a symlink whose target is in none of them is refused (None:
    symlinks may point anywhere, only the kind of the target is checked).
    """
    try:
        lst = os.lstat(path)
    except OSError as exc:
        raise _unreadable(exc) from None
    if stat.S_ISLNK(lst.st_mode):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            target = _link_text(path)
            raise SourceError(
                DANGLING_SYMLINK,
                f"a symlink to {target}, which does not exist",
                hint="remove the link or point it at an existing post (Jekyll 4.3 skips it, and"
                " in safe mode, as on GitHub Pages, stops the build)",
            ) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise SourceError(
                    DANGLING_SYMLINK,
                    "a symlink loop (the link points back at itself)",
                    hint="remove the link",
                ) from None
            raise _unreadable(exc) from None
        what = _what(st.st_mode)
        target = os.path.realpath(path)
        if what is not None:
            raise SourceError(
                NOT_A_FILE,
                f"a symlink to {what} ({_shown(target)}), not a post file: not read",
                hint="remove the link",
            )
        if roots is not None and not _inside(target, roots):
            raise SourceError(
                SYMLINK_OUTSIDE,
                f"a symlink to a file outside the blog ({_shown(target)}): not read;"
                " Jekyll skips it in safe mode (as on GitHub Pages)",
                hint="copy the file into the blog instead of linking to it",
            )
        return st
    what = _what(lst.st_mode)
    if what is not None:
        raise SourceError(
            NOT_A_FILE,
            f"{what} named like a post, not a post file: not read",
            hint="rename or remove it",
        )
    return lst


def _link_text(path: Path) -> str:
    try:
        return _shown(os.readlink(path))
    except OSError:
        return "a missing file"


def _shown(target: str) -> str:
    return target if len(target) <= 200 else target[:200] + "…"


def _open(path: Path, roots: Iterable[Path] | None) -> tuple[int, os.stat_result]:
    check_path(path, roots)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        st = os.fstat(fd)
        what = _what(st.st_mode)
        if what is not None:  # swapped for something else between the check and the open
            raise SourceError(NOT_A_FILE, f"{what} named like a post, not a post file: not read")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _too_large(limit: int) -> SourceError:
    return SourceError(
        TOO_LARGE,
        f"the file is larger than {limit // (1024 * 1024)} MB: not read as a post",
        hint="split it, or move the large content out of the blog's posts",
    )


def _read(fd: int, limit: int) -> bytes:
    """Read up to ``limit`` bytes (and one more, to see that there is more)."""
    parts: list[bytes] = []
    got = 0
    while got <= limit:
        try:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
        except BlockingIOError:  # pragma: no cover - regular files never block
            break
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_bytes(
    path: Path, roots: Iterable[Path] | None = None, *, limit: int | None = None
) -> bytes:
    """A post file's bytes, at most ``limit`` (default MAX_POST_BYTES). Raises SourceError
    (with its kind) for anything else."""
    limit = MAX_POST_BYTES if limit is None else limit
    fd, st = _open(path, roots)
    try:
        if st.st_size > limit:
            raise _too_large(limit)
        try:
            data = _read(fd, limit)
        except OSError as exc:
            raise _unreadable(exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def read_text(path: Path, roots: Iterable[Path] | None = None) -> str:
    """A post file as text (BOM removed); SourceError for a binary, non-UTF-8 or unreadable file."""
    text, _bom = decode(read_bytes(path, roots))
    return text


_OPEN_BYTES_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t\r\f\v]*\n")
_CLOSE_BYTES_RE = re.compile(rb"^(?:---|\.\.\.)[ \t\r\f\v]*(?:\n|\Z)", re.M)


def read_head(
    path: Path,
    roots: Iterable[Path] | None = None,
    *,
    limit: int = MAX_FRONT_MATTER_BYTES,
    chunk: int = 8192,
) -> tuple[bytes, bool]:
    """The bytes of a post file up to the end of its front matter (not the body).

    Returns (bytes, complete): ``complete`` is False when the file has no front matter (none,
    or never closed). Raises SourceError for what :func:`read_bytes` refuses, for a NUL byte in
    what was read (a binary file), and ("yaml-size") for front matter closed only after
    ``limit`` bytes: Jekyll reads it, blogtui does not, and says so.
    """
    fd, _st = _open(path, roots)
    try:
        try:
            return _head(fd, limit, chunk)
        except OSError as exc:
            raise _unreadable(exc) from None
    finally:
        os.close(fd)


def _head(fd: int, limit: int, chunk: int) -> tuple[bytes, bool]:
    first = os.read(fd, chunk)
    _no_nul(first)
    m = _OPEN_BYTES_RE.match(first)
    if not m:
        return first, False
    data = bytearray(first)
    pos = m.end()
    while True:
        close = _CLOSE_BYTES_RE.search(data, pos)
        if close:
            if close.start() - m.end() > limit:
                raise front_matter_too_large(limit)
            return bytes(data[: close.end()]), True
        if len(data) >= MAX_POST_BYTES:
            raise _too_large(MAX_POST_BYTES)
        more = os.read(fd, max(chunk * 4, min(len(data), 1 << 20)))
        if not more:
            return bytes(data), False
        _no_nul(more, len(data))
        # keep searching from the start of the last (possibly partial) line
        pos = max(m.end(), data.rfind(b"\n") + 1)
        data += more


def _no_nul(data: bytes, base: int = 0) -> None:
    at = data.find(b"\x00")
    if at >= 0:
        raise SourceError(
            "encoding", f"binary file (NUL byte at offset {base + at}), not a text post"
        )


def front_matter_too_large(limit: int = MAX_FRONT_MATTER_BYTES) -> SourceError:
    return SourceError(
        "yaml-size",
        f"front matter is larger than {limit} bytes: not read (the post is shown without it)",
        2,
        1,
        "keep the front matter short; long text belongs in the body",
    )
