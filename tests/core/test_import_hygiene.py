"""The core must not import Textual: headless commands start fast and can be tested without a terminal."""

import subprocess
import sys

import pytest

CORE_MODULES = [
    "blogtui.blog",
    "blogtui.blog.index",
    "blogtui.blog.post",
    "blogtui.blog.source",
    "blogtui.blog.permalink",
    "blogtui.blog.site",
    "blogtui.comments",
    "blogtui.config",
    "blogtui.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulls in textual"


def test_list_command_does_not_import_textual(tmp_path) -> None:
    code = (
        "import sys\n"
        "from blogtui.cli import main\n"
        f"rc = main(['list', {str(tmp_path)!r}])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN"


def test_help_and_version_import_nothing_heavy() -> None:
    """`blogtui --help` answers instantly: no Textual, YAML, front matter or HTTP stack imported."""
    code = (
        "import sys, contextlib, io\n"
        "from blogtui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('textual', 'yaml', 'frontmatter', 'httpx', 'markdown_it') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_reader_starts_without_what_its_first_frame_does_not_need() -> None:
    """The post list is on screen before YAML, markdown-it, Liquid, SQLite, HTTP, the filter's
    ranking or syntax highlighting are loaded: a post opened after the first frame pays for them."""
    heavy = (
        "yaml",
        "frontmatter",
        "markdown_it",
        "rich.markdown",
        "pygments",
        "tree_sitter",
        "liquid",
        "sqlite3",
        "httpx",
        "rapidfuzz",
        "watchfiles",
    )
    code = (
        "import sys\n"
        "import blogtui.tui.app\n"
        "from blogtui.blog.index_snapshot import cached_index\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
