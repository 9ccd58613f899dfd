"""The date key's severity follows what real Jekyll 4.3.1 does with it (measured with
/work/shared/tools/jekyll_urls.sh, Debian's jekyll, in the site time zones named here):

- error: Jekyll stops the build, never publishes the post, or publishes it on another day (so at
  another URL) than the one written, in the site's time zone;
- warning: Jekyll publishes it on the day written, but reads something else than what is written
  (a time moved, words or an offset ignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.blog.check.file import validate_text
from blogtui.blog.site import Site

E, W = "error", "warning"

#: (front-matter date, site timezone, severity (None: no problem), rule, words of the message)
CASES = [
    # a template leftover after the date: Jekyll reads 2016-07-19, the URL is as meant
    ("2016-07-19 (optional)", "UTC", W, "date-format", "ignoring '(optional)'"),
    ("2016-06-17 12:00:00 foo", "UTC", W, "date-format", "ignoring 'foo'"),
    # malformed offsets are dropped: the time is read in the site's time zone
    ("2016-06-17 12:00-400", "UTC", W, "date-offset", "the day stays the same"),
    ("2016-06-17 23:00-400", "UTC", E, "date-offset", "on 2016-06-17, not 2016-06-18"),
    ("2016-06-17 23:00-400", "America/New_York", W, "date-offset", "the same time as written"),
    ("2016-06-17 12:00-400", "Asia/Tokyo", E, "date-offset", "on 2016-06-17, not 2016-06-18"),
    ("2016-06-17 12:00 -4", "UTC", W, "date-offset", "ignores '-4'"),
    ("2016-06-17 23:00 -4", "UTC", E, "date-offset", "not 2016-06-18"),
    ("2016-06-17 12:00 -4:00", "UTC", W, "date-offset", "ignores '-4:00'"),
    ("2016-06-17 01:00 -4:00", "UTC", W, "date-offset", "the day stays the same"),
    ("2016-06-17 12:00 +530", "UTC", W, "date-offset", "ignores '+530'"),
    ("2016-06-17 01:00 +530", "UTC", E, "date-offset", "not 2016-06-16"),
    # zone names Ruby does not know are dropped the same way (CEST is known in Europe/Berlin)
    ("2016-06-17 12:00 CEST", "UTC", W, "date-offset", "ignores 'CEST'"),
    ("2016-06-17 01:00 CEST", "UTC", E, "date-offset", "not 2016-06-16"),
    (
        "2016-06-17 12:00 CET",
        "Europe/Berlin",
        W,
        "date-format",
        "2016-06-17 13:00:00 (Europe/Berlin)",
    ),
    ("2016-06-17 12:00 PT", "UTC", W, "date-offset", "ignores 'PT'"),
    ("2016-06-17T23:30:00 PT", "UTC", E, "date-offset", "not 2016-06-18"),
    # offsets Ruby reads
    ("2016-06-17 12:00 -04", "UTC", None, None, ""),
    ("2016-06-17 12:00 -0400", "UTC", None, None, ""),
    ("2016-06-17 12:00 EDT", "UTC", W, "date-format", "2016-06-17 16:00:00 (UTC)"),
    (
        "2016-06-17 03:00 +05:30 IST",
        "UTC",
        W,
        "date-format",
        "2016-06-16 21:30:00 (UTC), ignoring 'IST'",
    ),
    ("Mar 4, 2016 9:15 PM", "UTC", W, "date-format", "2016-03-04 21:15:00"),
    # a YAML timestamp without offset is UTC to Psych; a string without seconds is site time
    ("2016-06-17 02:00:00", "America/New_York", E, "date-utc", "on 2016-06-16 (22:00 in America"),
    ("2016-06-17T02:00:00", "America/New_York", E, "date-utc", "not on 2016-06-17"),
    # ... but where the file name has the day Jekyll gives (a tool wrote UTC): fine
    ("2016-06-18 02:00:00", "America/New_York", None, None, ""),
    ("2016-06-17 10:00:00", "America/New_York", None, None, ""),
    ("2016-06-17 02:00:00", "UTC", None, None, ""),
    ("2016-06-17 02:00", "America/New_York", None, None, ""),
    ("2016-06-17 02:00:00 -0400", "America/New_York", None, None, ""),
    # Jekyll stops the build
    ("2016-06-17 12:00 -4000", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("2016-06-17 12:00 +2400", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("next tuesday", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("", "UTC", E, "date-invalid", "date is empty: Jekyll stops the build"),
    ("2016-13-01", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("2016-06-32", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("2016-06-17 25:00", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("2016-06-17 10:61", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("10:00", "UTC", E, "date-invalid", "date is a number: Jekyll stops the build"),  # 36000
    ("2021", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("2021-03", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("true", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("[a]", "UTC", E, "date-invalid", "Jekyll stops the build"),
    ("20160617", "UTC", W, "date-format", "Jekyll reads it as 2016-06-17 00:00:00"),
    # Ruby rolls impossible dates and times over: an error when the day moves
    ("2016-06-17 10:00:60", "UTC", W, "date-rollover", "2016-06-17 10:01:00 (UTC), the same day"),
    ("2016-06-17 23:59:60", "UTC", E, "date-rollover", "publishes the post on 2016-06-18"),
    ("2016-06-17 24:00:00", "UTC", E, "date-rollover", "publishes the post on 2016-06-18"),
    ("2016-06-17 23:59:60", "America/New_York", W, "date-rollover", "2016-06-17 20:00:00"),
    ("2016-02-30", "UTC", E, "date-rollover", "publishes the post on 2016-03-01"),
    ("2016-02-30", "America/New_York", E, "date-rollover", "on 2016-03-01"),
    # the year 0 builds (/0000/01/01/..., /-0001/12/31/... in New York): not a day anyone wrote
    ("0000-01-01", "UTC", E, "date-range", "Jekyll publishes the post there"),
    ("0000-01-01 10:00:00", "UTC", E, "date-range", "year 0"),
    # after 9999: Jekyll reads a future date and skips the post
    ("10000-01-01", "UTC", E, "date-range", "never publishes the post"),
]


@pytest.mark.parametrize(
    ("value", "zone", "severity", "rule", "words"), CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES]
)
def test_date_severity_follows_jekyll(
    value: str, zone: str, severity: str | None, rule: str | None, words: str
) -> None:
    root = Path("/blog")
    site = Site(root=root, posts_dir=root / "_posts", drafts_dir=root / "_drafts", timezone=zone)
    text = f"---\ntitle: T\ndate: {value}\n---\nbody\n"
    problems = validate_text(text, path=root / "_posts" / "2016-06-17-t.md", site=site)
    about_date = [p for p in problems if p.rule.startswith("date") and p.rule != "date-mismatch"]
    if severity is None:
        assert about_date == []
        return
    assert [(p.severity, p.rule) for p in about_date] == [(severity, rule)], about_date
    assert words in about_date[0].message
    if severity == E:  # an error blocks the save: it must say what Jekyll does
        assert "Jekyll" in about_date[0].message
