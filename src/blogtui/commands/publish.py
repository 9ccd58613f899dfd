"""`blogtui publish DRAFT`: move a draft to a dated post (adds `date` only when missing)."""

from __future__ import annotations

import argparse

from blogtui.commands._compose_common import add_blog_option, run_move
from blogtui.config import Settings

HELP = (
    "move a draft to _posts/ as YYYY-MM-DD-slug (adds a date if it has none); prints the new path"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="DRAFT", help="the draft's path, or its name in the blog's _drafts/"
    )
    add_blog_option(parser)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.compose import publish  # deferred: --help stays instant

    return run_move(
        "publish",
        args.draft,
        args.blog,
        settings,
        noun="draft",
        folder=lambda site: site.drafts_dir,
        move=publish,
    )
