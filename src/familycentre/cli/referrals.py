"""The referral commands: ``erase``, ``purge`` and ``followups``.

The handlers read and write the store named by ``--store`` (default:
``$FAMILYCENTRE_STORE``, else the default SQLite file) through the workflows of
:mod:`familycentre.referrals`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from familycentre.cli.common import (
    EXIT_OK,
    _,
    add_store_argument,
    date_arg,
    days_arg,
    open_store_arg,
    period_arg,
)
from familycentre.errors import FamilyCentreError
from familycentre.hookspecs import CommandAdder

__all__ = ["add_commands"]


def _cmd_erase(args: argparse.Namespace) -> int:
    from familycentre.referrals import erase_family, finish_erasure

    with open_store_arg(args) as store:
        if args.finish:
            finish_erasure(store)
            if not args.quiet:
                print(_("{url}: no old copies of erased data remain").format(url=store.url))
            return EXIT_OK
        if args.family is None:
            raise FamilyCentreError(_("name the family's pseudonym (or give --finish)"))
        count = erase_family(store, args.family)
        if not args.quiet:
            print(
                _("{url}: erased the personal data of {count} referral(s)").format(
                    url=store.url, count=count
                )
            )
    return EXIT_OK


def _cmd_purge(args: argparse.Namespace) -> int:
    from familycentre.referrals import purge_referrals

    with open_store_arg(args) as store:
        count = purge_referrals(store, args.older_than, today=args.today, centre=args.centre)
        if not args.quiet:
            print(
                _("{url}: erased the personal data of {count} closed referral(s)").format(
                    url=store.url, count=count
                )
            )
    return EXIT_OK


def _cmd_followups(args: argparse.Namespace) -> int:
    from familycentre.referrals import followups

    today = args.today or dt.date.today()
    with open_store_arg(args) as store:
        due = followups(store, today=today, within=args.due_within, centre=args.centre)
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "centre": r.centre,
                "family": r.family,
                "need": r.need.value,
                "partner": r.partner,
                "status": r.status.value,
                "follow_up": r.follow_up.isoformat() if r.follow_up else None,
                "overdue": bool(r.follow_up and r.follow_up < today),
            }
            for r in due
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in due:
        day = r.follow_up.isoformat() if r.follow_up else ""
        flag = "  " + _("overdue") if r.follow_up and r.follow_up < today else ""
        print(
            f"{day}  {r.id}  {r.centre}  {r.family}  {r.need.value} -> {r.partner}  "
            f"({r.status.value}){flag}"
        )
    if not due and not args.quiet:
        print(_("no follow-ups due"), file=sys.stderr)
    return EXIT_OK


def add_commands(commands: CommandAdder) -> None:
    """Add ``erase``, ``purge`` and ``followups``."""
    erase = commands.add_parser(
        "erase",
        help=_("erase a family's personal data from every referral"),
        description=_(
            "Erase the personal data of the family with the pseudonym FAMILY: "
            "its referrals get a new random pseudonym and lose notes, the accompanying "
            "person, the appointment and every reason in words; need, partner, dates and "
            "statuses stay for the anonymous counts of reports. SQLite stores overwrite "
            "the old values and empty their write-ahead log; while another connection "
            "blocks that, the command exits with status 1 and says so: run it again, or "
            "'erase --finish', once the other connection has ended."
        ),
    )
    erase.add_argument("family", nargs="?", metavar="FAMILY", help=_("the family's pseudonym"))
    erase.add_argument(
        "--finish",
        action="store_true",
        help=_("only remove old copies left by an earlier erasure that reported them"),
    )
    add_store_argument(erase, "the store to erase from")
    erase.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    erase.set_defaults(handler=_cmd_erase)

    purge = commands.add_parser(
        "purge",
        help=_("erase the personal data of referrals closed long ago"),
        description=_(
            "Apply the retention period: erase (as 'erase' does) the personal "
            "data of every referral closed, or entered in error, more than PERIOD ago "
            "(without --older-than: more than its centre's retention_months ago). "
            "Open referrals are never purged."
        ),
    )
    purge.add_argument(
        "--older-than",
        type=period_arg,
        metavar="PERIOD",
        help=_(
            "retention period: 24m (months), 2y, 8w or 90d (default: each centre's "
            "retention_months; centres without it are left alone)"
        ),
    )
    purge.add_argument("--centre", metavar="ID", help=_("only this centre's referrals"))
    purge.add_argument("--today", type=date_arg, metavar="DATE", help=argparse.SUPPRESS)
    add_store_argument(purge, "the store to purge")
    purge.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    purge.set_defaults(handler=_cmd_purge)

    followups = commands.add_parser(
        "followups",
        help=_("list open referrals whose follow-up is due"),
        description=_(
            "List open referrals whose follow-up date is today or earlier, or "
            "within the period given by --due-within; overdue ones first."
        ),
    )
    followups.add_argument(
        "--due-within",
        type=days_arg,
        default=dt.timedelta(0),
        metavar="PERIOD",
        help=_("also list follow-ups due within this period (7d, 2w)"),
    )
    followups.add_argument("--centre", metavar="ID", help=_("only this centre's referrals"))
    followups.add_argument(
        "--today", type=date_arg, metavar="DATE", help=_("count from this day (default: today)")
    )
    followups.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("output format (text)")
    )
    add_store_argument(followups, "the store to read")
    followups.add_argument("-q", "--quiet", action="store_true", help=_("no 'none due' notice"))
    followups.set_defaults(handler=_cmd_followups)
