"""Style ids: small ints naming a combination of style names (``("strong", "link")``).

Blocks store ids, not Rich styles, so a layout made on a worker thread is independent of the
theme; the widget resolves an id to a Rich ``Style`` (component classes ``postview--NAME``, and
Pygments token styles for ``syn:`` names) and caches the result until the theme changes.
"""

from __future__ import annotations

import threading

__all__ = ["STYLES", "StyleRegistry"]


class StyleRegistry:
    """Interns tuples of style names to ids (0 is "no style"). Grows only; thread-safe."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, ...], int] = {(): 0}
        self._names: list[tuple[str, ...]] = [()]
        self._lock = threading.Lock()

    def id(self, names: tuple[str, ...]) -> int:
        sid = self._ids.get(names)
        if sid is not None:
            return sid
        with self._lock:
            sid = self._ids.get(names)
            if sid is None:
                sid = len(self._names)
                self._names.append(names)
                self._ids[names] = sid
            return sid

    def names(self, sid: int) -> tuple[str, ...]:
        return self._names[sid]

    def __len__(self) -> int:
        return len(self._names)


STYLES = StyleRegistry()
