"""The index as the cache file last saw it, without a ``stat``: for the reader's first paint.

A warm start (blog.index.BlogIndex.scan) stats every file before it trusts the cache. The reader
does not wait for that: it shows this snapshot at once, runs the scan in a worker and updates the
list in place when the scan has found what changed. The snapshot is only made when the cache
holds every post derived for the same site settings and code; anything else is ``None`` (the
caller then waits for the scan, as before).

:class:`SnapshotLoad` reads it in a thread started when the app is made, so that it is ready when
the reader mounts and the reader's first frame holds the list (no "Loading" frame before it).
"""

from __future__ import annotations

import gc
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from blogtui.blog import index_cache
from blogtui.blog.broken import is_unreadable, post_with_problems
from blogtui.blog.index import Index, _newest_first
from blogtui.blog.index_cache import gc_paused
from blogtui.blog.index_scan import _cached_post, _child, _notice
from blogtui.blog.post import FileProblem
from blogtui.blog.rubytime import get_timezone
from blogtui.blog.site import Site


def cached_index(
    site: Site, cache_dir: Path | None, *, include_drafts: bool = True, now: datetime | None = None
) -> Index | None:
    """The posts and problems of the last scan, from the cache file alone (``None`` if it cannot
    give them all: no cache, other settings, a damaged entry)."""
    if cache_dir is None:
        return None
    settings = index_cache.settings_version(site.settings_key)
    entries, posts_valid = index_cache.load(index_cache.cache_path(cache_dir, site.root), settings)
    if not entries or not posts_valid:
        return None
    now = now or datetime.now(UTC)
    now_ts = int(now.timestamp())
    tz = get_timezone(site.timezone)
    index = Index(site=site)
    parents: dict[str, Path] = {}  # a folder's Path made once, its files' from it (as the scan)
    root = site.root
    try:
        with gc_paused():
            for key, record in entries.items():
                kind, _, rel = key.partition(":")
                if kind == "draft" and not include_drafts:
                    continue
                folder, _, name = rel.rpartition("/")
                parent = parents.get(folder)
                if parent is None:
                    parent = parents[folder] = (
                        Path(folder or "/")
                        if os.path.isabs(rel)
                        else root / folder
                        if folder
                        else root
                    )
                path = _child(parent, name)
                if not _entry(index, record, kind, rel, path, site, tz, now_ts):
                    return None
            # sorted before the collector runs again: its 10,000 keys would set it off
            index.posts.sort(key=_newest_first, reverse=True)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return None  # a damaged entry: the scan will read that file again
    return index


def _entry(
    index: Index, record: Any, kind: str, rel: str, path: Path, site: Site, tz: Any, now_ts: int
) -> bool:
    """One cache entry into ``index`` as the scan makes it (blog.index_scan): its post (with the
    problems it carries), or its problem; False: it holds no post."""
    if kind not in ("post", "draft") or type(record) is not list or len(record) not in (3, 4):
        return False
    mtime_ns, size, meta_rec = record[0], record[1], record[2]
    err = meta_rec.get("e") if type(meta_rec) is dict else None
    if type(err) is list and len(err) in (4, 5):  # could not be read last time
        _with_problem(index, site, kind, FileProblem(path, rel, *err), size, mtime_ns, now_ts)
        return True
    if len(record) != 4:
        return False  # front matter without its post (other settings): the scan builds it
    metadata = index_cache.decode_meta(meta_rec)
    post = _cached_post(record[3], path, rel, kind, site, metadata, size, mtime_ns, tz, now_ts)
    if isinstance(post, FileProblem):
        _with_problem(index, site, kind, post, size, mtime_ns, now_ts, metadata)
    elif post is not None:
        _notice(post, meta_rec)
        index.posts.append(post)
    return True


def _with_problem(
    index: Index,
    site: Site,
    kind: str,
    problem: FileProblem,
    size: int,
    mtime_ns: int,
    now_ts: int,
    metadata: dict[str, Any] | None = None,
) -> None:
    """As the scan: a post by its file name carrying the problem when its text can be shown."""
    if not is_unreadable(problem.rule):
        now = datetime.fromtimestamp(now_ts, UTC)
        post = post_with_problems(
            site, problem.path, kind, (problem,), metadata=metadata, size=size,
            mtime_ns=mtime_ns, now=now,
        )  # fmt: skip
        if post is not None:
            index.posts.append(post)
            return
    index.problems.append(problem)


#: a snapshot of this many posts is frozen out of the collector's sight (gc.freeze); a smaller
#: one is no burden to it
FREEZE_FROM = 1000


class SnapshotLoad:
    """:func:`cached_index` in a daemon thread started at once; :meth:`result` waits for it, at
    most ``timeout`` seconds (a slow disk never holds the caller longer: ``None`` then, and the
    caller takes the scan's index). Anything the thread raises is ``None`` too: the snapshot is
    only a head start."""

    def __init__(self, site: Site, cache_dir: Path | None) -> None:
        self._index: Index | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(site, cache_dir), name="blogtui-snapshot", daemon=True
        )
        self._thread.start()

    def _run(self, site: Site, cache_dir: Path | None) -> None:
        try:
            with gc_paused():
                self._index = cached_index(site, cache_dir)
                if self._index is not None and len(self._index.posts) >= FREEZE_FROM:
                    # what start-up made (Textual's objects, these posts) lives as long as the
                    # app: out of the cycle collector's sight, or its next full collection, in
                    # the first frame, walks it all (~60 ms for 10,000 posts)
                    gc.freeze()
        except Exception:  # a cache we cannot read is no cache: the scan reads the files
            self._index = None
        finally:
            self._done.set()

    def result(self, timeout: float | None = None) -> Index | None:
        """The snapshot, once (later calls: ``None``: it is a first paint's, not to be reused)."""
        if not self._done.wait(timeout):
            return None
        index, self._index = self._index, None
        return index
