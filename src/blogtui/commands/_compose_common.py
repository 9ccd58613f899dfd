"""What `new`, `publish` and `unpublish` share: finding the blog a file belongs to, and moving it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from blogtui.commands._output import err, out
from blogtui.config import Settings

if TYPE_CHECKING:
    from blogtui.blog.site import Site


def site_of_file(ref: str, settings: Settings, blog: str | None) -> Site | None:
    """The blog a post or draft belongs to: ``--blog``, else the blog its path is in (when it is
    a path that exists), else the blog chosen as every command chooses it."""
    from blogtui.blog.site import blog_root, open_site  # deferred: --help stays instant
    from blogtui.commands._common import open_blog

    path = Path(ref).expanduser()
    if blog or not path.exists():
        return open_blog(settings, blog)
    return open_site(blog_root(path)).with_overrides(**settings.site)


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

    site = site_of_file(ref, settings, blog_arg)
    if site is None:
        return 2
    path = resolve_file(ref, folder(site))
    if not path.is_file():
        err(f"blogtui {command}: no {noun} at {ref}")
        return 2
    try:
        dest = move(site, path)
    except ComposeError as exc:
        err(f"blogtui {command}: {exc.message}")
        return 1
    out(rel(dest))
    return 0
