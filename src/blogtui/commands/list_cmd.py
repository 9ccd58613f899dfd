"""`blogtui list`: print the index for scripts (like `hugo list`)."""

from __future__ import annotations

import argparse
import sys

from blogtui.commands._common import add_blog_argument, blog_arg, index_blog, open_blog
from blogtui.commands._output import err, json_text, out, prose
from blogtui.config import Settings

HELP = "print the posts of the blog (one per line, or --format json)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_blog_argument(parser, positional=True)
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    site = open_blog(settings, blog_arg(args))
    if site is None:
        return 2
    index = index_blog(settings, site, include_drafts=args.drafts)
    posts = [p for p in index.posts if args.drafts or not p.draft]
    if args.format == "json":
        sys.stdout.write(json_text([p.to_json() for p in posts]) + "\n")
    else:
        for p in posts:
            day = p.date.strftime("%Y-%m-%d") if p.date else "----------"
            cats = ",".join(prose(c) for c in p.categories) or "-"
            line = f"{day}\t{prose(p.title)}\t{cats}\t{p.rel}"
            # a fifth column only for what Jekyll would not publish: scripts cutting 1-4 keep working
            out(f"{line}\t{p.status}" if p.status else line)
    for problem in index.problems:
        err(f"blogtui: {problem.rel}:{problem.line}:{problem.column}: {problem.message}")
    return 0
