"""`blogtui new "Title"`: create a post or draft like jekyll-compose and print its path."""

from __future__ import annotations

import argparse

from blogtui.commands._common import add_blog_argument, blog_arg
from blogtui.commands._output import err, out
from blogtui.config import Settings

HELP = "create a new post (or --draft) named after its title; prints the path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", help="the post's title (the file name is its slug)")
    parser.add_argument("--draft", action="store_true", help="create a draft in _drafts/ (no date)")
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="C",
        help="a category; one per flag, repeat it for more (--category a --category b)",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="a tag; one per flag, repeat it for more (--tag a --tag b)",
    )
    add_blog_argument(parser)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.compose import ComposeError, new_post  # deferred: --help stays instant
    from blogtui.commands._common import open_blog, rel

    site = open_blog(settings, blog_arg(args))
    if site is None:
        return 2
    extra = (
        settings.new.get("front_matter")
        if isinstance(settings.new.get("front_matter"), dict)
        else None
    )
    ext = settings.new.get("extension")
    if isinstance(ext, str) and ext and not ext.startswith("."):
        ext = "." + ext
    try:
        path = new_post(
            site,
            args.title,
            draft=args.draft,
            categories=args.category,
            tags=args.tag,
            front_matter=extra,
            ext=ext if isinstance(ext, str) and ext else None,
        )
    except ComposeError as exc:
        err(f"blogtui new: {exc.message}")
        return 1
    out(rel(path))
    return 0
