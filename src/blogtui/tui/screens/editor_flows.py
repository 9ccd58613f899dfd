"""The editor's question flows: restore a recovery copy, where to save, rename, $EDITOR.

Each is an ``async`` function run in one of the ``EditorScreen``'s workers; the disk work is the
core's ``EditSession`` (and ``compose.rename``), run on threads.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported
from textual.document._document import Document

from blogtui.blog import compose
from blogtui.blog.editsession import removes_front_matter
from blogtui.blog.recovery import Recovery
from blogtui.blog.source import SourceError, parse_text
from blogtui.safe import one_line
from blogtui.tui.screens import editor_dialogs as ask
from blogtui.tui.screens.editor_dialogs import SaveAs
from blogtui.tui.screens.editor_support import check_text, editor_command

if TYPE_CHECKING:
    from blogtui.tui.screens.editor import EditorScreen


async def offer_recovery(screen: EditorScreen, recovery: Recovery) -> None:
    """Unsaved edits from a run that did not exit cleanly: restore them (undoable) or discard."""
    when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    changed = recovery.base_digest not in (None, screen.session.disk_digest)
    question = ask.ask_restore(one_line(screen.path.name), when, changed)
    if await screen.app.push_screen_wait(question) != "discard":  # the safe answer
        area = screen.area
        area.replace(recovery.text, area.document.start, area.document.end)  # undoable
        screen.notify("Unsaved changes restored; save with ctrl+s.")
    else:
        await asyncio.to_thread(screen.session.discard_recovery)


async def offer_to_delete_untouched(screen: EditorScreen, created_digest: str) -> None:
    """A post made with ``n`` and left as created: keep it or remove it (nothing else is lost)."""
    if await asyncio.to_thread(screen.session.disk_changed, created_digest):
        return
    name = one_line(screen.path.name)
    if await screen.app.push_screen_wait(ask.ask_keep_new_post(name)) == "delete":
        await asyncio.to_thread(screen.session.delete)


async def reload_from_disk(screen: EditorScreen) -> None:
    """Ask, then replace the buffer with the file on disk (the edits are lost)."""
    if await screen.app.push_screen_wait(ask.ask_discard_edits()) != "discard":
        return
    await asyncio.to_thread(screen.session.discard_recovery)
    screen.loaded = False
    screen.area.read_only = True
    screen.add_class("-opening")
    screen._load()


async def where_to_save(screen: EditorScreen, text: str) -> tuple[Path, bool] | None:
    """The file to write ``text`` to and whether it must be new, after asking what must be
    asked (front matter removed, file changed on disk, a link out of the blog); None: cancel."""
    session, wait, name = screen.session, screen.app.push_screen_wait, one_line(screen.path.name)
    if removes_front_matter(session.saved_text, text):
        if await wait(ask.ask_removing_front_matter(name)) != "save":
            return None
    if await asyncio.to_thread(session.disk_changed):
        choice = await wait(ask.ask_changed_on_disk(screen.path))
        if choice == "reload":
            await reload_from_disk(screen)
            return None
        if choice == "saveas":
            new_path = await wait(SaveAs(screen.path.parent, session.save_as_suggestion()))
            return None if new_path is None else (new_path, True)
        if choice != "overwrite":
            return None
    real = await asyncio.to_thread(session.link_outside, screen.site.root)
    if real is not None and await wait(ask.ask_write_outside(name, real)) != "write":
        return None
    return screen.path, False


async def rename_to_title(screen: EditorScreen) -> None:
    """jekyll-compose rename: the file's slug follows the saved title (asks first)."""
    if screen.dirty:
        screen.notify("Save first, then rename.", severity="warning")
        return
    try:
        _s, metadata = parse_text(screen.area.text)
    except SourceError as exc:
        screen.notify(exc.message, severity="error")
        return
    title = metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        screen.notify("The post has no title to name the file after.", severity="warning")
        return
    path = screen.path
    dest = compose.path_for_title(path, title)
    if dest == path:
        screen.notify("The file name already matches the title.")
        return
    question = ask.ask_rename(one_line(path.name), one_line(dest.name))
    if await screen.app.push_screen_wait(question) != "rename":
        return
    try:
        new_path = await asyncio.to_thread(compose.rename, path, title, update_title=False)
    except compose.ComposeError as exc:
        screen.notify(exc.message, severity="error")
        return
    await asyncio.to_thread(screen.session.renamed, new_path)
    screen.renamed(new_path)
    screen.notify(f"Renamed to {new_path.name}")


async def edit_externally(screen: EditorScreen, close_after: bool = False) -> None:
    """git-commit style: the buffer goes to a file in the data dir, $EDITOR edits it, it comes back.

    When the editor exits 0 and the text passes the rules, the post is saved (as ``git commit``
    takes what was written), and with ``close_after`` (the reader's ``E``) the editor screen
    closes. When the text has errors it stays here with its problems, kept as a recovery copy; the
    post on disk is not touched. A non-zero exit takes nothing back.
    """
    session, area, app = screen.session, screen.area, screen.app
    scratch = await asyncio.to_thread(session.scratch_file, area.text)
    command = [*editor_command(screen.settings), str(scratch)]
    try:
        if app.is_headless:  # no terminal to hand over (tests, headless runs)
            code = await asyncio.to_thread(session.run, command)
        else:
            with app.suspend():
                code = session.run(command)
    except SuspendNotSupported:
        screen.notify("This terminal cannot hand over to an external editor.", severity="error")
        return
    except OSError as exc:
        screen.notify(f"Could not run {command[0]}: {exc.strerror or exc}", severity="error")
        return
    if code != 0:
        screen.notify(
            f"{command[0]} exited with status {code}; the text was not taken back.",
            severity="warning",
        )
        return
    try:
        new_text = await asyncio.to_thread(session.read_scratch, scratch)
    except (OSError, SourceError) as exc:
        screen.notify(
            f"Could not read the edited text back: {getattr(exc, 'message', exc)}",
            severity="error",
        )
        return
    new_text = Document(new_text).text  # the buffer's line-ending rules
    if new_text != area.text:
        area.replace(new_text, area.document.start, area.document.end)
    problems = await asyncio.to_thread(
        check_text, area.text, screen.path, screen.site, screen.settings
    )
    screen.took_back(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    back = f"Back from {command[0]}: {errors} error(s), {len(problems) - errors} warning(s)."
    if errors:
        await screen._write_recovery(force=True)
        screen.notify(
            f"{back} Not saved: your text is here, kept as a recovery copy; the post on disk is"
            " unchanged. Fix it and save with ctrl+s.",
            severity="error",
        )
        return
    screen.notify(back)
    screen._save(then_close=close_after)  # :wq is enough (nothing is written if nothing changed)


__all__ = ["edit_externally", "offer_recovery", "rename_to_title", "where_to_save"]
