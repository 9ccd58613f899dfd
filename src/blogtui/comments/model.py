"""Comments as plain data: what every backend returns and what the store keeps.

Text fields hold what the server sent (Markdown or plain text, possibly hostile); they are made
safe for the terminal by ``blogtui.comments.sanitize`` on the way in and again before display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ThreadRef:
    """What a backend needs to find a post's thread.

    ``key`` is the thread id (the post's URL path, or front matter `comments_id`/`isso_id`);
    the rest lets other backends map a post their own way (GitHub issue title, a Mastodon status,
    a Staticman folder). ``public`` is false for a draft or an unpublished post: a whole-blog sync
    never names it to a server (only a request for that one thread does).
    """

    key: str
    title: str = ""
    url: str = ""  # the post's URL path (e.g. /jekyll/update/2020/10/25/x.html)
    slug: str = ""
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    public: bool = True


@dataclass(frozen=True, slots=True)
class Comment:
    id: str  # the server's id, as a string
    thread: str  # ThreadRef.key
    parent: str | None  # id of the comment it replies to, None at top level
    author: str
    text: str  # Markdown / plain text
    created: datetime  # aware, UTC
    modified: datetime | None = None
    website: str = ""
    deleted: bool = False  # deleted but kept because it has replies
    pending: bool = False  # awaiting moderation on the server
    likes: int = 0
    source: str = ""  # backend name ("isso", "github", ...)
    url: str = ""  # where the comment can be seen on the web, if anywhere


@dataclass(slots=True)
class Thread:
    key: str
    comments: list[Comment] = field(default_factory=list)
    total: int = 0
    etag: str | None = None  # for conditional requests, when the server sends one
    #: things the user should know about this thread that are not errors (e.g. a comment file
    #: that could not be read and was skipped); shown beside the thread, never fatal
    warnings: list[str] = field(default_factory=list)

    def children(self, parent: str | None) -> list[Comment]:
        return [c for c in self.comments if c.parent == parent]


class DraftState:
    PENDING = "pending"  # written, not sent yet
    SENDING = "sending"  # a POST is in flight
    UNKNOWN = "unknown"  # sent but no answer (timeout): check the thread before any retry
    REJECTED = "rejected"  # the server said no (4xx); kept, editable, with the reason
    SENT = "sent"  # the server has it (remote_id set)


@dataclass(slots=True)
class Draft:
    """A reply written in blogtui; lives in the outbox until the server has it. Never dropped."""

    thread: str
    text: str
    parent: str | None = None
    author: str = ""
    email: str = ""
    website: str = ""
    title: str = ""  # the post's title (Isso needs it for a thread's first comment)
    id: int | None = None  # local outbox id
    created: datetime | None = None
    state: str = DraftState.PENDING
    error: str = ""
    attempts: int = 0
    remote_id: str | None = None
    nonce: str = ""  # a local marker to recognise our own comment when the outcome was unknown


@dataclass(frozen=True, slots=True)
class NotModified:
    """A conditional fetch found the thread unchanged (e.g. HTTP 304)."""

    key: str
    etag: str | None = None
