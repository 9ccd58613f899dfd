"""Snapshots hold still: the text cursor of an editor or an input never blinks while one is taken
(a blink half a second in would otherwise make the same screen two different SVGs)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cursor stays visible: the blink timers fire but no longer toggle it."""
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
