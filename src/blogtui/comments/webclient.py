"""HTTP plumbing for the web-API backends (GitHub, Mastodon): bounded answers, errors as values.

Unlike a generic "raise for status" helper, ``fetch`` hands back the status and headers of every
answer it gets, because these APIs say important things in error answers (GitHub's
``X-RateLimit-*`` on a 403, ``Retry-After`` on a 429). Only transport failures become
BackendErrors here:

- nothing could be sent (refused, DNS, connect timeout) -> "offline" (safe to retry);
- sent, but no complete answer in time or the connection broke -> "timeout" (for a POST the
  outcome is unknown: sync checks the thread before retrying);
- an answer larger than ``max_bytes`` -> "server" (it is never read into memory whole).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from blogtui import __version__
from blogtui.comments.backend import BackendError
from blogtui.comments.http import retry_after
from blogtui.comments.textsafe import clean_line

DEFAULT_TIMEOUT = 10.0
#: the largest answer read; a 100-comment GitHub page is ~0.5 MB, a big Mastodon context ~2 MB
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    url: str = ""

    def json(self, what: str) -> Any:
        """The body as JSON, or a "server" BackendError saying what came instead."""
        head = self.body[:200].lstrip().lower()
        if head.startswith(b"<") or "html" in self.headers.get("content-type", ""):
            raise BackendError("server", f"{what}: the server answered with an HTML page, not JSON", status=self.status)
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackendError("server", f"{what}: the answer is not valid JSON ({exc.__class__.__name__})", status=self.status) from None

    def message(self) -> str:
        """The server's one-line reason from a JSON error body ({"message"|"error": ...}), if any."""
        try:
            data = json.loads(self.body[:20_000])
        except (ValueError, UnicodeDecodeError):
            return ""
        if isinstance(data, dict):
            for key in ("message", "error", "error_description"):
                if isinstance(data.get(key), str):
                    return clean_line(data[key], limit=300)
        return ""


def make_client(*, timeout: float = DEFAULT_TIMEOUT, concurrency: int = 4, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """One pooled client per backend; no redirects followed, no proxy/netrc from the environment."""
    base = {"User-Agent": f"blogtui/{__version__}", "Accept": "application/json"}
    base.update(headers or {})
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        limits=httpx.Limits(max_connections=max(1, concurrency) * 2, max_keepalive_connections=max(1, concurrency)),
        headers=base,
        follow_redirects=False,
        trust_env=False,
    )


def _short(exc: BaseException) -> str:
    return clean_line(str(exc), limit=120) or exc.__class__.__name__


async def fetch(client: httpx.AsyncClient, method: str, url: str, *, what: str, max_bytes: int = MAX_BYTES, **kwargs: Any) -> Answer:
    """Send one request and read the answer (any status). Transport failures raise BackendError."""
    sent = False
    try:
        async with client.stream(method, url, **kwargs) as resp:
            sent = True
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise BackendError("server", f"{what}: the answer is too large ({int(declared) // 1024} KiB)", status=resp.status_code)
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise BackendError("server", f"{what}: the answer is too large (over {max_bytes // 1024} KiB)", status=resp.status_code)
                chunks.append(chunk)
            return Answer(resp.status_code, resp.headers, b"".join(chunks), str(resp.url))
    except BackendError:
        raise
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise BackendError("offline", f"{what}: cannot reach the server ({_short(exc)})") from None
    except httpx.PoolTimeout:
        raise BackendError("offline", f"{what}: no free connection to the server in time") from None
    except httpx.TimeoutException:
        raise BackendError("timeout", f"{what}: the server did not answer in time") from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        kind = "timeout" if (method != "GET" or sent) else "server"
        raise BackendError(kind, f"{what}: the connection broke before a complete answer ({_short(exc)})") from None
    except httpx.HTTPError as exc:
        raise BackendError("server", f"{what}: {_short(exc)}") from None
