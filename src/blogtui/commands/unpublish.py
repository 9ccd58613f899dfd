"""`blogtui unpublish POST`: move a post back to _drafts/ (its bytes unchanged)."""

from __future__ import annotations

import argparse

from blogtui.commands._common import add_blog_argument, blog_arg
from blogtui.commands._compose_common import run_move
from blogtui.config import Settings

HELP = "move a post back to _drafts/ (without its date prefix); prints the new path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "post", metavar="POST", help="the post's path, or its name in the blog's posts folder"
    )
    add_blog_argument(parser)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.compose import unpublish  # deferred: --help stays instant

    return run_move(
        "unpublish",
        args.post,
        blog_arg(args),
        settings,
        noun="post",
        folder=lambda site: site.posts_dir,
        move=unpublish,
    )
