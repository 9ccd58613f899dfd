"""Dates as their author wrote them: the offset Jekyll honours is the one shown."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "value,zone",
    [
        ("2021-03-04 10:00:00 +0300", "+0300"),
        ("2021-03-04 10:00 EDT", "-0400"),
        ("2021-03-04T10:00:00Z", "+0000"),
        ("2021-03-04 10:00", None),  # read in the site's zone: shown in it
        ("2021-03-04", None),
        ("2016-06-17 12:00-400", None),  # a malformed offset Jekyll drops
        (None, None),
    ],
)
def test_written_zone_is_the_offset_jekyll_honours(value: object, zone: str | None) -> None:
    from datetime import UTC, datetime

    from blogtui.blog.rubytime import written_zone

    found = written_zone(value, UTC)
    assert (datetime(2021, 1, 1, tzinfo=found).strftime("%z") if found else None) == zone
