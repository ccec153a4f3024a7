"""How many distinct families a centre reached in a year, where it knows it."""

from __future__ import annotations

import datetime as dt

import attrs

from familycentre.model import _checks

__all__ = ["FamiliesReached"]


def _year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2999:
        raise _checks.FieldError("year", f"must be a year like 2026, not {value!r}")


@attrs.frozen
class FamiliesReached:
    """Distinct families a centre reached in a year (from a member list, a family card).

    Visits are counted in :class:`~familycentre.Attendance`; one family visits many
    times. Where a centre knows how many different families came, it records it here.

    :param id: The record's identifier (a slug).
    :param centre: The id of the centre.
    :param year: The year.
    :param families: How many distinct families.
    :param how: How they were counted (``"Familienkarte"``).
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    year: int = attrs.field(validator=_year)
    families: int = attrs.field(validator=_checks.count)
    how: str | None = attrs.field(default=None, validator=_checks.optional_text)

    @property
    def day(self) -> dt.date:
        """The day the record is filed under (the first of its year)."""
        return dt.date(self.year, 1, 1)
