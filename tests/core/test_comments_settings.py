"""One reading of ``[comments] concurrency`` and ``timeout`` for the CLI's sync, the reader's
sync and every backend (the reader used to ignore ``concurrency``)."""

from __future__ import annotations

import pytest

from blogtui.comments.http import concurrency_setting, timeout_setting
from blogtui.comments.sync import SyncPolicy


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 4), (1, 1), (9, 9), (500, 32), (0, 4), (-3, 4), (True, 4), ("8", 4), (2.5, 4)],
)
def test_concurrency_setting(value: object, expected: int) -> None:
    conf = {} if value is None else {"concurrency": value}
    assert concurrency_setting(conf) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 10.0), (3, 3.0), (0.5, 0.5), (0, 10.0), ("x", 10.0)]
)
def test_timeout_setting(value: object, expected: float) -> None:
    conf = {} if value is None else {"timeout": value}
    assert timeout_setting(conf) == expected


def test_the_reader_and_the_cli_sync_with_the_configured_concurrency() -> None:
    conf = {"concurrency": 9}
    reader = SyncPolicy.from_settings(conf, interactive=True)
    cli = SyncPolicy.from_settings(conf, interactive=False)
    assert reader.concurrency == cli.concurrency == 9
    assert reader.retries < cli.retries  # the reader reports a dead server sooner
