"""The editor's actions in the command palette (a Textual ``Provider``)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class EditorCommands(Provider):
    """The editor's actions, run on the screen the palette was opened on."""

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

    async def discover(self) -> Hits:
        screen = self.screen
        for name, action, help_text in self.COMMANDS:
            yield DiscoveryHit(name, partial(screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        screen = self.screen
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


__all__ = ["EditorCommands"]
