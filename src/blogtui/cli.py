"""The `blogtui` command: open the TUI (default), or run a headless command.

Headless commands live in ``blogtui.commands.<name>``: each module has ``add_arguments(parser)``
and ``run(args, settings) -> int``. Adding a command is adding a module and a line in COMMANDS
(with its one-line help). Heavy imports (Textual, httpx) happen inside ``run`` so that
``blogtui --help`` and ``blogtui check`` stay instant and never import Textual.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from blogtui import __version__
from blogtui.config import HOW_THE_BLOG_IS_FOUND

#: command name -> (module under blogtui.commands, one-line help). The help is here, not in the
#: module, so that `blogtui --help` imports nothing heavy.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("list_cmd", "print the posts of the blog (one per line, or --format json)"),
    "check": ("check", "validate front matter like a linter (exit 1 on errors)"),
    "new": ("new", "create a post or a draft from a title"),
    "publish": ("publish", "move a draft to a dated post"),
    "unpublish": ("unpublish", "move a post back to the drafts"),
    "sync": ("sync", "fetch comments and post the outbox of replies"),
    "search": ("search", "full-text search of posts, drafts and stored comments"),
    "show": (
        "show",
        "print a post as the reader shows it (colours on a terminal, plain when piped)",
    ),
}


def _available() -> dict[str, tuple[str, str]]:
    return {
        name: spec
        for name, spec in COMMANDS.items()
        if importlib.util.find_spec(f"blogtui.commands.{spec[0]}") is not None
    }


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: the platform config dir; env BLOGTUI_CONFIG)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser (the TUI); commands get theirs from command_parser()."""
    available = _available()
    lines = "\n".join(f"  {name:<10} {help_}" for name, (_m, help_) in available.items())
    parser = argparse.ArgumentParser(
        prog="blogtui",
        usage="blogtui [-h] [--version] [--config FILE] [--blog BLOG] [BLOG]\n"
        "       blogtui COMMAND [options]",
        description="Read, comment on and write a Markdown (Jekyll) blog in the terminal.",
        epilog=f"commands:\n{lines}\n\nRun 'blogtui COMMAND --help' for a command's options."
        f" With no command, the reader opens.\n\n{_wrapped(HOW_THE_BLOG_IS_FOUND)}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    _common(parser)
    from blogtui.commands._common import add_blog_argument

    add_blog_argument(parser, positional=True)
    return parser


def _wrapped(text: str) -> str:
    import textwrap

    return textwrap.fill(text, width=90)


def command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module_name, help_ = COMMANDS[name]
    mod = importlib.import_module(f"blogtui.commands.{module_name}")
    sp = argparse.ArgumentParser(
        prog=f"blogtui {name}",
        description=help_,
        epilog=_wrapped(HOW_THE_BLOG_IS_FOUND),
    )
    _common(sp)
    mod.add_arguments(sp)  # type: ignore[attr-defined]
    return sp, mod


def _command_word(args: list[str]) -> int | None:
    """Index of the command word, skipping `--config FILE` before it."""
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--config", "--blog"):
            i += 2
            continue
        if a.startswith("-"):
            i += 1
            continue
        return i
    return None


def _is_path(word: str) -> bool:
    """A word that names a blog rather than a command: an existing path, or one written as a
    path (``./x``, ``~/x``, ``a/b``: the reader then says there is no blog there)."""
    return Path(word).expanduser().exists() or word.startswith((".", "~")) or os.sep in word


def unknown_command(word: str) -> str:
    """The message for a word that is neither a command nor a path (``blogtui lsit``)."""
    from blogtui.safe import one_line

    close = difflib.get_close_matches(word, list(_available()), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"blogtui: unknown command '{one_line(word)}'{hint}; see 'blogtui --help'"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    idx = _command_word(args_list)
    if idx is not None and args_list[idx] not in _available() and not _is_path(args_list[idx]):
        from blogtui.commands._output import err

        err(unknown_command(args_list[idx]))
        return 2
    if idx is not None and args_list[idx] in _available():
        name = args_list[idx]
        parser, mod = command_parser(name)
        args = parser.parse_args(args_list[:idx] + args_list[idx + 1 :])
        _one_blog(parser, args)
        from blogtui.config import load_settings, warn

        settings = load_settings(args.config)
        warn(settings.problems)
        try:
            return int(mod.run(args, settings) or 0)  # type: ignore[attr-defined]
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            return 0
    parser = build_parser()
    args = parser.parse_args(args_list)
    _one_blog(parser, args)
    return run_tui(args)


def _one_blog(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The blog is named once: ``BLOG`` or ``--blog BLOG`` (both, if different, is a usage error)."""
    positional, option = getattr(args, "blog", None), getattr(args, "blog_option", None)
    if positional and option and positional != option:
        parser.error(f"two blogs named: {positional} and --blog {option}; give one")


def run_tui(args: argparse.Namespace) -> int:
    from blogtui.commands._common import blog_arg
    from blogtui.config import load_settings

    settings = load_settings(args.config)
    blog = settings.blog_path(blog_arg(args))
    if not blog.is_dir():
        from blogtui.commands._output import err

        err(
            f"blogtui: no blog folder at {blog} (give BLOG or --blog BLOG, or run it inside a"
            " blog; 'blogtui --help' says how the blog is found)"
        )
        return 2
    from blogtui.tui.app import BlogApp

    app = BlogApp(settings=settings, blog_path=blog)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
