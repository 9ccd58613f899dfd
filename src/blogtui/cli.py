"""The `blogtui` command: open the TUI (default), or run a headless command.

Headless commands live in ``blogtui.commands.<name>``: each module has ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args, settings) -> int``. Adding a command is adding a module
and a line in COMMANDS. Heavy imports (Textual, httpx) happen inside ``run`` so that
``blogtui --help`` and ``blogtui check`` stay instant and never import Textual.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from blogtui import __version__

#: command name -> module under blogtui.commands
COMMANDS = {
    "list": "list_cmd",
    "check": "check",
    "new": "new",
    "publish": "publish",
    "unpublish": "unpublish",
    "sync": "sync",
}


def _available() -> dict[str, str]:
    out = {}
    for name, module in COMMANDS.items():
        if importlib.util.find_spec(f"blogtui.commands.{module}") is not None:
            out[name] = module
    return out


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="config file (default: the platform config dir; env BLOGTUI_CONFIG)")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="blogtui",
        description="Read, comment on and write a Markdown (Jekyll) blog in the terminal.",
        epilog="Run 'blogtui COMMAND --help' for a command's options. With no command, the reader opens.",
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    _common(parser)
    parser.add_argument("blog", nargs="?", metavar="BLOG", help="a folder of posts or a Jekyll site root (default: configured blog, else ./posts)")
    sub_parsers: dict[str, argparse.ArgumentParser] = {}
    available = _available()
    if available:
        # listed for --help only; dispatch happens in main() on the first word
        parser.usage = "blogtui [-h] [--version] [--config FILE] [BLOG]\n       blogtui {" + ",".join(available) + "} ..."
        lines = []
        for name, module in available.items():
            mod = importlib.import_module(f"blogtui.commands.{module}")
            lines.append(f"  {name:<10} {getattr(mod, 'HELP', '')}")
        parser.epilog = "commands:\n" + "\n".join(lines) + "\n\n" + (parser.epilog or "")
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
    for name, module in available.items():
        mod = importlib.import_module(f"blogtui.commands.{module}")
        sp = argparse.ArgumentParser(prog=f"blogtui {name}", description=getattr(mod, "HELP", None))
        _common(sp)
        mod.add_arguments(sp)
        sub_parsers[name] = sp
    return parser, sub_parsers


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser, subs = build_parser()
    first = next((a for a in args_list if not a.startswith("-")), None)
    # `--config FILE` before the command: keep it, it is a common option
    if first in subs and (args_list.index(first) == 0 or args_list[args_list.index(first) - 1] != "--config"):
        idx = args_list.index(first)
        rest = args_list[:idx] + args_list[idx + 1 :]
        args = subs[first].parse_args(rest)
        from blogtui.config import load_settings, warn

        settings = load_settings(args.config)
        warn(settings.problems)
        mod = importlib.import_module(f"blogtui.commands.{COMMANDS[first]}")
        try:
            return int(mod.run(args, settings) or 0)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            return 0
    args = parser.parse_args(args_list)
    return run_tui(args)


def run_tui(args: argparse.Namespace) -> int:
    from blogtui.config import load_settings, warn

    settings = load_settings(args.config)
    blog = settings.blog_path(args.blog)
    if not blog.is_dir():
        print(f"blogtui: no blog folder at {blog} (give a folder of posts or a Jekyll site)", file=sys.stderr)
        return 2
    from blogtui.tui.app import BlogApp

    app = BlogApp(settings=settings, blog_path=blog)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
