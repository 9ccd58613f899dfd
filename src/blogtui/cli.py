"""The `blogtui` command: open the TUI (default), or run a headless command.

Headless commands live in ``blogtui.commands.<name>``: each module has ``add_arguments(parser)``
and ``run(args, settings) -> int``. Adding a command is adding a module and a line in COMMANDS
(with its one-line help). Heavy imports (Textual, httpx) happen inside ``run`` so that
``blogtui --help`` and ``blogtui check`` stay instant and never import Textual.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from blogtui import __version__

#: command name -> (module under blogtui.commands, one-line help). The help is here, not in the
#: module, so that `blogtui --help` imports nothing heavy.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("list_cmd", "print the posts of the blog (one per line, or --format json)"),
    "check": ("check", "validate front matter like a linter (exit 1 on errors)"),
    "new": ("new", "create a post or a draft from a title"),
    "publish": ("publish", "move a draft to a dated post"),
    "unpublish": ("unpublish", "move a post back to the drafts"),
    "sync": ("sync", "fetch comments and post the outbox of replies"),
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
        usage="blogtui [-h] [--version] [--config FILE] [BLOG]\n       blogtui COMMAND [options]",
        description="Read, comment on and write a Markdown (Jekyll) blog in the terminal.",
        epilog=f"commands:\n{lines}\n\nRun 'blogtui COMMAND --help' for a command's options. With no command, the reader opens.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    _common(parser)
    parser.add_argument(
        "blog",
        nargs="?",
        metavar="BLOG",
        help="a folder of posts or a Jekyll site root (default: configured blog, else ./posts)",
    )
    return parser


def command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module_name, help_ = COMMANDS[name]
    mod = importlib.import_module(f"blogtui.commands.{module_name}")
    sp = argparse.ArgumentParser(prog=f"blogtui {name}", description=help_)
    _common(sp)
    mod.add_arguments(sp)  # type: ignore[attr-defined]
    return sp, mod


def _command_word(args: list[str]) -> int | None:
    """Index of the command word, skipping `--config FILE` before it."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--config":
            i += 2
            continue
        if a.startswith("-"):
            i += 1
            continue
        return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    idx = _command_word(args_list)
    if idx is not None and args_list[idx] in _available():
        name = args_list[idx]
        parser, mod = command_parser(name)
        args = parser.parse_args(args_list[:idx] + args_list[idx + 1 :])
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
    args = build_parser().parse_args(args_list)
    return run_tui(args)


def run_tui(args: argparse.Namespace) -> int:
    from blogtui.config import load_settings

    settings = load_settings(args.config)
    blog = settings.blog_path(args.blog)
    if not blog.is_dir():
        print(
            f"blogtui: no blog folder at {blog} (give a folder of posts or a Jekyll site)",
            file=sys.stderr,
        )
        return 2
    from blogtui.tui.app import BlogApp

    app = BlogApp(settings=settings, blog_path=blog)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
