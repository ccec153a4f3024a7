"""The ``export`` command: publish a programme, a partner list, or a plugin's format."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from typing import Any

from familycentre.cli.common import EXIT_OK, _, add_source_arguments, date_arg
from familycentre.errors import FamilyCentreError
from familycentre.hookspecs import CommandAdder

__all__ = ["add_commands"]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


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


def one_year_from(start: dt.date) -> dt.date:
    """The last day of a year of dates that begins on ``start`` (2026-09-01: 2027-08-31)."""
    try:
        following = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        following = start.replace(year=start.year + 1, day=28) + dt.timedelta(days=1)
    return following - dt.timedelta(days=1)


def _refuse_empty(source: Any, options: Any, exporter: str) -> None:
    """Raise :class:`EmptySelection` when the export would publish nothing.

    An empty calendar makes subscribers' phones drop the whole programme, so a wrong
    store or a mistyped filter must fail loudly instead.
    """
    from familycentre.errors import EmptySelection
    from familycentre.export.select import any_offers, selected_centres
    from familycentre.model import Partner

    centres = selected_centres(source, options)
    where = getattr(source, "url", None) or _("the data file")
    if not centres:
        raise EmptySelection(
            _(
                "{source} holds no centre: nothing to export (a wrong --store or "
                "$FAMILYCENTRE_STORE?); give --allow-empty to write an empty file anyway"
            ).format(source=where)
        )
    if exporter == "vcard":
        if not source.records(Partner):
            raise EmptySelection(
                _(
                    "{source} holds no partner: nothing to export; give --allow-empty to "
                    "write an empty file anyway"
                ).format(source=where)
            )
        return
    if not any_offers(source, options, [record.id for record in centres]):
        raise EmptySelection(
            _(
                "no offer matches the selection (centres: {centres}; categories: "
                "{categories}; audiences: {audiences}): nothing to export; give "
                "--allow-empty to write an empty file anyway"
            ).format(
                centres=", ".join(record.id for record in centres),
                categories=", ".join(options.categories) or _("all"),
                audiences=", ".join(options.audiences) or _("all"),
            )
        )


def _cmd_export(args: argparse.Namespace) -> int:
    from familycentre.export import (
        ExportOptions,
        export,
        export_file,
        exporters,
        get_exporter,
        parse_options,
    )

    if args.list:
        for name, exporter in sorted(exporters().items()):
            print(
                f"{name:10} {exporter.suffix:6} {exporter.visibility.value:9} "
                f"{exporter.media_type:16} {exporter.title}"
            )
            for option in exporter.options:
                notes = [] if option.default is None else [f"default: {_shown(option.default)}"]
                if option.choices:
                    notes.append(f"one of {', '.join(map(str, option.choices))}")
                shown = f" ({'; '.join(notes)})" if notes else ""
                print(f"{'':12}-O {option.name}=...: {option.help}{shown}")
        return EXIT_OK
    if args.format is None or args.output is None:
        args.parser.error(_("give an exporter (ical, vcard, ...) and -o OUT, or --list"))
    if args.start is not None and args.end is None:
        args.end = one_year_from(args.start)
    elif args.end is not None and args.start is None:
        args.start = dt.date.today().replace(day=1)
    if args.start is not None and args.end < args.start:
        args.parser.error(
            _("--to {end} lies before --from {start}").format(end=args.end, start=args.start)
        )
    exporter = get_exporter(args.format)
    settings = list(args.option or ())
    shorthands = {
        "version": args.vcard_version,
        "recurrence": args.recurrence,
        "category_language": args.category_language,
        "layout": args.layout,
    }
    settings += [f"{name}={value}" for name, value in shorthands.items() if value is not None]
    extra = parse_options(exporter, settings)
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
        if not args.allow_empty:
            _refuse_empty(source, options, exporter.name)
        if args.output == "-":
            export(source, exporter, sys.stdout.buffer, options)
            sys.stdout.buffer.flush()
        else:
            parts = None
            if exporter.incremental and not args.no_cache:
                import attrs

                from familycentre.export.parts import PartCache, cache_path

                # the parts of the previous export beside the output: only what changed
                # since is rendered again (the output is the same as without them)
                parts = PartCache.load(cache_path(args.output))
                options = attrs.evolve(options, parts=parts)
            try:
                export_file(source, exporter, args.output, options)
            except OSError as exc:
                raise FamilyCentreError(
                    f"cannot write {args.output}: {exc.strerror or exc}"
                ) from None
            if parts is not None:
                from familycentre.export.parts import cache_path

                # a cache that cannot be kept costs a full export next time, nothing else
                with contextlib.suppress(OSError):
                    parts.save(cache_path(args.output), keep=parts.touched)
            if not args.quiet:
                print(
                    _("{path}: written ({title})").format(path=args.output, title=exporter.title),
                    file=sys.stderr,
                )
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
    return EXIT_OK


def add_commands(commands: CommandAdder) -> None:
    """Add ``export``."""
    from familycentre.taxonomy import Audience, Category

    export = commands.add_parser(
        "export",
        help=_("publish a programme (ical, html, pdf), directory (hsds) or partner list (vcard)"),
        description=_(
            "Export a data file or a store with an exporter: 'ical' writes the "
            "programme that families subscribe to, 'vcard' the partner list for staff "
            "phones; plugins add more (--list). The output file is replaced atomically: "
            "if the export fails, the previous file stays as it was."
        ),
    )
    export.add_argument("format", nargs="?", metavar="EXPORTER", help=_("ical, vcard, ..."))
    add_source_arguments(export)
    export.add_argument("-o", "--output", metavar="OUT", help=_("output file, or - for stdout"))
    export.add_argument("--list", action="store_true", help=_("list the available exporters"))
    export.add_argument(
        "--centre", action="append", metavar="ID", help=_("only this centre (repeatable)")
    )
    export.add_argument(
        "--category",
        action="append",
        choices=[c.value for c in Category],
        metavar="CATEGORY",
        help=_("only offers of this category (repeatable)"),
    )
    export.add_argument(
        "--audience",
        action="append",
        choices=[a.value for a in Audience],
        metavar="AUDIENCE",
        help=_("only offers for this audience (repeatable)"),
    )
    export.add_argument(
        "--from",
        dest="start",
        type=date_arg,
        metavar="DATE",
        help=_("first day of the programme (default: first of this month)"),
    )
    export.add_argument(
        "--to",
        dest="end",
        type=date_arg,
        metavar="DATE",
        help=_("last day (inclusive; default: one year after --from)"),
    )
    export.add_argument(
        "--lang",
        default="de",
        metavar="LANG",
        help=_("language: de, en, tr, ar or uk (default: de); data text falls back to German"),
    )
    export.add_argument(
        "-O",
        "--option",
        action="append",
        metavar="NAME=VALUE",
        help=_(
            "a format option of the exporter (repeatable; export --list shows each "
            "exporter's options, like -O recurrence=expand or -O centre_cards=no)"
        ),
    )
    export.add_argument(
        "--vcard-version", choices=("4.0", "3.0"), help=_("vCard: same as -O version=... (4.0)")
    )
    export.add_argument(
        "--recurrence",
        choices=("rrule", "list", "expand"),
        help=_(
            "iCal: same as -O recurrence=...: rules (default), listed dates, or one event per date"
        ),
    )
    export.add_argument(
        "--category-language",
        choices=("de", "en", "tr", "ar", "uk"),
        help=_(
            "iCal: same as -O category_language=...: language of CATEGORIES labels "
            "(default: the language of --lang)"
        ),
    )
    export.add_argument(
        "--layout",
        choices=("week", "list"),
        help=_("html, pdf: same as -O layout=...: week grid (default) or programme list"),
    )
    export.add_argument(
        "--no-cache",
        action="store_true",
        help=_(
            "render everything: do not reuse or keep the parts of the last export "
            "(iCal keeps them in .OUT.familycentre-parts beside the output file)"
        ),
    )
    export.add_argument(
        "--allow-empty",
        action="store_true",
        help=_(
            "write the file even when no centre or no offer matches (without it, an "
            "empty selection is an error, so that a scheduled job never publishes an "
            "empty calendar)"
        ),
    )
    export.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    export.set_defaults(handler=_cmd_export, parser=export)
