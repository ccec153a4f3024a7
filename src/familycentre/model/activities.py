"""What a centre does, as anonymous counts: the activity record kinds and a file of them.

The activity records are :class:`~familycentre.Attendance`,
:class:`~familycentre.HelpCase`, :class:`~familycentre.CounsellingContact`,
:class:`~familycentre.Engagement`, :class:`~familycentre.Participation`,
:class:`~familycentre.Cooperation`, :class:`~familycentre.NetworkMeeting`,
:class:`~familycentre.Demand` and :class:`~familycentre.FamiliesReached`. Each
belongs to one centre and is filed under a day (its ``day`` property), by which a
store selects a year. None of them names a person.

An activity file (:class:`ActivityData`) holds one centre's records, apart from the
centre's data file: a year of daily tallies is long, and a data file is written by
hand.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model.attendance import Attendance
from familycentre.model.counselling import CounsellingContact
from familycentre.model.demand import Demand
from familycentre.model.engagement import Engagement
from familycentre.model.help import HelpCase
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.participation import Participation
from familycentre.model.reach import FamiliesReached

__all__ = [
    "ACTIVITY_CLASSES",
    "ACTIVITY_SECTIONS",
    "Activity",
    "ActivityData",
    "activity_id",
    "id_part",
    "join_id_parts",
]

Activity = (
    Attendance
    | HelpCase
    | CounsellingContact
    | Engagement
    | Participation
    | Cooperation
    | NetworkMeeting
    | Demand
    | FamiliesReached
)
"""Any activity record."""

ACTIVITY_SECTIONS: dict[str, type[Any]] = {
    "attendance": Attendance,
    "help": HelpCase,
    "counselling": CounsellingContact,
    "engagement": Engagement,
    "participation": Participation,
    "cooperations": Cooperation,
    "network_meetings": NetworkMeeting,
    "demand": Demand,
    "families_reached": FamiliesReached,
}
"""The lists of an activity file (and the fields of :class:`ActivityData`), with their class."""

ACTIVITY_CLASSES: tuple[type[Any], ...] = tuple(ACTIVITY_SECTIONS.values())
"""The activity record classes, in the order of an activity file."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def activity_id(*parts: object) -> str:
    """A record id made of ``parts`` (``activity_id("fruehstueck", date)``).

    Lowercase letters and digits joined by single hyphens (umlauts spelt out); when
    longer than 64 characters, shortened with a hash of the whole, so that the same
    parts always give the same id.
    """
    return join_id_parts([id_part(part) for part in parts])


def id_part(part: object) -> str:
    """One part of an :func:`activity_id` in its spelling there (``"Café"``: ``"cafe"``).

    Lowercased, umlauts spelt out, every run of other characters than a-z and 0-9 a
    single hyphen, no hyphen at either end; may be empty. The same text always gives
    the same part, so a caller making many ids may keep the parts it has made.
    """
    text = str(part).lower()
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt)
    return _NOT_SLUG.sub("-", text).strip("-")


def join_id_parts(parts: Iterable[str]) -> str:
    """The :func:`activity_id` of parts already spelt by :func:`id_part`.

    ``activity_id(*parts) == join_id_parts(id_part(p) for p in parts)``: joining the
    parts with hyphens and then spelling the whole gives the same as spelling each
    part (lowercasing and the umlauts go character by character, the hyphen between
    two parts merges with the other characters around it, and empty parts vanish).
    """
    slug = "-".join([part for part in parts if part]) or "record"
    if len(slug) <= _checks.SLUG_MAX:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:12]
    return f"{slug[: _checks.SLUG_MAX - 13].rstrip('-')}-{digest}"


def _records(value: Iterable[Any]) -> tuple[Any, ...]:
    return _checks.to_tuple(value)


def _unique_ids(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if len({item.id for item in value}) == len(value):
        return  # no id twice (the loop below names the first repeated one)
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            raise _checks.FieldError(attribute.name, f"id {item.id!r} is used twice")
        seen.add(item.id)


@attrs.frozen
class ActivityData:
    """What an activity file holds: one centre's activity records.

    :param centre: The id of the centre; every record belongs to it.
    :param attendance: Attendance tallies.
    :param help: Cases of help given on request.
    :param counselling: Counselling and information contacts.
    :param engagement: Volunteers and their hours.
    :param participation: Families at events of local bodies.
    :param cooperations: Cooperation agreements.
    :param network_meetings: Network meetings hosted or attended.
    :param demand: Wishes, needs and waiting lists, with the responses.
    :param families_reached: Distinct families reached per year.
    """

    centre: str = attrs.field(validator=_checks.slug)
    attendance: tuple[Attendance, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )
    help: tuple[HelpCase, ...] = attrs.field(default=(), converter=_records, validator=_unique_ids)
    counselling: tuple[CounsellingContact, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )
    engagement: tuple[Engagement, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )
    participation: tuple[Participation, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )
    cooperations: tuple[Cooperation, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )
    network_meetings: tuple[NetworkMeeting, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )
    demand: tuple[Demand, ...] = attrs.field(default=(), converter=_records, validator=_unique_ids)
    families_reached: tuple[FamiliesReached, ...] = attrs.field(
        default=(), converter=_records, validator=_unique_ids
    )

    def __attrs_post_init__(self) -> None:
        for section in ACTIVITY_SECTIONS:
            for record in getattr(self, section):
                if record.centre != self.centre:
                    raise _checks.FieldError(
                        section,
                        f"{record.id!r} belongs to centre {record.centre!r}, not {self.centre!r}",
                    )

    def records(self) -> Iterator[Activity]:
        """Every record, section by section."""
        for section in ACTIVITY_SECTIONS:
            yield from getattr(self, section)

    def __len__(self) -> int:
        return sum(len(getattr(self, section)) for section in ACTIVITY_SECTIONS)

    @classmethod
    def of(cls, centre: str, records: Any) -> ActivityData:
        """Sort ``records`` (any activity records of ``centre``) into their sections."""
        sections: dict[str, Any] = {name: [] for name in ACTIVITY_SECTIONS}
        names = {kind: name for name, kind in ACTIVITY_SECTIONS.items()}
        for record in records:
            try:
                sections[names[type(record)]].append(record)
            except KeyError:
                raise TypeError(f"not an activity record: {type(record).__name__}") from None
        return cls(centre, **sections)
