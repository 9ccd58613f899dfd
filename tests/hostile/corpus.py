"""A hostile blog of our own, written into a folder: :func:`write_hostile_blog`.

Every string a person or a server can put in front of the terminal carries escape sequences:
titles, tags, categories, file names, draft names, ``isso_id`` (comment thread keys). Beside them,
files that try to hang or exhaust the reader: a FIFO, links to /dev/zero and to nowhere, binary and
non-UTF-8 files, dates out of range, YAML nested thousands deep, CR-only line ends. Grow it with
every new case.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # clipboard write
OSC8 = "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\"  # hyperlink
OSC2 = "\x1b]2;PWNED\x07"  # window title
CSI_CLEAR = "\x1b[2J"  # erase the screen
C1_CSI = "\x9b31m"  # 8-bit CSI
C1_OSC = "\x9d2;8bit\x9c"  # 8-bit OSC ... ST
BEL = "\x07"
RLO = "\u202e"  # right-to-left override
HOSTILE = [OSC52, OSC8, OSC2, CSI_CLEAR, C1_CSI, C1_OSC, BEL, RLO]
ALL = "".join(HOSTILE)

#: what must never be in a command's output bytes: ESC (so no CSI/OSC/DCS of ours either),
#: BEL, C1 controls as UTF-8 (U+0080-U+009F) or as raw bytes, and bidi overrides/isolates
FORBIDDEN = re.compile(
    rb"\x1b|\x07|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|(?<![\xc0-\xf4])[\x80-\x9f]"
)


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` (control characters as YAML escapes)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code in range(0x202A, 0x202F) or code in range(0x2066, 0x206A):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _post(title: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {yaml_quoted(title)}\n"
        f"categories: [{yaml_quoted('cat' + OSC52)}, {yaml_quoted('news' + CSI_CLEAR)}]\n"
        f"tags: [{yaml_quoted('tag' + OSC2)}, {yaml_quoted(RLO + 'gat')}]\n"
        f"{extra}---\nBody with {ALL} in it.\n"
    )


def _write(path: Path | bytes, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def write_hostile_blog(folder: Path) -> Path:
    """A Jekyll site in ``folder`` (created) full of hostile names and files; returns it."""
    posts, drafts = folder / "_posts", folder / "_drafts"
    posts.mkdir(parents=True)
    drafts.mkdir()
    (folder / "_config.yml").write_text("title: " + yaml_quoted("Blog" + OSC2) + "\n")
    for i, seq in enumerate(HOSTILE, start=1):
        _write(
            posts / f"2021-01-{i:02d}-post{i}.md",
            _post(f"Title {seq} {i}", f"isso_id: {yaml_quoted('/thread' + seq)}\n"),
        )
    # file names and draft names
    _write(posts / f"2021-02-03-title{OSC2}x.md", _post("named"))
    _write(posts / f"2021-02-04-rlo{RLO}dm.exe.md", _post("rlo"))
    _write(os.fsencode(posts) + b"/2021-02-05-caf\xe9.md", _post("latin-1 name"))
    _write(os.fsencode(posts) + b"/2021-02-06-c1\x9b2J.md", _post("c1 name"))
    _write(drafts / f"idea{OSC52}.md", _post("Draft " + OSC8))
    _write(drafts / f"plan{CSI_CLEAR}.md", _post("Plan"))
    # files that try to hang or exhaust the reader
    os.mkfifo(posts / "2021-03-01-fifo.md")
    (posts / "2021-03-02-zero.md").symlink_to("/dev/zero")
    (posts / "2021-03-03-dangling.md").symlink_to(folder / "nowhere.md")
    _write(posts / "2021-03-04-binary.md", b"---\ntitle: bin\n---\n" + b"x" * 9000 + b"\0")
    _write(posts / "2021-03-05-latin1.md", "---\ntitle: caf\u00e9\n---\n".encode("latin-1"))
    _write(posts / "2021-03-06-far.md", "---\ntitle: far\ndate: 9999-12-31 23:59:59 -12:00\n---\n")
    _write(posts / "2021-03-07-deep.md", "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    _write(posts / "2021-03-08-cr.md", "---\rtitle: cr" + OSC52 + "\r---\rbody\r")
    _write(
        posts / "2021-03-09-yaml-error.md",
        "---\ntitle: [unclosed " + OSC2.replace("\x1b", "") + "\n---\n",
    )
    _write(posts / f"2021-03-10-bad{OSC52}-yaml.md", "---\ntitle: " + ALL + "\n---\n")
    return folder
