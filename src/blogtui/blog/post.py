"""A post as the reader sees it: plain data derived from the file name and its front matter."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from blogtui.blog import permalink as pl
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError, decode, split

WORDS_PER_MINUTE = 200


@dataclass(slots=True)
class Post:
    path: Path
    rel: str  # path relative to the blog root, with "/" separators
    kind: str  # "post" or "draft"
    title: str
    date: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    slug: str
    ext: str
    url: str
    published: bool = True  # front matter `published` is not false
    future: bool = False  # dated after "now": Jekyll does not build it
    metadata: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    mtime_ns: int = 0

    @property
    def draft(self) -> bool:
        return self.kind == "draft"

    @property
    def visible_on_site(self) -> bool:
        """Would Jekyll publish it (without --drafts/--unpublished/--future)?"""
        return self.kind == "post" and self.published and not self.future

    @property
    def thread_key(self) -> str:
        """The comment thread's id: `comments_id`/`isso_id` from front matter, else the URL path."""
        for key in ("comments_id", "isso_id"):
            value = self.metadata.get(key)
            if isinstance(value, (str, int)) and str(value).strip():
                return str(value).strip()
        return self.url

    def read_text(self) -> str:
        """The whole file as text (BOM removed). Raises SourceError / OSError."""
        text, _bom = decode(self.path.read_bytes())
        return text

    def read_body(self) -> str:
        """The Markdown body (front matter removed). Raises SourceError / OSError."""
        return split(self.read_text()).body

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.rel,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "categories": list(self.categories),
            "tags": list(self.tags),
            "draft": self.draft,
            "published": self.visible_on_site,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file the index could not read as a post; the rest of the blog still opens."""

    path: Path
    rel: str
    message: str
    line: int = 1
    column: int = 1
    rule: str = "unreadable"


def title_from_slug(slug: str) -> str:
    """Jekyll's fallback title: the slug's words, capitalised."""
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or slug


def reading_minutes(body: str) -> int:
    words = len(re.findall(r"\w+", body))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value)


def build_post(
    site: Site,
    path: Path,
    kind: str,
    metadata: dict[str, Any],
    *,
    size: int = 0,
    mtime_ns: int = 0,
    now: datetime | None = None,
) -> Post | None:
    """Derive a Post from its file name and front matter; None if Jekyll would not read the name."""
    name = pl.parse_filename(path.name, dated=(kind == "post"))
    if name is None:
        return None
    tz = pl.get_timezone(site.timezone)
    date = pl.parse_date(metadata.get("date"), tz) if "date" in metadata else None
    if date is None and name.date is not None:
        date = datetime(name.date.year, name.date.month, name.date.day, tzinfo=tz)
    if date is None and kind == "draft":
        date = datetime.fromtimestamp(mtime_ns / 1e9, tz) if mtime_ns else None
    slug = as_text(metadata.get("slug")) or name.slug
    categories = pl.categories_of(metadata)
    tags = pl.tags_of(metadata)
    title = as_text(metadata.get("title")).strip() or title_from_slug(name.slug)
    published = metadata.get("published", True) is not False
    now = now or datetime.now(timezone.utc)
    future = bool(date and date > now)
    front_permalink = metadata.get("permalink") if isinstance(metadata.get("permalink"), str) else None
    url = pl.url_path(
        date=date or datetime(1970, 1, 1, tzinfo=tz),
        slug=slug,
        ext=name.ext,
        categories=categories,
        permalink=front_permalink,
        style=site.permalink,
        title=title,
    )
    rel = path.relative_to(site.root).as_posix() if path.is_relative_to(site.root) else path.as_posix()
    return Post(
        path=path,
        rel=rel,
        kind=kind,
        title=title,
        date=date,
        categories=tuple(categories),
        tags=tuple(tags),
        slug=slug,
        ext=name.ext,
        url=url,
        published=published,
        future=future,
        metadata=metadata,
        size=size,
        mtime_ns=mtime_ns,
    )


def read_error_message(exc: BaseException) -> str:
    if isinstance(exc, SourceError):
        return exc.message
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
