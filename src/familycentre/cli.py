"""The ``familycentre`` command line.

Every command reports bad input as ``FILE: path: message`` lines on standard error
and exits with status 1; usage errors exit with status 2. No traceback is shown for
bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from familycentre.errors import FamilyCentreError, InvalidData

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

Command = Callable[[argparse.Namespace], int]


def _version() -> str:
    from familycentre import __version__

    return __version__


def _cmd_validate(args: argparse.Namespace) -> int:
    from familycentre.files import load

    status = EXIT_OK
    for path in args.files:
        try:
            data = load(path)
        except InvalidData as exc:
            for problem in exc.problems:
                print(f"{path}: {problem}", file=sys.stderr)
            status = EXIT_INVALID
        else:
            if not args.quiet:
                print(
                    f"{path}: valid ({data.centre.id}: {len(data.offers)} offers, "
                    f"{len(data.partners)} partners)"
                )
    return status


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``familycentre`` command."""
    parser = argparse.ArgumentParser(
        prog="familycentre",
        description="Model, store and publish the programmes of family centres.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check data files and report every problem",
        description="Check centre data files (TOML or JSON). Exit status 0 when all are "
        "valid, 1 when a file has problems (each printed as FILE: path: message).",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="data files to check")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.set_defaults(handler=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command = args.handler
    try:
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
