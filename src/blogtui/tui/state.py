"""What the reader remembers across restarts, per blog: the list's view, the drafts/unpublished
switches and the last post open. One small JSON file in the state dir (config.state_dir); a file
that is missing, damaged or of another version is ignored (the defaults), never an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from blogtui.atomic import atomic_write
from blogtui.tui.widgets.postlist_rows import VIEWS

STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class ReaderState:
    view: str = "newest"
    show_drafts: bool = True
    show_unpublished: bool = True
    last_post: str | None = None  # the post's path from the blog root (Post.rel)


def state_path(state_dir: Path, blog_root: Path) -> Path:
    key = hashlib.sha1(str(blog_root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return state_dir / f"reader-v{STATE_VERSION}-{key}.json"


def load_state(path: Path) -> ReaderState:
    """The state kept in ``path``; anything wrong with it gives the defaults (field by field)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return ReaderState()
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return ReaderState()
    default = ReaderState()
    view = data.get("view")
    last = data.get("last_post")
    drafts, unpublished = data.get("show_drafts"), data.get("show_unpublished")
    return ReaderState(
        view=view if view in VIEWS else default.view,
        show_drafts=drafts if isinstance(drafts, bool) else default.show_drafts,
        show_unpublished=unpublished if isinstance(unpublished, bool) else default.show_unpublished,
        last_post=last if isinstance(last, str) and last else None,
    )


def save_state(path: Path, state: ReaderState) -> bool:
    """Write atomically, without fsync (losing it only costs the defaults); False if it failed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": STATE_VERSION, **asdict(state)}, ensure_ascii=False)
        atomic_write(path, text.encode("utf-8", "surrogatepass"), durable=False)
    except (OSError, UnicodeError):
        return False
    return True
