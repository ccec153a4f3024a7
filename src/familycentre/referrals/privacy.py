"""Referrals in a store: moves with events, erasure, retention and follow-ups.

The functions here work on any :class:`~familycentre.storage.Store` through its
public interface (``erase_family(store, pseudonym)``, ``purge_referrals(store, ...)``,
``followups(store, ...)``, ``transition_referral(store, ...)``); the store itself
knows no referral rules.

Erasing keeps what the municipality's report counts (centre, need, partner, dates,
statuses, close reasons) and removes everything that could lead back to the family:
the pseudonym is replaced by a fresh random one per referral (so erased referrals
cannot be linked to each other), and notes, the accompanying person, the
appointment, the requested window, the consent's note and the reasons in words and
notes of the history are cleared.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

import attrs

from familycentre.dates import parse_period
from familycentre.errors import ErasureIncomplete, NotFound
from familycentre.model.lifecycle import CloseReason, ReferralStatus, Role
from familycentre.model.partner import Partner
from familycentre.model.referral import FamilyContact, Referral, Transition
from familycentre.storage import Query, ReferralMoved, Store

__all__ = [
    "ERASED",
    "ERASED_PREFIX",
    "due_followups",
    "erase_family",
    "erase_referral",
    "family_contact",
    "finish_erasure",
    "followups",
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
    return attrs.evolve(step, reason=None if step.reason is None else ERASED, note=None, by=None)


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


ERASURE_WAIT = 10.0
"""Seconds an erasure waits for other connections before it reports old copies."""


def finish_erasure(store: Store, *, timeout: float | None = None) -> None:
    """Make erased personal data unrecoverable from the store's files.

    Erasure and purge call it after their commit, waiting up to ``timeout`` seconds
    (default :data:`ERASURE_WAIT`) for other connections; call it again (``familycentre
    erase --finish``) after an :class:`~familycentre.errors.ErasureIncomplete`.

    :raises ErasureIncomplete: when other connections still keep old copies in the
        database files; the message names the condition that must clear.
    """
    blocked = store.checkpoint(timeout=ERASURE_WAIT if timeout is None else timeout)
    if blocked is not None:
        raise ErasureIncomplete(
            f"{store.url}: the erasure is recorded and no longer readable through the "
            f"store, but old copies remain on disk: {blocked}. End the other "
            "connection (another familycentre process, an sqlite3 shell, a backup "
            "job), then run 'familycentre erase --finish' (or the same command again)."
        )


def put_family_contact(
    store: Store, contact: FamilyContact, *, revision: int | None = None
) -> int:
    """Add a family's contact details, or replace them at ``revision``, keyed by pseudonym.

    Contact details carry revisions like every record: read them with
    ``store.record(FamilyContact, family)`` and pass its revision to replace them, so
    that two staff members editing the same family at once get a
    :class:`~familycentre.ConflictError` instead of one losing the other's change.

    :param revision: The revision the change is based on; ``None`` adds new details.
    :return: The new revision.
    :raises NotFound: when the store has no centre ``contact.centre``.
    :raises ConflictError: when details exist and ``revision`` is not given or stale.
    :raises StoreError: when the backend keeps no family contacts.
    """
    if revision is None:
        return store.add(contact).revision
    return store.update(contact, revision=revision).revision


def family_contact(store: Store, family: str) -> FamilyContact | None:
    """The contact details of the family with pseudonym ``family``, if the store has them."""
    if not store.holds_family_contacts:
        return None
    found = store.find(FamilyContact, family)
    return None if found is None else found.value


def erase_family(store: Store, family: str, *, timeout: float | None = None) -> int:
    """Erase the personal data of the family with pseudonym ``family`` from ``store``.

    Its contact details are deleted and all its referrals rewritten, in one
    transaction; then the store's files are rid of the old values
    (:func:`finish_erasure`). Erasure never depends on the old personal data being
    valid: contact details that no longer validate are deleted all the same.
    Returns the number of referrals erased.

    :raises NotFound: when the store holds neither a referral nor contact details of
        that family.
    :raises ErasureIncomplete: when the erasure is committed but old copies remain on
        disk because other connections block the rewrite.
    """
    with store.transaction():
        found = store.records(Referral, Query(family=family))
        contact = store.holds_family_contacts and store.exists(FamilyContact, family)
        if not found and not contact:
            raise NotFound(f"there is no referral of the family {family!r} in {store.url}")
        if contact:
            store.delete(FamilyContact, family)
        for record in found:
            store.update(erase_referral(record.value), revision=record.revision)
    finish_erasure(store, timeout=timeout)
    return len(found)


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
    erased = 0
    with store.transaction():
        if older_than is None:
            for held in store.centres():
                if held.retention_months is not None:
                    cutoffs[held.id] = _cutoff(held.retention_months, today)
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
        finish_erasure(store)
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


def followups(
    store: Store,
    *,
    today: dt.date | None = None,
    within: dt.timedelta = dt.timedelta(0),
    centre: str | None = None,
) -> list[Referral]:
    """Open referrals of ``store`` whose follow-up is due by ``today + within``, soonest first."""
    return due_followups(
        store.referrals(centre=centre), today=today or dt.date.today(), within=within
    )


def transition_referral(
    store: Store,
    referral_id: str,
    to: ReferralStatus | str,
    *,
    at: dt.datetime,
    role: Role | str = Role.STAFF,
    reason: CloseReason | str | None = None,
    note: str | None = None,
    by: str | None = None,
) -> Referral:
    """Move a stored referral to status ``to`` and tell plugins (``referral_transition``).

    Reads the referral and its partner (for the kind its consent may name), makes
    the move (see :meth:`familycentre.Referral.transition`) and writes it back
    checking the revision. The ``referral_transition`` event is queued in the same
    transaction: plugins hear of the move when the outermost transaction commits,
    and never when it is rolled back.

    :raises NotFound: when there is no such referral.
    :raises TransitionError: when the move is not allowed.
    :raises ConflictError: when someone else changed the referral meanwhile.
    """
    with store.transaction():
        record = store.record(Referral, referral_id)
        referral = record.value
        partner = store.find(Partner, referral.partner)
        moved = referral.transition(
            to,
            at=at,
            role=role,
            reason=reason,
            note=note,
            partner_kind=None if partner is None else partner.value.kind,
            by=by,
        )
        stored = store.update(moved, revision=record.revision)
        step = moved.history[-1]
        store.queue_event(
            ReferralMoved(
                store_url=store.url,
                referral_id=referral_id,
                source=step.source.value,
                target=step.target.value,
                role=step.role.value,
                at=step.at,
                revision=stored.revision,
            )
        )
    return moved
