"""`blogtui publish DRAFT`: move a draft to a dated post (adds `date` only when missing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from blogtui.commands._compose_common import add_blog_option, resolve_file, site_of_file
from blogtui.config import Settings

HELP = "move a draft to _posts/ as YYYY-MM-DD-slug (adds a date if it has none); prints the new path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("draft", metavar="DRAFT", help="the draft's path, or its name in the blog's _drafts/")
    add_blog_option(parser)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.compose import ComposeError, publish  # deferred: --help stays instant
    from blogtui.commands._common import rel

    site = site_of_file(Path(args.draft), settings, args.blog)
    if site is None:
        return 2
    path = resolve_file(args.draft, site.drafts_dir)
    if not path.is_file():
        print(f"blogtui publish: no draft at {args.draft}", file=sys.stderr)
        return 2
    try:
        dest = publish(site, path)
    except ComposeError as exc:
        print(f"blogtui publish: {exc.message}", file=sys.stderr)
        return 1
    print(rel(dest))
    return 0
