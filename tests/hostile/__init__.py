"""Hostile input of our own: blogs that try to hang, crash or take over the terminal.

:func:`run_cli` runs a ``blogtui`` command in a subprocess with a time limit and a memory limit,
so that a case which used to hang or read forever fails the test instead of the test run.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
#: a command that used to read /dev/zero until MemoryError stops here instead
MEMORY_LIMIT = 1024 * 1024 * 1024
TIMEOUT = 60.0


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(
    args: list[str], home: Path, *, cwd: Path | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    """``blogtui ARGS`` in a child with its own config/cache/data folders under ``home``.

    Raises subprocess.TimeoutExpired when it hangs (the child is killed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BLOGTUI_", "XDG_"))}
    for name in ("config", "cache", "data"):
        (home / name).mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name.upper()}_HOME"] = str(home / name)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "blogtui", *args],
        cwd=cwd or home,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limits,
        check=False,
    )
