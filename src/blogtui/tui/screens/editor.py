"""The editor screen: write a post without ever losing text.

- The buffer is a ``PostTextArea`` (FastTextArea: typing cost independent of the post's length;
  control characters drawn as pictures, never sent to the terminal).
- The post is read and parsed off the event loop ("Opening …"); keys meanwhile are dropped.
- Front matter is validated a moment after typing stops, in a thread, with the ``check`` rules;
  problems are listed in a panel, and Save is unavailable while there are errors. A save that
  removes the front matter asks first.
- The disk side (reading, saving atomically and through symlinks, changes on disk, recovery
  copies, $EDITOR) is the core's ``blog.editsession.EditSession``; this screen draws and asks.

``EditorScreen(path, site=..., settings=...)`` dismisses with the path it saved (or None).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea
from textual.worker import Worker

from blogtui.blog.editsession import EditSession, Opened, OpenError
from blogtui.blog.index import Index
from blogtui.blog.site import Site
from blogtui.config import Settings
from blogtui.safe import one_line, strip_controls
from blogtui.tui.screens import editor_dialogs as ask
from blogtui.tui.screens.editor_commands import EditorCommands
from blogtui.tui.screens.editor_flows import (
    edit_externally,
    offer_recovery,
    offer_to_delete_untouched,
    rename_to_title,
    where_to_save,
)
from blogtui.tui.screens.editor_support import check_text
from blogtui.tui.widgets.editorpreview import EditorPreview
from blogtui.tui.widgets.editorstatus import EditorStatus
from blogtui.tui.widgets.fasttextarea import HIGHLIGHT_LIMIT, LONG_LINE, longest_line
from blogtui.tui.widgets.footer import FittingFooter
from blogtui.tui.widgets.posttextarea import PostTextArea, markdown_language
from blogtui.tui.widgets.problems import ProblemsPanel
from blogtui.tui.workers import TellsFailedWorkers, in_daemon_thread


class EditorScreen(TellsFailedWorkers, Screen[Path | None]):
    """Edit one post. Dismisses with the path saved during this visit, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("ctrl+r", "toggle_preview", "Preview", id="editor.preview"),
        Binding("alt+z", "toggle_wrap", "Wrap", id="editor.wrap"),
        Binding("ctrl+o", "external_editor", "$EDITOR", id="editor.external"),
        Binding("f2", "rename_to_title", "Rename", id="editor.rename"),
        Binding("f8", "next_problem", "Next problem", id="editor.next_problem"),
        Binding("escape", "close", "Close", id="editor.close", priority=True),  # not TextArea's
    ]
    COMMANDS = {EditorCommands}

    #: seconds after the last keystroke before the front matter is checked / the preview redrawn
    VALIDATE_DELAY = 0.3
    PREVIEW_DELAY = 0.6
    RECOVERY_INTERVAL = 3.0  # seconds between recovery copies (and checks of the disk)

    class Saved(Message):
        """The post was written to ``path`` (the app refreshes its index)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class _Loaded(Message):
        def __init__(self, opened: Opened | OpenError, document: Any, long_lines: bool) -> None:
            super().__init__()
            self.opened, self.document, self.long_lines = opened, document, long_lines

    class _Validated(Message):
        def __init__(self, version: int, problems: list[Any]) -> None:
            super().__init__()
            self.version, self.problems = version, problems

    def __init__(
        self,
        path: Path,
        *,
        site: Site,
        settings: Settings,
        create: bool = False,
        external: bool = False,
        index: Index | None = None,
    ) -> None:
        """``create``: the app just made this post (``n``): the cursor starts at the end, and leaving
        it untouched asks whether to keep the empty post. ``external``: hand the text to
        $VISUAL/$EDITOR at once (the reader's ``E``); the editor then shows its problems.
        ``index``: the reader's, for the preview's links to other posts."""
        super().__init__()
        self.session = EditSession(path, settings.data_dir)
        self.site, self.settings, self.index = site, settings, index
        self.create, self.external = create, external
        self._created_digest: str | None = None
        self.problems: list[Any] = []
        self.loaded = self._changed_on_disk_noticed = self._recovery_pending = False
        self._saved_path: Path | None = None
        self._version = self._recovered_version = 0  # edits since load; the last one copied
        self._validate_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._modified = False  # set on every edit; made exact when the text is next checked

    @property
    def path(self) -> Path:
        return self.session.path

    @property
    def _shown_name(self) -> str:
        return one_line(self.path.name)

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Text(f"Opening {self._shown_name}…  (Esc cancels)"), id="opening")
        with Horizontal(id="panes"):
            yield PostTextArea(
                "",
                language=markdown_language(),
                soft_wrap=True,
                show_line_numbers=True,
                tab_behavior="indent",
                read_only=True,  # until the file is loaded
                id="buffer",
            )
            yield EditorPreview(id="preview")
        yield ProblemsPanel(id="problems")
        yield EditorStatus(id="status")
        yield FittingFooter(order=("save", "close", "preview", "next_problem", "external_editor"))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast of the editor names files and quotes errors: controls stripped, no markup."""
        message, title = strip_controls(message), one_line(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    @property
    def area(self) -> PostTextArea:
        return self.query_one("#buffer", PostTextArea)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def dirty(self) -> bool:
        """Unsaved changes in the buffer (exact: compares the text)."""
        return self.loaded and self.area.text != self.session.saved_text

    def on_mount(self) -> None:
        self.title = self._shown_name
        self.sub_title = "opening…"
        self.add_class("-opening")
        self._load()
        self.area.load_completions(self.site, self.settings.cache_dir)
        self.set_interval(self.RECOVERY_INTERVAL, self._tick)

    # -- loading ------------------------------------------------------------------------------
    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self) -> None:
        """Read and parse the post in a thread quitting does not wait for; Esc drops the result."""
        self.post_message(self._Loaded(*await in_daemon_thread(self._read)))

    def _read(self) -> tuple[Opened | OpenError, Any, bool]:
        opened = self.session.open()
        if not isinstance(opened, Opened):
            return opened, None, False
        long_lines = longest_line(opened.text) > LONG_LINE
        return opened, self.area.prepare_document(opened.text), long_lines

    def worker_failed(self, worker: Worker[Any], reason: str) -> bool:
        """A post that fails to open closes the editor, saying why (the file is untouched)."""
        if worker.group != "load" or self.loaded:
            return False  # told as a notification; the buffer stays as it is
        self.notify(f"Could not open {self._shown_name}: {reason}", severity="error")
        self.dismiss(None)
        return True

    @on(_Loaded)
    async def _loaded(self, message: _Loaded) -> None:
        opened = message.opened
        if isinstance(opened, OpenError):
            self.notify(opened.message, severity="error")
            self.dismiss(None)
            return
        area = self.area
        if message.long_lines and area.soft_wrap:  # each wrapped row would re-divide the line
            area.soft_wrap = False
            self.notify(f"Lines over {LONG_LINE:,} characters: soft wrap is off.", timeout=6)
        if len(opened.text) > HIGHLIGHT_LIMIT and area.language:
            self.notify("A big post: shown without syntax highlighting.", timeout=6)
        area.load_document(message.document)
        self.session.opened(area.text, opened)
        self.loaded, self._modified = True, False
        self.sub_title = ""
        self.remove_class("-opening")
        area.read_only = False
        # Keys pressed while the post was opening were meant for nothing: never typed into it.
        area.ignore_keys_before(get_time())
        if self.session.saved_text != opened.text:
            crlf = self.session.encoding.newline == "\r\n"
            self.notify(
                "This file mixes line endings or uses unusual line separators; saving will write "
                f"{'CRLF' if crlf else 'LF'} line endings throughout.",
                severity="warning",
                timeout=8,
            )
        area.focus()
        if self.create:
            self._created_digest = self._created_digest or opened.disk_digest
            area.move_cursor(area.document.end)
        self._schedule_validation(0)
        if self.has_class("-preview"):  # reloaded from disk with the preview open
            self._schedule_preview(0)
        recovery = opened.recovery
        if recovery is not None:
            if recovery.text == self.session.saved_text:
                await asyncio.to_thread(self.session.discard_recovery)
            else:
                self._recovery_pending = True  # the copy is not touched until the user answers
                self._offer_recovery(recovery)
                return
        if self.external:
            self.external = False
            self._external_editor(close_after=True)

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _offer_recovery(self, recovery: Any) -> None:
        await offer_recovery(self, recovery)
        self._recovery_pending = False

    # -- typing: debounced validation and preview ---------------------------------------------
    @on(TextArea.SelectionChanged, "#buffer")
    def _show_status(self) -> None:
        """The status line: file name, modified mark, line:col, problem count."""
        row, column = self.area.cursor_location
        status = self.query_one(EditorStatus)
        status.show(self.path.name, self._modified, row, column, self.problems)
        status.set_class(self.has_errors, "-errors")

    @on(TextArea.Changed, "#buffer")
    def _changed(self, event: TextArea.Changed) -> None:
        if not self.loaded:
            return
        self._version += 1
        self._modified = True
        self._show_status()
        self._schedule_validation(self.VALIDATE_DELAY)
        if self.has_class("-preview"):
            self._schedule_preview(self.PREVIEW_DELAY)

    def _schedule_validation(self, delay: float) -> None:
        self._validate_timer = self._debounce(self._validate_timer, delay, self._start_validation)

    def _debounce(self, timer: Timer | None, delay: float, callback: Any) -> Timer | None:
        """Run ``callback`` after ``delay`` (0: soon), instead of any run ``timer`` is waiting for."""
        if timer is not None:
            timer.stop()
        if delay <= 0:
            self.call_later(callback)
            return None
        return self.set_timer(delay, callback)

    def _start_validation(self) -> None:
        text = self.area.text
        self._modified = text != self.session.saved_text  # undone back to the file: not modified
        self._show_status()
        self._validate(self._version, [text], self.path)

    @work(thread=True, exclusive=True, group="validate", exit_on_error=False)
    def _validate(self, version: int, box: list[str], path: Path) -> None:
        """``box`` holds the text and is emptied: a finished worker keeps its arguments, and
        a whole copy of a big post per check would stay alive with them."""
        problems = check_text(box.pop(), path, self.site, self.settings)
        self.post_message(self._Validated(version, problems))

    @on(_Validated)
    def _validated(self, message: _Validated) -> None:
        if message.version == self._version:  # else stale: a newer check is on its way
            self._show_problems(message.problems)

    def _show_problems(self, problems: list[Any]) -> None:
        """Update the panel and the footer only when something changed (both cost a layout)."""
        problems = sorted(problems, key=lambda p: (p.line, p.column))
        if problems == self.problems:
            return
        had_errors = self.has_errors
        self.problems = problems
        self.query_one(ProblemsPanel).show(self.problems)
        self._show_status()
        if self.has_errors != had_errors:
            self.refresh_bindings()

    def _schedule_preview(self, delay: float) -> None:
        self._preview_timer = self._debounce(self._preview_timer, delay, self._start_preview)

    def _start_preview(self) -> None:
        area = self.area
        row = area.cursor_location[0]
        self.query_one(EditorPreview).show_text(area.text, row, self.path, self.site, self.index)

    # -- actions --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "rename_to_title"):
            return None if (self.has_errors or not self.loaded) else True
        return True

    def on_key(self, event: Any) -> None:
        """Opening: every key but Esc is dropped. ``ctrl+s`` while Save is unavailable says why."""
        if not self.loaded or (event.key == "ctrl+s" and self.has_errors):
            event.stop()
            event.prevent_default()
            if self.loaded:
                self._refuse_save(self.problems)

    def _refuse_save(self, problems: Iterable[Any]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        more, first = f" (and {len(errors) - 1} more)" if len(errors) > 1 else "", errors[0]
        self.call_later(self._write_recovery, True)  # the text is kept while it is still wrong
        kept = "Your text is kept as a recovery copy; the post on disk is unchanged."
        text = f"Not saved: line {first.line}: {first.message}{more}. {kept}"
        self.notify(text, title="Front matter has errors", severity="error")

    def action_toggle_preview(self) -> None:
        self.toggle_class("-preview")
        if self.has_class("-preview"):
            self._schedule_preview(0)

    def action_toggle_wrap(self) -> None:
        if not self.area.toggle_wrap():
            self.notify(f"Lines longer than {LONG_LINE:,} characters are not wrapped.")

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

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _save(self, then_close: bool = False) -> bool:
        if not self.loaded:
            return False
        session, text = self.session, self.area.text
        if text == session.saved_text and not await asyncio.to_thread(session.disk_changed):
            self.notify("No changes to save.")  # nothing is written: not even the same bytes
            if then_close:
                self.dismiss(self._saved_path)
            return True
        problems = await asyncio.to_thread(check_text, text, self.path, self.site, self.settings)
        if text == self.area.text:
            self._version += 1  # this result is the freshest
            self._show_problems(problems)
        if any(p.severity == "error" for p in problems):
            self._refuse_save(problems)
            return False
        where = await where_to_save(self, text)
        if where is None:
            return False
        target, exclusive = where
        try:
            target = await asyncio.to_thread(session.save, text, target, exclusive=exclusive)
        except FileExistsError:
            self.notify(f"{target} exists; not replaced. Nothing saved.", severity="error")
            return False
        except OSError as exc:
            await self._write_recovery(force=True)
            self.notify(
                f"Not saved: {exc.strerror or exc}. Your text is kept here and in a recovery copy.",
                title="Save failed",
                severity="error",
            )
            return False
        self.title = self._shown_name
        self._changed_on_disk_noticed = False
        self._saved_path = target
        self._recovered_version = self._version
        self._modified = self.area.text != text  # typed on while it was being written
        self._show_status()
        self.sub_title = ""
        self.notify(f"Saved {target.name}")
        self.post_message(self.Saved(target))
        if then_close:
            self.dismiss(self._saved_path)
        return True

    # -- recovery copies and disk watching ---------------------------------------------------
    async def _tick(self) -> None:
        if not self.loaded:
            return
        await self._write_recovery()
        if self._changed_on_disk_noticed:
            return
        if await asyncio.to_thread(self.session.changed_since_stamp):
            self._changed_on_disk_noticed = True
            self.notify(
                f"{self._shown_name} changed on disk. Saving will ask whether to overwrite, reload or save as.",
                severity="warning",
            )

    async def _write_recovery(self, force: bool = False) -> None:
        if self._recovery_pending or (self._version == self._recovered_version and not force):
            return
        version = self._version
        try:
            await asyncio.to_thread(self.session.keep_recovery, self.area.text)
        except OSError as exc:
            self.notify(
                f"Could not write the recovery copy: {exc.strerror or exc}", severity="warning"
            )
            return
        self._recovered_version = version

    # -- leaving -------------------------------------------------------------------------------
    def action_close(self) -> None:
        if not self.loaded:  # Esc while opening: stop, nothing was changed
            self.workers.cancel_group(self, "load")
            self.dismiss(self._saved_path)
            return
        self._close()

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _close(self) -> None:
        if not self.dirty:
            if self.create and self._saved_path is None and self._created_digest is not None:
                await offer_to_delete_untouched(self, self._created_digest)
            self.dismiss(self._saved_path)
            return
        choice = await self.app.push_screen_wait(
            ask.ask_unsaved(self._shown_name, not self.has_errors)
        )
        if choice == "save":
            self._save(then_close=True)
        elif choice == "discard":
            await asyncio.to_thread(self.session.discard_recovery)
            self.dismiss(self._saved_path)

    # -- rename and external editor (flows in editor_flows) --------------------------------
    def action_rename_to_title(self) -> None:
        self._rename_to_title()

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _rename_to_title(self) -> None:
        await rename_to_title(self)

    def action_external_editor(self) -> None:
        self._external_editor()

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _external_editor(self, close_after: bool = False) -> None:
        await edit_externally(self, close_after)

    def took_back(self, problems: list[Any]) -> None:
        """The text came back from $EDITOR with these problems."""
        self._version += 1
        self._show_problems(problems)

    def renamed(self, new_path: Path) -> None:
        self.title = self._shown_name
        self._show_status()
        self._saved_path = new_path
        self.post_message(self.Saved(new_path))
