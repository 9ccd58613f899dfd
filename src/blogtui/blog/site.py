"""A blog on disk: where its posts and drafts live and the site settings that shape URLs.

Two layouts are understood:
- a Jekyll site root (it has ``_config.yml``, or a ``_posts/`` folder anywhere below it that
  Jekyll would read: ``en/news/_posts/``): posts in every such ``_posts/`` (the folders above one
  are categories), drafts in the ``_drafts/`` beside each, new posts in the root's ``_posts/``;
  the site's ``_config.yml`` supplies ``title``, ``permalink``, ``timezone``, ``url`` and
  ``baseurl`` (config.toml wins over these: :meth:`Site.with_overrides`), front-matter
  ``defaults`` and the ``exclude``/``include`` lists (blog.defaults applies them as Jekyll does);
- a plain folder of posts (like the bundled ``posts/``), drafts in its ``_drafts/``.

:func:`find_blog` is the one answer to "which blog is this path in?" (the reader, ``list``,
``check``, ``sync``, ``new``, ``publish`` all ask it), found the way git finds a repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from blogtui.blog import postfile
from blogtui.blog.defaults import (
    DEFAULT_EXCLUDES,
    DEFAULT_INCLUDES,
    DefaultSet,
    EntryFilter,
    entry_filter,
    parse_defaults,
)
from blogtui.blog.rules import DATE_NAME_RE
from blogtui.blog.source import SourceError, decode

SITE_KEYS = ("permalink", "timezone", "url", "baseurl")


@dataclass(frozen=True, slots=True)
class Site:
    root: Path
    posts_dir: Path
    drafts_dir: Path
    is_jekyll_root: bool = False
    #: ``title`` of _config.yml ("" when there is none)
    title: str = ""
    permalink: str = "date"
    timezone: str | None = None
    url: str = ""
    baseurl: str = ""
    #: ``defaults:`` of _config.yml (front matter given to posts by path/type)
    defaults: tuple[DefaultSet, ...] = ()
    #: Jekyll's ``exclude`` (its own default excludes always included) and ``include``
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    include: tuple[str, ...] = DEFAULT_INCLUDES
    #: problems met while reading _config.yml (shown, never fatal)
    warnings: tuple[str, ...] = field(default=())

    def with_overrides(self, **values: Any) -> Site:
        clean = {k: v for k, v in values.items() if k in SITE_KEYS and v not in (None, "")}
        return replace(self, **clean)

    @property
    def name(self) -> str:
        """What the blog is called on screen: its ``_config.yml`` title, else its folder's name."""
        return self.title.strip() or self.root.name or str(self.root)

    @property
    def entry_filter(self) -> EntryFilter:
        """Jekyll's EntryFilter for this site's exclude/include lists."""
        return entry_filter(self.exclude, self.include)

    @property
    def settings_key(self) -> str:
        """Everything about the site that changes a post's derived fields (the index cache key)."""
        sets = [
            (d.path, d.type, d.scoped, d.globbed, repr(sorted(d.values.items(), key=repr)))
            for d in self.defaults
        ]
        return repr(
            (
                str(self.root),
                str(self.posts_dir),
                str(self.drafts_dir),
                self.is_jekyll_root,
                self.permalink,
                self.timezone,
                self.baseurl,
                sets,
            )
        )

    @property
    def folders(self) -> tuple[Path, ...]:
        """The folders whose files belong to the blog (a symlink out of them is not read)."""
        return (self.root, self.posts_dir, self.drafts_dir)

    @property
    def data_dir(self) -> Path:
        """The site's ``_data`` folder (a plain posts folder keeps its own)."""
        return self.root / "_data"


def open_site(path: Path) -> Site:
    """Recognise the layout of the blog folder ``path`` and read its ``_config.yml`` if any.

    ``path`` is taken as the blog's root (use :func:`blog_root` to find the root of any path)."""
    root = path.expanduser().resolve()
    if is_site_root(root):
        site = Site(
            root=root, posts_dir=root / "_posts", drafts_dir=root / "_drafts", is_jekyll_root=True
        )
        return _read_jekyll_config(site)
    return Site(root=root, posts_dir=root, drafts_dir=root / "_drafts")


def _read_jekyll_config(site: Site) -> Site:
    cfg = site.root / "_config.yml"
    if not cfg.is_file():
        return site
    from blogtui.blog.yaml_load import load_yaml  # only a Jekyll site with a _config.yml

    try:
        text, _ = decode(postfile.read_bytes(cfg))
        data = load_yaml(text, 1)
    except (OSError, SourceError) as exc:
        msg = getattr(exc, "message", str(exc))
        line = getattr(exc, "line", 0)
        return replace(site, warnings=(f"{cfg}:{line}: {msg} (site settings ignored)",))
    if not isinstance(data, dict):
        return site
    values = {k: str(data[k]) for k in SITE_KEYS if data.get(k) is not None}
    site = site.with_overrides(**values)
    if isinstance(data.get("title"), (str, int, float)) and not isinstance(data["title"], bool):
        site = replace(site, title=" ".join(str(data["title"]).split()))
    warnings: list[str] = []
    defaults, bad = parse_defaults(data.get("defaults"), str(site.root))
    warnings.extend(f"{cfg}: {w.split(': ', 1)[-1]}" for w in bad)
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("exclude", "include"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            warnings.append(
                f"{cfg}: '{key}' should be a list, not {type(value).__name__} (ignored)"
            )
            continue
        lists[key] = tuple(v for v in value if isinstance(v, str))  # Jekyll ignores others
    exclude = tuple(dict.fromkeys(lists.get("exclude", ()) + DEFAULT_EXCLUDES))
    include = lists.get("include", DEFAULT_INCLUDES)
    return replace(
        site,
        defaults=defaults,
        exclude=exclude,
        include=include,
        warnings=site.warnings + tuple(warnings),
    )


# -- which blog a path is in ---------------------------------------------------------------------

#: the folders Jekyll reads posts and drafts from; never a blog of their own
SPECIAL_DIRS = ("_posts", "_drafts")
#: extensions of the files a plain folder's posts are written in (a Jekyll _posts folder: any)
POST_EXTENSIONS = {".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html", ".htm", ".textile"}
_DEFAULT_FILTER = entry_filter(DEFAULT_EXCLUDES, DEFAULT_INCLUDES)


def special_dirs(
    root: Path, special: str, flt: EntryFilter = _DEFAULT_FILTER
) -> Iterator[tuple[Path, str]]:
    """Every ``<folder>/_posts`` (or ``_drafts``) of a Jekyll site, as Jekyll's reader finds them,
    with its path from the root.

    Jekyll looks for them in the site root and in every folder it reads (not hidden, not
    ``_underscored``, not excluded, unless included; not a symlink here).
    """
    stack = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        candidate = folder / special
        if candidate.is_dir():
            yield candidate, rel + special
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if not entry.is_dir(follow_symlinks=False):
                    continue
            except OSError:
                continue
            if not flt.keeps(name, rel.rstrip("/"), is_dir=True):
                continue
            stack.append((Path(entry.path), rel + name + "/"))


def is_site_root(folder: Path) -> bool:
    """A Jekyll site root: it has ``_config.yml``, or Jekyll would find a ``_posts/`` below it."""
    if (folder / "_config.yml").is_file():
        return True
    stack = [(folder, "")]  # special_dirs' walk, in no particular order, stopping at the first
    while stack:
        current, rel = stack.pop()
        if (current / "_posts").is_dir():
            return True
        try:
            with os.scandir(current) as it:
                for entry in it:
                    if _is_folder(entry) and _DEFAULT_FILTER.keeps(
                        entry.name, rel.rstrip("/"), is_dir=True
                    ):
                        stack.append((Path(entry.path), rel + entry.name + "/"))
        except OSError:
            continue
    return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def has_dated_posts(folder: Path) -> bool:
    """A plain folder of posts: files named ``YYYY-MM-DD-slug.md`` (or .markdown, .html ...)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(
        DATE_NAME_RE.fullmatch(n) and os.path.splitext(n)[1].lower() in POST_EXTENSIONS
        for n in names
    )


def is_blog_folder(folder: Path) -> bool:
    """A folder that is a blog by what it holds itself: ``_config.yml``, ``_posts/``, dated posts."""
    if folder.name in SPECIAL_DIRS:
        return False
    return (
        (folder / "_config.yml").is_file()
        or (folder / "_posts").is_dir()
        or has_dated_posts(folder)
    )


def find_blog(path: Path) -> Path | None:
    """The root of the blog ``path`` (a file or folder) is in, found the way git finds a
    repository: the nearest folder at or above it that is a blog, or None.

    - a folder with ``_config.yml`` is a Jekyll site root, and it wins over a nearer folder
      with just a ``_posts/`` (``en/news/`` in a site whose ``_posts`` are ``<lang>/news/_posts``);
    - else the nearest folder with a ``_posts/`` is a site root;
    - else the nearest folder of dated posts is a plain blog;
    - ``_posts`` and ``_drafts`` folders (and what is inside them) are never a blog of their own;
    - the search does not go above a folder holding ``.git`` (a blog never spans repositories).
    """
    folder = path.expanduser().absolute()
    if not folder.is_dir():
        folder = folder.parent
    folder = folder.resolve()
    candidate: Path | None = None
    for current in (folder, *folder.parents):
        inside_special = any(part in SPECIAL_DIRS for part in current.parts)
        if not inside_special:
            if (current / "_config.yml").is_file():
                return current
            if candidate is None:
                if (current / "_posts").is_dir():
                    candidate = current  # look further up for the site's _config.yml
                elif has_dated_posts(current):
                    return current
        if (current / ".git").exists():
            break
    return candidate


def blog_root(path: Path) -> Path:
    """The blog a path names: the blog it is in (:func:`find_blog`), else the folder itself
    (an empty folder, or a site whose ``_posts`` are all in subfolders). A path that does not
    exist is returned as given (the caller says there is no blog there)."""
    path = path.expanduser()
    if not path.exists():
        return path
    found = find_blog(path)
    if found is not None:
        return found
    folder = (path if path.is_dir() else path.parent).resolve()
    for i, part in enumerate(folder.parts):
        if part in SPECIAL_DIRS:  # a site's _posts or _drafts: the site is the folder above
            return Path(*folder.parts[:i])
    return folder
