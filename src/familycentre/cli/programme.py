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
    N_,
    _,
    add_school_holiday_argument,
    add_source_arguments,
    date_arg,
    language,
    read_centre_data,
    refuse_empty_programme,
)
from familycentre.hookspecs import CommandAdder

if TYPE_CHECKING:
    from familycentre.i18n import Translator
    from familycentre.model.data import CentreData
    from familycentre.schedule import Occurrence
    from familycentre.schedule.missed import MissedDate

__all__ = ["add_commands", "week_arg"]

_REASONS = {
    "cancelled": N_("cancelled"),
    "offer_closure": N_("paused"),
    "public_holiday": N_("public holiday"),
    "centre_closure": N_("centre closed"),
    "school_holidays": N_("school holidays"),
}


def week_arg(text: str) -> dt.date:
    """An argparse type: the Monday of a week named ``this``, ``next``, ``last`` or by a date.

    German words work too (``diese``, ``nächste``, ``letzte``); ``+2`` is the week after next.
    """
    word = text.strip().lower()
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    shifts = {
        "this": 0,
        "diese": 0,
        "next": 1,
        "nächste": 1,
        "naechste": 1,
        "last": -1,
        "letzte": -1,
        "vorige": -1,
    }
    if word in shifts:
        return monday + dt.timedelta(weeks=shifts[word])
    if word.lstrip("+-").isdigit() and word[0] in "+-":
        return monday + dt.timedelta(weeks=int(word))
    day = date_arg(text)
    return day - dt.timedelta(days=day.weekday())


def _print_week_by_week(
    occurrences: Sequence[Occurrence],
    missed: Sequence[MissedDate],
    data: Sequence[CentreData],
    start: dt.date,
    end: dt.date,
    t: Translator,
) -> None:
    from familycentre.terminal import printable

    names = ", ".join(printable(item.centre.name.get(t.language)) for item in data)
    period = t.gettext("{start} to {end}").format(start=f"{start:%d.%m.%Y}", end=f"{end:%d.%m.%Y}")
    print(f"{names}: {period}")
    if not occurrences and not missed:
        print("\n" + t.gettext("No dates in this period."))
        return
    several = len(data) > 1
    lines: list[tuple[dt.date, int, str, str]] = []
    for occurrence in occurrences:
        if occurrence.all_day:
            when = t.gettext("all day")
        else:
            when = f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}"
        text = printable(occurrence.offer.title.get(t.language))
        if several:
            text += f" ({occurrence.offer.centre})"
        lines.append((occurrence.start.date(), 0, when, text))
    groups: dict[tuple[dt.date, str, str], list[str]] = {}
    for gap in missed:
        why = t.gettext(_REASONS[gap.reason.value])
        if gap.name is not None:
            why += f": {printable(gap.name.get(t.language))}"
        title = printable(gap.offer.title.get(t.language))
        if several:
            title += f" ({gap.offer.centre})"
        titles = groups.setdefault((gap.date, gap.reason.value, why), [])
        if title not in titles:
            titles.append(title)
    for (day, _reason, why), titles in groups.items():
        text = t.gettext("{reason} – not taking place: {offers}").format(
            reason=why, offers=", ".join(titles)
        )
        lines.append((day, 1, "–", text))
    lines.sort(key=lambda line: (line[0], line[1]))  # by day; the gaps after the dates
    week: tuple[int, int] | None = None
    for day, _missing, when, text in lines:
        year, number, _weekday = day.isocalendar()
        if (year, number) != week:
            week = (year, number)
            monday = day - dt.timedelta(days=day.weekday())
            sunday = monday + dt.timedelta(days=6)
            heading = t.gettext("Week {number}/{year} ({monday} – {sunday})").format(
                number=number,
                year=year,
                monday=f"{t.date_pattern(monday, 'EEEEEE')[:2]} {monday:%d.%m.}",
                sunday=f"{t.date_pattern(sunday, 'EEEEEE')[:2]} {sunday:%d.%m.%Y}",
            )
            print(f"\n{heading}")
        weekday = t.date_pattern(day, "EEEEEE")[:2]
        print(f"  {weekday} {day:%d.%m.}  {when:<11}  {text}")


def _window(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    start: dt.date | None = getattr(args, "from")
    end: dt.date | None = args.to
    if args.week is not None:
        if start is not None or end is not None:
            args.parser.error(_("give either --week or --from/--to, not both"))
        return args.week, args.week + dt.timedelta(days=6)
    if start is None and end is None:
        today = dt.date.today()
        monday = today - dt.timedelta(days=today.weekday())
        return monday, monday + dt.timedelta(days=6)
    if start is None:
        assert end is not None
        start = end - dt.timedelta(days=6)
    if end is None:
        end = start + dt.timedelta(days=6)
    return start, end


def _cmd_occurrences(args: argparse.Namespace) -> int:
    from familycentre.i18n import check_language, translator
    from familycentre.schedule import ClosureCalendar, InvalidWindow, occurrences_json, programme
    from familycentre.schedule.missed import missed_dates

    start, end = _window(args)
    if end < start:
        print(
            _("familycentre occurrences: error: --to {end} lies before --from {start}").format(
                end=end.isoformat(), start=start.isoformat()
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    t = translator(check_language(args.lang or language()))
    data = read_centre_data(args, args.centre)
    if not args.allow_empty:
        refuse_empty_programme(args, data)
    found: list[Occurrence] = []
    missed: list[MissedDate] = []
    try:
        listing = programme(data, start, end)  # checks the window and bounds the work first
        if args.format != "json" and args.missed:
            for item in data:
                calendar = ClosureCalendar.for_centre(item.centre, start, end)
                for offer in item.offers:
                    missed.extend(missed_dates(offer, calendar, start, end, item.centre))
    except InvalidWindow as exc:
        print(_("familycentre occurrences: error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":  # streamed: memory does not grow with the occurrences
        write = sys.stdout.write
        for piece in occurrences_json(listing):
            write(piece)
        write("\n")
    else:
        found = list(listing)
        _print_week_by_week(found, missed, data, start, end, t)
    return EXIT_OK


def add_commands(commands: CommandAdder) -> None:
    """Add ``occurrences``."""
    occurrences = commands.add_parser(
        "occurrences",
        help=_("list the dates and times of a centre's offers, by default this week"),
        description=_(
            "Print the programme of a centre, week by week: every date and time its "
            "offers take place, with public holidays, school holidays and closures "
            "applied, and on which day a regular offer does not take place and why "
            "(holiday, closure, cancelled). Without dates: this week. Dates are "
            "written 2026-12-07, 07.12.2026, today or heute. json gives a list of "
            "objects with offer, centre, title, start and end (ISO 8601 with UTC "
            "offset) and all_day."
        ),
    )
    add_source_arguments(
        occurrences, file_help=_("the centre's data file; omit it to read a store")
    )
    occurrences.add_argument(
        "--from",
        type=date_arg,
        metavar="DATE",
        help=_("first day (2026-09-01, 01.09.2026 or today; default: Monday of this week)"),
    )
    occurrences.add_argument(
        "--to",
        type=date_arg,
        metavar="DATE",
        help=_("last day, inclusive (default: six days after --from)"),
    )
    occurrences.add_argument(
        "--week",
        nargs="?",
        const="this",
        type=week_arg,
        metavar="WEEK",
        help=_("a whole week: this (the default), next, last, +2, or a date in the week"),
    )
    occurrences.add_argument("--centre", metavar="ID", help=_("only the centre with this id"))
    occurrences.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("output format (text)")
    )
    occurrences.add_argument(
        "--lang",
        metavar="LANG",
        help=_("language of the listing: de, en, tr, ar or uk (default: the command line's)"),
    )
    occurrences.add_argument(
        "--no-missed",
        dest="missed",
        action="store_false",
        help=_("do not list the days on which a regular offer does not take place"),
    )
    occurrences.add_argument(
        "--allow-empty",
        action="store_true",
        help=_("list nothing rather than fail when no centre or no offer is found"),
    )
    add_school_holiday_argument(occurrences)
    occurrences.set_defaults(handler=_cmd_occurrences, parser=occurrences)
