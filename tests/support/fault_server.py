"""A small local HTTP server that misbehaves on purpose (for what a real Isso will not do).

``FaultServer(handler)``: ``handler(request)`` returns a Reply, HANG (accept and never answer),
CLOSE (drop the connection without an answer) or None (forward to ``upstream``, e.g. a real
Isso, and pass its answer on). Runs in threads on a free 127.0.0.1 port.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

HANG = "hang"
CLOSE = "close"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds between bytes of the body (a server that trickles its answer); 0: all at once
    trickle: float = 0.0

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> Reply:
        return cls(
            status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers}
        )


Handler = Callable[[Request], "Reply | str | None"]


class FaultServer:
    def __init__(self, handler: Handler, upstream: str | None = None):
        self.handler = handler
        self.upstream = upstream
        self.requests: list[Request] = []
        self.release = threading.Event()
        outer = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = Request(
                    self.command,
                    parts.path,
                    {k: v[0] for k, v in parse_qs(parts.query).items()},
                    body,
                )
                outer.requests.append(req)
                result = outer.handler(req)
                if result is None:
                    result = outer._forward(req, self.path, self.headers.get("Content-Type"))
                if result == HANG:
                    outer.release.wait(60)
                    self.close_connection = True
                    return
                if result == CLOSE:
                    self.close_connection = True
                    return
                assert isinstance(result, Reply)
                data = result.body if isinstance(result.body, bytes) else str(result.body).encode()
                self.send_response(result.status)
                for k, v in result.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if result.trickle:
                        self.wfile.flush()
                        for i in range(len(data)):
                            if outer.release.wait(result.trickle):
                                break
                            self.wfile.write(data[i : i + 1])
                            self.wfile.flush()
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def _forward(self, req: Request, raw_path: str, ctype: str | None) -> Reply:
        assert self.upstream, "no upstream to forward to"
        headers = {"Content-Type": ctype} if ctype else {}
        r = httpx.request(
            req.method,
            self.upstream.rstrip("/") + raw_path,
            content=req.body or None,
            headers=headers,
            timeout=10,
        )
        return Reply(
            r.status_code,
            r.content,
            {"Content-Type": r.headers.get("content-type", "application/json")},
        )

    def forward(self, req: Request) -> Reply:
        """For handlers that pass a request on and then misbehave (e.g. forward, then hang)."""
        return self._forward(
            req, req.path + ("?" + urlencode(req.query) if req.query else ""), "application/json"
        )

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening (new connections are refused) and let hanging handlers go."""
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
