"""The ``report`` command: the yearly report for the municipality, or for a network.

``familycentre report --year 2026`` writes the report of every centre of the store
(or of one with ``--centre``; or of a data file); ``--network`` compares the centres
of the store with the network's median. Formats: Markdown (default), JSON, HTML, PDF.
"""

from __future__ import annotations

import argparse
import sys

from familycentre.cli.common import EXIT_OK, add_source_arguments, open_source, year_arg
from familycentre.errors import FamilyCentreError
from familycentre.hookspecs import CommandAdder

__all__ = ["add_commands"]

FORMATS = ("markdown", "json", "html", "pdf")


def _cmd_report(args: argparse.Namespace) -> int:
    from familycentre.files import atomic_write
    from familycentre.i18n import check_language
    from familycentre.report import render, store_report
    from familycentre.report.formats import render_pdf

    if args.threshold < 1:
        raise FamilyCentreError(f"--threshold must be at least 1, not {args.threshold}")
    check_language(args.lang)
    if args.network and args.centre:
        raise FamilyCentreError("--network covers every centre: leave out --centre")
    with open_source(args) as store:
        if args.network:
            from familycentre.report.network import network_store_report

            report = network_store_report(
                store, year=args.year, threshold=args.threshold, language=args.lang
            )
        else:
            report = store_report(
                store,
                year=args.year,
                centre=args.centre,
                threshold=args.threshold,
                language=args.lang,
            )
    if args.format == "pdf":
        if args.output in (None, "-"):
            raise FamilyCentreError("a PDF report needs a file: give -o report.pdf")
        data = render_pdf(report)
    else:
        data = render(report, args.format).encode("utf-8")
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    try:
        with atomic_write(args.output) as stream:
            stream.write(data)
    except OSError as exc:
        raise FamilyCentreError(f"{args.output}: cannot write the report: {exc}") from None
    return EXIT_OK


def add_commands(commands: CommandAdder) -> None:
    """Add ``report``."""
    report = commands.add_parser(
        "report",
        help="the yearly report for the municipality (or --network)",
        description="What the centres offer, do and achieve in a year, section by "
        "section, this year beside last year, in anonymous counts: counts about families "
        "below --threshold are suppressed. German by default; --lang en, tr, ar or uk "
        "for another language (data text falls back to German).",
    )
    report.add_argument("--year", required=True, type=year_arg, help="the calendar year")
    report.add_argument("--centre", metavar="ID", help="only this centre (default: all)")
    report.add_argument(
        "--network",
        action="store_true",
        help="every centre of the store beside the network's median, suppressed per centre",
    )
    report.add_argument("--format", choices=FORMATS, default="markdown", help="(markdown)")
    report.add_argument(
        "--threshold", type=int, default=5, help="suppress counts about families below (5)"
    )
    report.add_argument(
        "--lang",
        default="de",
        metavar="LANG",
        help="language: de, en, tr, ar or uk (default: de); data text falls back to German",
    )
    report.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    add_source_arguments(report)
    report.set_defaults(handler=_cmd_report)
