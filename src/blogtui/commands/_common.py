"""Helpers shared by the headless commands (light to import: ``--help`` stays instant)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from blogtui.commands._output import err
from blogtui.config import Settings

if TYPE_CHECKING:
    from blogtui.blog.index import Index
    from blogtui.blog.site import Site

BLOG_HELP = (
    "a folder of posts or a Jekyll site (any folder in it will do); default: the blog the"
    " current folder is in ('blogtui --help' says how the blog is found)"
)


def add_blog_argument(parser: argparse.ArgumentParser, *, positional: bool = False) -> None:
    """``--blog BLOG`` (every command that acts on a blog), and the ``BLOG`` positional where
    the command has one (``list``, ``sync``, the reader). :func:`blog_arg` reads either."""
    if positional:
        parser.add_argument("blog", nargs="?", metavar="BLOG", help=BLOG_HELP)
    parser.add_argument("--blog", dest="blog_option", metavar="BLOG", help=BLOG_HELP)


def blog_arg(args: argparse.Namespace) -> str | None:
    """The blog named on the command line (``--blog BLOG`` or the positional), or None."""
    option: str | None = getattr(args, "blog_option", None)
    return option or getattr(args, "blog", None)


def open_blog(settings: Settings, blog: str | None) -> Site | None:
    """The chosen blog (:meth:`Settings.blog_path`), opened; None (and a message) if there is none."""
    from blogtui.blog.site import open_site

    path = settings.blog_path(blog)
    if not path.is_dir():
        err(
            f"blogtui: no blog folder at {path} (give BLOG or --blog BLOG, or run it inside a"
            " blog; 'blogtui --help' says how the blog is found)"
        )
        return None
    site = open_site(path).with_overrides(**settings.site)
    for w in site.warnings:
        err(f"blogtui: warning: {w}")
    return site


def index_blog(settings: Settings, site: Site, *, include_drafts: bool = True) -> Index:
    from blogtui.blog.index import load_index

    return load_index(site, settings.cache_dir, include_drafts=include_drafts)


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
