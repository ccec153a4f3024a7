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
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from familycentre._version import __version__
from familycentre.cli.common import (
    CLI_LANGUAGES,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    N_,
    _,
    add_source_arguments,
    add_store_argument,
    cli_language,
    open_source,
    read_centre_data,
    set_language,
)

if TYPE_CHECKING:
    from familycentre.plugins import PluginManager

__all__ = [
    "BUILTIN_COMMANDS",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Parser",
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


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter with the usage line in the command line's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (?P<names>.*)"),
        N_("the following arguments are required: {names}"),
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.*)"), N_("unrecognized arguments: {names}")),
    (re.compile(r"expected one argument"), N_("expected one argument")),
    (re.compile(r"expected at least one argument"), N_("expected at least one argument")),
    (
        re.compile(r"one of the arguments (?P<names>.*) is required"),
        N_("one of the arguments {names} is required"),
    ),
    (
        re.compile(r"not allowed with argument (?P<names>.*)"),
        N_("not allowed with argument {names}"),
    ),
    (re.compile(r"invalid (?P<type>\w+) value: (?P<value>.*)"), N_("invalid value: {value}")),
)


def _translated(message: str) -> str:
    """An argparse error message in the command line's language, with "did you mean"."""
    argument = re.fullmatch(r"argument (?P<name>[^:]+): (?P<rest>.*)", message, re.DOTALL)
    if argument:
        return _("argument {name}: {message}").format(
            name=argument["name"], message=_translated(argument["rest"])
        )
    choice = re.fullmatch(
        r"invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)", message
    )
    if choice:
        import difflib

        choices = [c.strip().strip("'") for c in choice["choices"].split(",")]
        text = _("invalid choice: {value!r} (choose from {choices})").format(
            value=choice["value"], choices=", ".join(choices)
        )
        close = difflib.get_close_matches(choice["value"], choices, n=3, cutoff=0.6)
        if close:
            text += "; " + _("did you mean {names}?").format(names=" / ".join(close))
        return text
    for pattern, template in _ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return _(template).format(**found.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    """The command line's argument parser: help and errors in its language.

    Sections, the usage line, ``-h`` and argparse's own error messages are translated
    (German or English, see :func:`familycentre.cli.common.cli_language`); a mistyped
    command or choice gets a "did you mean" suggestion. Command groups get it too:
    ``commands.add_parser`` makes parsers of this class.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and the translated message; exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            _("{prog}: error: {message}").format(prog=self.prog, message=_translated(message))
            + "\n",
        )


def build_parser(plugin_manager: PluginManager | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``familycentre`` command, with every plugin's commands."""
    from familycentre.plugins import get_plugin_manager

    manager = plugin_manager or get_plugin_manager()
    manager.add_builtin(BUILTIN_COMMANDS)
    parser = Parser(
        prog="familycentre",
        description=_("Model, store and publish the programmes of family centres."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--language",
        "--sprache",
        choices=CLI_LANGUAGES,
        metavar="LANG",
        help=_(
            "language of messages and help: de or en (default: $FAMILYCENTRE_LANG, "
            "else the locale: German for a German one, English otherwise)"
        ),
    )
    commands = parser.add_subparsers(
        dest="command", metavar=_("COMMAND"), required=True, title=_("commands")
    )
    manager.call_each("register_commands", commands=commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(cli_language(arguments))
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
        from familycentre.cli.problems import render_invalid

        for line in render_invalid(exc):
            print(line, file=sys.stderr)
        return EXIT_INVALID
    except FamilyCentreError as exc:
        print(_("familycentre: error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print(_("familycentre: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
