"""A real Isso server for tests and benchmarks: free 127.0.0.1 port, temp dir, stopped by its process.

Isso 0.14 is configured the way the issue measured it: moderation and the rate-limiting guard off,
``host`` pointing at a closed local port (Isso never reaches the internet; a thread's first
comment then needs a ``title``). The database file survives ``stop()``/``start()``, so a test can
take the server down and bring the same one back on the same port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isso_executable() -> list[str]:
    exe = Path(sys.executable).parent / "isso"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "import sys; from isso import main; sys.argv[0] = 'isso'; main()"]


class IssoServer:
    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.db = self.workdir / "comments.db"
        self.config = self.workdir / "isso.cfg"
        self.log = self.workdir / "isso.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.config.write_text(
            "[general]\n"
            f"dbpath = {self.db}\n"
            f"host = http://127.0.0.1:{free_port()}/\n"
            "[server]\n"
            f"listen = http://127.0.0.1:{self.port}/\n"
            "[moderation]\nenabled = false\n"
            "[guard]\nenabled = false\n",
            encoding="utf-8",
        )

    def start(self, timeout: float = 20.0) -> IssoServer:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [*isso_executable(), "-c", str(self.config), "run"],
                stdout=log,
                stderr=log,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"isso exited with {self.proc.returncode}: {self.log.read_text(errors='replace')[-2000:]}"
                )
            try:
                if httpx.get(self.url + "info", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"isso did not answer /info within {timeout}s")

    def stop(self) -> None:
        """Stop this server's process (and only it) and wait until the port is closed."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(
                    self.proc.pid, signal.SIGTERM
                )  # its own session: werkzeug may fork a reloader
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def __enter__(self) -> IssoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- driving it through its public API, as a commenter's browser would -------------------

    def post(
        self,
        uri: str,
        text: str,
        *,
        author: str | None = None,
        parent: int | None = None,
        title: str = "A post",
        **extra: Any,
    ) -> dict[str, Any]:
        payload = {"text": text, "author": author, "parent": parent, "title": title, **extra}
        r = httpx.post(self.url + "new", params={"uri": uri}, json=payload, timeout=10)
        r.raise_for_status()
        return r.json()

    def delete(self, comment: dict[str, Any], cookies: httpx.Cookies) -> None:
        httpx.delete(
            self.url + f"id/{comment['id']}", cookies=cookies, timeout=10
        ).raise_for_status()

    def edit(self, comment: dict[str, Any], cookies: httpx.Cookies, text: str) -> None:
        httpx.put(
            self.url + f"id/{comment['id']}", json={"text": text}, cookies=cookies, timeout=10
        ).raise_for_status()

    def post_with_cookie(
        self, uri: str, text: str, **kw: Any
    ) -> tuple[dict[str, Any], httpx.Cookies]:
        payload = {"text": text, "title": "A post", **kw}
        r = httpx.post(self.url + "new", params={"uri": uri}, json=payload, timeout=10)
        r.raise_for_status()
        return r.json(), r.cookies

    def thread(self, uri: str) -> dict[str, Any]:
        return httpx.get(self.url, params={"uri": uri, "plain": "1"}, timeout=10).json()

    def all_texts(self, uri: str) -> list[str]:
        data = self.thread(uri)
        out = []
        for c in data["replies"]:
            out.append(c["text"])
            out.extend(r["text"] for r in c.get("replies", []))
        return out
