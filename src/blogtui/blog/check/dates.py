"""The front-matter date: the forms Jekyll reads as written, Ruby's rollover, what it ignores."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from blogtui.blog import rules
from blogtui.blog.check.problem import ERROR, WARNING, Checker, kind_of, quote

_DATE_STRING_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"[ \t]*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$"
)
_MONTHS = (
    "January February March April May June July August September October November December".split()
)


NOT_A_FORM = "not in a form Jekyll reads as written (YYYY-MM-DD [HH:MM[:SS]] [+-HHMM]): it would guess, or stop the build"


def parse_date_string(value: str) -> tuple[datetime | None, str | None]:
    """(datetime, None) for a date string Jekyll reads as written, else (None, why not).

    The datetime is aware when the string has an offset (or Z/UTC/GMT), naive otherwise
    (then it is in the site's time zone)."""
    m = _DATE_STRING_RE.match(value)
    if not m:
        return None, NOT_A_FORM
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


def ruby_rollover(y: int, mo: int, d: int) -> str | None:
    """The day Ruby makes of an impossible date such as 2021-02-30 (2021-03-02), if it makes one."""
    if not (1 <= y <= 9998 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return (date(y, mo, 1) + timedelta(days=d - 1)).isoformat()


DATE_HINT = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +ZZZZ, e.g. 2021-02-01 10:00:00 -0800"


def check_date(c: Checker, value: Any) -> datetime | None:
    """The front-matter date as written (naive = site time), or None after reporting a problem."""
    if isinstance(value, date):
        # YAML read a timestamp; one with an impossible day or time was rolled over as Psych does
        pos = c.keys.get("date")
        if pos is not None and pos.raw:
            _parsed, why = parse_date_string(pos.raw)
            if why is not None and why != NOT_A_FORM:
                c.at_value(
                    "date",
                    ERROR,
                    "date-invalid",
                    f"date '{quote(pos.raw)}': {why} (Jekyll would move the post to {value})",
                    DATE_HINT,
                )
                return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed, why = parse_date_string(value)
        if parsed is None and why != NOT_A_FORM:  # one of the usual forms, but impossible
            m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", value)
            extra = ""
            if m and (roll := ruby_rollover(*(int(x) for x in m.groups()))):
                extra = f" (Jekyll would publish it on {roll})"
            c.at_value(
                "date", ERROR, "date-invalid", f"date '{quote(value)}': {why}{extra}", DATE_HINT
            )
        elif parsed is None:
            return _check_other_date_form(c, value)
        return parsed
    what = "empty" if value is None else kind_of(value)
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


def _check_other_date_form(c: Checker, value: str) -> datetime | None:
    """A date string in none of the usual forms: what does Jekyll (Ruby's Time.parse) make of it?

    Unreadable, or read with part of it ignored (an offset after the year, a zone name Ruby does
    not know): error. Read in full ("March 4, 2021 9:15 PM", "2021/03/04"): a warning, because
    other tools (and the next person) may read it differently.
    """
    try:
        jekyll = rules.parse_time(value, UTC)
    except rules.PostRuleError:
        c.at_value("date", ERROR, "date-invalid", f"date '{quote(value)}': {NOT_A_FORM}", DATE_HINT)
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
                f"date '{quote(value)}': Jekyll ignores the offset {token} in it (only an offset right after the time counts)",
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
            f"date '{quote(value)}': Jekyll ignores '{quote(unknown[0])}' in it (not a time zone Ruby knows)",
            DATE_HINT,
        )
        return None
    c.at_value(
        "date",
        WARNING,
        "date-format",
        f"date '{quote(value)}' is read by Jekyll as {jekyll.isoformat(sep=' ')}, but is not written as YYYY-MM-DD HH:MM:SS +ZZZZ",
        DATE_HINT,
    )
    return jekyll
