"""Comments kept in the site itself as data files, the way Staticman commits them.

Each comment is one YAML file in ``_data/comments/<post-slug>/`` at a Jekyll site root (for a
plain folder of posts such as ``posts/``: ``posts/_data/comments/<post-slug>/``), with the fields
Staticman's Jekyll setups use: ``_id``, ``name``, ``email`` (an MD5 hash), ``url``, ``message``,
``date`` and ``replying_to`` (the ``_id`` of the parent; also the ``replying_to_uid`` spelling
and a 1-based position, as in Made Mistakes' threaded comments).

No network at all: this is the backend used when no comment server is configured, so a fresh
``blogtui`` shows real threads. Files are read with the bounded safe YAML loader; one broken
file does not hide the others (it is reported in ``Thread.warnings``). A reply written in blogtui
becomes a new file, written atomically (temp file, fsync, rename); a draft with a nonce always
maps to the same file name, so posting it twice cannot create two comments.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from blogtui.atomic import atomic_write
from blogtui.blog.source import SourceError, decode, load_yaml
from blogtui.comments.backend import BackendError
from blogtui.comments.model import Comment, Draft, NotModified, Thread, ThreadRef
from blogtui.comments.textsafe import clean_line, clean_text, parse_time, safe_url

SUFFIXES = (".yml", ".yaml")
MAX_FILE_BYTES = 1_000_000
ETAG_PREFIX = "st1:"
SLUG_RE = re.compile(r"^[^/\\\x00]+$")


def thread_slug(ref: ThreadRef) -> str:
    """The folder name of a post's comments: its slug (Staticman's ``{options.slug}``)."""
    slug = ref.slug or re.sub(r"\.\w+$", "", (ref.url or ref.key).rstrip("/").rsplit("/", 1)[-1])
    if not SLUG_RE.match(slug) or slug in (".", ".."):
        raise BackendError("rejected", f"cannot keep comments for a post whose slug is {slug!r}")
    return slug


def comment_date(value: Any) -> datetime | None:
    """Staticman writes Unix seconds, ISO 8601 or 'YYYY-MM-DD HH:MM:SS'; YAML may give a datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, (int, float)):
        try:
            stamp = float(value) / (1000 if value > 10**11 else 1)  # milliseconds too
            return datetime.fromtimestamp(stamp, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return comment_date(int(text)) if len(text) < 20 else None
        return parse_time(text)
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


class StaticmanBackend:
    name = "staticman"

    def __init__(self, comments_dir: Path, *, author: str = "", email: str = "", website: str = ""):
        self.dir = Path(comments_dir)
        self.author = author
        self.email = email
        self.website = website

    def folder(self, ref: ThreadRef) -> Path:
        return self.dir / thread_slug(ref)

    @staticmethod
    def _files(folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as it:
                return sorted(
                    (
                        e
                        for e in it
                        if e.name.endswith(SUFFIXES) and not e.name.startswith(".") and e.is_file()
                    ),
                    key=lambda e: e.name,
                )
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise BackendError(
                "rejected", f"{folder} is a file, not a folder of comments"
            ) from None
        except OSError as exc:
            raise BackendError("rejected", f"cannot read {folder}: {exc.strerror}") from None

    @staticmethod
    def _fingerprint(entries: list[os.DirEntry[str]]) -> str:
        h = hashlib.sha1()
        for e in entries:
            st = e.stat()
            h.update(
                f"{e.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
            )
        return ETAG_PREFIX + h.hexdigest()

    async def fetch_thread(
        self, ref: ThreadRef, *, etag: str | None = None
    ) -> Thread | NotModified:
        folder = self.folder(ref)
        entries = self._files(folder)
        tag = self._fingerprint(entries)
        if etag == tag:
            return NotModified(ref.key, tag)
        rows: list[tuple[datetime, str, dict[str, Any], str]] = []
        warnings: list[str] = []
        for e in entries:
            try:
                data = self._read(Path(e.path))
            except (OSError, SourceError) as exc:
                msg = getattr(exc, "message", None) or getattr(exc, "strerror", None) or str(exc)
                line = getattr(exc, "line", 0)
                warnings.append(
                    f"{e.name}{':' + str(line) if line else ''}: {clean_line(msg, limit=300)} (comment skipped)"
                )
                continue
            if not isinstance(data, dict):
                warnings.append(f"{e.name}: not a comment (expected 'key: value' fields; skipped)")
                continue
            created = comment_date(data.get("date"))
            if created is None:
                created = datetime.fromtimestamp(e.stat().st_mtime, UTC)
            cid = clean_line(_text(data.get("_id")), limit=100) or Path(e.name).stem
            rows.append((created, e.name, data, cid))
        rows.sort(key=lambda r: (r[0], r[1]))
        ids = [r[3] for r in rows]
        comments = []
        for created, _name, data, cid in rows:
            parent = self._parent(data, ids, cid)
            comments.append(
                Comment(
                    id=cid,
                    thread=ref.key,
                    parent=parent,
                    author=clean_line(_text(data.get("name"))) or "Anonymous",
                    text=clean_text(_text(data.get("message"))),
                    created=created,
                    website=safe_url(_text(data.get("url"))),
                    source="staticman",
                )
            )
        return Thread(ref.key, comments, len(comments), etag=tag, warnings=warnings)

    @staticmethod
    def _read(path: Path) -> Any:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError("size", f"file is larger than {MAX_FILE_BYTES} bytes")
        text, _ = decode(path.read_bytes())
        return load_yaml(text, 1)

    @staticmethod
    def _parent(data: dict[str, Any], ids: list[str], own: str) -> str | None:
        for key in ("replying_to_uid", "replying_to", "parent"):
            value = data.get(key)
            if value is None or value == "" or isinstance(value, bool):
                continue
            text = str(value).strip()
            if text in ids and text != own:
                return text
            if text.isdigit() and 1 <= int(text) <= len(ids) and ids[int(text) - 1] != own:
                return ids[int(text) - 1]  # a 1-based position among the thread's comments
        return None

    async def counts(self, refs: list[ThreadRef]) -> dict[str, int] | None:
        out: dict[str, int] = {}
        for ref in refs:
            try:
                out[ref.key] = len(self._files(self.folder(ref)))
            except BackendError:
                continue
        return out

    async def post_comment(self, ref: ThreadRef, draft: Draft) -> Comment:
        folder = self.folder(ref)
        stem = re.sub(r"[^A-Za-z0-9_-]", "", draft.nonce)[:64] if draft.nonce else ""
        now = datetime.now(UTC)
        name = (
            f"comment-{stem}.yml"
            if stem
            else f"comment-{int(now.timestamp() * 1000)}-{uuid.uuid4().hex[:8]}.yml"
        )
        path = folder / name
        if stem and path.exists():  # posted before (e.g. a retry after a crash): the same comment
            thread = await self.fetch_thread(ref)
            assert isinstance(thread, Thread)
            for c in thread.comments:
                if c.id == f"blogtui-{stem}":
                    return c
        author = draft.author or self.author or "Anonymous"
        email = (draft.email or self.email).strip().lower()
        record = {
            "_id": f"blogtui-{stem}" if stem else str(uuid.uuid4()),
            "replying_to": draft.parent or "",
            "message": draft.text,
            "name": author,
            "email": hashlib.md5(email.encode("utf-8")).hexdigest() if email else "",
            "url": draft.website or self.website,
            "date": now.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        }
        text = yaml.safe_dump(
            record, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
        except OSError as exc:
            raise BackendError(
                "rejected", f"cannot write the comment to {path}: {exc.strerror or exc}"
            ) from None
        return Comment(
            id=record["_id"],
            thread=ref.key,
            parent=draft.parent,
            author=clean_line(author),
            text=clean_text(draft.text),
            created=now.replace(microsecond=0),
            website=safe_url(record["url"]),
            source="staticman",
        )

    async def aclose(self) -> None:
        return None


def comments_dir_for(root: Path) -> Path:
    """``<root>/_data/comments``: a Jekyll site root's, or a plain posts folder's own."""
    return Path(root) / "_data" / "comments"


def create(settings: dict[str, Any], **kwargs: Any) -> StaticmanBackend:
    """kwargs: ``site`` (blogtui.blog.site.Site) or ``root`` (the blog folder), or ``comments_dir``."""
    directory = kwargs.get("comments_dir")
    if directory is None:
        site = kwargs.get("site")
        if site is not None:
            directory = Path(site.data_dir) / "comments"
        elif kwargs.get("root") is not None:
            directory = comments_dir_for(Path(kwargs["root"]))
        else:
            raise BackendError(
                "config", "the staticman backend needs the blog folder (its _data/comments)"
            )
    return StaticmanBackend(
        Path(directory),
        author=str(settings.get("author") or ""),
        email=str(settings.get("email") or ""),
        website=str(settings.get("website") or ""),
    )
