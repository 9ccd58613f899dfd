"""A Jekyll site's ``_config.yml`` rules that shape posts: front-matter ``defaults`` and the
``exclude``/``include`` entry filter, exactly as Jekyll 4.3.1 applies them.

``defaults`` (jekyll/frontmatter_defaults.rb): each set ``{scope: {path, type}, values}`` whose
scope matches a post gives it front matter; the post's own front matter wins, and among sets a
longer scope path wins (a set with a ``type`` beats one without at the same length). Surprises
the golden files (tests/golden/urls-site-*.json, from real Jekyll) confirm:

- drafts are documents of the ``posts`` collection: ``type: posts`` applies to drafts too and
  ``type: drafts`` applies to nothing (scope them with ``path: _drafts``);
- a scope path matches as a plain prefix of the post's path from the site root
  (``_posts/2019`` also matches ``_posts/2019-05-01-x.md``); a leading ``/`` never matches;
  a path with ``*`` is globbed in the site folder first, then used as prefixes;
- values merge deeply and an empty front-matter value (``title:``) keeps the default's value;
- default ``categories`` are added to the post's own (not replaced), tags are replaced.

``exclude``/``include`` (jekyll/entry_filter.rb): a pattern matches an entry's path from the
site root as a Ruby ``File.fnmatch`` pattern (``*`` also crosses ``/``) *or as a plain prefix*;
``include`` rescues excluded, ``_underscored`` and ``.hidden`` names, and is matched against the
entry's path *below* ``_posts`` as if it were at the site root (and against its file name).
Jekyll always adds its own excludes (``node_modules``, ``vendor/bundle/`` ...).
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import translate
from functools import lru_cache
from typing import Any

#: configuration.rb DEFAULT_EXCLUDES (always added to the site's own ``exclude``).
DEFAULT_EXCLUDES = (
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
)  # fmt: skip
#: Jekyll's default ``include``.
DEFAULT_INCLUDES = (".htaccess",)
#: EntryFilter::SPECIAL_LEADING_CHAR_REGEX
SPECIAL_PREFIXES = (".", "_", "#", "~")
_DEPRECATED_TYPES = {"post": "posts", "page": "pages", "draft": "drafts"}


@dataclass(frozen=True, slots=True)
class DefaultSet:
    """One valid entry of ``defaults:`` (scope already normalised as Jekyll does)."""

    #: the scope's ``path`` when it is non-empty text, else "" (applies everywhere)
    path: str
    #: the scope's ``type`` (``post`` already renamed ``posts``), None when not given
    type: str | None
    #: the front matter it gives
    values: dict[str, Any] = field(hash=False)
    #: for a path with ``*``: the paths the glob found (relative to the site root)
    globbed: tuple[str, ...] | None = None
    #: False for a set without ``scope:`` (Jekyll applies it everywhere)
    scoped: bool = True


def parse_defaults(raw: Any, root: str) -> tuple[tuple[DefaultSet, ...], tuple[str, ...]]:
    """``defaults:`` of _config.yml -> (valid sets in order, warnings for the invalid ones)."""
    if not isinstance(raw, list):
        return (), (
            ("_config.yml: defaults must be a list of {scope, values} (ignored)",)
            if raw is not None
            else ()
        )
    sets: list[DefaultSet] = []
    warnings: list[str] = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("values"), dict):
            warnings.append(
                f"_config.yml: defaults entry {i} has no 'values' mapping (ignored, as Jekyll does)"
            )
            continue
        scope = item.get("scope")
        if "scope" in item and not isinstance(scope, dict):
            warnings.append(f"_config.yml: defaults entry {i}: 'scope' must be a mapping (ignored)")
            continue
        scope = scope or {}
        path = scope.get("path")
        path = path if isinstance(path, str) else ""
        kind = scope.get("type")
        kind = None if kind is None else _DEPRECATED_TYPES.get(str(kind), str(kind))
        globbed = _glob_scope(root, path) if "*" in path else None
        sets.append(DefaultSet(path, kind, dict(item["values"]), globbed, "scope" in item))
    return tuple(sets), tuple(warnings)


def _glob_scope(root: str, pattern: str) -> tuple[str, ...]:
    """FrontmatterDefaults#glob_scope: Dir.glob in the site folder, paths made relative again."""
    found = glob.glob(os.path.join(root, pattern), recursive=True)
    return tuple(sorted({os.path.relpath(p, root).replace(os.sep, "/") for p in found}))


def _sanitize(path: str) -> str:
    """FrontmatterDefaults#sanitize_path (only used to compare scope lengths)."""
    return path[1:] if path.startswith("/") else path


def _applies(s: DefaultSet, rel_path: str, doc_type: str) -> bool:
    if not s.scoped:
        return True
    if s.type is not None and s.type != doc_type:
        return False
    if not s.path:
        return True
    if s.globbed is not None:
        return any(rel_path.startswith(p) for p in s.globbed)
    return rel_path.startswith(s.path)


def _has_precedence(old: DefaultSet | None, new: DefaultSet) -> bool:
    if old is None:
        return True
    new_len, old_len = len(_sanitize(new.path)), len(_sanitize(old.path))
    if new_len != old_len:
        return new_len >= old_len
    if new.type is not None:
        return True
    return old.type is None


def deep_merge(target: dict[Any, Any], overwrite: dict[Any, Any]) -> dict[Any, Any]:
    """Utils.deep_merge_hashes: ``overwrite`` wins, except that its nil keeps the old value and
    two mappings are merged key by key."""
    out = dict(target)
    for key, new in overwrite.items():
        if key in out:
            old = out[key]
            if new is None:
                continue
            if isinstance(old, dict) and isinstance(new, dict):
                out[key] = deep_merge(old, new)
                continue
        out[key] = new
    return out


def defaults_for(
    sets: tuple[DefaultSet, ...], rel_path: str, doc_type: str = "posts"
) -> dict[str, Any]:
    """FrontmatterDefaults#all(relative_path, type): the merged values of every matching set."""
    merged: dict[str, Any] = {}
    old: DefaultSet | None = None
    for s in sets:
        if not _applies(s, rel_path, doc_type):
            continue
        if _has_precedence(old, s):
            merged = deep_merge(merged, s.values)
            old = s
        else:
            merged = deep_merge(s.values, merged)
    return merged


# -- exclude / include (EntryFilter) -----------------------------------------------------------------


def _matcher(patterns: tuple[str, ...]) -> Callable[[str, bool], bool]:
    """EntryFilter#glob_include? for paths relative to the site root (no leading "/").

    Matches when the pattern, as a Ruby fnmatch pattern (``*`` crosses ``/``), matches the path,
    or the path starts with the pattern, or (folders only) the pattern is the path plus "/".
    """
    plain = tuple(p.lstrip("/") for p in patterns if not any(c in p for c in "*?["))
    globs = [re.compile(translate(p.lstrip("/"))) for p in patterns if any(c in p for c in "*?[")]
    dir_forms = frozenset(p for p in plain if p.endswith("/"))

    def match(rel: str, is_dir: bool) -> bool:
        if plain and rel.startswith(plain):
            return True
        if is_dir and dir_forms and rel + "/" in dir_forms:
            return True
        return any(g.match(rel) for g in globs)

    return match


class EntryFilter:
    """Jekyll's EntryFilter for one site: which files and folders Jekyll reads."""

    __slots__ = ("_excluded", "_included", "exclude", "include")

    def __init__(self, exclude: tuple[str, ...], include: tuple[str, ...]):
        self.exclude = exclude
        self.include = include
        self._excluded = _matcher(tuple(p for p in exclude if p not in include))
        self._included = _matcher(include)

    @property
    def trivial_include(self) -> bool:
        """Only hidden names are included (Jekyll's default): no ``_folder`` can be rescued."""
        return all(p.startswith(".") for p in self.include)

    def for_folder(self, base: str) -> Callable[[str], bool]:
        """``keeps(entry, base)`` for the files of one folder, as fast as the patterns allow:
        with Jekyll's own lists (no include for anything but hidden names, no exclude that can
        reach inside ``base``) only the name rules are left."""
        prefix = base + "/" if base else ""
        include_inert = all(
            p.startswith(".") and not any(c in p for c in "*?[") for p in self.include
        )
        exclude_inert = all(
            not any(c in p for c in "*?[")
            and not p.lstrip("/").startswith(prefix)
            and not prefix.startswith(p.lstrip("/"))
            for p in self.exclude
        ) and bool(prefix)
        if include_inert and exclude_inert:

            def names_only(entry: str) -> bool:
                if entry.endswith((".", "~")) or entry.startswith(SPECIAL_PREFIXES):
                    return False
                name = entry.rpartition("/")[2]
                return not name.startswith(SPECIAL_PREFIXES)

            return names_only
        return lambda entry: self.keeps(entry, base)

    def keeps(self, entry: str, base: str, is_dir: bool = False) -> bool:
        """Would Jekyll keep ``entry`` (a path below ``base``; ``base`` relative to the site root)?"""
        if entry.endswith("."):
            return False
        name = entry.rsplit("/", 1)[-1]
        included = self._included(entry, is_dir) or self._included(name, is_dir)
        if not included and self._excluded(f"{base}/{entry}" if base else entry, is_dir):
            return False
        if included:
            return True
        return not (
            entry.startswith(SPECIAL_PREFIXES)
            or name.startswith(SPECIAL_PREFIXES)
            or entry.endswith("~")
        )


@lru_cache(maxsize=32)
def entry_filter(exclude: tuple[str, ...], include: tuple[str, ...]) -> EntryFilter:
    """One filter per (exclude, include) pair (its patterns are compiled once)."""
    return EntryFilter(exclude, include)
