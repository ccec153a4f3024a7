"""What every command of the command line shares: sources, stores, dates, exit codes.

It imports nothing of the library at module level, so that ``familycentre --version``
and ``--help`` stay light; each helper loads what it uses.

Plugins that add commands (the ``register_commands`` hook) use these too, so that
their commands read data and name stores like the built-in ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from familycentre.model.data import CentreData
    from familycentre.storage import Store

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_source_arguments",
    "add_store_argument",
    "date_arg",
    "days_arg",
    "open_source",
    "open_store_arg",
    "period_arg",
    "read_centre_data",
    "year_arg",
]

EXIT_OK = 0
"""Success."""
EXIT_INVALID = 1
"""Bad data or a failure the message explains."""
EXIT_USAGE = 2
"""A command line that does not make sense (argparse's status)."""


def date_arg(text: str) -> dt.date:
    """An argparse type: a date like ``2026-09-01``, within the supported range."""
    from familycentre.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def year_arg(text: str) -> int:
    """An argparse type: a year within the supported range."""
    from familycentre.dates import parse_year

    try:
        return parse_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def period_arg(text: str) -> dt.timedelta | int:
    """An argparse type: a period like ``24m``, ``2y``, ``8w`` or ``7d`` (months as ``int``)."""
    from familycentre.dates import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def days_arg(text: str) -> dt.timedelta:
    """An argparse type: a period of days or weeks (``7d``, ``2w``)."""
    period = period_arg(text)
    if isinstance(period, int):
        raise argparse.ArgumentTypeError(f"{text!r}: give days or weeks, like 7d or 2w")
    return period


def add_source_arguments(parser: argparse.ArgumentParser, *, file_help: str | None = None) -> None:
    """Add the data source options: an optional ``FILE`` and ``--store URL``.

    Commands that read data take either a data file or a store; without both, the
    default store (``$FAMILYCENTRE_STORE``, else the default SQLite file). Read the
    source with :func:`open_source` or :func:`read_centre_data`.
    """
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=file_help or "a centre's data file (TOML or JSON); omit it to read a store",
    )
    add_store_argument(parser, "read from the store at URL instead of a data file")


def add_store_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """Add ``--store URL`` (default: ``$FAMILYCENTRE_STORE``, else the default SQLite file)."""
    parser.add_argument(
        "--store",
        metavar="URL",
        help=f"{help} (memory:, sqlite:///path/fc.db, or a plugin's scheme; default: "
        "$FAMILYCENTRE_STORE, else ~/.local/share/familycentre/familycentre.db)",
    )


def open_store_arg(args: argparse.Namespace) -> Store:
    """The store named by ``--store`` (or the default store)."""
    from familycentre.storage import open_store

    return open_store(getattr(args, "store", None))


def open_source(args: argparse.Namespace) -> Store:
    """The store a command reads: the data file loaded into memory, or ``--store``.

    :raises FamilyCentreError: when both a file and ``--store`` are given, or the
        file is invalid, or the store cannot be opened.
    """
    from familycentre.errors import FamilyCentreError

    file = getattr(args, "file", None)
    if file is not None and getattr(args, "store", None) is not None:
        raise FamilyCentreError("give either a data file or --store, not both")
    if file is None:
        return open_store_arg(args)
    from familycentre.files import load
    from familycentre.storage import Store
    from familycentre.storage.memory import MemoryBackend

    store = Store(MemoryBackend(f"memory:{file}"))
    store.load(load(file))
    return store


def read_centre_data(args: argparse.Namespace, centre: str | None = None) -> list[CentreData]:
    """Every centre's data from the command's source (see :func:`open_source`).

    With ``centre``, only that centre's; :class:`NotFound` when it is missing.
    """
    from familycentre.errors import NotFound

    with open_source(args) as store:
        ids = store.ids(_centre_kind())
        if centre is not None:
            if centre not in ids:
                held = ", ".join(repr(i) for i in ids) or "no centres"
                source = getattr(args, "file", None) or store.url
                raise NotFound(f"no centre {centre!r} in {source} (it holds {held})")
            ids = [centre]
        return [store.centre_data(i) for i in ids]


def _centre_kind() -> type:
    from familycentre.model.centre import Centre

    return Centre
