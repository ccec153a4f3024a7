"""The lifecycle of a referral: statuses, roles, close reasons and the transition table.

The rules are data. :data:`TRANSITIONS` lists every allowed move, with the roles
that may make it; everything else (the checks in
:meth:`familycentre.Referral.transition`, :func:`replay`, the state diagram in the
documentation made by :func:`mermaid`) is derived from it, so the rules, the code
and the diagram cannot disagree.

The statuses follow the task statuses of the HL7 FHIR SDOH Clinical Care guide
(``draft``, ``requested``, ``accepted``, ``rejected``, ``cancelled``,
``in_progress``, ``on_hold``, ``failed``, ``completed``, ``entered_in_error``) and add
two on the centre's side: ``consent_pending`` (waiting for the family's release from
confidentiality) and ``consent_withdrawn`` (the family withdrew it; nothing more may
be passed on)::

    >>> from familycentre.model.lifecycle import ReferralStatus, allowed_next
    >>> [status.value for status in allowed_next(ReferralStatus.REQUESTED)]
    ['accepted', 'rejected', 'in_progress', 'on_hold', 'cancelled', 'consent_withdrawn', \
'entered_in_error']

This module knows nothing of the model classes; it works on statuses and roles.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Protocol

import attrs

from familycentre.errors import ConsentError, TransitionError

__all__ = [
    "CLOSED",
    "CLOSE_REASONS",
    "OPEN",
    "TRANSITIONS",
    "WITH_PARTNER",
    "CloseReason",
    "ConsentError",
    "Edge",
    "ReferralStatus",
    "Role",
    "TransitionError",
    "allowed_next",
    "check_step",
    "edge",
    "is_reopen",
    "mermaid",
    "needs_reason",
    "replay",
]


class ReferralStatus(enum.StrEnum):
    """Where a referral stands."""

    DRAFT = "draft"
    """Being prepared by the centre; nothing has been passed on."""
    CONSENT_PENDING = "consent_pending"
    """Waiting for the family's consent to pass data to the partner."""
    REQUESTED = "requested"
    """Sent to the partner (FHIR ``requested``)."""
    ACCEPTED = "accepted"
    """The partner accepted; an appointment may be made."""
    IN_PROGRESS = "in_progress"
    """The family is with the partner (after the first appointment)."""
    ON_HOLD = "on_hold"
    """Paused, for a reason (illness, a move, waiting for documents)."""
    CONSENT_WITHDRAWN = "consent_withdrawn"
    """The family withdrew its consent; nothing more may be passed on."""
    COMPLETED = "completed"
    """Closed: the need was met."""
    REJECTED = "rejected"
    """Closed: the partner declined."""
    CANCELLED = "cancelled"
    """Closed: the centre or the family called it off."""
    FAILED = "failed"
    """Closed: it did not work out (a missed appointment, no capacity after all)."""
    ENTERED_IN_ERROR = "entered_in_error"
    """Recorded by mistake; kept only as an audit trail, counted nowhere."""

    def label(self, language: str = "de") -> str:
        """The status as shown to staff, in German (default) or English."""
        german, english = _STATUS_LABELS[self]
        return english if language.split("-")[0].lower() == "en" else german


_STATUS_LABELS: Mapping[ReferralStatus, tuple[str, str]] = {
    ReferralStatus.DRAFT: ("Entwurf", "Draft"),
    ReferralStatus.CONSENT_PENDING: ("Einwilligung ausstehend", "Consent pending"),
    ReferralStatus.REQUESTED: ("Angefragt", "Requested"),
    ReferralStatus.ACCEPTED: ("Angenommen", "Accepted"),
    ReferralStatus.IN_PROGRESS: ("In Begleitung", "In progress"),
    ReferralStatus.ON_HOLD: ("Pausiert", "On hold"),
    ReferralStatus.CONSENT_WITHDRAWN: ("Einwilligung widerrufen", "Consent withdrawn"),
    ReferralStatus.COMPLETED: ("Abgeschlossen", "Completed"),
    ReferralStatus.REJECTED: ("Abgelehnt", "Rejected"),
    ReferralStatus.CANCELLED: ("Abgebrochen", "Cancelled"),
    ReferralStatus.FAILED: ("Gescheitert", "Failed"),
    ReferralStatus.ENTERED_IN_ERROR: ("Irrtümlich angelegt", "Entered in error"),
}


class Role(enum.StrEnum):
    """Who makes a transition."""

    STAFF = "staff"
    """A member of the centre's staff (also when recording what a partner said)."""
    PARTNER = "partner"
    """The partner organisation itself."""
    SYSTEM = "system"
    """The library, acting on a rule (withdrawing consent moves open referrals)."""


class CloseReason(enum.StrEnum):
    """Why a referral was closed; reported to the municipality in counts."""

    NEED_MET = "need_met"
    NO_LONGER_NEEDED = "no_longer_needed"
    DECLINED_BY_FAMILY = "declined_by_family"
    DECLINED_BY_PARTNER = "declined_by_partner"
    NO_CAPACITY = "no_capacity"
    NOT_APPROPRIATE = "not_appropriate"
    NO_SHOW = "no_show"

    def label(self, language: str = "de") -> str:
        """The reason as shown in reports, in German (default) or English."""
        german, english = _REASON_LABELS[self]
        return english if language.split("-")[0].lower() == "en" else german


_REASON_LABELS: Mapping[CloseReason, tuple[str, str]] = {
    CloseReason.NEED_MET: ("Bedarf gedeckt", "Need met"),
    CloseReason.NO_LONGER_NEEDED: ("Nicht mehr nötig", "No longer needed"),
    CloseReason.DECLINED_BY_FAMILY: ("Von der Familie abgelehnt", "Declined by the family"),
    CloseReason.DECLINED_BY_PARTNER: ("Vom Partner abgelehnt", "Declined by the partner"),
    CloseReason.NO_CAPACITY: ("Keine Kapazität", "No capacity"),
    CloseReason.NOT_APPROPRIATE: ("Nicht passend", "Not appropriate"),
    CloseReason.NO_SHOW: ("Termin nicht wahrgenommen", "No-show"),
}


_S, _R = ReferralStatus, Role
_STAFF = frozenset({_R.STAFF})
_BOTH = frozenset({_R.STAFF, _R.PARTNER})
_WITHDRAW = frozenset({_R.STAFF, _R.SYSTEM})


@attrs.frozen
class Edge:
    """One allowed move: from ``source`` to ``target``, by one of ``roles``."""

    source: ReferralStatus
    target: ReferralStatus
    roles: frozenset[Role]


def _edges(source: ReferralStatus, *moves: tuple[ReferralStatus, frozenset[Role]]) -> list[Edge]:
    return [Edge(source, target, roles) for target, roles in moves]


TRANSITIONS: tuple[Edge, ...] = tuple(
    _edges(_S.DRAFT,
           (_S.CONSENT_PENDING, _STAFF), (_S.REQUESTED, _STAFF), (_S.CANCELLED, _STAFF),
           (_S.CONSENT_WITHDRAWN, _WITHDRAW), (_S.ENTERED_IN_ERROR, _STAFF))
    + _edges(_S.CONSENT_PENDING,
             (_S.DRAFT, _STAFF), (_S.REQUESTED, _STAFF), (_S.CANCELLED, _STAFF),
             (_S.CONSENT_WITHDRAWN, _WITHDRAW), (_S.ENTERED_IN_ERROR, _STAFF))
    + _edges(_S.REQUESTED,
             (_S.ACCEPTED, _BOTH), (_S.REJECTED, _BOTH), (_S.IN_PROGRESS, _BOTH),
             (_S.ON_HOLD, _BOTH), (_S.CANCELLED, _STAFF), (_S.CONSENT_WITHDRAWN, _WITHDRAW),
             (_S.ENTERED_IN_ERROR, _STAFF))
    + _edges(_S.ACCEPTED,
             (_S.IN_PROGRESS, _BOTH), (_S.COMPLETED, _BOTH), (_S.FAILED, _BOTH),
             (_S.ON_HOLD, _BOTH), (_S.CANCELLED, _STAFF), (_S.CONSENT_WITHDRAWN, _WITHDRAW),
             (_S.ENTERED_IN_ERROR, _STAFF))
    + _edges(_S.IN_PROGRESS,
             (_S.COMPLETED, _BOTH), (_S.FAILED, _BOTH), (_S.ON_HOLD, _BOTH),
             (_S.CANCELLED, _STAFF), (_S.CONSENT_WITHDRAWN, _WITHDRAW),
             (_S.ENTERED_IN_ERROR, _STAFF))
    + _edges(_S.ON_HOLD,
             (_S.REQUESTED, _STAFF), (_S.ACCEPTED, _BOTH), (_S.IN_PROGRESS, _BOTH),
             (_S.FAILED, _BOTH), (_S.CANCELLED, _STAFF), (_S.CONSENT_WITHDRAWN, _WITHDRAW),
             (_S.ENTERED_IN_ERROR, _STAFF))
    + _edges(_S.CONSENT_WITHDRAWN,
             (_S.CONSENT_PENDING, _STAFF), (_S.REQUESTED, _STAFF), (_S.CANCELLED, _STAFF),
             (_S.ENTERED_IN_ERROR, _STAFF))
    # reopening a closed referral (a reason is required), or voiding it
    + [edge
       for closed in (_S.COMPLETED, _S.REJECTED, _S.CANCELLED, _S.FAILED)
       for edge in _edges(closed, (_S.DRAFT, _STAFF), (_S.REQUESTED, _STAFF),
                          (_S.ENTERED_IN_ERROR, _STAFF))]
)  # fmt: skip
"""Every allowed transition. ``entered_in_error`` has no way out."""

CLOSE_REASONS: Mapping[ReferralStatus, frozenset[CloseReason]] = {
    _S.COMPLETED: frozenset({CloseReason.NEED_MET}),
    _S.REJECTED: frozenset(
        {CloseReason.DECLINED_BY_PARTNER, CloseReason.NO_CAPACITY, CloseReason.NOT_APPROPRIATE}
    ),
    _S.CANCELLED: frozenset(
        {
            CloseReason.NO_LONGER_NEEDED,
            CloseReason.DECLINED_BY_FAMILY,
            CloseReason.NOT_APPROPRIATE,
        }
    ),
    _S.FAILED: frozenset(
        {CloseReason.NO_SHOW, CloseReason.NO_CAPACITY, CloseReason.DECLINED_BY_FAMILY}
    ),
}
"""The closed statuses and the close reasons each accepts; closing needs one of them."""

CLOSED: frozenset[ReferralStatus] = frozenset(CLOSE_REASONS)
"""Statuses in which a referral is closed (it can be reopened)."""

OPEN: frozenset[ReferralStatus] = frozenset(ReferralStatus) - CLOSED - {_S.ENTERED_IN_ERROR}
"""Statuses in which a referral is open: work is still to be done."""

WITH_PARTNER: frozenset[ReferralStatus] = frozenset({_S.REQUESTED, _S.ACCEPTED, _S.IN_PROGRESS})
"""Statuses in which the partner holds the family's data: entering one needs consent."""

_TEXT_REASON: frozenset[ReferralStatus] = frozenset({_S.ON_HOLD, _S.ENTERED_IN_ERROR})

_BY_PAIR: Mapping[tuple[ReferralStatus, ReferralStatus], Edge] = {
    (e.source, e.target): e for e in TRANSITIONS
}


def edge(source: ReferralStatus, target: ReferralStatus) -> Edge | None:
    """The table's entry for a move, or ``None`` when the move is not allowed."""
    return _BY_PAIR.get((source, target))


def allowed_next(source: ReferralStatus, role: Role | None = None) -> tuple[ReferralStatus, ...]:
    """The statuses a referral in ``source`` may move to (by ``role``, or by anyone)."""
    return tuple(
        e.target for e in TRANSITIONS if e.source is source and (role is None or role in e.roles)
    )


def is_reopen(source: ReferralStatus, target: ReferralStatus) -> bool:
    """Whether a move reopens a closed referral."""
    return source in CLOSED and target in OPEN


def needs_reason(source: ReferralStatus, target: ReferralStatus) -> str | None:
    """What a move needs beside the table's permission.

    ``"close_reason"`` for closing (one of :data:`CLOSE_REASONS`), ``"reason"`` for a
    reason in words (putting on hold, reopening, entered in error), ``None`` otherwise.
    """
    if target in CLOSED:
        return "close_reason"
    if target in _TEXT_REASON or is_reopen(source, target):
        return "reason"
    return None


def _names(statuses: Iterable[ReferralStatus]) -> str:
    names = [status.value for status in statuses]
    return ", ".join(names) if names else "none (it is final)"


def check_step(
    source: ReferralStatus,
    target: ReferralStatus,
    role: Role,
    *,
    reason: str | None = None,
    close_reason: CloseReason | None = None,
) -> None:
    """Check one move against the table and the reason rules.

    :raises TransitionError: naming the current status and the allowed next ones.
    """
    found = edge(source, target)
    if found is None:
        hint = " (reopen it first, with a reason)" if source in CLOSED else ""
        raise TransitionError(
            f"a referral that is {source.value} cannot become {target.value}{hint}; "
            f"allowed next: {_names(allowed_next(source))}",
            source,
            allowed_next(source),
        )
    if role not in found.roles:
        raise TransitionError(
            f"{source.value} -> {target.value} is made by "
            f"{' or '.join(sorted(r.value for r in found.roles))}, not by {role.value}; "
            f"{role.value} may move it to: {_names(allowed_next(source, role))}",
            source,
            allowed_next(source),
        )
    needed = needs_reason(source, target)
    if needed == "close_reason":
        accepted = sorted(r.value for r in CLOSE_REASONS[target])
        if close_reason is None:
            raise TransitionError(
                f"closing a referral as {target.value} needs a close reason "
                f"(one of: {', '.join(accepted)})",
                source,
                allowed_next(source),
            )
        if close_reason not in CLOSE_REASONS[target]:
            raise TransitionError(
                f"{close_reason.value!r} is not a reason to close a referral as "
                f"{target.value} (one of: {', '.join(accepted)})",
                source,
                allowed_next(source),
            )
    elif close_reason is not None:
        raise TransitionError(
            f"a close reason is only given when closing, not for {source.value} -> {target.value}",
            source,
            allowed_next(source),
        )
    if needed == "reason" and (reason is None or not reason.strip()):
        what = "reopening a closed referral" if is_reopen(source, target) else target.value
        raise TransitionError(f"{what} needs a reason in words", source, allowed_next(source))


class Step(Protocol):
    """What :func:`replay` reads of a recorded transition."""

    @property
    def source(self) -> ReferralStatus:
        """The status before."""

    @property
    def target(self) -> ReferralStatus:
        """The status after."""

    @property
    def role(self) -> Role:
        """Who made it."""

    @property
    def reason(self) -> str | None:
        """The reason in words."""

    @property
    def close_reason(self) -> CloseReason | None:
        """The close reason."""


def replay(history: Iterable[Step], start: ReferralStatus | None = None) -> ReferralStatus:
    """Replay a history of transitions and return the status it ends in.

    :param history: Recorded transitions, oldest first.
    :param start: The status before the first transition; by default the first
        transition's own ``source`` (a referral is created in ``draft`` or imported
        in any status), and ``draft`` for an empty history.
    :raises TransitionError: when a transition does not start where the one before
        ended, or breaks the rules of :data:`TRANSITIONS`.
    """
    current = start
    for step in history:
        if current is None:
            current = step.source
        if step.source is not current:
            raise TransitionError(
                f"the history breaks: a transition starts at {step.source.value} where "
                f"the referral was {current.value}",
                current,
                allowed_next(current),
            )
        check_step(
            step.source,
            step.target,
            step.role,
            reason=step.reason,
            close_reason=step.close_reason,
        )
        current = step.target
    return _S.DRAFT if current is None else current


def mermaid() -> str:
    """The lifecycle as a Mermaid state diagram, generated from :data:`TRANSITIONS`.

    Each arrow is labelled with the roles that may make the move; ``(reason)`` and
    ``(close reason)`` mark moves that need one. The text ends with a newline.
    """
    lines = ["stateDiagram-v2", f"    [*] --> {_S.DRAFT.value}"]
    for e in TRANSITIONS:
        roles = "/".join(r.value for r in Role if r in e.roles)
        needed = needs_reason(e.source, e.target)
        mark = {"close_reason": " (close reason)", "reason": " (reason)"}.get(needed or "", "")
        lines.append(f"    {e.source.value} --> {e.target.value} : {roles}{mark}")
    lines.append(f"    {_S.ENTERED_IN_ERROR.value} --> [*]")
    return "\n".join(lines) + "\n"
