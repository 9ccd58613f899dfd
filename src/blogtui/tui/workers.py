"""Failed workers are told, never silent.

Every worker in blogtui runs with ``exit_on_error=False`` (a failure must not end the app), and
Textual posts ``Worker.StateChanged`` only to the node that started the worker (it does not
bubble). ``tell_if_failed`` is the one path: a node's ``on_worker_state_changed`` calls it (the
reader screen, which also takes its workers' results there) or the node mixes in
``TellsFailedWorkers``; a failure goes to ``BlogApp.tell_worker_failed`` (a notification, or the
node's own ``worker_failed`` when it can say it in place).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.worker import Worker, WorkerState

T = TypeVar("T")


def tell_if_failed(event: Worker.StateChanged) -> bool:
    """Tell the user about a failed worker (True: it had failed)."""
    if event.state != WorkerState.ERROR:
        return False
    tell = getattr(event.worker.node.app, "tell_worker_failed", None)
    if callable(tell):
        tell(event.worker)
    return True


class TellsFailedWorkers:
    """Mixin for a screen or widget that starts workers and takes no results of them there."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        tell_if_failed(event)


def hand_back(app: App[Any], handler: Callable[..., object], *args: Any) -> bool:
    """From a thread: ``handler(*args)`` on the app's event loop, waited for; False when the app
    has ended meanwhile (the thread's work is then for nobody)."""
    try:
        app.call_from_thread(handler, *args)
    except RuntimeError:  # Textual: the app is not running
        return False
    return True


async def in_daemon_thread(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a daemon thread, awaited: for work the app may abandon when it quits.

    A thread worker runs in asyncio's default executor, whose threads are joined when the app
    ends: one markdown-it call on a 100,000-row table kept a quitting reader alive for half a
    minute. A daemon thread is not waited for; what it computes for a closed app is dropped.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        try:
            loop.call_soon_threadsafe(outcome)
        except RuntimeError:  # the loop is closed: the app ended, nobody waits
            pass

    def run() -> None:
        try:
            result = fn(*args)
        except BaseException as exc:  # handed to the awaiting worker, which tells it
            error = exc
            settle(lambda: None if future.done() else future.set_exception(error))
            return
        settle(lambda: None if future.done() else future.set_result(result))

    threading.Thread(target=run, daemon=True, name=f"blogtui-{fn.__name__}").start()
    return await future
