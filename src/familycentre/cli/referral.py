"""The ``referral`` commands: record and follow a referral without writing Python.

``referral new`` records a referral (a draft), ``move`` changes its status, ``close``
and ``reopen`` end and revive it, ``consent`` records the family's consent (or its
withdrawal), ``show`` prints it with its history, and ``import`` reads many from a
CSV or TOML file. Every move goes through
:func:`familycentre.referrals.transition_referral`: the lifecycle table, the
consent rules and the revision check apply as in Python, and plugins hear of it.
The staff member's name (``--by``) is kept in the history; erasure clears it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familycentre.cli.common import EXIT_OK, _, add_store_argument, date_arg, open_store_arg
from familycentre.errors import FamilyCentreError, InvalidData, Problem
from familycentre.hookspecs import CommandAdder

if TYPE_CHECKING:
    from familycentre.model.referral import Referral
    from familycentre.storage import Store

__all__ = ["add_commands", "datetime_arg"]


def datetime_arg(text: str) -> dt.datetime:
    """An argparse type: a time like ``2026-12-07T10:00``, ``07.12.2026 10:00`` or ``now``.

    Without a UTC offset the time is local to the machine's time zone.
    """
    import re

    word = text.strip()
    if word.lower() in ("now", "jetzt"):
        return dt.datetime.now().astimezone()
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2}))?", word)
    if german:
        day, month, year, hour, minute = german.groups()
        word = f"{year}-{int(month):02d}-{int(day):02d}T{int(hour or 0):02d}:{minute or '00'}"
    try:
        value = dt.datetime.fromisoformat(word)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a time like 2026-12-07T10:00, 07.12.2026 10:00 or now").format(
                text=text[:40]
            )
        ) from None
    return value if value.tzinfo is not None else value.astimezone()


def _at(args: argparse.Namespace) -> dt.datetime:
    return args.at if args.at is not None else dt.datetime.now().astimezone()


def _new_id(store: Store, centre: str, created: dt.date) -> str:
    from familycentre.model.referral import Referral

    taken = set(store.ids(Referral))
    number = 1
    while f"{centre}-{created:%Y%m%d}-{number}" in taken:
        number += 1
    return f"{centre}-{created:%Y%m%d}-{number}"


def _check_references(store: Store, referral: Referral) -> None:
    from familycentre.referrals.consent import check_references

    check_references(referral, partners=store.partners(), centres=store.centres())


def _cmd_new(args: argparse.Namespace) -> int:
    from familycentre.model.referral import Referral
    from familycentre.serialization import structure

    created = args.created or dt.date.today()
    with open_store_arg(args) as store, store.transaction():
        plain: dict[str, Any] = {
            "id": args.id or _new_id(store, args.centre, created),
            "centre": args.centre,
            "family": args.family,
            "need": args.need,
            "partner": args.partner,
            "created": created,
            "priority": args.priority,
            "accompanied": args.accompanied,
        }
        optional = {
            "accompanied_by": args.accompanied_by,
            "follow_up": args.follow_up,
            "note": args.note,
            "shares": args.shares,
        }
        plain.update({k: v for k, v in optional.items() if v is not None})
        referral = structure(plain, Referral, source="referral new")
        _check_references(store, referral)
        store.add(referral)
    if not args.quiet:
        print(_("{id}: recorded as draft").format(id=referral.id))
    return EXIT_OK


def _transition(
    store: Store, args: argparse.Namespace, target: Any, *, at: dt.datetime | None = None
) -> Referral:
    """Move the referral ``args.referral`` to ``target`` with the command's options."""
    from familycentre.referrals import transition_referral

    return transition_referral(
        store,
        args.referral,
        target,
        at=_at(args) if at is None else at,
        role=args.role,
        reason=args.reason,
        note=args.note,
        by=args.by,
    )


def _moved(args: argparse.Namespace, moved: Referral) -> int:
    if not args.quiet:
        print(_("{id}: now {status}").format(id=moved.id, status=moved.status.value))
    return EXIT_OK


def _cmd_move(args: argparse.Namespace) -> int:
    with open_store_arg(args) as store:
        moved = _transition(store, args, args.status)
    return _moved(args, moved)


def _cmd_close(args: argparse.Namespace) -> int:
    from familycentre.model.referral import Referral

    with open_store_arg(args) as store:
        current = store.get(Referral, args.referral)
        at = _at(args)
        target = current.close(args.reason, at=at, role=args.role).status  # checks the move
        moved = _transition(store, args, target, at=at)
    return _moved(args, moved)


def _cmd_reopen(args: argparse.Namespace) -> int:
    from familycentre.errors import TransitionError
    from familycentre.model.lifecycle import CLOSED
    from familycentre.model.referral import Referral

    with open_store_arg(args) as store:
        current = store.get(Referral, args.referral)
        if current.status not in CLOSED:
            raise TransitionError(
                _("only a closed referral can be reopened; {id} is {status}").format(
                    id=current.id, status=current.status.value
                ),
                current.status,
                current.allowed_next(),
            )
        moved = _transition(store, args, args.to)
    return _moved(args, moved)


def _cmd_consent(args: argparse.Namespace) -> int:
    import attrs

    from familycentre.model.referral import Consent, Referral

    with open_store_arg(args) as store, store.transaction():
        record = store.record(Referral, args.referral)
        referral = record.value
        at = _at(args)
        if args.withdraw:
            changed = referral.withdraw_consent(at=at, note=args.note)
            message = _("{id}: consent withdrawn; now {status}")
        else:
            if not args.categories:
                raise InvalidData(
                    [Problem(("categories",), _("name what may be passed: --categories ..."))],
                    source="referral consent",
                )
            consent = Consent(
                given=at,
                form=args.form,
                categories=tuple(args.categories),
                partners=tuple(args.partners or (referral.partner,)),
                note=args.note,
            )
            changed = attrs.evolve(referral, consent=consent)
            message = _("{id}: consent recorded; status {status}")
        store.update(changed, revision=record.revision)
    if not args.quiet:
        print(message.format(id=changed.id, status=changed.status.value))
    return EXIT_OK


def _shown(referral: Referral) -> dict[str, Any]:
    from familycentre.serialization import to_plain

    plain: dict[str, Any] = to_plain(referral)
    return plain


def _cmd_show(args: argparse.Namespace) -> int:
    from familycentre.model.referral import Referral

    with open_store_arg(args) as store:
        referral = store.get(Referral, args.referral)
    if args.format == "json":
        print(json.dumps(_shown(referral), ensure_ascii=False, indent=2))
        return EXIT_OK
    from familycentre.terminal import printable

    print(
        _(
            "{id}: {status} – family {family}, need {need}, partner {partner}, created {created}"
        ).format(
            id=referral.id,
            status=referral.status.value,
            family=printable(referral.family),
            need=referral.need.value,
            partner=referral.partner,
            created=f"{referral.created:%d.%m.%Y}",
        )
    )
    if referral.consent is not None:
        state = _("withdrawn") if referral.consent.withdrawn else _("given")
        print(
            "  "
            + _("consent: {state} ({form}) for {categories}").format(
                state=state,
                form=referral.consent.form.value,
                categories=", ".join(c.value for c in referral.consent.categories),
            )
        )
    if referral.follow_up is not None:
        print("  " + _("follow-up: {date}").format(date=f"{referral.follow_up:%d.%m.%Y}"))
    for step in referral.history:
        why = step.close_reason.value if step.close_reason else (step.reason or "")
        who = printable(step.by) if step.by else step.role.value
        line = f"  {step.at:%d.%m.%Y %H:%M}  {step.source.value} → {step.target.value}  ({who})"
        if why:
            line += f"  {printable(why)}"
        print(line)
    return EXIT_OK


_IMPORT_COLUMNS = (
    "id",
    "centre",
    "family",
    "need",
    "partner",
    "created",
    "priority",
    "accompanied",
    "accompanied_by",
    "follow_up",
    "note",
    "shares",
    "status",
    "by",
)


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The referrals of a CSV or TOML file, each with the line it starts on."""
    from familycentre.files import read_bytes, toml_lines

    raw = read_bytes(path).decode("utf-8-sig")
    if path.suffix.lower() == ".csv":
        import csv
        import io

        reader = csv.DictReader(io.StringIO(raw))
        unknown = [c for c in reader.fieldnames or () if c not in _IMPORT_COLUMNS]
        if unknown:
            raise InvalidData(
                [
                    Problem(
                        (),
                        _("unknown columns {names}; use {known}").format(
                            names=", ".join(unknown), known=", ".join(_IMPORT_COLUMNS)
                        ),
                    )
                ],
                source=str(path),
            )
        rows: list[tuple[int, dict[str, Any]]] = []
        for row in reader:
            plain: dict[str, Any] = {k: v for k, v in row.items() if k and v not in (None, "")}
            if "accompanied" in plain:
                plain["accompanied"] = plain["accompanied"].strip().lower() in (
                    "1",
                    "true",
                    "yes",
                    "ja",
                    "x",
                )
            if "shares" in plain:
                plain["shares"] = [s.strip() for s in plain["shares"].split(",") if s.strip()]
            rows.append((reader.line_num, plain))
        return rows
    if path.suffix.lower() == ".toml":
        import tomllib

        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidData([Problem((), f"not valid TOML: {exc}")], source=str(path)) from None
        items = data.get("referrals", [])
        lines = toml_lines(raw)
        if not isinstance(items, list):
            raise InvalidData(
                [Problem(("referrals",), _("write [[referrals]] before each referral"))],
                source=str(path),
            )
        return [(lines.get(("referrals", i), 0), dict(item)) for i, item in enumerate(items)]
    raise InvalidData([Problem((), _("give a .csv or .toml file"))], source=str(path))


def _cmd_import(args: argparse.Namespace) -> int:
    from familycentre.errors import TransitionError
    from familycentre.model.referral import Referral
    from familycentre.referrals import transition_referral
    from familycentre.serialization import structure

    path = Path(args.file)
    rows = _rows(path)
    problems: list[str] = []
    at = _at(args)
    with open_store_arg(args) as store:
        try:
            with store.transaction():  # all or nothing
                for line, plain in rows:
                    status = plain.pop("status", None)
                    by = plain.pop("by", None) or args.by
                    where = f"{path}:{line}"
                    try:
                        if "id" not in plain and isinstance(plain.get("centre"), str):
                            created = dt.date.fromisoformat(str(plain.get("created", "")))
                            plain["id"] = _new_id(store, plain["centre"], created)
                        referral = structure(plain, Referral, source=where)
                        _check_references(store, referral)
                        store.add(referral)
                        if status not in (None, "draft"):
                            transition_referral(
                                store, referral.id, status, at=at, role="staff", by=by
                            )
                    except InvalidData as exc:
                        problems.extend(f"{where}: {p}" for p in exc.problems)
                    except (TransitionError, FamilyCentreError, ValueError) as exc:
                        problems.append(f"{where}: {exc}")
                if problems:
                    raise InvalidData([])  # roll back every row
        except InvalidData:
            if not problems:
                raise
            for problem in problems:
                print(problem, file=sys.stderr)
            print(_("nothing imported"), file=sys.stderr)
            return 1
    if not args.quiet:
        print(_("{path}: {count} referral(s) imported").format(path=path, count=len(rows)))
    return EXIT_OK


def _moves(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", help=_("the staff member's name, for the history"))
    parser.add_argument(
        "--role",
        choices=("staff", "partner"),
        default="staff",
        help=_("who makes the move: staff (default) or the partner"),
    )
    parser.add_argument(
        "--at",
        type=datetime_arg,
        metavar="TIME",
        help=_("when (2026-12-07T10:00, 07.12.2026 10:00; default: now)"),
    )
    parser.add_argument("--note", help=_("a note for staff"))
    add_store_argument(parser, _("the store of the referrals"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))


def add_commands(commands: CommandAdder) -> None:
    """Add ``referral`` with ``new``, ``move``, ``close``, ``reopen``, ``consent``, ``show``."""
    from familycentre.model.lifecycle import CloseReason, ReferralStatus
    from familycentre.model.referral import ConsentForm, DataCategory, Priority
    from familycentre.taxonomy import Need

    referral = commands.add_parser(
        "referral",
        help=_("record referrals: new, move, close, reopen, consent, show, import"),
        description=_(
            "Record a referral of a family to a partner and follow it: every move obeys "
            "the lifecycle and the consent rules, and the history names who made it."
        ),
    )
    actions = referral.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    new = actions.add_parser("new", help=_("record a new referral (a draft)"))
    new.add_argument("--centre", required=True, metavar="ID", help=_("the referring centre"))
    new.add_argument(
        "--family",
        required=True,
        metavar="PSEUDONYM",
        help=_("the family's pseudonym, never a name"),
    )
    new.add_argument(
        "--need",
        required=True,
        choices=[n.value for n in Need],
        metavar="NEED",
        help=_("what the family needs help with: {needs}").format(
            needs=", ".join(n.value for n in Need)
        ),
    )
    new.add_argument("--partner", required=True, metavar="ID", help=_("the partner's id"))
    new.add_argument("--id", help=_("the referral's id (default: CENTRE-DATE-N)"))
    new.add_argument("--created", type=date_arg, metavar="DATE", help=_("default: today"))
    new.add_argument(
        "--priority",
        choices=[p.value for p in Priority],
        default="routine",
        help=_("how soon help is needed (routine)"),
    )
    new.add_argument("--accompanied", action="store_true", help=_("staff accompany the family"))
    new.add_argument("--accompanied-by", metavar="NAME", help=_("who accompanies the family"))
    new.add_argument("--follow-up", type=date_arg, metavar="DATE", help=_("when to check back"))
    new.add_argument("--note", help=_("a note for staff"))
    new.add_argument(
        "--shares",
        action="append",
        choices=[c.value for c in DataCategory],
        metavar="DATA",
        help=_("data passed to the partner (repeatable); needs consent before it is sent"),
    )
    add_store_argument(new, _("the store of the referrals"))
    new.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    new.set_defaults(handler=_cmd_new)

    move = actions.add_parser("move", help=_("move a referral to another status"))
    move.add_argument("referral", metavar="ID", help=_("the referral's id"))
    move.add_argument(
        "status",
        choices=[s.value for s in ReferralStatus],
        metavar="STATUS",
        help=", ".join(s.value for s in ReferralStatus),
    )
    move.add_argument("--reason", help=_("why, in words (needed for on_hold)"))
    _moves(move)
    move.set_defaults(handler=_cmd_move)

    close = actions.add_parser("close", help=_("close a referral for a reason"))
    close.add_argument("referral", metavar="ID", help=_("the referral's id"))
    close.add_argument(
        "reason",
        choices=[r.value for r in CloseReason],
        metavar="REASON",
        help=", ".join(r.value for r in CloseReason),
    )
    _moves(close)
    close.set_defaults(handler=_cmd_close)

    reopen = actions.add_parser("reopen", help=_("reopen a closed referral"))
    reopen.add_argument("referral", metavar="ID", help=_("the referral's id"))
    reopen.add_argument("--reason", required=True, help=_("why, in words"))
    reopen.add_argument(
        "--to", choices=("draft", "requested"), default="draft", help=_("the new status (draft)")
    )
    _moves(reopen)
    reopen.set_defaults(handler=_cmd_reopen)

    consent = actions.add_parser(
        "consent", help=_("record the family's consent, or its withdrawal")
    )
    consent.add_argument("referral", metavar="ID", help=_("the referral's id"))
    consent.add_argument(
        "--form",
        choices=[f.value for f in ConsentForm],
        default="written",
        help=_("how it was given (written)"),
    )
    consent.add_argument(
        "--categories",
        nargs="+",
        choices=[c.value for c in DataCategory],
        metavar="DATA",
        help=_("what may be passed: {categories}").format(
            categories=", ".join(c.value for c in DataCategory)
        ),
    )
    consent.add_argument(
        "--partners",
        nargs="+",
        metavar="ID",
        help=_("partners it covers (default: the referral's)"),
    )
    consent.add_argument("--withdraw", action="store_true", help=_("the family withdraws it"))
    _moves(consent)
    consent.set_defaults(handler=_cmd_consent)

    show = actions.add_parser("show", help=_("print a referral and its history"))
    show.add_argument("referral", metavar="ID", help=_("the referral's id"))
    show.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("output format (text)")
    )
    add_store_argument(show, _("the store of the referrals"))
    show.set_defaults(handler=_cmd_show)

    load = actions.add_parser(
        "import",
        help=_("import referrals from a CSV or TOML file, all or nothing"),
        description=_(
            "Import referrals from a CSV file (columns: {columns}) or a TOML file "
            "([[referrals]] tables with the same keys). Each is recorded as a draft and, "
            "with a status, moved there by the lifecycle's rules. One bad row imports "
            "nothing; every problem is listed with its line."
        ).format(columns=", ".join(_IMPORT_COLUMNS)),
    )
    load.add_argument("file", metavar="FILE", help=_("a .csv or .toml file"))
    load.add_argument("--by", metavar="NAME", help=_("the staff member's name, for the history"))
    load.add_argument("--at", type=datetime_arg, metavar="TIME", help=_("time of the moves (now)"))
    add_store_argument(load, _("the store of the referrals"))
    load.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    load.set_defaults(handler=_cmd_import)
