"""blogtui as a user runs it: its own process in a pseudo-terminal (a real terminal's view).

``PtyApp(args, size=(100, 30))`` starts ``python -m blogtui ARGS`` with the test's environment
(its XDG folders) in a pty; ``wait_for_text`` reads what the terminal received until a text shows
(escape sequences removed); ``press`` sends keys as a terminal encodes them; ``exit_time`` is how
long the process took to end after a key. The process is killed when the block ends.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from fcntl import ioctl

from tests.conftest import ROOT

#: what a terminal sends for the keys the tests press
KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "ctrl+q": "\x11",
    "ctrl+s": "\x13",
    "ctrl+c": "\x03",
}
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])")


class PtyApp:
    def __init__(
        self, args: Sequence[str], *, size: tuple[int, int] = (100, 30), **env: str
    ) -> None:
        self.args, self.size, self.env = list(args), size, env
        self.raw = b""
        self.proc: subprocess.Popen[bytes] | None = None
        self.master = -1

    def __enter__(self) -> PtyApp:
        master, slave = pty.openpty()
        cols, rows = self.size
        ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(
            os.environ,
            TERM="xterm-256color",
            PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            COLUMNS=str(cols),
            LINES=str(rows),
            **self.env,
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "blogtui", *self.args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc is not None
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        os.close(self.master)

    def _drain(self, timeout: float) -> None:
        readable, _, _ = select.select([self.master], [], [], timeout)
        if readable:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:  # the process ended and closed the terminal
                return
            self.raw = (self.raw + data)[-400_000:]

    @property
    def received(self) -> str:
        """What the terminal was sent, escape sequences removed (from the whole stream: a
        sequence may be cut between two reads)."""
        return _ESCAPES.sub("", self.raw.decode("utf-8", "replace"))

    def forget(self) -> None:
        """From now on ``received`` holds only what comes next."""
        self.raw = b""

    def wait_for_text(self, text: str, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc is not None:
            if text in self.received:
                return True
            if self.proc.poll() is not None:
                self._drain(0)
                return text in self.received
            self._drain(0.05)
        return text in self.received

    def wait_until(self, check: Callable[[], bool], timeout: float) -> bool:
        """Keep the terminal drained until ``check()`` holds (False after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return True
            self._drain(0.05)
        return check()

    def pause(self, seconds: float) -> None:
        """Let the app run (and keep the terminal drained, as a terminal does)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._drain(min(0.05, max(0.0, deadline - time.monotonic())))

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode())
            # a lone ESC is told from the start of a sequence (alt+key) by the time after it
            self.pause(0.4 if key == "escape" else 0.05)

    def exit_time(self, key: str, limit: float = 30.0) -> float:
        """Press ``key``; seconds until the process ended (``limit`` + 1 when it did not)."""
        assert self.proc is not None
        start = time.monotonic()
        os.write(self.master, KEYS.get(key, key).encode())
        while time.monotonic() - start < limit:
            if self.proc.poll() is not None:
                return time.monotonic() - start
            self._drain(0.02)
        return limit + 1
