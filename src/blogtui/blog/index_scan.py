"""The per-file helpers of the index scan (blog.index): what one scan has found so far, a
problem of a file as a post or as an unreadable file, the posts cached last time, and two speed-ups
of the scan loop (no cyclic GC while indexing, child paths without re-parsing)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogtui.blog import index_cache, postfile
from blogtui.blog.broken import is_unreadable, post_with_problems, problem_of
from blogtui.blog.post import FileProblem, Post, read_error_message, with_defaults
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError

if TYPE_CHECKING:
    from blogtui.blog.index import Index


def _notice(post: Post, meta_rec: Any) -> None:
    """The problem a readable post still has (kept in its cache record as ``"w"``), if any."""
    w = meta_rec.get("w") if type(meta_rec) is dict else None
    if type(w) is list and len(w) in (4, 5):
        post.problems = (FileProblem(post.path, post.rel, *w),)


def _problem(
    st: Scan,
    kind: str,
    problem: FileProblem,
    size: int,
    mtime_ns: int,
    metadata: dict[str, Any] | None = None,
) -> None:
    """A file with a problem: a post by its file name carrying it if its text can be shown,
    else a problem of the index ("unreadable files")."""
    if not is_unreadable(problem.rule):
        post = post_with_problems(
            st.site,
            problem.path,
            kind,
            (problem,),
            metadata=metadata,
            size=size,
            mtime_ns=mtime_ns,
            now=st.now,
        )
        if post is not None:
            st.posts.append(post)
            return
    st.problems.append(problem)


def _stat_problem(path: Path, key_rel: str, exc: OSError) -> FileProblem:
    try:
        postfile.check_path(path)
    except SourceError as err:
        return problem_of(path, key_rel, err)
    return FileProblem(path, key_rel, read_error_message(exc))


@dataclass(slots=True)
class Scan:
    """What one scan has found so far (BlogIndex._scan_entry adds one file at a time)."""

    site: Site
    tz: Any
    now: datetime
    now_ts: int
    root: str
    roots: tuple[Path, ...]
    cache: dict[str, Any]
    posts_valid: bool
    index: Index
    fresh: dict[str, list[Any]] = field(default_factory=dict)
    parents: dict[str, Path] = field(default_factory=dict)
    parsed: int = 0
    cached: int = 0
    dirty: bool = False

    @property
    def posts(self) -> list[Post]:
        return self.index.posts

    @property
    def problems(self) -> list[FileProblem]:
        return self.index.problems


def _cached_post(
    record: Any,
    path: Path,
    key_rel: str,
    kind: str,
    site: Site,
    metadata: dict[str, Any],
    size: int,
    mtime_ns: int,
    tz: Any,
    now_ts: int,
) -> Post | FileProblem | None:
    """What build_post gave last time: a Post, a problem (``["!", message, rule]``) or None."""
    if record is None:
        return None
    if record[0] == "!":
        return FileProblem(path, key_rel, record[1], rule=record[2])
    return index_cache.decode_post(
        record,
        path,
        key_rel,
        kind,
        with_defaults(site, path, kind, metadata),
        size,
        mtime_ns,
        tz,
        now_ts,
    )


def _child_parsed(parent: Path, name: str) -> Path:
    """``parent / name`` without parsing the path again (Python 3.11's pathlib parses every
    Path from its text: a third of a warm start). ``name`` is a plain file name from scandir."""
    return parent._from_parsed_parts(parent._drv, parent._root, [*parent._parts, name])  # type: ignore[attr-defined]


def _child_plain(parent: Path, name: str) -> Path:
    return parent / name


_child = _child_plain
if sys.version_info < (3, 12) and hasattr(Path, "_from_parsed_parts"):  # 3.12 parses lazily anyway
    try:
        if (
            _child_parsed(Path("/a/b"), "c.md") == Path("/a/b/c.md")
            and str(_child_parsed(Path("/a"), "c")) == "/a/c"
        ):
            _child = _child_parsed
    except (AttributeError, TypeError):  # pragma: no cover - another pathlib
        pass
