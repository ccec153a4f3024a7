"""The ``plugins`` command: installed plugins, their versions and hooks."""

from __future__ import annotations

import argparse

from familycentre.cli.common import EXIT_OK, _
from familycentre.hookspecs import CommandAdder

__all__ = ["add_commands"]


def _cmd_plugins(args: argparse.Namespace) -> int:
    import json

    from familycentre.export import exporters
    from familycentre.plugins import get_plugin_manager
    from familycentre.storage import storage_backends

    manager = get_plugin_manager()
    storage_backends(manager)  # report clashes between plugins here too
    exporters(manager)
    infos = manager.plugins(include_builtins=args.all)
    if args.json:
        listing = [
            {
                "name": info.name,
                "version": info.version,
                "distribution": info.distribution,
                "hooks": list(info.hooks),
                "builtin": info.builtin,
            }
            for info in infos
        ]
        print(json.dumps(listing, indent=2))
        return EXIT_OK
    if not infos:
        print("no plugins installed" + ("" if args.all else " (--all lists the built-in ones)"))
    for info in infos:
        origin = " (built-in)" if info.builtin else ""
        if info.distribution and info.distribution != info.name and not info.builtin:
            origin = f" (from {info.distribution})"
        print(f"{info.name} {info.version or ''}{origin}".rstrip())
        print(f"    hooks: {', '.join(info.hooks) or '-'}")
    return EXIT_OK


def add_commands(commands: CommandAdder) -> None:
    """Add ``plugins``."""
    plugins = commands.add_parser(
        "plugins",
        help=_("list installed plugins"),
        description=_(
            "List the installed plugins with their version and the hooks they "
            "implement. A plugin that fails to load is reported as a warning."
        ),
    )
    plugins.add_argument("--all", action="store_true", help=_("include the built-in plugins"))
    plugins.add_argument("--json", action="store_true", help=_("print JSON"))
    plugins.set_defaults(handler=_cmd_plugins)
