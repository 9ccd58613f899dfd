"""Comments kept as GitHub issue comments, the way utterances maps posts to issues.

Config (``[comments]``): ``backend = "github"``, ``repo = "owner/name"``, ``issue_term`` one of
``pathname`` (default) | ``url`` | ``title`` | ``og:title``, optional ``label``, ``token`` (or the
``GITHUB_TOKEN`` environment variable) and ``api_url`` (default https://api.github.com; tests point
it at a local fake). Front matter ``comments_issue: N`` pins a post to issue N.

A post's issue is found as utterances finds it: search the repo's issues whose title contains the
term, oldest first. ``counts`` lists the repo's issues once (paged, conditional) and learns every
post's issue number and comment count from it, so a sync needs no search per post.

Being polite is the design, not an option:
- every thread is fetched with ``If-None-Match`` per page; the ETag string this backend returns is
  a small JSON record (issue number + each page's URL and ETag), opaque to the store, so that a
  second sync with nothing changed sends only conditional requests (304s, which cost no quota
  when authenticated);
- when ``X-RateLimit-Remaining`` reaches 0 it stops asking until ``X-RateLimit-Reset`` and says
  so; ``Retry-After`` (secondary limits, 429) is honoured the same way.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from blogtui.comments.backend import BackendError
from blogtui.comments.github_data import (
    IssueInfo,
    Pages,
    decode_state,
    encode_state,
    issue_term,
    next_link,
    pinned_issue,
    reply_quote,
    to_comment,
    with_page,
)
from blogtui.comments.github_listing import (
    issues_by_title,
    listing_rows,
    read_listing,
    write_listing,
)
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
from blogtui.comments.textsafe import find_reply

DEFAULT_API = "https://api.github.com"
PER_PAGE = 100
MAX_PAGES = 200  # 20,000 comments or issues: more is a runaway Link chain, not a blog
ISSUE_TERMS = ("pathname", "url", "title", "og:title")
REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
LISTING_TTL = 300.0


# -- the backend ----------------------------------------------------------------------------------


class GitHubBackend:
    name = "github"

    def __init__(
        self,
        repo: str,
        *,
        issue_term: str = "pathname",
        label: str = "",
        token: str = "",
        api_url: str = DEFAULT_API,
        site_url: str = "",
        timeout: float = 10.0,
        concurrency: int = 4,
        cache_dir: Path | None = None,
        client: httpx.AsyncClient | None = None,
    ):
        if not REPO_RE.match(repo or ""):
            raise BackendError(
                "config",
                f"[comments] repo must be 'owner/name' for the github backend (got {repo!r})",
            )
        if issue_term not in ISSUE_TERMS:
            raise BackendError(
                "config",
                f"[comments] issue_term must be one of {', '.join(ISSUE_TERMS)} (got {issue_term!r})",
            )
        if not re.match(r"^https?://[^/\s]+", api_url or ""):
            raise BackendError(
                "config",
                f"[comments] api_url must be an http(s) URL such as {DEFAULT_API} (got {api_url!r})",
            )
        self.repo = repo
        self.term_mode = issue_term
        self.label = label
        self.token = token
        self.api = api_url.rstrip("/")
        self.site_url = site_url
        self.cache_dir = cache_dir
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = client or make_client(
            timeout=timeout, concurrency=concurrency, headers=headers
        )
        self._own_client = client is None
        self._blocked: dict[str, float] = {}  # rate-limit resource -> epoch seconds until it resets
        self._issues: dict[str, IssueInfo] | None = None  # term -> issue, learnt by counts()
        self._issues_at = 0.0  # when: the listing stands in for searches for LISTING_TTL seconds
        self._lock = asyncio.Lock()

    # -- requests ------------------------------------------------------------------------------

    async def _get(self, url: str, what: str, etag: str = "") -> Answer:
        return await self._send("GET", url, what, headers={"If-None-Match": etag} if etag else None)

    async def _send(self, method: str, url: str, what: str, **kwargs: Any) -> Answer:
        resource = "search" if "/search/" in url else "core"
        self._check(resource)
        if kwargs.get("headers") is None:
            kwargs.pop("headers", None)
        answer = await fetch(self.client, method, url, what=what, max_bytes=WEB_MAX_BYTES, **kwargs)
        self._note_limits(answer, resource)
        status = answer.status
        if 200 <= status < 300 or status == 304:
            return answer
        wait = retry_after(answer.headers)
        reason = answer.message()
        limited = (
            wait is not None
            or answer.headers.get("x-ratelimit-remaining") == "0"
            or "rate limit" in reason.lower()
        )
        if status == 429 or (status == 403 and limited):
            # GitHub's advice: Retry-After if given, else the reset time, else at least a minute
            until = (
                time.time() + wait
                if wait is not None
                else self._blocked.get(resource, time.time() + 60)
            )
            self._blocked[resource] = max(self._blocked.get(resource, 0.0), until)
            raise self._limit_error(resource, until)
        detail = f" ({status}{': ' + reason if reason else ''})"
        if status == 401:
            raise BackendError(
                "config",
                f"{what}: GitHub refused the token{detail}; check GITHUB_TOKEN or [comments] token",
                status=status,
            )
        if status >= 500:
            raise BackendError(
                "server", f"{what}: GitHub server error{detail}", status=status, retry_after=wait
            )
        raise BackendError("rejected", f"{what}: refused by GitHub{detail}", status=status)

    def _note_limits(self, answer: Answer, resource: str) -> None:
        h = answer.headers
        remaining, reset = h.get("x-ratelimit-remaining"), h.get("x-ratelimit-reset")
        resource = h.get("x-ratelimit-resource") or resource
        if remaining == "0" and reset and reset.isdigit():
            self._blocked[resource] = float(reset)

    def _limit_error(self, resource: str, until: float) -> BackendError:
        wait = max(0.0, until - time.time())
        at = datetime.fromtimestamp(until, UTC).strftime("%H:%M UTC")
        hint = "" if self.token else " (set GITHUB_TOKEN for a higher limit)"
        api = "search API" if resource == "search" else "API"
        return BackendError(
            "rate-limited",
            f"GitHub {api} rate limit reached: no more requests until {at} (in {max(1, round(wait / 60))} min){hint}",
            status=403,
            retry_after=wait,
        )

    async def _pages(
        self, first: str, what: str, known: Pages | None
    ) -> tuple[list[Any] | None, Pages]:
        """All items of a paged list. With ``known`` pages: conditional requests, None if unchanged.

        When the last page is full, the (empty) page after it is fetched too and remembered,
        so that a comment that opens a new page is noticed by a conditional request.
        """
        reuse: Answer | None = None  # a changed first page is not asked for twice
        if (
            known is not None
            and known.usable()
            and all(self._same_origin(u) == u for u in known.urls)
        ):
            for i, (known_url, etag) in enumerate(zip(known.urls, known.etags)):
                answer = await self._get(known_url, what, etag)
                if answer.status != 304:
                    reuse = answer if i == 0 and known_url == first else None
                    break
            else:
                return None, known
        items: list[Any] = []
        pages = Pages()
        page_size = 0
        url: str | None = first
        while url and len(pages.urls) < MAX_PAGES:
            answer = (
                reuse
                if reuse is not None and url == first and not pages.urls
                else await self._get(url, what)
            )
            data = answer.json(what)
            if not isinstance(data, list):
                raise BackendError(
                    "server", f"{what}: GitHub sent {type(data).__name__}, not a list"
                )
            items.extend(data)
            pages.urls.append(url)
            pages.etags.append(answer.headers.get("etag", ""))
            if not data:
                break
            page_size = page_size or len(data)
            nxt = next_link(answer.headers.get("link", ""))
            if nxt is None and (
                len(data) >= PER_PAGE or (len(pages.urls) > 1 and len(data) >= page_size)
            ):
                candidate = with_page(url, len(pages.urls) + 1)  # the last page is full
                nxt = candidate if candidate not in pages.urls else None
            url = self._same_origin(nxt) if nxt else None
        return items, pages

    def _same_origin(self, url: str) -> str | None:
        """Follow Link URLs only to the API we were configured with (never elsewhere)."""
        if url.startswith("/"):
            return self.api + url
        a, b = urlsplit(url), urlsplit(self.api)
        return url if (a.scheme, a.netloc) == (b.scheme, b.netloc) else None

    # -- finding issues ------------------------------------------------------------------------

    def _repo_url(self, path: str) -> str:
        return f"{self.api}/repos/{self.repo}{path}"

    async def _search(self, term: str, etag: str = "") -> tuple[int | None, str, bool]:
        """utterances' lookup: (issue number or None, search ETag, unchanged?)."""
        q = f'"{term}" type:issue in:title repo:{self.repo}'
        if self.label:
            q += f' label:"{self.label}"'
        url = f"{self.api}/search/issues?q={quote(q, safe='')}&sort=created&order=asc"
        answer = await self._get(url, "search issues", etag)
        if answer.status == 304:
            return None, etag, True
        data = answer.json("search issues")
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise BackendError("server", "search issues: GitHub's answer has no list of items")
        wanted = term.lower()
        for item in items:
            if (
                isinstance(item, dict)
                and isinstance(item.get("number"), int)
                and wanted in str(item.get("title", "")).lower()
            ):
                return item["number"], answer.headers.get("etag", ""), False
        return None, answer.headers.get("etag", ""), False

    def _listing(self) -> dict[str, IssueInfo] | None:
        if self._issues is not None and time.time() - self._issues_at > LISTING_TTL:
            self._issues = None  # a long-lived backend (the reader) must see issues opened since
        return self._issues

    def _known(self, term: str) -> IssueInfo | None:
        issues = self._listing()
        if issues is None:
            return None
        exact = issues.get(term.lower())
        if exact:
            return exact
        wanted = term.lower()
        hits = [i for t, i in issues.items() if wanted in t]
        return min(hits, key=lambda i: i.number) if hits else None

    # -- the protocol --------------------------------------------------------------------------

    def _check(self, resource: str = "core") -> None:
        """Every thread needs the core API: when it is exhausted, stop before even searching."""
        until = self._blocked.get(resource, 0.0)
        if until > time.time():
            raise self._limit_error(resource, until)

    async def fetch_thread(
        self, ref: ThreadRef, *, etag: str | None = None
    ) -> Thread | NotModified:
        self._check()
        term = issue_term(ref, self.term_mode, self.site_url)
        state = decode_state(etag)
        pinned = pinned_issue(ref)
        number = pinned
        pages: Pages | None = None
        if state is not None and (pinned is None or state[0] == pinned):
            number = state[0] if number is None else number
            pages = state[1]
        if number is None:
            known = self._known(term)
            if known is not None:
                number = known.number
            elif (
                self._listing() is not None
            ):  # counts() listed every issue just now: this post has none
                return Thread(ref.key, [], 0, etag=None)
            else:
                old_search = state[2] if state and state[0] is None else ""
                number, search_etag, unchanged = await self._search(term, old_search)
                if unchanged:
                    return NotModified(ref.key, etag)
                if number is None:
                    return Thread(
                        ref.key,
                        [],
                        0,
                        etag=encode_state(None, Pages(), search_etag) if search_etag else None,
                    )
                pages = None
        first = self._repo_url(f"/issues/{number}/comments?per_page={PER_PAGE}")
        try:
            items, got = await self._pages(first, f"comments of issue #{number}", pages)
        except BackendError as exc:
            if exc.status == 404 and pinned is None and state is not None:
                # the remembered issue is gone (deleted, transferred): look it up again once
                return await self.fetch_thread(ref, etag=None)
            if exc.status == 404:
                raise BackendError(
                    "rejected",
                    f"issue #{number} was not found in {self.repo} (deleted, or a private repo without a token?)",
                    status=404,
                ) from None
            raise
        if items is None:
            return NotModified(ref.key, etag)
        comments = [c for c in (to_comment(i, ref.key) for i in items) if c is not None]
        return Thread(ref.key, comments, len(comments), etag=encode_state(number, got))

    async def counts(self, refs: list[ThreadRef]) -> dict[str, int] | None:
        """All posts' counts from one paged, conditional listing of the repo's issues."""
        async with self._lock:
            issues = await self._list_issues()
        by_number = {i.number: i for i in issues.values()}
        out: dict[str, int] = {}
        for ref in refs:
            pinned = pinned_issue(ref)
            if pinned is not None:
                if pinned in by_number:
                    out[ref.key] = by_number[pinned].comments
                continue  # not in the listing (other label?): sync fetches it to know
            info = self._known(issue_term(ref, self.term_mode, self.site_url))
            out[ref.key] = info.comments if info else 0
        return out

    def _cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{self.repo}-{self.label}")
        return self.cache_dir / "github" / f"issues-{safe}.json"

    async def _list_issues(self) -> dict[str, IssueInfo]:
        cache = self._cache_file()
        known, cached = read_listing(cache, self.api) if cache is not None else (None, [])
        query = f"?state=all&sort=created&direction=asc&per_page={PER_PAGE}"
        if self.label:
            query += f"&labels={quote(self.label, safe='')}"
        items, pages = await self._pages(self._repo_url("/issues" + query), "list issues", known)
        if items is None:
            rows = cached
        else:
            rows = listing_rows(items)
            if cache is not None:
                write_listing(cache, self.api, pages, rows)
        issues = issues_by_title(rows)
        self._issues, self._issues_at = issues, time.time()
        return issues

    async def post_comment(self, ref: ThreadRef, draft: Draft) -> Comment:
        if not self.token:
            raise BackendError(
                "config",
                "posting to GitHub needs a token: set GITHUB_TOKEN or [comments] token (the reply stays in the outbox)",
            )
        number = pinned_issue(ref)
        term = issue_term(ref, self.term_mode, self.site_url)
        if number is None:
            known = self._known(term)
            number = known.number if known else None
        if number is None and self._listing() is None:
            number, _etag, _ = await self._search(term)
        if number is None:
            number = await self._create_issue(ref, term)
        body = draft.text
        if draft.parent:
            body = await self._quote(draft.parent) + body
        answer = await self._send(
            "POST",
            self._repo_url(f"/issues/{number}/comments"),
            "post a comment",
            json={"body": body},
        )
        comment = to_comment(answer.json("post a comment"), ref.key)
        if comment is None:
            raise BackendError("server", "post a comment: GitHub's answer is not a comment")
        return comment

    async def _create_issue(self, ref: ThreadRef, term: str) -> int:
        """The thread's first comment: open the issue as utterances would (title = the term)."""
        link = self.site_url.rstrip("/") + (ref.url or "")
        body = f"# {ref.title or term}\n\n[{link}]({link})" if link else f"# {ref.title or term}"
        payload: dict[str, Any] = {"title": term, "body": body}
        if self.label:
            payload["labels"] = [self.label]
        answer = await self._send(
            "POST", self._repo_url("/issues"), "open the post's issue", json=payload
        )
        data = answer.json("open the post's issue")
        if not isinstance(data, dict) or not isinstance(data.get("number"), int):
            raise BackendError(
                "server", "open the post's issue: GitHub's answer has no issue number"
            )
        if self._issues is not None:
            self._issues[term.lower()] = IssueInfo(data["number"], term, 0)
        return int(data["number"])

    async def _quote(self, parent_id: str) -> str:
        """Issue comments are flat: a reply quotes the start of the comment it answers."""
        if not parent_id.isdigit():
            return ""
        try:
            answer = await self._get(
                self._repo_url(f"/issues/comments/{parent_id}"), "the comment replied to"
            )
            parent = to_comment(answer.json("the comment replied to"), "")
        except BackendError:
            return ""
        if parent is None:
            return ""
        return reply_quote(parent.author, parent.text)

    def find_posted(self, thread: Thread, draft: Draft) -> Comment | None:
        """Sync's check after an unknown outcome: is our reply already there? (see textsafe.find_reply)"""
        return find_reply(thread.comments, draft)

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()


def create(settings: dict[str, Any], **kwargs: Any) -> GitHubBackend:
    """Build from ``[comments]``; kwargs: site (blogtui.blog.site.Site), cache_dir, client."""
    site = kwargs.pop("site", None)
    site_url = kwargs.pop("site_url", None)
    if site_url is None and site is not None:
        site_url = (getattr(site, "url", "") or "").rstrip("/") + (
            getattr(site, "baseurl", "") or ""
        ).rstrip("/")
    cache_dir = kwargs.pop("cache_dir", None)
    if cache_dir is None:
        from blogtui.config import cache_dir as default_cache

        cache_dir = default_cache()
    allowed = {"client", "timeout", "concurrency"}
    extra = {k: v for k, v in kwargs.items() if k in allowed}
    extra.setdefault("timeout", timeout_setting(settings))
    extra.setdefault("concurrency", concurrency_setting(settings))
    return GitHubBackend(
        str(settings.get("repo") or ""),
        issue_term=str(settings.get("issue_term") or "pathname"),
        label=str(settings.get("label") or ""),
        token=str(settings.get("token") or os.environ.get("GITHUB_TOKEN") or ""),
        api_url=str(settings.get("api_url") or DEFAULT_API),
        site_url=site_url or "",
        cache_dir=Path(cache_dir) if cache_dir else None,
        **extra,
    )
