"""The storage backend contract: what a backend implements, and the values it handles.

A storage backend keeps records and nothing else: it reads and writes them inside
transactions and knows no rules about them. The rules that keep data consistent
(revisions, references between records, refusing to delete a centre that still has
offers, change events) are built once on top of it by
:class:`familycentre.storage.Store`, so every backend follows them alike; the
storage conformance suite in :mod:`familycentre.testing` checks that it does.

A plugin that adds a backend subclasses :class:`StorageBackend`, implements its
abstract methods, and registers an opener (a callable taking the URL and returning
the backend) through the ``register_storage_backends`` hook; see the plugin guide.

The record kinds (:data:`KINDS`) are centres, offers, partners, referrals and family
contact details. Every stored record is a :class:`Stored`: the value, its revision
and its modification time.
"""

from __future__ import annotations

import abc
import datetime as dt
import time
from collections.abc import Callable, Collection, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast

import attrs

from familycentre.errors import StoreError
from familycentre.model.attendance import Attendance
from familycentre.model.centre import Centre
from familycentre.model.counselling import CounsellingContact
from familycentre.model.data import CentreData
from familycentre.model.demand import Demand
from familycentre.model.engagement import Engagement
from familycentre.model.help import HelpCase
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.offer import Offer
from familycentre.model.participation import Participation
from familycentre.model.partner import Partner
from familycentre.model.reach import FamiliesReached
from familycentre.model.referral import FamilyContact, Referral
from familycentre.model.text import Text
from familycentre.model.totals import MonthlyTotal, monthly_totals
from familycentre.serialization import to_json
from familycentre.taxonomy import Audience, Category, PartnerKind

__all__ = [
    "ACTIVITY_KINDS",
    "KINDS",
    "QUERY_FIELDS",
    "Action",
    "Event",
    "EventSink",
    "Query",
    "R",
    "Record",
    "RecordChanged",
    "RecordKind",
    "ReferralMoved",
    "Stamp",
    "StorageBackend",
    "StoreError",
    "Stored",
    "cast_stored",
    "kind_of",
    "next_version",
    "now",
    "search_text",
    "version_time",
]

Stamp = tuple[str, int, dt.datetime]
"""A record's id, revision and modification time, without its value."""

Record = (
    Centre
    | Offer
    | Partner
    | Referral
    | FamilyContact
    | Attendance
    | HelpCase
    | CounsellingContact
    | Engagement
    | Participation
    | Cooperation
    | NetworkMeeting
    | Demand
    | FamiliesReached
)
"""Any record a store holds."""

R = TypeVar(
    "R",
    Centre,
    Offer,
    Partner,
    Referral,
    FamilyContact,
    Attendance,
    HelpCase,
    CounsellingContact,
    Engagement,
    Participation,
    Cooperation,
    NetworkMeeting,
    Demand,
    FamiliesReached,
)

RecordKind = Literal[
    "centre",
    "offer",
    "partner",
    "referral",
    "family_contact",
    "attendance",
    "help_case",
    "counselling_contact",
    "engagement",
    "participation",
    "cooperation",
    "network_meeting",
    "demand",
    "families_reached",
]
"""The kinds of record a store holds."""

Action = Literal["added", "updated", "deleted"]
"""What happened to a record."""

KINDS: dict[type[Any], RecordKind] = {
    Centre: "centre",
    Offer: "offer",
    Partner: "partner",
    Referral: "referral",
    FamilyContact: "family_contact",
    Attendance: "attendance",
    HelpCase: "help_case",
    CounsellingContact: "counselling_contact",
    Engagement: "engagement",
    Participation: "participation",
    Cooperation: "cooperation",
    NetworkMeeting: "network_meeting",
    Demand: "demand",
    FamiliesReached: "families_reached",
}
"""The record classes a store holds, with the names used in events and messages.

Family contact details (:class:`~familycentre.FamilyContact`) are personal data kept
apart from referrals: a backend whose :attr:`StorageBackend.holds_family_contacts` is
false refuses them, and changes to them are never announced to plugins.
"""


ACTIVITY_KINDS: tuple[type[Any], ...] = (
    Attendance,
    HelpCase,
    CounsellingContact,
    Engagement,
    Participation,
    Cooperation,
    NetworkMeeting,
    Demand,
    FamiliesReached,
)
"""The activity record kinds (anonymous counts of what a centre does).

Each belongs to a centre (``centre``) and is filed under a day (its ``day``
property), by which :class:`Query` selects a ``year``; a cooperation also names a
``partner``. Backends keep ``centre`` and ``day`` (and a cooperation's ``partner``)
in columns beside the record.
"""


def kind_of(cls: type[Any]) -> RecordKind:
    """The kind name (``"offer"``) of a record class; :class:`TypeError` for anything else."""
    try:
        return KINDS[cls]
    except KeyError:
        raise TypeError(
            "a store holds centres, offers, partners, referrals, family contacts and "
            f"activity records, not {cls.__name__}"
        ) from None


def next_version(previous: int) -> int:
    """The change version after ``previous``: now in microseconds, at least a second later.

    See :meth:`StorageBackend.version`.
    """
    return max(previous + 1_000_000, time.time_ns() // 1000)


def version_time(version: int) -> dt.datetime:
    """The time a change version stands for (UTC, whole microseconds)."""
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=version)


def now() -> dt.datetime:
    """The current time in UTC: the ``modified`` time of a record written now."""
    return dt.datetime.now(dt.UTC)


@attrs.frozen
class Stored(Generic[R]):
    """A record as the store holds it: its value, revision and modification time.

    :param value: The record (a :class:`~familycentre.Centre`, :class:`~familycentre.Offer`,
        :class:`~familycentre.Partner`, :class:`~familycentre.Referral` or
        :class:`~familycentre.FamilyContact`).
    :param revision: 1 when added, one more with every update. Pass it to
        ``Store.update`` to detect that someone else changed the record meanwhile.
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
        """The record's kind: ``"centre"``, ``"offer"``, ``"partner"``, ``"referral"``, ..."""
        return kind_of(type(self.value))


def cast_stored(kind: type[R], record: Stored[Any]) -> Stored[R]:
    """Narrow a :class:`Stored` of unknown kind to ``Stored[kind]`` (for backends)."""
    if not isinstance(record.value, kind):
        raise TypeError(f"expected a {kind_of(kind)}, got {type(record.value).__name__}")
    return cast("Stored[R]", record)


def _texts(*texts: Text | None) -> str:
    return "\n".join(item for text in texts if text is not None for _, item in text).casefold()


def search_text(value: Record) -> str:
    """The text that free-text queries search in, case-folded.

    A centre's name, an offer's title and a partner's name, in every language;
    referrals and family contacts have none. Backends store it beside the record
    (SQLite in an indexed column) so that ``text=`` queries give the same answer
    everywhere: a record matches when ``needle.casefold()`` occurs in this text.
    """
    if isinstance(value, Centre | Partner):
        return _texts(value.name)
    if isinstance(value, Offer):
        return _texts(value.title)
    return ""


QUERY_FIELDS: dict[str, str] = {
    "centre": "centre",
    "category": "category",
    "partner_kind": "kind",
    "partner": "partner",
    "family": "family",
}
"""Equality fields of :class:`Query`, mapped to the record attribute they compare.

Backends that keep these attributes in columns of the same name use this one table
(``Query.equalities()``) to build their ``WHERE`` clauses; ``audience`` (a member of
a set) and ``text`` (a substring of :func:`search_text`) are matched apart.
"""


@attrs.frozen
class Query:
    """Which records a listing returns; ``None`` means no restriction.

    Only fields that apply to the listed kind may be set: ``centre`` (offers,
    referrals, family contacts, activity records), ``category`` and ``audience``
    (offers), ``partner_kind`` (partners), ``partner`` (referrals, cooperations),
    ``family`` (referrals), ``text`` (centres, offers, partners; a case-insensitive
    substring of the name or title in any language), ``year`` (activity records: those
    whose ``day`` lies in the year).
    """

    centre: str | None = None
    category: Category | None = None
    audience: Audience | None = None
    partner_kind: PartnerKind | None = None
    partner: str | None = None
    family: str | None = None
    text: str | None = None
    year: int | None = None

    _APPLIES: ClassVar[dict[type[Any], set[str]]] = {
        Centre: {"text"},
        Offer: {"centre", "category", "audience", "text"},
        Partner: {"partner_kind", "text"},
        Referral: {"centre", "partner", "family"},
        FamilyContact: {"centre"},
        **{kind: {"centre", "year"} for kind in ACTIVITY_KINDS},
        Cooperation: {"centre", "partner", "year"},
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

    def equalities(self) -> list[tuple[str, str]]:
        """The set equality fields as ``(attribute, value as text)``, from :data:`QUERY_FIELDS`."""
        found = []
        for field, attribute in QUERY_FIELDS.items():
            wanted = getattr(self, field)
            if wanted is not None:
                found.append((attribute, str(wanted)))
        return found

    def matches(self, value: Record) -> bool:
        """Whether ``value`` is selected: the reference every backend must agree with."""
        for attribute, wanted in self.equalities():
            if str(getattr(value, attribute)) != wanted:
                return False
        if self.audience is not None and (
            not isinstance(value, Offer) or self.audience not in value.audiences
        ):
            return False
        if self.year is not None:
            day = getattr(value, "day", None)
            if day is None or day.year != self.year:
                return False
        needle = self.needle
        return needle is None or needle in search_text(value)

    def days(self) -> tuple[str, str] | None:
        """The ``year`` as ISO days ``(first, first of the next year)``, or ``None``.

        A record matches when ``first <= day < next``: backends compare their ``day``
        column with these.
        """
        if self.year is None:
            return None
        return f"{self.year:04d}-01-01", f"{self.year + 1:04d}-01-01"


# --- events ------------------------------------------------------------------------------------


@attrs.frozen
class RecordChanged:
    """A record was added, updated or deleted (delivered after the commit).

    :param store_url: The URL of the store that changed.
    :param kind: The record's kind (never ``"family_contact"``: not announced).
    :param record_id: The record's id.
    :param action: ``"added"``, ``"updated"`` or ``"deleted"``.
    :param revision: The revision after the change (for a deletion, the last one).
    """

    hook: ClassVar[str] = "record_changed"
    """The hook this event is delivered to."""

    store_url: str
    kind: RecordKind
    record_id: str
    action: Action
    revision: int


@attrs.frozen
class ReferralMoved:
    """A referral changed its status (delivered after the commit).

    :param store_url: The URL of the store that holds the referral.
    :param referral_id: The referral's id.
    :param source: The status before.
    :param target: The status after.
    :param role: Who made the move.
    :param at: When the move was made.
    :param revision: The referral's revision after the move.
    """

    hook: ClassVar[str] = "referral_transition"
    """The hook this event is delivered to."""

    store_url: str
    referral_id: str
    source: str
    target: str
    role: str
    at: dt.datetime
    revision: int


Event = RecordChanged | ReferralMoved
"""An event a store queues in a transaction and delivers after the outermost commit."""

EventSink = Callable[[Event], None]
"""Receives each committed event; :func:`familycentre.open_store` connects the plugin
manager's ``notify``."""


# --- the backend contract ----------------------------------------------------------------------


class StorageBackend(abc.ABC):
    """What a storage backend implements: records in, records out, in transactions.

    Every method is called by :class:`familycentre.storage.Store` only, which checks
    ids, revisions and references before it writes; a backend does not repeat those
    checks. Reads outside a transaction see committed data. Writes are only made
    between :meth:`begin` and :meth:`commit` / :meth:`rollback`.

    :param url: The URL the backend was opened with.
    """

    holds_family_contacts: ClassVar[bool] = False
    """Whether the backend keeps :class:`~familycentre.FamilyContact` records.

    Set it to true only when the backend can also make erased contact details
    unrecoverable (see :meth:`checkpoint`)."""

    def __init__(self, url: str) -> None:
        self.url = url

    # transactions

    @abc.abstractmethod
    def begin(self) -> None:
        """Start a write transaction.

        Reads and writes until :meth:`commit` or :meth:`rollback` must be isolated
        from other writers: a record read here cannot be changed by anyone else
        before this transaction ends (SQLite: ``BEGIN IMMEDIATE``; a server database:
        ``SERIALIZABLE`` or revision checks that fail with ``ConflictError``).
        """

    @abc.abstractmethod
    def commit(self) -> None:
        """Make the transaction's writes durable and visible to others."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Undo every write of the transaction (nothing to do outside one)."""

    def begin_read(self) -> None:
        """Start a read-only transaction: a consistent view for several reads.

        By default a write transaction (:meth:`begin`); override with something
        lighter where the database has it (SQLite: a deferred transaction).
        """
        self.begin()

    def end_read(self) -> None:
        """End the transaction of :meth:`begin_read` (by default: :meth:`rollback`)."""
        self.rollback()

    # the change version

    @abc.abstractmethod
    def version(self) -> int:
        """The store-wide change version: a number that changes with every committed write.

        Inside a read transaction (:meth:`begin_read`) it is the version of the state
        being read, so that it names exactly the data the transaction sees; outside
        one, the version of the latest committed state. It must change after every
        committed write transaction, also one made by another connection or process,
        and never return to an earlier value (also not after a deletion), so that two
        equal versions of one store always mean the same data.

        The version is also a time: microseconds since 1970-01-01 UTC, at least the
        time of the commit that made it and at least one second (1,000,000) more
        than the version before (see :meth:`advance_version`). So versions of
        different stores rarely meet, and two versions never fall into the same
        second: ``familycentre serve`` derives both its ``ETag`` and its
        ``Last-Modified`` headers from it. A new store starts at the time it was
        created.
        """

    @abc.abstractmethod
    def advance_version(self) -> None:
        """Give the current write transaction a new :meth:`version`.

        Called by the :class:`~familycentre.storage.Store` once in every write
        transaction that wrote something, just before :meth:`commit`. After the
        commit, every reader (also in another process) sees a version it has never
        seen before; after a rollback, nothing changed. The new version is
        ``max(previous + 1_000_000, now in microseconds)`` (:func:`next_version`).
        The SQLite backend keeps it in a row that writers update while they hold the
        write lock; a server database whose writers do not wait for each other must
        also make the order of versions follow the order of commits.
        """

    # reads

    @abc.abstractmethod
    def fetch(self, kind: type[R], record_id: str) -> Stored[R] | None:
        """Return the stored record of ``kind`` with ``record_id``, or ``None``."""

    @abc.abstractmethod
    def fetch_all(self, kind: type[R], query: Query) -> list[Stored[R]]:
        """Return the records of ``kind`` that ``query`` selects, ordered by id.

        The result must equal filtering every record with :meth:`Query.matches`.
        """

    def exists(self, kind: type[Any], record_id: str) -> bool:
        """Whether the record exists. Override when it can be answered without decoding it."""
        return self.fetch(kind, record_id) is not None

    def fetch_stamps(self, kind: type[Any], query: Query) -> list[Stamp]:
        """``(id, revision, modified)`` of what :meth:`fetch_all` would return, in its order.

        Override to answer without decoding the records (incremental exports ask it).
        """
        return [(r.id, r.revision, r.modified) for r in self.fetch_all(kind, query)]

    def fetch_ids(self, kind: type[Any], query: Query) -> list[str]:
        """The ids :meth:`fetch_all` would return. Override to skip decoding the records."""
        return [record.id for record in self.fetch_all(kind, query)]

    def monthly_totals(self, kind: type[Any], query: Query) -> list[MonthlyTotal]:
        """The records of ``kind`` that ``query`` selects, added up by month.

        ``kind`` is :class:`~familycentre.Attendance` (the answer holds
        :class:`~familycentre.MonthlyAttendance` totals, one per centre, month and
        offer) or :class:`~familycentre.HelpCase` (:class:`~familycentre.MonthlyHelp`,
        one per centre, month, kind of help and need). The totals must equal
        ``familycentre.monthly_totals(kind, [r.value for r in self.fetch_all(kind,
        query)])``, in any order (the :class:`~familycentre.storage.Store` sorts
        them). The yearly report reads these instead of every record.

        The default does exactly that, decoding every record; a backend that keeps
        records in a database overrides it with one aggregate query (SQLite and
        PostgreSQL: ``GROUP BY`` over the records' JSON).
        """
        return list(monthly_totals(kind, (record.value for record in self.fetch_all(kind, query))))

    # writes (always inside a transaction)

    @abc.abstractmethod
    def insert(self, record: Stored[Any]) -> None:
        """Store a new record (none of its kind has its id)."""

    def insert_many(self, records: Sequence[Stored[Any]]) -> None:
        """Store new records, in the order given (a centre before its offers).

        By default one :meth:`insert` each; override to insert in batches.
        """
        for record in records:
            self.insert(record)

    @abc.abstractmethod
    def replace(self, record: Stored[Any]) -> None:
        """Replace the stored record of the same kind and id."""

    @abc.abstractmethod
    def remove(self, kind: type[Any], record_id: str) -> None:
        """Remove the record of ``kind`` with ``record_id``."""

    def encoded(self, kind: type[Any], ids: Collection[str]) -> dict[str, tuple[int, str]]:
        """The revision and JSON text of each stored record of ``kind`` named in ``ids``.

        The text is what the converter wrote (``familycentre.to_json(value)``) when
        the backend keeps it as written; ``Store.load`` compares it with the new
        value's text to find unchanged records without decoding them. Ids not stored
        are left out. The default decodes each record and encodes it again; a backend
        that keeps the written text (SQLite) answers with one query instead.
        """
        found: dict[str, tuple[int, str]] = {}
        for record_id in ids:
            record = self.fetch(kind, record_id)
            if record is not None:
                found[record_id] = (record.revision, to_json(record.value))
        return found

    def before_load(self, items: Sequence[CentreData]) -> None:  # noqa: B027 - optional
        """Prepare for ``Store.load`` of ``items``, inside its transaction (optional).

        A backend on a server may read (and lock) every record the data names in a
        few queries here, instead of one round trip per record later.
        """

    # housekeeping

    def checkpoint(self, *, timeout: float = 5.0) -> str | None:
        """Make overwritten and deleted data unrecoverable from the backend's files.

        Called after personal data was erased. SQLite copies its write-ahead log into
        the database file and truncates the log (deleted pages are already
        overwritten); a server database rewrites the affected tables.

        :param timeout: How many seconds to keep trying while other connections
            block it.
        :return: ``None`` when done, or what still blocks it, in words ("another
            connection holds a read transaction on /srv/fc.db"). The default, for a
            backend without files (memory), returns ``None``.
        """
        return None

    def close(self) -> None:  # noqa: B027 - nothing to release by default
        """Release the backend's resources (connections, files)."""
