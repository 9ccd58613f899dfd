"""Careful HTTP for every comment backend: one pooled httpx.AsyncClient, bounded answers, errors as values.

Isso, GitHub and Mastodon all go through here. Two levels:

- ``fetch`` hands back the status and headers of *every* answer, because web APIs say important
  things in error answers (GitHub's ``X-RateLimit-*`` on a 403, ``Retry-After`` on a 429); only
  transport failures become BackendErrors. The GitHub and Mastodon backends map statuses themselves.
- ``request`` is ``fetch`` plus a generic status mapping (for Isso).

Every way a request can go wrong becomes a BackendError whose ``kind`` tells sync what to do:
connection refused -> "offline" (nothing was sent: safe to retry); no answer in time or the
connection dropped after the request was sent -> "timeout" (for a POST the outcome is unknown);
5xx, HTML instead of JSON, an answer too big -> "server"; 429 -> "rate-limited" with Retry-After;
a redirect -> "config" (the URL is not the API's: nothing was sent); other 4xx -> "rejected" with
the server's reason.

Every request has a total deadline (connect, send and all reads together: ``DEADLINE_FACTOR``
times the per-read timeout), so a server that trickles one byte a second fails in bounded time
with kind "slow" (sync stops asking that server for the rest of the run).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from blogtui import __version__
from blogtui.comments.backend import BackendError
from blogtui.comments.sanitize import clean_line, html_to_text

DEFAULT_TIMEOUT = 10.0
#: a whole request (connect + all reads) may take this many per-read timeouts, no more
DEADLINE_FACTOR = 3.0
#: the largest answer we read (a 8,000-comment thread as plain text); more is refused as garbage
MAX_BYTES = 4 * 1024 * 1024
#: the same for the web APIs: a 100-comment GitHub page is ~0.5 MB, a big Mastodon context ~2 MB
WEB_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    url: str = ""

    def json(self, what: str) -> Any:
        """The body as JSON, or a BackendError that says what came instead."""
        ctype = self.headers.get("content-type", "")
        head = self.body[:200].lstrip().lower()
        if head.startswith(b"<") or "html" in ctype:
            raise BackendError(
                "server",
                f"{what}: the server answered with an HTML page, not JSON (is the comments url right?)",
                status=self.status,
            )
        try:
            return json.loads(self.body)
        except RecursionError:
            raise BackendError(
                "server", f"{what}: unexpected answer (JSON nested too deep)", status=self.status
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackendError(
                "server",
                f"{what}: the server's answer is not valid JSON ({exc.__class__.__name__})",
                status=self.status,
            ) from None

    def message(self) -> str:
        """The server's one-line reason from a JSON error body ({"message"|"error": ...}), if any."""
        try:
            data = json.loads(self.body[:20_000])
        except (ValueError, UnicodeDecodeError, RecursionError):
            return ""
        if isinstance(data, dict):
            for key in ("message", "error", "error_description"):
                if isinstance(data.get(key), str):
                    return clean_line(data[key], limit=300)
        return ""


def timeout_setting(settings: Mapping[str, object]) -> float:
    """``[comments] timeout`` in seconds: a positive number, else DEFAULT_TIMEOUT."""
    value = settings.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        return DEFAULT_TIMEOUT
    return float(value)


def concurrency_setting(settings: Mapping[str, object]) -> int:
    """``[comments] concurrency``, requests in flight at once: 1 to 32, else 4. Every sync (the
    CLI's and the reader's) and every backend's connection pool use this one value."""
    value = settings.get("concurrency", 4)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return 4
    return min(value, 32)


def deadline_of(client: httpx.AsyncClient) -> float:
    """Seconds one whole request on ``client`` may take (connect + send + every read)."""
    return DEADLINE_FACTOR * (client.timeout.read or DEFAULT_TIMEOUT)


def make_client(
    base_url: str = "",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = 4,
    headers: dict[str, str] | None = None,
) -> httpx.AsyncClient:
    """The one client a backend shares for all its requests (connection pool, timeouts).

    No redirects are followed and no proxy/netrc is taken from the environment; ``headers`` are
    added to (or override) the defaults, e.g. GitHub's Accept and Authorization.
    """
    base = {"User-Agent": f"blogtui/{__version__}", "Accept": "application/json"}
    base.update(headers or {})
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        limits=httpx.Limits(
            max_connections=max(1, concurrency) * 2, max_keepalive_connections=max(1, concurrency)
        ),
        headers=base,
        follow_redirects=False,
        trust_env=False,
    )


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _reason(answer: Answer) -> str:
    """The server's short explanation from an error body (Isso sends HTML with a <p>)."""
    text = answer.body[:4000].decode("utf-8", "replace")
    if "<" in text:
        m = re.search(r"<p>(.*?)</p>", text, re.S)
        text = html_to_text(m.group(1) if m else text)
    return clean_line(text, limit=300)


async def fetch(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    what: str,
    max_bytes: int = MAX_BYTES,
    **kwargs: Any,
) -> Answer:
    """Send one request and read the answer (any status). Transport failures raise BackendError.

    Never reads more than ``max_bytes``: a bigger answer is refused as garbage before it is in memory.
    Never takes longer than ``deadline_of(client)`` seconds in all: then kind "slow".
    """
    deadline = deadline_of(client)
    try:
        async with asyncio.timeout(deadline):
            answer = await _fetch(client, method, url, what=what, max_bytes=max_bytes, **kwargs)
    except TimeoutError:
        raise BackendError(
            "slow",
            f"{what}: the comment server is too slow (no complete answer within {deadline:g} s)",
            detail=f"the comment server is too slow (no complete answer within {deadline:g} s)",
        ) from None
    if 300 <= answer.status < 400 and answer.status != 304:
        raise redirected(answer, what, sending=method != "GET")
    return answer


def redirected(answer: Answer, what: str, *, sending: bool) -> BackendError:
    """A redirect is never followed: the URL is not the API's (a login page, a moved server)."""
    where = clean_line(answer.headers.get("location", ""), limit=120)
    to = f" to {where}" if where else ""
    outcome = "the reply was not sent" if sending else "nothing was fetched"
    return BackendError(
        "config",
        f"{what}: the server redirected ({answer.status}{to}) and {outcome}; is the comments url right?",
        status=answer.status,
    )


async def _fetch(
    client: httpx.AsyncClient, method: str, url: str, *, what: str, max_bytes: int, **kwargs: Any
) -> Answer:
    sent = False
    try:
        async with client.stream(method, url, **kwargs) as resp:
            sent = True
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise BackendError(
                    "server",
                    f"{what}: the answer is too large ({int(declared) // 1024} KiB, limit {max_bytes // 1024} KiB)",
                    status=resp.status_code,
                )
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise BackendError(
                        "server",
                        f"{what}: the answer is too large (over {max_bytes // 1024} KiB)",
                        status=resp.status_code,
                    )
                chunks.append(chunk)
            return Answer(resp.status_code, resp.headers, b"".join(chunks), str(resp.url))
    except BackendError:
        raise
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise _transport(
            "offline", what, f"cannot reach the comment server ({_short(exc)})"
        ) from None
    except httpx.PoolTimeout:
        raise _transport(
            "offline", what, "no free connection to the comment server in time"
        ) from None
    except httpx.TimeoutException:
        raise _transport("timeout", what, "the comment server did not answer in time") from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        kind = "timeout" if method != "GET" or sent else "server"
        raise _transport(
            kind, what, f"the connection broke before a complete answer ({_short(exc)})"
        ) from None
    except httpx.HTTPError as exc:
        raise _transport("server", what, _short(exc)) from None


def _transport(kind: str, what: str, detail: str) -> BackendError:
    return BackendError(kind, f"{what}: {detail}", detail=detail)


async def request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    what: str,
    max_bytes: int = MAX_BYTES,
    **kwargs: Any,
) -> Answer:
    """Send one request; return a 2xx/304 Answer or raise BackendError (generic status mapping)."""
    answer = await fetch(client, method, url, what=what, max_bytes=max_bytes, **kwargs)
    status = answer.status
    if 200 <= status < 300 or status == 304:
        return answer
    if status == 429:
        wait = retry_after(answer.headers)
        raise BackendError(
            "rate-limited",
            f"{what}: the server asks to slow down (429)",
            status=status,
            retry_after=wait,
        )
    if status >= 500:
        raise BackendError(
            "server",
            f"{what}: server error {status}",
            status=status,
            retry_after=retry_after(answer.headers),
        )
    if status == 431:
        raise BackendError(
            "rejected", f"{what}: the server refused the request as too large (431)", status=status
        )
    reason = _reason(answer)
    raise BackendError(
        "rejected",
        f"{what}: refused by the server ({status}{': ' + reason if reason else ''})",
        status=status,
    )


def _short(exc: BaseException) -> str:
    text = clean_line(str(exc), limit=120)
    return text or exc.__class__.__name__
