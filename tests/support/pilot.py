"""Waiting in Pilot tests, one way each: let the app settle, wait for a condition, wait for a post
view to finish its layout. Every Pilot test uses these (none writes its own loop)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    """Let the app's workers finish and the messages they post be handled. A few rounds: a
    worker's result often starts another (the index, then the post, then its comments)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def settle_or_question(
    pilot: Pilot[Any],
    first_pause: float = 0.05,
    questions: tuple[type[Screen[Any]], ...] = (),
    seconds: float = 5.0,
) -> None:
    """Let timers fire and workers finish, or stop as soon as the app asks a question (a screen
    of one of the ``questions`` types is on top): a worker may be waiting for its answer."""
    await pilot.pause(first_pause)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if questions and isinstance(pilot.app.screen, questions):
            break
        if all(worker.is_finished for worker in pilot.app.workers):
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_until(pilot: Pilot[Any], check: Callable[[], object], seconds: float = 15.0) -> bool:
    """Whether ``check()`` became true within ``seconds`` (the app runs meanwhile)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await pilot.pause(0.05)
    return bool(check())


async def wait_for(pilot: Pilot[Any], check: Callable[[], object], seconds: float = 5.0) -> None:
    """Wait until ``check()`` is true; fail the test if it never gets there."""
    if not await wait_until(pilot, check, seconds):
        raise AssertionError("the app never got there")


async def wait_complete(pilot: Pilot[Any], view: Any, timeout: float = 30.0) -> None:
    """Wait until a post view has laid out the whole post (it lays out in a worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if view.is_complete:
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("post never finished laying out")
