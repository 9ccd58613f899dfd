"""The Isso backend (https://isso-comments.de, 0.14.x), on a shared httpx.AsyncClient.

What Isso does, measured against a real 0.14.0 (see tests/integration/test_comments_isso.py):
- ``GET /?uri=KEY&plain=1`` returns the whole thread with the raw Markdown the commenter typed
  (``plain=1`` is also ~30x faster than rendering HTML). Top-level comments carry ``replies``;
  there are only two levels: a reply to a reply is stored under the top-level comment.
- ``mode`` 1 = published, 2 = awaiting moderation, 4 = deleted but kept because it has replies
  (text '' and author null). An unknown URI is an empty thread, not a 404. No ETag is sent.
- ``POST /count`` with a JSON list of URIs returns their counts (published comments only) in one
  request. Edits do not change a count, deletions do.
- ``POST /new?uri=KEY`` needs ``Content-Type: application/json`` (else 403 "CSRF"); a thread's
  first comment needs ``title``. 201 (202 when moderated). No idempotency key: a retried POST
  makes a duplicate, which is why sync checks the thread before retrying an unknown outcome.
- Author and email are HTML-escaped by Isso on the way in; text is stored verbatim.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from blogtui.comments.backend import BackendError
from blogtui.comments.http import (
    DEFAULT_TIMEOUT,
    MAX_BYTES,
    concurrency_setting,
    make_client,
    request,
    timeout_setting,
)
from blogtui.comments.model import Comment, Draft, NotModified, Thread, ThreadRef
from blogtui.comments.sanitize import clean_line, clean_text, html_to_text, safe_url
from blogtui.comments.storable import INT64

#: URIs per /count request (one request for any ordinary blog)
COUNT_BATCH = 2000


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _when(value: Any) -> datetime | None:
    ts = _number(value)
    if ts is None or not (0 <= ts < 1e11):
        return None
    return datetime.fromtimestamp(ts, UTC)


def _id(value: Any) -> int | None:
    """A comment id: Isso's are SQLite integers, so a bigger number is not one."""
    n = _int(value)
    return n if n is not None and INT64[0] <= n <= INT64[1] else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


class IssoBackend:
    """One Isso server. Thread keys are the post URL paths (or ``isso_id``)."""

    name = "isso"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = 4,
        client: httpx.AsyncClient | None = None,
        max_bytes: int = MAX_BYTES,
    ):
        self.url = url.rstrip("/") + "/"
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._own_client = client is None
        self.client = client or make_client(self.url, timeout=timeout, concurrency=concurrency)

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()

    # -- reading -------------------------------------------------------------------------------

    async def fetch_thread(
        self, ref: ThreadRef, *, etag: str | None = None
    ) -> Thread | NotModified:
        what = f"thread {ref.key}"
        answer = await request(
            self.client,
            "GET",
            self.url,
            params={"uri": ref.key, "plain": "1"},
            what=what,
            max_bytes=self.max_bytes,
        )
        return parse_thread(ref.key, answer.json(what))

    async def counts(self, refs: list[ThreadRef]) -> dict[str, int] | None:
        keys = list(dict.fromkeys(r.key for r in refs))
        out: dict[str, int] = {}
        for start in range(0, len(keys), COUNT_BATCH):
            batch = keys[start : start + COUNT_BATCH]
            what = "comment counts"
            answer = await request(
                self.client,
                "POST",
                self.url + "count",
                json=batch,
                what=what,
                max_bytes=self.max_bytes,
            )
            data = answer.json(what)
            if (
                not isinstance(data, list)
                or len(data) != len(batch)
                or any((_int(n) or 0) < 0 or _int(n) is None for n in data)
            ):
                raise BackendError(
                    "server", f"{what}: unexpected answer (expected {len(batch)} numbers)"
                )
            out.update({k: int(n) for k, n in zip(batch, data)})
        return out

    # -- writing -------------------------------------------------------------------------------

    async def post_comment(self, ref: ThreadRef, draft: Draft) -> Comment:
        payload: dict[str, Any] = {
            "text": draft.text,
            "author": draft.author or None,
            "email": draft.email or None,
            "website": draft.website or None,
            "parent": None,
            "title": draft.title or ref.title or ref.key,
        }
        if draft.parent is not None:
            if not str(draft.parent).isdigit():
                raise BackendError(
                    "rejected", f"reply to comment {draft.parent!r}: not an Isso comment id"
                )
            payload["parent"] = int(draft.parent)
        what = f"reply on {ref.key}"
        answer = await request(
            self.client,
            "POST",
            self.url + "new",
            params={"uri": ref.key},
            json=payload,
            what=what,
            max_bytes=self.max_bytes,
        )
        data = answer.json(what)
        if not isinstance(data, dict):
            raise BackendError(
                "timeout", f"{what}: the server accepted the reply but its answer is not a comment"
            )
        comment = parse_comment(ref.key, data, plain=False)
        if comment is None:
            raise BackendError(
                "timeout", f"{what}: the server accepted the reply but its answer is not a comment"
            )
        # Isso answers with rendered HTML; keep the Markdown we sent.
        return replace(
            comment, text=clean_text(draft.text), pending=comment.pending or answer.status == 202
        )


def parse_comment(key: str, data: Any, *, plain: bool = True) -> Comment | None:
    """One Isso comment -> Comment, sanitised. None if it lacks what a comment must have."""
    if not isinstance(data, dict):
        return None
    cid = _id(data.get("id"))
    created = _when(data.get("created"))
    if cid is None or created is None:
        return None
    parent = _id(data.get("parent"))
    mode = _int(data.get("mode")) or 1
    raw = data.get("text")
    text = clean_text(raw) if plain else html_to_text(raw)
    return Comment(
        id=str(cid),
        thread=key,
        parent=str(parent) if parent is not None else None,
        author=clean_line(data.get("author"), unescape=True),
        text="" if mode == 4 else text,
        created=created,
        modified=_when(data.get("modified")),
        website=safe_url(data.get("website")),
        deleted=mode == 4,
        pending=mode == 2,
        likes=max(0, _int(data.get("likes")) or 0),
        source="isso",
    )


def parse_thread(key: str, data: Any) -> Thread:
    """Isso's nested answer -> a flat Thread. Garbage raises BackendError("server") so that the
    stored copy is kept; a single comment without id/date is reported, not silently dropped."""
    what = f"thread {key}"
    if not isinstance(data, dict) or not isinstance(data.get("replies"), list):
        raise BackendError("server", f"{what}: unexpected answer (no list of replies)")
    comments: list[Comment] = []
    for top in data["replies"]:
        c = parse_comment(key, top)
        if c is None:
            raise BackendError(
                "server", f"{what}: unexpected answer (a comment without a valid id or date)"
            )
        comments.append(c)
        replies = top.get("replies") or []
        if not isinstance(replies, list):
            raise BackendError("server", f"{what}: unexpected answer (replies is not a list)")
        for sub in replies:
            r = parse_comment(key, sub)
            if r is None:
                raise BackendError(
                    "server", f"{what}: unexpected answer (a reply without a valid id or date)"
                )
            if r.parent is None:
                r = replace(r, parent=c.id)
            comments.append(r)
    total = _int(data.get("total_replies"))
    return Thread(
        key=key,
        comments=comments,
        total=total if total is not None and total >= 0 else len(comments),
    )


def create(settings: dict[str, Any], **kwargs: Any) -> IssoBackend:
    """Build the backend from the ``[comments]`` table; a missing/odd url is a "config" error.

    Keyword arguments every factory receives: ``site`` (the blog's Site, unused by Isso).
    """
    kwargs.pop("site", None)
    url = settings.get("url")
    if not isinstance(url, str) or not url.strip():
        raise BackendError(
            "config",
            'no Isso server configured: set url = "https://comments.example.org/" in [comments]',
        )
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BackendError("config", f"[comments] url must be an http(s) URL, not {url!r}")
    kwargs.setdefault("timeout", timeout_setting(settings))
    kwargs.setdefault("concurrency", concurrency_setting(settings))
    return IssoBackend(url.strip(), **kwargs)
