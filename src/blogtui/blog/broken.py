"""A post with a problem is still a post.

A file that decodes as text is listed, read and edited whatever its front matter says. When the
front matter cannot be read (broken YAML, a tab, a merge conflict) or Jekyll would refuse what it
says (a date out of range, a permalink it cannot build), the post is made from its file name
alone (its date and slug; the title from the slug) and carries its problems. Only a file that
cannot be decoded at all (binary, not UTF-8, not a regular file, unreadable, too large) stays a
file problem of the index ("unreadable files").
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from blogtui.blog import postfile
from blogtui.blog.post import FileProblem, Post, PostError, build_post
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError

#: kinds (rules) of the problems that leave no text to show: the file is not a post
UNREADABLE_KINDS = frozenset(
    {
        "encoding",
        "internal",
        postfile.NOT_A_FILE,
        postfile.DANGLING_SYMLINK,
        postfile.SYMLINK_OUTSIDE,
        postfile.UNREADABLE,
        postfile.TOO_LARGE,
    }
)


def is_unreadable(rule: str) -> bool:
    """Does a problem of this kind mean there is no text to show?"""
    return rule in UNREADABLE_KINDS


def problem_of(path: Path, rel: str, exc: SourceError) -> FileProblem:
    return FileProblem(path, rel, exc.message, exc.line, exc.column, exc.rule, exc.hint)


def post_with_problems(
    site: Site,
    path: Path,
    kind: str,
    problems: tuple[FileProblem, ...],
    *,
    metadata: dict[str, Any] | None = None,
    size: int = 0,
    mtime_ns: int = 0,
    now: datetime | None = None,
) -> Post | None:
    """The post a file is by its name alone (date, slug, title from the slug), with ``problems``.

    ``metadata``: front matter that could be read but that Jekyll refuses; only its ``title``
    (when it is text) is kept. None when Jekyll would not read the file at all (no date in a
    post's name) or when even the name alone makes no post (a site permalink Jekyll refuses).
    """
    kept: dict[str, Any] = {}
    title = (metadata or {}).get("title")
    if isinstance(title, str) and title.strip():
        kept["title"] = title
    try:
        post = build_post(site, path, kind, kept, size=size, mtime_ns=mtime_ns, now=now)
    except PostError:
        return None
    if post is not None:
        post.problems = problems
    return post
