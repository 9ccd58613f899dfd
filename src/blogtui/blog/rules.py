"""Jekyll 4.3.1's reading rules for a post: file names, categories, tags, titles, published.

Dates (Ruby's ``Time.parse``, the site's time zone) are ``blog.rubytime``.

Each function mirrors a piece of jekyll/document.rb, jekyll/utils.rb or Ruby itself, and
tests/golden/ (real Jekyll's output) checks them. Surprises worth knowing:

- singular ``category:``/``tag:`` strings are *not* split on spaces, plural ones are;
- folders count as categories only *above* ``_posts`` (``es/_posts/x.md``), never below it, and
  Jekyll cuts the path at the first "_posts" it finds, even inside a name (``my_posts_x/_posts``
  gives the category "my");
- the fallback title capitalises each ``-`` word Ruby's way ("mixedCase" -> "Mixedcase"), from
  the file name even when ``slug:`` is set;
- ``published:`` with no value hides a post just like ``false``; ``published: "false"`` (a
  string) publishes it; an empty ``date:`` or an unreadable one aborts the whole build;
- categories keep their YAML types next to their text copies (``[2013]`` becomes
  ``[2013, "2013"]``), and in URLs they are lower-cased and escaped, never slugified.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any


class PostRuleError(ValueError):
    """Jekyll cannot read this post (it aborts the build or logs a read error)."""

    def __init__(self, message: str, rule: str = "jekyll") -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule


# -- file names ----------------------------------------------------------------------------------

#: Document::DATE_FILENAME_MATCHER, applied to the file's own name (the folders before it are
#: swallowed by an atomic group in Jekyll's expression, so only the name decides).
DATE_NAME_RE = re.compile(r"(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)", re.S)
#: Document::DATELESS_FILENAME_MATCHER on the name: drafts need an extension, nothing else.
DATELESS_NAME_RE = re.compile(r"(.*)(\.[^.]+)", re.S)


def split_name(name: str) -> tuple[str | None, str, str] | None:
    """(date string or None, slug, extension) of a file name as Jekyll's populate_title sees it."""
    m = DATE_NAME_RE.fullmatch(name)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = DATELESS_NAME_RE.fullmatch(name)
    if m:
        return None, m.group(1), m.group(2)
    return None


def clean_slug(slug: str) -> str:
    """Slugs do not end with a period (Jekyll removes every trailing dot)."""
    return slug.rstrip(".")


def titleize_slug(slug: str) -> str:
    """Utils.titleize_slug: split on ``-`` (Ruby drops trailing empties), capitalize each word."""
    words = slug.split("-")
    while words and words[-1] == "":
        words.pop()
    return " ".join(w.capitalize() for w in words)


def basename_without_ext(name: str) -> str:
    """Ruby's File.basename(path, ".*")."""
    stripped = name.lstrip(".")
    dot = stripped.rfind(".")
    if dot <= 0:
        return name
    return name[: len(name) - len(stripped) + dot]


# -- values as Ruby prints them -------------------------------------------------------------------


def ruby_to_s(value: Any) -> str:
    """Ruby's ``to_s`` of a YAML value (categories and titles are made strings this way)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        text = repr(value)
        if "e" in text:
            mant, exp = text.split("e")
            if "." not in mant:
                mant += ".0"
            return f"{mant}e{'+' if not exp.startswith('-') else '-'}{exp.lstrip('+-').zfill(2)}"
        return text
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%d %H:%M:%S UTC")
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_inspect(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_inspect(k)}=>{_inspect(v)}" for k, v in value.items()) + "}"
    return str(value)


def _inspect(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "nil"
    return ruby_to_s(value)


def _key(value: Any) -> tuple[str, str]:
    """A key for Ruby's eql? (1, 1.0 and true are all different there)."""
    return type(value).__name__, repr(value)


def _union(a: list[Any], b: list[Any]) -> list[Any]:
    """Ruby's ``Array#|``: a then b, duplicates dropped."""
    seen: set[tuple[str, str]] = set()
    out = []
    for v in (*a, *b):
        k = _key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


_WS_RE = re.compile(r"[ \t\n\v\f\r\x00]+")


def ruby_split(text: str) -> list[str]:
    """Ruby's ``String#split`` with no argument (ASCII whitespace, empties dropped)."""
    return [w for w in _WS_RE.split(text) if w]


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        out: list[Any] = []
        for v in value:
            out.extend(_flatten(v))
        return out
    return [value]


def _pluralized(data: dict[str, Any], singular: str, plural: str) -> list[Any]:
    """Utils.pluralized_array_from_hash: the singular key wins; a plural string is split."""
    value = data.get(singular) if singular in data else None
    if value is None or value is False:
        value = None
        if plural in data:
            val = data[plural]
            if isinstance(val, str):
                value = ruby_split(val)
            elif isinstance(val, list):
                value = [v for v in val if v is not None]
    return [v for v in _flatten(value) if v is not None]


def categories_from_path(relative_path: str, special_dir: str) -> list[str]:
    """Folders above ``_posts``/``_drafts`` (Jekyll cuts at the first occurrence of the name)."""
    if relative_path.startswith(special_dir):
        return []
    head = relative_path.split(special_dir, 1)[0]
    base = relative_path.rsplit("/", 1)[-1]
    return [c for c in head.split("/") if c and c != special_dir and c != base]


def merge_categories(data_categories: list[Any], value: Any) -> list[Any]:
    """Document#merge_categories!: ``categories`` merged into the ones a post has so far
    (its folders; then a ``defaults:`` set's): a string is split, a list joined (``Array#|``).

    Raises PostRuleError where Ruby raises (a number or a mapping: Jekyll logs a read error).
    """
    if value is None:
        return list(data_categories)
    if isinstance(value, str):
        value = ruby_split(value)
    elif not isinstance(value, list):
        raise PostRuleError(
            f"categories must be a list or a space-separated string, not {ruby_to_s(value)!r}",
            "categories-type",
        )
    return _union(list(data_categories), value)


def categories(path_categories: list[Any], meta: dict[str, Any]) -> list[Any]:
    """data["categories"] after Jekyll has read the front matter (values not yet strings).

    Raises PostRuleError where Jekyll logs a read error (``categories:`` neither a string nor
    a list).
    """
    fm = meta.get("categories")
    single = meta.get("category")
    if (single is None or isinstance(single, str)) and all(
        isinstance(c, str) for c in path_categories
    ):
        # the common cases (all text), same result as the general rule below: folders, then
        # `categories` words, then `category`, duplicates dropped
        if fm is None:
            words: list[Any] | None = []
        elif isinstance(fm, str):
            words = ruby_split(fm)
        elif isinstance(fm, list) and all(isinstance(c, str) for c in fm):
            words = fm
        else:
            words = None
        if words is not None:
            extra = [single] if single is not None else []
            return list(dict.fromkeys([*path_categories, *words, *extra]))
    data_cats: list[Any] = list(path_categories)
    if meta.get("categories") is not None:
        fm = meta["categories"]
        if isinstance(fm, str):
            fm = ruby_split(fm)
        elif not isinstance(fm, list):
            raise PostRuleError(
                f"categories must be a list or a space-separated string, not {ruby_to_s(fm)!r}",
                "categories-type",
            )
        data_cats = _union(data_cats, fm)
    merged = {**meta, "categories": data_cats}
    populated = [ruby_to_s(c) for c in data_cats + _pluralized(merged, "category", "categories")]
    uniq: list[Any] = []
    for c in populated:
        if c not in uniq:
            uniq.append(c)
    return _union(data_cats, uniq)


def tags(meta: dict[str, Any]) -> list[Any]:
    """populate_tags: ``tag`` (as is) or ``tags`` (a string is split), flattened; not deduplicated."""
    if meta.get("tag") is None:  # the common cases, same result as the general rule
        value = meta.get("tags")
        if value is None:
            return []
        if isinstance(value, str):
            return ruby_split(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    return _pluralized(meta, "tag", "tags")


def is_published(meta: dict[str, Any]) -> bool:
    """Publisher#can_be_published?: ``published`` absent or truthy (Ruby: only nil/false are false)."""
    if "published" not in meta:
        return True
    value = meta["published"]
    return value is not None and value is not False
