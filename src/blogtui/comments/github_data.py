"""What GitHub's answers mean for comments: posts mapped to issues, issue comments as Comments,
the opaque sync state carried in ``Thread.etag``, and the quote a reply starts with.

Plain functions over plain data (no requests): the backend in blogtui.comments.github uses them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from blogtui.comments.model import Comment, ThreadRef
from blogtui.comments.textsafe import clean_line, clean_text, parse_time, safe_url

ETAG_PREFIX = "gh1 "
POSITIVE_REACTIONS = ("+1", "heart", "hooray", "rocket")
#: a quote of the comment replied to is at most this many lines (a longer block is cut, and a
#: code fence cut open is closed again)
QUOTE_LINES = 12


# -- the opaque sync state carried in Thread.etag ------------------------------------------------


@dataclass(slots=True)
class Pages:
    """What was fetched last time: each page's URL and ETag, and whether the last page was full."""

    urls: list[str] = field(default_factory=list)
    etags: list[str] = field(default_factory=list)

    def usable(self) -> bool:
        return bool(self.urls) and len(self.urls) == len(self.etags) and all(self.etags)


def encode_state(number: int | None, pages: Pages, search_etag: str = "") -> str:
    data: dict[str, Any] = {"n": number, "p": [[u, e] for u, e in zip(pages.urls, pages.etags)]}
    if search_etag:
        data["s"] = search_etag
    return ETAG_PREFIX + json.dumps(data, separators=(",", ":"))


def decode_state(etag: str | None) -> tuple[int | None, Pages, str] | None:
    """The state from a previous Thread.etag, or None if it is not ours (or damaged)."""
    if not etag or not etag.startswith(ETAG_PREFIX):
        return None
    try:
        data = json.loads(etag[len(ETAG_PREFIX) :])
        number = data.get("n")
        if number is not None and not isinstance(number, int):
            return None
        pages = Pages(
            [str(u) for u, _ in data.get("p", [])], [str(e) for _, e in data.get("p", [])]
        )
        return number, pages, str(data.get("s") or "")
    except (ValueError, TypeError, AttributeError):
        return None


# -- mapping a post to its issue -----------------------------------------------------------------


def issue_term(ref: ThreadRef, mode: str, site_url: str = "") -> str:
    """The text utterances puts in (and looks for in) the issue title for this post."""
    if mode == "pathname":
        # utterances: location.pathname without the leading "/" and without an extension
        return re.sub(r"\.\w+$", "", (ref.url or ref.key).lstrip("/"))
    if mode == "url":
        return site_url.rstrip("/") + (ref.url or ref.key)
    return ref.title or ref.slug or ref.key  # title / og:title: the post's title


def pinned_issue(ref: ThreadRef) -> int | None:
    """Front matter ``comments_issue: N`` (an int, or a string of digits)."""
    value = ref.metadata.get("comments_issue") if ref.metadata else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.strip().lstrip("#").isdigit():
        return int(value.strip().lstrip("#"))
    return None


def next_link(link: str) -> str | None:
    """The rel="next" URL of a Link header."""
    for part in link.split(","):
        m = re.match(r"\s*<([^>]+)>\s*;(.*)", part)
        if m and re.search(r'rel="?next"?', m.group(2)):
            return m.group(1)
    return None


def to_comment(item: Any, key: str) -> Comment | None:
    """One issue comment of the REST API -> Comment (None if it is not a comment at all)."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), int):
        return None
    created = parse_time(item.get("created_at"))
    if created is None:
        return None
    updated = parse_time(item.get("updated_at"))
    user: dict[str, Any] = item["user"] if isinstance(item.get("user"), dict) else {}
    reactions: dict[str, Any] = item["reactions"] if isinstance(item.get("reactions"), dict) else {}
    likes: int = sum(
        v for k, v in reactions.items() if k in POSITIVE_REACTIONS and isinstance(v, int) and v > 0
    )
    return Comment(
        id=str(item["id"]),
        thread=key,
        parent=None,  # GitHub issue comments are flat
        author=clean_line(user.get("login")) or "ghost",  # a deleted account comes back as null
        text=clean_text(item.get("body")),
        created=created,
        modified=updated if updated and updated != created else None,
        website=safe_url(user.get("html_url")),
        likes=likes,
        source="github",
        url=safe_url(item.get("html_url")),
    )


@dataclass(slots=True)
class IssueInfo:
    number: int
    title: str
    comments: int


def _fence_of(line: str) -> str:
    m = re.match(r" {0,3}(`{3,}|~{3,})", line)
    return m.group(1) if m else ""


def quote_block(text: str) -> list[str]:
    """The first Markdown block of a comment (its first paragraph, or a whole fenced code block
    with what leads to it), never half a fence: a fence cut by the length cap is closed again.
    Quoted lines of the comment (``> …``, a quote of a quote) are left out at the start."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith(">")):
        i += 1
    block: list[str] = []
    fence = ""
    for line in lines[i:]:
        if not fence and not line.strip():
            break  # the end of the first block
        if len(block) == QUOTE_LINES:
            block.append("…")
            break
        block.append(line)
        mark = _fence_of(line)
        if not fence and mark:
            fence = mark
        elif fence and mark and mark[0] == fence[0] and len(mark) >= len(fence):
            if line.strip() == mark:
                fence = ""  # closed: the code block is whole
    if fence:
        block.append(fence)  # cut inside a code block: close it, so the reply renders as meant
    return block


def reply_quote(author: str, text: str) -> str:
    """How a reply on GitHub starts: issue comments are flat, so it quotes what it answers."""
    block = quote_block(text)
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in block)
    return f"@{author} wrote:\n{quoted}\n\n" if quoted else f"@{author} "


def with_page(url: str, page: int) -> str:
    base, _, query = url.partition("?")
    params = [p for p in query.split("&") if p and not p.startswith("page=")]
    return f"{base}?{'&'.join(params + [f'page={page}'])}"
