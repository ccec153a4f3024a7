"""The ``occurrences`` command: a centre's programme, week by week."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from familycentre.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_source_arguments,
    date_arg,
    read_centre_data,
)
from familycentre.hookspecs import CommandAdder

if TYPE_CHECKING:
    from familycentre.model.data import CentreData
    from familycentre.schedule import Occurrence

__all__ = ["add_commands"]


def _load_centres(args: argparse.Namespace) -> list[CentreData]:
    """The centres whose programme to show: the data file's or the store's, by ``--centre``."""
    return read_centre_data(args, args.centre)


_GERMAN_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def _print_week_by_week(
    occurrences: Sequence[Occurrence], data: Sequence[CentreData], start: dt.date, end: dt.date
) -> None:
    from familycentre.terminal import printable

    names = ", ".join(printable(item.centre.name.de) for item in data)
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
        line += printable(occurrence.offer.title.de)
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


def add_commands(commands: CommandAdder) -> None:
    """Add ``occurrences``."""
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
        "--from", required=True, type=date_arg, metavar="DATE", help="first day (2026-09-01)"
    )
    occurrences.add_argument(
        "--to", required=True, type=date_arg, metavar="DATE", help="last day (inclusive)"
    )
    occurrences.add_argument("--centre", metavar="ID", help="only the centre with this id")
    occurrences.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    occurrences.set_defaults(handler=_cmd_occurrences)
