"""Jekyll's own Liquid filters, the ones posts use, for python-liquid (``blogtui.blog.liquid``).

Each one is a plain function of plain data. What Jekyll turns into HTML (``markdownify``) stays
Markdown here: the result goes on through the same Markdown pipeline as the rest of the post.
The date filters (``date_filters``) read a string as Jekyll 4.3.1 does, with Ruby's Time.parse
(``blog.rubytime``) in the site's time zone: ``date`` keeps the offset a string names, Jekyll's
``date_to_*`` show the time in the site's zone.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import Any
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

from liquid.exceptions import FilterArgumentError

from blogtui.blog import permalink as pl
from blogtui.blog import rubytime
from blogtui.blog.rules import PostRuleError


def _is_undefined(value: object) -> bool:
    from liquid.undefined import is_undefined

    return bool(is_undefined(value))


def _text(value: object) -> str:
    if value is None or _is_undefined(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_DIGITS = re.compile(r"[0-9]+")
_RUBY_ONLY = re.compile(r"%(?:%|:z|[ZsLN])")


def _epoch(seconds: int, tz: tzinfo) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(seconds, tz)
    except (OverflowError, OSError, ValueError):
        return None


def to_date(value: object, tz: tzinfo) -> dt.datetime | dt.date | None:
    """Liquid's ``Utils.to_date`` in a site whose time zone is ``tz`` (Jekyll's TZ): a date
    passes through (a YAML timestamp without offset is UTC, seen in ``tz`` as Psych's Time.at
    is); "now"/"today" are now; digits are seconds since 1970; any other string is Ruby's
    ``Time.parse`` keeping the offset it names (blog.rubytime); None when Ruby cannot read it."""
    if isinstance(value, dt.datetime):
        if value.tzinfo:
            return value
        try:  # a YAML timestamp without offset: UTC, as in front matter
            return rubytime.date_from_front_matter(value, tz)
        except PostRuleError:
            return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return _epoch(value, tz)
    if not isinstance(value, str) or not value:
        return None
    text = value.lower()
    if text in ("now", "today"):
        return dt.datetime.now(tz)
    if _DIGITS.fullmatch(text):
        return _epoch(int(text), tz)
    try:
        return rubytime.parse_time_as_written(text, tz)
    except PostRuleError:
        return None


def ruby_strftime(moment: dt.datetime, fmt: str) -> str:
    """Ruby's ``Time#strftime``: Python's, with what Ruby writes otherwise (%Z of a written
    offset is empty, %s is the epoch of the moment, %L/%N fractions, %:z)."""

    def ruby(m: re.Match[str]) -> str:
        code = m.group()
        if code == "%%":
            return code
        if code == "%Z":
            if isinstance(moment.tzinfo, dt.timezone):
                out = "UTC" if moment.utcoffset() == dt.timedelta(0) else ""
            else:
                out = moment.tzname() or ""
        elif code == "%s":
            out = str(math.floor(moment.timestamp()))
        elif code == "%L":
            out = f"{moment.microsecond // 1000:03d}"
        elif code == "%N":
            out = f"{moment.microsecond:06d}000"
        else:
            offset = moment.strftime("%z")
            out = f"{offset[:3]}:{offset[3:5]}" if offset else ""
        return out.replace("%", "%%")

    try:
        return moment.strftime(_RUBY_ONLY.sub(ruby, fmt))
    except ValueError as exc:
        raise FilterArgumentError(f"date: {exc}", token=None) from None


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _empty(value: object) -> bool:
    """Jekyll's ``date.to_s.empty?``: nothing to format, the value is given back."""
    return value is None or _is_undefined(value) or value == ""


def date_filters(tz: tzinfo) -> dict[str, Callable[..., Any]]:
    """``date`` (Liquid's: the offset the text names is kept) and Jekyll's ``date_to_*`` (the
    time in the site's time zone ``tz``, Jekyll's ``time(input)``); a string Ruby cannot read
    is given back by ``date`` and stops Jekyll's build in the others: a FilterArgumentError,
    so that tag is kept as written."""

    def local(value: object) -> dt.datetime:
        moment = to_date(value, tz)
        try:
            if isinstance(moment, dt.datetime):
                return moment.astimezone(tz)
            if isinstance(moment, dt.date):
                return rubytime.date_from_front_matter(moment, tz)
        except (OverflowError, PostRuleError):
            pass
        raise FilterArgumentError(
            f"Invalid Date: {_text(value)!r} is not a valid datetime.", token=None
        )

    def date(value: object, fmt: object) -> object:
        text = _text(fmt)
        moment = to_date(value, tz) if text else None
        if moment is None:
            return value
        if not isinstance(moment, dt.datetime):  # Ruby's Date#strftime: midnight, +0000
            moment = dt.datetime.combine(moment, dt.time(), dt.UTC)
        return ruby_strftime(moment, text)

    def stringify(value: object, month: str, kind: object, style: object) -> object:
        if _empty(value):
            return value
        moment = local(value)
        if _text(kind) == "ordinal":
            day = _ordinal(moment.day)
            if _text(style) == "US":
                return ruby_strftime(moment, f"{month} {day}, %Y")
            return ruby_strftime(moment, f"{day} {month} %Y")
        return ruby_strftime(moment, f"%d {month} %Y")

    def date_to_string(value: object, kind: object = "", style: object = "") -> object:
        return stringify(value, "%b", kind, style)

    def date_to_long_string(value: object, kind: object = "", style: object = "") -> object:
        return stringify(value, "%B", kind, style)

    def date_to_xmlschema(value: object) -> object:
        return value if _empty(value) else local(value).isoformat(timespec="seconds")

    def date_to_rfc822(value: object) -> object:
        if _empty(value):
            return value
        return ruby_strftime(local(value), "%a, %d %b %Y %H:%M:%S %z")

    return {
        "date": date,
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "date_to_xmlschema": date_to_xmlschema,
        "date_to_rfc822": date_to_rfc822,
    }


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
