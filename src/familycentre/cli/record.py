"""The ``record`` command: activity counts into a store, by hand or from tally sheets.

``familycentre record import`` reads tally sheets (CSV, see
:mod:`familycentre.tally`) and activity files (TOML/JSON), checks all of them, and
imports them in one transaction: a bad file imports nothing, not even the good
files beside it. ``familycentre record attendance|help|counselling|...`` adds one
record, with the same columns a tally sheet has, as options.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familycentre.cli.common import EXIT_OK, add_store_argument, open_store_arg, year_arg
from familycentre.errors import FamilyCentreError, InvalidData, NotFound, Problem, TallyError
from familycentre.hookspecs import CommandAdder

if TYPE_CHECKING:
    from familycentre.storage import Store

__all__ = ["add_commands"]


def _known(store: Store, centre: str) -> tuple[set[str], set[str]]:
    """The ids of the centre's offers and of all partners; NotFound without the centre."""
    from familycentre.model.centre import Centre
    from familycentre.model.offer import Offer
    from familycentre.model.partner import Partner
    from familycentre.storage import Query

    if not store.exists(Centre, centre):
        held = ", ".join(repr(i) for i in store.ids(Centre)) or "no centres"
        raise NotFound(f"there is no centre {centre!r} in {store.url} (it holds {held})")
    return set(store.ids(Offer, Query(centre=centre))), set(store.ids(Partner))


def _cmd_import(args: argparse.Namespace) -> int:
    from familycentre.files import load_activities
    from familycentre.model.activities import ActivityData
    from familycentre.tally import read_tally

    with open_store_arg(args) as store:
        offers, partners = _known(store, args.centre)
        items: list[ActivityData] = []
        problems: list[str] = []
        for name in args.files:
            path = Path(name)
            try:
                if path.suffix.lower() in (".toml", ".json"):
                    data = load_activities(path)
                    if data.centre != args.centre:
                        raise FamilyCentreError(
                            f"{path}: the records belong to the centre {data.centre!r}, "
                            f"not {args.centre!r}"
                        )
                else:
                    data = read_tally(
                        path,
                        centre=args.centre,
                        year=args.year,
                        kind=args.kind,
                        offers=offers,
                        partners=partners,
                    )
            except FamilyCentreError as exc:
                problems.append(str(exc))
                continue
            items.append(data)
        if problems:
            raise FamilyCentreError(
                "\n".join(problems) + "\nnothing was imported: correct the files and try again"
            )
        result = store.load_activities(items)
    if not args.quiet:
        print(
            f"{store.url}: {result.added} added, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
    return EXIT_OK


# options of the one-record commands: (option, column key, help); the column's parser
# and checks are the tally sheet's, so a value means the same in both places.
_OPTIONS: dict[str, list[tuple[str, str, str]]] = {
    "attendance": [
        ("--date", "date", "the day, or a week's Monday, or a month's first day"),
        ("--offer", "offer", "the offer's id"),
        ("--participants", "participants", "how many took part"),
        ("--period", "period", "day (default), week or month"),
        ("--first-time", "first_time", "of them, first-time visitors"),
        ("--families", "families", "of them, distinct families"),
    ],
    "help": [
        ("--date", "date", "the day"),
        ("--kind", "kind", "the kind of help (emergency_childcare, household_help, ...)"),
        ("--cases", "cases", "how many cases (default 1)"),
        ("--hours", "hours", "hours in all"),
        ("--need", "need", "the need behind it (health, ...)"),
        ("--offer", "offer", "the offer it belongs to"),
    ],
    "counselling": [
        ("--date", "date", "the day (or a week's Monday, a month's first day)"),
        ("--kind", "kind", "peer_talk, information, encouraged_self_help, topic_group"),
        ("--topic", "topic", "what it was about (parenting, debt, ...)"),
        ("--count", "count", "how many contacts"),
        ("--period", "period", "day (default), week or month"),
    ],
    "engagement": [
        ("--month", "month", "the month (2026-03)"),
        ("--field", "field", "the field (an offer category)"),
        ("--volunteers", "volunteers", "volunteers active"),
        ("--hours", "hours", "their hours in all"),
        ("--self-help-groups", "self_help_groups", "self-help groups active"),
    ],
    "participation": [
        ("--date", "date", "the day of the event"),
        ("--body", "body", "district_conference, youth_welfare_committee, hearing, ..."),
        ("--event", "event", "the event"),
        ("--families", "families", "families who took part"),
    ],
    "cooperations": [
        ("--partner", "partner", "the partner's id"),
        ("--subject", "subject", "what the agreement is about"),
        ("--since", "since", "the day it began"),
        ("--until", "until", "the day it ended"),
    ],
    "network_meetings": [
        ("--date", "date", "the day"),
        ("--role", "role", "hosted or attended"),
        ("--title", "title", "the meeting"),
        ("--organisations", "organisations", "organisations there"),
    ],
    "demand": [
        ("--date", "date", "when it was voiced"),
        ("--kind", "kind", "wish, need or waiting_list"),
        ("--topic", "topic", "what was asked for"),
        ("--families", "families", "how many families (default 1)"),
        ("--offer", "offer", "the full offer (a waiting list)"),
        ("--response", "response", "started, changed, extended or referred"),
        ("--response-date", "response_date", "when"),
        ("--response-offer", "response_offer", "the offer that answered it"),
    ],
    "families_reached": [
        ("--year", "year", "the year"),
        ("--families", "families", "distinct families reached"),
        ("--how", "how", "how they were counted"),
    ],
}

_COMMANDS = {
    "attendance": ("attendance", "participants of an offer on a day, week or month"),
    "help": ("help", "cases of help given on request"),
    "counselling": ("counselling", "counselling and information contacts"),
    "engagement": ("engagement", "volunteers and their hours in a month"),
    "participation": ("participation", "families at an event of a local body"),
    "cooperations": ("cooperation", "a cooperation agreement with a partner"),
    "network_meetings": ("meeting", "a network meeting hosted or attended"),
    "demand": ("demand", "a wish, need or waiting list, and the response"),
    "families_reached": ("reach", "distinct families reached in a year"),
}

_GROUPS = {"attendance": ("--audience", "AUDIENCE=N"), "engagement": ("--age", "GROUP=N")}


def _cmd_one(args: argparse.Namespace) -> int:
    import csv
    import io

    from familycentre.tally import parse_tally

    kind: str = args.sheet
    values: dict[str, str] = {}
    flags = {key: flag for flag, key, _ in _OPTIONS[kind]}
    for _, key, _ in _OPTIONS[kind]:
        value = getattr(args, key)
        if value is not None:
            values[key] = value
    for item in getattr(args, "groups", None) or []:
        name, sep, number = item.partition("=")
        if not sep:
            raise FamilyCentreError(f"{_GROUPS[kind][0]} {item!r}: write it as {_GROUPS[kind][1]}")
        values[name.strip()] = number.strip()
        flags[name.strip()] = f"{_GROUPS[kind][0]} {name.strip()}"
    if kind == "attendance" and args.note is not None:
        values["note"] = args.note
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(list(values))
    writer.writerow(list(values.values()))
    with open_store_arg(args) as store:
        offers, partners = _known(store, args.centre)
        try:
            data = parse_tally(
                stream.getvalue(),
                kind=kind,
                centre=args.centre,
                year=None,
                offers=offers,
                partners=partners,
                source="the command line",
            )
        except TallyError as exc:
            raise InvalidData(
                [_option_problem(problem, flags) for problem in exc.problems],
                source="the command line",
            ) from None
        (record,) = list(data.records())
        write: Any = store  # one record of whichever activity kind the sheet makes
        existing = write.find(type(record), record.id)
        if existing is not None and not args.replace:
            raise FamilyCentreError(
                f"there already is a record for these {'/'.join(_key_flags(kind))} "
                f"(id {record.id!r}); pass --replace to replace it"
            )
        if existing is None:
            stored = write.add(record)
        else:
            stored = write.update(record, revision=existing.revision)
    if not args.quiet:
        action = "added" if stored.revision == 1 else f"replaced (revision {stored.revision})"
        print(f"{store.url}: {_COMMANDS[kind][0]} {record.id} {action}")
    return EXIT_OK


def _option_problem(problem: Problem, flags: dict[str, str]) -> Problem:
    """A tally sheet's problem as one of the command line: named by its option."""
    if len(problem.path) >= 3:
        column = str(problem.path[2])
        return Problem((flags.get(column, column),), problem.message)
    field, sep, message = problem.message.partition(": ")
    if sep and field in flags:  # a field whose option was not given
        return Problem((flags[field],), message)
    return Problem((), problem.message)


def _key_flags(kind: str) -> list[str]:
    from familycentre.tally import SHEETS

    flags = {key: flag for flag, key, _ in _OPTIONS[kind]}
    return [flags[key] for key in SHEETS[kind].key if key in flags]


def add_commands(commands: CommandAdder) -> None:
    """Add ``record`` with its subcommands."""
    from familycentre.tally import SHEETS

    record = commands.add_parser(
        "record",
        help="add activity counts: tally sheets (CSV) or one record",
        description="Add what the centre does, as anonymous counts: import tally sheets "
        "and activity files, or record one count from the command line.",
    )
    kinds = record.add_subparsers(dest="record_command", metavar="KIND", required=True)

    importing = kinds.add_parser(
        "import",
        help="import tally sheets (CSV) and activity files (TOML/JSON)",
        description="Check every file, then import all of them in one transaction; a "
        "file with any problem imports nothing, and neither do the others. The kind of "
        "a CSV sheet comes from its file name (teilnahme-2026.csv, help.csv, ...) or "
        f"--kind; kinds: {', '.join(f'{s.kind} ({s.german})' for s in SHEETS.values())}.",
    )
    importing.add_argument("files", nargs="+", metavar="FILE", help="CSV, TOML or JSON files")
    importing.add_argument("--centre", required=True, metavar="ID", help="the centre")
    importing.add_argument(
        "--year", required=True, type=year_arg, help="the year of the tally sheets"
    )
    importing.add_argument(
        "--kind", choices=tuple(SHEETS), help="the kind of every CSV file given"
    )
    importing.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    add_store_argument(importing, "import into the store at URL")
    importing.set_defaults(handler=_cmd_import)

    for kind, (name, summary) in _COMMANDS.items():
        sheet = SHEETS[kind]
        parser = kinds.add_parser(
            name,
            help=summary,
            description=f"Record {summary}. Values as in a {kind} tally sheet: "
            "identifiers or German/English labels, dates as 2026-03-02 or 02.03.2026.",
        )
        parser.add_argument("--centre", required=True, metavar="ID", help="the centre")
        for flag, key, text in _OPTIONS[kind]:
            column = sheet.column(key)
            required = column is not None and column.required
            parser.add_argument(flag, dest=key, required=required, metavar="VALUE", help=text)
        if kind in _GROUPS:
            option, form = _GROUPS[kind]
            parser.add_argument(
                option,
                dest="groups",
                action="append",
                metavar=form,
                help="a count by group, repeatable",
            )
        if kind == "attendance":
            parser.add_argument("--note", help="a remark (never a name)")
        parser.add_argument(
            "--replace", action="store_true", help="replace a record with the same key"
        )
        parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
        add_store_argument(parser, "write to the store at URL")
        parser.set_defaults(handler=_cmd_one, sheet=kind)
