"""The Textual App: builds core services from Settings and hosts the screens."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.worker import NoActiveWorker, Worker, WorkerState, get_current_worker

from blogtui.blog.index import Index, load_index
from blogtui.blog.index_snapshot import SnapshotLoad
from blogtui.blog.site import Site, open_site
from blogtui.config import Settings
from blogtui.safe import one_line
from blogtui.tui.commands import PostsProvider
from blogtui.tui.screens.reader import ReaderScreen
from blogtui.tui.services import ReaderServices

STYLESHEET = Path(__file__).with_name("app.tcss")
"""The app's one stylesheet: every widget's rules live there (no DEFAULT_CSS); an app of tests or
benchmarks that mounts blogtui widgets sets ``CSS_PATH = STYLESHEET`` to look like blogtui."""

#: Screens/widgets defined elsewhere (e.g. the editor) register here so [keys] can remap them.
EXTRA_BINDING_CLASSES: list[type] = []


class BlogApp(App[int]):
    """blogtui's terminal UI."""

    TITLE = "blogtui"
    CSS_PATH = STYLESHEET
    COMMANDS = App.COMMANDS | {PostsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", show=False, id="app.palette"),
    ]

    def __init__(self, settings: Settings, blog_path: Path, *, site: Site | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.blog_path = blog_path
        self.site = site or open_site(blog_path).with_overrides(**settings.site)
        self._wanted_theme = settings.theme
        #: the index the cache last held, read in a thread from now on (the first paint)
        self._snapshot = SnapshotLoad(self.site, settings.cache_dir)
        #: what the reader is given (typed), built once: the comments pane's layout in its
        #: ``memory`` is kept for this run of the app across reader screens
        self.services = ReaderServices(
            settings=settings,
            site=self.site,
            blog_path=blog_path,
            build_index=lambda: self.build_index(),  # late bound: a test may replace them
            cached_index=lambda timeout: self.cached_index(timeout),
            describe_bindings=self.describe_bindings,
        )

    def on_mount(self) -> None:
        if self.settings.keys:
            self.apply_keymap(self.settings.keys)
        if self._wanted_theme:
            if self._wanted_theme in self.available_themes:
                self.theme = self._wanted_theme
            else:
                self.notify(
                    f"Unknown theme “{one_line(self._wanted_theme)}” in config; using the default.",
                    severity="warning",
                    markup=False,
                )
        for problem in self.settings.problems:
            self.notify(
                one_line(str(problem)),
                title="config.toml",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.install_screen(ReaderScreen(self.services), "reader")
        self.push_screen("reader")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.tell_worker_failed(event.worker)

    def tell_worker_failed(self, worker: Worker[object]) -> None:
        """The one place a failed worker is told (see blogtui.tui.workers): the node that
        started it may say it in place (``worker_failed`` returns True), else a notification."""
        reason = one_line(f"{type(worker.error).__name__}: {worker.error}")[:200]
        told = getattr(worker.node, "worker_failed", None)
        if callable(told) and told(worker, reason):
            return
        what = worker.description or worker.name or "a background task"
        self.notify(
            f"{one_line(what)[:60]} failed: {reason}",
            severity="error",
            timeout=10,
            markup=False,
        )

    # services for the screens (run in workers) ---------------------------------------------
    def build_index(self) -> Index:
        """The scan, in a worker's thread: it stops when that worker is cancelled (the app
        quits; asyncio would wait for the thread at exit), raising ScanStopped to nobody."""
        try:
            worker = get_current_worker()
        except NoActiveWorker:
            return load_index(self.site, self.settings.cache_dir)
        return load_index(self.site, self.settings.cache_dir, stop=lambda: worker.is_cancelled)

    def cached_index(self, timeout: float | None = None) -> Index | None:
        """The index the cache last held, without a stat of any file (the first paint): read
        in a thread since the app was made; waits at most ``timeout`` seconds for it. Given
        once (then ``None``)."""
        return self._snapshot.result(timeout)

    # keys ------------------------------------------------------------------------------------
    def known_binding_ids(self) -> set[str]:
        """Every binding id a user can remap under [keys] (app, screens, widgets)."""
        from textual.binding import Binding as _B

        from blogtui.tui.screens import choice, dialogs
        from blogtui.tui.screens.reply import ReplyScreen
        from blogtui.tui.widgets.comments import CommentsPane
        from blogtui.tui.widgets.postlist import PostList
        from blogtui.tui.widgets.postview import PostView

        classes: list[type] = [
            BlogApp,
            ReaderScreen,
            PostList,
            PostView,
            choice.Confirm,
            choice.LinkChoice,
            dialogs.TocScreen,
            dialogs.HelpScreen,
        ]
        classes += [CommentsPane, ReplyScreen]
        from blogtui.tui.screens.choice import Choice
        from blogtui.tui.screens.editor import EditorScreen
        from blogtui.tui.screens.editor_dialogs import SaveAs
        from blogtui.tui.screens.reader_authoring import NewPostScreen

        classes += [EditorScreen, Choice, SaveAs, NewPostScreen]
        from blogtui.tui.screens.search import SearchScreen

        classes.append(SearchScreen)
        classes += list(EXTRA_BINDING_CLASSES)
        ids: set[str] = set()
        for cls in classes:
            for klass in cls.__mro__:
                for b in klass.__dict__.get("BINDINGS", []):
                    if isinstance(b, _B) and b.id:
                        ids.add(b.id)
        return ids

    def apply_keymap(self, keys: dict[str, str]) -> None:
        known = self.known_binding_ids()
        good = {}
        for ident, value in keys.items():
            if ident in known:
                good[ident] = value
                continue
            line = self.settings.key_lines.get(ident, 0)
            where = f"{self.settings.config_file}:{line}: " if self.settings.config_file else ""
            import difflib

            close = difflib.get_close_matches(ident, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (press ? to see the ids)"
            self.notify(
                one_line(f"{where}unknown binding id '{ident}' in [keys]{hint}"),
                title="config.toml",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if good:
            self.set_keymap(good)

    def describe_bindings(
        self, nodes: Sequence[DOMNode | tuple[str, DOMNode]]
    ) -> list[tuple[str, str, str]]:
        """(keys, description, id) for every binding of ``nodes``, after the user's keymap, keys
        named as the footer names them (``]``, not ``right_square_bracket``). A ``(title, node)``
        starts a group: a row ("", title, "")."""
        rows: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        keymap = getattr(self, "_keymap", {})
        for entry in nodes:
            title, node = entry if isinstance(entry, tuple) else ("", entry)
            if title:
                rows.append(("", title, ""))
            bindings = node._bindings.copy()
            if keymap:
                bindings.apply_keymap(keymap)
            by_id: dict[str, tuple[list[str], Binding]] = {}
            for key, key_bindings in bindings.key_to_bindings.items():
                for b in key_bindings:
                    ident = b.id or f"{type(node).__name__}.{b.action}"
                    by_id.setdefault(ident, ([], b))[0].append(_key_label(key, b, self))
            for ident, (keys, b) in by_id.items():
                if ident in seen or not (b.description or b.id):
                    continue
                seen.add(ident)
                rows.append((", ".join(dict.fromkeys(keys)), b.description or b.action, b.id or ""))
        return rows

    def unsaved_work(self) -> list[str]:
        """What would be lost by quitting now: editors with unsaved text, replies being written."""
        lost = []
        for screen in self.screen_stack:
            if getattr(screen, "dirty", False):
                lost.append(f"Unsaved changes in {getattr(screen, 'path', 'the editor')}")
            guard = getattr(screen, "unsaved_work", None)  # a screen may say what it holds
            reason = guard() if callable(guard) else None
            if reason:
                lost.append(reason)
        return lost

    async def action_quit(self) -> None:
        """Quit; with unsaved text anywhere, ask first and write recovery copies before leaving."""
        self._ask_before_quitting()

    @work(exclusive=True, group="quit", exit_on_error=False)
    async def _ask_before_quitting(self) -> None:
        lost = self.unsaved_work()
        if lost:
            from blogtui.tui.screens.choice import Confirm

            question = (
                "Quit anyway? A recovery copy is kept and offered next time.\n\n"
                + "\n".join(one_line(x) for x in lost)
            )
            if await self.push_screen_wait(Confirm(question, yes="Quit", no="Stay")) != "yes":
                return
            for screen in self.screen_stack:
                writer = getattr(screen, "_write_recovery", None)
                if writer is not None and getattr(screen, "dirty", False):
                    await writer(force=True)
        self.exit()

    def action_help(self) -> None:
        screen = self.screen
        if hasattr(screen, "action_help"):
            screen.action_help()  # type: ignore[union-attr]


def _key_label(key: str, binding: Binding, app: App[Any]) -> str:
    """A key as a user reads it: Textual's own display names (``]``, ``^p``), ``esc``."""
    if binding.key_display:
        return binding.key_display
    names = {"space": "space", "escape": "esc"}
    return names.get(key) or app.get_key_display(Binding(key, binding.action))
