"""What a report section is built from: the year's records and the report's helpers.

A section builder (built-in, or a plugin's through ``register_report_sections``) is a
function ``build(context) -> Section | None``. The :class:`ReportContext` hands it
the centres, offers, partners, referrals and activity records of the report, this
year's and last year's, and the helpers that keep every section alike: words in the
report's language, suppression of counts about families, figures with last year
beside this year, occurrences and hours of offers.

Attendance and help records are by far the most numerous (a year of daily tallies
of a network is a million records), and a report needs only their sums. So the
context also holds their **monthly totals** (:meth:`ReportContext.monthly`: one
:class:`~familycentre.MonthlyAttendance` per centre, month and offer, one
:class:`~familycentre.MonthlyHelp` per centre, month, kind of help and need), and the
built-in sections read only those. A report built from a store
(:func:`~familycentre.report.store_report`) gets the totals added up by the store, and
reads the individual attendance and help records only when a section asks for them
(:meth:`ReportContext.records`), once, in the same consistent state of the store.
A section that needs sums should read :meth:`ReportContext.monthly`: it is fast at
any size.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast, overload

from familycentre.model.activities import ACTIVITY_CLASSES
from familycentre.model.attendance import Attendance
from familycentre.model.centre import Centre
from familycentre.model.help import HelpCase
from familycentre.model.lifecycle import ReferralStatus
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner
from familycentre.model.referral import Referral
from familycentre.model.totals import (
    TOTALLED,
    MonthlyAttendance,
    MonthlyHelp,
    MonthlyTotal,
    monthly_totals,
)
from familycentre.referrals.suppression import suppress, with_totals
from familycentre.report import words
from familycentre.report.model import Cell, Figure, Table, Unit
from familycentre.taxonomy import Category

__all__ = ["OccurrenceCounter", "RecordLoader", "ReportContext", "referral_sent", "sent_in"]

T = TypeVar("T")

OccurrenceCounter = Callable[[Centre, Offer, dt.date, dt.date], tuple[int, float]]
"""Counts an offer's occurrences in a window: ``(occurrences, hours of timed ones)``."""

RecordLoader = Callable[[type[Any]], Iterable[Any]]
"""Reads the individual records of a kind (attendance or help) when a section asks."""

_KIND_OF_TOTAL: dict[type[Any], type[Any]] = {total: kind for kind, total in TOTALLED.items()}

_NOT_SENT = {ReferralStatus.DRAFT, ReferralStatus.CONSENT_PENDING}


def referral_sent(referral: Referral) -> dt.datetime | None:
    """When a referral was first sent to the partner; ``None`` for one never sent.

    A referral is made when it leaves the centre: its first move out of ``draft`` and
    ``consent_pending`` to anything but a cancellation or an entry in error. Drafts
    that were never sent are no referrals.
    """
    for step in referral.history:
        if step.source in _NOT_SENT and step.target not in _NOT_SENT | {
            ReferralStatus.CANCELLED,
            ReferralStatus.ENTERED_IN_ERROR,
        }:
            return step.at
    return None


def sent_in(referral: Referral, year: int) -> bool:
    """Whether ``referral`` was sent in ``year`` (and not entered in error)."""
    if referral.status is ReferralStatus.ENTERED_IN_ERROR:
        return False
    sent = referral_sent(referral)
    return sent is not None and sent.year == year


class _ScheduleCounter:
    """Counts occurrences with the schedule engine, one closure calendar per centre."""

    def __init__(self) -> None:
        self._calendars: dict[tuple[str, dt.date, dt.date], tuple[Centre, Any]] = {}

    def __call__(
        self, centre: Centre, offer: Offer, start: dt.date, end: dt.date
    ) -> tuple[int, float]:
        from familycentre.schedule import ClosureCalendar, occurrences

        key = (centre.id, start, end)
        known = self._calendars.get(key)
        if known is None or known[0] is not centre:
            known = self._calendars[key] = (centre, ClosureCalendar.for_centre(centre, start, end))
        found = occurrences(offer, known[1], start, end)
        hours = sum((o.end - o.start).total_seconds() / 3600 for o in found if not o.all_day)
        return len(found), hours


class ReportContext:
    """The records and helpers a section builder gets (see the module documentation).

    :param year: The year reported on.
    :param language: The report's language (one of :data:`familycentre.i18n.LANGUAGES`).
    :param threshold: Counts about families below it are suppressed.
    :param centres: The centres reported on.
    :param offers: Their offers (cancelled ones left out).
    :param partners: Every partner (for kinds and names).
    :param referrals: Their referrals (entered-in-error ones left out).
    :param activities: Their activity records, of any year. Without ``totals``, the
        monthly totals of their attendance and help records are added up from them.
    :param totals: The monthly totals of their attendance and help records (this
        year's and last year's), added up elsewhere (by a store). Then
        ``activities`` holds no attendance or help records: those are read with
        ``load_records`` when a section asks for them.
    :param load_records: Reads the attendance or help records (this year's and last
        year's) of the centres; called at most once per kind, and only when a
        section asks for individual records of that kind.
    :param count_occurrences: Counts an offer's occurrences and hours in a window.
    :raises ValueError: when ``totals`` are given and ``activities`` holds
        attendance or help records too.
    """

    def __init__(
        self,
        *,
        year: int,
        language: str,
        threshold: int,
        centres: Sequence[Centre],
        offers: Sequence[Offer],
        partners: Sequence[Partner],
        referrals: Sequence[Referral],
        activities: Iterable[Any],
        totals: Iterable[MonthlyTotal] | None = None,
        load_records: RecordLoader | None = None,
        count_occurrences: OccurrenceCounter | None = None,
    ) -> None:
        self.year = year
        self.language = language
        self.threshold = threshold
        self.centres = tuple(centres)
        self.offers = tuple(offers)
        self.partners = tuple(partners)
        self.referrals = tuple(referrals)
        self._by_kind: dict[type[Any], list[Any]] = {kind: [] for kind in ACTIVITY_CLASSES}
        self._by_year: dict[tuple[type[Any], int], list[Any]] = {}
        for record in activities:
            self._file(record)
        self._load = load_records
        self._loaded: set[type[Any]] = set()
        self._totals: dict[type[Any], list[Any]] = {}
        self._totals_by_year: dict[tuple[type[Any], int], list[Any]] = {}
        if totals is not None:
            given = [kind for kind in TOTALLED if self._by_kind[kind]]
            if given:
                raise ValueError(
                    "with monthly totals, attendance and help records are read with "
                    f"load_records, not passed as activities ({given[0].__name__} records "
                    "were passed)"
                )
            for kind in TOTALLED:
                self._totals[kind] = []
            for total in totals:
                of = _KIND_OF_TOTAL.get(type(total))
                if of is None:
                    raise TypeError(f"not a monthly total: {type(total).__name__}")
                self._file_total(of, total)
        else:
            self._loaded.update(TOTALLED)  # the records are here: nothing to load
        self._counter = count_occurrences or _ScheduleCounter()
        self._occurrences: dict[tuple[str, int], tuple[int, float]] = {}
        self._opening: dict[str, float] = {}
        self._centres = {centre.id: centre for centre in self.centres}
        self._offers = {offer.id: offer for offer in self.offers}

    def _file(self, record: Any) -> None:
        self._by_kind[type(record)].append(record)
        self._by_year.setdefault((type(record), record.day.year), []).append(record)

    def _file_total(self, kind: type[Any], total: Any) -> None:
        self._totals[kind].append(total)
        self._totals_by_year.setdefault((kind, total.month.year), []).append(total)

    def _records_of(self, kind: type[Any]) -> None:
        """Read the individual records of ``kind`` when they are not here yet."""
        if kind in self._loaded or kind not in TOTALLED:
            return
        self._loaded.add(kind)
        if self._load is None:
            raise LookupError(
                f"this report was built from monthly totals of {kind.__name__} records, "
                "without a way to read the records themselves"
            )
        for record in self._load(kind):
            if type(record) is kind:
                self._file(record)

    def _totals_of(self, kind: type[Any]) -> None:
        """Add up the records of ``kind`` when its totals were not given."""
        if kind in self._totals:
            return
        if kind not in TOTALLED:
            raise TypeError(
                "monthly totals are kept of attendance and help records, not of "
                f"{getattr(kind, '__name__', kind)!s} records"
            )
        self._totals[kind] = []
        for total in monthly_totals(kind, self._by_kind[kind]):
            self._file_total(kind, total)

    # --- words ---------------------------------------------------------------------------

    def word(self, key: str, **values: object) -> str:
        """A word of the report in its language (see :mod:`familycentre.report.words`)."""
        return words.word(key, self.language, **values)

    def label(self, term: enum.Enum) -> str:
        """A vocabulary term's label in the report's language."""
        return words.label(term, self.language)

    def offer_title(self, offer_id: str) -> str:
        """An offer's title, in the report's language where the data has it.

        Tagged with the language it is really in (a
        :class:`~familycentre.report.model.TaggedText`); the offer's id when it is gone.
        """
        offer = self._offers.get(offer_id)
        if offer is None:
            return offer_id
        return words.data_text(offer.title, self.language)

    # --- records ---------------------------------------------------------------------------

    def records(self, kind: type[T], year: int | None = None) -> list[T]:
        """The activity records of ``kind`` filed in ``year`` (this year by default).

        Attendance and help records of a report built from a store are read from it
        when first asked for (see the module documentation); sums are quicker with
        :meth:`monthly`.
        """
        wanted = self.year if year is None else year
        self._records_of(kind)
        return list(self._by_year.get((kind, wanted), ()))

    def all_records(self, kind: type[T]) -> list[T]:
        """The activity records of ``kind`` of every year (of the report: this and last)."""
        self._records_of(kind)
        return list(self._by_kind.get(kind, []))

    def has_records(self, kind: type[Any], year: int) -> bool:
        """Whether any record of ``kind`` is filed in ``year``.

        Answered from the monthly totals for attendance and help records.
        """
        if kind in TOTALLED:
            self._totals_of(kind)
            return bool(self._totals_by_year.get((kind, year)))
        return bool(self._by_year.get((kind, year)))

    @overload
    def monthly(self, kind: type[Attendance], year: int | None = None) -> list[MonthlyAttendance]:
        pass

    @overload
    def monthly(self, kind: type[HelpCase], year: int | None = None) -> list[MonthlyHelp]:
        pass

    def monthly(self, kind: type[Any], year: int | None = None) -> list[Any]:
        """The monthly totals of ``kind`` (attendance or help) in ``year`` (this year).

        One :class:`~familycentre.MonthlyAttendance` per centre, month and offer, or
        one :class:`~familycentre.MonthlyHelp` per centre, month, kind of help and
        need; each has ``centre``, ``day`` (its month's first day) and the sums, with
        the attributes of the records they add up (``participants``,
        ``first_time``, ``audience(...)``; ``cases``, ``hours``, ``kind``, ``need``).

        :raises TypeError: for any other kind.
        """
        self._totals_of(kind)
        wanted = self.year if year is None else year
        return list(self._totals_by_year.get((kind, wanted), ()))

    @overload
    def all_monthly(self, kind: type[Attendance]) -> list[MonthlyAttendance]:
        pass

    @overload
    def all_monthly(self, kind: type[HelpCase]) -> list[MonthlyHelp]:
        pass

    def all_monthly(self, kind: type[Any]) -> list[Any]:
        """The monthly totals of ``kind`` of every year (of the report: this and last)."""
        self._totals_of(kind)
        return list(self._totals[kind])

    def referrals_sent(self, year: int | None = None) -> list[Referral]:
        """Referrals sent in ``year`` (drafts never sent and errors left out)."""
        wanted = self.year if year is None else year
        return [r for r in self.referrals if sent_in(r, wanted)]

    def occurrences(self, offer: Offer, year: int | None = None) -> tuple[int, float]:
        """An offer's occurrences in the year and the hours of the timed ones."""
        wanted = self.year if year is None else year
        key = (offer.id, wanted)
        if key not in self._occurrences:
            centre = self._centres.get(offer.centre)
            if centre is None:
                self._occurrences[key] = (0, 0.0)
            else:
                start, end = dt.date(wanted, 1, 1), dt.date(wanted, 12, 31)
                self._occurrences[key] = self._counter(centre, offer, start, end)
        return self._occurrences[key]

    def opening_hours_per_week(self, centre: Centre) -> float:
        """Hours a week the centre's open meeting point is open (its ``opening_hours``).

        The year's opening hours (holidays and closures accounted for) divided by the
        year's weeks.
        """
        if not centre.opening_hours:
            return 0.0
        known = self._opening.get(centre.id)
        if known is not None:
            return known
        hours = Offer(
            id="opening-hours",
            centre=centre.id,
            title="Öffnungszeiten",
            category=Category.OPEN_MEETING_POINT,
            schedule=cast(Any, centre.opening_hours),
        )
        start, end = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        found = self._opening[centre.id] = self._counter(centre, hours, start, end)[1] / self.weeks
        return found

    @property
    def weeks(self) -> float:
        """The weeks of the year (52.14...): the year's hours divided by it are hours a week."""
        days = (dt.date(self.year + 1, 1, 1) - dt.date(self.year, 1, 1)).days
        return days / 7

    # --- cells and figures --------------------------------------------------------------------

    def count(self, value: int, *, sensitive: bool) -> Cell:
        """A count as a cell; counts about families below the threshold are withheld."""
        if sensitive and value < self.threshold:
            return Cell(None, self.threshold, "small")
        return Cell(value, self.threshold)

    def figure(
        self,
        key: str,
        unit: Unit,
        value: int | float | None,
        previous: int | float | None = None,
        *,
        sensitive: bool = False,
        label: str | None = None,
    ) -> Figure:
        """A figure: this year's value beside last year's (``None``: no data).

        A count about families (``sensitive``) below the threshold is withheld.
        """

        def cell(number: int | float | None) -> Cell:
            if number is None:
                return Cell(None, self.threshold, "missing")
            if isinstance(number, int):
                return self.count(number, sensitive=sensitive)
            return Cell(number, self.threshold)

        return Figure(
            key=key,
            label=label if label is not None else self.word(key),
            unit=unit,
            value=cell(value),
            previous=None if previous is None else cell(previous),
        )

    def sensitive_table(
        self,
        key: str,
        unit: Unit,
        rows: Sequence[tuple[str, str]],
        columns: Sequence[tuple[str, str]],
        counts: Sequence[Sequence[int]],
        *,
        row_totals: bool,
        title: str | None = None,
    ) -> Table:
        """A table of counts about families, suppressed (threshold and secondary).

        Without ``row_totals`` only the columns are summed (one column of counts, or
        columns that do not add up across, like this year and last year).
        """
        grid = with_totals(counts, row_totals=row_totals, columns=len(columns))
        hidden = suppress(grid, threshold=self.threshold, row_totals=row_totals)
        small = {
            (i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v < self.threshold
        }

        def cell(i: int, j: int) -> Cell:
            if (i, j) not in hidden:
                return Cell(grid[i][j], self.threshold)
            return Cell(None, self.threshold, "small" if (i, j) in small else "secondary")

        m, n = len(rows), len(columns)
        return Table(
            key=key,
            title=title if title is not None else self.word(key),
            unit=unit,
            rows=tuple(rows),
            columns=tuple(columns),
            cells=tuple(tuple(cell(i, j) for j in range(n)) for i in range(m)),
            row_totals=tuple(cell(i, n) for i in range(m)) if row_totals else None,
            column_totals=tuple(cell(m, j) for j in range(n)),
            total=cell(m, n) if row_totals else (cell(m, 0) if n == 1 else None),
            sensitive=True,
        )

    def table(
        self,
        key: str,
        unit: Unit,
        rows: Sequence[tuple[str, str]],
        columns: Sequence[tuple[str, str]],
        values: Sequence[Sequence[int | float | None]],
        *,
        totals: bool = True,
        title: str | None = None,
    ) -> Table:
        """A table of aggregate numbers (offers, visits, hours), published in full.

        ``None`` marks a cell without data (shown as a dash). With ``totals``, each
        column's total is added (columns of ``None`` only get none).
        """

        def cell(value: int | float | None) -> Cell:
            if value is None:
                return Cell(None, self.threshold, "missing")
            return Cell(value, self.threshold)

        column_totals = None
        if totals:
            sums: list[Cell] = []
            for j in range(len(columns)):
                present = [row[j] for row in values if row[j] is not None]
                if not present:
                    sums.append(Cell(None, self.threshold, "missing"))
                    continue
                total = sum(present)  # type: ignore[arg-type]
                sums.append(cell(round(total, 1) if isinstance(total, float) else total))
            column_totals = tuple(sums)
        return Table(
            key=key,
            title=title if title is not None else self.word(key),
            unit=unit,
            rows=tuple(rows),
            columns=tuple(columns),
            cells=tuple(tuple(cell(v) for v in row) for row in values),
            column_totals=column_totals,
        )

    def year_columns(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """The columns ``this year`` and ``previous year``."""
        return (
            (str(self.year), str(self.year)),
            ("previous", self.word("previous_year", year=self.year - 1)),
        )
