"""The shell's habits, read from its source (AST): thread workers hand results back, no class
holds mutable state, the reader is one composed screen.

A thread worker runs beside the event loop: when it assigns ``self.<attr>`` (or an item of one)
it races the handlers that read that state. Textual's rule, and ours: a worker returns a value
or posts a Message, and the handler, on the event loop, changes state. A worker is a function
decorated ``@work(thread=True)`` or one handed to ``run_worker(..., thread=True)`` (by name,
``partial(f, ...)`` or ``lambda: f(...)``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

TUI = ROOT / "src" / "blogtui" / "tui"


def _is_thread_true(call: ast.Call) -> bool:
    return any(
        k.arg == "thread" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )


def _names_called(node: ast.AST) -> set[str]:
    """The function names a ``run_worker`` argument refers to."""
    if isinstance(node, ast.Attribute):
        return {node.attr}
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Call):  # partial(f, ...) or f(...) (a coroutine)
        func = node.func
        if isinstance(func, ast.Name) and func.id == "partial" and node.args:
            return _names_called(node.args[0])
        return _names_called(func)
    if isinstance(node, ast.Lambda):
        return {
            n for c in ast.walk(node.body) if isinstance(c, ast.Call) for n in _names_called(c.func)
        }
    return set()


def thread_workers(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    named: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "run_worker"
            and _is_thread_true(node)
            and node.args
        ):
            named |= _names_called(node.args[0])
    workers = []
    for fn in functions:
        decorated = any(
            isinstance(d, ast.Call) and getattr(d.func, "id", "") == "work" and _is_thread_true(d)
            for d in fn.decorator_list
        )
        if decorated or fn.name in named:
            workers.append(fn)
    return workers


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def self_assignments(fn: ast.AST) -> list[str]:
    """``self.x = …``, ``self.x[k] = …``, ``self.x.y += …``, ``setattr(self, …)`` in ``fn``."""
    found = []
    for node in ast.walk(fn):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setattr":
            if node.args and _is_self(node.args[0]):
                found.append(ast.unparse(node))
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute | ast.Subscript) and _is_self(part.value):
                    found.append(ast.unparse(target))
                    break
    return found


def modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(TUI.rglob("*.py"))]


def test_no_thread_worker_assigns_state_of_self() -> None:
    offences, seen = [], set()
    for path, tree in modules():
        for fn in thread_workers(tree):
            seen.add(f"{path.stem}.{fn.name}")
            for what in self_assignments(fn):
                offences.append(f"{path.relative_to(TUI)}:{fn.lineno} {fn.name}: {what}")
    assert not offences, "thread workers must hand results back:\n" + "\n".join(offences)
    # the scan finds the workers (else it would pass by finding none)
    expected = {
        "reader._read_index",
        "reader_post._read",
        "reader_comments._load",
        "reader_comments._reload",
        "reader_comments._background_sync",
        "reader_replies._discard",
        "search.search",
        "comments_view._arrange",
    }
    assert expected <= seen, expected - seen


def test_the_readers_thread_workers_post_or_return_never_call_back() -> None:
    """``call_from_thread`` from a reader worker would run screen code from the worker's side:
    the reader's workers post a Message or return a value instead."""
    for path, tree in modules():
        if not path.stem.startswith("reader"):
            continue
        for fn in thread_workers(tree):
            calls = [
                n
                for n in ast.walk(fn)
                if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "call_from_thread"
            ]
            assert not calls, f"{path.name}:{fn.lineno} {fn.name} calls call_from_thread"


def test_no_class_holds_mutable_state() -> None:
    """No ``x: dict = {}`` on a class (shared by every instance) and no ``type(self).x = …``;
    constants (UPPER_CASE: BINDINGS, CSS) are Textual's class-level declarations."""
    mutable = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    offences = []
    for path, tree in modules():
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for stmt in cls.body:
                value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
                targets = (
                    stmt.targets
                    if isinstance(stmt, ast.Assign)
                    else [stmt.target]
                    if isinstance(stmt, ast.AnnAssign)
                    else []
                )
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if isinstance(value, mutable) and not all(n.isupper() for n in names):
                    offences.append(f"{path.relative_to(TUI)}:{stmt.lineno} {cls.name}.{names}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Call)
                        and getattr(target.value.func, "id", "") == "type"
                    ):
                        offences.append(
                            f"{path.relative_to(TUI)}:{node.lineno} {ast.unparse(target)}"
                        )
    assert not offences, "class-level mutable state:\n" + "\n".join(offences)


def test_the_reader_is_one_composed_screen() -> None:
    """ReaderScreen's bases are Textual's Screen only: its jobs are flow objects it holds."""
    from textual.screen import Screen

    from blogtui.tui.screens.reader import ReaderScreen

    assert ReaderScreen.__bases__ == (Screen,)
    for path, tree in modules():
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            bases = {ast.unparse(b) for b in cls.bases}
            assert not any("ReaderScreen" in b for b in bases), f"{path.name}: {cls.name}({bases})"


def test_no_screen_or_widget_reaches_for_app_attributes_past_the_type_checker() -> None:
    """Services come in typed (tui.services.ReaderServices), not ``self.app.x  # type: ignore``."""
    for path in sorted(TUI.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "self.app." in line and "attr-defined" in line:
                raise AssertionError(f"{path.relative_to(TUI)}:{number}: {line.strip()}")


def test_every_node_that_starts_workers_tells_their_failures() -> None:
    """Worker.StateChanged does not bubble: a node that starts workers must pass failures to the
    one path (``tui.workers.tell_if_failed``, or the TellsFailedWorkers mixin). Flow objects
    (not DOM nodes) start theirs on the reader screen, which does."""
    import importlib
    import inspect

    from textual.app import App
    from textual.dom import DOMNode

    silent = []
    for path, tree in modules():
        name = "blogtui.tui." + ".".join(path.relative_to(TUI).with_suffix("").parts)
        module = importlib.import_module(name)
        for cls_node in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            starts = any(
                (isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "run_worker")
                or (
                    isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                    and any(
                        getattr(getattr(d, "func", d), "id", "") == "work" for d in n.decorator_list
                    )
                )
                for n in ast.walk(cls_node)
            )
            cls = getattr(module, cls_node.name, None)
            if not starts or cls is None:
                continue
            if not issubclass(cls, DOMNode) or issubclass(cls, App):
                continue  # a flow object (its workers run on the screen); the app tells its own
            handlers = [
                k.__dict__["on_worker_state_changed"]
                for k in cls.__mro__
                if "on_worker_state_changed" in k.__dict__
            ]
            if not any("tell_if_failed" in inspect.getsource(h) for h in handlers):
                silent.append(f"{name}.{cls.__name__}")
    assert not silent, "failed workers would go untold in: " + ", ".join(silent)


def test_no_worker_can_end_the_app() -> None:
    """Textual's default ``exit_on_error=True`` ends the app when a worker raises, and the
    user's unsaved text with it: every worker of the shell is started with it off (its failure
    is then told, see the test above)."""
    ending = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ("work", "run_worker"):
                continue
            off = any(
                k.arg == "exit_on_error"
                and isinstance(k.value, ast.Constant)
                and k.value.value is False
                for k in node.keywords
            )
            if not off:
                ending.append(f"{path.name}:{node.lineno}")
    assert not ending, "workers that would end the app on an error: " + ", ".join(ending)
