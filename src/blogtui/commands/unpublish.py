"""`blogtui unpublish POST`: move a post back to _drafts/ (its bytes unchanged)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from blogtui.commands._compose_common import add_blog_option, resolve_file, site_of_file
from blogtui.config import Settings

HELP = "move a post back to _drafts/ (without its date prefix); prints the new path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("post", metavar="POST", help="the post's path, or its name in the blog's posts folder")
    add_blog_option(parser)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.compose import ComposeError, unpublish  # deferred: --help stays instant
    from blogtui.commands._common import rel

    site = site_of_file(Path(args.post), settings, args.blog)
    if site is None:
        return 2
    path = resolve_file(args.post, site.posts_dir)
    if not path.is_file():
        print(f"blogtui unpublish: no post at {args.post}", file=sys.stderr)
        return 2
    try:
        dest = unpublish(site, path)
    except ComposeError as exc:
        print(f"blogtui unpublish: {exc.message}", file=sys.stderr)
        return 1
    print(rel(dest))
    return 0
