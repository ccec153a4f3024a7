"""Referrals in a store: moves with events, erasure, retention and follow-ups.

The functions here work on any :class:`~familycentre.storage.Store` through its
public interface; the store offers them as methods too
(``store.erase_family(pseudonym)``, ``store.purge_referrals(...)``,
``store.followups(...)``, ``store.transition_referral(...)``).

Erasing keeps what the municipality's report counts (centre, need, partner, dates,
statuses, close reasons) and removes everything that could lead back to the family:
the pseudonym is replaced by a fresh random one per referral (so erased referrals
cannot be linked to each other), and notes, the accompanying person, the
appointment, the requested window, the consent's note and the reasons in words and
notes of the history are cleared.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from familycentre.errors import NotFound
from familycentre.model.centre import Centre
from familycentre.model.partner import Partner
from familycentre.model.referral import FamilyContact, Referral, Transition
from familycentre.referrals.lifecycle import CloseReason, ReferralStatus, Role
from familycentre.storage.base import Query, Stored, StoreError, now

if TYPE_CHECKING:
    from familycentre.storage.base import Store

__all__ = [
    "ERASED",
    "ERASED_PREFIX",
    "due_followups",
    "erase_family",
    "erase_referral",
    "family_contact",
    "family_contact_records",
    "is_erased",
    "parse_period",
    "purge_referrals",
    "put_family_contact",
    "transition_referral",
]

ERASED_PREFIX = "erased-"
"""How the pseudonym of an erased referral begins (a random part follows)."""

ERASED = "(erased)"
"""What replaces a reason in words that the lifecycle requires, once erased."""


def is_erased(referral: Referral) -> bool:
    """Whether the referral's personal data has been erased."""
    return referral.family.startswith(ERASED_PREFIX)


def _erase_step(step: Transition) -> Transition:
    return attrs.evolve(step, reason=None if step.reason is None else ERASED, note=None)


def erase_referral(referral: Referral) -> Referral:
    """The referral without personal data (see the module documentation).

    Erasing an erased referral changes nothing.
    """
    if is_erased(referral):
        return referral
    consent = referral.consent
    return attrs.evolve(
        referral,
        family=ERASED_PREFIX + secrets.token_hex(8),
        note=None,
        accompanied_by=None,
        appointment=None,
        requested_window=None,
        consent=None if consent is None else attrs.evolve(consent, note=None),
        history=tuple(_erase_step(step) for step in referral.history),
    )


def _checkpoint(store: Store) -> None:
    checkpoint = getattr(store, "checkpoint", None)
    if callable(checkpoint):
        checkpoint()


def _contacts(store: Store) -> bool:
    return bool(getattr(store, "holds_family_contacts", False))


def put_family_contact(store: Store, contact: FamilyContact) -> None:
    """Add or replace a family's contact details, keyed by its pseudonym.

    :raises NotFound: when the store has no centre ``contact.centre``.
    :raises StoreError: when the backend keeps no family contacts.
    """
    if not _contacts(store):
        raise StoreError(f"{store.url}: this store keeps no family contact details")
    with store.transaction():
        if not store.exists(Centre, contact.centre):
            raise NotFound(
                f"the family contact refers to the centre {contact.centre!r}, which does "
                "not exist: add it first"
            )
        current: Stored[Any] | None = store._fetch(FamilyContact, contact.id)
        record: Stored[Any] = Stored(
            contact,
            1 if current is None else current.revision + 1,
            now(),
        )
        if current is None:
            store._insert(record)
        else:
            store._replace(record)


def family_contact(store: Store, family: str) -> FamilyContact | None:
    """The contact details of the family with pseudonym ``family``, if the store has them."""
    if not _contacts(store):
        return None
    with store.transaction():
        found: Stored[Any] | None = store._fetch(FamilyContact, family)
    return None if found is None else found.value


def family_contact_records(store: Store) -> list[Stored[Any]]:
    """Every family contact the store keeps, with revisions, ordered by pseudonym."""
    if not _contacts(store):
        return []
    with store.transaction():
        return store._fetch_all(FamilyContact, Query())


def erase_family(store: Store, family: str) -> int:
    """Erase the personal data of the family with pseudonym ``family`` from ``store``.

    Its contact details are deleted and all its referrals rewritten, in one
    transaction; then a store that keeps a write-ahead log (SQLite) is checkpointed,
    so that the old values do not stay in the log. Returns the number of referrals
    erased.

    :raises NotFound: when the store holds neither a referral nor contact details of
        that family.
    """
    with store.transaction():
        found = store.records(Referral, Query(family=family))
        contact = family_contact(store, family)
        if not found and contact is None:
            raise NotFound(f"there is no referral of the family {family!r} in {store.url}")
        if contact is not None:
            store._remove(FamilyContact, family)
        for record in found:
            store.update(erase_referral(record.value), revision=record.revision)
    _checkpoint(store)
    return len(found)


_PERIOD = re.compile(r"\s*(\d+)\s*(d|w|m|y)\s*", re.IGNORECASE)


def parse_period(text: str) -> dt.timedelta | int:
    """Read a period like ``24m``, ``2y``, ``8w`` or ``7d``.

    Months and years are returned as a number of months (an ``int``), days and weeks
    as a :class:`~datetime.timedelta`.

    :raises ValueError: for anything else.
    """
    match = _PERIOD.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a period like 24m, 2y, 8w or 7d")
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit == "d":
        return dt.timedelta(days=number)
    if unit == "w":
        return dt.timedelta(weeks=number)
    return number * (12 if unit == "y" else 1)


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _cutoff(older_than: dt.timedelta | int, today: dt.date) -> dt.date:
    if isinstance(older_than, int):
        return _months_before(today, older_than)
    return today - older_than


def purge_referrals(
    store: Store,
    older_than: dt.timedelta | int | str | None = None,
    *,
    today: dt.date | None = None,
    centre: str | None = None,
) -> int:
    """Erase the personal data of referrals closed before the retention period.

    :param older_than: The retention period: months (an ``int``), a
        :class:`~datetime.timedelta`, or text like ``"24m"`` (see :func:`parse_period`).
        ``None``: each centre's own ``retention_months``; the referrals of centres
        without that setting are left alone.
    :param today: The day to count back from (default: today).
    :param centre: Only this centre's referrals.
    :return: The number of referrals erased. Referrals entered in error are purged
        like closed ones; open referrals are never purged.
    """
    today = today or dt.date.today()
    cutoffs: dict[str, dt.date] = {}
    default: dt.date | None = None
    if older_than is not None:
        period = parse_period(older_than) if isinstance(older_than, str) else older_than
        default = _cutoff(period, today)
    else:
        for held in store.centres():
            if held.retention_months is not None:
                cutoffs[held.id] = _cutoff(held.retention_months, today)
    erased = 0
    with store.transaction():
        for record in store.records(Referral, Query(centre=centre)):
            referral = record.value
            if referral.is_open or is_erased(referral):
                continue
            cutoff = default if default is not None else cutoffs.get(referral.centre)
            if cutoff is None:
                continue
            ended = referral.history[-1].at.date() if referral.history else referral.created
            if ended < cutoff:
                store.update(erase_referral(referral), revision=record.revision)
                erased += 1
    if erased:
        _checkpoint(store)
    return erased


def due_followups(
    referrals: Iterable[Referral],
    *,
    today: dt.date,
    within: dt.timedelta = dt.timedelta(0),
) -> list[Referral]:
    """Open referrals whose follow-up falls on or before ``today + within``.

    Ordered by follow-up date, then id; overdue ones first.
    """
    until = today + within
    due = [r for r in referrals if r.is_open and r.follow_up is not None and r.follow_up <= until]
    return sorted(due, key=lambda r: (r.follow_up or today, r.id))


def transition_referral(
    store: Store,
    referral_id: str,
    to: ReferralStatus | str,
    *,
    at: dt.datetime,
    role: Role | str = Role.STAFF,
    reason: CloseReason | str | None = None,
    note: str | None = None,
) -> Referral:
    """Move a stored referral to status ``to`` and tell plugins (``referral_transition``).

    Reads the referral and its partner (for the kind its consent may name), makes
    the move (see :meth:`familycentre.Referral.transition`), writes it back checking
    the revision, and after the commit calls the ``referral_transition`` hook.

    :raises NotFound: when there is no such referral.
    :raises TransitionError: when the move is not allowed.
    :raises ConflictError: when someone else changed the referral meanwhile.
    """
    with store.transaction():
        record = store.record(Referral, referral_id)
        referral = record.value
        kind = None
        if store.exists(Partner, referral.partner):
            kind = store.get(Partner, referral.partner).kind
        moved = referral.transition(
            to, at=at, role=role, reason=reason, note=note, partner_kind=kind
        )
        stored = store.update(moved, revision=record.revision)
    step = moved.history[-1]
    _announce(store, referral_id, step, stored.revision)
    return moved


def _announce(store: Store, referral_id: str, step: Transition, revision: int) -> None:
    manager = getattr(store, "_plugin_manager", None)
    if manager is None:
        from familycentre.plugins import get_plugin_manager

        manager = get_plugin_manager()
    hook = manager.hook.referral_transition
    if not hook.get_hookimpls():
        return
    try:
        hook(
            store_url=store.url,
            referral_id=referral_id,
            source=step.source.value,
            target=step.target.value,
            role=step.role.value,
            at=step.at,
            revision=revision,
        )
    except Exception as exc:
        warnings.warn(
            f"a referral_transition hook failed for referral {referral_id!r}: {exc!r}",
            RuntimeWarning,
            stacklevel=3,
        )
