"""Helpers shared by the headless commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from blogtui.blog.index import Index, load_index
from blogtui.blog.site import Site, open_site
from blogtui.config import Settings


def open_blog(settings: Settings, blog_arg: str | None) -> Site | None:
    path = settings.blog_path(blog_arg)
    if not path.is_dir():
        print(f"blogtui: no blog folder at {path}", file=sys.stderr)
        return None
    site = open_site(path).with_overrides(**settings.site)
    for w in site.warnings:
        print(f"blogtui: warning: {w}", file=sys.stderr)
    return site


def index_blog(settings: Settings, site: Site, *, include_drafts: bool = True) -> Index:
    return load_index(site, settings.cache_dir, include_drafts=include_drafts)


def add_blog_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "blog",
        nargs="?",
        metavar="BLOG",
        help="a folder of posts or a Jekyll site root (default: configured blog, else ./posts)",
    )


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
