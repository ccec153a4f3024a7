"""The Store: what every user of a storage backend sees.

A :class:`Store` wraps a :class:`~familycentre.storage.base.StorageBackend` and
implements, once for every backend, the operations users call (add, get, update,
delete, queries, bulk load, import, transactions) with the rules that keep data
consistent: revisions, references between records, refusing to delete a centre that
still has offers. Change events are queued in the transaction and delivered, one by
one, to the store's event sink after the outermost transaction commits; a rollback
delivers none.

The Store knows nothing of referral workflows: moving referrals, consent, erasure
and retention are functions in :mod:`familycentre.referrals` that take a store.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar, overload

import attrs

from familycentre.errors import ConflictError, NotFound, StoreError
from familycentre.model.activities import ACTIVITY_SECTIONS, ActivityData
from familycentre.model.attendance import Attendance
from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.help import HelpCase
from familycentre.model.network import Cooperation
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner
from familycentre.model.referral import FamilyContact, Referral
from familycentre.model.totals import TOTALLED, MonthlyAttendance, MonthlyHelp, total_key
from familycentre.serialization import bulk, to_json
from familycentre.storage.base import (
    ACTIVITY_KINDS,
    Action,
    Event,
    EventSink,
    Query,
    R,
    Record,
    RecordChanged,
    Stamp,
    StorageBackend,
    Stored,
    kind_of,
    now,
)
from familycentre.taxonomy import Audience, Category, PartnerKind

__all__ = ["PARENTS_FIRST", "LoadResult", "Store"]

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

PARENTS_FIRST: tuple[type[Any], ...] = (
    Centre,
    Partner,
    Offer,
    Referral,
    FamilyContact,
    *ACTIVITY_KINDS,
)
"""The record kinds in an order where every record comes after those it refers to."""

S = TypeVar("S", bound="Store")

_Change = tuple[type[Any], tuple[str, ...], Action, int]
"""Queued record changes (kind, ids, action, revision): a RecordChanged for each id when
delivered. A bulk load queues one per kind, not one per record (a tuple of texts is
no work for the garbage collector)."""


@attrs.frozen
class LoadResult:
    """What :meth:`Store.load` did, counted in records.

    :param added: Records that were new.
    :param updated: Records that existed with other content (their revision went up).
    :param unchanged: Records that existed with the same content (left alone).
    :param deleted: Offers of a loaded centre that the data no longer lists.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        """Whether the load changed anything."""
        return bool(self.added or self.updated or self.deleted)

    def __add__(self, other: LoadResult) -> LoadResult:
        return LoadResult(
            self.added + other.added,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.deleted + other.deleted,
        )


def _family_key(record_id: str) -> bool:
    return 0 < len(record_id) <= 128 and "\x00" not in record_id


class Store:
    """A place where centres, offers, partners, referrals, contacts and activities are kept.

    Open one with :func:`familycentre.open_store` (which also connects the plugins'
    change observers); use it as a context manager to close it. Reads return model
    objects; writes take them. Every record carries a revision (see
    :class:`~familycentre.storage.Stored`): :meth:`update` and :meth:`delete` take the
    revision the change is based on and raise :class:`~familycentre.ConflictError`
    when the record has changed since. Every single write is atomic; group writes
    with :meth:`transaction` to make them all-or-nothing together.

    :param backend: The storage backend that keeps the records.
    :param events: Where committed change events go (see :meth:`set_event_sink`);
        ``None`` delivers them to nobody.
    :param observes: Whether anyone observes a hook (see :meth:`set_event_sink`).
    """

    def __init__(
        self,
        backend: StorageBackend,
        *,
        events: EventSink | None = None,
        observes: Callable[[str], bool] | None = None,
    ) -> None:
        self._backend = backend
        self._sink = events
        self._observes = observes
        self._depth = 0
        self._queue: list[Event | _Change] = []
        self._wrote = False
        self._reading = False
        self._closed = False

    @property
    def backend(self) -> StorageBackend:
        """The storage backend behind this store (for backend-specific extras)."""
        return self._backend

    @property
    def url(self) -> str:
        """The URL the store was opened with."""
        return self._backend.url

    @property
    def holds_family_contacts(self) -> bool:
        """Whether the backend keeps family contact details."""
        return self._backend.holds_family_contacts

    def set_event_sink(
        self, sink: EventSink | None, *, observes: Callable[[str], bool] | None = None
    ) -> None:
        """Deliver committed events to ``sink`` from now on (``None``: to nobody).

        :param observes: Tells whether anyone observes a hook (an event's ``hook``,
            like ``"record_changed"``): events of a hook nobody observes are neither
            built nor delivered (a bulk load of a million records announces nothing
            when no plugin listens). ``None``: every event goes to ``sink``.
            :func:`familycentre.open_store` passes the plugin manager's
            :meth:`~familycentre.plugins.PluginManager.observes`.
        """
        self._sink = sink
        self._observes = observes

    def __repr__(self) -> str:
        return f"<Store {self.url!r} ({type(self._backend).__name__})>"

    def close(self) -> None:
        """Close the store; it cannot be used afterwards. Closing twice does nothing."""
        if not self._closed:
            self._closed = True
            self._backend.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def __enter__(self: S) -> S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.url}: the store is closed")

    # --- transactions and events -----------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether a :meth:`transaction` block is running."""
        return self._depth > 0

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes so that all of them happen, or none.

        ::

            with store.transaction():
                store.add(centre)
                store.add(offer)     # if this fails, the centre is not added either

        A ``transaction()`` inside another joins the outer one. Events queued in it
        (record changes, referral moves) are delivered when the outermost block
        commits, and dropped when it rolls back.
        """
        self._check_open()
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._backend.begin()
        self._depth = 1
        self._queue = []
        self._wrote = False
        try:
            yield self
            if self._wrote:
                self._backend.advance_version()
        except BaseException:
            self._depth = 0
            self._queue = []
            self._backend.rollback()
            raise
        self._depth = 0
        try:
            self._backend.commit()
        except BaseException:
            self._queue = []
            with contextlib.suppress(Exception):
                self._backend.rollback()
            raise
        events, self._queue = self._queue, []
        if self._sink is not None:
            self._deliver(self._sink, events)

    def _deliver(self, sink: EventSink, events: list[Event | _Change]) -> None:
        """Deliver queued events in order; record changes are built here, when wanted."""
        wanted: dict[str, bool] = {}

        def observed(hook: str) -> bool:
            found = wanted.get(hook)
            if found is None:
                found = wanted[hook] = self._observes is None or self._observes(hook)
            return found

        for item in events:
            if isinstance(item, tuple):
                if observed(RecordChanged.hook):
                    kind, ids, action, revision = item
                    name = kind_of(kind)
                    for record_id in ids:
                        sink(RecordChanged(self.url, name, record_id, action, revision))
            elif observed(item.hook):
                sink(item)

    def queue_event(self, event: Event) -> None:
        """Queue ``event`` for delivery when the current transaction commits.

        For workflows built on the store (:func:`familycentre.referrals.transition_referral`
        queues a :class:`~familycentre.storage.ReferralMoved`).

        :raises StoreError: outside a transaction.
        """
        if not self._depth:
            raise StoreError("events are queued inside a transaction: use store.transaction()")
        self._queue.append(event)

    def _changed(self, kind: type[Any], record_id: str, action: Action, revision: int) -> None:
        self._wrote = True
        if kind is not FamilyContact:  # personal data: never announced
            self._queue.append((kind, (record_id,), action, revision))  # built when delivered

    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """Several reads that must see one state (inside a transaction: that one's).

        A ``reading()`` inside another joins the outer one.
        """
        self._check_open()
        if self._depth or self._reading:
            yield self
            return
        self._backend.begin_read()
        self._reading = True
        try:
            yield self
        finally:
            self._reading = False
            self._backend.end_read()

    def version(self) -> int:
        """The store's change version: it changes with every committed write, by anyone.

        Read it in the same :meth:`reading` block as the data it should describe::

            with store.reading():
                version = store.version()
                offers = store.offers(centre="sonnenblume")   # the data of that version

        Two equal versions of one store mean the same data; a write (also by another
        process) gives a version never seen before. ``familycentre serve`` derives its
        ``ETag`` headers from it. See :meth:`StorageBackend.version`.
        """
        self._check_open()
        return self._backend.version()

    # --- reads ---------------------------------------------------------------------------

    def _kind(self, kind: type[Any]) -> None:
        kind_of(kind)
        if kind is FamilyContact and not self._backend.holds_family_contacts:
            raise StoreError(f"{self.url}: this store keeps no family contact details")

    def _valid_id(self, kind: type[Any], record_id: str) -> bool:
        if kind is FamilyContact:
            return _family_key(record_id)
        return bool(_ID.fullmatch(record_id))

    def record(self, kind: type[R], record_id: str) -> Stored[R]:
        """The record of ``kind`` with ``record_id``, with its revision and modification time.

        :raises NotFound: when there is none.
        """
        self._check_open()
        self._kind(kind)
        found = self._backend.fetch(kind, record_id) if self._valid_id(kind, record_id) else None
        if found is None:
            shown = "that pseudonym" if kind is FamilyContact else f"the id {record_id!r}"
            raise NotFound(f"there is no {kind_of(kind).replace('_', ' ')} with {shown}")
        return found

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id`` (``store.get(fc.Offer, "fruehstueck")``).

        :raises NotFound: when there is none.
        """
        return self.record(kind, record_id).value

    def find(self, kind: type[R], record_id: str) -> Stored[R] | None:
        """The record of ``kind`` with ``record_id``, or ``None`` when there is none."""
        self._check_open()
        self._kind(kind)
        if not self._valid_id(kind, record_id):
            return None
        return self._backend.fetch(kind, record_id)

    def exists(self, kind: type[Any], record_id: str) -> bool:
        """Whether a record of ``kind`` with ``record_id`` exists."""
        self._check_open()
        kind_of(kind)
        if kind is FamilyContact and not self._backend.holds_family_contacts:
            return False
        return self._valid_id(kind, record_id) and self._backend.exists(kind, record_id)

    def _listing(self, kind: type[Any], query: Query | None) -> Query | None:
        """The checked query of a listing, or ``None`` when the kind cannot be held."""
        self._check_open()
        kind_of(kind)
        if kind is FamilyContact and not self._backend.holds_family_contacts:
            return None
        query = query or Query()
        query.check(kind)
        return query

    def records(self, kind: type[R], query: Query | None = None) -> list[Stored[R]]:
        """The records of ``kind`` that ``query`` selects, with revisions, ordered by id."""
        checked = self._listing(kind, query)
        return [] if checked is None else self._backend.fetch_all(kind, checked)

    def stamps(self, kind: type[Any], query: Query | None = None) -> list[Stamp]:
        """``(id, revision, modified)`` of the records :meth:`records` would return.

        Answered without decoding the records where the backend can (SQLite): what an
        incremental export asks to find the records that changed.
        """
        checked = self._listing(kind, query)
        return [] if checked is None else self._backend.fetch_stamps(kind, checked)

    def ids(self, kind: type[Any], query: Query | None = None) -> list[str]:
        """The ids of the records :meth:`records` would return, without reading them."""
        checked = self._listing(kind, query)
        return [] if checked is None else self._backend.fetch_ids(kind, checked)

    def centres(self, *, text: str | None = None) -> list[Centre]:
        """The centres, ordered by id; ``text`` selects by a part of the name."""
        return [r.value for r in self.records(Centre, Query(text=text))]

    def offers(
        self,
        *,
        centre: str | None = None,
        category: Category | str | None = None,
        audience: Audience | str | None = None,
        text: str | None = None,
    ) -> list[Offer]:
        """The offers, ordered by id, selected by centre, category, audience and title text.

        ``text`` matches a part of the title in any language, ignoring case.
        """
        query = Query(
            centre=centre,
            category=None if category is None else Category(category),
            audience=None if audience is None else Audience(audience),
            text=text,
        )
        return [r.value for r in self.records(Offer, query)]

    def partners(
        self, *, kind: PartnerKind | str | None = None, text: str | None = None
    ) -> list[Partner]:
        """The partners, ordered by id, selected by kind and a part of the name."""
        query = Query(partner_kind=None if kind is None else PartnerKind(kind), text=text)
        return [r.value for r in self.records(Partner, query)]

    def referrals(
        self,
        *,
        centre: str | None = None,
        partner: str | None = None,
        family: str | None = None,
    ) -> list[Referral]:
        """The referrals, ordered by id, selected by centre, partner and family reference."""
        query = Query(centre=centre, partner=partner, family=family)
        return [r.value for r in self.records(Referral, query)]

    def activities(
        self, kind: type[R], *, centre: str | None = None, year: int | None = None
    ) -> list[R]:
        """The activity records of ``kind``, ordered by id, selected by centre and year.

        ``store.activities(fc.Attendance, centre="sonnenblume", year=2026)``; a record
        is in a year when its ``day`` is.
        """
        if kind not in ACTIVITY_KINDS:
            raise TypeError(f"{kind.__name__} is not an activity record kind")
        return [r.value for r in self.records(kind, Query(centre=centre, year=year))]

    @overload
    def monthly_totals(
        self, kind: type[Attendance], *, centre: str | None = None, year: int | None = None
    ) -> list[MonthlyAttendance]: ...

    @overload
    def monthly_totals(
        self, kind: type[HelpCase], *, centre: str | None = None, year: int | None = None
    ) -> list[MonthlyHelp]: ...

    def monthly_totals(
        self, kind: type[Any], *, centre: str | None = None, year: int | None = None
    ) -> list[Any]:
        """Attendance or help records added up by month, without reading each record.

        ``store.monthly_totals(fc.Attendance, year=2026)`` gives one
        :class:`~familycentre.MonthlyAttendance` per centre, month and offer;
        ``fc.HelpCase`` one :class:`~familycentre.MonthlyHelp` per centre, month,
        kind of help and need. They equal :func:`familycentre.monthly_totals` of
        :meth:`activities` with the same ``centre`` and ``year``, and come in the
        order of :func:`familycentre.model.totals.total_key` (centre, month, ...).
        The backend adds them up where the records are kept
        (:meth:`StorageBackend.monthly_totals`).

        :raises TypeError: for a kind that is not added up by month.
        """
        if kind not in TOTALLED:
            raise TypeError(
                "only attendance and help records are added up by month, not "
                f"{getattr(kind, '__name__', kind)!s}"
            )
        checked = self._listing(kind, Query(centre=centre, year=year))
        if checked is None or (centre is not None and not _ID.fullmatch(centre)):
            return []  # no centre has such an id
        return sorted(self._backend.monthly_totals(kind, checked), key=total_key)

    def activity_data(self, centre_id: str, *, year: int | None = None) -> ActivityData:
        """A centre's activity records as an activity file holds them (one year, or all).

        :raises NotFound: when there is no such centre.
        """
        with self.reading():
            self.get(Centre, centre_id)
            records = [
                record
                for kind in ACTIVITY_KINDS
                for record in self.activities(kind, centre=centre_id, year=year)
            ]
            return ActivityData.of(centre_id, records)

    def centre_data(self, centre_id: str) -> CentreData:
        """A centre's data as a data file holds it: the centre, its offers, every partner.

        :raises NotFound: when there is no such centre.
        """
        with self.reading():
            centre = self.get(Centre, centre_id)
            offers, partners = self.offers(centre=centre_id), self.partners()
            data: CentreData = CentreData(centre, offers, partners)
            return data

    # --- writes --------------------------------------------------------------------------

    def _check_references(
        self, value: Record, known: set[tuple[type[Any], str]] | None = None
    ) -> None:
        needed: list[tuple[type[Any], str]] = []
        if isinstance(value, Referral | Cooperation):
            needed += [(Centre, value.centre), (Partner, value.partner)]
        elif not isinstance(value, Centre | Partner):
            needed.append((Centre, value.centre))
        for kind, record_id in needed:
            if known is not None and (kind, record_id) in known:
                continue
            if not self._backend.exists(kind, record_id):
                subject = (
                    "the family contact"
                    if isinstance(value, FamilyContact)
                    else f"{kind_of(type(value))} {value.id!r}"
                )
                raise NotFound(
                    f"{subject} refers to the {kind_of(kind)} {record_id!r}, which does "
                    "not exist: add it first"
                )

    def add(self, value: R) -> Stored[R]:
        """Add a new record; returns it stored, at revision 1.

        :raises ConflictError: when a record of its kind with its id exists.
        :raises NotFound: when it refers to a centre or partner that does not exist.
        """
        kind = type(value)
        self._check_open()
        self._kind(kind)
        name = kind_of(kind).replace("_", " ")
        with self.transaction():
            if self._backend.exists(kind, value.id):
                shown = "that pseudonym" if kind is FamilyContact else f"the id {value.id!r}"
                raise ConflictError(f"there already is a {name} with {shown}")
            self._check_references(value)
            stored = Stored(value, 1, now())
            self._backend.insert(stored)
            self._changed(kind, value.id, "added", 1)
        return stored

    def update(self, value: R, *, revision: int) -> Stored[R]:
        """Replace the record with ``value``'s id by ``value``; returns it at its new revision.

        :param revision: The revision the change is based on (from :meth:`record`).
        :raises ConflictError: when the record has another revision: someone else
            changed it meanwhile. Read it again and redo the change.
        :raises NotFound: when there is no such record, or it refers to a centre or
            partner that does not exist.
        """
        kind = type(value)
        with self.transaction():
            current = self.record(kind, value.id)
            _check_revision(current, revision)
            self._check_references(value)
            stored = Stored(value, current.revision + 1, now())
            self._backend.replace(stored)
            self._changed(kind, value.id, "updated", stored.revision)
        return stored

    def delete(
        self,
        kind: type[Any],
        record_id: str,
        *,
        revision: int | None = None,
        cascade: bool = False,
    ) -> None:
        """Delete a record.

        A centre that still has offers, referrals or family contacts, and a partner
        that referrals name, are only deleted with ``cascade=True``, which deletes
        those too.

        :param revision: When given, the revision the deletion is based on.
        :raises NotFound: when there is no such record.
        :raises ConflictError: when ``revision`` is stale, or dependants exist and
            ``cascade`` is false.
        """
        with self.transaction():
            if kind is FamilyContact and revision is None:
                # Deleted without reading: erasure must not depend on old personal
                # data still being valid (nor echo it in an error).
                if not self.exists(kind, record_id):
                    raise NotFound("there is no family contact with that pseudonym")
                self._backend.remove(kind, record_id)
                self._wrote = True
                return
            current = self.record(kind, record_id)
            if revision is not None:
                _check_revision(current, revision)
            dependants: list[Stored[Any]] = []
            if kind is Centre:
                dependants += self._backend.fetch_all(Offer, Query(centre=record_id))
                dependants += self._backend.fetch_all(Referral, Query(centre=record_id))
                if self._backend.holds_family_contacts:
                    dependants += self._backend.fetch_all(FamilyContact, Query(centre=record_id))
                for activity in ACTIVITY_KINDS:
                    dependants += self._backend.fetch_all(activity, Query(centre=record_id))
            elif kind is Partner:
                dependants += self._backend.fetch_all(Referral, Query(partner=record_id))
                dependants += self._backend.fetch_all(Cooperation, Query(partner=record_id))
            if dependants and not cascade:
                counts: dict[str, int] = {}
                for item in dependants:
                    label = item.kind.replace("_", " ")
                    counts[label] = counts.get(label, 0) + 1
                listing = " and ".join(f"{n} {k}{'s' * (n != 1)}" for k, n in counts.items())
                raise ConflictError(
                    f"the {kind_of(kind)} {record_id!r} still has {listing}; delete them "
                    "first or pass cascade=True (--cascade) to delete them with it"
                )
            for item in dependants:
                self._backend.remove(type(item.value), item.id)
                self._changed(type(item.value), item.id, "deleted", item.revision)
            self._backend.remove(kind, record_id)
            self._changed(kind, record_id, "deleted", current.revision)

    def import_records(self, records: Iterable[Stored[Any]]) -> int:
        """Add records exactly as given: their revisions and modification times are kept.

        For copying between stores (:func:`familycentre.storage.copy_store`) and for
        tools that restore or migrate data: the records are the same data in another
        place, so exports from them stay byte for byte the same. Records must come
        after those they refer to (:data:`PARENTS_FIRST` order) and must be new.
        Each is announced as ``added`` with its kept revision; family contacts are
        not announced. All or nothing.

        :return: How many records were imported.
        :raises ConflictError: when a record of that kind and id exists already.
        :raises NotFound: when a record refers to one that is neither in the store
            nor imported before it.
        """
        items = list(records)
        with self.transaction():
            known: set[tuple[type[Any], str]] = set()
            for record in items:
                kind = type(record.value)
                self._kind(kind)
                if record.revision < 1:
                    raise ValueError(f"{record.kind} {record.id!r}: revision must be at least 1")
                if record.modified.utcoffset() is None:
                    raise ValueError(
                        f"{record.kind} {record.id!r}: modified must be timezone-aware"
                    )
                if (kind, record.id) in known or self._backend.exists(kind, record.id):
                    raise ConflictError(
                        f"there already is a {record.kind.replace('_', ' ')} with the id "
                        f"{record.id!r}"
                    )
                self._check_references(record.value, known)
                known.add((kind, record.id))
            self._backend.insert_many(items)
            for record in items:
                self._changed(type(record.value), record.id, "added", record.revision)
        return len(items)

    def load(self, data: CentreData | Iterable[CentreData]) -> LoadResult:
        """Import centres' data (as read by :func:`familycentre.load`), all or nothing.

        Each centre, offer and partner is added when new, updated (its revision
        goes up) when its content differs, and left alone when equal; offers that
        the store holds for a loaded centre but the data no longer lists are
        deleted (with their revision checks skipped: the data file is the truth).
        Loading the same data twice changes nothing the second time. Every record
        written gets the same modification time.
        """
        items = [data] if isinstance(data, CentreData) else list(data)
        counts = {"added": 0, "updated": 0, "unchanged": 0, "deleted": 0}
        backend = self._backend
        with self.transaction():
            backend.before_load(items)
            modified = now()
            existing: set[tuple[type[Any], str]] = {
                (kind, record_id)
                for kind in (Centre, Partner, Offer, Referral)
                for record_id in backend.fetch_ids(kind, Query())
            }
            named: dict[type[Any], set[str]] = {Centre: set(), Partner: set(), Offer: set()}
            for item in items:
                named[Centre].add(item.centre.id)
                named[Partner].update(partner.id for partner in item.partners)
                named[Offer].update(offer.id for offer in item.offers)
            stored: dict[type[Any], dict[str, tuple[int, str]]] = {
                kind: backend.encoded(kind, sorted(i for i in ids if (kind, i) in existing))
                for kind, ids in named.items()
            }

            def put(value: Record, pending: list[Stored[Any]]) -> None:
                kind: Any = type(value)
                if (kind, value.id) not in existing:
                    self._check_references(value, existing)
                    pending.append(Stored(value, 1, modified))
                    existing.add((kind, value.id))
                    counts["added"] += 1
                    return
                held = stored[kind].get(value.id)
                if held is not None and held[1] == to_json(value):
                    counts["unchanged"] += 1  # the same text: equal, without decoding it
                    return
                current = backend.fetch(kind, value.id)
                if current is None:  # pragma: no cover - listed a moment ago in this transaction
                    raise StoreError(f"the {kind_of(kind)} {value.id!r} vanished during the load")
                if current.value == value:
                    counts["unchanged"] += 1
                    return
                self._check_references(value, existing)
                backend.replace(Stored(value, current.revision + 1, modified))
                self._changed(kind, value.id, "updated", current.revision + 1)
                counts["updated"] += 1
                stored[kind].pop(value.id, None)

            for item in items:
                pending: list[Stored[Any]] = []
                put(item.centre, pending)
                for partner in item.partners:
                    put(partner, pending)
                for offer in item.offers:
                    put(offer, pending)
                backend.insert_many(pending)
                for record in pending:
                    self._changed(type(record.value), record.id, "added", 1)
                listed = {offer.id for offer in item.offers}
                for old_id in backend.fetch_ids(Offer, Query(centre=item.centre.id)):
                    if old_id not in listed:
                        old = self.record(Offer, old_id)
                        backend.remove(Offer, old_id)
                        existing.discard((Offer, old_id))
                        self._changed(Offer, old_id, "deleted", old.revision)
                        counts["deleted"] += 1
        return LoadResult(**counts)

    def load_activities(self, data: ActivityData | Iterable[ActivityData]) -> LoadResult:
        """Import activity records (an activity file, a tally sheet), all or nothing.

        Each record is added when new, updated when its content differs and left
        alone when equal, so importing the same tally twice changes nothing the
        second time. Records the store holds but the data does not list are kept
        (a tally adds to what is known; delete records one by one). The centres, and
        the partners cooperations name, must exist.
        """
        items = [data] if isinstance(data, ActivityData) else list(data)
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        backend = self._backend
        known: dict[type[Any], set[str]] = {}
        with self.transaction(), bulk():  # many rows: no cycle search meanwhile
            modified = now()
            for item in items:
                if not backend.exists(Centre, item.centre):
                    raise NotFound(
                        f"the activity records refer to the centre {item.centre!r}, which "
                        "does not exist: add it first"
                    )
                pending: list[Stored[Any]] = []
                added: list[_Change] = []  # announced after the insert, kind by kind
                for name, kind in ACTIVITY_SECTIONS.items():
                    section = getattr(item, name)
                    if not section:
                        continue
                    if kind not in known:  # every id of the kind, once per load
                        known[kind] = set(backend.fetch_ids(kind, Query()))
                    ids = known[kind]
                    section_ids = [value.id for value in section]
                    fresh = set(section_ids)
                    if len(fresh) == len(section_ids) and ids.isdisjoint(fresh):
                        # all new (the common case): what the loop below does, at once
                        if kind is Cooperation:
                            for value in section:
                                self._check_references(value)
                        pending += [Stored(value, 1, modified) for value in section]
                        ids |= fresh
                        counts["added"] += len(section)
                        added.append((kind, tuple(section_ids), "added", 1))
                        continue
                    new: list[str] = []
                    for value in section:
                        if value.id not in ids:
                            if isinstance(value, Cooperation):
                                self._check_references(value)
                            pending.append(Stored(value, 1, modified))
                            ids.add(value.id)
                            new.append(value.id)
                            counts["added"] += 1
                            continue
                        current = backend.fetch(kind, value.id)
                        if current is None:  # pending: the same id twice in these data
                            raise ConflictError(
                                f"the {kind_of(kind).replace('_', ' ')} {value.id!r} is listed "
                                "twice in the data loaded"
                            )
                        if current.value.centre != item.centre:
                            raise ConflictError(
                                f"there already is a {kind_of(kind).replace('_', ' ')} "
                                f"with the id {value.id!r}, of another centre"
                            )
                        if current.value == value:
                            counts["unchanged"] += 1
                            continue
                        self._check_references(value)
                        backend.replace(Stored(value, current.revision + 1, modified))
                        self._changed(kind, value.id, "updated", current.revision + 1)
                        counts["updated"] += 1
                    if new:
                        added.append((kind, tuple(new), "added", 1))
                backend.insert_many(pending)
                if added:
                    self._wrote = True
                    self._queue += added  # as _changed() would, record by record
        return LoadResult(**counts)

    def checkpoint(self, *, timeout: float = 5.0) -> str | None:
        """Make overwritten data unrecoverable from the backend's files (after an erasure).

        See :meth:`StorageBackend.checkpoint`: ``None`` when done, else what blocks it.
        """
        self._check_open()
        if self._depth:
            raise StoreError("a checkpoint cannot run inside a transaction")
        return self._backend.checkpoint(timeout=timeout)


def _check_revision(current: Stored[Any], revision: int) -> None:
    if current.revision != revision:
        shown = "that family" if current.kind == "family_contact" else repr(current.id)
        raise ConflictError(
            f"the {current.kind.replace('_', ' ')} {shown} was changed by someone else: "
            f"it is at revision {current.revision}, your change is based on revision "
            f"{revision}. Read it again and redo your change."
        )
