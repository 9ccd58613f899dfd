"""Scan a blog: read only the front matter of each file, cache it by (path, mtime, size).

A warm start only stats the files. A file that cannot be read (bad YAML, not UTF-8, binary,
unreadable, a symlink loop) becomes a FileProblem; the rest of the blog still opens.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

from blogtui.blog.defaults import DEFAULT_EXCLUDES as _DEFAULT_EXCLUDES
from blogtui.blog.defaults import DEFAULT_INCLUDES, SPECIAL_PREFIXES, EntryFilter, entry_filter
from blogtui.blog.post import FileProblem, Post, PostError, build_post, is_post_name, read_error_message
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError, decode, parse_text, read_head

#: Bump when the cached data or its meaning changes; old caches are then ignored.
CACHE_VERSION = 1


@dataclass(slots=True)
class Index:
    site: Site
    posts: list[Post] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    #: find()'s tables, built on first use (rebuilt if ``posts`` is replaced or changes length)
    _lookup: tuple[int, int, dict[str, Post]] | None = field(default=None, repr=False, compare=False)

    def by_rel(self, rel: str) -> Post | None:
        return self._table().get("\0rel:" + rel)

    def find(self, ref: str) -> Post | None:
        """The post a link or a Liquid tag names, or None. O(1): one table built per index.

        ``ref`` may be: a path from the blog root (``_posts/2020-10-25-name.md``), a relative
        ``.md`` link (``../2020-10-25-name.md``, dot segments resolved), a ``post_url`` name with
        or without folders (``2020-10-25-name``, ``cat/2020-10-25-name``, ``/cat/2020-...``),
        the post's URL path with or without the site's baseurl (``/blog/2020/10/25/name.html``,
        percent-escaped or not, with or without the trailing ``/`` or ``index.html``), or a full
        URL on the site's own ``url``. Query strings and ``#anchors`` are ignored.
        """
        table = self._table()
        ref = ref.strip().strip('"').strip("'").strip()
        if not ref:
            return None
        if "://" in ref:
            own = self.site.url.rstrip("/")
            if not own or not ref.startswith(own + "/"):
                return None
            ref = ref[len(own) :]
        for cut in ("#", "?"):
            if cut in ref and not ref.startswith(cut):
                ref = ref.split(cut, 1)[0]
        for candidate in _candidates(ref):
            post = table.get(candidate)
            if post is not None:
                return post
        return None

    def _table(self) -> dict[str, Post]:
        stamp = (id(self.posts), len(self.posts))
        if self._lookup is None or self._lookup[:2] != stamp:
            self._lookup = (*stamp, _build_table(self.posts))
        return self._lookup[2]

    def categories(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.posts:
            for c in p.categories:
                counts[c] = counts.get(c, 0) + 1
        return counts

    def tags(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.posts:
            for t in p.tags:
                counts[t] = counts.get(t, 0) + 1
        return counts


def _strip_ext(path: str) -> str:
    head, dot, ext = path.rpartition(".")
    return head if dot and "/" not in ext and head and not head.endswith("/") else path


def _url_forms(url: str) -> list[str]:
    """A URL path as links write it: as is, without the final "/", with "index.html", unescaped."""
    forms = [url]
    if url.endswith("/") and len(url) > 1:
        forms += [url.rstrip("/"), url + "index.html"]
    elif url.endswith("/index.html"):
        forms += [url[: -len("index.html")], url[: -len("/index.html")]]
    if "%" in url:
        forms += [unquote(f) for f in list(forms)]
    return forms


def _build_table(posts: list[Post]) -> dict[str, Post]:
    """Every name find() accepts -> post. Kinds of names are added in priority order (paths, then
    URLs, then ``post_url`` names, then bare file names), and the newest post wins within a kind
    (``posts`` is newest first): the same answers as comparing every post in that order."""
    table: dict[str, Post] = {}
    put = table.setdefault
    for p in posts:
        put("\0rel:" + p.rel, p)
    for p in posts:
        put(p.rel, p)
        put("/" + p.rel, p)
    for p in posts:
        for form in _url_forms(p.url):
            put(form, p)
    for p in posts:
        if p.page_path != p.url:
            for form in _url_forms(p.page_path):
                put(form, p)
    for p in posts:
        # post_url: "2020-10-25-name", "cat/2020-10-25-name" for _posts/cat/... and cat/_posts/...
        parts = [seg for seg in _strip_ext(p.rel).split("/") if seg not in ("_posts", "_drafts")]
        put("/".join(parts), p)
        put("/" + "/".join(parts), p)
        put(_strip_ext(p.rel), p)
    for p in posts:
        name = p.path.name
        put(name, p)
        put(_strip_ext(name), p)
    return table


def _candidates(ref: str) -> Iterator[str]:
    """The table keys to try for a reference, most exact first."""
    yield ref
    plain = unquote(ref) if "%" in ref else ref
    if plain != ref:
        yield plain
    norm = posixpath.normpath(plain)
    if norm != plain and norm != ".":
        yield norm
    if ref.endswith("/") and len(ref) > 1:
        yield ref.rstrip("/")
    if plain.startswith("/"):
        yield plain.lstrip("/")
    last = plain.rstrip("/").rsplit("/", 1)[-1]
    if last and last != plain:
        yield last
        yield _strip_ext(last)


# -- JSON-safe metadata for the cache ----------------------------------------------------------


def _to_json(value: Any) -> Any:
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


# -- scanning ------------------------------------------------------------------------------------


#: Jekyll's EntryFilter: names starting with these are special (skipped), like backups (``~``).
IGNORED_PREFIXES = SPECIAL_PREFIXES
#: Jekyll's default ``exclude`` list (blog.defaults.DEFAULT_EXCLUDES; kept here for old imports).
DEFAULT_EXCLUDES = _DEFAULT_EXCLUDES
_PLAIN_FILTER = entry_filter(_DEFAULT_EXCLUDES, DEFAULT_INCLUDES)


def _walk_entries(base: Path, flt: EntryFilter = _PLAIN_FILTER, base_rel: str = "_posts") -> Iterator[os.DirEntry[str]]:
    """Files below ``base`` (a ``_posts`` or ``_drafts`` folder) that Jekyll would consider.

    Jekyll globs ``**/*`` there (hidden folders are not entered, symlinked folders not followed)
    and drops an entry whose path *or* name starts with ``. _ # ~``, that ends with ``~`` or
    ``.``, or that the site's ``exclude`` names (unless its ``include`` does). So
    ``_posts/_old/x.md`` is skipped but ``_posts/2020/_old/x.md`` is read. ``base_rel`` is
    the folder's path from the site root (``es/_posts``), which ``exclude`` patterns see.
    """
    try:
        if not base.is_dir():
            return
    except OSError:
        return
    prune = flt.trivial_include  # no include can rescue a "_folder": do not even enter it
    keeps = flt.keeps
    stack: list[tuple[str, str]] = [(os.fspath(base), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # Dir["**/*"] neither lists nor enters hidden entries
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not (prune and not prefix and name.startswith(SPECIAL_PREFIXES)):
                        stack.append((entry.path, prefix + name + "/"))
                    continue
                if entry.is_symlink() and entry.is_dir():
                    continue  # a symlink to a folder: Jekyll does not read it
            except OSError:
                pass
            if keeps(prefix + name, base_rel):
                yield entry


def _walk(base: Path, site: Site | None = None, base_rel: str = "_posts") -> Iterator[Path]:
    """The files of :func:`_walk_entries` as paths (``site`` gives its exclude/include lists)."""
    flt = site.entry_filter if site is not None else _PLAIN_FILTER
    for entry in _walk_entries(base, flt, base_rel):
        yield Path(entry.path)


def _special_dirs(root: Path, special: str, flt: EntryFilter = _PLAIN_FILTER) -> Iterator[tuple[Path, str]]:
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


def read_metadata(path: Path) -> dict[str, Any]:
    """Front matter of one file, reading only its head. Raises SourceError / OSError."""
    head, complete = read_head(path)
    text, _bom = decode(head)
    if not complete:
        # no front matter, or never closed: the whole head is body text (Jekyll reads it so)
        return {}
    _split, metadata = parse_text(text)
    return metadata


class BlogIndex:
    """Builds an Index of a Site, reusing cached front matter for unchanged files."""

    def __init__(self, site: Site, cache_dir: Path | None = None, *, include_drafts: bool = True):
        self.site = site
        self.cache_dir = cache_dir
        self.include_drafts = include_drafts
        self.stats = {"parsed": 0, "cached": 0}

    # cache -------------------------------------------------------------------------------------
    @property
    def cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha1(str(self.site.root).encode()).hexdigest()[:16]
        return self.cache_dir / f"index-v{CACHE_VERSION}-{key}.json"

    def _load_cache(self) -> dict[str, Any]:
        f = self.cache_file
        if f is None:
            return {}
        try:
            data = json.loads(f.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _save_cache(self, entries: dict[str, Any]) -> None:
        f = self.cache_file
        if f is None:
            return
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=f.parent, prefix=f.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": CACHE_VERSION, "entries": entries}, out)
            os.replace(tmp, f)
        except OSError:
            pass  # a cache that cannot be written only costs time

    # scan --------------------------------------------------------------------------------------
    def folders(self) -> list[tuple[Path, str, str]]:
        """(folder, its path from the site root as Jekyll sees it, kind) of every posts/drafts folder."""
        site = self.site
        flt = site.entry_filter
        if site.is_jekyll_root:  # also es/_posts, es/_drafts ... (their folder is a category)
            out = [(f, rel, "post") for f, rel in _special_dirs(site.root, "_posts", flt)]
            if self.include_drafts:
                out += [(f, rel, "draft") for f, rel in _special_dirs(site.root, "_drafts", flt)]
            return out
        out = [(site.posts_dir, "_posts", "post")]
        if self.include_drafts:
            out.append((site.drafts_dir, "_drafts", "draft"))
        return out

    def entries(self) -> Iterator[tuple[os.DirEntry[str], str]]:
        """(directory entry, kind) of every file Jekyll would consider, in Jekyll's order."""
        flt = self.site.entry_filter
        for folder, rel, kind in self.folders():
            for entry in _walk_entries(folder, flt, rel):
                yield entry, kind

    def files(self) -> Iterator[tuple[Path, str]]:
        for entry, kind in self.entries():
            yield Path(entry.path), kind

    def scan(self, now: datetime | None = None) -> Index:
        now = now or datetime.now(timezone.utc)
        cache = self._load_cache()
        new_cache: dict[str, Any] = {}
        index = Index(site=self.site)
        self.stats = {"parsed": 0, "cached": 0}
        for path, kind in self.files():
            if not is_post_name(path.name, kind):
                continue  # Jekyll never reads it: neither a post nor a problem
            rel = path.relative_to(self.site.root).as_posix() if path.is_relative_to(self.site.root) else str(path)
            try:
                st = path.stat()
            except OSError as exc:
                index.problems.append(FileProblem(path, rel, read_error_message(exc)))
                continue
            key = f"{kind}:{path}"
            stamp = [st.st_mtime_ns, st.st_size]
            entry = cache.get(key)
            metadata: dict[str, Any] | None = None
            if isinstance(entry, dict) and entry.get("stamp") == stamp:
                if "error" in entry:
                    err = entry["error"]
                    index.problems.append(FileProblem(path, rel, err[0], err[1], err[2], err[3]))
                    new_cache[key] = entry
                    continue
                try:
                    metadata = _from_json(entry["meta"])
                    self.stats["cached"] += 1
                except (KeyError, ValueError, TypeError):
                    metadata = None
            if metadata is None:
                try:
                    metadata = read_metadata(path)
                    self.stats["parsed"] += 1
                except SourceError as exc:
                    problem = FileProblem(path, rel, exc.message, exc.line, exc.column, exc.rule)
                    index.problems.append(problem)
                    new_cache[key] = {"stamp": stamp, "error": [exc.message, exc.line, exc.column, exc.rule]}
                    continue
                except OSError as exc:
                    index.problems.append(FileProblem(path, rel, read_error_message(exc)))
                    continue
            new_cache[key] = {"stamp": stamp, "meta": _to_json(metadata)}
            try:
                post = build_post(self.site, path, kind, metadata, size=st.st_size, mtime_ns=st.st_mtime_ns, now=now)
            except PostError as exc:
                index.problems.append(FileProblem(path, rel, exc.message, rule=exc.rule))
                continue
            if post is None:
                continue
            index.posts.append(post)
        index.posts.sort(key=lambda p: (p.date or datetime.min.replace(tzinfo=timezone.utc), p.rel), reverse=True)
        if new_cache != cache:
            self._save_cache(new_cache)
        return index


def load_index(site: Site, cache_dir: Path | None = None, *, include_drafts: bool = True) -> Index:
    return BlogIndex(site, cache_dir, include_drafts=include_drafts).scan()
