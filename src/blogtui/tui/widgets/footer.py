"""The footer: the keys that fit, most important first, and never a key cut in half.

Textual's ``Footer`` lays every shown binding out in a row and lets the row run off the screen
(at 80 columns the reader's last keys were cut mid-word). This one keeps Textual's look and
behaviour (clickable keys, the palette key on the right), puts the keys in the order of
importance the screen gives (``order``: actions, most important first; the others follow in
Textual's order) and, when the row is too long, leaves out the least important ones. ``?``
(help) lists them all.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: cells a key takes beside its text (Textual's FooterKey: a space each side of the key, one
#: after the description) and the room of the palette key docked on the right (its border)
_KEY_EXTRA = 3
_PALETTE_EXTRA = 2


def key_width(key_display: str, description: str) -> int:
    return cell_len(key_display) + cell_len(description) + _KEY_EXTRA


def fitting(widths: list[int], room: int) -> int:
    """How many of the keys (widths in order of importance) fit in ``room`` cells, in order."""
    used = count = 0
    for width in widths:
        if used + width > room:
            break
        used += width
        count += 1
    return count


class FittingFooter(Footer):
    """``Footer`` that drops the least important keys instead of cutting one."""

    _laid_out_for = -1  # the width the keys were chosen for

    def __init__(self, order: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.order = {action: rank for rank, action in enumerate(order)}

    def compose(self) -> Any:
        self._laid_out_for = self.size.width
        items = list(super().compose())
        if not all(isinstance(i, FooterKey) for i in items):  # binding groups: Textual's layout
            yield from items
            return
        keys = [i for i in items if isinstance(i, FooterKey)]
        palette = [k for k in keys if k.has_class("-command-palette")]
        keys = [k for k in keys if k not in palette]
        keys.sort(key=lambda k: self.order.get(k.action, len(self.order)))  # stable: ties kept
        room = self.size.width
        for p in palette:
            room -= key_width(p.key_display, p.description) + _PALETTE_EXTRA
        shown = fitting([key_width(k.key_display, k.description) for k in keys], room)
        yield from keys[:shown]
        yield from palette

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
