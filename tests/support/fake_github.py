"""A small stand-in for api.github.com on 127.0.0.1, for the GitHub comments backend's tests.

GitHub cannot be reached from the test machine, so this server answers the few endpoints
utterances-style comments use, with the recorded response shapes in tests/data/github/ (bodies
and headers), and behaves as GitHub documents:

- ``ETag`` on every 200 and ``304 Not Modified`` for a matching ``If-None-Match``; a 304 costs no
  quota when the request is authenticated (it does cost one without a token);
- ``per_page`` (max 100) and ``page`` with a ``Link`` header (next/last/first/prev) whose URLs use
  the ``/repositories/{id}/...`` form, as GitHub's do;
- ``X-RateLimit-Limit/Remaining/Used/Reset/Resource`` on every answer, separate ``core`` and
  ``search`` budgets; an exhausted budget answers 403 with the documented message;
- 401 for posting without (or with a wrong) token, 404 for unknown repos/issues/comments.

Tests can also queue raw failures (``fail_next``), e.g. a secondary rate limit with
``Retry-After`` or a 502 HTML page, and read ``requests`` to see exactly what a client sent.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).parent.parent / "data" / "github"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text("utf-8"))


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers


@dataclass
class Fault:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class FakeGitHub:
    def __init__(
        self,
        repo: str = "octo/blog-comments",
        *,
        token: str = "ghp_testtoken",
        core_limit: int | None = None,
        search_limit: int | None = None,
    ):
        self.repo = repo
        self.repo_id = 123456789
        self.token = token
        self.templates = {
            name: _load(f"{name}.json")
            for name in (
                "issue",
                "issue_comment",
                "user",
                "label",
                "search_issues",
                "headers",
                "errors",
            )
        }
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.requests: list[Seen] = []
        self.faults: list[Fault] = []
        self.limits = {"core": core_limit, "search": search_limit}
        self.used = {"core": 0, "search": 0}
        self.reset_at = int(time.time()) + 3600
        self._next_issue = 1
        self._next_comment = 1_000_000_001
        self._clock = 1_700_000_000  # created_at of seeded items: one minute apart, deterministic
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- test data ---------------------------------------------------------------------------

    def _tick(self) -> str:
        self._clock += 60
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock))

    def user(self, login: str) -> dict[str, Any]:
        u = copy.deepcopy(self.templates["user"])
        uid = int(hashlib.md5(login.encode()).hexdigest()[:7], 16)
        u.update(
            login=login,
            id=uid,
            node_id=f"U_{uid}",
            avatar_url=f"https://avatars.githubusercontent.com/u/{uid}?v=4",
        )
        for k, v in list(u.items()):
            if isinstance(v, str) and "/users/octocat" in v:
                u[k] = v.replace("/users/octocat", f"/users/{login}")
        u["html_url"] = f"https://github.com/{login}"
        return u

    def add_issue(
        self,
        title: str,
        *,
        login: str = "utterances-bot",
        labels: tuple[str, ...] = (),
        body: str = "",
        pull_request: bool = False,
    ) -> int:
        with self._lock:
            number = self._next_issue
            self._next_issue += 1
            issue = copy.deepcopy(self.templates["issue"])
            base = f"https://api.github.com/repos/{self.repo}/issues/{number}"
            now = self._tick()
            issue.update(
                url=base,
                repository_url=f"https://api.github.com/repos/{self.repo}",
                labels_url=base + "/labels{/name}",
                comments_url=base + "/comments",
                events_url=base + "/events",
                html_url=f"https://github.com/{self.repo}/issues/{number}",
                id=4_000_000 + number,
                node_id=f"I_{number}",
                number=number,
                title=title,
                user=self.user(login),
                created_at=now,
                updated_at=now,
                body=body,
                timeline_url=base + "/timeline",
            )
            issue["labels"] = [
                dict(self.templates["label"], name=name, id=900 + i)
                for i, name in enumerate(labels)
            ]
            issue["reactions"]["url"] = base + "/reactions"
            if pull_request:
                issue["pull_request"] = {
                    "url": base.replace("/issues/", "/pulls/"),
                    "html_url": "",
                    "diff_url": "",
                    "patch_url": "",
                    "merged_at": None,
                }
            self.issues[number] = issue
            self.comments[number] = []
            return number

    def add_comment(
        self,
        number: int,
        login: str,
        body: str,
        *,
        reactions: dict[str, int] | None = None,
        live: bool = False,
    ) -> dict[str, Any]:
        """A comment by ``login``; seeded ones are a minute apart in 2023, ``live`` ones (POSTed) are dated now."""
        with self._lock:
            cid = self._next_comment
            self._next_comment += 1
            c = copy.deepcopy(self.templates["issue_comment"])
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) if live else self._tick()
            c.update(
                id=cid,
                node_id=f"IC_{cid}",
                url=f"https://api.github.com/repos/{self.repo}/issues/comments/{cid}",
                html_url=f"https://github.com/{self.repo}/issues/{number}#issuecomment-{cid}",
                body=body,
                user=self.user(login),
                created_at=now,
                updated_at=now,
                issue_url=f"https://api.github.com/repos/{self.repo}/issues/{number}",
            )
            c["reactions"]["url"] = c["url"] + "/reactions"
            for k, v in (reactions or {}).items():
                c["reactions"][k] = v
            c["reactions"]["total_count"] = sum(
                v for k, v in c["reactions"].items() if k not in ("url", "total_count")
            )
            self.comments[number].append(c)
            issue = self.issues[number]
            issue["comments"] = len(self.comments[number])
            issue["updated_at"] = now
            return c

    def edit_comment(self, cid: int, body: str) -> None:
        with self._lock:
            for number, items in self.comments.items():
                for c in items:
                    if c["id"] == cid:
                        c["body"] = body
                        c["updated_at"] = self._tick()
                        self.issues[number]["updated_at"] = c["updated_at"]

    def fail_next(
        self,
        status: int,
        body: bytes | str | dict[str, Any] = b"",
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        raw = (
            json.dumps(body).encode()
            if isinstance(body, dict)
            else body.encode()
            if isinstance(body, str)
            else body
        )
        for _ in range(times):
            self.faults.append(Fault(status, raw, dict(headers or {})))

    def exhaust(self, resource: str = "core") -> None:
        """Use up the budget: the next request of that kind gets GitHub's rate-limit 403."""
        self.limits[resource] = self.limits[resource] or 60
        self.used[resource] = self.limits[resource] or 0

    # -- HTTP --------------------------------------------------------------------------------

    def _authenticated(self, headers: dict[str, str]) -> str | None:
        """ "ok", "bad" (a wrong token) or None (no token)."""
        auth = headers.get("authorization", "")
        if not auth:
            return None
        m = re.match(r"(?i)(?:bearer|token)\s+(\S+)$", auth)
        return "ok" if m and m.group(1) == self.token else "bad"

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        headers = {k.lower(): v for k, v in h.headers.items()}
        length = int(headers.get("content-length") or 0)
        raw = h.rfile.read(length) if length else b""
        seen = Seen(method, parts.path, query, headers)
        with self._lock:
            self.requests.append(seen)
        status, body, extra = self._answer(method, parts.path, query, headers, raw)
        seen.status = status
        out = dict(self.templates["headers"])
        out.update(extra)
        h.send_response(status)
        for k, v in out.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if body:
            h.wfile.write(body)

    def _rate_headers(self, resource: str, auth: str | None) -> dict[str, str]:
        limit = self.limits[resource] or (
            (5000 if auth else 60) if resource == "core" else (30 if auth else 10)
        )
        used = self.used[resource]
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - used)),
            "X-RateLimit-Reset": str(self.reset_at),
            "X-RateLimit-Used": str(used),
            "X-RateLimit-Resource": resource,
        }

    def _answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> tuple[int, bytes, dict[str, str]]:
        req_id = {
            "X-GitHub-Request-Id": f"0A1B:{len(self.requests):04X}:5E6F:7A8B:{int(time.time()) & 0xFFFFFFFF:08X}"
        }
        with self._lock:
            fault = self.faults.pop(0) if self.faults else None
        if fault is not None:
            return fault.status, fault.body, {**req_id, **fault.headers}
        auth = self._authenticated(headers)
        resource = "search" if path.startswith("/search/") else "core"
        limit = self.limits[resource] or (
            (5000 if auth else 60) if resource == "core" else (30 if auth else 10)
        )
        if auth == "bad":
            return 401, self._json(self.templates["errors"]["bad_credentials"]), req_id
        if self.used[resource] >= limit:
            body = self.templates["errors"][
                "rate_limited_authenticated" if auth else "rate_limited"
            ]
            return 403, self._json(body), {**req_id, **self._rate_headers(resource, auth)}
        status, payload, extra = self._route(method, path, query, headers, raw, auth)
        body = self._json(payload) if payload is not None else b""
        if method == "GET" and status == 200:
            etag = ('W/"%s"' if auth else '"%s"') % hashlib.sha256(body).hexdigest()
            extra["ETag"] = etag
            if headers.get("if-none-match") == etag:
                if not auth:
                    self.used[resource] += 1
                return (
                    304,
                    b"",
                    {
                        **req_id,
                        "ETag": etag,
                        **self._rate_headers(resource, auth),
                        **{k: v for k, v in extra.items() if k == "Link"},
                    },
                )
        self.used[resource] += 1
        return status, body, {**req_id, **self._rate_headers(resource, auth), **extra}

    @staticmethod
    def _json(payload: Any) -> bytes:
        return json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8")

    def _page(
        self, items: list[Any], query: dict[str, str], link_base: str
    ) -> tuple[list[Any], dict[str, str]]:
        per = max(1, min(100, int(query.get("per_page", "30") or 30)))
        page = max(1, int(query.get("page", "1") or 1))
        last = max(1, -(-len(items) // per))
        chunk = items[(page - 1) * per : page * per]
        keep = "&".join(f"{k}={v}" for k, v in query.items() if k not in ("page",))
        link = lambda p: f"<{self.url}{link_base}?{keep}&page={p}>"  # noqa: E731
        rels = []
        if page < last:
            rels += [f'{link(page + 1)}; rel="next"', f'{link(last)}; rel="last"']
        if page > 1:
            rels = [f'{link(page - 1)}; rel="prev"'] + rels + [f'{link(1)}; rel="first"']
        return chunk, ({"Link": ", ".join(rels)} if rels else {})

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        raw: bytes,
        auth: str | None,
    ) -> tuple[int, Any, dict[str, str]]:
        errors = self.templates["errors"]
        path = re.sub(rf"^/repositories/{self.repo_id}/", f"/repos/{self.repo}/", path)
        if method == "GET" and path == "/search/issues":
            return self._search(query)
        m = re.match(r"^/repos/([^/]+/[^/]+)(/.*)$", path)
        if not m or m.group(1).lower() != self.repo.lower():
            return 404, errors["not_found"], {}
        rest = m.group(2)
        repo_link = f"/repositories/{self.repo_id}"
        if method == "GET" and rest == "/issues":
            items = sorted(
                self.issues.values(),
                key=lambda i: i["number"],
                reverse=query.get("direction", "desc") == "desc",
            )
            if "labels" in query:
                wanted = set(query["labels"].split(","))
                items = [i for i in items if wanted <= {lab["name"] for lab in i["labels"]}]
            chunk, extra = self._page(items, query, repo_link + "/issues")
            return 200, chunk, extra
        if method == "POST" and rest == "/issues":
            if auth is None:
                return 401, errors["requires_authentication"], {}
            data = json.loads(raw or b"{}")
            if not data.get("title"):
                return 422, errors["validation_failed"], {}
            number = self.add_issue(
                data["title"],
                body=data.get("body", ""),
                labels=tuple(data.get("labels", ())),
                login="blogger",
            )
            return 201, self.issues[number], {"Location": self.issues[number]["url"]}
        m = re.match(r"^/issues/comments/(\d+)$", rest)
        if m and method == "GET":
            for items in self.comments.values():
                for c in items:
                    if c["id"] == int(m.group(1)):
                        return 200, c, {}
            return 404, errors["not_found"], {}
        m = re.match(r"^/issues/(\d+)(/comments)?$", rest)
        if not m or int(m.group(1)) not in self.issues:
            return 404, errors["not_found"], {}
        number = int(m.group(1))
        if not m.group(2):
            return (
                (200, self.issues[number], {})
                if method == "GET"
                else (404, errors["not_found"], {})
            )
        if method == "GET":
            chunk, extra = self._page(
                self.comments[number], query, f"{repo_link}/issues/{number}/comments"
            )
            return 200, chunk, extra
        if auth is None:
            return 401, errors["requires_authentication"], {}
        if self.issues[number]["locked"]:
            return 403, errors["issue_locked"], {}
        data = json.loads(raw or b"{}")
        if not isinstance(data.get("body"), str) or not data["body"].strip():
            return 422, errors["validation_failed"], {}
        c = self.add_comment(number, "blogger", data["body"], live=True)
        return 201, c, {"Location": c["url"]}

    def _search(self, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        q = query.get("q", "")
        term = re.search(r'^"((?:[^"\\]|\\.)*)"', q)
        repo = re.search(r"repo:(\S+)", q)
        label = re.search(r'label:"([^"]*)"|label:(\S+)', q)
        result = copy.deepcopy(self.templates["search_issues"])
        if not repo or repo.group(1).lower() != self.repo.lower():
            return (
                422,
                {
                    "message": "Validation Failed",
                    "errors": [
                        {
                            "message": "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.",
                            "resource": "Search",
                            "field": "q",
                            "code": "invalid",
                        }
                    ],
                    "documentation_url": "https://docs.github.com/v3/search/",
                    "status": "422",
                },
                {},
            )
        wanted = (term.group(1) if term else q).lower()
        hits = [
            i
            for i in self.issues.values()
            if wanted in i["title"].lower() and "pull_request" not in i
        ]
        if label:
            name = label.group(1) or label.group(2)
            hits = [i for i in hits if name in {lab["name"] for lab in i["labels"]}]
        hits.sort(key=lambda i: i["created_at"], reverse=query.get("order", "desc") == "desc")
        result["total_count"] = len(hits)
        result["items"] = [dict(i, score=1.0) for i in hits[:30]]
        return 200, result, {}
