"""Comments as the replies to a Mastodon status (a blog that links a toot and shows its replies).

A post names its toot in front matter: ``mastodon: https://host/@user/ID`` (or ``comments_toot``).
The comments are that status's descendants from ``GET /api/v1/statuses/ID/context`` on the
toot's own server (public, no token needed), with their reply structure: a reply to the toot is a
top-level comment, a reply to a reply sits under it. Status content is HTML; it is turned into
Markdown source here (links kept, mentions and hashtags as plain text, every other tag dropped,
Markdown characters in the text escaped) and then cleaned of control sequences.

Posting a reply needs an access token of an account on that server (``[comments] token`` or
``MASTODON_TOKEN``); it is sent with an ``Idempotency-Key`` made from the draft, so a retried
POST returns the status created the first time instead of a duplicate.
"""

from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from typing import Any

import httpx

from blogtui.comments.backend import BackendError
from blogtui.comments.http import (
    WEB_MAX_BYTES,
    Answer,
    concurrency_setting,
    fetch,
    make_client,
    retry_after,
    timeout_setting,
)
from blogtui.comments.model import Comment, Draft, NotModified, Thread, ThreadRef
from blogtui.comments.textsafe import clean_line, clean_text, find_reply, parse_time, safe_url
from blogtui.safe import escape_markdown

FRONT_MATTER_KEYS = ("mastodon", "comments_toot")
#: https://host/@user/ID, /@user@domain/ID, /users/user/statuses/ID, /web/statuses/ID, /notice/ID
STATUS_URL_RE = re.compile(
    r"^(?P<origin>https?://[A-Za-z0-9.\-\[\]:]+)/(?:@[^/\s]+|users/[^/\s]+/statuses|web/statuses|web/@[^/\s]+|notice|objects)/(?P<id>[A-Za-z0-9]+)/?$"
)


def status_of(ref: ThreadRef) -> tuple[str, str] | None:
    """(server origin, status id) named by the post's front matter, or None."""
    for key in FRONT_MATTER_KEYS:
        value = ref.metadata.get(key) if ref.metadata else None
        if isinstance(value, str) and value.strip():
            m = STATUS_URL_RE.match(value.strip())
            if not m:
                raise BackendError(
                    "config",
                    f"front matter {key}: {clean_line(value, limit=120)!r} is not a Mastodon status URL (https://host/@user/ID)",
                )
            return m.group("origin"), m.group("id")
    return None


INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`", "del": "~~", "s": "~~"}


def _is_bare(label: str, url: str) -> bool:
    """Is the link text just the URL (possibly shortened by Mastodon to host/path…)?"""
    shown = re.sub(r"^https?://", "", label.strip().rstrip("…").strip())
    return bool(shown) and re.sub(r"^https?://", "", url).startswith(shown)


class _StatusHTML(HTMLParser):
    """Mastodon's status HTML (p, br, a, span.invisible/ellipsis, mentions, hashtags) -> Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._link: list[tuple[str, list[str], bool]] = []  # (href, text parts, mention/hashtag)
        self._hidden = 0  # inside span.invisible, script, style

    def _emit(self, text: str) -> None:
        if self._link:
            self._link[-1][1].append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag in ("script", "style") or (tag == "span" and "invisible" in classes) or self._hidden:
            if tag in ("script", "style", "span"):
                self._hidden += 1
            return
        if tag == "br":
            self._emit("  \n" if not self._link else " ")
        elif tag == "p":
            self._emit("\n\n")
        elif tag == "a":
            tag_like = bool(classes & {"mention", "hashtag", "u-url"})
            self._link.append((a.get("href", ""), [], tag_like))
        elif tag == "li":
            self._emit("\n- ")
        elif tag in ("blockquote",):
            self._emit("\n\n> ")
        elif tag in INLINE:
            self._emit(INLINE[tag])

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag in ("script", "style", "span"):
                self._hidden -= 1
            return
        if tag == "p":
            self._emit("\n\n")
        elif tag == "a" and self._link:
            href, parts, tag_like = self._link.pop()
            label = clean_line("".join(parts), limit=500)
            url = safe_url(href)
            if tag_like or not url:
                self._emit(escape_markdown(label))
            elif _is_bare(label, url):
                self._emit(url)  # a bare link (Mastodon shortens its text): the URL, once
            else:
                self._emit(f"[{escape_markdown(label)}]({url})")
        elif tag in INLINE:
            self._emit(INLINE[tag])

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._emit(escape_markdown(data) if not self._link else data)


def html_to_markdown(html: Any) -> str:
    if not isinstance(html, str):
        return ""
    html = clean_text(html, limit=400_000)  # control sequences go first, before any escaping
    parser = _StatusHTML()
    try:
        parser.feed(html)
        parser.close()
    except Exception:
        return clean_text(escape_markdown(re.sub(r"<[^>]*>", " ", html)))
    while parser._link:  # an <a> never closed: keep its text
        parser.out.extend(parser._link.pop(0)[1])
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group(0).startswith("  ") else "\n", text)
    return clean_text(re.sub(r"\n{3,}", "\n\n", text).strip())


def to_comment(item: Any, key: str, root: str, ids: set[str]) -> Comment | None:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    created = parse_time(item.get("created_at"))
    if created is None:
        return None
    account: dict[str, Any] = item["account"] if isinstance(item.get("account"), dict) else {}
    parent = item.get("in_reply_to_id")
    parent = (
        str(parent) if parent is not None and str(parent) != root and str(parent) in ids else None
    )
    text = html_to_markdown(item.get("content"))
    spoiler = clean_line(item.get("spoiler_text"), limit=300)
    if spoiler:
        text = f"**CW: {escape_markdown(spoiler)}**\n\n{text}"
    media = item.get("media_attachments")
    if isinstance(media, list) and media:
        text += f"\n\n({len(media)} attachment{'s' if len(media) > 1 else ''} not shown)"
    name = clean_line(account.get("display_name")) or clean_line(account.get("username"))
    acct = clean_line(account.get("acct"))
    author = (
        f"{name} (@{acct})"
        if name and acct and name != acct
        else name or (f"@{acct}" if acct else "someone")
    )
    return Comment(
        id=item["id"],
        thread=key,
        parent=parent,
        author=author,
        text=text,
        created=created,
        modified=parse_time(item.get("edited_at")),
        website=safe_url(account.get("url")),
        likes=item["favourites_count"] if isinstance(item.get("favourites_count"), int) else 0,
        source="mastodon",
        url=safe_url(item.get("url")) or safe_url(item.get("uri")),
    )


class MastodonBackend:
    name = "mastodon"

    def __init__(
        self,
        *,
        token: str = "",
        instance: str = "",
        timeout: float = 10.0,
        concurrency: int = 4,
        client: httpx.AsyncClient | None = None,
    ):
        self.token = token
        #: the server the token belongs to (``[comments] url``); the token is never sent elsewhere
        self.instance = instance.rstrip("/")
        self.client = client or make_client(timeout=timeout, concurrency=concurrency)
        self._own_client = client is None
        self._accounts: dict[str, object] = {}  # server origin -> the token's account id

    async def _call(self, method: str, url: str, what: str, **kwargs: Any) -> Answer:
        answer = await fetch(self.client, method, url, what=what, max_bytes=WEB_MAX_BYTES, **kwargs)
        status = answer.status
        if 200 <= status < 300 or status == 304:
            return answer
        reason = answer.message()
        detail = f" ({status}{': ' + reason if reason else ''})"
        if status == 429:
            raise BackendError(
                "rate-limited",
                f"{what}: the Mastodon server asks to slow down{detail}",
                status=status,
                retry_after=retry_after(answer.headers) or 60.0,
            )
        if status >= 500:
            raise BackendError(
                "server",
                f"{what}: Mastodon server error{detail}",
                status=status,
                retry_after=retry_after(answer.headers),
            )
        if status in (401, 403) and "Authorization" in (kwargs.get("headers") or {}):
            raise BackendError(
                "config",
                f"{what}: the Mastodon server refused the token{detail}; check [comments] token or MASTODON_TOKEN",
                status=status,
            )
        if status == 404:
            raise BackendError(
                "rejected",
                f"{what}: the status was not found (deleted, or not public){detail}",
                status=status,
            )
        raise BackendError(
            "rejected", f"{what}: refused by the Mastodon server{detail}", status=status
        )

    async def fetch_thread(
        self, ref: ThreadRef, *, etag: str | None = None
    ) -> Thread | NotModified:
        named = status_of(ref)
        if named is None:
            return Thread(ref.key, [], 0)  # the post names no toot: no comments, no request
        origin, sid = named
        headers = {"If-None-Match": etag} if etag else {}
        if self.token and self.instance and origin == self.instance:
            headers["Authorization"] = (
                f"Bearer {self.token}"  # logged-in readers get the whole thread
            )
        kwargs: dict[str, Any] = {"headers": headers} if headers else {}
        answer = await self._call(
            "GET", f"{origin}/api/v1/statuses/{sid}/context", "replies to the toot", **kwargs
        )
        if answer.status == 304:
            return NotModified(ref.key, etag)
        data = answer.json("replies to the toot")
        items = data.get("descendants") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise BackendError(
                "server", "replies to the toot: the answer has no list of descendants"
            )
        ids = {str(i["id"]) for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}
        comments = [c for c in (to_comment(i, ref.key, sid, ids) for i in items) if c is not None]
        comments.sort(key=lambda c: (c.created, len(c.id), c.id))  # oldest first, like the others
        return Thread(ref.key, comments, len(comments), etag=answer.headers.get("etag") or None)

    async def counts(self, refs: list[ThreadRef]) -> dict[str, int] | None:
        """0 for posts that link no toot (nothing to ask); the others are left out, because
        Mastodon has no batch count of a thread's descendants: sync fetches each of them."""
        out: dict[str, int] = {}
        for ref in refs:
            try:
                if status_of(ref) is None:
                    out[ref.key] = 0
            except BackendError:
                continue  # a bad link: fetching the thread reports it
        return out

    async def post_comment(self, ref: ThreadRef, draft: Draft) -> Comment:
        named = status_of(ref)
        if named is None:
            raise BackendError(
                "config",
                "this post names no Mastodon status: add front matter `mastodon: https://host/@you/ID` (the reply stays in the outbox)",
            )
        if not self.token:
            raise BackendError(
                "config",
                "replying on Mastodon needs an access token: set [comments] token or MASTODON_TOKEN (the reply stays in the outbox)",
            )
        origin, sid = named
        if self.instance and origin != self.instance:
            raise BackendError(
                "config",
                f"the toot is on {origin} but your token is for {self.instance} ([comments] url): reply from an account on {origin}",
            )
        auth = {"Authorization": f"Bearer {self.token}"}
        text = draft.text
        if draft.parent:
            text = await self._mention(origin, draft.parent, text)
        key = (
            draft.nonce
            or hashlib.sha256(f"{ref.key}\0{draft.parent}\0{draft.text}".encode()).hexdigest()[:32]
        )
        headers = {**auth, "Idempotency-Key": key}
        payload = {"status": text, "in_reply_to_id": draft.parent or sid, "visibility": "public"}
        answer = await self._call(
            "POST", f"{origin}/api/v1/statuses", "post the reply", json=payload, headers=headers
        )
        data = answer.json("post the reply")
        comment = to_comment(data, ref.key, sid, {draft.parent} if draft.parent else set())
        if comment is None:
            raise BackendError("server", "post the reply: the answer is not a status")
        return comment

    async def _mention(self, origin: str, parent: str, text: str) -> str:
        """Mastodon notifies whom a reply mentions: start with @author as clients do (and, as
        they do, not when the status replied to is your own)."""
        try:
            answer = await self._call(
                "GET", f"{origin}/api/v1/statuses/{parent}", "the status replied to"
            )
            data = answer.json("the status replied to")
            account = data.get("account") if isinstance(data, dict) else None
            if not isinstance(account, dict):
                return text
            acct = clean_line(account.get("acct"))
            if account.get("id") is not None and account.get("id") == await self._me(origin):
                return text
        except BackendError:
            return text
        return text if not acct or f"@{acct}" in text else f"@{acct} {text}"

    async def _me(self, origin: str) -> object:
        """The id of the account the token belongs to (None if the server will not say)."""
        if origin not in self._accounts:
            try:
                answer = await self._call(
                    "GET",
                    f"{origin}/api/v1/accounts/verify_credentials",
                    "your account",
                    headers={"Authorization": f"Bearer {self.token}"},
                )
                data = answer.json("your account")
                self._accounts[origin] = data.get("id") if isinstance(data, dict) else None
            except BackendError:
                self._accounts[origin] = None
        return self._accounts[origin]

    def find_posted(self, thread: Thread, draft: Draft) -> Comment | None:
        """Sync's check after an unknown outcome: is our reply already there? (see textsafe.find_reply)"""
        return find_reply(thread.comments, draft)

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()


def create(settings: dict[str, Any], **kwargs: Any) -> MastodonBackend:
    token = str(settings.get("token") or os.environ.get("MASTODON_TOKEN") or "")
    extra = {k: v for k, v in kwargs.items() if k in ("client", "concurrency")}
    extra.setdefault("concurrency", concurrency_setting(settings))
    url = settings.get("url")
    instance = ""
    if isinstance(url, str) and url.strip():
        m = re.match(r"^(https?://[^/\s]+)/?$", url.strip())
        if not m:
            raise BackendError(
                "config",
                f"[comments] url must be your Mastodon server, like https://fosstodon.org (got {url!r})",
            )
        instance = m.group(1)
    return MastodonBackend(
        token=token,
        instance=instance,
        timeout=timeout_setting(settings),
        **extra,
    )
