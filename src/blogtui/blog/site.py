"""A blog on disk: where its posts and drafts live and the site settings that shape URLs.

Two layouts are understood:
- a Jekyll site root (it has ``_posts/``): posts in ``_posts/``, drafts in ``_drafts/``, and the
  site's ``_config.yml`` supplies ``permalink``, ``timezone``, ``url`` and ``baseurl`` (config.toml
  wins over these: :meth:`Site.with_overrides`), front-matter ``defaults`` and the
  ``exclude``/``include`` lists (blog.defaults applies them as Jekyll does);
- a plain folder of posts (like the bundled ``posts/``), drafts in its ``_drafts/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from blogtui.blog.defaults import (
    DEFAULT_EXCLUDES,
    DEFAULT_INCLUDES,
    DefaultSet,
    EntryFilter,
    entry_filter,
    parse_defaults,
)
from blogtui.blog.source import SourceError, decode, load_yaml

SITE_KEYS = ("permalink", "timezone", "url", "baseurl")


@dataclass(frozen=True, slots=True)
class Site:
    root: Path
    posts_dir: Path
    drafts_dir: Path
    is_jekyll_root: bool = False
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
    def data_dir(self) -> Path:
        """The site's ``_data`` folder (a plain posts folder keeps its own)."""
        return self.root / "_data"


def open_site(path: Path) -> Site:
    """Recognise the layout of ``path`` and read the Jekyll ``_config.yml`` if there is one."""
    root = path.expanduser().resolve()
    if (root / "_posts").is_dir():
        site = Site(
            root=root, posts_dir=root / "_posts", drafts_dir=root / "_drafts", is_jekyll_root=True
        )
        return _read_jekyll_config(site)
    return Site(root=root, posts_dir=root, drafts_dir=root / "_drafts")


def _read_jekyll_config(site: Site) -> Site:
    cfg = site.root / "_config.yml"
    if not cfg.is_file():
        return site
    try:
        text, _ = decode(cfg.read_bytes())
        data = load_yaml(text, 1)
    except (OSError, SourceError) as exc:
        msg = getattr(exc, "message", str(exc))
        line = getattr(exc, "line", 0)
        return replace(site, warnings=(f"{cfg}:{line}: {msg} (site settings ignored)",))
    if not isinstance(data, dict):
        return site
    values = {k: str(data[k]) for k in SITE_KEYS if data.get(k) is not None}
    site = site.with_overrides(**values)
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
