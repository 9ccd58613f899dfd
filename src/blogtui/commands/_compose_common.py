"""What `new`, `publish` and `unpublish` share: finding the blog a file belongs to, and moving it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from blogtui.config import Settings

if TYPE_CHECKING:
    from blogtui.blog.site import Site


def add_blog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--blog",
        metavar="BLOG",
        help="a folder of posts or a Jekyll site root (default: the file's own blog, else the configured blog, else ./posts)",
    )


def site_of_file(path: Path, settings: Settings, blog_arg: str | None) -> Site | None:
    """The blog a post or draft belongs to: ``--blog``, else found from the path, else the configured one."""
    from blogtui.blog.site import open_site  # deferred: --help stays instant
    from blogtui.commands._common import open_blog

    if blog_arg:
        return open_blog(settings, blog_arg)
    path = path.resolve()
    for parent in path.parents:
        if parent.name in ("_posts", "_drafts"):
            # a Jekyll root (_posts/ and _drafts/), or a plain folder of posts with its _drafts/
            return open_site(parent.parent).with_overrides(**settings.site)
    configured = settings.blog_path(None)
    if configured.is_dir() and path.is_relative_to(configured.resolve()):
        return open_blog(settings, str(configured))
    return open_site(path.parent).with_overrides(**settings.site)  # a plain folder of posts


def resolve_file(ref: str, folder: Path) -> Path:
    """A path as given, else a name (with or without extension) inside ``folder``."""
    given = Path(ref).expanduser()
    if given.exists() or given.parent != Path("."):
        return given
    candidate = folder / ref
    if candidate.exists():
        return candidate
    matches = sorted(folder.glob(f"{ref}.*")) if folder.is_dir() else []
    return matches[0] if len(matches) == 1 else given


def run_move(
    command: str,
    ref: str,
    blog_arg: str | None,
    settings: Settings,
    *,
    noun: str,
    folder: Callable[[Site], Path],
    move: Callable[[Site, Path], Path],
) -> int:
    """`publish` and `unpublish`: find the file (``ref`` in ``folder(site)``), ``move`` it, print where to.

    Exit codes: 0 moved, 1 the move was refused (a ComposeError, its message on stderr), 2 no such file.
    """
    from blogtui.blog.compose import ComposeError  # deferred: --help stays instant
    from blogtui.commands._common import rel

    site = site_of_file(Path(ref), settings, blog_arg)
    if site is None:
        return 2
    path = resolve_file(ref, folder(site))
    if not path.is_file():
        print(f"blogtui {command}: no {noun} at {ref}", file=sys.stderr)
        return 2
    try:
        dest = move(site, path)
    except ComposeError as exc:
        print(f"blogtui {command}: {exc.message}", file=sys.stderr)
        return 1
    print(rel(dest))
    return 0
