"""Post bodies -> plain Markdown for the terminal: Jekyll's Liquid and kramdown leftovers.

Jekyll runs Liquid over a post, then kramdown turns the result into HTML. A terminal reader has
neither, so without this module a reader sees ``{% highlight %}`` tags, ``{: .notice}`` lines and
``{{ site.baseurl }}`` noise. ``prepare()`` rewrites the body into Markdown that markdown-it-py
renders sensibly:

- ``{% highlight lang [linenos] %}…{% endhighlight %}`` -> a fenced code block in ``lang``;
- ``{% raw %}…{% endraw %}`` -> its content, verbatim: Liquid inside stays literal text. A code
  span inside raw that starts with ``{{``/``{%`` gets an invisible ``RAW_GUARD`` first, so the
  renderer does not take it for a leftover (see ``is_liquid_leftover``);
- ``{% post_url NAME %}`` / ``{% link PATH %}`` -> ``blogtui-post:<path relative to the blog>``
  (``post_href``/``parse_post_href``) when ``resolve_post`` knows the post; a ``{{ site.url }}`` or
  ``{{ site.baseurl }}`` right before it (``[x]({{ site.baseurl }}{% post_url y %})``) goes, since
  the link now names the post itself;
- every other Liquid tag or output becomes an inline code span starting with ``{{``/``{%`` which
  the renderer shows dimmed: never dropped, whatever its shape (unterminated tags stay plain text).
  Inside a link destination a code span would break the link, so there ``{{ site.url }}`` and
  ``{{ site.baseurl }}`` (the site's own root) are removed, ``{{ "/x" | relative_url }}`` becomes
  ``/x`` and anything else is kept with its blanks removed (so the link survives);
- kramdown attribute lists (``{: .note}``, ``{:#id}``, ``{:ref: …}``), extensions (``{::options …
  /}``, ``{::comment}…{:/comment}``, ``{::nomarkdown}``) and header ids (``## Title {#id}``)
  disappear; ``{:toc}`` with the list item before it (``* TOC``) becomes the line ``TOC_MARKER``,
  where the renderer draws the table of contents (``{% include toc %}`` too);
- fenced and indented code blocks and inline code spans are left alone (only ``{% raw %}`` markers
  are removed there, as Jekyll would).

One pass over the text with memoised searches: time is linear in the size of the body, whatever
it contains (a 1.7 MB post takes a fraction of a second). Nothing here raises on any input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from blogtui.blog.liquid_leftovers import RAW_GUARD, guard, leftover, unraw
from blogtui.blog.posthref import MISSING_SCHEME, post_href
from blogtui.safe import escape_markdown

#: The line that stands where kramdown's ``{:toc}`` list was: draw the table of contents here.
TOC_MARKER = "<!-- blogtui:toc -->"
#: A Liquid tag longer than this (or containing a blank line) is not a tag but stray braces.
MAX_TAG = 4096

Resolver = Callable[[str], "str | None"]


# -- patterns --------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"\\[^\n]|`+|\{[%{:]")
_FENCE_OPEN = re.compile(r"([ \t]*)(`{3,}|~{3,})([^\n]*)")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_THEMATIC = re.compile(r" {0,3}([*_-])(?:[ \t]*\1){2,}[ \t]*$")
_TOC_LINE = re.compile(r"[ \t]*\{:\s*toc\s*\}[ \t]*$")
_INCLUDE_TOC_LINE = re.compile(r"[ \t]*\{%-?\s*include\s+toc(?:\.html)?(?:\s[^%\n]*)?-?%\}[ \t]*$")
_HEADING_ID = re.compile(r" {0,3}#{1,6}[ \t].*\{#[\w:.-]+\}[ \t]*$")
_HEADING_ID_TAIL = re.compile(r"[ \t]*\{#[\w:.-]+\}[ \t]*\Z")
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")
_TAG_INNER = re.compile(r"-?\s*(\w+)\s*(.*?)\s*-?\Z", re.S)
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_ENDHIGHLIGHT = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
_WS = re.compile(r"\s+")
_SITE_ROOT = re.compile(r"site\.(?:url|baseurl)")
_URL_FILTER = re.compile(r"""(["'])([^"']*)\1\s*\|\s*(?:relative_url|absolute_url)""")
_LINK_TAG_AFTER = re.compile(
    r"(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})*\{%-?\s*(post_url|link)\s+([^%\n]*?)\s*-?%\}"
)
_DESTINATION = re.compile(
    r"""(?:\]\(<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?|(?:src|href)=["'])[^\s()<>"']*\Z""", re.M
)
_EXTENSION = re.compile(r"\{::(\w+)([^}\n]*?)(/)?\}")
_EXTENSION_CLOSE = re.compile(r"\{:/(\w*)\}")
_IAL = re.compile(r"\{:(?![:/])([^}\n]*)\}")
_IAL_QUOTED = re.compile(r"""[\w-]+=(?:"[^"\n]*"|'[^'\n]*')""")
_IAL_TOKEN = re.compile(r"""[#.][\w-]+|[\w-]+=[^\s"']+|[A-Za-z][\w-]*:?""")
_TICKS: dict[int, re.Pattern[str]] = {}
_BACKTICK_RUN_AT_LINE_START = re.compile(r"^[ \t]*(`+)", re.M)


def _ial_ok(inner: str) -> bool:
    """Is ``inner`` (of ``{:inner}``) a kramdown attribute list? ``{:?}`` in Rust prose is not."""
    rest = _IAL_QUOTED.sub(" .x ", inner)
    tokens = rest.split()
    return bool(tokens) and all(_IAL_TOKEN.fullmatch(t) for t in tokens)


def prepare(body: str, resolve_post: Resolver | None = None) -> str:
    """A post body -> Markdown for the renderer (see the module docstring for the rules).

    ``resolve_post`` maps a ``post_url`` name or a ``link`` path to the post's path relative to the
    blog root, or None when there is no such post (the tag then stays, dimmed).
    """
    return _Preparer(body, resolve_post).run()


class _Preparer:
    """The single pass. ``out`` collects pieces; the ``_memo_*`` fields keep searches linear."""

    def __init__(self, body: str, resolve_post: Resolver | None) -> None:
        self.s = body.replace("\r\n", "\n").replace("\r", "\n")
        self.n = len(self.s)
        self.resolve_post = resolve_post
        self.out: list[str] = []
        self.in_raw = False
        self.prev_blank = True
        self.in_list = False
        self.ial_removed = False
        self.line_dropped = False
        self.in_table = False  # the current line is a table row (starts with "|")
        self._memo: dict[object, tuple[int, int, int]] = {}
        self._close_memo: dict[str, tuple[int, int, int]] = {}

    # -- memoised searches: the first match at/after pos is the same for every pos up to it --------
    def _search(self, key: object, pattern: re.Pattern[str], pos: int) -> tuple[int, int]:
        """(start, end) of the first match of ``pattern`` at or after ``pos``, or (-1, -1)."""
        memo = self._memo.get(key)
        if memo is not None and memo[0] <= pos and (memo[1] < 0 or pos <= memo[1]):
            return memo[1], memo[2]
        m = pattern.search(self.s, pos)
        start, end = (m.start(), m.end()) if m else (-1, -1)
        self._memo[key] = (pos, start, end)
        return start, end

    def _find_close(self, pos: int, closer: str) -> int:
        """Where ``closer`` ends the Liquid tag whose body starts at ``pos``; -1 when unterminated."""
        memo = self._close_memo.get(closer)
        if memo is not None and memo[0] <= pos and (memo[1] < 0 or pos <= memo[1]):
            _lo, found, last_blank = memo
        else:
            found = self.s.find(closer, pos)
            last_blank = -1
            if found >= 0 and self.s.find("\n", pos, found) >= 0:
                for m in _BLANK_LINE.finditer(self.s, max(pos, found - MAX_TAG), found):
                    last_blank = m.start()
            self._close_memo[closer] = (pos, found, last_blank)
        if found < 0 or found - pos > MAX_TAG or last_blank >= pos:
            return -1
        return found

    def _para_end(self, pos: int) -> int:
        start, _end = self._search("para", _BLANK_LINE, pos)
        return self.n if start < 0 else start

    # -- lines -------------------------------------------------------------------------------------
    def run(self) -> str:
        s, n, out = self.s, self.n, self.out
        pos = 0
        while pos < n:
            eol = s.find("\n", pos)
            if eol < 0:
                eol = n
            line = s[pos:eol]
            stripped = line.lstrip(" \t")
            if not stripped or stripped.isspace():
                out.append(s[pos : eol + 1])
                self.prev_blank = True
                pos = eol + 1
                continue
            indent = 0
            if stripped is not line:
                indent = len(line[: len(line) - len(stripped)].expandtabs(4))
                if indent >= 4 and self.prev_blank and not self.in_list:
                    pos = self._indented_code(pos)
                    continue
            first = stripped[0]
            if first in "`~" and (indent <= 3 or self.in_list):
                fence = _FENCE_OPEN.match(line)
                if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
                    pos = self._fenced_code(pos, eol, fence)
                    continue
            if first in "{*+-0123456789":
                toc_end = self._toc(line, eol)
                if toc_end is not None:
                    out.append(TOC_MARKER + "\n")
                    self.prev_blank = False
                    pos = toc_end
                    continue
            if first in "*+-0123456789" and _LIST_ITEM.match(line) and not _THEMATIC.match(line):
                self.in_list = True
            elif self.prev_blank and indent == 0:
                self.in_list = False
            heading = first == "#" and "{#" in line and _HEADING_ID.match(line) is not None
            if not heading and _SPECIAL.search(line) is None:  # the common case: nothing to rewrite
                out.append(s[pos : eol + 1])
                pos = eol + 1
                self.prev_blank = False
                continue
            self.in_table = first == "|"
            pos = self._text(pos, heading=heading)
            if not self.line_dropped:
                self.prev_blank = False
        return "".join(out)

    def _toc(self, line: str, eol: int) -> int | None:
        """End of a ``* TOC`` + ``{:toc}`` pair (or a lone ``{:toc}`` / ``{% include toc %}``)."""
        if self.in_raw:
            return None
        if _TOC_LINE.match(line) or _INCLUDE_TOC_LINE.match(line):
            return min(eol + 1, self.n)
        if _LIST_ITEM.match(line) and eol < self.n:
            nxt = self.s.find("\n", eol + 1)
            nxt = self.n if nxt < 0 else nxt
            if _TOC_LINE.match(self.s, eol + 1, nxt):
                return min(nxt + 1, self.n)
        return None

    def _emit_code(self, text: str) -> None:
        """Code is left alone, except Jekyll's raw markers (Liquid removes them everywhere)."""
        text, self.in_raw = unraw(text, self.in_raw)
        self.out.append(text)

    def _indented_code(self, pos: int) -> int:
        s, n = self.s, self.n
        start = pos
        while pos < n:
            eol = s.find("\n", pos)
            eol = n if eol < 0 else eol
            line = s[pos:eol].expandtabs(4)
            if line.strip() and len(line) - len(line.lstrip(" ")) < 4:
                break
            self.prev_blank = not line.strip()
            pos = min(eol + 1, n)
        self._emit_code(s[start:pos])
        return pos

    def _fenced_code(self, pos: int, eol: int, fence: re.Match[str]) -> int:
        s, n = self.s, self.n
        char, length = fence.group(2)[0], len(fence.group(2))
        closing = re.compile(r"[ \t]*" + re.escape(char) + "{" + str(length) + r",}[ \t]*$")
        start = pos
        pos = min(eol + 1, n)
        while pos < n:
            eol = s.find("\n", pos)
            eol = n if eol < 0 else eol
            closed = closing.match(s, pos, eol) is not None
            pos = min(eol + 1, n)
            if closed:
                break
        self._emit_code(s[start:pos])
        self.prev_blank = True
        return pos

    # -- inline text -------------------------------------------------------------------------------
    def _text(self, pos: int, *, heading: bool = False) -> int:
        """Process text from ``pos`` to the end of its line (further when a tag spans lines).

        ``heading``: the line is an ATX heading ending in a kramdown header id, which goes.
        """
        s, n, out = self.s, self.n, self.out
        first = len(out)
        self.ial_removed = self.line_dropped = False
        eol = -1
        while True:
            if pos > eol:  # only when a tag took us past the line (a find per step is quadratic)
                eol = s.find("\n", pos)
                eol = n if eol < 0 else eol
            m = _SPECIAL.search(s, pos, eol)
            if m is None:
                out.append(s[pos:eol])
                pos = eol
                break
            out.append(s[pos : m.start()])
            token = m.group()
            if token[0] == "\\":
                out.append(token)
                pos = m.end()
            elif token[0] == "`":
                pos = self._code_span(m.start(), len(token))
            elif token == "{:":
                pos = self._kramdown(m.start())
            elif token == "{{":
                pos = self._output(m.start())
            else:
                pos = self._tag(m.start())
        if self.ial_removed and not "".join(out[first:]).strip():
            # a line that held only attribute lists or raw markers: it goes (a blank line keeps
            # the blocks around it apart)
            del out[first:]
            self.line_dropped = True
            if not self.prev_blank and eol < n and s[eol + 1 : eol + 2] not in ("\n", ""):
                out.append("\n")
            return min(eol + 1, n)
        if heading:
            out[first:] = [_HEADING_ID_TAIL.sub("", "".join(out[first:]))]
        if eol < n:
            out.append("\n")
            return eol + 1
        return n

    def _code_span(self, start: int, k: int) -> int:
        s, out = self.s, self.out
        closer = _TICKS.get(k)
        if closer is None:
            closer = _TICKS[k] = re.compile(r"(?<!`)`{%d}(?!`)" % k)
        para_end = self._para_end(start)
        found, end = self._search(("tick", k), closer, start + k)
        if found < 0 or found >= para_end:
            out.append("`" * k)
            return start + k
        content = s[start + k : found]
        was_raw = self.in_raw
        unrawed, self.in_raw = unraw(content, self.in_raw)
        if was_raw or unrawed != content:
            content = unrawed
            content = guard(content)
        out.append("`" * k + content + "`" * k)
        return end

    def _in_destination(self, start: int) -> bool:
        """Is ``start`` inside a link destination / reference definition / src or href attribute?"""
        lo = self.s.rfind("\n", max(0, start - 256), start) + 1
        lo = max(lo, start - 256)
        before = self.s[lo:start]
        if (
            "](" not in before
            and "]:" not in before
            and "src=" not in before
            and "href=" not in before
        ):
            return False
        return _DESTINATION.search(self.s, lo, start) is not None

    def _output(self, start: int) -> int:
        """``{{ … }}``: a dimmed leftover (or, in a link destination, what makes the link work)."""
        s, out = self.s, self.out
        if self.in_raw:
            out.append("{{")
            return start + 2
        close = self._find_close(start + 2, "}}")
        if close < 0:
            out.append("{{")
            return start + 2
        end = close + 2
        expr = s[start + 2 : close].strip("-").strip()
        if self._in_destination(start):
            if _SITE_ROOT.fullmatch(expr):
                m = _LINK_TAG_AFTER.match(s, end)
                if m is not None:
                    rel = self._resolve(m.group(2))
                    if rel is not None:
                        out.append(post_href(rel))
                        return m.end()
                return end  # the site's root: the post's own paths are root-relative already
            literal = _URL_FILTER.fullmatch(expr)
            # anything else stays, without the blanks that would end the destination and break the link
            out.append(literal.group(2) if literal else _WS.sub("", s[start:end]))
            return end
        self._emit_leftover(s[start:end])
        return end

    def _tag(self, start: int) -> int:
        """``{% … %}``: raw, highlight, post links, or a dimmed leftover."""
        s, out = self.s, self.out
        if self.in_raw:
            m = _ENDRAW.match(s, start)
            if m is not None:
                self.in_raw = False
                self.ial_removed = True
                return m.end()
            out.append("{%")
            return start + 2
        close = self._find_close(start + 2, "%}")
        if close < 0:
            out.append("{%")
            return start + 2
        end = close + 2
        inner = _TAG_INNER.match(s, start + 2, close)
        name, args = (inner.group(1), inner.group(2)) if inner else ("", "")
        if name == "raw":
            self.in_raw = True
            self.ial_removed = True  # a line holding only raw markers goes, like one of attributes
            return end
        if name == "highlight":
            return self._highlight(start, end, args)
        if name in ("post_url", "link"):
            rel = self._resolve(args)
            if rel is not None:
                href = post_href(rel)
                if self._in_destination(start):
                    out.append(href)
                else:
                    label = args.strip().strip("\"'").rsplit("/", 1)[-1]
                    out.append(f"[{label}]({href})")
                return end
            if self.resolve_post is not None and args.strip():  # no such post: say so
                target = args.strip().strip("\"'")
                if self._in_destination(start):
                    out.append(MISSING_SCHEME + quote(target, safe="/-._~"))
                else:
                    out.append(escape_markdown(target.rsplit("/", 1)[-1]) + " (missing)")
                return end
        self._emit_leftover(s[start:end])
        return end

    def _emit_leftover(self, source: str) -> None:
        """A dimmed code span of ``source``; RAW_GUARD (zero-width) keeps two apart (```` `a``b` ````
        would read as one span)."""
        last = next((piece for piece in reversed(self.out) if piece), "")
        if last.endswith("`"):
            self.out.append(RAW_GUARD)
        self.out.append(leftover(source, self.in_table))

    def _resolve(self, args: str) -> str | None:
        target = args.strip().strip("\"'").strip()
        if not target or self.resolve_post is None:
            return None
        try:
            return self.resolve_post(target)
        except (ValueError, OSError):
            return None

    def _highlight(self, start: int, end: int, args: str) -> int:
        """``{% highlight lang %}…{% endhighlight %}`` -> a fenced code block (content verbatim)."""
        s, out = self.s, self.out
        close_start, close_end = self._search("endhighlight", _ENDHIGHLIGHT, end)
        if close_start < 0:
            self._emit_leftover(s[start:end])
            return end
        words = args.split()
        lang = words[0].strip("\"'") if words else ""
        line_start = s.rfind("\n", 0, start) + 1
        before = s[line_start:start]
        indent = before if not before.strip() else ""
        if before.strip():
            out.append("\n")
        content = s[end:close_start]
        first_nl = content.find("\n")
        if first_nl >= 0 and not content[:first_nl].strip():
            content = content[first_nl + 1 :]
        content, _still_raw = unraw(content, False)
        content = content.rstrip(" \t")
        if content and not content.endswith("\n"):
            content += "\n"
        longest = max(
            (len(m.group(1)) for m in _BACKTICK_RUN_AT_LINE_START.finditer(content)), default=0
        )
        fence = "`" * max(3, longest + 1)
        if indent:
            content = "".join(indent + ln for ln in content.splitlines(keepends=True))
        out.append(f"{fence}{lang}\n{content}{indent}{fence}")
        eol = s.find("\n", close_end)
        eol = self.n if eol < 0 else eol
        if s[close_end:eol].strip():
            out.append("\n")
            return close_end
        return eol

    def _kramdown(self, start: int) -> int:
        """``{:…}`` attribute lists and ``{::…}`` extensions disappear; anything else stays."""
        s, out = self.s, self.out
        if s.startswith("{::", start):
            m = _EXTENSION.match(s, start)
            if m is None:
                out.append("{:")
                return start + 2
            self.ial_removed = True
            if m.group(1) == "comment" and m.group(3) is None:
                close_start, close_end = self._search("comment", _EXTENSION_CLOSE, m.end())
                return close_end if close_start >= 0 else m.end()
            return m.end()
        if s.startswith("{:/", start):
            m = _EXTENSION_CLOSE.match(s, start)
            if m is not None:
                self.ial_removed = True
                return m.end()
            out.append("{:")
            return start + 2
        m = _IAL.match(s, start)
        if m is not None and _ial_ok(m.group(1)):
            self.ial_removed = True
            return m.end()
        out.append("{:")
        return start + 2
