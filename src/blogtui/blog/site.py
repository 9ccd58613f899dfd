"""A blog on disk: where its posts and drafts live and the site settings that shape URLs.

Two layouts are understood:
- a Jekyll site root (it has ``_posts/``): posts in ``_posts/``, drafts in ``_drafts/``, and the
  site's ``_config.yml`` supplies ``permalink``, ``timezone``, ``url`` and ``baseurl``;
- a plain folder of posts (like the bundled ``posts/``), drafts in its ``_drafts/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
    #: problems met while reading _config.yml (shown, never fatal)
    warnings: tuple[str, ...] = field(default=())

    def with_overrides(self, **values: Any) -> Site:
        clean = {k: v for k, v in values.items() if k in SITE_KEYS and v not in (None, "")}
        return replace(self, **clean)

    @property
    def data_dir(self) -> Path:
        """The site's ``_data`` folder (a plain posts folder keeps its own)."""
        return self.root / "_data"


def open_site(path: Path) -> Site:
    """Recognise the layout of ``path`` and read the Jekyll ``_config.yml`` if there is one."""
    root = path.expanduser().resolve()
    if (root / "_posts").is_dir():
        site = Site(root=root, posts_dir=root / "_posts", drafts_dir=root / "_drafts", is_jekyll_root=True)
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
    return site.with_overrides(**values)
