"""The editor screen: write a post without ever losing text.

- The buffer is a ``PostTextArea`` (FastTextArea: typing cost independent of the post's length).
- Front matter is validated a moment after typing stops, in a thread, with the ``check`` rules
  (``blogtui.blog.schema``); problems are listed in a panel, and Save is unavailable (footer
  dimmed, ``ctrl+s`` explains why) while there are errors: invalid front matter never reaches disk.
- Saving is atomic (``compose.atomic_write``) and writes the buffer with the file's own line
  endings and BOM. A file changed on disk since it was opened is never silently overwritten.
- Unsaved text is copied to a recovery file every few seconds (``blog.recovery``) and offered back
  when the post is opened after a crash. It is removed after a save or an explicit discard.

``EditorScreen(path, site=..., settings=...)`` dismisses with the path it saved (or None).
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal
from textual.document._document import Document
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, TextArea

from blogtui.blog import compose
from blogtui.blog.recovery import RecoveryStore, digest
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError, parse_text
from blogtui.config import Settings
from blogtui.tui.screens.editor_dialogs import Choice, SaveAs
from blogtui.tui.screens.editor_support import (
    check_text,
    editor_command,
    prepare_body,
    preview_text,
)
from blogtui.tui.widgets.posttextarea import PostTextArea
from blogtui.tui.widgets.postview import PostView
from blogtui.tui.widgets.problems import ProblemsPanel


def _markdown_language() -> str | None:
    """``markdown`` when tree-sitter's Markdown grammar is installed (textual[syntax])."""
    try:
        from textual._tree_sitter import get_language
    except ImportError:  # pragma: no cover
        return None
    return "markdown" if get_language("markdown") is not None else None


# -- palette ----------------------------------------------------------------------------------


class EditorCommands(Provider):
    """The editor's actions in the command palette."""

    COMMANDS = (
        ("Save", "save", "write the post (refused while the front matter has errors)"),
        ("Toggle preview", "toggle_preview", "show the post as the reader renders it"),
        ("Toggle soft wrap", "toggle_wrap", "wrap long lines"),
        ("Edit in $EDITOR", "external_editor", "hand the text to $VISUAL/$EDITOR, then check it"),
        (
            "Rename file to match title",
            "rename_to_title",
            "jekyll-compose rename: the slug follows the title",
        ),
        ("Next problem", "next_problem", "move the cursor to the next front-matter problem"),
    )

    def _screen(self) -> EditorScreen | None:
        return self.screen if isinstance(self.screen, EditorScreen) else None

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for name, action, help_text in self.COMMANDS:
            yield DiscoveryHit(name, partial(screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for name, action, help_text in self.COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(screen.run_action, action),
                    help=help_text,
                )


# -- the screen -------------------------------------------------------------------------------


class EditorScreen(Screen[Path | None]):
    """Edit one post. Dismisses with the path saved during this visit, or None."""

    DEFAULT_CSS = """
    EditorScreen #panes { height: 1fr; }
    EditorScreen PostTextArea { width: 1fr; height: 1fr; }
    EditorScreen #preview { width: 1fr; height: 1fr; display: none; border-left: solid $primary; }
    EditorScreen.-preview #preview { display: block; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("ctrl+r", "toggle_preview", "Preview", id="editor.preview"),
        Binding("alt+z", "toggle_wrap", "Wrap", id="editor.wrap"),
        Binding("ctrl+o", "external_editor", "$EDITOR", id="editor.external"),
        Binding("f2", "rename_to_title", "Rename", id="editor.rename"),
        Binding("f8", "next_problem", "Next problem", id="editor.next_problem"),
        Binding(
            "escape", "close", "Close", id="editor.close", priority=True
        ),  # TextArea would take it
    ]
    COMMANDS = {EditorCommands}

    #: seconds after the last keystroke before the front matter is checked / the preview redrawn
    VALIDATE_DELAY = 0.3
    PREVIEW_DELAY = 0.6
    #: seconds between recovery copies of an unsaved buffer (and checks for changes on disk)
    RECOVERY_INTERVAL = 3.0

    class Saved(Message):
        """The post was written to ``path`` (the app refreshes its index)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class _Loaded(Message):
        def __init__(
            self,
            text: str | None,
            encoding: compose.Encoded | None,
            disk_digest: str | None,
            error: str | None,
            recovery: Any,
        ) -> None:
            super().__init__()
            self.text, self.encoding, self.disk_digest, self.error, self.recovery = (
                text,
                encoding,
                disk_digest,
                error,
                recovery,
            )

    class _Validated(Message):
        def __init__(self, version: int, problems: list[Any]) -> None:
            super().__init__()
            self.version, self.problems = version, problems

    class _PreviewReady(Message):
        def __init__(self, markdown: str, whole: bool) -> None:
            super().__init__()
            self.markdown, self.whole = markdown, whole

    def __init__(
        self,
        path: Path,
        *,
        site: Site,
        settings: Settings,
        create: bool = False,
        external: bool = False,
    ) -> None:
        """``create``: the app just made this post (``n``): the cursor starts at the end, and leaving
        it untouched asks whether to keep the empty post. ``external``: hand the text to
        $VISUAL/$EDITOR at once (the reader's ``E``); the editor then shows its problems.
        """
        super().__init__()
        self.path = Path(path)
        self.site = site
        self.settings = settings
        self.create = create
        self.external = external
        self._created_digest: str | None = None
        self.store = RecoveryStore(settings.data_dir)
        self.problems: list[Any] = []
        self.loaded = False
        self._encoding = compose.Encoded(False, "\n")
        self._saved_text = ""
        self._disk_digest: str | None = None
        self._disk_stamp: tuple[int, int] | None = None
        self._changed_on_disk_noticed = False
        self._saved_path: Path | None = None
        self._version = 0  # edits since load
        self._recovered_version = 0
        self._validate_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._recovery_pending = False

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield PostTextArea(
                "",
                language=_markdown_language(),
                soft_wrap=True,
                show_line_numbers=True,
                tab_behavior="indent",
                read_only=True,  # until the file is loaded
                id="buffer",
            )
            yield PostView(id="preview")
        yield ProblemsPanel(id="problems")
        yield Footer()

    @property
    def area(self) -> PostTextArea:
        return self.query_one("#buffer", PostTextArea)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def dirty(self) -> bool:
        """Unsaved changes in the buffer (exact: compares the text)."""
        return self.loaded and self.area.text != self._saved_text

    def on_mount(self) -> None:
        self.title = self.path.name
        self.sub_title = "loading…"
        self._load()
        self._load_completions()
        self.set_interval(self.RECOVERY_INTERVAL, self._tick)

    # -- loading ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            self.post_message(
                self._Loaded(
                    None, None, None, f"cannot open {self.path}: {exc.strerror or exc}", None
                )
            )
            return
        from blogtui.blog.source import decode

        try:
            text, bom = decode(data)
        except SourceError as exc:
            self.post_message(
                self._Loaded(
                    None,
                    None,
                    None,
                    f"{self.path.name}: {exc.message} — not opened in the editor",
                    None,
                )
            )
            return
        encoding = compose.Encoded(bom, compose.detect_newline(text))
        self.post_message(
            self._Loaded(text, encoding, digest(data), None, self.store.load(self.path))
        )

    @on(_Loaded)
    async def _loaded(self, message: _Loaded) -> None:
        if message.error is not None or message.text is None or message.encoding is None:
            self.notify(message.error or "cannot open the post", severity="error", markup=False)
            self.dismiss(None)
            return
        area = self.area
        text = message.text
        self._encoding = message.encoding
        area.load_text(text)
        area.read_only = False
        self._saved_text = area.text
        self._disk_digest = message.disk_digest
        self._disk_stamp = self._stamp()
        self.loaded = True
        self.sub_title = ""
        if self._saved_text != text:
            self.notify(
                "This file mixes line endings or uses unusual line separators; saving will write "
                f"{'CRLF' if self._encoding.newline == chr(13) + chr(10) else 'LF'} line endings throughout.",
                severity="warning",
                timeout=8,
            )
        area.focus()
        if self.create:
            self._created_digest = self._created_digest or message.disk_digest
            area.move_cursor(area.document.end)
        self._schedule_validation(0)
        recovery = message.recovery
        if recovery is not None:
            if recovery.text == self._saved_text:
                await asyncio.to_thread(self.store.discard, self.path)
            else:
                self._recovery_pending = True  # the copy is not touched until the user answers
                self._offer_recovery(recovery)
                return
        if self.external:
            self.external = False
            self._external_editor()

    @work(exclusive=True, group="dialog")
    async def _offer_recovery(self, recovery: Any) -> None:
        when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        changed = recovery.base_digest is not None and recovery.base_digest != self._disk_digest
        note = "\nThe file on disk has changed since then." if changed else ""
        choice = await self.app.push_screen_wait(
            Choice(
                "Unsaved changes found",
                f"{self.path.name} has unsaved changes from {when} (blogtui did not exit cleanly).{note}\n"
                "Restore them into the editor? (Nothing is written to the post until you save.)",
                [("restore", "Restore", "primary"), ("discard", "Discard them", "error")],
            )
        )
        self._recovery_pending = False
        if choice != "discard":  # restoring changes only the buffer (undoable): the safe answer
            area = self.area
            area.replace(recovery.text, area.document.start, area.document.end)  # undoable
            self.notify("Unsaved changes restored; save with ctrl+s.")
        else:
            await asyncio.to_thread(self.store.discard, self.path)

    @work(thread=True, exclusive=True, group="completions", exit_on_error=False)
    def _load_completions(self) -> None:
        from blogtui.blog.index import load_index

        try:
            index = load_index(self.site, self.settings.cache_dir)
        except Exception:  # completion is a nicety; never an error for the author
            return
        cats = [c for c, _n in sorted(index.categories().items(), key=lambda kv: (-kv[1], kv[0]))]
        tags = [t for t, _n in sorted(index.tags().items(), key=lambda kv: (-kv[1], kv[0]))]
        self.app.call_from_thread(self.area.set_completions, cats, tags)
        self.app.call_from_thread(setattr, self, "_preview_index", index)  # preview's post links

    # -- typing: debounced validation and preview ---------------------------------------------
    @on(TextArea.Changed, "#buffer")
    def _changed(self, event: TextArea.Changed) -> None:
        if not self.loaded:
            return
        self._version += 1
        self._schedule_validation(self.VALIDATE_DELAY)
        if self.has_class("-preview"):
            self._schedule_preview(self.PREVIEW_DELAY)

    def _schedule_validation(self, delay: float) -> None:
        if self._validate_timer is not None:
            self._validate_timer.stop()
            self._validate_timer = None
        if delay <= 0:
            self.call_later(self._start_validation)
        else:
            self._validate_timer = self.set_timer(delay, self._start_validation)

    def _start_validation(self) -> None:
        self._validate(self._version, self.area.text, self.path)

    @work(thread=True, exclusive=True, group="validate", exit_on_error=False)
    def _validate(self, version: int, text: str, path: Path) -> None:
        self.post_message(
            self._Validated(version, check_text(text, path, self.site, self.settings))
        )

    @on(_Validated)
    def _validated(self, message: _Validated) -> None:
        if message.version != self._version:
            return  # stale: a newer check is on its way
        self._show_problems(message.problems)

    def _show_problems(self, problems: list[Any]) -> None:
        """Update the panel and the footer only when something changed (both cost a layout)."""
        problems = sorted(problems, key=lambda p: (p.line, p.column))
        if problems == self.problems:
            return
        had_errors = self.has_errors
        self.problems = problems
        self.query_one(ProblemsPanel).show(self.problems)
        if self.has_errors != had_errors:
            self.refresh_bindings()

    def _schedule_preview(self, delay: float) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if delay <= 0:
            self.call_later(self._start_preview)
        else:
            self._preview_timer = self.set_timer(delay, self._start_preview)

    def _start_preview(self) -> None:
        self._render_preview(self.area.text, self.area.cursor_location[0])

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _render_preview(self, text: str, cursor_row: int) -> None:
        body, whole = preview_text(text, cursor_row)
        index = getattr(self, "_preview_index", None)
        markdown = prepare_body(body, text, self.site, self.path, index)
        self.post_message(self._PreviewReady(markdown, whole))

    @on(_PreviewReady)
    def _preview_ready(self, message: _PreviewReady) -> None:
        view = self.query_one(PostView)
        if not message.whole:  # a window around the cursor: show it from its top
            view.show_markdown(message.markdown, source=str(self.path))
            return
        try:  # the Line-API PostView keeps the reader's place itself
            view.show_markdown(message.markdown, source=str(self.path), keep_position=True)  # type: ignore[call-arg]
        except TypeError:  # the placeholder PostView: put the scroll position back ourselves
            y = view.scroll_y
            view.show_markdown(message.markdown, source=str(self.path))
            view.call_after_refresh(view.scroll_to, y=y, animate=False)

    # -- actions --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return None if (self.has_errors or not self.loaded) else True
        if action == "rename_to_title":
            return None if (self.has_errors or not self.loaded) else True
        return True

    def on_key(self, event: Any) -> None:
        """``ctrl+s`` while Save is unavailable still says why (the binding itself is disabled)."""
        if event.key == "ctrl+s" and self.has_errors:
            event.stop()
            self._refuse_save(self.problems)

    def _refuse_save(self, problems: Iterable[Any]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        self.notify(
            f"Not saved: line {first.line}: {first.message}{more}. The file on disk is unchanged.",
            title="Front matter has errors",
            severity="error",
            markup=False,
        )

    def action_toggle_preview(self) -> None:
        self.toggle_class("-preview")
        if self.has_class("-preview"):
            self._schedule_preview(0)

    def action_toggle_wrap(self) -> None:
        self.area.soft_wrap = not self.area.soft_wrap

    def action_next_problem(self) -> None:
        if not self.problems:
            self.notify("No problems in the front matter.")
            return
        row = self.area.cursor_location[0]
        after = [p for p in self.problems if p.line - 1 > row]
        self._goto_problem((after or self.problems)[0])

    @on(ProblemsPanel.Selected)
    def _problem_selected(self, message: ProblemsPanel.Selected) -> None:
        self._goto_problem(message.problem)

    def _goto_problem(self, problem: Any) -> None:
        area = self.area
        row = max(0, min(problem.line - 1, area.document.line_count - 1))
        column = max(0, min(problem.column - 1, len(area.document[row])))
        area.move_cursor((row, column), center=True)
        area.focus()

    def action_save(self) -> None:
        self._save()

    @work(exclusive=True, group="save")
    async def _save(self, then_close: bool = False) -> bool:
        if not self.loaded:
            return False
        text = self.area.text
        problems = await asyncio.to_thread(check_text, text, self.path, self.site, self.settings)
        if text == self.area.text:
            self._version += 1  # this result is the freshest
            self._show_problems(problems)
        if any(p.severity == "error" for p in problems):
            self._refuse_save(problems)
            return False
        target = self.path
        exclusive = False
        if await asyncio.to_thread(self._disk_changed):
            choice = await self.app.push_screen_wait(
                Choice(
                    "The file changed on disk",
                    f"{self.path} was changed (or removed) by another program since you opened it.\n"
                    "Overwrite it with your text, reload it (your edits are lost), or save your text as a new file?",
                    [
                        ("overwrite", "Overwrite", "error"),
                        ("reload", "Reload…", "warning"),
                        ("saveas", "Save as…", "primary"),
                        ("cancel", "Cancel", "default"),
                    ],
                    default="cancel",
                )
            )
            if choice == "reload":
                await self._reload_from_disk()
                return False
            if choice == "saveas":
                new_path = await self.app.push_screen_wait(
                    SaveAs(self.path.parent, self._save_as_suggestion())
                )
                if new_path is None:
                    return False
                target, exclusive = new_path, True
            elif choice != "overwrite":
                return False
        data = self._encoding.encode(text)
        try:
            await asyncio.to_thread(self._write, target, data, exclusive)
        except FileExistsError:
            self.notify(
                f"{target} exists; not replaced. Nothing saved.", severity="error", markup=False
            )
            return False
        except OSError as exc:
            await self._write_recovery(force=True)
            self.notify(
                f"Not saved: {exc.strerror or exc}. Your text is kept here and in a recovery copy.",
                title="Save failed",
                severity="error",
                markup=False,
            )
            return False
        if target != self.path:
            await asyncio.to_thread(self.store.discard, self.path)
            self.path = target
            self.title = target.name
        self._saved_text = text
        self._disk_digest = digest(data)
        self._disk_stamp = self._stamp()
        self._changed_on_disk_noticed = False
        self._saved_path = target
        await asyncio.to_thread(self.store.discard, target)
        self._recovered_version = self._version
        self.sub_title = ""
        self.notify(f"Saved {target.name}", markup=False)
        self.post_message(self.Saved(target))
        if then_close:
            self.dismiss(self._saved_path)
        return True

    def _write(self, target: Path, data: bytes, exclusive: bool) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        compose.atomic_write(target, data, exclusive=exclusive)

    def _save_as_suggestion(self) -> str:
        stem, suffix = self.path.stem, self.path.suffix or ".md"
        for n in range(1, 100):
            candidate = f"{stem}-{n}{suffix}"
            if not (self.path.parent / candidate).exists():
                return candidate
        return f"{stem}-copy{suffix}"

    async def _reload_from_disk(self) -> None:
        sure = await self.app.push_screen_wait(
            Choice(
                "Discard your edits?",
                "Reloading replaces the editor's text with the file on disk. Your unsaved edits will be lost.",
                [
                    ("discard", "Discard my edits and reload", "error"),
                    ("cancel", "Keep my edits", "primary"),
                ],
                default="cancel",
            )
        )
        if sure != "discard":
            return
        await asyncio.to_thread(self.store.discard, self.path)
        self.loaded = False
        self.area.read_only = True
        self._load()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _disk_changed(self) -> bool:
        """Whether the file's bytes differ from what was loaded or last saved (runs in a thread)."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return True  # removed or unreadable: ask before writing
        return digest(data) != self._disk_digest

    # -- recovery copies and disk watching ---------------------------------------------------
    async def _tick(self) -> None:
        if not self.loaded:
            return
        await self._write_recovery()
        stamp = await asyncio.to_thread(self._stamp)
        if stamp != self._disk_stamp and not self._changed_on_disk_noticed:
            if await asyncio.to_thread(self._disk_changed):
                self._changed_on_disk_noticed = True
                self.notify(
                    f"{self.path.name} changed on disk. Saving will ask whether to overwrite, reload or save as.",
                    severity="warning",
                    markup=False,
                )
            else:
                self._disk_stamp = stamp

    async def _write_recovery(self, force: bool = False) -> None:
        if self._recovery_pending or (self._version == self._recovered_version and not force):
            return
        version = self._version
        text = self.area.text
        try:
            if text == self._saved_text:
                await asyncio.to_thread(self.store.discard, self.path)
            else:
                await asyncio.to_thread(
                    self.store.save, self.path, text, base_digest=self._disk_digest
                )
        except OSError as exc:
            self.notify(
                f"Could not write the recovery copy: {exc.strerror or exc}",
                severity="warning",
                markup=False,
            )
            return
        self._recovered_version = version

    # -- leaving -------------------------------------------------------------------------------
    def action_close(self) -> None:
        self._close()

    @work(exclusive=True, group="dialog")
    async def _close(self) -> None:
        if not self.dirty:
            if self.create and self._saved_path is None and self._created_digest is not None:
                await self._offer_to_delete_untouched_post()
            self.dismiss(self._saved_path)
            return
        choice = await self.app.push_screen_wait(
            Choice(
                "Unsaved changes",
                f"{self.path.name} has unsaved changes.",
                [
                    ("save", "Save", "primary"),
                    ("discard", "Discard changes", "error"),
                    ("cancel", "Keep editing", "default"),
                ],
                default="save" if not self.has_errors else "cancel",
            )
        )
        if choice == "save":
            self._save(then_close=True)
        elif choice == "discard":
            await asyncio.to_thread(self.store.discard, self.path)
            self.dismiss(self._saved_path)

    async def _offer_to_delete_untouched_post(self) -> None:
        """A post made with ``n`` and left as created: keep it or remove it (nothing else is lost)."""
        if await asyncio.to_thread(self._disk_changed_from, self._created_digest):
            return
        choice = await self.app.push_screen_wait(
            Choice(
                "Keep the new post?",
                f"{self.path.name} was created but nothing was written in it.",
                [("keep", "Keep it", "primary"), ("delete", "Delete it", "error")],
            )
        )
        if choice == "delete":
            await asyncio.to_thread(_unlink, self.path)

    def _disk_changed_from(self, expected: str | None) -> bool:
        try:
            return digest(self.path.read_bytes()) != expected
        except OSError:
            return True

    # -- rename and external editor -----------------------------------------------------------
    def action_rename_to_title(self) -> None:
        self._rename_to_title()

    @work(exclusive=True, group="dialog")
    async def _rename_to_title(self) -> None:
        if self.dirty:
            self.notify("Save first, then rename.", severity="warning")
            return
        try:
            _s, metadata = parse_text(self.area.text)
        except SourceError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        title = metadata.get("title")
        if not isinstance(title, str) or not title.strip():
            self.notify("The post has no title to name the file after.", severity="warning")
            return
        dest = compose.path_for_title(self.path, title)
        if dest == self.path:
            self.notify("The file name already matches the title.")
            return
        choice = await self.app.push_screen_wait(
            Choice(
                "Rename the file?",
                f"{self.path.name} → {dest.name}",
                [("rename", "Rename", "primary"), ("cancel", "Cancel", "default")],
            )
        )
        if choice != "rename":
            return
        try:
            new_path = await asyncio.to_thread(compose.rename, self.path, title, update_title=False)
        except compose.ComposeError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.path = new_path
        self.title = new_path.name
        self._saved_path = new_path
        self._disk_stamp = self._stamp()
        self.post_message(self.Saved(new_path))
        self.notify(f"Renamed to {new_path.name}", markup=False)

    def action_external_editor(self) -> None:
        self._external_editor()

    @work(exclusive=True, group="dialog")
    async def _external_editor(self) -> None:
        """git-commit style: the buffer goes to a file in the data dir, $EDITOR edits it, it comes back.

        The post itself is only written by ctrl+s, after the rules pass.
        """
        folder = self.settings.data_dir / "editing"
        scratch = folder / self.path.name
        text = self.area.text
        await asyncio.to_thread(self._write_scratch, folder, scratch, self._encoding.encode(text))
        command = [*editor_command(self.settings), str(scratch)]
        try:
            if self.app.is_headless:  # no terminal to hand over (tests, headless runs)
                code = await asyncio.to_thread(_run_editor, command)
            else:
                with self.app.suspend():
                    code = _run_editor(command)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an external editor.", severity="error")
            return
        except OSError as exc:
            self.notify(
                f"Could not run {command[0]}: {exc.strerror or exc}", severity="error", markup=False
            )
            return
        if code != 0:
            self.notify(
                f"{command[0]} exited with status {code}; the text was not taken back.",
                severity="warning",
                markup=False,
            )
            return
        from blogtui.blog.source import decode

        try:
            new_text, _bom = decode(await asyncio.to_thread(scratch.read_bytes))
        except (OSError, SourceError) as exc:
            self.notify(
                f"Could not read the edited text back: {getattr(exc, 'message', exc)}",
                severity="error",
                markup=False,
            )
            return
        new_text = Document(new_text).text  # the buffer's line-ending rules
        area = self.area
        if new_text != area.text:
            area.replace(new_text, area.document.start, area.document.end)
        await asyncio.to_thread(_unlink, scratch)
        problems = await asyncio.to_thread(
            check_text, area.text, self.path, self.site, self.settings
        )
        self._version += 1
        self._show_problems(problems)
        errors = sum(1 for p in problems if p.severity == "error")
        self.notify(
            f"Back from {command[0]}: {errors} error(s), {len(problems) - errors} warning(s)."
            + (" Save with ctrl+s." if self.dirty else ""),
            severity="error" if errors else "information",
            markup=False,
        )

    @staticmethod
    def _write_scratch(folder: Path, scratch: Path, data: bytes) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        compose.atomic_write(scratch, data)


def _run_editor(command: list[str]) -> int:
    return subprocess.call(command)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


__all__ = ["EditorCommands", "EditorScreen"]
