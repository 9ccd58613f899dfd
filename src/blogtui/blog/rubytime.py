"""Dates as Jekyll 4.3.1 reads them: Ruby's ``Time.parse`` and the site's time zone.

A front-matter ``date:`` and a file name's date go through ``Time.parse(value.to_s).localtime``
(jekyll/document.rb). Surprises worth knowing: a day past the month's end rolls over
(``2019-02-30`` is 2 March), a two-digit year is 19xx/20xx, an offset only counts when it
follows the time (``18:30:22 2023 -0800`` ignores the ``-0800``) and unknown zone names are
ignored. A YAML timestamp without an offset is UTC (Psych, like PyYAML, reads it so). A date
beyond what ``datetime`` holds in the site's zone is a ``PostRuleError`` ("date-range").
tests/golden/ (real Jekyll's output) checks them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any

from blogtui.blog.rules import PostRuleError, ruby_to_s


@lru_cache(maxsize=64)
def get_timezone(name: str | None) -> tzinfo:
    """The site's ``timezone`` (an IANA name); UTC when unset or unknown. Cached: one per name.

    Jekyll without ``timezone:`` uses the zone of the machine that builds the site; GitHub Pages
    builds in UTC, and so do we, so that a URL does not depend on where blogtui runs.
    """
    if not name:
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # a site with a time zone only

    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NUMBERS = {
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, 1)},
    **{m: i for i, m in enumerate(_MONTH_NAMES, 1)},
}
_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
#: The date part, in the shapes Ruby's Date._parse reads: 2021-03-05 (also / or .), Mar 5, 2021,
#: 5 March 2021, March 2021 (the 1st; a weekday name before any is skipped, as in RFC 2822).
_DATE_RES = (
    re.compile(r"\s*(?P<y>\d+)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"),
    re.compile(r"\s*" + _WEEKDAY + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
    re.compile(r"\s*" + _WEEKDAY + r"(?P<d>\d{1,2})\s+" + _MON + r",?\s+(?P<y>\d{4})"),
    re.compile(r"\s*" + _WEEKDAY + _MON + r",?\s+(?P<y>\d{3,})"),  # March 2021: the 1st
)
#: The time after it: hh:mm[:ss[.frac]] [am|pm] [zone]. A zone only counts right after the time
#: (``18:30:22 2023 -0800`` ignores the offset, as Ruby does); "UTC+3" is not a zone Ruby knows.
_CLOCK_RE = re.compile(
    r"(?:[Tt]|\s+|,\s*)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?"
    r"(?:\s*([AaPp])\.?[Mm]\.?(?![A-Za-z]))?"
    r"(?:\s*(Z(?![A-Za-z+-])|[A-Za-z]{1,5}(?![A-Za-z+-])|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?(?!\d)))?"
)
#: Ruby's Time::ZoneOffset (the zone names Time.parse knows; others are ignored).
_ZONE_HOURS = {
    "UTC": 0,
    "Z": 0,
    "UT": 0,
    "GMT": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # Date._parse's "comp" rule
        year += 1900 if year >= 69 else 2000
    return year


def _offset(zone: str | None, tz: tzinfo, year: int) -> tzinfo | None:
    """Ruby's Time.zone_offset: +HH:MM/+HHMM/+HH (minutes not checked), the ZoneOffset names,
    or the site zone's own name in January or July (TZ is the site's time zone when Jekyll
    builds); None for a zone Ruby ignores. An offset of a day or more stops the build."""
    if not zone:
        return None
    up = zone.upper()
    if up in _ZONE_HOURS:
        return timezone(timedelta(hours=_ZONE_HOURS[up]))
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        if delta >= timedelta(days=1):
            raise PostRuleError(f"Invalid date: utc_offset {zone} out of range", "invalid-date")
        return timezone(-delta if zone[0] == "-" else delta)
    for month in (1, 7):
        try:
            there = datetime(year, month, 1, tzinfo=tz)
        except ValueError:
            return None
        if (there.tzname() or "").upper() == up:
            return timezone(there.utcoffset() or timedelta())
    return None


_YMD_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_YYYYMMDD_RE = re.compile(r"(\d{4})(\d\d)(\d\d)")


def _out_of_range(text: str) -> PostRuleError:
    return PostRuleError(
        f"the date {text} is outside the years 1 to 9999 (in the site's time zone): Jekyll reads"
        " it (it publishes a post of the year 0 there; one after 9999 is in the future, never"
        " published), blogtui cannot place it",
        "date-range",
    )


def parse_time(text: str, tz: tzinfo) -> datetime:
    """Ruby's ``Time.parse(text).localtime`` for the date shapes blogs use. Raises PostRuleError
    (also for a date Python's datetime cannot hold: 9999-12-31 23:59 -12:00, "date-range")."""
    return parse_time_ignoring(text, tz)[0]


def parse_time_ignoring(text: str, tz: tzinfo) -> tuple[datetime, str, bool]:
    """parse_time, the part of the text Ruby ignores (a zone it does not know, an offset it
    cannot read, words after the time: "" when it reads all of it), and whether it read a zone."""
    try:
        return _parse_time(text, tz)
    except OverflowError:
        raise _out_of_range(text) from None


def parse_time_as_written(text: str, tz: tzinfo) -> datetime:
    """Ruby's ``Time.parse(text)`` without ``.localtime``, as Liquid's ``date`` filter reads a
    string: the offset or zone the text names is kept (``-0800`` stays ``-0800``, ``Z`` and
    ``UTC`` are UTC); a time without one is in the site's time zone ``tz`` (Jekyll's TZ).
    Raises PostRuleError as parse_time does."""
    try:
        return _parse_written(text, tz)[0]
    except OverflowError:
        raise _out_of_range(text) from None


@lru_cache(maxsize=16384)
def _parse_time(text: str, tz: tzinfo) -> tuple[datetime, str, bool]:
    moment, ignored, zoned = _parse_written(text, tz)
    return (moment.astimezone(tz) if zoned else moment), ignored, zoned


def _parse_written(text: str, tz: tzinfo) -> tuple[datetime, str, bool]:
    digits = _YYYYMMDD_RE.fullmatch(text)
    if digits:  # Date._parse reads 20210304 (a YAML integer) as 2021-03-04
        text = f"{digits[1]}-{digits[2]}-{digits[3]}"
    quick = _YMD_RE.fullmatch(text)
    if quick:  # the file-name case: YYYY-MM-DD, local midnight
        try:
            return _localize(datetime(int(quick[1]), int(quick[2]), int(quick[3])), tz), "", False
        except ValueError:
            pass  # 2021-02-30 and friends: Ruby's rules below
    for date_re in _DATE_RES:
        m = date_re.match(text)
        if m:
            break
    else:
        raise PostRuleError(f"Invalid date '{text}': Jekyll cannot read it", "invalid-date")
    parts = m.groupdict()
    if parts.get("mon") is not None:
        month = _MONTH_NUMBERS.get(parts["mon"].lower(), 0)
        if not month:
            raise PostRuleError(
                f"Invalid date '{text}': unknown month {parts['mon']!r}", "invalid-date"
            )
    else:
        month = int(parts["m"])
    year, day = _full_year(parts["y"]), int(parts.get("d") or 1)
    hour = minute = second = 0
    frac = zone = None
    clock = _CLOCK_RE.match(text, m.end())
    end = clock.end() if clock else m.end()
    if clock:
        hh, mi, ss, frac, ampm, zone = clock.groups()
        hour, minute, second = int(hh), int(mi), int(ss or 0)
        if ampm:
            if hour > 12:
                raise PostRuleError(f"Invalid date '{text}': hour out of range", "invalid-date")
            hour = hour % 12 + (12 if ampm in "Pp" else 0)
    if not 1 <= month <= 12:
        raise PostRuleError(f"Invalid date '{text}': mon out of range", "invalid-date")
    if not 1 <= day <= 31:
        raise PostRuleError(f"Invalid date '{text}': mday out of range", "invalid-date")
    if hour > 24 or minute > 59 or second > 60 or (hour == 24 and (minute or second)):
        raise PostRuleError(f"Invalid date '{text}': argument out of range", "invalid-date")
    try:
        base = datetime(year, month, 1)
    except ValueError:
        raise _out_of_range(text) from None  # Ruby has the year 0 and years after 9999
    # Ruby's Time.local rolls 30 February over into March, and 24:00 into the next day.
    local = base + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=min(second, 59))
    if frac:
        local = local.replace(microsecond=int((frac + "000000")[:6]))
    offset = _offset(zone, tz, year)
    if offset is None:
        ignored = ((zone or "") + " " + text[end:]).strip()
        return _localize(local, tz), ignored, False
    return local.replace(tzinfo=offset), text[end:].strip(), True


def written_zone(value: Any, tz: tzinfo) -> tzinfo | None:
    """The offset the author wrote in a front-matter ``date`` (``+0300``, ``EDT``, ``Z``, the
    site zone's own name), which Jekyll honours; None when the date has none (Jekyll reads it in
    the site's time zone ``tz``) or when Jekyll ignores it. A YAML timestamp without an offset
    is UTC, as YAML says."""
    if isinstance(value, datetime):
        return value.tzinfo or UTC
    if isinstance(value, date) or value is None:
        return None
    text = ruby_to_s(value)
    for date_re in _DATE_RES:
        m = date_re.match(text)
        if m:
            clock = _CLOCK_RE.match(text, m.end())
            try:
                return _offset(clock.group(6), tz, _full_year(m["y"])) if clock else None
            except (PostRuleError, ValueError):
                return None
    return None


def _localize(naive: datetime, tz: tzinfo) -> datetime:
    """A wall-clock time in ``tz``; one skipped by a DST change moves forward, as in Ruby."""
    aware = naive.replace(tzinfo=tz)
    if tz is UTC:
        return aware
    return aware.astimezone(UTC).astimezone(tz)


def date_from_front_matter(value: Any, tz: tzinfo) -> datetime:
    """Document#merge_date!: ``Time.parse(value.to_s).localtime``. Raises PostRuleError (also
    "date-range" for a date beyond what datetime holds once in the site's time zone)."""
    try:
        return _date_from_front_matter(value, tz)
    except OverflowError:
        raise _out_of_range(ruby_to_s(value)) from None


def _date_from_front_matter(value: Any, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # a YAML timestamp without offset is UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(tz)
    if isinstance(value, date):
        return _localize(datetime.combine(value, time()), tz)
    return parse_time(ruby_to_s(value), tz)
