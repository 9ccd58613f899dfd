"""python-frontmatter's handler with Jekyll's rules (:class:`JekyllFrontMatter`): every post
blogtui reads is split and loaded through it (``blog.source.split`` and ``parse_text``), and code
that speaks python-frontmatter's interface can use it too
(``frontmatter.loads(text, handler=FRONT_MATTER)``).

Apart from blog.source so that importing blog.source imports neither python-frontmatter nor YAML:
they come with the first post read (named from blog.source too, imported when first asked for).
"""

from __future__ import annotations

import re
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from blogtui.blog.source import Split, locate
from blogtui.blog.yaml_load import load_yaml


class JekyllFrontMatter(YAMLHandler):
    """python-frontmatter's handler (its extension point) with Jekyll's exact rules: the only
    place a post's text is split into front matter and body.

    blogtui calls the handler, not ``frontmatter.loads``/``parse``: those strip the text before
    splitting, so a post that opens with a blank line (no front matter for Jekyll) would get one,
    and the body's bytes would not be the user's. :meth:`locate` also says on which lines the YAML
    and the body start, for problems reported at the file's line and column."""

    FM_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[ \t\r\f\v]*$", re.MULTILINE)
    START_DELIMITER = "---"
    END_DELIMITER = "---"

    def locate(self, text: str) -> Split:
        """Where the front matter is, as Jekyll finds it. ``text`` has no BOM."""
        return locate(text)

    def detect(self, text: str) -> bool:
        return self.locate(text).has_front_matter

    def split(self, text: str) -> tuple[str, str]:
        found = self.locate(text)
        return found.yaml_text, found.body

    def load(self, fm: str, **kwargs: object) -> Any:
        """The YAML, with the bounded safe loader (blog.yaml_load): no tags outside the safe
        schema, no alias bombs. Raises SourceError."""
        line = kwargs.get("line", 1)
        return load_yaml(fm, line if isinstance(line, int) else 1)


FRONT_MATTER = JekyllFrontMatter()
