"""Failed workers are told, never silent.

Every worker in blogtui runs with ``exit_on_error=False`` (a failure must not end the app), and
Textual posts ``Worker.StateChanged`` only to the node that started the worker (it does not
bubble). ``tell_if_failed`` is the one path: a node's ``on_worker_state_changed`` calls it (the
reader screen, which also takes its workers' results there) or the node mixes in
``TellsFailedWorkers``; a failure goes to ``BlogApp.tell_worker_failed`` (a notification, or the
node's own ``worker_failed`` when it can say it in place).
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


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
