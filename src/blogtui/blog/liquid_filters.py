"""Jekyll's own Liquid filters, the ones posts use, for python-liquid (``blogtui.blog.liquid``).

Each one is a plain function of plain data. What Jekyll turns into HTML (``markdownify``) stays
Markdown here: the result goes on through the same Markdown pipeline as the rest of the post.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

from blogtui.blog import permalink as pl


def _is_undefined(value: object) -> bool:
    from liquid.undefined import is_undefined

    return bool(is_undefined(value))


def _text(value: object) -> str:
    if value is None or _is_undefined(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _as_date(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text in ("now", "today"):
            return dt.datetime.now()
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" +", "+"))
        except ValueError:
            return None
    return None


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _date_string(value: object, month: str, kind: str = "", style: str = "") -> str:
    date = _as_date(value)
    if date is None:
        return _text(value)
    if kind == "ordinal":
        day = _ordinal(date.day)
        if style == "US":
            return f"{date.strftime(month)} {day}, {date.year}"
        return f"{day} {date.strftime(month)} {date.year}"
    return f"{date.day:02d} {date.strftime(month)} {date.year}"


def date_to_string(value: object, kind: object = "", style: object = "") -> str:
    return _date_string(value, "%b", _text(kind), _text(style))


def date_to_long_string(value: object, kind: object = "", style: object = "") -> str:
    return _date_string(value, "%B", _text(kind), _text(style))


def date_to_xmlschema(value: object) -> str:
    date = _as_date(value)
    return date.isoformat() if date else _text(value)


def date_to_rfc822(value: object) -> str:
    date = _as_date(value)
    return date.strftime("%a, %d %b %Y %H:%M:%S %z").strip() if date else _text(value)


def xml_escape(value: object) -> str:
    return escape(_text(value), {'"': "&quot;", "'": "&#39;"})


def cgi_escape(value: object) -> str:
    return quote_plus(_text(value))


def uri_escape(value: object) -> str:
    return quote(_text(value), safe="/:?#[]@!$&'()*+,;=%-._~")


def jsonify(value: object) -> str:
    def plain(obj: object) -> object:
        if _is_undefined(obj):
            return None
        if isinstance(obj, (dt.date, dt.datetime)):
            return obj.isoformat()
        return str(obj)

    return json.dumps(value, default=plain, ensure_ascii=False)


def slugify_filter(value: object, mode: object = "default") -> str:
    """Liquid's ``slugify``: Jekyll's Utils.slugify (blog.permalink.slugify) on any value."""
    return pl.slugify(_text(value), _text(mode) or "default")


def markdownify(value: object) -> str:
    """Jekyll renders the fragment to HTML; here it stays Markdown for the rest of the pipeline."""
    return _text(value)


def number_of_words(value: object, _mode: object = "") -> int:
    return len(_text(value).split())


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    items = [_text(v) for v in value] if isinstance(value, (list, tuple)) else [_text(value)]
    word = _text(connector) or "and"
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    return f"{', '.join(items[:-1])}, {word} {items[-1]}"


def normalize_whitespace(value: object) -> str:
    return " ".join(_text(value).split())


def identity(value: object, *_args: object) -> object:
    """``smartify``, ``scssify``… change nothing a terminal reader would see."""
    return value


def _seq(value: object) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, Mapping):
        return list(value.values())
    return [] if value is None or _is_undefined(value) else [value]


def push(value: object, item: object) -> list[Any]:
    return [*_seq(value), item]


def pop(value: object, n: object = 1) -> list[Any]:
    items = _seq(value)
    return items[: max(0, len(items) - int(n))] if isinstance(n, int) else items[:-1]


def shift(value: object, n: object = 1) -> list[Any]:
    return _seq(value)[int(n) if isinstance(n, int) else 1 :]


def unshift(value: object, item: object) -> list[Any]:
    return [item, *_seq(value)]


def sample(value: object, *_args: object) -> object:
    """Jekyll picks at random; the reader picks the first, so a post reads the same twice."""
    items = _seq(value)
    return items[0] if items else None


def group_by(value: object, key: object) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in _seq(value):
        name = _text(item.get(_text(key))) if isinstance(item, Mapping) else ""
        groups.setdefault(name, []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def inspect(value: object) -> str:
    return jsonify(value)


def make_where_exp(render_condition: Callable[[str, str, object], bool]) -> Callable[..., Any]:
    """``where_exp: "item", "item.year > 2010"``: the condition is Liquid, evaluated per item."""

    def where_exp(value: object, name: object, expression: object) -> list[Any]:
        var, expr = _text(name).strip(), _text(expression).strip()
        if not var.isidentifier() or not expr:
            return []
        return [item for item in _seq(value) if render_condition(var, expr, item)]

    return where_exp


FILTERS: dict[str, Callable[..., Any]] = {
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "jsonify": jsonify,
    "slugify": slugify_filter,
    "markdownify": markdownify,
    "number_of_words": number_of_words,
    "array_to_sentence_string": array_to_sentence_string,
    "normalize_whitespace": normalize_whitespace,
    "smartify": identity,
    "push": push,
    "pop": pop,
    "shift": shift,
    "unshift": unshift,
    "sample": sample,
    "group_by": group_by,
    "inspect": inspect,
}


def url_filters(url: str, baseurl: str) -> dict[str, Callable[..., Any]]:
    """``relative_url`` / ``absolute_url`` for a site at ``url`` + ``baseurl``."""
    base = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    root = url.rstrip("/")

    def relative_url(value: object) -> str:
        text = _text(value)
        if "://" in text or text.startswith("//"):
            return text
        path = text if text.startswith("/") else "/" + text
        return base + path

    def absolute_url(value: object) -> str:
        text = _text(value)
        if "://" in text or text.startswith("//"):
            return text
        return root + relative_url(text)

    return {"relative_url": relative_url, "absolute_url": absolute_url}
