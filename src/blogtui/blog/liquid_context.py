"""What a post's Liquid sees: ``page``, ``site`` (``_config.yml``) and ``site.data`` (``_data/``).

- ``page``: the front matter, then Jekyll's own fields over it: ``url``, ``date``, ``title``,
  ``categories``, ``tags``, ``slug``, ``path``, ``id``;
- ``site``: every key of ``_config.yml`` (read with our safe YAML loader), ``url``/``baseurl``
  /``title`` as the blog's settings give them, ``time``, ``posts`` (newest first: title, url,
  date, categories, tags of each post the index knows);
- ``site.data``: ``_data/**`` YAML, JSON, CSV and TSV files, folders as nested keys, read with the
  same safe loader; a file that cannot be read is left out (the post still renders).

Files are read once per change (keyed by path, mtime and size); sizes are bounded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from blogtui.blog.post import Post
from blogtui.blog.rubytime import get_timezone
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError, decode, load_yaml

__all__ = ["page_vars", "post_summary", "site_vars", "variables"]

MAX_DATA_FILE = 2_000_000  # bytes: a bigger data file is left out
MAX_DATA_FILES = 400
_DATA_EXT = {".yml", ".yaml", ".json", ".csv", ".tsv"}

_cache: dict[tuple[str, str], tuple[object, Any]] = {}


def _stamp(path: Path) -> object:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _read_data_file(path: Path) -> Any:
    data = path.read_bytes()
    if len(data) > MAX_DATA_FILE:
        return None
    text, _bom = decode(data)
    ext = path.suffix.lower()
    if ext in (".yml", ".yaml"):
        return load_yaml(text, 1)
    if ext == ".json":
        return json.loads(text)
    dialect = "excel-tab" if ext == ".tsv" else "excel"
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def _data_tree(folder: Path) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    count = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = Path(dirpath).relative_to(folder).parts
        node = tree
        for part in rel:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            for name in sorted(filenames):
                path = Path(dirpath, name)
                if path.suffix.lower() not in _DATA_EXT or count >= MAX_DATA_FILES:
                    continue
                count += 1
                try:
                    value = _read_data_file(path)
                except (OSError, SourceError, ValueError, csv.Error):
                    continue
                if value is not None:
                    node.setdefault(path.stem, value)
    return tree


def _data_stamp(folder: Path) -> object:
    stamps = []
    for dirpath, _dirs, files in os.walk(folder):
        stamps.append((dirpath, _stamp(Path(dirpath))))
        stamps.extend((name, _stamp(Path(dirpath, name))) for name in sorted(files))
        if len(stamps) > 4 * MAX_DATA_FILES:
            break
    return tuple(stamps)


def _cached(kind: str, path: Path, stamp: object, load: Any) -> Any:
    key = (kind, str(path))
    hit = _cache.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = load()
    _cache[key] = (stamp, value)
    return value


def _config(root: Path) -> dict[str, Any]:
    cfg = root / "_config.yml"

    def load() -> dict[str, Any]:
        try:
            text, _bom = decode(cfg.read_bytes())
            data = load_yaml(text, 1)
        except (OSError, SourceError):
            return {}
        return dict(data) if isinstance(data, dict) else {}

    return dict(_cached("config", cfg, _stamp(cfg), load))


def post_summary(post: Post) -> dict[str, Any]:
    """A post as ``site.posts`` lists it."""
    return {
        **{k: v for k, v in post.metadata.items() if isinstance(k, str)},
        "title": post.title,
        "url": post.url,
        "date": post.date,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "slug": post.slug,
        "path": post.rel,
        "id": post.url.rsplit(".", 1)[0] if post.url.endswith(".html") else post.url.rstrip("/"),
    }


def site_vars(site: Site | None, posts: Iterable[Post] = ()) -> dict[str, Any]:
    """``site`` for Liquid: ``_config.yml`` keys, the blog's url/baseurl/title, data, posts."""
    if site is None:
        return {"data": {}, "posts": [], "url": "", "baseurl": ""}
    values = _config(site.root) if site.is_jekyll_root else {}
    data_dir = site.data_dir
    data: dict[str, Any] = {}
    if data_dir.is_dir():
        data = _cached("data", data_dir, _data_stamp(data_dir), lambda: _data_tree(data_dir))
    if site.timezone:  # config.toml's [site] timezone wins, as for the posts' dates
        values["timezone"] = site.timezone
    values.update(
        url=site.url,
        baseurl=site.baseurl,
        title=values.get("title", site.title),
        data=data,
        time=dt.datetime.now(get_timezone(site.timezone)),  # Jekyll's Time.now in its TZ
    )
    visible = [p for p in posts if p.kind == "post"]
    visible.sort(key=lambda p: p.date or dt.datetime.min, reverse=True)
    values["posts"] = [post_summary(p) for p in visible]
    return values


def page_vars(post: Post | None, metadata: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``page`` for Liquid: the front matter with Jekyll's own fields over it."""
    if post is None:
        return {k: v for k, v in (metadata or {}).items() if isinstance(k, str)}
    page = post_summary(post)
    if metadata:
        page.update({k: v for k, v in metadata.items() if isinstance(k, str)})
        page.update(title=post.title, url=post.url, date=post.date)
    return page


def variables(
    site: Site | None, post: Post | None, posts: Iterable[Post] = (), **extra: Any
) -> dict[str, Any]:
    """Everything a post's Liquid sees (``page``, ``site``, ``jekyll``)."""
    return {
        "page": page_vars(post, extra.get("metadata")),
        "site": site_vars(site, posts),
        "jekyll": {"environment": "production", "version": "4.3.0"},
        "paginator": {},
    }
