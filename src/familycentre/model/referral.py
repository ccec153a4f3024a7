"""A referral of a family to a partner, its consent, its history and the family's contact.

Referrals hold personal data. They are never part of a centre's data file nor of
any public export. A referral names the family only by a pseudonym; contact details,
where staff need them, are a separate :class:`FamilyContact` record keyed by that
pseudonym, so that they can be erased on their own.

A referral's status changes only through :meth:`Referral.transition` (or its
shorthands :meth:`~Referral.close`, :meth:`~Referral.reopen`,
:meth:`~Referral.withdraw_consent`), which checks the move against the transition
table of :mod:`familycentre.model.lifecycle` and returns a new referral with the
move appended to its history::

    >>> import datetime as dt
    >>> import familycentre as fc
    >>> at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)
    >>> consent = fc.Consent(given=at, form="written", categories=["need", "contact_details"],
    ...                      partners=["schuldnerberatung"])
    >>> referral = fc.Referral(id="r-1", centre="sonnenblume", family="F-7Q2", need="debt",
    ...                        partner="schuldnerberatung", created=at.date(), consent=consent)
    >>> sent = referral.transition("requested", at=at, role="staff")
    >>> sent.status.value, len(sent.history)
    ('requested', 1)
    >>> sent.transition("completed", at=at, role="staff")
    Traceback (most recent call last):
    ...
    familycentre.model.lifecycle.TransitionError: a referral that is requested cannot \
become completed; allowed next: accepted, rejected, in_progress, on_hold, cancelled, \
consent_withdrawn, entered_in_error
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model.contact import Address, Phone, _phones, _unique_numbers
from familycentre.model.lifecycle import (
    CLOSE_REASONS,
    CLOSED,
    OPEN,
    WITH_PARTNER,
    CloseReason,
    ConsentError,
    ReferralStatus,
    Role,
    TransitionError,
    allowed_next,
    check_step,
    edge,
    is_reopen,
)
from familycentre.taxonomy import Need, PartnerKind

__all__ = [
    "CloseReason",
    "Consent",
    "ConsentForm",
    "DataCategory",
    "FamilyContact",
    "Priority",
    "Referral",
    "ReferralStatus",
    "RequestedWindow",
    "Role",
    "Transition",
]


class Priority(enum.StrEnum):
    """How soon the family needs help (the FHIR request priorities, without ``stat``)."""

    ROUTINE = "routine"
    URGENT = "urgent"
    ASAP = "asap"


class ConsentForm(enum.StrEnum):
    """How consent was given."""

    WRITTEN = "written"
    VERBAL = "verbal"
    DIGITAL = "digital"


class DataCategory(enum.StrEnum):
    """What kind of data about a family may be passed to a partner."""

    CONTACT_DETAILS = "contact_details"
    """Name, phone, email, address (from the :class:`FamilyContact`)."""
    NEED = "need"
    """What the family needs help with."""
    CIRCUMSTANCES = "circumstances"
    """The family's situation as staff know it (household, income, housing)."""
    HEALTH = "health"
    """Health data (special category under Art. 9 GDPR)."""
    DOCUMENTS = "documents"
    """Copies of letters, notices and forms."""


def _aware(instance: object, attribute: attrs.Attribute[Any], value: dt.datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise _checks.FieldError(
            str(attribute.metadata.get("key", attribute.name)),
            "must carry a time zone (like +01:00)",
        )


def _categories(value: Iterable[DataCategory | str]) -> tuple[DataCategory, ...]:
    return tuple(DataCategory(item) for item in _checks.to_tuple(value))


def _kinds(value: Iterable[PartnerKind | str]) -> tuple[PartnerKind, ...]:
    return tuple(PartnerKind(item) for item in _checks.to_tuple(value))


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return _checks.to_tuple(value)


def _slugs(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _checks.slug(instance, attribute, item)
    _checks.unique(instance, attribute, value)


@attrs.frozen
class Consent:
    """A family's consent to pass data to partners (release from confidentiality).

    :param given: When it was given (timezone-aware).
    :param form: How: ``written``, ``verbal`` or ``digital``.
    :param categories: What may be passed (:class:`DataCategory`).
    :param partners: The ids of the partners it covers.
    :param partner_kinds: Kinds of partner it covers (every youth welfare office, say).
    :param withdrawn: When it was withdrawn, if it was.
    :param note: A note for staff (where the signed form is filed).
    """

    given: dt.datetime = attrs.field(validator=_aware)
    form: ConsentForm = attrs.field(converter=ConsentForm)
    categories: tuple[DataCategory, ...] = attrs.field(
        converter=_categories, validator=_checks.unique
    )
    partners: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_slugs)
    partner_kinds: tuple[PartnerKind, ...] = attrs.field(
        default=(), converter=_kinds, validator=_checks.unique
    )
    withdrawn: dt.datetime | None = attrs.field(default=None, validator=_aware)
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def __attrs_post_init__(self) -> None:
        if not self.categories:
            raise _checks.FieldError("categories", "name at least one kind of data")
        if not self.partners and not self.partner_kinds:
            raise _checks.FieldError(
                "partners", "name at least one partner (or give partner_kinds)"
            )
        if self.withdrawn is not None and self.withdrawn < self.given:
            raise _checks.FieldError(
                "withdrawn",
                f"{self.withdrawn.isoformat()} lies before the consent was given "
                f"({self.given.isoformat()})",
            )

    def active(self, at: dt.datetime) -> bool:
        """Whether the consent holds at ``at``: given, and not withdrawn."""
        return self.given <= at and (self.withdrawn is None or at < self.withdrawn)

    def problem(
        self,
        partner: str,
        partner_kind: PartnerKind | None,
        categories: tuple[DataCategory, ...],
        at: dt.datetime,
    ) -> str | None:
        """Why this consent does not cover passing ``categories`` to ``partner`` at ``at``.

        ``None`` when it covers it.
        """
        if self.given > at:
            return f"the consent was given only at {self.given.isoformat()}"
        if self.withdrawn is not None and self.withdrawn <= at:
            return f"the consent was withdrawn at {self.withdrawn.isoformat()}"
        if partner not in self.partners and (
            partner_kind is None or partner_kind not in self.partner_kinds
        ):
            covered = [*self.partners, *(f"any {k.value}" for k in self.partner_kinds)]
            return f"the consent covers {', '.join(covered)}, not the partner {partner!r}" + (
                "" if partner_kind or not self.partner_kinds else " (kind unknown)"
            )
        missing = [c.value for c in categories if c not in self.categories]
        if missing:
            return f"the consent does not cover passing {', '.join(missing)}"
        return None

    def covers(
        self,
        partner: str,
        partner_kind: PartnerKind | None = None,
        categories: tuple[DataCategory, ...] = (),
        at: dt.datetime | None = None,
    ) -> bool:
        """Whether passing ``categories`` to ``partner`` is covered (now, or at ``at``)."""
        when = at if at is not None else dt.datetime.now(dt.UTC)
        return self.problem(partner, partner_kind, categories, when) is None


@attrs.frozen
class RequestedWindow:
    """When the family would like to be seen.

    :param start: The earliest day (``from`` in data).
    :param end: The latest day (``until`` in data), if there is one.
    :param note: In words (``"nur vormittags"``).
    """

    start: dt.date = attrs.field(metadata={"key": "from"})
    end: dt.date | None = attrs.field(default=None, metadata={"key": "until"})
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise _checks.FieldError(
                "until", f"{self.end.isoformat()} lies before from ({self.start.isoformat()})"
            )


@attrs.frozen
class Transition:
    """One recorded change of a referral's status; the history only grows.

    :param at: When (timezone-aware).
    :param role: Who: centre staff, the partner, or the system.
    :param source: The status before (``from`` in data).
    :param target: The status after (``to`` in data).
    :param reason: The reason in words: required for ``on_hold``,
        ``entered_in_error`` and reopening.
    :param close_reason: Why it was closed: required when the target is closed.
    :param note: A note for staff.
    :param by: The name of the staff member who recorded it (personal data: erasure
        clears it).
    """

    at: dt.datetime = attrs.field(validator=_aware)
    role: Role = attrs.field(converter=Role)
    source: ReferralStatus = attrs.field(converter=ReferralStatus, metadata={"key": "from"})
    target: ReferralStatus = attrs.field(converter=ReferralStatus, metadata={"key": "to"})
    reason: str | None = attrs.field(default=None, validator=_checks.optional_text)
    close_reason: CloseReason | None = attrs.field(
        default=None, converter=attrs.converters.optional(CloseReason)
    )
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)
    by: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def __attrs_post_init__(self) -> None:
        try:
            check_step(
                self.source,
                self.target,
                self.role,
                reason=self.reason,
                close_reason=self.close_reason,
            )
        except TransitionError as exc:
            raise _checks.FieldError("to", str(exc)) from None


@attrs.frozen
class FamilyContact:
    """How to reach a family: personal data kept apart from its referrals.

    Erasing a family removes this record entirely; referrals keep only the
    pseudonym (or a replacement).

    :param family: The family's pseudonym, as its referrals name it.
    :param centre: The id of the centre that holds the contact.
    :param name: The name staff use (``"Familie Yılmaz"``).
    :param phones: Phone numbers.
    :param emails: Email addresses.
    :param address: The home address.
    :param languages: Languages the family speaks, as language tags.
    :param note: A note for staff.
    """

    family: str = attrs.field(validator=_checks.text)
    centre: str = attrs.field(validator=_checks.slug)
    name: str | None = attrs.field(default=None, validator=_checks.optional_text)
    phones: tuple[Phone, ...] = attrs.field(
        default=(), converter=_phones, validator=_unique_numbers
    )
    emails: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_checks.emails)
    address: Address | None = None
    languages: tuple[str, ...] = attrs.field(
        default=("de",), converter=_ids, validator=_checks.languages
    )
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def __attrs_post_init__(self) -> None:
        if len(self.family) > 128:
            raise _checks.FieldError("family", "a pseudonym is at most 128 characters long")

    @property
    def id(self) -> str:
        """The key a store keeps the record under: the pseudonym."""
        return self.family


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return _checks.to_tuple(value)


_DEFAULT_SHARES = (DataCategory.CONTACT_DETAILS, DataCategory.NEED)


def _consent(value: Consent | None) -> Consent | None:
    if isinstance(value, bool):
        raise TypeError("consent is a record (given, form, categories, partners), not true/false")
    return value


@attrs.frozen
class Referral:
    """A family referred to a partner.

    :param id: The referral's identifier (a slug).
    :param centre: The id of the referring centre.
    :param family: A pseudonymous reference to the family; never a name.
    :param need: What the family needs help with.
    :param partner: The id of the partner the family is referred to.
    :param created: When the referral was made.
    :param status: Where it stands; changed only through :meth:`transition`.
    :param appointment: The first appointment with the partner, if one was made.
    :param accompanied: Whether a staff member accompanies the family to it.
    :param accompanied_by: Who accompanies the family.
    :param follow_up: When to check back with the family (not before ``created``).
    :param consent: The family's consent to pass data to partners, if given.
    :param note: A note for staff.
    :param priority: How soon help is needed.
    :param requested_window: When the family would like to be seen.
    :param shares: What data the referral passes to the partner; sending it needs
        consent covering the partner and these categories. Empty when the family
        contacts the partner itself and nothing is passed.
    :param history: Every status change, oldest first (see :class:`Transition`).
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    family: str = attrs.field(validator=_checks.text)
    need: Need = attrs.field(converter=Need)
    partner: str = attrs.field(validator=_checks.slug)
    created: dt.date
    status: ReferralStatus = attrs.field(default=ReferralStatus.DRAFT, converter=ReferralStatus)
    appointment: dt.datetime | None = attrs.field(default=None, validator=_aware)
    accompanied: bool = False
    accompanied_by: str | None = attrs.field(default=None, validator=_checks.optional_text)
    follow_up: dt.date | None = None
    consent: Consent | None = attrs.field(default=None, converter=_consent)
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)
    priority: Priority = attrs.field(default=Priority.ROUTINE, converter=Priority)
    requested_window: RequestedWindow | None = None
    shares: tuple[DataCategory, ...] = attrs.field(
        default=_DEFAULT_SHARES, converter=_categories, validator=_checks.unique
    )
    history: tuple[Transition, ...] = attrs.field(default=(), converter=_transitions)

    def __attrs_post_init__(self) -> None:
        if len(self.family) > 128:
            raise _checks.FieldError("family", "a pseudonym is at most 128 characters long")
        if self.follow_up is not None and self.follow_up < self.created:
            raise _checks.FieldError(
                "follow_up",
                f"{self.follow_up.isoformat()} lies before the referral was created "
                f"({self.created.isoformat()})",
            )
        if self.accompanied_by is not None and not self.accompanied:
            raise _checks.FieldError("accompanied_by", "is only given when accompanied = true")
        self._check_history()
        if (
            self.consent is not None
            and self.consent.withdrawn is not None
            and self.shares
            and self.status in WITH_PARTNER
        ):
            raise _checks.FieldError(
                "status",
                f"the consent was withdrawn ({self.consent.withdrawn.isoformat()}), so the "
                f"referral cannot be {self.status.value}",
            )

    def _check_history(self) -> None:
        previous: Transition | None = None
        for index, step in enumerate(self.history):
            if previous is not None and step.source is not previous.target:
                raise _checks.FieldError(
                    "history",
                    f"transition {index} starts at {step.source.value}, but the one before "
                    f"ended at {previous.target.value}",
                )
            if previous is not None and step.at < previous.at:
                raise _checks.FieldError(
                    "history", f"transition {index} lies before the one before it"
                )
            previous = step
        if previous is not None and previous.target is not self.status:
            raise _checks.FieldError(
                "status",
                f"is {self.status.value}, but the history ends at {previous.target.value}",
            )

    # --- where it stands ------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether work is still to be done (not closed, not entered in error)."""
        return self.status in OPEN

    @property
    def is_closed(self) -> bool:
        """Whether the referral is closed (completed, rejected, cancelled or failed)."""
        return self.status in CLOSED

    @property
    def close_reason(self) -> CloseReason | None:
        """Why the referral was closed, while it is closed."""
        if not self.is_closed or not self.history:
            return None
        return self.history[-1].close_reason

    @property
    def closed_at(self) -> dt.datetime | None:
        """When the referral was closed, while it is closed and the history says so."""
        if not self.is_closed or not self.history:
            return None
        return self.history[-1].at

    def allowed_next(self, role: Role | str | None = None) -> tuple[ReferralStatus, ...]:
        """The statuses this referral may move to next (by ``role``, or by anyone)."""
        return allowed_next(self.status, None if role is None else Role(role))

    # --- moves ----------------------------------------------------------------------------

    def transition(
        self,
        to: ReferralStatus | str,
        *,
        at: dt.datetime,
        role: Role | str = Role.STAFF,
        reason: CloseReason | str | None = None,
        note: str | None = None,
        partner_kind: PartnerKind | str | None = None,
        by: str | None = None,
    ) -> Referral:
        """Move the referral to status ``to`` and return the new referral.

        :param to: The new status.
        :param at: When (timezone-aware; not before the last recorded transition).
        :param role: Who makes the move (``staff``, ``partner``, ``system``).
        :param reason: Why: a :class:`CloseReason` (or its value) when closing; words
            when putting on hold, reopening or marking as entered in error.
        :param note: A note for staff.
        :param partner_kind: The partner's kind, when the consent covers partners by
            kind rather than by id.
        :param by: The name of the staff member who records the move.
        :raises TransitionError: when the table does not allow the move, or a reason
            is missing; the message names the current status and the allowed next ones.
        :raises ConsentError: when the move would pass data to the partner without
            consent that covers it.
        """
        target = ReferralStatus(to)
        who = Role(role)
        current = self.status
        if not isinstance(at, dt.datetime) or at.utcoffset() is None:
            raise TransitionError(
                "the time of a transition must carry a time zone", current, allowed_next(current)
            )
        if self.history and at < self.history[-1].at:
            raise TransitionError(
                f"{at.isoformat()} lies before the last transition "
                f"({self.history[-1].at.isoformat()})",
                current,
                allowed_next(current),
            )
        close_reason: CloseReason | None = None
        text = reason
        if target in CLOSED and reason is not None:
            try:
                close_reason = CloseReason(reason)
            except ValueError:
                raise TransitionError(
                    f"{reason!r} is not a close reason; closing as {target.value} takes one "
                    f"of: {', '.join(sorted(r.value for r in CLOSE_REASONS[target]))}",
                    current,
                    allowed_next(current),
                ) from None
            text = None
        if isinstance(text, str) and not text.strip():
            text = None
        check_step(current, target, who, reason=text, close_reason=close_reason)
        if target in WITH_PARTNER and edge(current, target) is not None:
            self._check_consent(
                target, at, None if partner_kind is None else PartnerKind(partner_kind)
            )
        try:
            step = Transition(
                at=at,
                role=who,
                source=current,
                target=target,
                reason=None if text is None else str(text),
                close_reason=close_reason,
                note=note,
                by=by,
            )
        except _checks.FieldError as exc:
            raise TransitionError(str(exc), current, allowed_next(current)) from None
        return attrs.evolve(self, status=target, history=(*self.history, step))

    def _check_consent(
        self, target: ReferralStatus, at: dt.datetime, partner_kind: PartnerKind | None
    ) -> None:
        if not self.shares:
            return
        if self.consent is None:
            problem = "there is no consent"
        else:
            problem = self.consent.problem(self.partner, partner_kind, self.shares, at) or ""
        if problem:
            raise ConsentError(
                f"referral {self.id!r} cannot become {target.value}: it passes "
                f"{', '.join(c.value for c in self.shares)} to {self.partner!r}, and "
                f"{problem}",
                self.status,
                allowed_next(self.status),
            )

    def close(
        self,
        reason: CloseReason | str,
        *,
        at: dt.datetime,
        role: Role | str = Role.STAFF,
        note: str | None = None,
    ) -> Referral:
        """Close the referral for ``reason``, in the closed status that fits it.

        ``need_met`` completes it; a partner's refusal rejects it; a missed
        appointment fails it; the family's or centre's decision cancels it. Where
        several statuses accept a reason, the first one the table allows from the
        current status is taken (in the order completed, rejected, failed, cancelled).
        """
        why = CloseReason(reason)
        order = (
            ReferralStatus.COMPLETED,
            ReferralStatus.REJECTED,
            ReferralStatus.FAILED,
            ReferralStatus.CANCELLED,
        )
        for target in order:
            if why in CLOSE_REASONS[target] and edge(self.status, target) is not None:
                return self.transition(target, at=at, role=role, reason=why, note=note)
        raise TransitionError(
            f"a referral that is {self.status.value} cannot be closed for {why.value!r}; "
            f"allowed next: {', '.join(s.value for s in allowed_next(self.status)) or 'none'}",
            self.status,
            allowed_next(self.status),
        )

    def reopen(
        self,
        reason: str,
        *,
        at: dt.datetime,
        role: Role | str = Role.STAFF,
        to: ReferralStatus | str = ReferralStatus.DRAFT,
        note: str | None = None,
        partner_kind: PartnerKind | str | None = None,
    ) -> Referral:
        """Reopen a closed referral, for a reason in words (to ``draft`` by default)."""
        target = ReferralStatus(to)
        if not is_reopen(self.status, target):
            raise TransitionError(
                f"only a closed referral can be reopened; this one is {self.status.value}",
                self.status,
                allowed_next(self.status),
            )
        return self.transition(
            target, at=at, role=role, reason=reason, note=note, partner_kind=partner_kind
        )

    def withdraw_consent(
        self, *, at: dt.datetime, role: Role | str = Role.STAFF, note: str | None = None
    ) -> Referral:
        """Record that the family withdrew its consent at ``at``.

        The consent keeps the time it was withdrawn; an open referral moves to
        ``consent_withdrawn`` (by the system when ``role`` is ``system``). A closed
        referral keeps its status.
        """
        if self.consent is None:
            raise ConsentError(
                f"referral {self.id!r} has no consent to withdraw",
                self.status,
                allowed_next(self.status),
            )
        if self.consent.withdrawn is not None:
            return self
        consent = attrs.evolve(self.consent, withdrawn=max(at, self.consent.given))
        moved = attrs.evolve(self, consent=None)
        if self.is_open and self.status is not ReferralStatus.CONSENT_WITHDRAWN:
            moved = moved.transition(ReferralStatus.CONSENT_WITHDRAWN, at=at, role=role, note=note)
        return attrs.evolve(moved, consent=consent)
