"""The key sweep: in every pane and dialog, every key the app declares there keeps the app alive.

For each scenario (the sample blog with its comments, an empty blog, a filter that matches
nothing, a blog on a real Isso server) the sweep focuses each pane in turn (list, post, comments,
editor, reply editor) and presses every binding active there, plus ``escape``, ``tab`` and the
palette. A key that opens a dialog sweeps that dialog too. After every key it checks, as a user
would notice:

- the app is still running (no exception ended it);
- it still answers a key: a probe key bound on the app (priority, so modal dialogs see it) must be
  handled, and a watchdog thread that pings the event loop must have seen no stall over 2 s;
- a key declared by the focused pane means what that pane says: when the pane's own binding is
  disabled (``check_action``), the key must not fall through to another meaning on the screen
  (``n`` in the post view once opened "New post" and a title typed next became a post on disk).
"""

from __future__ import annotations

import _thread
import asyncio
import faulthandler
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_BLOG
from tests.support.isso_server import IssoServer
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerCancelled

import blogtui.tui.app
from blogtui.config import Settings
from blogtui.tui.app import BlogApp

pytestmark = pytest.mark.slow

SIZE = (120, 40)
ISSO_KEY = "/notes/2021/03/04/kafka.html"
PROBE = "f19"
#: actions that end the app or leave the terminal: pressed by their own tests, not swept
SKIP_ACTIONS = {"quit", "app.quit", "screen.quit", "edit_external", "suspend_process"}
#: (screen, key) not swept: enter in the palette runs its first command, which may be "Quit"
SKIP_KEYS = {("CommandPalette", "enter")}
#: stall of the event loop that counts as "does not answer" (the issue's watchdog: 2 s)
STALL = 2.0
#: a stall this long is a hang: the watchdog interrupts the test
HANG = 20.0


class Watchdog:
    """A thread that pings the event loop and records every stall longer than ``STALL``."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.stalls: list[float] = []
        self.hung = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            answered = threading.Event()
            started = time.monotonic()
            self.loop.call_soon_threadsafe(answered.set)
            if not answered.wait(STALL):
                if not answered.wait(HANG):  # a hang: show where, and stop it
                    faulthandler.dump_traceback(all_threads=True)
                    self.hung = True
                    _thread.interrupt_main()
                    return
                self.stalls.append(time.monotonic() - started)
            self._stop.wait(0.05)

    def __enter__(self) -> Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def disabled_own_binding(focus: Widget | None, key: str) -> str | None:
    """The action of ``focus``'s own binding for ``key`` when ``check_action`` turns it off."""
    if focus is None:
        return None
    for binding in focus._bindings.key_to_bindings.get(key, ()):
        action = binding.action.split("(")[0]
        if not focus.app._check_action_state(action, focus):
            return action
    return None


def declared_by_the_app(node: DOMNode) -> bool:
    """Bindings blogtui declares: on its own widgets and screens, or on the app and any screen
    (quit, palette, focus keys); not the editing keys of a stock Textual widget in a dialog."""
    from textual.app import App

    module = type(node).__module__
    return module.startswith(("blogtui.", "tests.")) or isinstance(node, App | Screen)


def ours(node: DOMNode, action: str) -> bool:
    """Is ``action`` on ``node`` one of blogtui's own (not Textual's fallback, like help_quit)?"""
    method = getattr(type(node), f"action_{action.split('(')[0]}", None)
    return getattr(method, "__module__", "").startswith("blogtui.")


class SweptApp(BlogApp):
    """The real app plus a probe key: answered means the app still handles keys."""

    BINDINGS = [Binding(PROBE, "sweep_probe", "probe", show=False, priority=True)]
    CSS_PATH = str(Path(blogtui.tui.app.__file__).with_name("app.tcss"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.probes = 0
        self.ran: list[tuple[DOMNode, str]] = []
        self.key_log: list[str] = []

    def action_sweep_probe(self) -> None:
        self.probes += 1

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:  # type: ignore[no-untyped-def]
        ran = await super().run_action(action, default_namespace, namespaces)
        if ran and default_namespace is not None:
            self.ran.append((default_namespace, str(action)))
        return ran


class Frozen(Exception):
    """The app stopped answering: the sweep cannot go on."""


@dataclass
class Sweep:
    pilot: Pilot[int]
    dog: Watchdog
    failures: list[str] = field(default_factory=list)
    pressed: int = 0
    log: list[str] = field(default_factory=list)
    swept: set[str] = field(default_factory=set)

    @property
    def app(self) -> SweptApp:
        return self.pilot.app  # type: ignore[return-value]

    async def pause(self) -> None:
        """``pilot.pause()``, bounded: a frozen screen never becomes idle."""
        try:
            await asyncio.wait_for(self.pilot.pause(), 10)
        except TimeoutError:
            raise Frozen("the screen never became idle again") from None

    async def settle(self) -> None:
        await self.pause()
        # an exclusive worker replaced by a newer one ends cancelled: that is not a failure
        # (a failed worker is told by the app, and the probe sees whether it still answers)
        for _ in range(3):
            try:
                await asyncio.wait_for(self.app.workers.wait_for_complete(), 10)
                break
            except WorkerCancelled:
                await self.pause()
        await self.pause()

    async def alive(self, what: str) -> bool:
        """Is the app running and answering a key? Records a failure when not."""
        app = self.app
        if app._exception is not None or not app.is_running:
            self.failures.append(f"{what}: the app ended ({app._exception!r})")
            return False
        stalls = len(self.dog.stalls)
        before = app.probes
        app.post_message(events.Key(PROBE, None))  # as the terminal sends it; answered?
        deadline = time.monotonic() + STALL
        while app.probes == before and time.monotonic() < deadline and app.is_running:
            await asyncio.sleep(0.005)
        if app._exception is not None:
            self.failures.append(f"{what}: the app ended ({app._exception!r})")
            return False
        if app.probes == before:
            self.failures.append(f"{what}: the app no longer answers keys ({STALL:.0f} s)")
            return False
        if len(self.dog.stalls) > stalls:
            self.failures.append(f"{what}: the screen froze for {self.dog.stalls[-1]:.1f} s")
        return True

    async def back_to(self, screen: Screen[object], focus: Widget | None) -> None:
        """Close whatever the last key opened and focus the pane again."""
        app = self.app
        for _ in range(8):
            if app.screen is screen or screen not in app.screen_stack:
                break
            app.pop_screen()
            await self.pause()
        if focus is not None and focus.is_mounted and focus.focusable and app.focused is not focus:
            focus.focus()
            await self.pause()

    def keys_here(self) -> list[tuple[str, DOMNode, Binding]]:
        """Every (key, namespace, binding) active where the focus is, with escape and tab."""
        keys: list[tuple[str, DOMNode, Binding]] = []
        seen: set[str] = set()
        for key, active in self.app.screen.active_bindings.items():
            if active.binding.action in SKIP_ACTIONS or key == PROBE or key in seen:
                continue
            if not declared_by_the_app(active.node):
                continue  # a Textual widget's own editing keys (Input's word motions…)
            if "quit" in active.binding.action:
                continue
            seen.add(key)
            keys.append((key, active.node, active.binding))
        for extra in ("escape", "tab", "ctrl+p"):
            if extra not in seen:
                keys.append((extra, self.app.screen, Binding(extra, "", "")))
        return keys

    async def sweep(self, where: str, focus: Widget | None, depth: int = 0) -> None:
        """Press every key active with ``focus`` focused; sweep a screen or dialog a key opens."""
        app = self.app
        screen = app.screen
        if focus is not None and focus.focusable:
            focus.focus()
            await self.pause()
        for key, _node, _binding in self.keys_here():
            if app.screen is not screen:
                await self.back_to(screen, focus)
            if (type(app.screen).__name__, key) in SKIP_KEYS:
                continue
            disabled = disabled_own_binding(focus, key) if key != "escape" else None
            app.ran.clear()
            self.pressed += 1
            self.log.append(f"{key} in {where}")
            try:
                await asyncio.wait_for(self.pilot.press(key), 10)
                await self.settle()
            except Exception as exc:
                self.failures.append(f"{key} in {where}: {exc!r}")
                return
            if disabled is not None:
                strays = [(n, a) for n, a in app.ran if n is not focus and ours(n, a)]
                if strays:
                    node, action = strays[0]
                    self.failures.append(
                        f"{key} in {where}: its own binding ({disabled}) is off, and the key "
                        f"fell through to {type(node).__name__}.{action}"
                    )
            if not await self.alive(f"{key} in {where}"):
                return
            name = type(app.screen).__name__
            if app.screen is not screen and depth < 1 and name not in self.swept:
                self.swept.add(name)  # each dialog once: its keys do not depend on the opener
                await self.sweep(f"{name} (from {key} in {where})", app.screen.focused, depth + 1)
            if app.screen is not screen:
                await self.back_to(screen, focus)
                if not await self.alive(f"closing what {key} opened in {where}"):
                    return


async def panes(sweep: Sweep) -> list[tuple[str, Widget | None]]:
    """The reader's panes in turn; the comments pane as the user reaches it, with Tab."""
    from blogtui.tui.widgets.comments import CommentsPane
    from blogtui.tui.widgets.postlist import PostList
    from blogtui.tui.widgets.postview import PostView

    app = sweep.app
    found: list[tuple[str, Widget | None]] = []
    for name, cls in (("the list", PostList), ("the post", PostView)):
        hits = app.screen.query(cls)
        found.append((name, hits.first() if hits else None))
    hits = app.screen.query(CommentsPane)
    if hits and hits.first().display:
        pane = hits.first()
        for _ in range(4):
            if app.focused is not None and pane in app.focused.ancestors_with_self:
                found.append(("the comments", app.focused))
                break
            await sweep.pilot.press("tab")
            await sweep.pause()
    return found


async def sweep_reader(
    blog: Path,
    settings: Settings,
    *,
    query: str | None = None,
    open_post: bool = True,
    only: set[str] | None = None,
) -> Sweep:
    app = SweptApp(settings=settings, blog_path=blog)
    try:
        return await asyncio.wait_for(
            _sweep_reader(app, query=query, open_post=open_post, only=only), 240
        )
    except Exception as exc:
        keys = "\n".join(app.key_log[-25:])
        raise AssertionError(f"the app failed after these keys:\n{keys}\n{exc!r}") from exc


async def _sweep_reader(
    app: SweptApp, *, query: str | None, open_post: bool, only: set[str] | None
) -> Sweep:
    async with app.run_test(size=SIZE) as pilot:
        with Watchdog(asyncio.get_running_loop()) as dog:
            sweep = Sweep(pilot, dog, log=app.key_log)
            await sweep.settle()
            if query is not None:
                await pilot.press("slash", *query, "enter")
                await sweep.settle()
            elif open_post:
                await pilot.press("enter")
                await sweep.settle()
            reader = app.screen
            found = await panes(sweep)
            assert only is None or only <= {name for name, _w in found}, found
            for name, widget in found:
                if only is not None and name not in only:
                    continue
                await sweep.back_to(reader, widget)
                await sweep.sweep(name, widget)
                if sweep.failures and not app.is_running:
                    break
            # q still quits at the end, whatever the sweep did
            if app.is_running:
                await sweep.back_to(reader, None)
    return sweep


def report(sweep: Sweep) -> str:
    return f"{sweep.pressed} keys pressed; failures:\n" + "\n".join(sweep.failures)


@pytest.fixture
def hostile_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing the sweep presses may leave the test: no editor, no browser."""
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setenv("VISUAL", "true")
    monkeypatch.setenv("BROWSER", "true")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    dest = tmp_path / "blog"
    shutil.copytree(SAMPLE_BLOG, dest)
    return dest


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    dest = tmp_path / "empty"
    dest.mkdir()
    return dest


@pytest.mark.parametrize("pane", ["the list", "the post", "the comments"])
async def test_sweep_the_sample_blog_with_its_comments(
    sample: Path, hostile_env: None, pane: str
) -> None:
    sweep = await sweep_reader(sample, Settings(), only={pane})
    assert sweep.pressed > 15
    assert not sweep.failures, report(sweep)


async def test_sweep_an_empty_blog(empty: Path, hostile_env: None) -> None:
    sweep = await sweep_reader(empty, Settings(), open_post=False, only={"the list"})
    assert not sweep.failures, report(sweep)


async def test_sweep_a_filter_that_matches_nothing(sample: Path, hostile_env: None) -> None:
    sweep = await sweep_reader(sample, Settings(), query="zzqqxxnothing", only={"the list"})
    assert not sweep.failures, report(sweep)


@pytest.fixture(scope="module")
def isso() -> Iterator[IssoServer]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, IssoServer(Path(tmp)) as server:
        top = server.post(ISSO_KEY, "Which client library do you use?", author="Ann")
        server.post(ISSO_KEY, "The [b]fast[/b] one.", author="Eve", parent=top["id"])
        server.post(ISSO_KEY, "Thanks!", author="Bob")
        yield server


@pytest.mark.integration
async def test_sweep_the_comments_of_a_post_on_isso(
    isso: IssoServer, tmp_path: Path, hostile_env: None
) -> None:
    blog = tmp_path / "blog"
    (blog / "2021-03-04-kafka.md").parent.mkdir(parents=True)
    (blog / "2021-03-04-kafka.md").write_text(
        "---\ntitle: Kafka consumers\ncategory: notes\n---\nKafka body\n", encoding="utf-8"
    )
    settings = Settings(comments={"backend": "isso", "url": isso.url, "timeout": 2})
    sweep = await sweep_reader(blog, settings, only={"the comments"})
    assert sweep.pressed > 10
    assert not sweep.failures, report(sweep)
