"""A post's file name as Jekyll reads it (YYYY-MM-DD-slug.ext), drafts, and its date against the front matter's."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from blogtui.blog import rubytime, rules
from blogtui.blog.check.dates import ruby_rollover
from blogtui.blog.check.problem import ERROR, WARNING, Checker
from blogtui.blog.site import Site


def is_draft(path: Path, site: Site | None) -> bool:
    text = str(path)
    if site is not None and text.startswith(str(site.drafts_dir) + "/"):
        return True
    return "/_drafts/" in text or text.startswith("_drafts/")


def check_name(
    c: Checker,
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
        roll = ruby_rollover(y, mo, d)
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
        tz = rubytime.get_timezone(site.timezone if site else None)
        # Jekyll's own reading where we have it (a YAML timestamp without offset is UTC to Psych)
        when = jekyll_date or fm_date
        try:
            when = when.astimezone(tz) if when.tzinfo else when
        except OverflowError:  # beyond year 9999 in the site's zone: the backstop says so
            return
        if when.date() != name_day:
            day = when.date().isoformat()
            if fm_date.tzinfo is None and fm_date.date() == name_day and when.tzinfo:
                # a YAML timestamp without offset: Psych reads it as UTC, whatever the site's zone
                offset = when.utcoffset() or timedelta()
                minutes = int(offset.total_seconds()) // 60
                sign = "-" if minutes < 0 else "+"
                zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
                written = fm_date.isoformat(sep=" ")
                c.at_value(
                    "date",
                    ERROR,
                    "date-utc",
                    f"date {written} has no offset, so YAML reads it as UTC: Jekyll publishes the "
                    f"post on {day} ({when.strftime('%H:%M')} in {c.zone}), not on "
                    f"{name_day.isoformat()} as the date and the file name say",
                    f"write the site's offset: date: {written} {zone}",
                )
                return
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
