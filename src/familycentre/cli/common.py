"""What every command of the command line shares: sources, stores, dates, exit codes.

It imports nothing of the library at module level, so that ``familycentre --version``
and ``--help`` stay light; each helper loads what it uses.

Plugins that add commands (the ``register_commands`` hook) use these too, so that
their commands read data and name stores like the built-in ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from familycentre.model.data import CentreData
    from familycentre.storage import Store

__all__ = [
    "CLI_LANGUAGES",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "_",
    "add_school_holiday_argument",
    "add_source_arguments",
    "add_store_argument",
    "cli_language",
    "date_arg",
    "days_arg",
    "language",
    "open_source",
    "open_store_arg",
    "period_arg",
    "read_centre_data",
    "refuse_empty_programme",
    "set_language",
    "year_arg",
]

EXIT_OK = 0
"""Success."""
EXIT_INVALID = 1
"""Bad data or a failure the message explains."""
EXIT_USAGE = 2
"""A command line that does not make sense (argparse's status)."""


CLI_LANGUAGES = ("de", "en")
"""The languages the command line speaks; German by a German locale, English otherwise."""

_LANGUAGE_VARIABLES = ("FAMILYCENTRE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_state: dict[str, str] = {}


def cli_language(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line's messages: ``de`` or ``en``.

    ``--language``/``--sprache`` in ``argv`` wins, then ``$FAMILYCENTRE_LANG``, then the
    first of ``$LANGUAGE`` (a colon-separated list, as gettext reads it), ``$LC_ALL``,
    ``$LC_MESSAGES`` and ``$LANG`` that is set: German when it names German
    (``de_DE.UTF-8``), English otherwise. The languages the published texts have
    beyond these (``tr``, ``ar``, ``uk``) fall back to English here.
    """
    environ = os.environ if environ is None else environ
    arguments = list(argv)
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        for option in ("--language", "--sprache"):
            if argument == option and index + 1 < len(arguments):
                return _cli_tag(arguments[index + 1])
            if argument.startswith(option + "="):
                return _cli_tag(argument.partition("=")[2])
    for variable in _LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        if variable == "LANGUAGE":
            value = value.split(":")[0]
        if value:
            return _cli_tag(value)
    return "en"


def _cli_tag(value: str) -> str:
    primary = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    return "de" if primary in ("de", "deutsch", "german") else "en"


def set_language(tag: str) -> None:
    """Make the command line speak ``tag`` (``de`` or ``en``) from now on."""
    _state["language"] = tag if tag in CLI_LANGUAGES else "en"


def language() -> str:
    """The language the command line speaks now (see :func:`cli_language`)."""
    if "language" not in _state:
        set_language(cli_language())
    return _state["language"]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues; translate it later with :func:`_`."""
    return message


def _(message: str) -> str:
    """``message`` (an English message id) in the command line's language."""
    if language() == "en":
        return message
    from familycentre.i18n import translator

    return translator(language()).gettext(message)


_GERMAN_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4})"


def date_arg(text: str) -> dt.date:
    """An argparse type: a date like ``2026-09-01`` or ``01.09.2026``, or ``today``.

    ``heute``, ``morgen``, ``today`` and ``tomorrow`` name days relative to today.
    """
    import re

    from familycentre.dates import parse_date

    word = text.strip().lower()
    relative = {"today": 0, "heute": 0, "tomorrow": 1, "morgen": 1}
    if word in relative:
        return dt.date.today() + dt.timedelta(days=relative[word])
    german = re.fullmatch(_GERMAN_DATE, text.strip())
    iso = f"{german[3]}-{int(german[2]):02d}-{int(german[1]):02d}" if german else text.strip()
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date like 2026-09-01, 01.09.2026 or today").format(text=text[:40])
        ) from None
    try:
        return parse_date(iso)
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
        raise argparse.ArgumentTypeError(
            _("{text!r}: give days or weeks, like 7d or 2w").format(text=text)
        )
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
        help=file_help or _("a centre's data file (TOML or JSON); omit it to read a store"),
    )
    add_store_argument(parser, _("read from the store at URL instead of a data file"))


def add_store_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """Add ``--store URL`` (default: ``$FAMILYCENTRE_STORE``, else the default SQLite file)."""
    parser.add_argument(
        "--store",
        metavar="URL",
        help=_(
            "{help} (memory:, sqlite:relative/fc.db, sqlite:///absolute/fc.db, or a "
            "plugin's scheme; default: $FAMILYCENTRE_STORE, else "
            "~/.local/share/familycentre/familycentre.db)"
        ).format(help=help),
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
        raise FamilyCentreError(_("give either a data file or --store, not both"))
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

    With ``centre``, only that centre's; :class:`NotFound` when it is missing. With
    ``--school-holidays FILE`` (:func:`add_school_holiday_argument`), every centre's
    school holidays are those of the iCal file.
    """
    from familycentre.errors import NotFound

    with open_source(args) as store:
        ids = store.ids(_centre_kind())
        if centre is not None:
            if centre not in ids:
                held = ", ".join(repr(i) for i in ids) or _("no centres")
                source = getattr(args, "file", None) or store.url
                raise NotFound(
                    _("no centre {centre!r} in {source} (it holds {held})").format(
                        centre=centre, source=source, held=held
                    )
                )
            ids = [centre]
        data = [store.centre_data(i) for i in ids]
    return with_school_holidays(args, data)


def add_school_holiday_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--school-holidays FILE``: school holidays from an iCal file for every centre."""
    parser.add_argument(
        "--school-holidays",
        metavar="FILE",
        help=_(
            "school holidays from this iCal file (each all-day event a holiday period), "
            "instead of the centre's own file or the data familycentre ships"
        ),
    )


def with_school_holidays(args: argparse.Namespace, data: list[CentreData]) -> list[CentreData]:
    """``data`` with the school holidays of ``--school-holidays FILE``, when given."""
    path = getattr(args, "school_holidays", None)
    if path is None:
        return data
    import attrs

    from familycentre.schedule import closures_from_ical

    periods = closures_from_ical(path)
    return [
        attrs.evolve(item, centre=attrs.evolve(item.centre, school_holidays=periods))
        for item in data
    ]


def refuse_empty_programme(args: argparse.Namespace, data: Sequence[CentreData]) -> None:
    """Raise :class:`~familycentre.errors.EmptySelection` when there is nothing to list.

    Commands that list or publish a programme call it unless ``--allow-empty`` is
    given: no centre (a wrong ``--store`` or ``$FAMILYCENTRE_STORE``), or centres
    without a single offer.
    """
    from familycentre.errors import EmptySelection

    source = getattr(args, "file", None) or getattr(args, "store", None)
    source = source or os.environ.get("FAMILYCENTRE_STORE") or _("the default store")
    if not data:
        raise EmptySelection(
            _(
                "{source} holds no centre: nothing to list (a wrong --store or "
                "$FAMILYCENTRE_STORE?); give --allow-empty to accept that"
            ).format(source=source)
        )
    if not any(item.offers for item in data):
        raise EmptySelection(
            _(
                "{source}: the centres {centres} have no offer; give --allow-empty to accept that"
            ).format(source=source, centres=", ".join(item.centre.id for item in data))
        )


def _centre_kind() -> type:
    from familycentre.model.centre import Centre

    return Centre
