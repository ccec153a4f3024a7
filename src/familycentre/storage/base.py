"""The Store interface: where centres, offers, partners and referrals live.

A :class:`Store` implements the operations every user sees (add, get, update,
delete, queries, bulk load, transactions, revisions, change events) once, on top
of a small *backend interface* of protected methods (``_begin``, ``_commit``,
``_rollback``, ``_fetch``, ``_fetch_all``, ``_insert``, ``_replace``, ``_remove``)
that a storage backend implements. The rules that keep data consistent (revisions,
references between records, refusing to delete a centre that still has offers) live
here, so every backend follows them alike; the storage conformance suite in
:mod:`familycentre.testing` checks that it does.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import re
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

import attrs

from familycentre.errors import ConflictError, FamilyCentreError, NotFound
from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner
from familycentre.model.referral import FamilyContact, Referral
from familycentre.model.text import Text
from familycentre.taxonomy import Audience, Category, PartnerKind

if TYPE_CHECKING:
    from familycentre.hookspecs import Action, RecordKind
    from familycentre.plugins import PluginManager

__all__ = [
    "KINDS",
    "LoadResult",
    "Query",
    "Record",
    "Store",
    "StoreError",
    "Stored",
    "kind_of",
    "search_text",
]

Record = Centre | Offer | Partner | Referral
"""Any record a store holds."""

R = TypeVar("R", Centre, Offer, Partner, Referral)

KINDS: dict[type[Any], RecordKind] = {
    Centre: "centre",
    Offer: "offer",
    Partner: "partner",
    Referral: "referral",
}
"""The record classes a store holds, with the names used in events and messages."""

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class StoreError(FamilyCentreError):
    """A store that cannot be opened or used: unknown URL, damaged file, closed store."""


def kind_of(cls: type[Any]) -> RecordKind:
    """The kind name (``"offer"``) of a record class; :class:`TypeError` for anything else."""
    try:
        return KINDS[cls]
    except KeyError:
        raise TypeError(
            f"a store holds centres, offers, partners and referrals, not {cls.__name__}"
        ) from None


def now() -> dt.datetime:
    """The current time in UTC: the ``modified`` time of a record written now."""
    return dt.datetime.now(dt.UTC)


@attrs.frozen
class Stored(Generic[R]):
    """A record as the store holds it: its value, revision and modification time.

    :param value: The record (a :class:`~familycentre.Centre`, :class:`~familycentre.Offer`,
        :class:`~familycentre.Partner` or :class:`~familycentre.Referral`).
    :param revision: 1 when added, one more with every update. Pass it to
        :meth:`Store.update` to detect that someone else changed the record meanwhile.
    :param modified: When the record was last written, timezone-aware in UTC; exporters
        use it for ``DTSTAMP``/``LAST-MODIFIED`` (iCalendar) and ``REV`` (vCard).
    """

    value: R
    revision: int
    modified: dt.datetime

    @property
    def id(self) -> str:
        """The record's id."""
        return self.value.id

    @property
    def kind(self) -> RecordKind:
        """The record's kind: ``"centre"``, ``"offer"``, ``"partner"`` or ``"referral"``."""
        return kind_of(type(self.value))


def _texts(*texts: Text | None) -> str:
    return "\n".join(item for text in texts if text is not None for _, item in text).casefold()


def search_text(value: Record) -> str:
    """The text that free-text queries search in, case-folded.

    A centre's name, an offer's title and a partner's name, in every language;
    referrals have none. Backends store it beside the record (SQLite in an indexed
    column) so that ``text=`` queries give the same answer everywhere: a record
    matches when ``needle.casefold()`` occurs in this text.
    """
    if isinstance(value, Centre | Partner):
        return _texts(value.name)
    if isinstance(value, Offer):
        return _texts(value.title)
    return ""


@attrs.frozen
class Query:
    """Which records a listing returns; ``None`` means no restriction.

    Only fields that apply to the listed kind may be set: ``centre`` (offers,
    referrals), ``category`` and ``audience`` (offers), ``partner_kind`` (partners),
    ``partner`` and ``family`` (referrals), ``text`` (centres, offers, partners; a
    case-insensitive substring of the name or title in any language).
    """

    centre: str | None = None
    category: Category | None = None
    audience: Audience | None = None
    partner_kind: PartnerKind | None = None
    partner: str | None = None
    family: str | None = None
    text: str | None = None

    _APPLIES: ClassVar[dict[type[Any], set[str]]] = {
        Centre: {"text"},
        Offer: {"centre", "category", "audience", "text"},
        Partner: {"partner_kind", "text"},
        Referral: {"centre", "partner", "family"},
    }

    def check(self, kind: type[Any]) -> None:
        """Raise :class:`ValueError` when a field is set that does not apply to ``kind``."""
        allowed: set[str] = self._APPLIES[kind]
        for field in attrs.fields(type(self)):
            if getattr(self, field.name) is not None and field.name not in allowed:
                raise ValueError(f"{kind_of(kind)}s cannot be selected by {field.name}")

    @property
    def needle(self) -> str | None:
        """:attr:`text` case-folded, as searched in :func:`search_text`."""
        return None if self.text is None else self.text.casefold()

    def matches(self, value: Record) -> bool:
        """Whether ``value`` is selected: the reference every backend must agree with."""
        get = getattr
        checks = (
            (self.centre, "centre"),
            (self.category, "category"),
            (self.partner_kind, "kind"),
            (self.partner, "partner"),
            (self.family, "family"),
        )
        for wanted, name in checks:
            if wanted is not None and get(value, name) != wanted:
                return False
        if self.audience is not None and self.audience not in get(value, "audiences"):
            return False
        needle = self.needle
        return needle is None or needle in search_text(value)


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


class Store(abc.ABC):
    """A place where centres, offers, partners and referrals are kept.

    Open one with :func:`familycentre.open_store`; use it as a context manager to
    close it. Reads return model objects; writes take them. Every record carries a
    revision (see :class:`Stored`): :meth:`update` and :meth:`delete` take the
    revision the change is based on and raise :class:`~familycentre.ConflictError`
    when the record has changed since. Every single write is atomic; group writes
    with :meth:`transaction` to make them all-or-nothing together.

    Backend authors subclass it and implement the protected backend methods; see
    the plugin guide.
    """

    def __init__(self, url: str, *, plugin_manager: PluginManager | None = None) -> None:
        self._url = url
        self._plugin_manager = plugin_manager
        self._depth = 0
        self._events: list[tuple[RecordKind, str, Action, int]] = []
        self._closed = False

    # --- the backend interface ----------------------------------------------------------

    @abc.abstractmethod
    def _begin(self) -> None:
        """Start a write transaction.

        Reads and writes until :meth:`_commit` or :meth:`_rollback` must be isolated
        from other writers: a record read here cannot be changed by anyone else
        before this transaction ends (SQLite: ``BEGIN IMMEDIATE``; a server database:
        ``SERIALIZABLE`` or ``SELECT ... FOR UPDATE``).
        """

    @abc.abstractmethod
    def _commit(self) -> None:
        """Make the transaction's writes durable and visible to others."""

    @abc.abstractmethod
    def _rollback(self) -> None:
        """Undo every write of the transaction."""

    @abc.abstractmethod
    def _fetch(self, kind: type[R], record_id: str) -> Stored[R] | None:
        """Return the stored record of ``kind`` with ``record_id``, or ``None``."""

    @abc.abstractmethod
    def _fetch_all(self, kind: type[R], query: Query) -> list[Stored[R]]:
        """Return the records of ``kind`` that ``query`` selects, ordered by id.

        The result must equal filtering every record with :meth:`Query.matches`.
        """

    @abc.abstractmethod
    def _insert(self, record: Stored[Any]) -> None:
        """Store a new record (none of its kind has its id). Called in a transaction."""

    @abc.abstractmethod
    def _replace(self, record: Stored[Any]) -> None:
        """Replace the stored record of the same kind and id. Called in a transaction."""

    @abc.abstractmethod
    def _remove(self, kind: type[Any], record_id: str) -> None:
        """Remove the record of ``kind`` with ``record_id``. Called in a transaction."""

    def _close(self) -> None:  # noqa: B027 - a hook with nothing to do by default
        """Release the backend's resources (connections, files)."""

    def _begin_read(self) -> None:
        """Start a read-only transaction: a consistent view for several reads.

        By default a write transaction (:meth:`_begin`); override with something
        lighter where the database has it (SQLite: a deferred transaction).
        """
        self._begin()

    def _end_read(self) -> None:
        """End the transaction of :meth:`_begin_read` (by default: :meth:`_rollback`)."""
        self._rollback()

    def _exists(self, kind: type[Any], record_id: str) -> bool:
        """Whether the record exists. Override when it can be answered without decoding it."""
        return self._fetch(kind, record_id) is not None

    def _fetch_ids(self, kind: type[Any], query: Query) -> list[str]:
        """The ids :meth:`_fetch_all` would return. Override to skip decoding the records."""
        return [record.id for record in self._fetch_all(kind, query)]

    # --- the public interface ------------------------------------------------------------

    @property
    def url(self) -> str:
        """The URL the store was opened with."""
        return self._url

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._url!r}>"

    def close(self) -> None:
        """Close the store; it cannot be used afterwards. Closing twice does nothing."""
        if not self._closed:
            self._closed = True
            self._close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self._url}: the store is closed")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes so that all of them happen, or none.

        ::

            with store.transaction():
                store.add(centre)
                store.add(offer)     # if this fails, the centre is not added either

        A ``transaction()`` inside another joins the outer one. Change events
        (the ``record_changed`` hook) are sent when the outermost block commits.
        """
        self._check_open()
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        self._events = []
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._events = []
            self._rollback()
            raise
        self._depth = 0
        try:
            self._commit()
        except BaseException:
            self._events = []
            with contextlib.suppress(Exception):
                self._rollback()
            raise
        events, self._events = self._events, []
        self._announce(events)

    def _announce(self, events: list[tuple[RecordKind, str, Action, int]]) -> None:
        if not events:
            return
        manager = self._plugin_manager
        if manager is None:
            from familycentre.plugins import get_plugin_manager

            manager = get_plugin_manager()
        hook = manager.hook.record_changed
        if not hook.get_hookimpls():
            return
        for kind, record_id, action, revision in events:
            try:
                hook(
                    store_url=self._url,
                    kind=kind,
                    record_id=record_id,
                    action=action,
                    revision=revision,
                )
            except Exception as exc:
                warnings.warn(
                    f"a record_changed hook failed for {kind} {record_id!r}: {exc!r}",
                    RuntimeWarning,
                    stacklevel=4,
                )

    # reads

    def record(self, kind: type[R], record_id: str) -> Stored[R]:
        """The record of ``kind`` with ``record_id``, with its revision and modification time.

        :raises NotFound: when there is none.
        """
        self._check_open()
        name = kind_of(kind)
        found = self._fetch(kind, record_id) if _ID.fullmatch(record_id) else None
        if found is None:
            raise NotFound(f"there is no {name} with the id {record_id!r}")
        return found

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id`` (``store.get(fc.Offer, "fruehstueck")``).

        :raises NotFound: when there is none.
        """
        return self.record(kind, record_id).value

    def exists(self, kind: type[Any], record_id: str) -> bool:
        """Whether a record of ``kind`` with ``record_id`` exists."""
        self._check_open()
        kind_of(kind)
        return bool(_ID.fullmatch(record_id)) and self._exists(kind, record_id)

    def records(self, kind: type[R], query: Query | None = None) -> list[Stored[R]]:
        """The records of ``kind`` that ``query`` selects, with revisions, ordered by id."""
        self._check_open()
        kind_of(kind)
        query = query or Query()
        query.check(kind)
        return self._fetch_all(kind, query)

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

    # referrals: moves, privacy and follow-ups (see familycentre.referrals.privacy)

    def transition_referral(
        self,
        referral_id: str,
        to: str,
        *,
        at: dt.datetime,
        role: str = "staff",
        reason: str | None = None,
        note: str | None = None,
    ) -> Referral:
        """Move a referral to status ``to``, store it, and call ``referral_transition``.

        See :func:`familycentre.referrals.privacy.transition_referral`.
        """
        from familycentre.referrals.privacy import transition_referral

        return transition_referral(
            self, referral_id, to, at=at, role=role, reason=reason, note=note
        )

    holds_family_contacts: ClassVar[bool] = False
    """Whether the backend keeps :class:`~familycentre.FamilyContact` records."""

    def put_family_contact(self, contact: FamilyContact) -> None:
        """Add or replace a family's contact details (kept apart from its referrals).

        See :func:`familycentre.referrals.privacy.put_family_contact`.
        """
        from familycentre.referrals.privacy import put_family_contact

        put_family_contact(self, contact)

    def family_contact(self, family: str) -> FamilyContact | None:
        """The contact details of the family with pseudonym ``family``, if kept."""
        from familycentre.referrals.privacy import family_contact

        return family_contact(self, family)

    def erase_family(self, family: str) -> int:
        """Erase a family's personal data from every referral; returns how many.

        See :func:`familycentre.referrals.privacy.erase_family`.
        """
        from familycentre.referrals.privacy import erase_family

        return erase_family(self, family)

    def purge_referrals(
        self,
        older_than: dt.timedelta | int | str | None = None,
        *,
        today: dt.date | None = None,
        centre: str | None = None,
    ) -> int:
        """Erase the personal data of referrals closed longer ago than ``older_than``.

        Without ``older_than``, each centre's ``retention_months`` applies. See
        :func:`familycentre.referrals.privacy.purge_referrals`.
        """
        from familycentre.referrals.privacy import purge_referrals

        return purge_referrals(self, older_than, today=today, centre=centre)

    def followups(
        self,
        *,
        today: dt.date | None = None,
        within: dt.timedelta = dt.timedelta(0),
        centre: str | None = None,
    ) -> list[Referral]:
        """Open referrals whose follow-up is due by ``today + within``, soonest first."""
        from familycentre.referrals.privacy import due_followups

        return due_followups(
            self.referrals(centre=centre), today=today or dt.date.today(), within=within
        )

    def centre_data(self, centre_id: str) -> CentreData:
        """A centre's data as a data file holds it: the centre, its offers, every partner.

        :raises NotFound: when there is no such centre.
        """
        with self._reading():
            centre = self.get(Centre, centre_id)
            offers, partners = self.offers(centre=centre_id), self.partners()
            data: CentreData = CentreData(centre, offers, partners)
            return data

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Several reads that must see one state (inside a transaction: that one's)."""
        self._check_open()
        if self._depth:
            yield
            return
        self._begin_read()
        try:
            yield
        finally:
            self._end_read()

    # writes

    def _record_event(self, kind: type[Any], record_id: str, action: Action, rev: int) -> None:
        self._events.append((kind_of(kind), record_id, action, rev))

    def _check_references(
        self, value: Record, known: set[tuple[type[Any], str]] | None = None
    ) -> None:
        needed: list[tuple[type[Any], str]] = []
        if isinstance(value, Offer):
            needed.append((Centre, value.centre))
        elif isinstance(value, Referral):
            needed += [(Centre, value.centre), (Partner, value.partner)]
        for kind, record_id in needed:
            if known is not None and (kind, record_id) in known:
                continue
            if not self._exists(kind, record_id):
                raise NotFound(
                    f"{kind_of(type(value))} {value.id!r} refers to the {kind_of(kind)} "
                    f"{record_id!r}, which does not exist: add it first"
                )

    def add(self, value: R) -> Stored[R]:
        """Add a new record; returns it stored, at revision 1.

        :raises ConflictError: when a record of its kind with its id exists.
        :raises NotFound: when it refers to a centre or partner that does not exist.
        """
        kind = type(value)
        name = kind_of(kind)
        with self.transaction():
            if self._exists(kind, value.id):
                raise ConflictError(f"there already is a {name} with the id {value.id!r}")
            self._check_references(value)
            stored = Stored(value, 1, now())
            self._insert(stored)
            self._record_event(kind, value.id, "added", 1)
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
            self._replace(stored)
            self._record_event(kind, value.id, "updated", stored.revision)
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

        A centre that still has offers or referrals, and a partner that referrals
        name, are only deleted with ``cascade=True``, which deletes those too.

        :param revision: When given, the revision the deletion is based on.
        :raises NotFound: when there is no such record.
        :raises ConflictError: when ``revision`` is stale, or dependants exist and
            ``cascade`` is false.
        """
        with self.transaction():
            current = self.record(kind, record_id)
            if revision is not None:
                _check_revision(current, revision)
            dependants: list[Stored[Any]] = []
            if kind is Centre:
                dependants += self._fetch_all(Offer, Query(centre=record_id))
                dependants += self._fetch_all(Referral, Query(centre=record_id))
            elif kind is Partner:
                dependants += self._fetch_all(Referral, Query(partner=record_id))
            if dependants and not cascade:
                counts: dict[str, int] = {}
                for item in dependants:
                    counts[item.kind] = counts.get(item.kind, 0) + 1
                listing = " and ".join(f"{n} {k}{'s' * (n != 1)}" for k, n in counts.items())
                raise ConflictError(
                    f"the {kind_of(kind)} {record_id!r} still has {listing}; delete them "
                    "first or pass cascade=True (--cascade) to delete them with it"
                )
            for item in dependants:
                self._remove(type(item.value), item.id)
                self._record_event(type(item.value), item.id, "deleted", item.revision)
            self._remove(kind, record_id)
            self._record_event(kind, record_id, "deleted", current.revision)

    def _put(
        self,
        value: Record,
        modified: dt.datetime,
        existing: set[tuple[type[Any], str]],
        pending: list[Stored[Any]],
        counts: dict[str, int],
    ) -> None:
        """Add (to ``pending``), update or leave ``value``, as :meth:`load` does."""
        kind: Any = type(value)
        key = (kind, value.id)
        if key not in existing:
            self._check_references(value, existing)
            pending.append(Stored(value, 1, modified))
            existing.add(key)
            counts["added"] += 1
            return
        current = self._fetch(kind, value.id)
        if current is None:  # pragma: no cover - listed a moment ago in this transaction
            raise StoreError(f"the {kind_of(kind)} {value.id!r} vanished during the load")
        if current.value == value:
            counts["unchanged"] += 1
            return
        self._check_references(value, existing)
        self._replace(Stored(value, current.revision + 1, modified))
        self._record_event(kind, value.id, "updated", current.revision + 1)
        counts["updated"] += 1

    def _insert_many(self, records: list[Stored[Any]]) -> None:
        """Store new records, in the order given (a centre before its offers).

        By default one :meth:`_insert` each; override to insert in batches.
        """
        for record in records:
            self._insert(record)

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
        with self.transaction():
            modified = now()
            existing: set[tuple[type[Any], str]] = {
                (kind, record_id)
                for kind in (Centre, Partner, Offer, Referral)
                for record_id in self._fetch_ids(kind, Query())
            }
            for item in items:
                pending: list[Stored[Any]] = []
                self._put(item.centre, modified, existing, pending, counts)
                for partner in item.partners:
                    self._put(partner, modified, existing, pending, counts)
                for offer in item.offers:
                    self._put(offer, modified, existing, pending, counts)
                self._insert_many(pending)
                for record in pending:
                    self._record_event(type(record.value), record.id, "added", 1)
                listed = {offer.id for offer in item.offers}
                for old_id in self._fetch_ids(Offer, Query(centre=item.centre.id)):
                    if old_id not in listed:
                        old = self.record(Offer, old_id)
                        self._remove(Offer, old_id)
                        existing.discard((Offer, old_id))
                        self._record_event(Offer, old_id, "deleted", old.revision)
                        counts["deleted"] += 1
        return LoadResult(**counts)


def _check_revision(current: Stored[Any], revision: int) -> None:
    if current.revision != revision:
        raise ConflictError(
            f"the {current.kind} {current.id!r} was changed by someone else: it is at "
            f"revision {current.revision}, your change is based on revision {revision}. "
            "Read it again and redo your change."
        )


def cast_stored(kind: type[R], record: Stored[Any]) -> Stored[R]:
    """Narrow a :class:`Stored` of unknown kind to ``Stored[kind]`` (for backends)."""
    if not isinstance(record.value, kind):
        raise TypeError(f"expected a {kind_of(kind)}, got {type(record.value).__name__}")
    return cast("Stored[R]", record)
