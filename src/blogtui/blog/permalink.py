"""Jekyll's reading rules for posts: file names, dates, categories, tags and permalinks.

Real Jekyll 4.3.1 is the judge (see tests/golden/): a post's URL path here must equal Jekyll's,
because the comment threads are keyed by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Jekyll's Document::DATE_FILENAME_MATCHER: YYYY-MM-DD-slug.ext (any extension, or none).
DATE_FILENAME_RE = re.compile(r"^(?:.+/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")
DATELESS_FILENAME_RE = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

MARKDOWN_EXTS = {".md", ".markdown", ".mkdown", ".mkdn", ".mkd"}


@dataclass(frozen=True, slots=True)
class FileName:
    date: date | None
    slug: str
    ext: str


def parse_filename(name: str, *, dated: bool = True) -> FileName | None:
    """Split a post's file name into (date, slug, extension); None when Jekyll would not read it."""
    if dated:
        m = DATE_FILENAME_RE.match(name)
        if not m:
            return None
        try:
            y, mo, d = (int(x) for x in m.group(1).split("-"))
            day = date(y, mo, d)
        except ValueError:
            return None
        return FileName(day, m.group(2), m.group(3))
    m = DATELESS_FILENAME_RE.match(name)
    if not m:
        return None
    return FileName(None, m.group(1), m.group(2))


def get_timezone(name: str | None) -> tzinfo:
    if not name:
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ Tt]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{1,2})?\s*$"
)


def parse_date(value: Any, tz: tzinfo) -> datetime | None:
    """A front-matter date (YAML date/datetime or string) -> aware datetime, or None if unreadable."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(), tz)
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value)
    if not m:
        return None
    y, mo, d, hh, mm, ss, frac, off = m.groups()
    try:
        local = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    if off:
        if off == "Z":
            return local.replace(tzinfo=timezone.utc)
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        hours = int(digits[:2]) if len(digits) >= 2 else int(digits)
        minutes = int(digits[2:4]) if len(digits) >= 4 else 0
        return local.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    return local.replace(tzinfo=tz)


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            if item is None:
                continue
            out.append(str(item))
        return out
    return [str(value)]


def categories_of(metadata: dict[str, Any], dir_categories: list[str] | None = None) -> list[str]:
    """Jekyll: path folders + `category` + `categories` (string split on spaces, or list), unique."""
    cats = list(dir_categories or [])
    cats += _words(metadata.get("category"))
    cats += _words(metadata.get("categories"))
    seen: list[str] = []
    for c in cats:
        if c not in seen:
            seen.append(c)
    return seen


def tags_of(metadata: dict[str, Any]) -> list[str]:
    tags = _words(metadata.get("tag")) + _words(metadata.get("tags"))
    seen: list[str] = []
    for t in tags:
        if t not in seen:
            seen.append(t)
    return seen


def slugify(text: str) -> str:
    """Jekyll's default slugify mode ("default"): lowercase, non-alphanumerics to hyphens."""
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE)
    return s.strip("-")


def output_ext(ext: str) -> str:
    return ".html" if ext.lower() in MARKDOWN_EXTS or ext.lower() in {".html", ".htm"} else ext


def url_path(
    *,
    date: datetime,
    slug: str,
    ext: str,
    categories: list[str],
    permalink: str | None = None,
    style: str = "date",
    title: str | None = None,
) -> str:
    """The post's URL path as Jekyll builds it (simplified; see tests/golden for the reference)."""
    template = permalink or STYLES.get(style, style)
    cats = "/".join(slugify(c) if c else c for c in categories)
    values = {
        ":categories": cats,
        ":year": f"{date.year:04d}",
        ":month": f"{date.month:02d}",
        ":day": f"{date.day:02d}",
        ":title": slug,
        ":slug": slug,
        ":output_ext": output_ext(ext),
        ":y_day": f"{date.timetuple().tm_yday:03d}",
        ":short_day": date.strftime("%a"),
        ":week": f"{date.isocalendar()[1]:02d}",
    }
    out = template
    for key in sorted(values, key=len, reverse=True):
        out = out.replace(key, values[key])
    out = re.sub(r"/+", "/", out)
    if not out.startswith("/"):
        out = "/" + out
    return out
