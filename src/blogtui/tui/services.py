"""What the reader screen is given: its services, typed, built once by BlogApp.

The screens never reach for ``self.app.<attribute>``: BlogApp builds one :class:`ReaderServices`
(settings, the site, how to build the index, how to make a comments service, how to describe the
keys) and passes it to ``ReaderScreen(services)``. What the app keeps for one run across reader
screens (the comments pane's layout) is a :class:`RunMemory` on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from blogtui.blog.index import Index
    from blogtui.blog.site import Site
    from blogtui.comments.service import CommentsService
    from blogtui.config import Settings

#: the comments pane's layouts, in the order ``c`` cycles them
CommentsLayout = Literal["normal", "max", "hidden"]
LAYOUTS: tuple[CommentsLayout, ...] = ("normal", "max", "hidden")

#: (keys, description, binding id) rows, as the help screen lists them
BindingRows = list[tuple[str, str, str]]
DescribeBindings = Callable[[Sequence["DOMNode | tuple[str, DOMNode]"]], BindingRows]


@dataclass(slots=True)
class RunMemory:
    """What the app keeps while it runs, across reader screens (across restarts: tui.state)."""

    comments_layout: CommentsLayout = "normal"


@dataclass(frozen=True, slots=True)
class ReaderServices:
    """Everything the reader needs from outside itself."""

    settings: Settings
    site: Site
    blog_path: Path
    #: the index as the scan finds it (blocking: called in a worker)
    build_index: Callable[[], Index]
    #: the index the cache last held, without a stat (blocking, fast: the first paint)
    #: the cache's snapshot, once; waits at most the timeout given (None: until it is read)
    cached_index: Callable[[float | None], Index | None]
    describe_bindings: DescribeBindings
    memory: RunMemory = field(default_factory=RunMemory)

    def comments_service(self) -> CommentsService:
        """A new comments service for this blog (one per reader screen)."""
        from blogtui.comments.service import CommentsService

        return CommentsService(self.settings, site=self.site)
