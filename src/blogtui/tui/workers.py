"""Failed workers are told, never silent.

Every worker in blogtui runs with ``exit_on_error=False`` (a failure must not end the app), and
Textual posts ``Worker.StateChanged`` only to the node that started the worker (it does not
bubble). ``TellsFailedWorkers`` is the one handler: a screen or widget that starts workers mixes
it in, and a failure goes to ``BlogApp.tell_worker_failed`` (a notification, or the node's own
``worker_failed`` when it can say it in place).
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class TellsFailedWorkers:
    """Mixin for a screen or widget that starts workers."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            tell = getattr(event.worker.node.app, "tell_worker_failed", None)
            if callable(tell):
                tell(event.worker)
