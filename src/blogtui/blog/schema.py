"""Front-matter rules: one judgement for the editor (before a save) and for `blogtui check`.

Real Jekyll 4.3.1 is the reference (tests/golden/check-*.json): everything that makes it abort
the build, skip a post for its bytes, or publish a post with its front matter lost is an
*error* here; what Jekyll accepts but probably not as meant is a *warning*. Every problem is a
value with the file's line and column and, where we know one, a hint saying what to write.

Rule ids (each has a test in tests/test_schema.py):

=========================  =======  =========================================================
encoding                   error    not UTF-8 (byte offset named), UTF-16/32, binary (NUL)
front-matter-not-first     error    blank line/space before ``---``: Jekyll ignores the block
front-matter-no-opening    error    ``key: value`` lines closed by ``---`` but never opened
front-matter-unclosed      error    ``---`` never closed: Jekyll ignores the block
line-endings               error    CR-only (old Mac) line ends: Jekyll sees no front matter
front-matter-toml          warning  ``+++`` TOML front matter: Jekyll does not read it
front-matter-missing       warning  no front matter: title and date come from the file name
front-matter-not-mapping   error    a list or a bare value instead of ``key: value`` lines
yaml-syntax, yaml-tab      error    YAML that cannot be parsed (tabs get their own message)
yaml-unsafe-tag            error    ``!!python/...`` and custom tags (never constructed)
yaml-alias-bomb, -nesting  error    alias expansion / nesting beyond a fixed bound
duplicate-key              warning  a key given twice (YAML keeps the last one)
title-type, layout-type    e / w    a list or mapping: error; a number or boolean: warning
categories-type, tags-type e / w    not a string or a list of strings (Jekyll drops or garbles)
category-type, tag-type    e / w    not one string (a list: see misspelt-key)
slug-type, permalink-type  error    not a string: Jekyll stops the build (no URL)
date-invalid               error    a date Jekyll cannot parse, or an impossible one
date-format                warning  a date Jekyll reads in full but not written YYYY-MM-DD ...
published-string, -type    warning  ``published: "false"`` is a string: Jekyll publishes it
permalink-placeholder      error    ``:name`` that is no URL placeholder: Jekyll stops the build
permalink-slash            warning  a permalink not starting with ``/``
misspelt-key               warning  ``titel``, ``categores``, ``tag:`` with a list ...
required, field-type       error    ``[schema]`` of config.toml: required keys, custom types
filename                   w / e    a post's name is not YYYY-MM-DD-slug.ext (impossible: error)
date-mismatch              warning  front-matter date on another day than the file name
draft-dated                warning  a draft whose name has a date
duplicate-url              error    two posts at the same URL path (names both)
unreadable                 error    a file that cannot be read at all
jekyll                     error    backstop: blog.post.build_post (the index's model of Jekyll)
                                    says Jekyll stops or drops the front matter, no rule above did
=========================  =======  =========================================================

The editor calls :func:`validate_text` after every pause in typing; it only parses the front
matter (never the body), so a 100 KB post costs the same as a small one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogtui.blog import postfile, rules
from blogtui.blog.site import Site
from blogtui.blog.source import (
    BOM,
    KeyPosition,
    Loaded,
    SourceError,
    decode,
    load_front_matter,
    split,
)

if TYPE_CHECKING:
    from blogtui.blog.post import Post

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a post. ``line``/``column`` are 1-based, of the file."""

    path: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    rule: str
    message: str
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"
        )


def sort_key(p: Problem) -> tuple[str, int, int, int, str]:
    return (p.path, p.line, p.column, 0 if p.severity == ERROR else 1, p.rule)


# -- configuration ([schema] in config.toml) -------------------------------------------------------

#: type name in config.toml -> (test, words for the message)
_TYPES: dict[str, tuple[Any, str]] = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "date": (
        lambda v: (
            isinstance(v, (date, datetime))
            or (isinstance(v, str) and _parse_date_string(v)[0] is not None)
        ),
        "a date",
    ),
    "list": (lambda v: isinstance(v, list), "a list"),
    "list of strings": (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of strings",
    ),
    "string or list": (
        lambda v: (
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
        ),
        "a string or a list of strings",
    ),
}
_TYPE_ALIASES = {
    "str": "string",
    "boolean": "bool",
    "integer": "int",
    "float": "number",
    "strings": "list of strings",
    "datetime": "date",
}


@dataclass(frozen=True, slots=True)
class SchemaConfig:
    """A blog's own tightening of the rules: required keys and types for (custom) keys."""

    required: tuple[str, ...] = ()
    types: dict[str, str] = field(default_factory=dict)
    #: entries of [schema] that could not be understood (shown as warnings, never fatal)
    problems: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, schema: dict[str, Any] | None) -> SchemaConfig:
        schema = schema or {}
        problems: list[str] = []
        required: list[str] = []
        raw_required = schema.get("required", [])
        if isinstance(raw_required, list) and all(isinstance(k, str) for k in raw_required):
            required = list(raw_required)
        else:
            problems.append('[schema] required must be a list of key names, e.g. ["title", "date"]')
        types: dict[str, str] = {}
        for key, value in schema.items():
            if key == "required":
                continue
            name = (
                _TYPE_ALIASES.get(str(value).strip().lower(), str(value).strip().lower())
                if isinstance(value, str)
                else None
            )
            if name in _TYPES:
                types[key] = name
            else:
                known = ", ".join(f'"{t}"' for t in _TYPES)
                problems.append(f"[schema] {key} = {value!r}: unknown type (use one of {known})")
        return cls(tuple(required), types, tuple(problems))


DEFAULT_CONFIG = SchemaConfig()

# -- dates -----------------------------------------------------------------------------------------

_DATE_STRING_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"[ \t]*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$"
)
_MONTHS = (
    "January February March April May June July August September October November December".split()
)


_NOT_A_FORM = "not in a form Jekyll reads as written (YYYY-MM-DD [HH:MM[:SS]] [+-HHMM]): it would guess, or stop the build"


def _parse_date_string(value: str) -> tuple[datetime | None, str | None]:
    """(datetime, None) for a date string Jekyll reads as written, else (None, why not).

    The datetime is aware when the string has an offset (or Z/UTC/GMT), naive otherwise
    (then it is in the site's time zone)."""
    m = _DATE_STRING_RE.match(value)
    if not m:
        return None, _NOT_A_FORM
    y, mo, d, hh, mi, ss = (int(x) if x else 0 for x in m.groups()[:6])
    if not 1 <= mo <= 12:
        return None, f"there is no month {mo}"
    if y == 0:
        return None, "there is no year 0"
    try:
        day = date(y, mo, d)
    except ValueError:
        return None, f"{_MONTHS[mo - 1]} {y} has no day {d}"
    if hh > 23 or mi > 59 or ss > 59:
        return None, f"{hh:02d}:{mi:02d}:{ss:02d} is not a time of day"
    when = datetime(day.year, day.month, day.day, hh, mi, ss)
    off = m.group(8)
    if off:
        if off.upper() in ("Z", "UTC", "GMT"):
            return when.replace(tzinfo=UTC), None
        digits = off[1:].replace(":", "")
        oh, om = int(digits[:2]), int(digits[2:4] or 0)
        if oh > 23 or om > 59:
            return None, f"{off} is not a time-zone offset (at most +/-23:59)"
        sign = -1 if off[0] == "-" else 1
        return when.replace(tzinfo=timezone(sign * timedelta(hours=oh, minutes=om))), None
    return when, None


def _ruby_rollover(y: int, mo: int, d: int) -> str | None:
    """The day Ruby makes of an impossible date such as 2021-02-30 (2021-03-02), if it makes one."""
    if not (1 <= y <= 9998 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return (date(y, mo, 1) + timedelta(days=d - 1)).isoformat()


#: Jekyll's URL placeholders for posts (Drops::UrlDrop); any other ':name' stops the build
PLACEHOLDERS = frozenset(
    "collection path name title slug categories slugified_categories year month day hour minute second i_day i_month "
    "short_month long_month short_year w_year week w_day short_day long_day y_day output_ext".split()
)
_PLACEHOLDER_RE = re.compile(r":([a-z_]+)")

DATE_HINT = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +ZZZZ, e.g. 2021-02-01 10:00:00 -0800"

# -- keys ------------------------------------------------------------------------------------------

KNOWN_KEYS = (
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "tag",
    "published",
    "permalink",
    "layout",
    "slug",
    "excerpt",
    "excerpt_separator",
    "description",
    "author",
    "authors",
    "image",
    "comments",
    "lang",
    "last_modified_at",
    "redirect_from",
    "redirect_to",
    "sitemap",
    "toc",
    "render_with_liquid",
    "summary",
    "draft",
    "header",
    "sidebar",
    "classes",
    "read_time",
    "share",
    "related",
    "search",
)
#: keys whose misspellings are worth a warning (the ones Jekyll itself acts on, and author)
_TYPO_TARGETS = (
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "published",
    "permalink",
    "layout",
    "excerpt",
    "excerpt_separator",
    "description",
    "author",
)


@lru_cache(maxsize=4096)
def _did_you_mean(key: str) -> str | None:
    if key in KNOWN_KEYS:
        return None
    if key.lower() in KNOWN_KEYS:
        return key.lower()
    import difflib  # only for unknown keys: keeps `blogtui check` start-up short

    close = difflib.get_close_matches(key.lower(), _TYPO_TARGETS, n=1, cutoff=0.8)
    return close[0] if close else None


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _q(value: Any, limit: int = 60) -> str:
    """A value quoted in a message: control characters shown as escapes (never sent to a
    terminal as they are: front matter may come from anyone), long values cut short."""
    text = _CONTROL_RE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        str(value),
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, date))


# -- one file --------------------------------------------------------------------------------------


class _Checker:
    """Collects the problems of one file (small, so that each rule stays a few lines)."""

    __slots__ = ("keys", "path", "problems")

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.keys: dict[str, KeyPosition] = {}

    def add(
        self,
        line: int,
        column: int,
        severity: str,
        rule: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        self.problems.append(Problem(self.path, line, column, severity, rule, message, hint))

    def at_value(
        self, key: str, severity: str, rule: str, message: str, hint: str | None = None
    ) -> None:
        pos = self.keys.get(key)
        line, col = (pos.value_line, pos.value_column) if pos else (1, 1)
        self.add(line, col, severity, rule, message, hint)

    def at_key(
        self, key: str, severity: str, rule: str, message: str, hint: str | None = None
    ) -> None:
        pos = self.keys.get(key)
        line, col = (pos.line, pos.column) if pos else (1, 1)
        self.add(line, col, severity, rule, message, hint)


def _front_matter_lost(c: _Checker, text: str, is_post: bool = True) -> None:
    """The text has no front matter by Jekyll's rule: say why, if it looks like it meant one."""
    first_nl = text.find("\n")
    first = text[: first_nl if first_nl >= 0 else len(text)]
    if re.match(r"\+\+\+[ \t]*\r?$", first):
        c.add(
            1,
            1,
            WARNING,
            "front-matter-toml",
            "TOML front matter (+++) is not read by Jekyll: the post is published without it",
            "write the front matter as YAML between '---' lines",
        )
        return
    if first.startswith("---") and "\r" in first.rstrip("\r") and re.match(r"---[ \t]*\r", first):
        c.add(
            1,
            1,
            ERROR,
            "line-endings",
            "the file uses old Mac line endings (CR only): Jekyll sees no front matter",
            "save the file with LF (or CRLF) line endings",
        )
        return
    m = re.match(r"([ \t\r\n\f\v]+)(?=---[ \t\r\f\v]*(?:\n|\Z))", text)
    if m and m.group(1):
        line = text.count("\n", 0, m.end()) + 1
        col = m.end() - (text.rfind("\n", 0, m.end()) + 1) + 1
        what = "blank line" if "\n" in m.group(1) else "space"
        c.add(
            line,
            col,
            ERROR,
            "front-matter-not-first",
            f"a {what} before the opening '---': Jekyll ignores the front matter and publishes the post without it",
            f"delete everything before '---' on line {line}",
        )
        return
    if re.match(r"---[ \t\r\f\v]*\n", text):
        c.add(
            1,
            1,
            ERROR,
            "front-matter-unclosed",
            "the front matter is never closed: Jekyll ignores it and publishes the post without it",
            "add a line '---' after the last 'key: value' line",
        )
        return
    closing = re.search(r"^(?:---|\.\.\.)[ \t\r\f\v]*$", text[:20000], re.M)
    if closing and re.match(r"[A-Za-z_][\w-]*[ \t]*:", text):
        try:
            head = load_front_matter(text[: closing.start()], 1)
        except SourceError:
            head = None
        if head is not None and isinstance(head.data, dict) and head.data:
            c.add(
                1,
                1,
                ERROR,
                "front-matter-no-opening",
                "front matter without its opening '---': Jekyll ignores it and publishes the post without it",
                "add a line '---' before line 1",
            )
            return
    if not is_post:
        return  # not a post at all (the file-name rule says so): no front matter is expected
    c.add(
        1,
        1,
        WARNING,
        "front-matter-missing",
        "no front matter: Jekyll takes the title and date from the file name",
        "start the file with '---', 'title: ...', '---'",
    )


def _check_strings(c: _Checker, key: str, value: Any, *, plural: bool) -> None:
    """categories/tags (a string or a list of strings), category/tag (one string)."""
    rule = f"{key}-type"
    if value is None or isinstance(value, str):
        return
    if isinstance(value, dict):
        c.at_value(
            key,
            ERROR,
            rule,
            f"'{key}' is a mapping; Jekyll cannot use it (it drops the front matter or the {key})",
            f"write {key}: [a, b]",
        )
        return
    if isinstance(value, list):
        if not plural:
            target = "categories" if key == "category" else "tags"
            c.at_key(
                key,
                WARNING,
                "misspelt-key",
                f"'{key}' holds one value but has a list: did you mean '{target}'?",
                f"write {target}: [...]",
            )
            return
        for item in value:
            if isinstance(item, (list, dict)):
                c.at_value(
                    key,
                    ERROR,
                    rule,
                    f"'{key}' must be a list of strings, not a list containing {_kind(item)}",
                    f"write {key}: [a, b, c]",
                )
                return
        odd = [item for item in value if item is not None and not isinstance(item, str)]
        if odd:
            c.at_value(
                key,
                WARNING,
                rule,
                f"'{key}' has {_kind(odd[0])} ({_q(odd[0])}); Jekyll turns it into the text '{_q(odd[0])}'",
                "put it in quotes",
            )
        return
    if _is_scalar(value):
        if key == "categories":
            c.at_value(
                key,
                ERROR,
                rule,
                f"'categories' is {_kind(value)}: Jekyll cannot read the file's front matter then",
                f'put it in quotes: categories: "{_q(value)}"',
            )
        elif key == "tags":
            c.at_value(
                key,
                ERROR,
                rule,
                f"'tags' is {_kind(value)}: Jekyll drops the tags",
                f'put it in quotes: tags: "{_q(value)}"',
            )
        else:
            c.at_value(
                key,
                WARNING,
                rule,
                f"'{key}' is {_kind(value)}; Jekyll turns it into the text '{_q(value)}'",
                "put it in quotes",
            )
        return
    c.at_value(
        key,
        ERROR,
        rule,
        f"'{key}' must be {'a string or a list of strings' if plural else 'a string'}",
    )


def _check_date(c: _Checker, value: Any) -> datetime | None:
    """The front-matter date as written (naive = site time), or None after reporting a problem."""
    if isinstance(value, date):
        # YAML read a timestamp; one with an impossible day or time was rolled over as Psych does
        pos = c.keys.get("date")
        if pos is not None and pos.raw:
            _parsed, why = _parse_date_string(pos.raw)
            if why is not None and why != _NOT_A_FORM:
                c.at_value(
                    "date",
                    ERROR,
                    "date-invalid",
                    f"date '{_q(pos.raw)}': {why} (Jekyll would move the post to {value})",
                    DATE_HINT,
                )
                return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed, why = _parse_date_string(value)
        if parsed is None and why != _NOT_A_FORM:  # one of the usual forms, but impossible
            m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", value)
            extra = ""
            if m and (roll := _ruby_rollover(*(int(x) for x in m.groups()))):
                extra = f" (Jekyll would publish it on {roll})"
            c.at_value(
                "date", ERROR, "date-invalid", f"date '{_q(value)}': {why}{extra}", DATE_HINT
            )
        elif parsed is None:
            return _check_other_date_form(c, value)
        return parsed
    what = "empty" if value is None else _kind(value)
    c.at_value(
        "date", ERROR, "date-invalid", f"date is {what}: Jekyll stops the build on it", DATE_HINT
    )
    return None


_OFFSET_TOKEN_RE = re.compile(r"(?<![\w:])([+-]\d{2}(?::?\d{2})?)(?![\w:])")
_WORD_RE = re.compile(r"[A-Za-z]+")
#: words a date may contain that are not time zones (Ruby's Date._parse knows them)
_DATE_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september "
    "october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday "
    "am pm a p m st nd rd th t z".split()
)


def _check_other_date_form(c: _Checker, value: str) -> datetime | None:
    """A date string in none of the usual forms: what does Jekyll (Ruby's Time.parse) make of it?

    Unreadable, or read with part of it ignored (an offset after the year, a zone name Ruby does
    not know): error. Read in full ("March 4, 2021 9:15 PM", "2021/03/04"): a warning, because
    other tools (and the next person) may read it differently.
    """
    try:
        jekyll = rules.parse_time(value, UTC)
    except rules.PostRuleError:
        c.at_value("date", ERROR, "date-invalid", f"date '{_q(value)}': {_NOT_A_FORM}", DATE_HINT)
        return None
    for m in _OFFSET_TOKEN_RE.finditer(value):
        token = m.group(1)
        if not token[1:].replace(":", "").strip("0"):
            continue  # +0000 means the same either way
        try:  # the same text without the offset: if Jekyll's time is that one, it ignored the offset
            without = rules.parse_time(value[: m.start()] + value[m.end() :], UTC)
        except rules.PostRuleError:
            continue
        if without == jekyll:
            c.at_value(
                "date",
                ERROR,
                "date-invalid",
                f"date '{_q(value)}': Jekyll ignores the offset {token} in it (only an offset right after the time counts)",
                DATE_HINT,
            )
            return None
    unknown = [
        w
        for w in _WORD_RE.findall(value)
        if w.lower() not in _DATE_WORDS and w.upper() not in rules._ZONE_HOURS
    ]
    if unknown:
        c.at_value(
            "date",
            ERROR,
            "date-invalid",
            f"date '{_q(value)}': Jekyll ignores '{_q(unknown[0])}' in it (not a time zone Ruby knows)",
            DATE_HINT,
        )
        return None
    c.at_value(
        "date",
        WARNING,
        "date-format",
        f"date '{_q(value)}' is read by Jekyll as {jekyll.isoformat(sep=' ')}, but is not written as YYYY-MM-DD HH:MM:SS +ZZZZ",
        DATE_HINT,
    )
    return jekyll


def _required(config: SchemaConfig, draft: bool) -> tuple[str, ...]:
    """Required keys; a draft's date is set when it is published, so a draft never needs one."""
    return tuple(k for k in config.required if not (draft and k == "date"))


def _check_keys(
    c: _Checker, data: dict[str, Any], config: SchemaConfig, draft: bool = False
) -> datetime | None:
    """Types of Jekyll's keys, misspellings, and the blog's own [schema]. Returns the date."""
    fm_date: datetime | None = None
    if "title" in data:
        v = data["title"]
        if isinstance(v, (list, dict)):
            c.at_value(
                "title",
                ERROR,
                "title-type",
                f"title is {_kind(v)}, not a string",
                'write title: "..." (in quotes if it has a colon)',
            )
        elif v is None or v is False:
            c.at_value(
                "title",
                WARNING,
                "title-type",
                "title is empty: Jekyll uses the file name instead",
                "write title: ...",
            )
        elif not isinstance(v, str):
            c.at_value(
                "title",
                WARNING,
                "title-type",
                f"title is {_kind(v)}; YAML does not read it as text",
                f'put it in quotes: title: "{_q(v)}"',
            )
        elif not v.strip():
            c.at_value("title", WARNING, "title-type", "title is blank", "write title: ...")
    if "date" in data:
        fm_date = _check_date(c, data["date"])
    for key, plural in (("categories", True), ("tags", True), ("category", False), ("tag", False)):
        if key in data:
            _check_strings(c, key, data[key], plural=plural)
    if "published" in data:
        v = data["published"]
        if isinstance(v, str) and v.strip().lower() in ("false", "no", "off", "n"):
            c.at_value(
                "published",
                WARNING,
                "published-string",
                f'published is the string "{_q(v)}": Jekyll treats it as true and publishes the post',
                "write published: false (no quotes)",
            )
        elif not isinstance(v, bool):
            c.at_value(
                "published",
                WARNING,
                "published-type",
                f"published is {_kind(v)}, not true or false; Jekyll publishes the post",
                "write published: true or published: false",
            )
    if "permalink" in data:
        v = data["permalink"]
        if isinstance(v, str):
            unknown = [
                m.group(1)
                for m in _PLACEHOLDER_RE.finditer(v)
                if m.group(1) not in PLACEHOLDERS and m.group(1).rstrip("_") not in PLACEHOLDERS
            ]
            if unknown:
                c.at_value(
                    "permalink",
                    ERROR,
                    "permalink-placeholder",
                    f"permalink '{_q(v)}' has ':{unknown[0]}', which is not a placeholder: Jekyll stops the build",
                    "use :year, :month, :day, :title, :slug, :categories ... (or no ':' before letters)",
                )
            if v and not v.startswith("/"):
                c.at_value(
                    "permalink",
                    WARNING,
                    "permalink-slash",
                    f"permalink '{_q(v)}' does not start with '/'",
                    f"write permalink: /{_q(v)}",
                )
        elif v is not None:
            c.at_value(
                "permalink",
                ERROR,
                "permalink-type",
                f"permalink is {_kind(v)}, not a path: Jekyll stops the build",
                "write permalink: /path/to/post/",
            )
    if "layout" in data:
        v = data["layout"]
        if isinstance(v, (list, dict)):
            c.at_value(
                "layout",
                ERROR,
                "layout-type",
                f"layout is {_kind(v)}, not a layout name: no layout is found",
                "write layout: post",
            )
        elif v is not None and not isinstance(v, str):
            c.at_value(
                "layout",
                WARNING,
                "layout-type",
                f"layout is {_kind(v)}; Jekyll looks for a layout named '{_q(v)}'",
                f'put it in quotes: layout: "{_q(v)}"',
            )
    if "slug" in data:
        v = data["slug"]
        if v is not None and not isinstance(v, str):
            c.at_value(
                "slug",
                ERROR,
                "slug-type",
                f"slug is {_kind(v)}: Jekyll stops the build (it cannot make the URL)",
                f'put it in quotes: slug: "{_q(v)}"' if _is_scalar(v) else "write slug: my-post",
            )
    for key in data:
        if key in config.types or key in config.required:
            continue
        suggestion = _did_you_mean(key)
        if suggestion and suggestion not in data:
            c.at_key(
                key,
                WARNING,
                "misspelt-key",
                f"unknown key '{_q(key)}': did you mean '{suggestion}'?",
                f"rename it to '{suggestion}'",
            )
    for key in _required(config, draft):
        if key not in data or data[key] is None or data[key] == "":
            c.add(
                1,
                1,
                ERROR,
                "required",
                f"'{key}' is required by this blog ([schema] required)",
                f"add '{key}: ...' to the front matter",
            )
    for key, type_name in config.types.items():
        if key in data and data[key] is not None:
            test, words = _TYPES[type_name]
            if not test(data[key]):
                c.at_value(
                    key,
                    ERROR,
                    "field-type",
                    f"'{key}' must be {words} ([schema] {key}), not {_kind(data[key])}",
                )
    return fm_date


def _is_draft(path: Path, site: Site | None) -> bool:
    text = str(path)
    if site is not None and text.startswith(str(site.drafts_dir) + "/"):
        return True
    return "/_drafts/" in text or text.startswith("_drafts/")


def _check_name(
    c: _Checker,
    path: Path,
    draft: bool,
    fm_date: datetime | None,
    site: Site | None,
    jekyll_date: datetime | None = None,
) -> None:
    name = path.name
    m = rules.DATE_NAME_RE.fullmatch(name)
    if draft:
        if m:
            c.add(
                1,
                1,
                WARNING,
                "draft-dated",
                f"a draft's name has no date: Jekyll keeps '{m.group(1)}-' in its URL",
                f"rename it to {m.group(2)}{m.group(3)}; the date is set when it is published",
            )
        elif not rules.DATELESS_NAME_RE.fullmatch(name):
            c.add(
                1,
                1,
                WARNING,
                "filename",
                "a draft's name needs an extension (.md): Jekyll ignores this file",
            )
        return
    if not m:
        c.add(
            1,
            1,
            WARNING,
            "filename",
            "not a post: Jekyll ignores files whose name is not YYYY-MM-DD-slug.ext",
            "rename it like 2021-03-04-my-post.md",
        )
        return
    year_text = m.group(1).split("-")[0]
    y, mo, d = (int(x) for x in m.group(1).split("-"))
    if len(year_text) == 2:  # Ruby's Date._parse: 69-99 are 19xx, 00-68 are 20xx
        y += 1900 if y >= 69 else 2000
    try:
        name_day = date(y, mo, d)
    except ValueError:
        roll = _ruby_rollover(y, mo, d)
        then = f"; Jekyll publishes it on {roll}" if roll and fm_date is None else ""
        c.add(
            1,
            1,
            ERROR,
            "filename",
            f"the date in the file name, {m.group(1)}, does not exist{then}",
            "rename the file with a real date",
        )
        return
    if not re.match(r"\d{4}-\d{2}-\d{2}-", name):
        c.add(
            1,
            1,
            WARNING,
            "filename",
            f"write the date in the file name as YYYY-MM-DD ({name_day.isoformat()})",
            f"rename it to {name_day.isoformat()}-{m.group(2)}{m.group(3)}",
        )
    if fm_date is not None:
        tz = rules.get_timezone(site.timezone if site else None)
        # Jekyll's own reading where we have it (a YAML timestamp without offset is UTC to Psych)
        when = jekyll_date or fm_date
        try:
            when = when.astimezone(tz) if when.tzinfo else when
        except OverflowError:  # beyond year 9999 in the site's zone: the backstop says so
            return
        if when.date() != name_day:
            day = when.date().isoformat()
            if fm_date.tzinfo and fm_date.date() == name_day:
                zone = (site.timezone if site else None) or "UTC"
                message = (
                    f"the date is {fm_date.date().isoformat()} where it was written but {day} in the site's time zone "
                    f"({zone}), not the day in the file name; Jekyll uses {day} in the URL"
                )
                hint = "set timezone: in _config.yml (or [site] timezone in config.toml), or make them agree"
            else:
                message = f"the date {day} is not the day in the file name ({name_day.isoformat()}); Jekyll uses {day}"
                hint = "make the file name and the date agree"
            c.at_value("date", WARNING, "date-mismatch", message, hint)


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one file yields: its problems and, when readable, the metadata (for cross-file rules)."""

    problems: list[Problem]
    metadata: dict[str, Any] | None
    keys: dict[str, KeyPosition]
    #: the URL path Jekyll publishes the post at (None: a draft, unpublished, or not a post)
    url: str | None = None


def _check_text(
    text: str, path: Path, site: Site | None, config: SchemaConfig, display: str | None = None
) -> FileReport:
    c = _Checker(display if display is not None else str(path))
    if text.startswith(BOM):
        text = text[1:]
    draft = _is_draft(path, site)
    s = split(text)
    metadata: dict[str, Any] | None = None
    fm_date: datetime | None = None
    if not s.has_front_matter:
        name_ok = (rules.DATELESS_NAME_RE if draft else rules.DATE_NAME_RE).fullmatch(
            path.name
        ) is not None
        _front_matter_lost(c, text, name_ok)
        metadata = {}
        for key in _required(config, draft):
            c.add(
                1,
                1,
                ERROR,
                "required",
                f"'{key}' is required by this blog ([schema] required)",
                f"add '{key}: ...' to the front matter",
            )
    else:
        try:
            loaded: Loaded = load_front_matter(s.yaml_text, s.yaml_line)
        except SourceError as exc:
            c.add(exc.line, exc.column, ERROR, exc.rule, exc.message, exc.hint)
            loaded = Loaded(None, {})
            metadata = None
        else:
            data = loaded.data
            if data is None:
                metadata = {}
            elif not isinstance(data, dict):
                c.add(
                    s.yaml_line,
                    1,
                    ERROR,
                    "front-matter-not-mapping",
                    f"the front matter is {_kind(data)}, not 'key: value' lines: Jekyll drops it",
                    "write one 'key: value' per line",
                )
            else:
                metadata = {str(k): v for k, v in data.items()}
                c.keys = loaded.keys
                for key, line, col in loaded.duplicates:
                    c.add(
                        line,
                        col,
                        WARNING,
                        "duplicate-key",
                        f"'{_q(key)}' is given twice; only the last value counts",
                        "delete one of them",
                    )
                fm_date = _check_keys(c, metadata, config, draft)
    post = _jekyll_backstop(c, path, draft, metadata, site) if metadata is not None else None
    _check_name(c, path, draft, fm_date, site, post.date if post is not None else None)
    url = post.url if post is not None and not draft and post.published else None
    return FileReport(c.problems, metadata, c.keys, url)


#: the key whose value a PostRuleError (blog.rules: Jekyll's own reading) is about
_RULE_KEYS = {
    "invalid-date": "date",
    "slug-type": "slug",
    "permalink-type": "permalink",
    "permalink": "permalink",
}


def _jekyll_backstop(
    c: _Checker, path: Path, draft: bool, metadata: dict[str, Any], site: Site | None
) -> Post | None:
    """Read the post as Jekyll would (blog.post.build_post, the index's model of Jekyll 4.3.1).

    Where that model says Jekyll stops the build or drops the front matter and no rule above
    has said so already, that is an error too: the two views of Jekyll never disagree silently.
    Returns the post as Jekyll reads it (its URL for the duplicate-URL rule, its date for the
    date-mismatch rule), or None.
    """
    from blogtui.blog.post import build_post

    if site is None:
        folder = path.parent
        site = Site(root=folder, posts_dir=folder, drafts_dir=folder / "_drafts")
    try:
        post = build_post(site, path, "draft" if draft else "post", metadata, now=_NOW)
    except rules.PostRuleError as exc:
        if exc.rule == "date-range":  # Jekyll reads it; only blogtui cannot
            c.at_value("date", ERROR, "date-range", exc.message)
        elif not any(p.severity == ERROR for p in c.problems):
            key = _RULE_KEYS.get(exc.rule, exc.rule.split("-")[0])
            c.at_value(
                key,
                ERROR,
                "jekyll",
                f"{exc.message}: Jekyll stops the build or drops the front matter",
            )
        return None
    except Exception:
        return None
    return post


# -- the API ---------------------------------------------------------------------------------------


def validate_text(
    text: str, *, path: Path, site: Site | None = None, config: SchemaConfig | None = None
) -> list[Problem]:
    """All problems of one post's text (the editor's buffer). Never raises for any text."""
    problems = _check_text(text, Path(path), site, config or DEFAULT_CONFIG).problems
    return sorted(problems, key=sort_key)


def _bytes_report(
    data: bytes, path: Path, site: Site | None, config: SchemaConfig, display: str | None = None
) -> FileReport:
    try:
        text, _bom = decode(data)
    except SourceError as exc:
        shown = display if display is not None else str(path)
        return FileReport(
            [Problem(shown, exc.line, exc.column, ERROR, exc.rule, exc.message, exc.hint)], None, {}
        )
    return _check_text(text, path, site, config, display)


def validate_bytes(
    data: bytes, *, path: Path, site: Site | None = None, config: SchemaConfig | None = None
) -> list[Problem]:
    """Like validate_text, for a file's bytes: adds the encoding rules (UTF-8, binary)."""
    return sorted(
        _bytes_report(data, Path(path), site, config or DEFAULT_CONFIG).problems, key=sort_key
    )


#: 'now' for build_post: whether a post is in the future does not change its URL
_NOW = datetime(2000, 1, 1, tzinfo=UTC)


_Url = tuple[str, str, int, int]  # (url, shown path, line, column)
#: below this many files a second process costs more than it saves
PARALLEL_MIN_FILES = 2000
#: files per task given to a worker (at least)
MIN_CHUNK = 200


def _check_chunk(
    args: tuple[list[tuple[Path, str]], Site, SchemaConfig],
) -> tuple[list[Problem], list[Path], list[_Url]]:
    files, site, config = args
    problems: list[Problem] = []
    unreadable: list[Path] = []
    urls: list[_Url] = []
    roots = site.folders
    for path, shown in files:
        try:  # the one bounded reader: a FIFO, a device, a dangling or outward link is a problem
            data = postfile.read_bytes(path, roots)
        except SourceError as exc:  # not read (exit status 2)
            unreadable.append(path)
            problems.append(
                Problem(shown, exc.line, exc.column, ERROR, exc.rule, exc.message, exc.hint)
            )
            continue
        try:
            report = _bytes_report(data, path, site, config, shown)
        except Exception as exc:  # no single file stops the check: a problem of that file
            problems.append(_internal(shown, exc))
            continue
        problems.extend(report.problems)
        if report.url:
            url = report.url
            if url:
                pos = report.keys.get("permalink")
                urls.append(
                    (url, shown, pos.value_line if pos else 1, pos.value_column if pos else 1)
                )
    return problems, unreadable, urls


def _internal(shown: str, exc: Exception) -> Problem:
    return Problem(
        shown,
        1,
        1,
        ERROR,
        "internal",
        f"blogtui could not check this file ({type(exc).__name__}: {exc})",
        "please report this as a blogtui bug, with the file",
    )


def _run_chunks(
    files: list[tuple[Path, str]], site: Site, config: SchemaConfig, jobs: int
) -> list[tuple[list[Problem], list[Path], list[_Url]]]:
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            global _FORKED
            size = max(MIN_CHUNK, len(files) // (jobs * 4))
            _FORKED = (files, site, config, size)
            try:
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    return pool.map(_check_range, range(0, len(files), size), chunksize=1)
            finally:
                _FORKED = None
    return [_check_chunk((files, site, config))]


_FORKED: tuple[list[tuple[Path, str]], Site, SchemaConfig, int] | None = None


def _check_range(start: int) -> tuple[list[Problem], list[Path], list[_Url]]:
    """In a forked worker: check files[start:start + size] of the list the parent set up."""
    assert _FORKED is not None
    files, site, config, size = _FORKED
    return _check_chunk((files[start : start + size], site, config))


def validate_files(
    files: Iterable[tuple[Path, str]],
    site: Site,
    config: SchemaConfig | None = None,
    *,
    jobs: int = 1,
) -> tuple[list[Problem], list[Path]]:
    """Problems of ``(path, display name)`` pairs plus the cross-file rules; also the unreadable paths.

    ``jobs`` > 1 checks large sets in that many forked processes (for the command line only:
    never from a program that runs threads, such as the TUI).
    """
    config = config or DEFAULT_CONFIG
    problems: list[Problem] = []
    unreadable: list[Path] = []
    urls: dict[str, list[tuple[str, int, int]]] = {}
    for found, bad, chunk_urls in _run_chunks(list(files), site, config, jobs):
        problems.extend(found)
        unreadable.extend(bad)
        for url, shown, line, col in chunk_urls:
            urls.setdefault(url, []).append((shown, line, col))
    for url, owners in urls.items():
        if len(owners) < 2:
            continue
        for shown, line, col in owners:
            others = ", ".join(o[0] for o in owners if o[0] != shown)
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    ERROR,
                    "duplicate-url",
                    f"URL path {url} is also the URL of {others}",
                    "change the permalink or the file name of one of them",
                )
            )
    problems.sort(key=sort_key)
    return problems, unreadable


def iter_files(paths: Iterable[Path], site: Site) -> list[Path]:
    """Files to check: each file as given; each folder walked as Jekyll would (the site's own
    root or posts folder also brings its ``_drafts``). Missing paths are kept (they are reported)."""
    from blogtui.blog.index import BlogIndex, _walk

    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            resolved = path.resolve()
            if resolved in (site.root, site.posts_dir):
                # the blog itself (with its drafts); a Jekyll site's _posts alone: just the posts
                with_drafts = resolved == site.root
                found = [
                    p for p, _kind in BlogIndex(site, None, include_drafts=with_drafts).files()
                ]
            else:
                found = list(_walk(path))
        else:
            found = [path]
        for f in found:
            if f not in seen:
                seen.add(f)
                out.append(f)
    return out


def validate_blog(
    paths: Iterable[Path], site: Site, config: SchemaConfig | None = None
) -> list[Problem]:
    """Check files (folders are walked as Jekyll would) and the cross-file rules (duplicate URLs)."""
    files = iter_files(paths, site)
    problems, _unreadable = validate_files(((f, str(f)) for f in files), site, config)
    return problems
