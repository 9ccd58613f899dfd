"""A post as the reader sees it: plain data derived from the file name and its front matter."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from blogtui.blog import postfile, rubytime, rules
from blogtui.blog.defaults import deep_merge, defaults_for
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError, split

WORDS_PER_MINUTE = 200

#: The categories and the tags of one post that the reader's views, filter, palette and
#: completions look at: the first ones, so that a post with 10,000 tags costs what a post with
#: 100 does (the post keeps all of them; `blogtui list` and the full-text search see them all).
MAX_LABELS = 100

#: Raised by build_post where Jekyll would refuse the post (the index lists it as a problem).
PostError = rules.PostRuleError


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
    #: the page's path as a browser sees it (``location.pathname``): site baseurl + url
    page_path: str = ""
    #: what is wrong with the file (front matter that cannot be read, a date Jekyll refuses...):
    #: such a post is listed by its file name's date and slug, and still read and edited
    problems: tuple[FileProblem, ...] = ()

    @property
    def broken(self) -> bool:
        """Has the index found problems in this post (shown with a ⚠)?"""
        return bool(self.problems)

    @property
    def url_unescaped(self) -> str:
        """The URL path percent-decoded (Jekyll's output file path is made from this)."""
        from blogtui.blog import permalink as pl  # Jekyll's URL rules: not for the first paint

        return pl.unescape_path(self.url)

    @property
    def draft(self) -> bool:
        return self.kind == "draft"

    @property
    def visible_on_site(self) -> bool:
        """Would Jekyll publish it (without --drafts/--unpublished/--future)?"""
        return self.kind == "post" and self.published and not self.future

    @property
    def date_as_written(self) -> datetime | None:
        """The date in the offset its author wrote (``+0300`` stays ``+0300``); ``date`` is the
        same moment in the site's time zone, which Jekyll uses for URLs and days."""
        if self.date is None or self.date.tzinfo is None:
            return self.date
        zone = rubytime.written_zone(self.metadata.get("date"), self.date.tzinfo)
        if zone is None:
            return self.date
        try:
            return self.date.astimezone(zone)
        except (OverflowError, ValueError):  # year 1 or 9999 one hour over the edge
            return self.date

    @property
    def status(self) -> str:
        """Why Jekyll would not publish it as it is: ``draft``, ``unpublished`` (``published:
        false``), ``scheduled`` (dated in the future), or ``""`` for a post it publishes."""
        if self.draft:
            return "draft"
        if not self.published:
            return "unpublished"
        if self.future:
            return "scheduled"
        return ""

    @property
    def thread_key(self) -> str:
        """The comment thread's id: `comments_id`/`isso_id` from front matter, else the page path.

        Isso keys a thread by the page's ``location.pathname``: the *escaped* URL path
        (``/caf%C3%A9.html``, as Jekyll writes it in links) with the site's ``baseurl`` before it.
        """
        for key in ("comments_id", "isso_id"):
            value = self.metadata.get(key)
            if isinstance(value, (str, int)) and str(value).strip():
                return str(value).strip()
        return self.page_path or self.url

    def same_file_as(self, other: Post) -> bool:
        """Is this the same file, unchanged since ``other`` was read (path, mtime, size)?"""
        return (self.path, self.mtime_ns, self.size) == (other.path, other.mtime_ns, other.size)

    def read_text(self) -> str:
        """The whole file as text (BOM removed), read by blog.postfile (a regular file only,
        bounded). Raises SourceError (with its kind)."""
        return postfile.read_text(self.path)

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
            "status": self.status or "published",
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
    hint: str | None = None


def title_from_slug(slug: str) -> str:
    """Jekyll's fallback title (Utils.titleize_slug): "mixedCase-post" -> "Mixedcase Post"."""
    return rules.titleize_slug(slug)


def reading_minutes(body: str) -> int:
    words = len(re.findall(r"\w+", body))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value)


def _relative(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` with "/" separators, or None (string work: Path is slow)."""
    if path.startswith(base) and path[len(base) : len(base) + 1] == os.sep:
        rel = path[len(base) + 1 :]
        return rel if os.sep == "/" else rel.replace(os.sep, "/")
    return None


def is_post_name(name: str, kind: str) -> bool:
    """Would Jekyll make a document of a file with this name? (It never reads the others.)

    A post needs ``YYYY-MM-DD-title.ext``; a draft only an extension.
    """
    parts = rules.split_name(name)
    return parts is not None and (kind == "draft" or parts[0] is not None)


def jekyll_relative_path(site: Site, path: Path, kind: str) -> str:
    """The path Jekyll would see, relative to the site source.

    A plain folder of posts is what Jekyll calls ``_posts`` (its drafts ``_drafts``); in a Jekyll
    site root the path is simply relative to the root (``es/_posts/...`` keeps its ``es``).
    """
    text = os.fspath(path)
    if site.is_jekyll_root:
        rel = _relative(text, os.fspath(site.root))
        if rel is not None:
            return rel
    base, special = (site.drafts_dir, "_drafts") if kind == "draft" else (site.posts_dir, "_posts")
    rel = _relative(text, os.fspath(base))
    return f"{special}/{rel if rel is not None else path.name}"


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
    """Derive a Post from its file name and front matter exactly as Jekyll 4.3.1 does.

    Returns None for a file Jekyll would silently ignore (a post without ``YYYY-MM-DD-`` in its
    name, a draft without an extension). Raises PostError where Jekyll would abort the build or
    log a read error (an invalid date, an unknown ``:placeholder``, ``categories: 5``...).
    """
    parts = rules.split_name(path.name)
    if parts is None:
        return None
    name_date, name_slug, ext = parts
    if kind == "post" and name_date is None:
        return None
    tz = rubytime.get_timezone(site.timezone)
    rel_path = jekyll_relative_path(site, path, kind)
    special = "_drafts" if kind == "draft" else "_posts"
    path_categories = rules.categories_from_path(rel_path, special)
    front_matter = metadata
    if site.defaults:
        # Document#merge_defaults: the defaults first (their categories join the folders'),
        # then the front matter over them (its empty values keep the defaults')
        given = defaults_for(site.defaults, rel_path)
        if given:
            if given.get("categories") is not None:
                try:
                    path_categories = rules.merge_categories(path_categories, given["categories"])
                except rules.PostRuleError as exc:
                    raise rules.PostRuleError(
                        f"_config.yml defaults: {exc.message}", exc.rule
                    ) from None
            metadata = deep_merge(given, metadata)

    if "date" in metadata:
        date = rubytime.date_from_front_matter(metadata["date"], tz)
    elif name_date is not None:
        date = rubytime.parse_time(name_date, tz)
    else:  # a draft without a date: its file's modification time
        date = datetime.fromtimestamp(mtime_ns / 1e9, tz)

    name_slug = rules.clean_slug(name_slug)
    fm_slug = metadata.get("slug")
    if fm_slug is None or fm_slug is False:
        slug = name_slug
    elif isinstance(fm_slug, str):
        slug = fm_slug
    else:
        raise rules.PostRuleError(
            f"slug must be text, not {rules.ruby_to_s(fm_slug)!r}", "slug-type"
        )
    fm_title = metadata.get("title")
    title = (
        rules.titleize_slug(name_slug)
        if fm_title is None or fm_title is False
        else rules.ruby_to_s(fm_title)
    )
    category_data = (
        metadata
        if front_matter is metadata
        else {**metadata, "categories": front_matter.get("categories")}
    )
    categories = tuple(rules.ruby_to_s(c) for c in rules.categories(path_categories, category_data))
    tags = tuple(rules.ruby_to_s(t) for t in rules.tags(metadata))

    front_permalink = metadata.get("permalink")
    if front_permalink is None or front_permalink is False:
        front_permalink = None
    elif not isinstance(front_permalink, str):
        raise rules.PostRuleError(
            f"permalink must be text, not {rules.ruby_to_s(front_permalink)!r}", "permalink-type"
        )
    from blogtui.blog import permalink as pl  # imported once, by the first post built

    facts = pl.UrlFacts(
        date=date,
        slug=slug,
        basename=rules.basename_without_ext(path.name),
        categories=categories,
        ext=ext,
        front_permalink=front_permalink,
        cleaned_relative_path=_cleaned_relative_path(rel_path, ext),
    )
    try:
        url = pl.url_for(facts, site.permalink)
    except pl.PermalinkError as exc:
        raise rules.PostRuleError(f"Jekyll cannot build the URL: {exc}", "permalink") from None

    now = now or datetime.now(UTC)
    rel = _relative(os.fspath(path), os.fspath(site.root)) or path.as_posix()
    return Post(
        path=path,
        rel=rel,
        kind=kind,
        title=title,
        date=date,
        categories=categories,
        tags=tags,
        slug=slug,
        ext=ext,
        url=url,
        published=rules.is_published(metadata),
        future=int(date.timestamp()) > int(now.timestamp()),
        metadata=metadata,
        size=size,
        mtime_ns=mtime_ns,
        page_path=pl.browser_path(site.baseurl, url),
    )


def with_defaults(site: Site, path: Path, kind: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """The front matter Jekyll gives a post: the site's ``defaults`` for its path, then its own
    front matter over them (Post.metadata; build_post applies the same)."""
    if not site.defaults:
        return metadata
    given = defaults_for(site.defaults, jekyll_relative_path(site, path, kind))
    return deep_merge(given, metadata) if given else metadata


def _cleaned_relative_path(rel_path: str, ext: str) -> str:
    """Document#cleaned_relative_path (``:path``): no extension, first ``_posts`` removed."""
    stem = rel_path[: len(rel_path) - len(ext)] if ext else rel_path
    return stem.replace("_posts", "", 1).rstrip(".")


def read_error_message(exc: BaseException) -> str:
    if isinstance(exc, SourceError):
        return exc.message
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
