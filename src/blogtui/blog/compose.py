"""Creating and moving posts like jekyll-compose: new, publish, unpublish, rename; atomic writes.

Rules that matter to users:
- A file that exists is never overwritten by ``new``/``publish``/``unpublish``/``rename``.
- Existing front matter is edited line by line (one line added or replaced), never re-dumped:
  python-frontmatter's dump would sort the keys and drop comments and formatting.
- Every write is atomic (:func:`atomic_write`): a crash or a full disk leaves the old file whole.
- Line endings (LF/CRLF) and a UTF-8 BOM are kept as the file had them.

No Textual here: the CLI commands and the app both call these functions.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from blogtui.atomic import atomic_write, fsync_dir
from blogtui.blog import permalink as pl
from blogtui.blog.rubytime import get_timezone
from blogtui.blog.site import Site
from blogtui.blog.source import BOM, SourceError, decode, parse_text, split

try:  # transliteration for non-ASCII titles ("Привет, мир" -> "privet-mir")
    from anyascii import anyascii as _to_ascii
except ImportError:  # pragma: no cover - a dependency; keep working (Unicode slugs) without it
    _to_ascii = None  # type: ignore[assignment]

DEFAULT_EXT = ".md"
#: Used when a title has no letters or digits at all ("!!!", "???").
FALLBACK_SLUG = "untitled"
MAX_SLUG_LENGTH = 80


class ComposeError(Exception):
    """Something the user asked for cannot be done (a file exists, a draft is unreadable...)."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


# -- slugs and dates -----------------------------------------------------------------------------


def file_slug(title: str) -> str:
    """A file-name slug: ASCII letters, digits and hyphens, transliterated from any script.

    ``"Ça va, Zürich?"`` -> ``"ca-va-zurich"``; ``"Привет, мир!"`` -> ``"privet-mir"``; a title of
    punctuation only gives ``"untitled"``.
    """
    text = _to_ascii(title) if _to_ascii is not None else title
    text = text.replace("'", "").replace("\u2019", "")  # "don't" -> "dont", like jekyll-compose
    slug = re.sub(r"[^a-z0-9]+" if _to_ascii is not None else r"[^\w]+", "-", text.lower()).strip(
        "-"
    )
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug or FALLBACK_SLUG


def site_now(site: Site, now: datetime | None = None) -> datetime:
    """The current time in the site's time zone (``timezone`` in _config.yml or [site])."""
    tz = get_timezone(site.timezone)
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def format_date(moment: datetime) -> str:
    """jekyll-compose's date format: ``2024-03-01 14:05 +0100``."""
    return moment.strftime("%Y-%m-%d %H:%M %z").strip()


# -- YAML values written by hand (new files and single lines only) ------------------------------

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ .+/-]*$")
_YAML_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_value(value: Any) -> str:
    """One YAML value on one line (flow style). Strings are plain when unambiguous, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime):
        return format_date(value) if value.tzinfo else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        plain = (
            _PLAIN_SAFE.match(value)
            and value == value.strip()
            and value.lower() not in _YAML_SPECIAL
            and not re.match(r"^[\d.+-]", value)
        )
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{yaml_value(str(k))}: {yaml_value(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, Iterable):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_key(key: str) -> str:
    return (
        key if re.match(r"^[A-Za-z_][A-Za-z0-9_-]*$", key) else json.dumps(key, ensure_ascii=False)
    )


def front_matter_text(
    title: str,
    *,
    moment: datetime | None,
    categories: Iterable[str] = (),
    tags: Iterable[str] = (),
    extra: Mapping[str, Any] | None = None,
    newline: str = "\n",
) -> str:
    """The front matter of a new post: layout, title, date first, then the configured defaults."""
    extra = dict(extra or {})
    lines = [
        f"layout: {yaml_value(extra.pop('layout', 'post'))}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
    ]
    extra.pop("title", None)
    extra.pop("date", None)
    if moment is not None:
        lines.append(f"date: {format_date(moment)}")
    cats, tag_list = list(categories), list(tags)
    if cats:
        extra.pop("categories", None)
        lines.append(f"categories: {yaml_value(cats)}")
    if tag_list:
        extra.pop("tags", None)
        lines.append(f"tags: {yaml_value(tag_list)}")
    for key, value in extra.items():
        lines.append(f"{_yaml_key(str(key))}: {yaml_value(value)}")
    return newline.join(["---", *lines, "---", "", ""])


@dataclass(frozen=True, slots=True)
class Encoded:
    """How a file stores its text: BOM or not, and the newline it uses."""

    bom: bool
    newline: str

    def encode(self, text: str) -> bytes:
        return (BOM if self.bom else "").encode("utf-8") + text.encode("utf-8")


def detect_newline(text: str) -> str:
    """The file's newline: CRLF if its first line ends so, else LF (the same rule as TextArea)."""
    return "\r\n" if "\r\n" in text else "\n"


def read_post(path: Path) -> tuple[str, Encoded]:
    """A post's text (BOM removed) and how to encode it back. Raises ComposeError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ComposeError(f"cannot read {path}: {exc.strerror or exc}", path) from None
    try:
        text, bom = decode(data)
    except SourceError as exc:
        raise ComposeError(f"{path}: {exc.message}", path) from None
    return text, Encoded(bom, detect_newline(text))


# -- line edits of existing front matter ---------------------------------------------------------


def _top_level_key_span(text: str, key: str) -> tuple[int, int] | None:
    """Character span of the ``key: ...`` line(s) in the front matter (with continuation lines)."""
    s = split(text)
    if not s.has_front_matter:
        return None
    start = text.index("\n") + 1  # after the opening ---
    end = start + len(s.yaml_text)
    pat = re.compile(rf"^{re.escape(key)}[ \t]*:(?:[ \t]|\r?$)", re.M)
    m = pat.search(text, start, end)
    if not m:
        return None
    line_end = text.find("\n", m.start(), end)
    stop = end if line_end == -1 else line_end + 1
    # continuation lines (indented, or "- item" list entries under the key) belong to the value
    while stop < end:
        nxt = text.find("\n", stop, end)
        line = text[stop : (end if nxt == -1 else nxt + 1)]
        if not re.match(r"[ \t]+\S|-(?:[ \t]|\r?$)", line):
            break
        stop = end if nxt == -1 else nxt + 1
    return m.start(), stop


def set_front_matter_value(text: str, key: str, value: str, *, after: str | None = "title") -> str:
    """Set ``key: value`` (``value`` already YAML) by replacing its line(s) or adding one line.

    A new line goes after the ``after`` key when there is one, else just before the closing
    delimiter. A text without front matter gets a front matter block with that one line.
    Everything else in the file is left byte for byte.
    """
    newline = detect_newline(text)
    new_line = f"{_yaml_key(key)}: {value}{newline}"
    s = split(text)
    if not s.has_front_matter:
        return f"---{newline}{new_line}---{newline}{text}"
    span = _top_level_key_span(text, key)
    if span is not None:
        return text[: span[0]] + new_line + text[span[1] :]
    anchor = _top_level_key_span(text, after) if after else None
    if anchor is not None:
        pos = anchor[1]
    else:
        pos = text.index("\n") + 1 + len(s.yaml_text)
    if pos > 0 and text[pos - 1] != "\n":  # YAML block's last line had no newline
        new_line = newline + new_line
    return text[:pos] + new_line + text[pos:]


def front_matter_of(text: str, path: Path) -> dict[str, Any]:
    """Metadata of a post's text. Raises ComposeError naming the line when it cannot be read."""
    try:
        _s, metadata = parse_text(text)
    except SourceError as exc:
        raise ComposeError(f"{path}:{exc.line}:{exc.column}: {exc.message}", path) from None
    return metadata


# -- the operations ------------------------------------------------------------------------------


def post_path(
    site: Site, slug: str, *, draft: bool, day: date | None, ext: str = DEFAULT_EXT
) -> Path:
    if draft:
        return site.drafts_dir / f"{slug}{ext}"
    assert day is not None
    return site.posts_dir / f"{day.isoformat()}-{slug}{ext}"


def _write_new(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, exclusive=True)
    except FileExistsError:
        raise ComposeError(f"{path} already exists; not overwriting it", path) from None
    except OSError as exc:
        raise ComposeError(f"cannot write {path}: {exc.strerror or exc}", path) from None


def new_post(
    site: Site,
    title: str,
    *,
    draft: bool = False,
    categories: Iterable[str] = (),
    tags: Iterable[str] = (),
    front_matter: Mapping[str, Any] | None = None,
    ext: str | None = None,
    now: datetime | None = None,
) -> Path:
    """Create a post (``_posts``-style, dated) or a draft and return its path (jekyll-compose ``post``/``draft``).

    ``front_matter`` is the ``[new] front_matter`` table of the config: extra default keys.
    Refuses (ComposeError) to overwrite an existing file.
    """
    title = title.strip()
    if not title:
        raise ComposeError("a post needs a title")
    moment = site_now(site, now)
    path = post_path(site, file_slug(title), draft=draft, day=moment.date(), ext=ext or DEFAULT_EXT)
    text = front_matter_text(
        title,
        moment=None if draft else moment,
        categories=categories,
        tags=tags,
        extra=front_matter,
    )
    _write_new(path, text.encode("utf-8"))
    return path


def _move(src: Path, dest: Path, data: bytes | None) -> None:
    """Put ``data`` (or ``src``'s bytes unchanged) at ``dest``, never clobbering, then remove ``src``."""
    if dest.exists():
        raise ComposeError(f"{dest} already exists; not overwriting it", dest)
    if data is None:
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(src, dest)  # fails if dest appeared meanwhile
        except FileExistsError:
            raise ComposeError(f"{dest} already exists; not overwriting it", dest) from None
        except OSError:
            data = src.read_bytes()
    if data is not None:
        _write_new(dest, data)
    try:
        src.unlink()
        fsync_dir(src.parent)
    except OSError as exc:
        raise ComposeError(
            f"{dest} written, but {src} could not be removed: {exc.strerror or exc}", src
        ) from None


def publish(
    site: Site, draft: Path, *, now: datetime | None = None, day: date | None = None
) -> Path:
    """Move a draft to ``_posts/YYYY-MM-DD-slug.ext`` dated now, like jekyll-compose: the file
    name and the ``date:`` line (replaced, or added after ``title``) both say the moment of
    publishing, in the site's time zone. ``day`` dates it that day instead (at 00:00, as
    jekyll-compose's ``--date`` does). The rest of the file is kept byte for byte."""
    text, enc = read_post(draft)
    front_matter_of(text, draft)  # refuse a draft whose front matter cannot be read
    name = pl.parse_filename(draft.name, dated=False)
    if name is None:
        raise ComposeError(
            f"{draft.name} is not a post file name (it needs an extension such as .md)", draft
        )
    moment = site_now(site, now)
    if day is not None:
        moment = datetime(day.year, day.month, day.day, tzinfo=moment.tzinfo)
    new_text = set_front_matter_value(text, "date", format_date(moment))
    slug = name.slug
    dated = pl.parse_filename(draft.name, dated=True)
    if dated is not None and dated.date is not None:  # a draft named like a post: drop its old date
        slug = dated.slug
    dest = post_path(site, slug, draft=False, day=moment.date(), ext=name.ext)
    _move(draft, dest, enc.encode(new_text))
    return dest


def unpublish(site: Site, post: Path) -> Path:
    """Move a post back to ``_drafts/slug.ext``; the file's bytes are not changed (its date stays)."""
    name = pl.parse_filename(post.name, dated=True)
    if name is None:
        raise ComposeError(f"{post.name} is not named like a post (YYYY-MM-DD-slug.ext)", post)
    if not post.is_file():
        raise ComposeError(f"{post} does not exist", post)
    dest = post_path(site, name.slug, draft=True, day=None, ext=name.ext)
    _move(post, dest, None)
    return dest


def path_for_title(path: Path, title: str) -> Path:
    """Where a post would live if its slug matched ``title`` (the date prefix, if any, is kept)."""
    dated = pl.parse_filename(path.name, dated=True)
    if dated is not None and dated.date is not None:
        return path.with_name(f"{dated.date.isoformat()}-{file_slug(title)}{dated.ext}")
    plain = pl.parse_filename(path.name, dated=False)
    ext = plain.ext if plain is not None else path.suffix
    return path.with_name(f"{file_slug(title)}{ext}")


def rename(path: Path, title: str, *, update_title: bool = True) -> Path:
    """jekyll-compose ``rename``: give the file the slug of ``title`` (and set its ``title`` line)."""
    dest = path_for_title(path, title)
    text, enc = read_post(path)
    new_text = (
        set_front_matter_value(text, "title", json.dumps(title, ensure_ascii=False))
        if update_title
        else text
    )
    if dest == path:
        if new_text != text:
            try:
                atomic_write(path, enc.encode(new_text))
            except OSError as exc:
                raise ComposeError(f"cannot write {path}: {exc.strerror or exc}", path) from None
        return path
    _move(path, dest, None if new_text == text else enc.encode(new_text))
    return dest
