"""Liquid's date filters read a date as Jekyll 4.3.1 does (issue 11).

``date`` (Liquid's) keeps the offset a string names; Jekyll's ``date_to_xmlschema``,
``date_to_string``, ``date_to_long_string`` and ``date_to_rfc822`` show the time in the site's
``timezone:``. Every expected string below was printed by real Jekyll 4.3.1 (Debian's
/usr/bin/jekyll): ``make_site`` writes the same site (``timezone: America/New_York``, one post
applying each filter of ``FILTERS`` to each value of ``JEKYLL``), built with
``cd SITE && jekyll build`` and read back from ``_site/2021/03/04/dates.html``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from blogtui.blog import liquid, liquid_context
from blogtui.blog.index import load_index
from blogtui.blog.pipeline import prepare_post
from blogtui.blog.site import open_site

FRONT_MATTER = """---
title: Dates
date: 2021-03-04 10:00:00 +0300
day: 2021-03-04
stamp: 2021-03-04 10:00:00 -08:00
stampz: 2021-03-04 10:00:00
---
"""
FILTERS = (
    'date: "%Y-%m-%d %H:%M:%S %z"',
    "date_to_xmlschema",
    "date_to_string",
    'date_to_long_string: "ordinal"',
    'date_to_long_string: "ordinal", "US"',
    "date_to_rfc822",
)
#: What Jekyll 4.3.1 printed for ``{{ VALUE | FILTER }}``, one string per filter of FILTERS
#: (``page.*`` are the front matter above: a date with an offset, a YAML date, YAML timestamps
#: with and without an offset). ``jekyll build`` on the site make_site writes, 2026-12-03.
JEKYLL: dict[str, tuple[str, ...]] = {
    "2021-03-04 10:00:00 -0800": (
        "2021-03-04 10:00:00 -0800",
        "2021-03-04T13:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 13:00:00 -0500",
    ),
    "2021-03-04 10:00:00 +0530": (
        "2021-03-04 10:00:00 +0530",
        "2021-03-03T23:30:00-05:00",
        "03 Mar 2021",
        "3rd March 2021",
        "March 3rd, 2021",
        "Wed, 03 Mar 2021 23:30:00 -0500",
    ),
    "March 4, 2021": (
        "2021-03-04 00:00:00 -0500",
        "2021-03-04T00:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 00:00:00 -0500",
    ),
    "2021-03-04T10:00:00Z": (
        "2021-03-04 10:00:00 +0000",
        "2021-03-04T05:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 05:00:00 -0500",
    ),
    "2021-03-04": (
        "2021-03-04 00:00:00 -0500",
        "2021-03-04T00:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 00:00:00 -0500",
    ),
    "2021-03-04 10:00": (
        "2021-03-04 10:00:00 -0500",
        "2021-03-04T10:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 10:00:00 -0500",
    ),
    "1614852000": (
        "2021-03-04 05:00:00 -0500",
        "2021-03-04T05:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 05:00:00 -0500",
    ),
    "Thu, 04 Mar 2021 10:00:00 EST": (
        "2021-03-04 10:00:00 -0500",
        "2021-03-04T10:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 10:00:00 -0500",
    ),
    "4 March 2021 23:30": (
        "2021-03-04 23:30:00 -0500",
        "2021-03-04T23:30:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 23:30:00 -0500",
    ),
    "2021-03-04 10:00:00.123456 +0100": (
        "2021-03-04 10:00:00 +0100",
        "2021-03-04T04:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 04:00:00 -0500",
    ),
    "2021-07-04 10:00:00 EDT": (
        "2021-07-04 10:00:00 -0400",
        "2021-07-04T10:00:00-04:00",
        "04 Jul 2021",
        "4th July 2021",
        "July 4th, 2021",
        "Sun, 04 Jul 2021 10:00:00 -0400",
    ),
    "2021-02-30 10:00": (
        "2021-03-02 10:00:00 -0500",
        "2021-03-02T10:00:00-05:00",
        "02 Mar 2021",
        "2nd March 2021",
        "March 2nd, 2021",
        "Tue, 02 Mar 2021 10:00:00 -0500",
    ),
    "March 2021": (
        "2021-03-01 00:00:00 -0500",
        "2021-03-01T00:00:00-05:00",
        "01 Mar 2021",
        "1st March 2021",
        "March 1st, 2021",
        "Mon, 01 Mar 2021 00:00:00 -0500",
    ),
    "2021-03-04 10:00:00 UTC": (
        "2021-03-04 10:00:00 +0000",
        "2021-03-04T05:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 05:00:00 -0500",
    ),
    "Mar 4th, 2021 3:05 pm": (
        "2021-03-04 15:05:00 -0500",
        "2021-03-04T15:05:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 15:05:00 -0500",
    ),
    "page.date": (
        "2021-03-04 02:00:00 -0500",
        "2021-03-04T02:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 02:00:00 -0500",
    ),
    "page.day": (
        "2021-03-04 00:00:00 +0000",
        "2021-03-04T00:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 00:00:00 -0500",
    ),
    "page.stamp": (
        "2021-03-04 10:00:00 -0800",
        "2021-03-04T13:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 13:00:00 -0500",
    ),
    "page.stampz": (
        "2021-03-04 05:00:00 -0500",
        "2021-03-04T05:00:00-05:00",
        "04 Mar 2021",
        "4th March 2021",
        "March 4th, 2021",
        "Thu, 04 Mar 2021 05:00:00 -0500",
    ),
}


def make_site(root: Path, body: str) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("timezone: America/New_York\n", encoding="utf-8")
    post = root / "_posts" / "2021-03-04-dates.md"
    post.write_text(FRONT_MATTER + body, encoding="utf-8")
    return root


def rendered(root: Path, body: str) -> str:
    """The post's body after blogtui's Liquid pass (what Jekyll's page holds, before HTML)."""
    site = open_site(make_site(root, body))
    index = load_index(site)
    post = index.posts[0]
    return liquid.render(post.read_body(), liquid_context.variables(site, post, index.posts))


def outputs(value: str) -> str:
    subject = value if value.startswith("page.") else f'"{value}"'
    return "\n".join(f"{{{{ {subject} | {f} }}}}" for f in FILTERS)


@pytest.mark.parametrize("value", list(JEKYLL))
def test_each_date_shape_prints_what_jekyll_printed(tmp_path: Path, value: str) -> None:
    assert rendered(tmp_path, outputs(value)).splitlines() == list(JEKYLL[value])


def test_a_string_ruby_cannot_read(tmp_path: Path) -> None:
    """Jekyll printed ``[not a date]`` and ``[2021-13-45]`` for ``date``; with date_to_string
    (or date_to_xmlschema, date_to_rfc822, date_to_long_string) it stopped the build: "Liquid
    Exception: Invalid Date: '"2021-13-45"' is not a valid datetime.". The reader keeps that tag
    as written and renders the rest of the post."""
    body = (
        '[{{ "not a date" | date: "%Y-%m-%d" }}] [{{ "2021-13-45" | date: "%Y" }}]\n'
        '{{ "2021-13-45" | date_to_string }} {{ "not a date" | date_to_xmlschema }}\n'
        '{{ "2021-03-04" | date_to_string }}'
    )
    out = rendered(tmp_path, body)
    assert out.splitlines() == [
        "[not a date] [2021-13-45]",
        '{{ "2021-13-45" | date_to_string }} {{ "not a date" | date_to_xmlschema }}',
        "04 Mar 2021",
    ]


def test_formats_ruby_writes_its_own_way(tmp_path: Path) -> None:
    """Jekyll printed these three lines (%Z is empty for a written offset, UTC for Z, the zone's
    name for a time without one; %s the moment's epoch; %L/%N fractions; %:z)."""
    body = (
        'Z1[{{ "2021-03-04 10:00:00.25 -0800" | date: "%Z~%s~%L~%N~%:z~%%s" }}]\n'
        'Z2[{{ "2021-03-04T10:00:00Z" | date: "%Z~%s~%:z" }}]\n'
        'Z3[{{ "2021-03-04 10:00" | date: "%Z~%s~%:z~%-d~%e~%B %-d, %Y" }}]'
    )
    assert rendered(tmp_path, body).splitlines() == [
        "Z1[~1614880800~250~250000000~-08:00~%s]",
        "Z2[UTC~1614852000~+00:00]",
        "Z3[EST~1614870000~-05:00~4~ 4~March 4, 2021]",
    ]


def test_nothing_to_format(tmp_path: Path) -> None:
    """Jekyll printed ``E[||||2021-03-04]``: an empty string, a missing value, an empty format."""
    body = (
        'E[{{ "" | date_to_string }}|{{ "" | date_to_xmlschema }}|'
        '{{ page.nothing | date_to_long_string }}|{{ page.nothing | date: "%Y" }}|'
        '{{ "2021-03-04" | date: "" }}]'
    )
    assert rendered(tmp_path, body) == "E[||||2021-03-04]"


def test_now_and_today_are_in_the_site_zone(tmp_path: Path) -> None:
    """Jekyll printed ``N[2026-12-03 -0500|2026-12-03 -0500|-05:00]`` on 3 December 2026."""
    body = (
        'N[{{ "now" | date: "%Y-%m-%d %z" }}|{{ "today" | date: "%Y-%m-%d %z" }}|'
        '{{ "Now" | date_to_xmlschema | slice: 19, 6 }}]'
    )
    zone = ZoneInfo("America/New_York")
    before = dt.datetime.now(zone)
    out = rendered(tmp_path, body)
    after = dt.datetime.now(zone)

    def line(t: dt.datetime) -> str:
        offset = t.isoformat(timespec="seconds")[19:]
        return f"N[{t:%Y-%m-%d %z}|{t:%Y-%m-%d %z}|{offset}]"

    assert out in {line(before), line(after)}


def test_the_reader_shows_the_dates_jekyll_shows(tmp_path: Path) -> None:
    body = (
        '{{ "2021-03-04 10:00:00 -0800" | date_to_xmlschema }} {{ "1614852000" | date: "%H:%M" }}'
    )
    site = open_site(make_site(tmp_path, body + "\n"))
    index = load_index(site)
    text = prepare_post(index.posts[0].read_body(), site=site, post=index.posts[0], index=index)
    assert "2021-03-04T13:00:00-05:00 05:00" in text


@pytest.mark.xfail(strict=True, reason="rubytime does not read a time without a date")
def test_a_time_alone_is_today(tmp_path: Path) -> None:
    """Jekyll printed today at 10:00 in New York for ``"10:00" | date: ...``; blogtui gives the
    text back (Ruby's Date._parse reads more shapes than rubytime)."""
    today = dt.datetime.now(ZoneInfo("America/New_York"))
    out = rendered(tmp_path, '{{ "10:00" | date: "%Y-%m-%d %H:%M %z" }}')
    assert out == f"{today:%Y-%m-%d} 10:00 {today:%z}"
