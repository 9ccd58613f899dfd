"""`blogtui publish DRAFT`: move a draft to a post dated now (or `--date`), like jekyll-compose."""

from __future__ import annotations

import argparse
from datetime import date

from blogtui.commands._common import add_blog_argument, blog_arg
from blogtui.commands._compose_common import run_move
from blogtui.config import Settings

HELP = "move a draft to _posts/ as YYYY-MM-DD-slug, dated now (file name and date:); prints the new path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="DRAFT", help="the draft's path, or its name in the blog's _drafts/"
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        type=_day,
        help="date the post this day instead of now (like jekyll-compose's --date)",
    )
    add_blog_argument(parser)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day: {text!r} (write YYYY-MM-DD)") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.compose import publish  # deferred: --help stays instant

    day = args.date
    return run_move(
        "publish",
        args.draft,
        blog_arg(args),
        settings,
        noun="draft",
        folder=lambda site: site.drafts_dir,
        move=lambda site, draft: publish(site, draft, day=day),
    )
