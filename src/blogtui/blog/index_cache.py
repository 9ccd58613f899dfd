"""The index's cache file: front matter *and* the post derived from it, per file.

A warm start should cost little more than a ``stat`` per file, so the cache keeps, for each file
(keyed by kind and path, valid while its mtime and size are unchanged):

- its front matter (or why it could not be read), in plain JSON when it is plain (the common
  case: json's C decoder does all the work; dates are marked and rebuilt), else tagged;
- the Post fields ``build_post`` derived from it (or why Jekyll would refuse it), valid while the
  site settings that shape posts (``Site.settings_key``) are the same. Other settings: the front
  matter is reused and only the posts are built again.

The whole file is ignored when CACHE_VERSION or the code of the reading rules changes (a hash of
their source), so a fixed rule never serves stale URLs. The cache is only a cache: any error
reading it means "start cold", and it is rewritten only when something changed.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from blogtui.atomic import atomic_write
from blogtui.blog.post import Post

#: Bump when the cached data or its meaning changes; old caches are then ignored.
CACHE_VERSION = 2
_RULE_MODULES = (
    "defaults",
    "errors",
    "index",
    "index_cache",
    "index_scan",
    "broken",
    "permalink",
    "post",
    "postfile",
    "rules",
    "site",
    "source",
    "source_handler",
    "yaml_errors",
    "yaml_load",
)
_code_version: str | None = None


def code_version() -> str:
    """A hash of the source of every module whose rules decide what the cache holds."""
    global _code_version
    if _code_version is None:
        digest = hashlib.sha1(str(CACHE_VERSION).encode())
        here = Path(__file__).resolve().parent
        for name in _RULE_MODULES:
            try:
                digest.update((here / f"{name}.py").read_bytes())
            except OSError:
                digest.update(name.encode())
        _code_version = digest.hexdigest()[:16]
    return _code_version


def settings_version(settings_key: str) -> str:
    return hashlib.sha1(settings_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# -- front matter <-> JSON -----------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    """Any front-matter value as JSON, tagged so that it comes back the same (the general form)."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, dict):
        return {"$map": [[_to_json(k), _to_json(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):
        return {"$b": value.hex()}
    return {"$s": str(value)}


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$map" in value:
            out = {}
            for k, v in value["$map"]:
                k = _from_json(k)
                out[k if not isinstance(k, list) else tuple(k)] = _from_json(v)
            return out
        if "$b" in value:
            return bytes.fromhex(value["$b"])
        if "$s" in value:
            return value["$s"]
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> bool:
    """JSON gives this value back exactly (no dates, no tuples, string keys only)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(_plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


def encode_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter -> a JSON record. Top-level dates (``date:``) stay in place as ISO text."""
    dates: dict[str, str] = {}
    plain: dict[str, Any] = {}
    for key, value in meta.items():
        if isinstance(value, datetime):
            dates[key], value = "t", value.isoformat()
        elif isinstance(value, date):
            dates[key], value = "d", value.isoformat()
        elif not _plain(value):
            return {"x": _to_json(meta)}
        plain[key] = value
    return {"m": plain, "d": dates} if dates else {"m": plain}


def decode_meta(record: dict[str, Any]) -> dict[str, Any]:
    """A record from encode_meta -> the front matter. Raises KeyError/ValueError/TypeError."""
    if "x" in record:
        meta = _from_json(record["x"])
        if not isinstance(meta, dict):
            raise TypeError("front matter is not a mapping")
        return meta
    meta = record["m"]
    if not isinstance(meta, dict):
        raise TypeError("front matter is not a mapping")
    dates = record.get("d")
    if not dates:
        return meta
    meta = dict(meta)  # the record may be written again: it keeps its text
    for key, kind in dates.items():
        meta[key] = (
            datetime.fromisoformat(meta[key]) if kind == "t" else date.fromisoformat(meta[key])
        )
    return meta


# -- derived post fields <-> JSON --------------------------------------------------------------------


def rel_key(path: str, root: str) -> str:
    """A file's name in the cache: its path from the blog root, or its whole path elsewhere."""
    if path.startswith(root) and path[len(root) : len(root) + 1] == os.sep:
        rel = path[len(root) + 1 :]
        return rel if os.sep == "/" else rel.replace(os.sep, "/")
    return path


def encode_post(post: Post, root: Path) -> list[Any]:
    """The fields build_post derived (``future`` is not kept: it depends on "now")."""
    # the usual values are left out (None): rel = the key's path, page_path = url
    key_rel = rel_key(os.fspath(post.path), os.fspath(root))
    return [
        None if post.rel == key_rel else post.rel,
        post.title,
        post.date.isoformat() if post.date else None,
        list(post.categories),
        list(post.tags),
        post.slug,
        post.ext,
        post.url,
        post.published,
        None if post.page_path == post.url else post.page_path,
    ]


def decode_post(
    record: list[Any],
    path: Path,
    key_rel: str,
    kind: str,
    metadata: dict[str, Any],
    size: int,
    mtime_ns: int,
    tz: tzinfo,
    now_ts: int,
) -> Post:
    """A record from encode_post -> the Post build_post made. Raises ValueError/TypeError/IndexError."""
    rel, title, when, categories, tags, slug, ext, url, published, page_path = record
    if type(title) is not str or type(url) is not str:
        raise TypeError("not a post record")
    moment = None
    if when is not None:
        moment = datetime.fromisoformat(when)
        if moment.tzinfo is not tz:  # build_post's dates are in the site's zone (same instant)
            moment = moment.astimezone(tz)
    return Post(
        path=path,
        rel=key_rel if rel is None else rel,
        kind=kind,
        title=title,
        date=moment,
        categories=tuple(categories),
        tags=tuple(tags),
        slug=slug,
        ext=ext,
        url=url,
        published=published,
        future=moment is not None and int(moment.timestamp()) > now_ts,
        metadata=metadata,
        size=size,
        mtime_ns=mtime_ns,
        page_path=url if page_path is None else page_path,
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the index is built or its cache file decoded: both
    allocate a few objects per post and keep nearly all of them, so the collector would walk the
    growing index again and again (a quarter of a warm start; json.loads of 10,000 posts' cache
    went from 40 ms to 100-300 ms in a process that holds Textual) to find nothing. Reference counting still frees at once;
    the collector runs again afterwards. It is left alone if someone else turned it off."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# -- the file ------------------------------------------------------------------------------------


def cache_path(cache_dir: Path, root: Path) -> Path:
    key = hashlib.sha1(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return cache_dir / f"index-v{CACHE_VERSION}-{key}.json"


def load(path: Path | None, settings: str) -> tuple[dict[str, list[Any]], bool]:
    """(entries, posts are valid for these settings). Anything unreadable: ({}, False)."""
    if path is None:
        return {}, False
    try:
        with open(path, "rb") as f:
            raw = f.read()
        with gc_paused():
            data = json.loads(raw)
    except (OSError, ValueError):
        return {}, False
    if (
        not isinstance(data, dict)
        or data.get("version") != CACHE_VERSION
        or data.get("code") != code_version()
    ):
        return {}, False
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}, False
    return entries, data.get("settings") == settings


def _remove_older(path: Path) -> None:
    """The same blog's cache files of older versions are dead weight: remove them."""
    prefix = f"index-v{CACHE_VERSION}-"
    if not path.name.startswith(prefix):
        return
    for version in range(1, CACHE_VERSION):
        try:
            (path.parent / f"index-v{version}-{path.name[len(prefix) :]}").unlink()
        except OSError:
            pass


def save(path: Path | None, settings: str, entries: dict[str, list[Any]]) -> None:
    """Write atomically (temp file + rename); a cache that cannot be written only costs time."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # json.dumps (one shot) runs json's C encoder; json.dump(file) would run its Python one
        text = json.dumps(
            {
                "version": CACHE_VERSION,
                "code": code_version(),
                "settings": settings,
                "entries": entries,
            },
            separators=(",", ":"),
        )
        atomic_write(
            path, text.encode("utf-8"), durable=False
        )  # a lost cache only costs time: no fsync
        _remove_older(path)
    except OSError:
        pass
