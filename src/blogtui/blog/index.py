"""Scan a blog: read only the front matter of each file, cache it by (path, mtime, size).

A warm start only stats the files and takes each post from the cache (blog.index_cache). A file
whose front matter cannot be read (bad YAML) or that Jekyll refuses is still a post, made from its
file name and carrying its problems (blog.broken); a file that cannot be decoded (not UTF-8,
binary, unreadable, a symlink loop) becomes a FileProblem. The rest of the blog still opens.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from blogtui.blog import index_cache, postfile
from blogtui.blog.broken import problem_of
from blogtui.blog.defaults import (
    DEFAULT_EXCLUDES,
    DEFAULT_INCLUDES,
    SPECIAL_PREFIXES,
    EntryFilter,
    entry_filter,
)
from blogtui.blog.index_cache import gc_paused
from blogtui.blog.index_scan import (
    Scan,
    _cached_post,
    _child,
    _notice,
    _problem,
    _stat_problem,
)
from blogtui.blog.index_table import _build_table, _candidates
from blogtui.blog.post import (
    MAX_LABELS,
    FileProblem,
    Post,
    PostError,
    build_post,
    is_post_name,
    read_error_message,
)
from blogtui.blog.rubytime import get_timezone
from blogtui.blog.site import Site, special_dirs
from blogtui.blog.source import SourceError, decode, parse_text


class ScanStopped(Exception):
    """The scan was given up by its caller (``stop``: the app is quitting); nothing was saved."""


#: files scanned between two calls of a scan's ``stop``
STOP_EVERY = 64


@dataclass(slots=True)
class Index:
    site: Site
    posts: list[Post] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    #: find()'s tables, built on first use (rebuilt if ``posts`` is replaced or changes length)
    _lookup: tuple[int, int, dict[str, Post]] | None = field(
        default=None, repr=False, compare=False
    )

    def all_problems(self) -> list[FileProblem]:
        """The unreadable files' problems, then those of the posts that carry some."""
        return self.problems + [q for p in self.posts for q in p.problems]

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
            for c in p.categories[:MAX_LABELS]:  # bounded per post: completions stay small
                counts[c] = counts.get(c, 0) + 1
        return counts

    def tags(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.posts:
            for t in p.tags[:MAX_LABELS]:
                counts[t] = counts.get(t, 0) + 1
        return counts


# -- scanning ------------------------------------------------------------------------------------


_PLAIN_FILTER = entry_filter(DEFAULT_EXCLUDES, DEFAULT_INCLUDES)


def _walk_entries(
    base: Path, flt: EntryFilter = _PLAIN_FILTER, base_rel: str = "_posts"
) -> Iterator[os.DirEntry[str]]:
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
    keeps = flt.for_folder(base_rel)
    stack: list[tuple[str, str]] = [(os.fspath(base), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=_name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue  # Dir["**/*"] neither lists nor enters hidden entries
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not (prune and not prefix and name.startswith(SPECIAL_PREFIXES)):
                        stack.append((entry.path, prefix + name + "/"))
                    if is_post_name(name, "post") and keeps(prefix + name):
                        yield entry  # a folder named like a post: its problem (Jekyll skips it)
                    continue
                if entry.is_symlink() and entry.is_dir():
                    continue  # a symlink to a folder: Jekyll does not read it
            except OSError:
                pass
            if keeps(prefix + name):
                yield entry


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _walk(base: Path, site: Site | None = None, base_rel: str = "_posts") -> Iterator[Path]:
    """The files of :func:`_walk_entries` as paths (``site`` gives its exclude/include lists)."""
    flt = site.entry_filter if site is not None else _PLAIN_FILTER
    for entry in _walk_entries(base, flt, base_rel):
        yield Path(entry.path)


def read_metadata(path: Path, roots: tuple[Path, ...] | None = None) -> dict[str, Any]:
    """Front matter of one file, reading only its head (blog.postfile: a regular file, in
    ``roots`` if given). Raises SourceError / OSError."""
    return read_metadata_notice(path, roots)[0]


_CR_ONLY_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r(?!\n)")


def read_metadata_notice(
    path: Path, roots: tuple[Path, ...] | None = None
) -> tuple[dict[str, Any], SourceError | None]:
    """(front matter, a problem the post still has): a file Jekyll reads although its author
    surely meant otherwise (only CR line ends: no front matter for Jekyll) is a post *and* a
    problem of that post, as `check` says."""
    head, complete = postfile.read_head(path, roots)
    text, _bom = decode(head)
    if not complete:
        # no front matter, or never closed: the whole head is body text (Jekyll reads it so)
        notice = None
        if _CR_ONLY_RE.match(head) and b"\n" not in head:
            notice = SourceError(
                "line-endings",
                "the file uses old Mac line endings (CR only): Jekyll sees no front matter",
                hint="convert the line endings to LF (e.g. dos2unix -c mac)",
            )
        return {}, notice
    _split, metadata = parse_text(text)
    return metadata, None


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
        return (
            None
            if self.cache_dir is None
            else index_cache.cache_path(self.cache_dir, self.site.root)
        )

    # scan --------------------------------------------------------------------------------------
    def folders(self) -> list[tuple[Path, str, str]]:
        """(folder, its path from the site root as Jekyll sees it, kind) of every posts/drafts folder."""
        site = self.site
        flt = site.entry_filter
        if site.is_jekyll_root:  # also es/_posts, es/_drafts ... (their folder is a category)
            out = [(f, rel, "post") for f, rel in special_dirs(site.root, "_posts", flt)]
            if self.include_drafts:
                out += [(f, rel, "draft") for f, rel in special_dirs(site.root, "_drafts", flt)]
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

    def scan(self, now: datetime | None = None, *, stop: Callable[[], bool] | None = None) -> Index:
        """Index the blog: for each file, the cached post when its (mtime, size) and the site
        settings are unchanged, else its front matter (cached, or read) and build_post.
        ``stop`` is asked every ``STOP_EVERY`` files: True raises ScanStopped (a first scan of
        10,000 posts takes seconds, which quitting must not wait for)."""
        with gc_paused():
            return self._scan(now, stop)

    def _scan(self, now: datetime | None, stop: Callable[[], bool] | None = None) -> Index:
        now = now or datetime.now(UTC)
        now_ts = int(now.timestamp())
        site = self.site
        tz = get_timezone(site.timezone)
        root = os.fspath(site.root)
        settings = index_cache.settings_version(site.settings_key)
        cache_file = self.cache_file
        cache, posts_valid = index_cache.load(cache_file, settings)
        dirty = not posts_valid
        index = Index(site=site)
        posts, problems = index.posts, index.problems
        st = Scan(site, tz, now, now_ts, root, site.folders, cache, posts_valid, index)
        for number, (entry, kind) in enumerate(self.entries(), 1):
            if stop is not None and number % STOP_EVERY == 0 and stop():
                raise ScanStopped
            try:
                self._scan_entry(st, entry, kind)
            except Exception as exc:  # no single file stops the index: a problem of that file
                path = Path(entry.path)
                problems.append(
                    FileProblem(
                        path,
                        index_cache.rel_key(entry.path, root),
                        f"blogtui could not read this file ({type(exc).__name__}: {exc})",
                        rule="internal",
                    )
                )
        fresh, dirty, parsed, cached = st.fresh, dirty or st.dirty, st.parsed, st.cached
        self.stats = {"parsed": parsed, "cached": cached}
        if not self.include_drafts:  # keep the drafts' entries for the next full scan
            for key, old in cache.items():
                if (
                    key.startswith("draft:")
                    and key not in fresh
                    and type(old) is list
                    and len(old) >= 3
                ):
                    fresh[key] = (
                        old if posts_valid else old[:3]
                    )  # posts built for other settings: dropped
        posts.sort(key=_newest_first, reverse=True)
        if dirty or len(fresh) != len(cache):
            index_cache.save(cache_file, settings, fresh)
        return index

    def _scan_entry(self, st: Scan, entry: os.DirEntry[str], kind: str) -> None:
        """One file of the scan: its post or its problem into ``st``, its cache entry too."""
        name, path_text = entry.name, entry.path
        key_rel = index_cache.rel_key(path_text, st.root)
        key = f"{kind}:{key_rel}"
        old = st.cache.get(key)
        if old is None and not is_post_name(name, kind):
            return  # Jekyll never reads it: neither a post nor a problem
        folder = path_text[: -len(name) - 1]
        parent = st.parents.get(folder)
        if parent is None:
            parent = st.parents[folder] = Path(folder)
        path = _child(parent, name)
        try:
            fst = entry.stat()
        except OSError as exc:  # a dangling symlink, a loop: say which
            st.problems.append(_stat_problem(path, key_rel, exc))
            return
        mtime_ns, size = fst.st_mtime_ns, fst.st_size
        metadata: dict[str, Any] | None = None
        notice: SourceError | None = None
        record: list[Any] | None = None
        if type(old) is list and len(old) in (3, 4) and old[0] == mtime_ns and old[1] == size:
            meta_rec = old[2]
            err = meta_rec.get("e") if type(meta_rec) is dict else None
            if type(err) is list and len(err) in (4, 5):  # not readable last time either
                _problem(st, kind, FileProblem(path, key_rel, *err), size, mtime_ns)
                st.fresh[key] = old
                return
            try:
                metadata = index_cache.decode_meta(meta_rec)
            except (KeyError, ValueError, TypeError, AttributeError):
                metadata = None  # a damaged entry: read the file again
            if metadata is not None:
                st.cached += 1
                record = old
                if st.posts_valid and len(old) == 4:  # [mtime, size, front matter, post]
                    try:
                        post = _cached_post(
                            old[3],
                            path,
                            key_rel,
                            kind,
                            st.site,
                            metadata,
                            size,
                            mtime_ns,
                            st.tz,
                            st.now_ts,
                        )
                    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
                        pass  # a damaged entry: build the post again
                    else:
                        st.fresh[key] = old
                        if isinstance(post, FileProblem):
                            _problem(st, kind, post, size, mtime_ns, metadata)
                        elif post is not None:
                            _notice(post, meta_rec)
                            st.posts.append(post)
                        return
        if metadata is None:
            try:
                metadata, notice = read_metadata_notice(path, st.roots)
                st.parsed += 1
            except SourceError as exc:
                _problem(st, kind, problem_of(path, key_rel, exc), size, mtime_ns)
                st.fresh[key] = [
                    mtime_ns,
                    size,
                    {"e": [exc.message, exc.line, exc.column, exc.rule, exc.hint]},
                    None,
                ]
                st.dirty = True
                return
            except OSError as exc:
                st.problems.append(FileProblem(path, key_rel, read_error_message(exc)))
                return
        if record is not None:
            meta_rec = record[2]
        else:
            meta_rec = index_cache.encode_meta(metadata)
            if notice is not None:  # kept with the front matter: a warm start says it again
                meta_rec["w"] = [
                    notice.message,
                    notice.line,
                    notice.column,
                    notice.rule,
                    notice.hint,
                ]
        try:
            post = build_post(
                st.site, path, kind, metadata, size=size, mtime_ns=mtime_ns, now=st.now
            )
        except PostError as exc:
            problem = FileProblem(path, key_rel, exc.message, rule=exc.rule)
            _problem(st, kind, problem, size, mtime_ns, metadata)
            st.fresh[key] = [mtime_ns, size, meta_rec, ["!", exc.message, exc.rule]]
            st.dirty = True
            return
        st.fresh[key] = [
            mtime_ns,
            size,
            meta_rec,
            None if post is None else index_cache.encode_post(post, st.site.root),
        ]
        st.dirty = True
        if post is not None:
            _notice(post, meta_rec)
            st.posts.append(post)


_OLDEST = datetime.min.replace(tzinfo=UTC)


def _newest_first(post: Post) -> tuple[datetime, str]:
    return (post.date or _OLDEST, post.rel)


def load_index(
    site: Site,
    cache_dir: Path | None = None,
    *,
    include_drafts: bool = True,
    stop: Callable[[], bool] | None = None,
) -> Index:
    return BlogIndex(site, cache_dir, include_drafts=include_drafts).scan(stop=stop)
