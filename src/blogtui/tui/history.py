"""Back and forward between posts, like a browser (and frogmouth): plain data, no Textual.

A place is a post (its path from the blog root, as ``Index.find`` takes it) and the reading position in it (the first line on screen).
``visit`` is called when a link or the palette leaves a post for another one; ``back`` and
``forward`` move along what was visited, each returning the place to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    ref: str
    y: int = 0  # the first line on screen


@dataclass(slots=True)
class History:
    limit: int = 200
    _back: list[Place] = field(default_factory=list)
    _forward: list[Place] = field(default_factory=list)

    def visit(self, leaving: Place) -> None:
        """The user follows a link away from ``leaving``: it is where ``back`` returns."""
        if self._back and self._back[-1].ref == leaving.ref:
            self._back[-1] = leaving
        else:
            self._back.append(leaving)
            del self._back[: -self.limit]
        self._forward.clear()

    def back(self, here: Place | None) -> Place | None:
        """The place before ``here`` (None: nothing earlier); ``here`` is kept for forward."""
        if not self._back:
            return None
        if here is not None:
            self._forward.append(here)
        return self._back.pop()

    def forward(self, here: Place | None) -> Place | None:
        if not self._forward:
            return None
        if here is not None:
            self._back.append(here)
        return self._forward.pop()

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)
