"""Follow the disk: what a batch of changed files means for the index.

A file watcher (in the TUI, off the event loop) hands over the paths that changed;
:func:`read_changes` reads those files again with the index's own rules (in the watcher's
thread), and :func:`apply_changes` splices the result into the index (cheap list work, on the
event loop). Too many changes at once (``git checkout``, a folder moved) read the whole blog again
(a warm start: the cache serves every unchanged file).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from blogtui.blog import index_cache
from blogtui.blog.defaults import SPECIAL_PREFIXES
from blogtui.blog.index import BlogIndex, Index, _newest_first
from blogtui.blog.index_scan import Scan
from blogtui.blog.post import FileProblem, Post
from blogtui.blog.rubytime import get_timezone

#: more changed paths than this in one batch: the whole blog is indexed again
RESCAN_AT = 200


@dataclass(frozen=True, slots=True)
class Changes:
    """A batch of file changes, read: what leaves the index and what comes (back) in."""

    gone: frozenset[Path]  # the paths changed: their old posts/problems leave (and their folders')
    posts: tuple[Post, ...] = ()  # the posts they are now
    problems: tuple[FileProblem, ...] = ()  # the unreadable files they are now
    rescan: Index | None = None  # too much changed: the whole index, read again

    def touches(self, path: Path) -> bool:
        return self.rescan is not None or _gone(path, self.gone)


def watched_folders(builder: BlogIndex) -> list[Path]:
    """The existing posts/drafts folders of the blog, none inside another (a watch is recursive)."""
    found: list[Path] = []
    for folder, _rel, _kind in sorted(builder.folders(), key=lambda f: len(f[0].parts)):
        try:
            if not folder.is_dir():
                continue
        except OSError:
            continue
        if not any(folder == f or f in folder.parents for f in found):
            found.append(folder)
    return found


class _Entry:
    """The part of an ``os.DirEntry`` the index scan uses, for one named file."""

    __slots__ = ("name", "path")

    def __init__(self, path: Path) -> None:
        self.name, self.path = path.name, os.fspath(path)

    def stat(self) -> os.stat_result:
        return os.stat(self.path)


def _place(builder: BlogIndex, path: Path) -> tuple[str, str, str] | None:
    """(kind, the folder's path from the site root, the file's path in the folder) for a file the
    scan would consider, else None (outside the folders, hidden, excluded, in a ``_folder``)."""
    best: tuple[Path, str, str] | None = None
    for folder, rel, kind in builder.folders():
        if folder in path.parents and (best is None or len(folder.parts) > len(best[0].parts)):
            best = (folder, rel, kind)
    if best is None:
        return None
    folder, rel, kind = best
    inner = path.relative_to(folder).parts
    if any(part.startswith(".") for part in inner):
        return None
    flt = builder.site.entry_filter
    if flt.trivial_include and len(inner) > 1 and inner[0].startswith(SPECIAL_PREFIXES):
        return None
    prefix = "/".join(inner)
    return (kind, rel, prefix) if flt.for_folder(rel)(prefix) else None


def read_changes(builder: BlogIndex, paths: Iterable[Path], now: datetime | None = None) -> Changes:
    """Read again the files that changed (off the event loop: this reads files)."""
    changed = frozenset(Path(p) for p in paths)
    if len(changed) > RESCAN_AT or any(_is_dir(p) for p in changed):
        return Changes(changed, rescan=builder.scan(now))
    site = builder.site
    now = now or datetime.now(UTC)
    index = Index(site=site)
    st = Scan(
        site,
        get_timezone(site.timezone),
        now,
        int(now.timestamp()),
        os.fspath(site.root),
        site.folders,
        {},
        False,
        index,
    )
    for path in sorted(changed):
        place = _place(builder, path)
        if place is None or not os.path.lexists(path):
            continue
        try:
            builder._scan_entry(st, _Entry(path), place[0])  # type: ignore[arg-type]
        except Exception as exc:  # no file stops the others (as in a scan)
            rel = index_cache.rel_key(os.fspath(path), st.root)
            message = f"blogtui could not read this file ({type(exc).__name__}: {exc})"
            index.problems.append(FileProblem(path, rel, message, rule="internal"))
    return Changes(changed, tuple(index.posts), tuple(index.problems))


def apply_changes(index: Index, changes: Changes) -> Index:
    """The index after ``changes`` (a new Index; ``index`` itself is not changed)."""
    if changes.rescan is not None:
        return changes.rescan
    gone = _Gone(changes.gone)
    posts = [p for p in index.posts if not gone(p.path)]
    if changes.posts:
        posts.extend(changes.posts)
        posts.sort(key=_newest_first, reverse=True)
    problems = [q for q in index.problems if not gone(q.path)]
    problems.extend(changes.problems)
    problems.sort(key=lambda q: q.rel)
    return Index(site=index.site, posts=posts, problems=problems)


def _gone(path: Path, gone: frozenset[Path]) -> bool:
    """Is ``path``, or a folder it is in, among the changed paths?"""
    return _Gone(gone)(path)


class _Gone:
    """``path in gone or under one of them``, by string (a 10,000-post index is filtered with
    one set lookup and one C-level ``startswith`` per post)."""

    __slots__ = ("exact", "prefixes")

    def __init__(self, gone: frozenset[Path]) -> None:
        self.exact = {os.fspath(p) for p in gone}
        self.prefixes = tuple(s.rstrip(os.sep) + os.sep for s in self.exact)

    def __call__(self, path: Path) -> bool:
        text = os.fspath(path)
        return text in self.exact or text.startswith(self.prefixes)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink()
    except OSError:
        return False
