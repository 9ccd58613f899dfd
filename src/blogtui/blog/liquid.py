"""A post's Liquid, rendered before Markdown as Jekyll does, with python-liquid.

``render(body, variables, includes)`` gives the body as Jekyll's Liquid pass would, with:

- ``page``/``site``/``site.data`` from ``variables`` (``blogtui.blog.liquid_context`` builds them);
- Jekyll's filters (``blogtui.blog.liquid_filters``, dates in ``site.timezone``) and its
  ``{% include file.html k=v %}`` (the file from ``_includes/``, its parameters as
  ``include.k``; nesting depth-limited);
- left for ``blogtui.blog.markup`` exactly as written (it makes links, code blocks, the table of
  contents of them): ``{% raw %}…{% endraw %}``, ``{% highlight %}…{% endhighlight %}``,
  ``{% post_url %}``/``{% link %}`` (with a ``{{ site.baseurl }}`` right before them) and
  ``{% include toc %}``;
- anything Liquid cannot render (an unknown tag or filter, a plugin's tag, a syntax error, a
  missing include, a limit reached) is put back as it was written, that tag only, and the rest
  renders: markup then shows it dimmed as today. Each failure costs one more parse, so at most
  ``MAX_ATTEMPTS`` are made within ``TIME_BUDGET`` seconds; past that the body is returned as
  written (today's reading), as is a body over ``MAX_BODY`` characters or ``MAX_MARKUP`` tags.

Only Liquid runs, with limits on loop iterations, output size and include depth: a template loop
cannot freeze the reader. This module is core: it never imports Textual.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any, TextIO

from liquid import Environment, FileSystemLoader
from liquid.ast import Node
from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.exceptions import LiquidError, ResourceLimitError
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from blogtui.blog import liquid_filters
from blogtui.blog.rubytime import get_timezone

__all__ = ["LiquidOutcome", "render", "render_outcome"]

MAX_ATTEMPTS = 40
TIME_BUDGET = 1.5  # seconds, over all attempts
LOOP_LIMIT = 20_000  # iterations (nested loops multiply)
OUTPUT_MIN = 2_000_000  # characters a post may grow to (or 4 x its size, if more)
INCLUDE_DEPTH = 8
#: Past these a post is read as written (today's dimmed tags): python-liquid needs about 80 µs
#: per tag, so 3.6 MB with 45,000 outputs would take seconds before the first screen.
MAX_BODY = 1_000_000
MAX_MARKUP = 3_000

_OPEN = "\ue000"
_CLOSE = "\ue001"
_PLACE = re.compile(_OPEN + r"(\d+)" + _CLOSE)
_TAG = r"\{%-?\s*"
_END = r"\s*-?%\}"
_PROTECT = re.compile(
    rf"{_TAG}raw{_END}.*?(?:{_TAG}endraw{_END}|\Z)"
    rf"|{_TAG}highlight\b[^%]*%\}}.*?{_TAG}endhighlight{_END}"
    rf"|(?:\{{\{{-?\s*site\.(?:url|baseurl)\s*-?\}}\}})*{_TAG}(?:post_url|link)\s[^%\n]*%\}}"
    rf"|{_TAG}include\s+toc(?:\.html)?\b[^%\n]*%\}}",
    re.S,
)
_MARKUP_START = re.compile(r"\{[{%]")
_INCLUDE_ARG = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"']+)""")
_FOR_TAGS = re.compile(r"\{%-?\s*(end)?for\b[^%]*%\}")
_BLOCKS = ("if", "unless", "for", "case", "capture", "comment", "tablerow")


@dataclass(slots=True)
class LiquidOutcome:
    text: str
    #: the sources of the tags Liquid could not render (kept as written)
    kept: list[str] = field(default_factory=list)
    #: True when the body came back as written (no Liquid, or the budget ran out)
    unchanged: bool = False


class _IncludeNode(Node):
    """Jekyll's include: ``{% include name.html key=value %}``, values as ``include.key``."""

    __slots__ = ("args", "name")

    def __init__(self, token: Token, name: str, args: list[tuple[str, Any]]):
        super().__init__(token)
        self.name = name
        self.args = args
        self.blank = False

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        try:
            template = context.env.get_template(self.name, context=context, tag="include")
            params = {
                key: (value.evaluate(context) if hasattr(value, "evaluate") else value)
                for key, value in self.args
            }
            with context.extend({"include": params}, template=template):
                template.render_with_context(context, buffer, partial=True)
        except LiquidError as exc:
            if exc.token is not None and exc.token.source is self.token.source:
                raise
            raise LiquidError(f"include {self.name}: {exc}", token=self.token) from exc
        return True

    async def render_to_output_async(self, context: Any, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


class _IncludeTag(Tag):
    name = "include"
    block = False

    def parse(self, stream: Any) -> Node:
        token = stream.eat(TOKEN_TAG)
        if stream.current.kind != TOKEN_EXPRESSION:
            raise LiquidError("include: no file named", token=token)
        expr_token = stream.current  # left current, as the built-in tags do (into_inner eat=False)
        words = expr_token.value.strip().split(None, 1)
        name = words[0].strip("\"'")
        if not name or "{" in name:
            raise LiquidError("include: a computed file name", token=token)
        args: list[tuple[str, Any]] = []
        for m in _INCLUDE_ARG.finditer(words[1] if len(words) > 1 else ""):
            key, raw = m.group(1), m.group(2)
            if raw[0] in "\"'":
                args.append((key, raw[1:-1]))
            else:
                inner = TokenStream(tokenize(raw, parent_token=expr_token))
                args.append((key, FilteredExpression.parse(self.env, inner)))
        return _IncludeNode(token, name, args)


class _Env(Environment):
    context_depth_limit = INCLUDE_DEPTH
    loop_iteration_limit = LOOP_LIMIT
    local_namespace_limit = 8_000_000  # bytes of assigned values: {% capture %} doubling in a loop


def _environment(
    includes: Path | None, url: str, baseurl: str, size: int, tz: tzinfo = UTC
) -> _Env:
    loader = FileSystemLoader(includes) if includes is not None and includes.is_dir() else None
    env = _Env(loader=loader)
    env.output_stream_limit = max(OUTPUT_MIN, 4 * size)  # type: ignore[misc]
    env.add_tag(_IncludeTag)
    for name, func in liquid_filters.FILTERS.items():
        env.add_filter(name, func)
    for name, func in liquid_filters.url_filters(url, baseurl).items():
        env.add_filter(name, func)
    for name, func in liquid_filters.date_filters(tz).items():
        env.add_filter(name, func)  # over python-liquid's own ``date``

    def condition(var: str, expr: str, item: object) -> bool:
        try:
            out = env.from_string("{% if " + expr + " %}1{% endif %}").render(**{var: item})
        except LiquidError:
            return False
        return out == "1"

    env.add_filter("where_exp", liquid_filters.make_where_exp(condition))
    return env


def render(
    body: str, variables: Mapping[str, Any], includes: Path | None = None, *, budget: float = 0
) -> str:
    """The body with its Liquid rendered (see the module docstring); never raises."""
    return render_outcome(body, variables, includes, budget=budget).text


def render_outcome(
    body: str, variables: Mapping[str, Any], includes: Path | None = None, *, budget: float = 0
) -> LiquidOutcome:
    if "{{" not in body and "{%" not in body:
        return LiquidOutcome(body, unchanged=True)
    if len(body) > MAX_BODY or body.count("{{") + body.count("{%") > MAX_MARKUP:
        return LiquidOutcome(body, unchanged=True)
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group())
        return f"{_OPEN}{len(kept) - 1}{_CLOSE}"

    src = _PROTECT.sub(keep, body.replace(_OPEN, "").replace(_CLOSE, ""))
    protected = len(kept)
    site = variables.get("site") if isinstance(variables.get("site"), Mapping) else {}
    assert isinstance(site, Mapping)
    env = _environment(
        includes,
        str(site.get("url") or ""),
        str(site.get("baseurl") or ""),
        len(body),
        get_timezone(str(site.get("timezone") or "") or None),
    )
    deadline = time.monotonic() + (budget or TIME_BUDGET)
    for _attempt in range(MAX_ATTEMPTS):
        try:
            out = env.from_string(src).render(**dict(variables))
        except LiquidError as exc:
            span = _failed_span(src, exc)
            if span is None or time.monotonic() > deadline:
                break
            start, end = span
            kept.append(_restore(src[start:end], kept))
            src = f"{src[:start]}{_OPEN}{len(kept) - 1}{_CLOSE}{src[end:]}"
            continue
        except (RecursionError, MemoryError, ValueError, TypeError, ArithmeticError):
            break  # a value Liquid's filters did not expect: the post reads as written
        text = _restore(out, kept)
        return LiquidOutcome(text, kept[protected:])
    return LiquidOutcome(body, kept[protected:], unchanged=True)


def _restore(text: str, kept: list[str]) -> str:
    if _OPEN not in text:
        return text

    def back(m: re.Match[str]) -> str:
        i = int(m.group(1))
        return kept[i] if i < len(kept) else ""

    return _PLACE.sub(back, text)


def _tag_at(src: str, index: int) -> tuple[int, int] | None:
    """The ``{% … %}`` / ``{{ … }}`` around ``index`` of ``src``."""
    start = max(src.rfind("{%", 0, index + 2), src.rfind("{{", 0, index + 2))
    if start < 0:
        return None
    closer = "%}" if src.startswith("{%", start) else "}}"
    end = src.find(closer, start + 2)
    if end < 0:
        nl = src.find("\n", start)
        return start, len(src) if nl < 0 else nl
    return start, end + 2


def _failed_span(src: str, exc: LiquidError) -> tuple[int, int] | None:
    if isinstance(exc, ResourceLimitError):
        return _last_loop_block(src)
    token = exc.token
    if token is not None and token.source is src and token.start_index >= 0:
        return _tag_at(src, token.start_index)
    if token is not None and token.start_index >= 0 and token.source == src:
        return _tag_at(src, token.start_index)
    return _unclosed_block(src)


def _last_loop_block(src: str) -> tuple[int, int] | None:
    """A loop went past a limit (python-liquid does not say which): the last outermost
    ``{% for %}…{% endfor %}`` is kept as written, whole (its body would repeat past the limit)."""
    depth, start, last = 0, -1, None
    for m in _FOR_TAGS.finditer(src):
        if m.group(1):
            if depth:
                depth -= 1
                if not depth:
                    last = (start, m.end())
        else:
            if not depth:
                start = m.start()
            depth += 1
    return last or _unclosed_block(src)


def _unclosed_block(src: str) -> tuple[int, int] | None:
    """No position given (``{% if %}`` never closed, a limit): the last block opened but not
    closed, else the last tag that starts a block, else the last markup of all."""
    opens: dict[str, list[re.Match[str]]] = {name: [] for name in _BLOCKS}
    pattern = re.compile(r"\{%-?\s*(end)?(" + "|".join(_BLOCKS) + r")\b")
    for m in pattern.finditer(src):
        stack = opens[m.group(2)]
        if m.group(1):
            if stack:
                stack.pop()
        else:
            stack.append(m)
    left = [m for stack in opens.values() for m in stack]
    if left:
        return _tag_at(src, max(left, key=lambda m: m.start()).start())
    loops = [m for m in pattern.finditer(src) if not m.group(1)]
    if loops:
        return _tag_at(src, loops[-1].start())
    starts = list(_MARKUP_START.finditer(src))
    return _tag_at(src, starts[-1].start()) if starts else None


def kept_names(outcome: LiquidOutcome) -> Iterable[str]:
    """The tag names Liquid left as written (for a status line or a test)."""
    for source in outcome.kept:
        m = re.match(r"\{[{%]-?\s*([\w.]+)", source)
        if m:
            yield m.group(1)
