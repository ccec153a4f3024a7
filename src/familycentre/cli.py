"""The ``familycentre`` command line.

Every command reports bad input as ``FILE: path: message`` lines on standard error
and exits with status 1; usage errors exit with status 2. No traceback is shown for
bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from familycentre.errors import FamilyCentreError, InvalidData

if TYPE_CHECKING:
    from familycentre.model.data import CentreData
    from familycentre.schedule import Occurrence
    from familycentre.storage.base import Store

__all__ = [
    "add_source_arguments",
    "add_store_argument",
    "build_parser",
    "main",
    "open_source",
    "read_centre_data",
]

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


# --- reading data from a file or a store (for every command that reads data) ------------------


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


def open_source(args: argparse.Namespace) -> Store:
    """The store a command reads: the data file loaded into memory, or ``--store``.

    :raises FamilyCentreError: when both a file and ``--store`` are given, or the
        file is invalid, or the store cannot be opened.
    """
    from familycentre.storage import open_store

    file = getattr(args, "file", None)
    if file is not None and getattr(args, "store", None) is not None:
        raise FamilyCentreError("give either a data file or --store, not both")
    if file is None:
        return open_store(getattr(args, "store", None))
    from familycentre.files import load
    from familycentre.storage.memory import MemoryStore

    store = MemoryStore(f"memory:{file}")
    store.load(load(file))
    return store


def read_centre_data(args: argparse.Namespace, centre: str | None = None) -> list[CentreData]:
    """Every centre's data from the command's source (see :func:`open_source`).

    With ``centre``, only that centre's; :class:`FamilyCentreError` when it is missing.
    """
    from familycentre.errors import NotFound

    with open_source(args) as store:
        ids = [item.id for item in store.centres()]
        if centre is not None:
            if centre not in ids:
                held = ", ".join(repr(i) for i in ids) or "no centres"
                source = getattr(args, "file", None) or store.url
                raise NotFound(f"no centre {centre!r} in {source} (it holds {held})")
            ids = [centre]
        return [store.centre_data(i) for i in ids]


def _cmd_load(args: argparse.Namespace) -> int:
    from familycentre.files import load
    from familycentre.storage import open_store

    data = [load(path) for path in args.files]  # every file is checked before any is loaded
    with open_store(args.store) as store:
        result = store.load(data)
        if not args.quiet:
            print(
                f"{store.url}: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.deleted} deleted"
            )
    return EXIT_OK


def _cmd_copy(args: argparse.Namespace) -> int:
    from familycentre.errors import ConflictError
    from familycentre.model import Centre, Offer, Partner, Referral
    from familycentre.storage import open_store

    kinds: tuple[type[Any], ...] = (Centre, Partner, Offer, Referral)  # parents first
    from familycentre.referrals.privacy import family_contact_records

    with open_store(args.source) as source, source.transaction():  # one consistent state
        records = [record for kind in kinds for record in source.records(kind)]
        contacts = family_contact_records(source)
    with open_store(args.destination) as destination:
        with destination.transaction():
            held = [kind for kind in kinds if destination.records(kind)]
            if held:
                raise ConflictError(
                    f"{destination.url} is not empty (it holds "
                    f"{', '.join(f'{kind.__name__.lower()}s' for kind in held)}); copy into "
                    "a new, empty store"
                )
            # Revisions and modification times are kept: this is the same data in
            # another place, and exports from it stay byte for byte the same.
            for record in records:
                destination._insert(record)
                destination._record_event(type(record.value), record.id, "added", record.revision)
            if contacts and not destination.holds_family_contacts:
                raise FamilyCentreError(
                    f"{destination.url} keeps no family contact details; copying would "
                    f"lose the {len(contacts)} the source holds"
                )
            for record in contacts:  # personal data: no change event
                destination._insert(record)
        if not args.quiet:
            counts = ", ".join(
                f"{sum(isinstance(r.value, kind) for r in records)} {kind.__name__.lower()}s"
                for kind in kinds
            )
            print(f"copied {counts} from {source.url} to {destination.url}")
    return EXIT_OK


def _cmd_plugins(args: argparse.Namespace) -> int:
    import json

    from familycentre.plugins import get_plugin_manager

    manager = get_plugin_manager()
    manager.storage_backends()  # report clashes between plugins here too
    manager.exporters()
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


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-09-01") from None


def _load_centres(args: argparse.Namespace) -> list[CentreData]:
    """The centres whose programme to show: the data file's or the store's, by ``--centre``."""
    return read_centre_data(args, args.centre)


_GERMAN_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def _print_week_by_week(
    occurrences: Sequence[Occurrence], data: Sequence[CentreData], start: dt.date, end: dt.date
) -> None:
    names = ", ".join(item.centre.name.de for item in data)
    print(f"{names}: {start:%d.%m.%Y} bis {end:%d.%m.%Y}")
    if not occurrences:
        print("\nKeine Termine in diesem Zeitraum.")
        return
    several = len(data) > 1
    week: tuple[int, int] | None = None
    for occurrence in occurrences:
        day = occurrence.start.date()
        year, number, _ = day.isocalendar()
        if (year, number) != week:
            week = (year, number)
            monday = day - dt.timedelta(days=day.weekday())
            sunday = monday + dt.timedelta(days=6)
            print(f"\nWoche {number}/{year} (Mo {monday:%d.%m.} – So {sunday:%d.%m.%Y})")
        if occurrence.all_day:
            when = "ganztägig"
        else:
            when = f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}"
        line = f"  {_GERMAN_WEEKDAYS[day.weekday()]} {day:%d.%m.}  {when:<11}  "
        line += occurrence.offer.title.de
        if several:
            line += f" ({occurrence.offer.centre})"
        print(line)


def _cmd_occurrences(args: argparse.Namespace) -> int:
    from familycentre.schedule import InvalidWindow, occurrences_json, programme

    start: dt.date = getattr(args, "from")
    end: dt.date = args.to
    if end < start:
        print(
            f"familycentre occurrences: error: --to {end.isoformat()} lies before "
            f"--from {start.isoformat()}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    data = _load_centres(args)
    try:
        found = programme(data, start, end)
    except InvalidWindow as exc:
        print(f"familycentre occurrences: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":  # streamed: memory does not grow with the occurrences
        write = sys.stdout.write
        for piece in occurrences_json(found):
            write(piece)
        write("\n")
    else:
        _print_week_by_week(list(found), data, start, end)
    return EXIT_OK


# --- export ---------------------------------------------------------------------------------


def _export_source(args: argparse.Namespace) -> Any:
    """A data file as a deterministic source (its modification time), or the store."""
    from familycentre.export import DataSource
    from familycentre.storage import open_store

    if args.file is not None and args.store is not None:
        raise FamilyCentreError("give either a data file or --store, not both")
    if args.file is None:
        return open_store(args.store)
    import os

    from familycentre.files import load

    data = load(args.file)
    modified = dt.datetime.fromtimestamp(int(os.stat(args.file).st_mtime), dt.UTC)
    return DataSource([data], modified)


def _cmd_export(args: argparse.Namespace) -> int:
    from familycentre.export import ExportOptions, export, export_file, exporters, get_exporter

    if args.list:
        for name, exporter in sorted(exporters().items()):
            print(
                f"{name:10} {exporter.suffix:6} {exporter.visibility.value:9} "
                f"{exporter.media_type:16} {exporter.title}"
            )
            for option in exporter.options:
                print(f"{'':12}{option.name}: {option.help} (default: {option.default})")
        return EXIT_OK
    if args.format is None or args.output is None:
        args.parser.error("give an exporter (ical, vcard, ...) and -o OUT, or --list")
    if (args.start is None) != (args.end is None):
        args.parser.error("give both --from and --to, or neither")
    if args.start is not None and args.end < args.start:
        args.parser.error(f"--to {args.end} lies before --from {args.start}")
    exporter = get_exporter(args.format)
    extra: dict[str, Any] = {}
    if args.vcard_version is not None:
        extra["version"] = args.vcard_version
    if args.recurrence is not None:
        extra["recurrence"] = args.recurrence
    if args.category_language is not None:
        extra["category_language"] = args.category_language
    options = ExportOptions(
        centres=tuple(args.centre or ()),
        categories=tuple(args.category or ()),
        audiences=tuple(args.audience or ()),
        start=args.start,
        end=args.end,
        language=args.lang,
        extra=extra,
    )
    source = _export_source(args)
    try:
        if args.output == "-":
            export(source, exporter, sys.stdout.buffer, options)
            sys.stdout.buffer.flush()
        else:
            try:
                export_file(source, exporter, args.output, options)
            except OSError as exc:
                raise FamilyCentreError(
                    f"cannot write {args.output}: {exc.strerror or exc}"
                ) from None
            if not args.quiet:
                print(f"{args.output}: written ({exporter.title})", file=sys.stderr)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
    return EXIT_OK


def _add_export_command(commands: Any) -> None:
    from familycentre.taxonomy import Audience, Category

    export = commands.add_parser(
        "export",
        help="publish a programme (ical) or partner list (vcard)",
        description="Export a data file or a store with an exporter: 'ical' writes the "
        "programme that families subscribe to, 'vcard' the partner list for staff "
        "phones; plugins add more (--list). The output file is replaced atomically: "
        "if the export fails, the previous file stays as it was.",
    )
    export.add_argument("format", nargs="?", metavar="EXPORTER", help="ical, vcard, ...")
    add_source_arguments(export)
    export.add_argument("-o", "--output", metavar="OUT", help="output file, or - for stdout")
    export.add_argument("--list", action="store_true", help="list the available exporters")
    export.add_argument(
        "--centre", action="append", metavar="ID", help="only this centre (repeatable)"
    )
    export.add_argument(
        "--category",
        action="append",
        choices=[c.value for c in Category],
        metavar="CATEGORY",
        help="only offers of this category (repeatable)",
    )
    export.add_argument(
        "--audience",
        action="append",
        choices=[a.value for a in Audience],
        metavar="AUDIENCE",
        help="only offers for this audience (repeatable)",
    )
    export.add_argument(
        "--from",
        dest="start",
        type=_date_arg,
        metavar="DATE",
        help="first day of the programme (default: first of this month)",
    )
    export.add_argument(
        "--to",
        dest="end",
        type=_date_arg,
        metavar="DATE",
        help="last day (inclusive; default: one year after --from)",
    )
    export.add_argument(
        "--lang",
        default="de",
        metavar="LANG",
        help="language of texts where translated (default: de)",
    )
    export.add_argument("--vcard-version", choices=("4.0", "3.0"), help="vCard version (4.0)")
    export.add_argument(
        "--recurrence",
        choices=("rrule", "list", "expand"),
        help="iCal: rules (default), listed dates, or one event per date",
    )
    export.add_argument(
        "--category-language",
        choices=("de", "en"),
        help="iCal: language of CATEGORIES labels (de)",
    )
    export.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    export.set_defaults(handler=_cmd_export, parser=export)


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

    occurrences = commands.add_parser(
        "occurrences",
        help="list the dates and times of a centre's offers in a window of dates",
        description="Print the programme of a centre from --from to --to (both "
        "inclusive, at most ten years): every date and time its offers take place, "
        "with public holidays, school holidays and closures applied. Text is a "
        "week-by-week listing in German; json a list of objects with offer, centre, "
        "title, start and end (ISO 8601 with UTC offset) and all_day.",
    )
    add_source_arguments(occurrences, file_help="the centre's data file; omit it to read a store")
    occurrences.add_argument(
        "--from", required=True, type=_date_arg, metavar="DATE", help="first day (2026-09-01)"
    )
    occurrences.add_argument(
        "--to", required=True, type=_date_arg, metavar="DATE", help="last day (inclusive)"
    )
    occurrences.add_argument("--centre", metavar="ID", help="only the centre with this id")
    occurrences.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    occurrences.set_defaults(handler=_cmd_occurrences)

    load = commands.add_parser(
        "load",
        help="import data files into a store",
        description="Check data files and import them into a store, all or nothing: "
        "new records are added, changed ones updated (their revision goes up), equal "
        "ones left alone, and offers a file no longer lists are deleted. Loading the "
        "same file twice changes nothing.",
    )
    load.add_argument("files", nargs="+", metavar="FILE", help="data files (TOML or JSON)")
    add_store_argument(load, "the store to load into")
    load.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    load.set_defaults(handler=_cmd_load)

    copy = commands.add_parser(
        "copy",
        help="copy a whole store into a new, empty one (any backends)",
        description="Copy every centre, partner, offer and referral from the store at "
        "SRC_URL to the store at DST_URL, in one transaction of the destination: all or "
        "nothing. The destination must be empty. Revisions and modification times are "
        "kept, so exports from the copy are the same as from the original. Works "
        "between any two backends (sqlite:///..., postgresql://..., memory:).",
    )
    copy.add_argument("source", metavar="SRC_URL", help="the store to copy from")
    copy.add_argument("destination", metavar="DST_URL", help="the new, empty store")
    copy.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    copy.set_defaults(handler=_cmd_copy)

    plugins = commands.add_parser(
        "plugins",
        help="list installed plugins",
        description="List the installed plugins with their version and the hooks they "
        "implement. A plugin that fails to load is reported as a warning.",
    )
    plugins.add_argument("--all", action="store_true", help="include the built-in plugins")
    plugins.add_argument("--json", action="store_true", help="print JSON")
    plugins.set_defaults(handler=_cmd_plugins)

    _add_export_command(commands)

    from familycentre.referrals.cli import add_commands as add_referral_commands

    add_referral_commands(commands)
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
