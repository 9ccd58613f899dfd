"""`blogtui search QUERY [BLOG]`: full-text search over posts, drafts and the comments kept offline.

Exit status: 0 with hits, 1 with none, 2 on a usage error (a bad query included). The index
(SQLite FTS5 in the cache dir) is brought up to date first: only files whose (mtime, size)
changed are read again.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from blogtui.commands._common import add_blog_argument, blog_arg, index_blog, open_blog
from blogtui.config import Settings

if TYPE_CHECKING:
    from blogtui.comments.store import CommentStore

HELP = "full-text search of posts, drafts and stored comments (--format json)"
QUERY_HELP = (
    'words (all must match), "a phrase", title:word, tag:word; terms of 3+ characters use the'
    " index, any script (Japanese, Chinese, Russian...)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help=QUERY_HELP)
    add_blog_argument(parser, positional=True)
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N hits (default: 20)"
    )


def comment_source(settings: Settings) -> CommentStore | None:
    """The offline comment store, if there is one (never created here; None if unreadable)."""
    from blogtui.comments.store import CACHE_FILE, DATA_FILE, CommentStore, StoreError

    if (
        not (settings.cache_dir / CACHE_FILE).is_file()
        or not (settings.data_dir / DATA_FILE).is_file()
    ):
        return None
    try:
        return CommentStore.from_settings(settings)
    except (StoreError, OSError, Exception):  # a damaged store: search the posts anyway
        return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.fulltext import FullTextIndex, QueryError
    from blogtui.blog.fulltext_query import parse
    from blogtui.safe import one_line

    if args.limit < 1:
        print("blogtui search: --limit must be 1 or more", file=sys.stderr)
        return 2
    try:
        parse(args.query)  # a bad query is said before any indexing
    except QueryError as exc:
        print(f"blogtui search: {exc}", file=sys.stderr)
        return 2
    site = open_blog(settings, blog_arg(args))
    if site is None:
        return 2
    index = index_blog(settings, site)
    comments = comment_source(settings)
    try:
        with FullTextIndex(settings.cache_dir, site.root) as fts:
            fts.update(index.posts, comments, progress=_progress())
            hits = fts.search(args.query, limit=args.limit)
    except QueryError as exc:
        print(f"blogtui search: {exc}", file=sys.stderr)
        return 2
    finally:
        if comments is not None:
            comments.close()
    if args.format == "json":
        json.dump([h.to_json() for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        bold = ("\x1b[1;4m", "\x1b[0m") if sys.stdout.isatty() else ("[[", "]]")
        for h in hits:
            where = f"{h.rel}:{h.line}"
            kind = " (comment)" if h.kind == "comment" else ""
            print(f"{where}: {one_line(h.title)}{kind}\n    {h.marked(*bold)}")
    return 0 if hits else 1


def _progress():  # type: ignore[no-untyped-def]
    """Say "indexing… N%" on a terminal when there is a lot to index (the first run)."""
    if not sys.stderr.isatty():
        return None
    shown = [False]

    def report(done: int, total: int) -> None:
        if total < 500:
            return
        shown[0] = True
        end = "\n" if done >= total else ""
        print(f"\rindexing… {done * 100 // max(total, 1)}%", end=end, file=sys.stderr, flush=True)

    return report
