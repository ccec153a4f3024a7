"""The network's view (``report --network``): every centre's key figures beside the median.

A state association or a municipality with several centres sees the same sections
as a centre's report, summed over all centres, and after the overview a comparison:
one line per centre (by name) with its key figures, and the network's median. Counts
about families are suppressed per centre (below the threshold ``<5``, and further
cells hidden so that none can be worked out from the network's total).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from familycentre.model.attendance import Attendance
from familycentre.model.centre import Centre
from familycentre.model.engagement import Engagement
from familycentre.model.help import HelpCase
from familycentre.model.offer import Facilitation, Offer, OfferStatus
from familycentre.model.partner import Partner
from familycentre.model.reach import FamiliesReached
from familycentre.model.referral import Referral
from familycentre.model.totals import MonthlyAttendance, MonthlyTotal
from familycentre.referrals.suppression import DEFAULT_THRESHOLD, suppress, with_totals
from familycentre.report.build import build_sections, report_context, store_activities
from familycentre.report.context import OccurrenceCounter, RecordLoader, ReportContext, sent_in
from familycentre.report.model import Cell, Section, Table, YearlyReport
from familycentre.report.words import data_text, word

if TYPE_CHECKING:
    from familycentre.storage import Store

__all__ = ["KEY_FIGURES", "network_report", "network_store_report"]

KEY_FIGURES: tuple[tuple[str, str, bool], ...] = (
    ("offer_count", "offers", False),
    ("hours_open", "hours_per_week", False),
    ("peer_share", "share", False),
    ("visits", "visits", False),
    ("volunteer_hours", "hours", False),
    ("help_cases", "cases", True),
    ("families_reached", "families", True),
    ("referrals_made", "referrals", True),
)
"""The compared figures: ``(key, unit, about families)``; those about families are
suppressed per centre."""


def _median(values: Sequence[float], *, low: bool = False) -> float | None:
    """The median; ``low``: the lower median, always one of the values.

    Never the mean of two values for counts about families: beside one of them
    published, it would give the other away.
    """
    if not values:
        return None
    return float(statistics.median_low(values) if low else statistics.median(values))


def network_report(
    *,
    year: int,
    centres: Iterable[Centre],
    offers: Iterable[Offer] = (),
    partners: Iterable[Partner] = (),
    referrals: Iterable[Referral] = (),
    activities: Iterable[Any] = (),
    threshold: int = DEFAULT_THRESHOLD,
    language: str = "de",
    count_occurrences: OccurrenceCounter | None = None,
    totals: Iterable[MonthlyTotal] | None = None,
    load_records: RecordLoader | None = None,
) -> YearlyReport:
    """The network's report: the summed sections plus the centres beside the median.

    ``totals`` and ``load_records`` as for :func:`~familycentre.report.yearly_report`:
    monthly totals of attendance and help records in place of those records.
    """
    centre_list = sorted(centres, key=lambda c: c.id)
    offer_list = list(offers)
    referral_list = list(referrals)
    activity_list = list(activities)
    context = report_context(
        year=year,
        centres=centre_list,
        offers=offer_list,
        partners=partners,
        referrals=referral_list,
        activities=activity_list,
        threshold=threshold,
        language=language,
        count_occurrences=count_occurrences,
        totals=totals,
        load_records=load_records,
    )
    summed = build_sections(context)
    monthly: list[MonthlyTotal] = []
    monthly.extend(context.all_monthly(Attendance))
    monthly.extend(context.all_monthly(HelpCase))
    table = comparison_table(
        context, centre_list, offer_list, referral_list, activity_list, monthly
    )
    section = Section(
        key="network_comparison",
        title=word("network_key_figures", language),
        argument=word("network_argument", language),
        tables=(table,),
        empty=None if centre_list else word("empty_offers_and_tallies", language, year=year),
    )
    sections = list(summed.sections)
    at = 1 if sections and sections[0].key == "overview" else 0
    sections.insert(at, section)
    return attrs.evolve(summed, sections=tuple(sections), title=word("title_network", language))


def comparison_table(
    ctx: ReportContext,
    centres: Sequence[Centre],
    offers: Sequence[Offer],
    referrals: Sequence[Referral],
    activities: Sequence[Any],
    monthly: Sequence[MonthlyTotal] = (),
) -> Table:
    """One row per centre (by name) with its key figures; the network's median below.

    Visits and help cases are summed from the ``monthly`` totals; attendance and help
    records among ``activities`` are not read.
    """
    year = ctx.year
    centres = sorted(centres, key=lambda c: (c.name.get(ctx.language).casefold(), c.id))
    by_centre: dict[str, dict[str, float | int | None]] = {}
    offers_of: dict[str, list[Offer]] = defaultdict(list)
    for offer in offers:
        if offer.status is not OfferStatus.CANCELLED:
            offers_of[offer.centre].append(offer)
    sums: dict[tuple[str, str], float] = defaultdict(float)
    reached: dict[str, int] = {}
    for total in monthly:
        if total.month.year != year:
            continue
        if isinstance(total, MonthlyAttendance):
            sums[(total.centre, "visits")] += total.participants
        else:
            sums[(total.centre, "help_cases")] += total.cases
    for record in activities:
        if record.day.year != year:
            continue
        if isinstance(record, Engagement):
            sums[(record.centre, "volunteer_hours")] += record.hours
        elif isinstance(record, FamiliesReached):
            reached[record.centre] = reached.get(record.centre, 0) + record.families
    made: dict[str, int] = defaultdict(int)
    for referral in referrals:
        if sent_in(referral, year):
            made[referral.centre] += 1
    for centre in centres:
        mine = offers_of.get(centre.id, [])
        peers = sum(1 for o in mine if o.facilitation is Facilitation.PEERS)
        by_centre[centre.id] = {
            "offer_count": len(mine),
            "hours_open": round(ctx.opening_hours_per_week(centre), 1),
            "peer_share": round(peers / len(mine), 3) if mine else None,
            "visits": int(sums[(centre.id, "visits")]),
            "volunteer_hours": round(sums[(centre.id, "volunteer_hours")], 1),
            "help_cases": int(sums[(centre.id, "help_cases")]),
            "families_reached": reached.get(centre.id),
            "referrals_made": made[centre.id],
        }
    columns: list[list[Cell]] = []
    totals: list[Cell] = []
    for key, _unit, sensitive in KEY_FIGURES:
        values = [by_centre[c.id][key] for c in centres]
        known = [v for v in values if v is not None]
        median = _median(known, low=sensitive)
        if sensitive:
            counts = [int(v) if v is not None else 0 for v in values]
            grid = with_totals([[n] for n in counts], row_totals=False, columns=1)
            hidden = suppress(grid, threshold=ctx.threshold, row_totals=False)
            cells = []
            for i, value in enumerate(values):
                if value is None:
                    cells.append(Cell(None, ctx.threshold, "missing"))
                elif (i, 0) in hidden:
                    small = counts[i] < ctx.threshold
                    cells.append(Cell(None, ctx.threshold, "small" if small else "secondary"))
                else:
                    cells.append(Cell(value, ctx.threshold))
            columns.append(cells)
            if median is None:
                totals.append(Cell(None, ctx.threshold, "missing"))
            elif median < ctx.threshold:
                totals.append(Cell(None, ctx.threshold, "small"))
            else:
                totals.append(Cell(round(median, 1), ctx.threshold))
        else:
            columns.append(
                [
                    Cell(v, ctx.threshold)
                    if v is not None
                    else Cell(None, ctx.threshold, "missing")
                    for v in values
                ]
            )
            totals.append(
                Cell(round(median, 3 if key == "peer_share" else 1), ctx.threshold)
                if median is not None
                else Cell(None, ctx.threshold, "missing")
            )
    rows = tuple((c.id, data_text(c.name, ctx.language)) for c in centres)
    return Table(
        key="network_key_figures",
        title=ctx.word("network_key_figures"),
        unit="visits",
        rows=rows,
        columns=tuple((key, ctx.word(key)) for key, _, _ in KEY_FIGURES),
        cells=tuple(tuple(column[i] for column in columns) for i in range(len(centres))),
        column_totals=tuple(totals),
        sensitive=True,
    )


def network_store_report(
    store: Store,
    *,
    year: int,
    threshold: int = DEFAULT_THRESHOLD,
    language: str = "de",
) -> YearlyReport:
    """:func:`network_report` over every centre of a store, in one consistent state."""
    with store.reading():
        activities, totals, load = store_activities(store, year=year)
        return network_report(
            year=year,
            centres=store.centres(),
            offers=store.offers(),
            partners=store.partners(),
            referrals=store.referrals(),
            activities=activities,
            threshold=threshold,
            language=language,
            totals=totals,
            load_records=load,
        )
