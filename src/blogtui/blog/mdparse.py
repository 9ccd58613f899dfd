"""Markdown parsing for the post view: one parser configuration, safe text, chunked parsing.

Why chunks: markdown-it-py needs about 4 s for a 1.7 MB post, so the first screen of a huge post
cannot wait for the whole parse. ``iter_chunks`` cuts the text at block boundaries where cutting
cannot change the result (a blank line followed by a plain paragraph or heading, outside fenced
code and multi-line HTML), and ``ChunkedParse`` parses chunk after chunk with one shared ``env`` that
was primed with every link reference and footnote definition of the whole text, so a reference
used before its definition (the usual case for footnotes) still resolves.

This module is core: it never imports Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from blogtui.safe import strip_controls  # the one stripper of terminal control sequences

if TYPE_CHECKING:  # markdown-it and its plugins are imported by make_parser (a post's first view)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "ChunkedParse",
    "Slugger",
    "heading_id",
    "iter_chunks",
    "make_parser",
    "parse",
    "strip_controls",
]

FIRST_CHUNK = 12_000
"""Characters parsed before the first paint (about 30 ms of markdown-it)."""
CHUNK = 24_000
"""Characters per later chunk (each one is a short pause for the worker thread)."""


def _footnote_def_keeping_ids(original: Any) -> Any:
    """Wrap the footnote definition rule so a definition does not reset an id already given.

    The plugin sets ``refs[":label"] = -1`` at every definition; with a primed, shared env that
    would renumber a footnote whose reference was parsed in an earlier chunk.
    """

    def rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        # only the defined label's id is at stake: find it as the plugin does (``[^label]:``,
        # up to the first ``]``) instead of copying every id at each definition, which made
        # 10,000 footnotes a 30 s parse
        refs = state.env.get("footnotes", {}).get("refs")
        key, before = None, None
        if refs:
            src, start = state.src, state.bMarks[start_line] + state.tShift[start_line]
            close = src.find("]", start + 2, state.eMarks[start_line])
            if close > 0 and src.startswith("[^", start):
                key = ":" + src[start + 2 : close]
                before = refs.get(key)
        ok = original(state, start_line, end_line, silent)
        if ok and key is not None and before is not None and before >= 0:
            refs[key] = before
        return bool(ok)

    return rule


PRETEST_WINDOW = 65_536
"""Characters per search of linkify's pretest (see ``_windowed_pretest``)."""


def _windowed_pretest(pretest: Any, size: int = PRETEST_WINDOW, overlap: int = 1024) -> Any:
    """linkify-it's pretest, one overlapping window after another: the same answer (it may say
    yes more often, never less: a match is far shorter than the overlap), but one regex search
    over a 2 MB paragraph held the GIL for 0.7 s, and the reader's keys waited for it."""

    def windowed(text: str) -> bool:
        if len(text) <= size + overlap:
            return bool(pretest(text))
        return any(pretest(text[i : i + size + overlap]) for i in range(0, len(text), size))

    return windowed


def make_parser() -> MarkdownIt:
    """The one parser configuration the app uses (gfm-like + front matter, footnotes, deflists,
    task lists). Footnote definitions stay where they are written; the view moves them to the end.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = (
        MarkdownIt("gfm-like")
        .use(front_matter_plugin)
        .use(footnote_plugin, move_to_end=False)
        .use(deflist_plugin)
        .use(tasklists_plugin)
    )
    if md.linkify is not None:
        md.linkify.pretest = _windowed_pretest(md.linkify.pretest)  # type: ignore[method-assign]
    for rule in md.block.ruler.__rules__:
        if rule.name == "footnote_def":
            rule.fn = _footnote_def_keeping_ids(rule.fn)
            md.block.ruler.__cache__ = None
            break
    return md


def parse(text: str) -> list[Token]:
    """Parse a whole (small) document in one go."""
    return make_parser().parse(strip_controls(text))


# --- heading ids ----------------------------------------------------------------------------------

_SLUG_DROP = re.compile(r"[^\w\- ]+", re.UNICODE)


def heading_id(text: str) -> str:
    """GitHub/kramdown-like heading id: lower case, punctuation dropped, spaces to dashes."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _SLUG_DROP.sub("", text)
    return text.replace(" ", "-")


class Slugger:
    """Gives each heading a unique anchor (``intro``, ``intro-1``, ...) in document order."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = heading_id(text) or "section"
        n = self._seen.get(base)
        if n is None:
            self._seen[base] = 0
            return base
        while True:
            n += 1
            candidate = f"{base}-{n}"
            if candidate not in self._seen:
                self._seen[base] = n
                self._seen[candidate] = 0
                return candidate


# --- chunking ----------------------------------------------------------------------------------

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HTML_OPEN_RE = re.compile(r"^ {0,3}<(!--|script|pre|style|textarea)", re.IGNORECASE)
_HTML_CLOSE = {
    "!--": "-->",
    "script": "</script>",
    "pre": "</pre>",
    "style": "</style>",
    "textarea": "</textarea>",
}
_SAFE_START_ASCII = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#*_\"'("
)


def _safe_start(line: str) -> bool:
    """The line starts with ``[A-Za-z0-9#*_"'(\u00c0-\uffff]`` (not a regex: compiling that
    character class costs 3 ms at every start)."""
    first = line[:1]
    return bool(first) and (first in _SAFE_START_ASCII or "\u00c0" <= first <= "\uffff")


_NOT_SAFE_RE = re.compile(r"^(?:[*_-]\s|\d+[.)]\s|[*_-]{3})")


_DD_RE = re.compile(r" {0,3}:[ \t]")


def _starts_definition(text: str, pos: int) -> bool:
    """True when the line at ``pos`` (or the one after a blank line) is a ``: definition``:
    the line before it is then a term, and cutting there would split the definition list."""
    for _ in range(2):
        if _DD_RE.match(text, pos):
            return True
        nl = text.find("\n", pos)
        if nl < 0 or text[pos:nl].strip():
            return False
        pos = nl + 1
    return False


def iter_chunks(text: str, first: int = FIRST_CHUNK, size: int = CHUNK) -> Iterator[str]:
    """Yield consecutive pieces of ``text`` that parse the same alone as together.

    A cut goes before a line that starts at column 0 with a letter, digit, ``#`` or emphasis,
    preceded by a blank line, outside fences and multi-line HTML blocks, and not a list item, a
    thematic break, a definition (``:``) or a term. Concatenating the pieces gives ``text`` back.
    """
    if len(text) <= first:
        yield text
        return
    limit = first
    start = 0
    pos = 0
    fence: str | None = None
    html_end: str | None = None
    prev_blank = False
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        line = text[pos:end]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            prev_blank = False
        elif html_end is not None:
            if html_end in line.lower():
                html_end = None
            prev_blank = False
        else:
            if (
                prev_blank
                and pos - start >= limit
                and _safe_start(line)
                and not _NOT_SAFE_RE.match(line)
                and not _starts_definition(text, end)
            ):
                yield text[start:pos]
                start = pos
                limit = size
            m = _FENCE_RE.match(line)
            if m:
                fence = m.group(1)
                prev_blank = False
            else:
                h = _HTML_OPEN_RE.match(line)
                if h:
                    close = _HTML_CLOSE[h.group(1).lower()]
                    if close not in line[h.end() :].lower():
                        html_end = close
                prev_blank = not line.strip()
        pos = end
    if start < n:
        yield text[start:]


_DEF_LINE_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*(?:\n[ \t]+[\"'(][^\n]*)?", re.MULTILINE)


_USE_RE = re.compile(r"\[\^?([^\]\n]+)\]")


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()  # as markdown-it normalises reference labels


def prime_env(md: MarkdownIt, text: str, used_in: str | None = None) -> dict[str, Any]:
    """An env that already knows every link reference and footnote label defined in ``text``;
    with ``used_in``, only those whose label that text names in brackets (the prefix parse of a
    huge post: priming it with all of 10,000 footnotes took half a second on the event loop)."""
    env: dict[str, Any] = {}
    defs = [m.group(0) for m in _DEF_LINE_RE.finditer(text)]
    if defs and used_in is not None:
        wanted = {_label_key(m.group(1)) for m in _USE_RE.finditer(used_in)}
        defs = [
            d for d in defs if _label_key(d[d.index("[") + 1 : d.index("]:")].lstrip("^")) in wanted
        ]
    if defs:
        md.parse("\n\n".join(defs) + "\n", env)
        footnotes = env.get("footnotes")
        if footnotes:
            footnotes["list"] = {}
            for key in footnotes.get("refs", {}):
                footnotes["refs"][key] = -1
    return env


class ChunkedParse:
    """Parse a document chunk by chunk; ``next_tokens()`` returns ``None`` when done.

    Make it on the thread that will use it: a parser instance is not shared between threads.
    """

    def __init__(self, text: str, first: int = FIRST_CHUNK, size: int = CHUNK) -> None:
        self.md = make_parser()
        self.text = strip_controls(text)
        self.env = prime_env(self.md, self.text)
        self._chunks = iter_chunks(self.text, first, size)
        self._next: str | None = next(self._chunks, None)
        self.done = False
        self.consumed = 0

    @property
    def next_size(self) -> int:
        """Characters in the next chunk (a fence can make a chunk much bigger than asked)."""
        return len(self._next) if self._next is not None else 0

    @property
    def has_more(self) -> bool:
        """True while a chunk is left to parse."""
        return self._next is not None

    def next_tokens(self) -> list[Token] | None:
        chunk = self._next
        if chunk is None:
            self.done = True
            return None
        self._next = next(self._chunks, None)
        self.consumed += len(chunk)
        return self.md.parse(chunk, self.env)

    @property
    def footnotes(self) -> dict[int, dict[str, Any]]:
        """Footnote id -> {"label", "count"} or, for inline footnotes, {"tokens": [...]}."""
        return dict(self.env.get("footnotes", {}).get("list", {}))
