"""The ``familycentre`` command line: a thin ``main`` over command groups.

Every command, built-in or a plugin's, is added through the ``register_commands``
hook (the built-in groups live in the modules of this package, one per group, and
are registered by :mod:`familycentre.cli.builtin`). Every command reports bad input
as ``FILE: path: message`` lines on standard error and exits with status 1; usage
errors exit with status 2. No traceback is shown for bad input.

Nothing in the library imports this package.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from familycentre._version import __version__
from familycentre.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_source_arguments,
    add_store_argument,
    open_source,
    read_centre_data,
)

if TYPE_CHECKING:
    from familycentre.plugins import PluginManager

__all__ = [
    "BUILTIN_COMMANDS",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_source_arguments",
    "add_store_argument",
    "build_parser",
    "main",
    "open_source",
    "read_centre_data",
]

BUILTIN_COMMANDS = "familycentre.cli.builtin"
"""The module of the built-in commands, registered as a built-in plugin by :func:`main`."""

Command = Callable[[argparse.Namespace], int]


def build_parser(plugin_manager: PluginManager | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``familycentre`` command, with every plugin's commands."""
    from familycentre.plugins import get_plugin_manager

    manager = plugin_manager or get_plugin_manager()
    manager.add_builtin(BUILTIN_COMMANDS)
    parser = argparse.ArgumentParser(
        prog="familycentre",
        description="Model, store and publish the programmes of family centres.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    manager.call_each("register_commands", commands=commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # answered without loading any plugin
        print(f"familycentre {__version__}")
        return EXIT_OK
    from familycentre.errors import FamilyCentreError, InvalidData

    try:
        parser = build_parser()
        args = parser.parse_args(arguments)
        handler: Command = args.handler
        return handler(args)
    except InvalidData as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except FamilyCentreError as exc:
        print(f"familycentre: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("familycentre: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
