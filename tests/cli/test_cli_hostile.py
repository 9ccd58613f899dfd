"""Every command on the hostile blog (tests/hostile): in a subprocess, bounded in time and memory,
and not one escape sequence, C1 control, BEL or bidi override in its stdout or stderr bytes."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from tests.hostile import run_cli
from tests.hostile.corpus import ALL, FORBIDDEN, OSC2, OSC52, write_hostile_blog

from blogtui.commands.sync import print_summary


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile_blog(tmp_path / "blog")


def _clean(name: str, data: bytes) -> None:
    found = FORBIDDEN.search(data)
    assert found is None, (
        f"{name}: {found.group()!r} at {found.start()}: {data[max(0, found.start() - 60) : found.end() + 20]!r}"
    )


COMMANDS = [
    ["check", "{blog}"],
    ["check", "-v", "{blog}"],
    ["check", "--format", "json", "{blog}"],
    ["list", "{blog}"],
    ["list", "--drafts", "{blog}"],
    ["list", "--format", "json", "{blog}"],
    ["list", "--drafts", "--format", "json", "{blog}"],
    ["new", "--blog", "{blog}", "Hello " + ALL],
    ["new", "--draft", "--blog", "{blog}", "Idea " + OSC52],
    ["publish", "--blog", "{blog}", "idea" + OSC52],
    ["unpublish", "--blog", "{blog}", "2021-02-03-title" + OSC2 + "x"],
    ["sync", "{blog}"],
    ["search", "title", "{blog}"],
    ["search", "--format", "json", "title", "{blog}"],
    ["search", "post", "{blog}"],
    ["show", "{blog}/_posts/2021-02-03-title" + OSC2 + "x.md"],
    ["show", "--plain", "{blog}/_posts/2021-02-03-title" + OSC2 + "x.md"],
    ["nonsense" + OSC52],
]


@pytest.mark.parametrize(
    "args", COMMANDS, ids=[" ".join(a[:3]).encode("unicode_escape").decode() for a in COMMANDS]
)
def test_no_escape_reaches_the_terminal(hostile: Path, tmp_path: Path, args: list[str]) -> None:
    home = tmp_path / "home"
    (home / "config" / "blogtui").mkdir(parents=True)
    (home / "config" / "blogtui" / "config.toml").write_text(
        '[comments]\nbackend = "isso"\nurl = "http://127.0.0.1:9/"\ntimeout = 2\n'
    )
    done = run_cli([a.replace("{blog}", str(hostile)) for a in args], home, cwd=hostile)
    assert done.returncode in (0, 1, 2), done.stderr
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    _clean("stdout", done.stdout)
    _clean("stderr", done.stderr)
    if "json" in args:
        json.loads(done.stdout.decode("utf-8"))  # valid UTF-8 and valid JSON


def test_list_json_keeps_a_non_utf8_file_name_as_a_json_escape(
    hostile: Path, tmp_path: Path
) -> None:
    done = run_cli(["list", "--format", "json", str(hostile)], tmp_path / "home")
    posts = json.loads(done.stdout.decode("utf-8"))
    paths = [p["path"] for p in posts]
    assert "_posts/2021-02-05-caf\udce9.md" in paths  # the byte 0xe9, as Python names it
    titles = [p["title"] for p in posts]
    assert any("\x1b]52" in t for t in titles)  # the data is kept; only escaped on the way out
    assert b"\\u001b]52" in done.stdout


def test_list_text_shows_titles_stripped_and_names_visible(hostile: Path, tmp_path: Path) -> None:
    done = run_cli(["list", "--drafts", str(hostile)], tmp_path / "home")
    out = done.stdout.decode("utf-8")
    assert "\tTitle 1\tcat,news\t" in out  # the OSC 52 in the title and category removed
    assert "2021-02-03-title\\x1b]2;PWNED\\x07x.md" in out  # a name stays findable
    assert "2021-02-05-caf\\xe9.md" in out
    assert "idea\\x1b]52;c;cHduZWQ=\\x07.md" in out


def test_sync_summary_writes_thread_keys_and_reasons_visibly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = SimpleNamespace(
        connection=SimpleNamespace(state="online"),
        error=None,
        not_asked=0,
        threads=2,
        fetched=1,
        unchanged=0,
        failed={"/t" + OSC2: "unexpected answer " + OSC52},
        new_comments=0,
        posted=[],
        private=0,
        seconds=0.1,
        warnings=["odd " + ALL],
        unsent=[SimpleNamespace(id=1, thread="/t" + OSC52, state="pending", error=None)],
    )
    print_summary(report, "isso")
    out, err = capsys.readouterr()
    _clean("stdout", out.encode())
    _clean("stderr", err.encode())
    assert "failed\t/t\\x1b]2;PWNED\\x07\tunexpected answer" in err
