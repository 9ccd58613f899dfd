"""Jekyll's keys (title, categories, tags, published, permalink, layout, slug), misspellings, [schema]."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from blogtui.blog import rules
from blogtui.blog.check.config import TYPES, SchemaConfig, required_keys
from blogtui.blog.check.dates import check_date
from blogtui.blog.check.problem import ERROR, WARNING, Checker, is_scalar, kind_of, quote

#: Jekyll's URL placeholders for posts (Drops::UrlDrop); any other ':name' stops the build
PLACEHOLDERS = frozenset(
    "collection path name title slug categories slugified_categories year month day hour minute second i_day i_month "
    "short_month long_month short_year w_year week w_day short_day long_day y_day output_ext".split()
)
_PLACEHOLDER_RE = re.compile(r":([a-z_]+)")

# -- keys ------------------------------------------------------------------------------------------

KNOWN_KEYS = (
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "tag",
    "published",
    "permalink",
    "layout",
    "slug",
    "excerpt",
    "excerpt_separator",
    "description",
    "author",
    "authors",
    "image",
    "comments",
    "lang",
    "last_modified_at",
    "redirect_from",
    "redirect_to",
    "sitemap",
    "toc",
    "render_with_liquid",
    "summary",
    "draft",
    "header",
    "sidebar",
    "classes",
    "read_time",
    "share",
    "related",
    "search",
)
#: keys whose misspellings are worth a warning (the ones Jekyll itself acts on, and author)
_TYPO_TARGETS = (
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "published",
    "permalink",
    "layout",
    "excerpt",
    "excerpt_separator",
    "description",
    "author",
)


@lru_cache(maxsize=4096)
def did_you_mean(key: str) -> str | None:
    if key in KNOWN_KEYS:
        return None
    if key.lower() in KNOWN_KEYS:
        return key.lower()
    import difflib  # only for unknown keys: keeps `blogtui check` start-up short

    close = difflib.get_close_matches(key.lower(), _TYPO_TARGETS, n=1, cutoff=0.8)
    return close[0] if close else None


def _check_strings(c: Checker, key: str, value: Any, *, plural: bool) -> None:
    """categories/tags (a string or a list of strings), category/tag (one string)."""
    rule = f"{key}-type"
    if value is None or isinstance(value, str):
        return
    if isinstance(value, dict):
        # measured: categories -> front matter dropped; category -> {"a"=>1} in the URL;
        # tags -> no tags; tag -> the tag {"a"=>1} (URL unchanged)
        effect = {
            "categories": "Jekyll cannot read the file's front matter then",
            "category": f"Jekyll puts it in the URL as the text {rules.ruby_to_s(value)!r}",
            "tags": "Jekyll drops the tags",
            "tag": f"Jekyll makes it the tag {rules.ruby_to_s(value)!r}",
        }[key]
        c.at_value(
            key,
            ERROR if key.startswith("categor") else WARNING,
            rule,
            f"'{key}' is a mapping: {quote(effect)}",
            f"write {key}: [a, b]" if plural else f"write {key}: name",
        )
        return
    if isinstance(value, list):
        if not plural:
            target = "categories" if key == "category" else "tags"
            c.at_key(
                key,
                WARNING,
                "misspelt-key",
                f"'{key}' holds one value but has a list: did you mean '{target}'?",
                f"write {target}: [...]",
            )
            return
        for item in value:
            if isinstance(item, (list, dict)):
                where = "in the URL" if key == "categories" else "as a tag"
                c.at_value(
                    key,
                    ERROR if key == "categories" else WARNING,
                    rule,
                    f"'{key}' must be a list of strings, not a list containing {kind_of(item)}: "
                    f"Jekyll puts {quote(rules.ruby_to_s(item))!r} {where}",
                    f"write {key}: [a, b, c]",
                )
                return
        odd = [item for item in value if item is not None and not isinstance(item, str)]
        if odd:
            c.at_value(
                key,
                WARNING,
                rule,
                f"'{key}' has {kind_of(odd[0])} ({quote(odd[0])}); Jekyll turns it into the text '{quote(odd[0])}'",
                "put it in quotes",
            )
        return
    if is_scalar(value):
        if key == "categories":
            c.at_value(
                key,
                ERROR,
                rule,
                f"'categories' is {kind_of(value)}: Jekyll cannot read the file's front matter then",
                f'put it in quotes: categories: "{quote(value)}"',
            )
        elif key == "tags":
            c.at_value(
                key,
                WARNING,
                rule,
                f"'tags' is {kind_of(value)}: Jekyll drops the tags",
                f'put it in quotes: tags: "{quote(value)}"',
            )
        else:
            c.at_value(
                key,
                WARNING,
                rule,
                f"'{key}' is {kind_of(value)}; Jekyll turns it into the text '{quote(value)}'",
                "put it in quotes",
            )
        return
    c.at_value(
        key,
        ERROR,
        rule,
        f"'{key}' must be {'a string or a list of strings' if plural else 'a string'}",
    )


def check_keys(
    c: Checker, data: dict[str, Any], config: SchemaConfig, draft: bool = False
) -> datetime | None:
    """Types of Jekyll's keys, misspellings, and the blog's own [schema]. Returns the date."""
    fm_date: datetime | None = None
    if "title" in data:
        v = data["title"]
        if isinstance(v, (list, dict)):
            c.at_value(
                "title",
                WARNING,
                "title-type",
                f"title is {kind_of(v)}, not a string: Jekyll publishes the post with a garbled title",
                'write title: "..." (in quotes if it has a colon)',
            )
        elif v is None or v is False:
            c.at_value(
                "title",
                WARNING,
                "title-type",
                "title is empty: Jekyll uses the file name instead",
                "write title: ...",
            )
        elif not isinstance(v, str):
            c.at_value(
                "title",
                WARNING,
                "title-type",
                f"title is {kind_of(v)}; YAML does not read it as text",
                f'put it in quotes: title: "{quote(v)}"',
            )
        elif not v.strip():
            c.at_value("title", WARNING, "title-type", "title is blank", "write title: ...")
    if "date" in data:
        fm_date = check_date(c, data["date"])
    for key, plural in (("categories", True), ("tags", True), ("category", False), ("tag", False)):
        if key in data:
            _check_strings(c, key, data[key], plural=plural)
    if "published" in data:
        v = data["published"]
        if isinstance(v, str) and v.strip().lower() in ("false", "no", "off", "n"):
            c.at_value(
                "published",
                ERROR,
                "published-string",
                f'published is the string "{quote(v)}": Jekyll treats it as true and publishes the post',
                "write published: false (no quotes)",
            )
        elif not isinstance(v, bool):
            c.at_value(
                "published",
                WARNING,
                "published-type",
                f"published is {kind_of(v)}, not true or false; Jekyll publishes the post",
                "write published: true or published: false",
            )
    if "permalink" in data:
        v = data["permalink"]
        if isinstance(v, str):
            unknown = [
                m.group(1)
                for m in _PLACEHOLDER_RE.finditer(v)
                if m.group(1) not in PLACEHOLDERS and m.group(1).rstrip("_") not in PLACEHOLDERS
            ]
            if unknown:
                c.at_value(
                    "permalink",
                    ERROR,
                    "permalink-placeholder",
                    f"permalink '{quote(v)}' has ':{unknown[0]}', which is not a placeholder: Jekyll stops the build",
                    "use :year, :month, :day, :title, :slug, :categories ... (or no ':' before letters)",
                )
            if v and not v.startswith("/"):
                c.at_value(
                    "permalink",
                    WARNING,
                    "permalink-slash",
                    f"permalink '{quote(v)}' does not start with '/'",
                    f"write permalink: /{quote(v)}",
                )
        elif v is not None:
            c.at_value(
                "permalink",
                ERROR,
                "permalink-type",
                f"permalink is {kind_of(v)}, not a path: Jekyll stops the build",
                "write permalink: /path/to/post/",
            )
    if "layout" in data:
        v = data["layout"]
        if isinstance(v, (list, dict)):
            c.at_value(
                "layout",
                WARNING,
                "layout-type",
                f"layout is {kind_of(v)}, not a layout name: Jekyll finds no such layout and "
                "publishes the post without one",
                "write layout: post",
            )
        elif v is not None and not isinstance(v, str):
            c.at_value(
                "layout",
                WARNING,
                "layout-type",
                f"layout is {kind_of(v)}; Jekyll looks for a layout named '{quote(v)}'",
                f'put it in quotes: layout: "{quote(v)}"',
            )
    if "slug" in data:
        v = data["slug"]
        if v is not None and not isinstance(v, str):
            c.at_value(
                "slug",
                ERROR,
                "slug-type",
                f"slug is {kind_of(v)}: Jekyll stops the build (it cannot make the URL)",
                f'put it in quotes: slug: "{quote(v)}"' if is_scalar(v) else "write slug: my-post",
            )
    for key in data:
        if key in config.types or key in config.required:
            continue
        suggestion = did_you_mean(key)
        if suggestion and suggestion not in data:
            c.at_key(
                key,
                WARNING,
                "misspelt-key",
                f"unknown key '{quote(key)}': did you mean '{suggestion}'?",
                f"rename it to '{suggestion}'",
            )
    for key in required_keys(config, draft):
        if key not in data or data[key] is None or data[key] == "":
            c.add(
                1,
                1,
                ERROR,
                "required",
                f"'{key}' is required by this blog ([schema] required)",
                f"add '{key}: ...' to the front matter",
            )
    for key, type_name in config.types.items():
        if key in data and data[key] is not None:
            test, words = TYPES[type_name]
            if not test(data[key]):
                c.at_value(
                    key,
                    ERROR,
                    "field-type",
                    f"'{key}' must be {words} ([schema] {key}), not {kind_of(data[key])}",
                )
    return fm_date
