"""A referral of a family to a partner: the shape of the record.

Referrals hold personal data. They are never part of a centre's data file nor of
any public export.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.taxonomy import Need

__all__ = ["Referral", "ReferralStatus"]


class ReferralStatus(enum.StrEnum):
    """Where a referral stands."""

    DRAFT = "draft"
    CONSENT_PENDING = "consent_pending"
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"
    ENTERED_IN_ERROR = "entered_in_error"


def _aware(instance: object, attribute: attrs.Attribute[Any], value: dt.datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise _checks.FieldError(attribute.name, "must carry a time zone (like +01:00)")


@attrs.frozen
class Referral:
    """A family referred to a partner.

    :param id: The referral's identifier (a slug).
    :param centre: The id of the referring centre.
    :param family: A pseudonymous reference to the family; never a name.
    :param need: What the family needs help with.
    :param partner: The id of the partner the family is referred to.
    :param created: When the referral was made.
    :param status: Where it stands.
    :param appointment: The first appointment with the partner, if one was made.
    :param accompanied: Whether a staff member accompanies the family to it.
    :param accompanied_by: Who accompanies the family.
    :param follow_up: When to check back with the family.
    :param consent: Whether the family consented to passing data to the partner.
    :param note: A note for staff.
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
    consent: bool = False
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

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
