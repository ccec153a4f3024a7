"""What exporters read from: a store, data files, and the public view of either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from familycentre.errors import NotFound, PrivateDataError
from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner
from familycentre.model.referral import Referral
from familycentre.storage.base import Query, R, Stamp, Stored

__all__ = ["DataSource", "ExportSource", "PrivateDataError", "PublicView"]


class ExportSource(Protocol):
    """Anything exporters read records from.

    A :class:`~familycentre.storage.base.Store`, a :class:`DataSource` or a
    :class:`PublicView`.
    """

    def records(self, kind: type[R], query: Query | None = None) -> list[Stored[R]]:
        """The records of ``kind`` that ``query`` selects, ordered by id."""
        ...

    def stamps(self, kind: type[Any], query: Query | None = None) -> list[Stamp]:
        """``(id, revision, modified)`` of the records :meth:`records` would return."""
        ...

    def record(self, kind: type[R], record_id: str) -> Stored[R]:
        """The record of ``kind`` with ``record_id``."""
        ...


class PublicView:
    """The part of a source that public exporters see: centres, offers and partners.

    Public exporters are handed this view, never the store itself, so referral data
    cannot reach anything published: asking for referrals raises
    :class:`PrivateDataError`.
    """

    def __init__(self, source: ExportSource) -> None:
        self._source = source

    def records(self, kind: type[R], query: Query | None = None) -> list[Stored[R]]:
        """Like the source's ``records``, refusing referrals."""
        if kind not in (Centre, Offer, Partner):
            raise PrivateDataError(
                f"public exporters may read centres, offers and partners, not {kind.__name__}s"
            )
        return self._source.records(kind, query)

    def stamps(self, kind: type[Any], query: Query | None = None) -> list[Stamp]:
        """Like the source's ``stamps``, refusing referrals."""
        self._public(kind)
        return self._source.stamps(kind, query)

    def record(self, kind: type[R], record_id: str) -> Stored[R]:
        """Like the source's ``record``, refusing referrals."""
        self._public(kind)
        return self._source.record(kind, record_id)

    def _public(self, kind: type[Any]) -> None:
        if kind not in (Centre, Offer, Partner):
            raise PrivateDataError(
                f"public exporters may read centres, offers and partners, not {kind.__name__}s"
            )


class DataSource:
    """Data files' contents as an export source, without a store.

    Every record gets revision 1 and the modification time ``modified`` (for a file,
    its modification time), so exporting the same file twice gives the same bytes.
    Partners listed by several files are taken once, from the first.
    """

    def __init__(self, data: Iterable[CentreData], modified: dt.datetime) -> None:
        if modified.utcoffset() is None:
            raise ValueError("modified must be timezone-aware")
        self._modified = modified.astimezone(dt.UTC)
        self._records: dict[type[Any], dict[str, Any]] = {
            Centre: {},
            Offer: {},
            Partner: {},
            Referral: {},
        }
        self._offers_of: dict[str, list[str]] = {}
        for item in data:
            self._records[Centre].setdefault(item.centre.id, item.centre)
            for offer in item.offers:
                if offer.id not in self._records[Offer]:
                    self._records[Offer][offer.id] = offer
                    self._offers_of.setdefault(offer.centre, []).append(offer.id)
            for partner in item.partners:
                self._records[Partner].setdefault(partner.id, partner)

    def records(self, kind: type[R], query: Query | None = None) -> list[Stored[R]]:
        """The records of ``kind`` that ``query`` selects, ordered by id."""
        query = query or Query()
        query.check(kind)
        found = self._records[kind]
        keys: list[str] | dict[str, Any] = found
        if kind is Offer and query.centre is not None:  # one centre's offers, without a scan
            keys = self._offers_of.get(query.centre, [])
        return [
            Stored(found[key], 1, self._modified)
            for key in sorted(keys)
            if query.matches(found[key])
        ]

    def stamps(self, kind: type[Any], query: Query | None = None) -> list[Stamp]:
        """``(id, 1, modified)`` of the records :meth:`records` returns."""
        return [(record.id, 1, self._modified) for record in self.records(kind, query)]

    def record(self, kind: type[R], record_id: str) -> Stored[R]:
        """The record of ``kind`` with ``record_id``.

        :raises NotFound: when the data holds none.
        """
        found = self._records[kind].get(record_id)
        if found is None:
            raise NotFound(f"there is no {kind.__name__.lower()} with the id {record_id!r}")
        return Stored(found, 1, self._modified)
