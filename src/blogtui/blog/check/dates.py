"""The front-matter date: the forms Jekyll reads as written, Ruby's rollover, what it ignores."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from blogtui.blog import rubytime, rules
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


STOPS = "Jekyll stops the build on it"


def check_date(c: Checker, value: Any) -> datetime | None:
    """The front-matter date as written (naive = site time), or None after reporting an error.

    Severity by what Jekyll does with it: it stops the build (error), publishes the post on
    another day than the one written (error), or on that day with the time moved (warning).
    """
    if isinstance(value, date):
        # YAML read a timestamp; one with an impossible day or time was rolled over as Psych does
        pos = c.keys.get("date")
        if pos is not None and pos.raw:
            _parsed, why = parse_date_string(pos.raw)
            if why is not None and why != NOT_A_FORM:
                jekyll = rubytime.date_from_front_matter(value, c.tz)
                return _rolled_over(c, pos.raw, why, jekyll, timestamp=True)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed, why = parse_date_string(value)
        if parsed is not None:
            return parsed
        if _YEAR_0_RE.match(value):
            _year_0(c, value)
            return None
        if _BIG_YEAR_RE.match(value):
            c.at_value(
                "date",
                ERROR,
                "date-range",
                f"date '{quote(value)}' is after the year 9999: Jekyll reads it as a date in the "
                "future and never publishes the post",
                DATE_HINT,
            )
            return None
        if why == NOT_A_FORM:
            return _check_other_date_form(c, value)
        try:
            jekyll = rubytime.parse_time(value, c.tz)
        except rules.PostRuleError:
            c.at_value(
                "date", ERROR, "date-invalid", f"date '{quote(value)}': {why}: {STOPS}", DATE_HINT
            )
            return None
        return _rolled_over(c, value, why or "", jekyll, timestamp=False)
    if isinstance(value, int) and not isinstance(value, bool) and 10_000_000 <= value <= 99_999_999:
        try:  # 20210304: Ruby reads the digits as a date
            jekyll = rubytime.parse_time(str(value), c.tz)
        except rules.PostRuleError:
            pass
        else:
            when = jekyll.replace(tzinfo=None).isoformat(sep=" ")
            c.at_value(
                "date",
                WARNING,
                "date-format",
                f"date {value} is a number; Jekyll reads it as {when} ({c.zone})",
                DATE_HINT,
            )
            return jekyll
    what = "empty" if value is None else kind_of(value)
    c.at_value("date", ERROR, "date-invalid", f"date is {what}: {STOPS}", DATE_HINT)
    return None


_YEAR_0_RE = re.compile(r"\s*0000-")
_BIG_YEAR_RE = re.compile(r"\s*\d{5,}-")


def _year_0(c: Checker, value: str) -> None:
    """The year 0: Ruby has it, so Jekyll publishes the post there (/0000/01/01/..., or in the
    year -1 west of UTC, Ruby using local mean time then): an error, no one wrote a post then."""
    c.at_value(
        "date",
        ERROR,
        "date-range",
        f"date '{quote(value)}' is in the year 0: Jekyll publishes the post there (its URL starts "
        "/0000/ or, west of UTC, /-0001/), as the oldest post of the site",
        DATE_HINT,
    )


def _meant_day(raw: str, tz: tzinfo, timestamp: bool) -> date | None:
    """The day an impossible date means in the site's time zone once each part is brought into
    range (2021-02-30 -> 2021-02-28, 23:59:60 -> 23:59:59, 24:00 -> 23:59:59)."""
    m = _DATE_STRING_RE.match(raw)
    if not m:
        return None
    y, mo, d, hh, mi, ss = (int(x) if x else 0 for x in m.groups()[:6])
    if not (1 <= y <= 9999 and 1 <= mo <= 12):
        return None
    d = max(1, min(d, calendar.monthrange(y, mo)[1]))
    if hh > 23:
        hh, mi, ss = 23, 59, 59
    naive = datetime(y, mo, d, hh, min(mi, 59), min(ss, 59))
    off = m.group(8)
    zone: tzinfo = UTC if timestamp else tz  # Psych reads a timestamp without offset as UTC
    if off:
        try:
            zone = rubytime._offset(off, tz, y) or UTC
        except rules.PostRuleError:
            return None
    try:
        return naive.replace(tzinfo=zone).astimezone(tz).date()
    except OverflowError:
        return None


def _rolled_over(c: Checker, raw: str, why: str, jekyll: datetime, *, timestamp: bool) -> datetime:
    """A date with an impossible part that Ruby rolls over: an error when the post's day (its
    URL) moves, a warning when only the time does."""
    meant = _meant_day(raw, c.tz, timestamp)
    when = jekyll.replace(tzinfo=None).isoformat(sep=" ")
    if meant is not None and meant == jekyll.date():
        c.at_value(
            "date",
            WARNING,
            "date-rollover",
            f"date '{quote(raw)}': {why}; Jekyll reads it as {when} ({c.zone}), the same day",
            DATE_HINT,
        )
    else:
        c.at_value(
            "date",
            ERROR,
            "date-rollover",
            f"date '{quote(raw)}': {why}; Jekyll publishes the post on {jekyll.date().isoformat()} "
            f"({when}, {c.zone})",
            DATE_HINT,
        )
    return jekyll


#: zone names people write that Ruby's Time.parse does not know (it ignores them); the
#: site zone's own name is known to Ruby (rubytime._offset)
_ZONE_NAMES: dict[str, str] = {
    "CET": "+01:00", "CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "WET": "+00:00",
    "WEST": "+01:00", "BST": "+01:00", "IST": "+05:30", "MSK": "+03:00", "JST": "+09:00",
    "KST": "+09:00", "HKT": "+08:00", "SGT": "+08:00", "AWST": "+08:00", "ACST": "+09:30",
    "AEST": "+10:00", "AEDT": "+11:00", "NZST": "+12:00", "NZDT": "+13:00", "HST": "-10:00",
    "AKST": "-09:00", "AKDT": "-08:00", "BRT": "-03:00", "ART": "-03:00", "SAST": "+02:00",
    "PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago",
    "ET": "America/New_York",
}  # fmt: skip
_OFFSET_LIKE_RE = re.compile(r"(?<![\w+-])([+-])(\d{1,4})(?::(\d{2}))?(?![\d:])")
_WORD_RE = re.compile(r"[A-Za-z]+")


def _meant_zone(ignored: str) -> tuple[str, tzinfo] | None:
    """The offset or zone the author wrote in the part Ruby ignored ('-400', '-4', '+530',
    '-4:00', 'CEST', 'PT'), or None when it holds none."""
    m = _OFFSET_LIKE_RE.search(ignored)
    if m:
        sign, digits, minutes = m.groups()
        if minutes is not None:
            hours, mins = int(digits), int(minutes)
        elif len(digits) <= 2:
            hours, mins = int(digits), 0
        else:
            hours, mins = int(digits[:-2]), int(digits[-2:])
        if hours < 24 and mins < 60:
            delta = timedelta(hours=hours, minutes=mins)
            return m.group(), timezone(-delta if sign == "-" else delta)
    for word in _WORD_RE.findall(ignored):
        name = _ZONE_NAMES.get(word.upper())
        if name is not None:
            if name[0] in "+-":
                hours, mins = int(name[1:3]), int(name[4:6])
                delta = timedelta(hours=hours, minutes=mins)
                return word, timezone(-delta if name[0] == "-" else delta)
            return word, ZoneInfo(name)
    return None


def _check_other_date_form(c: Checker, value: str) -> datetime | None:
    """A date string in none of the usual forms: what does Jekyll (Ruby's Time.parse) make of it?

    Unreadable: error (Jekyll stops the build). Read with an offset or zone ignored ('12:00-400',
    'CEST'): the time is read in the site's time zone; an error when that moves the post to
    another day than the one written, else a warning. Read with other words ignored
    ('2016-07-19 (optional)') or read in full ("March 4, 2021 9:15 PM"): a warning.
    """
    try:
        jekyll, ignored, zone_read = rubytime.parse_time_ignoring(value, c.tz)
    except rules.PostRuleError:
        c.at_value("date", ERROR, "date-invalid", f"date '{quote(value)}': {STOPS}", DATE_HINT)
        return None
    when = jekyll.replace(tzinfo=None).isoformat(sep=" ")
    meant = _meant_zone(ignored) if ignored and not zone_read else None
    if meant is None:
        what = f", ignoring '{quote(ignored)}'" if ignored else ""
        c.at_value(
            "date",
            WARNING,
            "date-format",
            f"date '{quote(value)}' is read by Jekyll as {when} ({c.zone}){what}; "
            "write it as YYYY-MM-DD HH:MM:SS +ZZZZ so that every tool reads it so",
            DATE_HINT,
        )
        return jekyll
    token, zone = meant
    try:
        written = jekyll.replace(tzinfo=None).replace(tzinfo=zone).astimezone(c.tz)
    except OverflowError:
        written = jekyll
    if written.date() != jekyll.date():
        c.at_value(
            "date",
            ERROR,
            "date-offset",
            f"date '{quote(value)}': Jekyll ignores '{quote(token)}' and reads the time in the site's "
            f"time zone ({c.zone}): it publishes the post on {jekyll.date().isoformat()}, not "
            f"{written.date().isoformat()}",
            DATE_HINT,
        )
    else:
        same = "the same time as written, here" if written == jekyll else "the day stays the same"
        c.at_value(
            "date",
            WARNING,
            "date-offset",
            f"date '{quote(value)}': Jekyll ignores '{quote(token)}' and reads {when} in the site's "
            f"time zone ({c.zone}): {same}",
            DATE_HINT,
        )
    return jekyll
