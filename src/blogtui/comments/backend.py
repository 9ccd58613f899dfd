"""The one small interface every comment server speaks through.

A backend is chosen by name from config (``[comments] backend = "isso"``); adding one is one new
module plus a line in REGISTRY. Backends are async (httpx.AsyncClient) so that sync can fetch
many threads with bounded concurrency; the TUI calls them from a worker.

Errors are values the user can act on: every failure is a BackendError with a ``kind``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from blogtui.comments.model import Comment, Draft, NotModified, Thread, ThreadRef


class BackendError(Exception):
    """A failed request. ``kind`` says what the user can do about it.

    - "config": the backend is not configured right (no URL, no token for posting, a URL that
      redirects, ...): retried on every sync, so fixing the configuration is enough
    - "offline": the server could not be reached (connection refused, DNS, ...)
    - "timeout": connected but no (complete) answer in time; for a POST the outcome is unknown
    - "slow": the whole request ran past its total deadline (a trickling server); for a POST the
      outcome is unknown; sync stops asking that server for the rest of the run
    - "server": 5xx, 429 or garbage (HTML error page, bad JSON); worth retrying later
    - "rejected": 4xx for this item: the server refused the content; an edit is needed
    - "rate-limited": the server asked us to wait (``retry_after`` seconds)
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        detail: str = "",
    ):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after
        #: the cause without the request it came from ("cannot reach the comment server (…)"),
        #: for saying why *another* request was not made (a reply not sent after a fetch failed)
        self.detail = detail or message

    @property
    def retryable(self) -> bool:
        return self.kind in {"offline", "timeout", "server", "rate-limited"}

    def __str__(self) -> str:
        return self.message


@runtime_checkable
class CommentBackend(Protocol):
    name: str

    async def fetch_thread(
        self, ref: ThreadRef, *, etag: str | None = None
    ) -> Thread | NotModified:
        """The whole thread (all levels), or NotModified when ``etag`` still matches."""
        ...

    async def counts(self, refs: list[ThreadRef]) -> dict[str, int] | None:
        """Comment counts for many threads in as few requests as possible; None if unsupported."""
        ...

    async def post_comment(self, ref: ThreadRef, draft: Draft) -> Comment:
        """Post a reply. Raises BackendError; kind "timeout" means the outcome is unknown."""
        ...

    async def aclose(self) -> None: ...


#: backend name -> "module:factory"; the factory takes (settings: dict, **kwargs) -> CommentBackend.
#: Callers pass ``site=<blogtui.blog.site.Site>`` (for backends that keep comments in the site);
#: a factory ignores keywords it does not need.
REGISTRY: dict[str, str] = {
    "isso": "blogtui.comments.isso:create",
    "github": "blogtui.comments.github:create",
    "mastodon": "blogtui.comments.mastodon:create",
    "staticman": "blogtui.comments.staticman:create",
}


def backend_name(settings: dict[str, Any], site: Any = None) -> str | None:
    """Which backend to use: ``[comments] backend``; with none, "isso" if a ``url`` is set; with
    neither, "staticman" when the site keeps comments as data files (``_data/comments/`` at the
    site root, or inside a plain posts folder), so a fresh blogtui shows those threads with no
    server. None: nothing configured and nothing in the site (the UI says how to configure)."""
    name = settings.get("backend")
    if isinstance(name, str) and name.strip():
        return name.strip().lower()
    if settings.get("url"):
        return "isso"
    data_dir = getattr(site, "data_dir", None)
    if data_dir is not None and (Path(data_dir) / "comments").is_dir():
        return "staticman"
    return None


def create_backend(name: str, settings: dict[str, Any], **kwargs: Any) -> CommentBackend:
    target = REGISTRY.get(name)
    if target is None:
        known = ", ".join(sorted(REGISTRY))
        raise BackendError("config", f"unknown comment backend '{name}' (known: {known})")
    module, _, factory = target.partition(":")
    return getattr(importlib.import_module(module), factory)(settings, **kwargs)
