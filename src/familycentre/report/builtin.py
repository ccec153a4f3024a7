"""The built-in report sections, one per argument of the centres, registered like a plugin's.

Each builder takes a :class:`~familycentre.report.context.ReportContext` and returns
a :class:`~familycentre.report.model.Section`. Visits (attendance) and offers are
aggregate numbers and are published in full; counts about families (help cases,
counselling contacts, referrals, families at events, families voicing a wish) and
splits of attendance by audience group are suppressed below the threshold, with
secondary suppression in tables.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from familycentre.hookspecs import hookimpl
from familycentre.model.attendance import Attendance
from familycentre.model.counselling import CounsellingContact
from familycentre.model.demand import Demand
from familycentre.model.engagement import Engagement
from familycentre.model.help import HelpCase
from familycentre.model.lifecycle import CloseReason
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.offer import Facilitation, Offer
from familycentre.model.participation import Participation
from familycentre.model.reach import FamiliesReached
from familycentre.model.totals import TOTALLED, MonthlyAttendance
from familycentre.report.context import ReportContext, referral_sent
from familycentre.report.model import Cell, Chart, Figure, Section, Table, TaggedText
from familycentre.report.words import data_text, date, month_year, months
from familycentre.taxonomy import (
    Audience,
    Body,
    Category,
    ContactKind,
    DemandKind,
    HelpKind,
    MeetingRole,
    Need,
    PartnerKind,
    ResponseKind,
)

__all__ = ["BUILTIN_SECTIONS", "register_report_sections"]

C = Category
H = HelpKind


# --- parts shared by the sections about offers ---------------------------------------------


def _offers(ctx: ReportContext, categories: Sequence[Category]) -> list[Offer]:
    order = {category: index for index, category in enumerate(Category)}
    chosen = [o for o in ctx.offers if o.category in categories]
    return sorted(chosen, key=lambda o: (order[o.category], o.centre, o.id))


def _visits(records: Iterable[MonthlyAttendance], ids: set[str]) -> int:
    return sum(a.participants for a in records if a.offer in ids)


def _previous(ctx: ReportContext, kind: type[Any], value: Callable[[list[Any]], Any]) -> Any:
    """Last year's value, or ``None`` when nothing of ``kind`` was recorded last year.

    ``value`` gets last year's records, or for attendance and help their monthly totals.
    """
    last = ctx.year - 1
    if not ctx.has_records(kind, last):
        return None
    return value(ctx.monthly(kind, last) if kind in TOTALLED else ctx.records(kind, last))


def _attendance_part(
    ctx: ReportContext, section: str, offers: Sequence[Offer]
) -> tuple[list[Figure], list[Table]]:
    counted = {a.offer for a in ctx.all_monthly(Attendance)}
    offers = [o for o in offers if o.schedule or o.id in counted]  # not those on request
    if not offers:
        return [], []
    ids = {o.id for o in offers}
    this = [a for a in ctx.monthly(Attendance) if a.offer in ids]
    counted_now = ctx.has_records(Attendance, ctx.year)
    figures = [
        ctx.figure(
            "visits",
            "visits",
            _visits(this, ids) if counted_now else None,  # nothing counted: no data
            _previous(ctx, Attendance, lambda rs: _visits(rs, ids)),
        )
    ]
    first = [a.first_time for a in this if a.first_time is not None]
    if first:
        figures.append(ctx.figure("first_time", "visits", sum(first)))
    scheduled = [o for o in offers if o.schedule]
    if scheduled:
        occurrences = sum(ctx.occurrences(o)[0] for o in scheduled)
        hours = sum(ctx.occurrences(o)[1] for o in scheduled)
        figures.append(ctx.figure("occurrences", "occurrences", occurrences))
        figures.append(ctx.figure("hours_per_week", "hours_per_week", round(hours / ctx.weeks, 1)))
    tables: list[Table] = []
    if offers:
        had_last = ctx.has_records(Attendance, ctx.year - 1)
        rows = _rows(ctx, offers)
        row_of = {offer.id: _row_key(ctx, offer)[0] for offer in offers}
        now: dict[str, list[MonthlyAttendance]] = defaultdict(list)
        for record in this:
            now[row_of[record.offer]].append(record)
        before: dict[str, int] = defaultdict(int)
        for record in ctx.monthly(Attendance, ctx.year - 1):
            if record.offer in row_of:
                before[row_of[record.offer]] += record.participants
        occurrences_of: dict[str, int] = defaultdict(int)
        for offer in offers:
            if offer.schedule:
                occurrences_of[row_of[offer.id]] += ctx.occurrences(offer)[0]
        values = []
        for key, _ in rows:
            mine = now[key]
            firsts = [a.first_time for a in mine if a.first_time is not None]
            values.append(
                [
                    occurrences_of.get(key),
                    sum(a.participants for a in mine) if mine else None,
                    before[key] if had_last else None,
                    sum(firsts) if firsts else None,
                ]
            )
        tables.append(
            ctx.table(
                f"{section}_attendance_by_offer",
                "visits",
                rows,
                [
                    ("occurrences", ctx.word("occurrences")),
                    ("visits", f"{ctx.word('visits')} {ctx.year}"),
                    ("visits_previous", ctx.word("previous_year", year=ctx.year - 1)),
                    ("first_time", ctx.word("first_time")),
                ],
                values,
                title=ctx.word("attendance_by_offer"),
            )
        )
    return figures, tables


def _row_key(ctx: ReportContext, offer: Offer) -> tuple[str, str]:
    """The row an offer is counted in: itself for one centre, its category for several."""
    if len(ctx.centres) > 1:
        return offer.category.value, ctx.label(offer.category)
    return offer.id, data_text(offer.title, ctx.language)


def _rows(ctx: ReportContext, offers: Sequence[Offer]) -> list[tuple[str, str]]:
    """The distinct rows of ``offers`` (see :func:`_row_key`), in the offers' order."""
    return list(dict.fromkeys(_row_key(ctx, offer) for offer in offers))


def _help_part(
    ctx: ReportContext, section: str, kinds: Sequence[HelpKind]
) -> tuple[list[Figure], list[Table]]:
    this = [h for h in ctx.monthly(HelpCase) if h.kind in kinds]
    if not this and not any(h.kind in kinds for h in ctx.all_monthly(HelpCase)):
        return [], []
    last_year = ctx.year - 1
    had_last = ctx.has_records(HelpCase, last_year)
    last = [h for h in ctx.monthly(HelpCase, last_year) if h.kind in kinds]
    figures = [
        ctx.figure(
            "help_cases",
            "cases",
            sum(h.cases for h in this),
            sum(h.cases for h in last) if had_last else None,
            sensitive=True,
        ),
        ctx.figure(
            "help_hours",
            "hours",
            _hours(h.hours for h in this),
            _hours(h.hours for h in last) if had_last else None,
        ),
    ]
    present = [k for k in kinds if any(h.kind is k for h in [*this, *last])]
    counts = [
        [sum(h.cases for h in this if h.kind is k), sum(h.cases for h in last if h.kind is k)]
        for k in present
    ]
    columns = list(ctx.year_columns())
    if not had_last:
        counts = [[row[0]] for row in counts]
        columns = columns[:1]
    table = ctx.sensitive_table(
        f"{section}_help_by_kind",
        "cases",
        [(k.value, ctx.label(k)) for k in present],
        columns,
        counts,
        row_totals=False,
        title=ctx.word("help_by_kind"),
    )
    return figures, [table]


def _hours(values: Iterable[float]) -> float:
    """A sum of hours to a tenth: the same however the hours were grouped into totals."""
    return float(round(round(math.fsum(values), 6), 1))


def _offer_list(ctx: ReportContext, offers: Sequence[Offer]) -> tuple[tuple[str, str], ...]:
    """The offers behind a section; for several centres, their categories."""
    return tuple(_rows(ctx, offers))


def _emptiness(ctx: ReportContext, offers: Sequence[Offer], *counted: bool) -> str | None:
    if not offers and not any(counted):
        return ctx.word("empty_offers_and_tallies", year=ctx.year)
    return None


def _notes(ctx: ReportContext, offers: Sequence[Offer], *counted: bool) -> tuple[str, ...]:
    if offers and not any(counted):
        return (ctx.word("empty_tallies", year=ctx.year),)
    return ()


def _offer_section(
    ctx: ReportContext,
    key: str,
    categories: Sequence[Category],
    help_kinds: Sequence[HelpKind] = (),
    extra: Callable[[ReportContext, list[Offer]], list[Figure]] | None = None,
) -> Section:
    offers = _offers(ctx, categories)
    figures, tables = _attendance_part(ctx, key, offers)
    help_figures, help_tables = _help_part(ctx, key, help_kinds)
    ids = {o.id for o in offers}
    counted = any(a.offer in ids for a in ctx.monthly(Attendance))
    helped = any(h.kind in help_kinds for h in ctx.monthly(HelpCase))
    extra_figures = extra(ctx, offers) if extra is not None else []
    if not offers and not counted:
        figures, tables = [], []
    return Section(
        key=key,
        title=ctx.word(key),
        argument=ctx.word(f"{key}_argument"),
        figures=tuple([*figures, *help_figures, *extra_figures]),
        tables=tuple([*tables, *help_tables]),
        offers=_offer_list(ctx, offers),
        empty=_emptiness(ctx, offers, counted, helped, bool(help_figures), bool(extra_figures)),
        notes=_notes(ctx, offers, counted, helped),
    )


def _group_visits(records: Iterable[MonthlyAttendance], group: Audience) -> int:
    return sum(a.audience(group) or 0 for a in records)


def _group_part(
    ctx: ReportContext, section: str, groups: Sequence[Audience]
) -> tuple[list[Figure], list[Table]]:
    this = [a for a in ctx.monthly(Attendance) if any(a.audience(g) is not None for g in groups)]
    if not this:
        return [], []
    last = ctx.monthly(Attendance, ctx.year - 1)
    had_last = any(any(a.audience(g) is not None for g in groups) for a in last)
    figures = [
        ctx.figure(
            f"visits_{group.value}",
            "visits",
            _group_visits(this, group),
            _group_visits(last, group) if had_last else None,
            label=ctx.word("group_visits", group=ctx.label(group)),
        )
        for group in groups
        if any(a.audience(group) is not None for a in this)
    ]
    known = {offer.id: offer for offer in ctx.offers}
    by_row: dict[tuple[str, str], list[MonthlyAttendance]] = defaultdict(list)
    for record in this:
        offer = known.get(record.offer)  # an offer that is gone: its id stands for it
        by_row[_row_key(ctx, offer) if offer else (record.offer, record.offer)].append(record)
    rows = sorted(by_row)
    present = [g for g in groups if any(a.audience(g) is not None for a in this)]
    counts = [[_group_visits(by_row[row], g) for g in present] for row in rows]
    table = ctx.sensitive_table(
        f"{section}_visits_by_group",
        "visits",
        rows,
        [(g.value, ctx.label(g)) for g in present],
        counts,
        row_totals=False,
        title=ctx.word("visits_by_group"),
    )
    return figures, [table]


def _months(ctx: ReportContext) -> tuple[str, ...]:
    return months(ctx.language)


# --- the sections ---------------------------------------------------------------------------


def overview(ctx: ReportContext) -> Section:
    """At a glance: centres, offers, opening hours, self-help, families and visits."""
    offers = list(ctx.offers)
    peers = [o for o in offers if o.facilitation is Facilitation.PEERS]
    reached = ctx.records(FamiliesReached)
    last = ctx.year - 1
    all_visits = sum(a.participants for a in ctx.monthly(Attendance))
    figures = [
        ctx.figure("centre_count", "centres", len(ctx.centres)),
        ctx.figure("offer_count", "offers", len(offers)),
        ctx.figure(
            "hours_open",
            "hours_per_week",
            round(sum(ctx.opening_hours_per_week(c) for c in ctx.centres), 1),
        ),
        ctx.figure("peer_offers", "offers", len(peers)),
        ctx.figure("peer_share", "share", round(len(peers) / len(offers), 3) if offers else 0.0),
    ]
    if reached or ctx.has_records(FamiliesReached, last):
        figures.append(
            ctx.figure(
                "families_reached",
                "families",
                sum(r.families for r in reached),
                _previous(ctx, FamiliesReached, lambda rs: sum(r.families for r in rs)),
                sensitive=True,
            )
        )
    if ctx.monthly(Attendance) or ctx.has_records(Attendance, last):
        figures.append(
            ctx.figure(
                "visits",
                "visits",
                all_visits,
                _previous(ctx, Attendance, lambda rs: sum(a.participants for a in rs)),
            )
        )
    if ctx.all_monthly(HelpCase):
        figures.append(
            ctx.figure(
                "help_cases",
                "cases",
                sum(h.cases for h in ctx.monthly(HelpCase)),
                _previous(ctx, HelpCase, lambda rs: sum(h.cases for h in rs)),
                sensitive=True,
            )
        )
    tables = [_offers_by_category(ctx), _offers_by_category_and_audience(ctx)]
    charts = []
    if ctx.monthly(Attendance):
        series = [(str(ctx.year), _per_month(ctx.monthly(Attendance), lambda a: a.participants))]
        if ctx.has_records(Attendance, last):
            series.append(
                (
                    ctx.word("previous_year", year=last),
                    _per_month(ctx.monthly(Attendance, last), lambda a: a.participants),
                )
            )
        charts.append(
            Chart(
                "visits_per_month",
                ctx.word("visits_per_month"),
                "visits",
                _months(ctx),
                tuple(series),
            )
        )
    help_table = _help_by_kind_all(ctx)
    if help_table is not None:
        tables.append(help_table)
        rows = zip(help_table.rows, help_table.cells, strict=True)
        published = [(label, cells[0].value) for (_, label), cells in rows]
        charts.append(
            Chart(
                "help_cases_by_kind",
                ctx.word("help_cases_by_kind"),
                "cases",
                tuple(label for label, _ in published),
                ((str(ctx.year), tuple(value for _, value in published)),),
            )
        )
    return Section(
        key="overview",
        title=ctx.word("overview"),
        argument=ctx.word("overview_argument"),
        figures=tuple(figures),
        tables=tuple(tables),
        charts=tuple(charts),
        empty=None
        if offers or ctx.centres
        else ctx.word("empty_offers_and_tallies", year=ctx.year),
        notes=(ctx.word("counts_note"),),
    )


def _per_month(records: Iterable[Any], value: Callable[[Any], float]) -> tuple[float | None, ...]:
    sums = [0.0] * 12
    for record in records:
        sums[record.day.month - 1] += value(record)
    return tuple(round(v, 1) for v in sums)


def _help_by_kind_all(ctx: ReportContext) -> Table | None:
    this = ctx.monthly(HelpCase)
    if not this:
        return None
    present = [k for k in HelpKind if any(h.kind is k for h in this)]
    return ctx.sensitive_table(
        "help_by_kind",
        "cases",
        [(k.value, ctx.label(k)) for k in present],
        [(str(ctx.year), ctx.word("unit_cases"))],
        [[sum(h.cases for h in this if h.kind is k)] for k in present],
        row_totals=False,
    )


def _offers_by_category(ctx: ReportContext) -> Table:
    categories = [c for c in Category if any(o.category is c for o in ctx.offers)]
    rows, values = [], []
    for category in categories:
        mine = [o for o in ctx.offers if o.category is category]
        occurrences = sum(ctx.occurrences(o)[0] for o in mine)
        hours = sum(ctx.occurrences(o)[1] for o in mine)
        rows.append((category.value, ctx.label(category)))
        values.append([len(mine), occurrences, round(hours / ctx.weeks, 1)])
    table = ctx.table(
        "offers_by_category",
        "offers",
        rows,
        [
            ("offers", ctx.word("offer_count")),
            ("occurrences", ctx.word("occurrences")),
            ("hours_per_week", ctx.word("hours_per_week")),
        ],
        values,
    )
    if table.column_totals is not None:  # hours per week of the whole, not a sum of roundings
        hours = sum(ctx.occurrences(o)[1] for o in ctx.offers)
        totals = list(table.column_totals)
        if totals[2].value is not None:
            totals[2] = Cell(round(hours / ctx.weeks, 1), ctx.threshold)
        table = attrs.evolve(table, column_totals=tuple(totals))
    return table


def _offers_by_category_and_audience(ctx: ReportContext) -> Table:
    offers = ctx.offers
    categories = [c for c in Category if any(o.category is c for o in offers)]
    audiences: list[Audience | None] = [
        a for a in Audience if any(a in o.audiences for o in offers)
    ]
    if any(not o.audiences for o in offers):
        audiences.append(None)

    def matches(offer: Offer, audience: Audience | None) -> bool:
        return audience in offer.audiences if audience is not None else not offer.audiences

    table = ctx.table(
        "offers_by_category_and_audience",
        "offers",
        [(c.value, ctx.label(c)) for c in categories],
        [
            (a.value, ctx.label(a)) if a is not None else ("none", ctx.word("none"))
            for a in audiences
        ],
        [
            [sum(1 for o in offers if o.category is c and matches(o, a)) for a in audiences]
            for c in categories
        ],
    )
    row_totals = tuple(
        Cell(sum(1 for o in offers if o.category is c), ctx.threshold) for c in categories
    )
    return attrs.evolve(table, row_totals=row_totals, total=Cell(len(offers), ctx.threshold))


def relief(ctx: ReportContext) -> Section:
    """Relief: meals, laundry and transport, homework help, holiday programmes."""

    def meals(ctx: ReportContext, offers: list[Offer]) -> list[Figure]:
        ids = {o.id for o in offers if o.category in (C.BREAKFAST, C.LUNCH_TABLE)}
        if not ids:
            return []
        return [
            ctx.figure(
                "meals",
                "visits",
                _visits(ctx.monthly(Attendance), ids),
                _previous(ctx, Attendance, lambda rs: _visits(rs, ids)),
            )
        ]

    return _offer_section(
        ctx,
        "relief",
        [
            C.BREAKFAST,
            C.LUNCH_TABLE,
            C.LAUNDRY_SERVICE,
            C.TRANSPORT_SERVICE,
            C.HOMEWORK_SUPERVISION,
            C.HOLIDAY_PROGRAMME,
        ],
        [H.LAUNDRY, H.TRANSPORT_RIDE, H.MEAL],
        meals,
    )


def emergencies(ctx: ReportContext) -> Section:
    """Help in emergencies: childcare and household help, by case and need."""
    section = _offer_section(
        ctx,
        "emergencies",
        [C.EMERGENCY_CHILDCARE, C.HOUSEHOLD_HELP],
        [H.EMERGENCY_CHILDCARE, H.HOUSEHOLD_HELP],
    )
    cases = [
        h for h in ctx.monthly(HelpCase) if h.kind in (H.EMERGENCY_CHILDCARE, H.HOUSEHOLD_HELP)
    ]
    if not cases:
        return section
    needs: list[Need | None] = [n for n in Need if any(h.need is n for h in cases)]
    if any(h.need is None for h in cases):
        needs.append(None)
    table = ctx.sensitive_table(
        "emergencies_help_by_need",
        "cases",
        [(n.value, ctx.label(n)) if n is not None else ("none", ctx.word("none")) for n in needs],
        [(k.value, ctx.label(k)) for k in (H.EMERGENCY_CHILDCARE, H.HOUSEHOLD_HELP)],
        [
            [
                sum(h.cases for h in cases if h.need is n and h.kind is k)
                for k in (H.EMERGENCY_CHILDCARE, H.HOUSEHOLD_HELP)
            ]
            for n in needs
        ],
        row_totals=True,
        title=ctx.word("help_by_need"),
    )
    return attrs.evolve(section, tables=(*section.tables, table))


def everyday_life(ctx: ReportContext) -> Section:
    """Organising everyday life: babysitter, childminder and school-assistance brokerage."""
    return _offer_section(
        ctx,
        "everyday_life",
        [C.BABYSITTER_BROKERAGE, C.SCHOOL_ASSISTANCE_BROKERAGE],
        [H.BABYSITTER_BROKERAGE, H.CHILDMINDER_BROKERAGE, H.SCHOOL_ASSISTANCE_BROKERAGE],
    )


def family_budget(ctx: ReportContext) -> Section:
    """The family budget: second-hand shops, their opening hours and visits."""
    return _offer_section(ctx, "family_budget", [C.SECOND_HAND_SHOP])


def integration(ctx: ReportContext) -> Section:
    """Integration and inclusion: offers, visits of newcomer and migrant families, languages."""

    def languages(ctx: ReportContext, offers: list[Offer]) -> list[Figure]:
        other = [o for o in ctx.offers if any(lang != "de" for lang in o.languages)]
        return [ctx.figure("other_languages", "offers", len(other))] if ctx.offers else []

    section = _offer_section(ctx, "integration", [C.INTEGRATION, C.INCLUSION], (), languages)
    groups = [
        Audience.NEWCOMER_FAMILIES,
        Audience.MIGRANT_FAMILIES,
        Audience.PEOPLE_WITH_DISABILITIES,
    ]
    figures, tables = _group_part(ctx, "integration", groups)
    return attrs.evolve(
        section,
        figures=(*section.figures, *figures),
        tables=(*section.tables, *tables),
        empty=section.empty if not figures else None,
    )


def generations(ctx: ReportContext) -> Section:
    """Generations: intergenerational offers and seniors taking part."""
    section = _offer_section(ctx, "generations", [C.INTERGENERATIONAL])
    figures, tables = _group_part(ctx, "generations", [Audience.SENIORS])
    return attrs.evolve(
        section,
        figures=(*section.figures, *figures),
        tables=(*section.tables, *tables),
        empty=section.empty if not figures else None,
    )


def counselling(ctx: ReportContext) -> Section:
    """Counselling and referral: informal contacts, formal referrals and their outcomes."""
    offers = _offers(ctx, [C.PEER_COUNSELLING])
    figures, tables = _attendance_part(ctx, "counselling", offers)
    if not offers:
        figures, tables = [], []
    contacts = ctx.records(CounsellingContact)
    last = ctx.year - 1
    if contacts or ctx.has_records(CounsellingContact, last):
        figures.append(
            ctx.figure(
                "counselling_contacts",
                "contacts",
                sum(c.count for c in contacts),
                _previous(ctx, CounsellingContact, lambda rs: sum(c.count for c in rs)),
                sensitive=True,
            )
        )
    if contacts:
        topics = [n for n in Need if any(c.topic is n for c in contacts)]
        kinds = [k for k in ContactKind if any(c.kind is k for c in contacts)]
        tables.append(
            ctx.sensitive_table(
                "contacts_by_topic",
                "contacts",
                [(t.value, ctx.label(t)) for t in topics],
                [(k.value, ctx.label(k)) for k in kinds],
                [
                    [sum(c.count for c in contacts if c.topic is t and c.kind is k) for k in kinds]
                    for t in topics
                ],
                row_totals=True,
            )
        )
    made = ctx.referrals_sent()
    made_last = ctx.referrals_sent(last)
    had_last = bool(made_last)
    closed = [
        r
        for r in ctx.referrals
        if r.closed_at is not None
        and r.closed_at.year == ctx.year
        and r.close_reason is not None
        and referral_sent(r) is not None
    ]
    if made or made_last or closed:
        figures += [
            ctx.figure(
                "referrals_made",
                "referrals",
                len(made),
                len(made_last) if had_last else None,
                sensitive=True,
            ),
            ctx.figure(
                "families_referred",
                "families",
                len({r.family for r in made}),
                len({r.family for r in made_last}) if had_last else None,
                sensitive=True,
            ),
            ctx.figure(
                "referrals_accompanied_figure",
                "referrals",
                sum(1 for r in made if r.accompanied),
                sensitive=True,
            ),
            ctx.figure("referrals_closed", "referrals", len(closed), sensitive=True),
            ctx.figure(
                "referrals_need_met",
                "referrals",
                sum(1 for r in closed if r.close_reason is CloseReason.NEED_MET),
                sensitive=True,
            ),
        ]
        tables += [
            _by_need_and_kind(ctx, made),
            _accompanied(ctx, made),
            _closed_by_reason(ctx, closed),
        ]
    notes = list(_notes(ctx, offers, bool(contacts), bool(made)))
    if not made:
        notes.append(ctx.word("empty_referrals", year=ctx.year))
    return Section(
        key="counselling",
        title=ctx.word("counselling"),
        argument=ctx.word("counselling_argument"),
        figures=tuple(figures),
        tables=tuple(tables),
        offers=_offer_list(ctx, offers),
        empty=_emptiness(ctx, offers, bool(contacts), bool(made), bool(closed)),
        notes=tuple(notes),
    )


def _by_need_and_kind(ctx: ReportContext, referrals: Sequence[Any]) -> Table:
    kinds = {p.id: p.kind for p in ctx.partners}

    def kind(referral: Any) -> PartnerKind:
        return kinds.get(referral.partner, PartnerKind.OTHER)

    needs = [n for n in Need if any(r.need is n for r in referrals)]
    partner_kinds = [k for k in PartnerKind if any(kind(r) is k for r in referrals)]
    return ctx.sensitive_table(
        "referrals_by_need_and_partner_kind",
        "referrals",
        [(n.value, ctx.label(n)) for n in needs],
        [(k.value, ctx.label(k)) for k in partner_kinds],
        [
            [sum(1 for r in referrals if r.need is n and kind(r) is k) for k in partner_kinds]
            for n in needs
        ],
        row_totals=True,
    )


def _accompanied(ctx: ReportContext, referrals: Sequence[Any]) -> Table:
    yes = sum(1 for r in referrals if r.accompanied)
    rows = [("accompanied", yes), ("not_accompanied", len(referrals) - yes)] if referrals else []
    return ctx.sensitive_table(
        "referrals_accompanied",
        "referrals",
        [(key, ctx.word(key)) for key, _ in rows],
        [("count", ctx.word("count"))],
        [[n] for _, n in rows],
        row_totals=False,
    )


def _closed_by_reason(ctx: ReportContext, closed: Sequence[Any]) -> Table:
    reasons = [r for r in CloseReason if any(x.close_reason is r for x in closed)]
    return ctx.sensitive_table(
        "referrals_closed_by_reason",
        "referrals",
        [(r.value, r.label(ctx.language)) for r in reasons],
        [("count", ctx.word("count"))],
        [[sum(1 for x in closed if x.close_reason is r)] for r in reasons],
        row_totals=False,
    )


def education(ctx: ReportContext) -> Section:
    """Education and return to work: course sessions and participants."""
    return _offer_section(ctx, "education", [C.EDUCATION, C.CAREER_REENTRY])


def engagement(ctx: ReportContext) -> Section:
    """Engagement and participation: volunteers, their hours, self-help, local politics."""
    offers = _offers(ctx, [C.PARTICIPATION])
    figures, tables = _attendance_part(ctx, "engagement", offers)
    if not offers:
        figures, tables = [], []
    charts: list[Chart] = []
    last = ctx.year - 1
    records = ctx.records(Engagement)

    def busiest(rs: list[Engagement], value: Callable[[Engagement], int]) -> int:
        months: dict[int, int] = defaultdict(int)
        for r in rs:
            months[r.month.month] += value(r)
        return max(months.values(), default=0)

    if records or ctx.has_records(Engagement, last):
        figures += [
            ctx.figure(
                "volunteers",
                "volunteers",
                busiest(records, lambda r: r.volunteers),
                _previous(ctx, Engagement, lambda rs: busiest(rs, lambda r: r.volunteers)),
            ),
            ctx.figure(
                "volunteer_hours",
                "hours",
                float(round(sum(r.hours for r in records), 1)),
                _previous(ctx, Engagement, lambda rs: float(round(sum(r.hours for r in rs), 1))),
            ),
            ctx.figure(
                "self_help_groups",
                "groups",
                busiest(records, lambda r: r.self_help_groups),
            ),
        ]
        fields = [c for c in Category if any(r.field is c for r in records)]
        previous = ctx.records(Engagement, last)
        had_last = bool(previous)
        tables.append(
            ctx.table(
                "volunteer_hours_by_field",
                "hours",
                [(c.value, ctx.label(c)) for c in fields],
                list(ctx.year_columns()),
                [
                    [
                        float(round(sum(r.hours for r in records if r.field is c), 1)),
                        float(round(sum(r.hours for r in previous if r.field is c), 1))
                        if had_last
                        else None,
                    ]
                    for c in fields
                ],
            )
        )
        series = [(str(ctx.year), _per_month(records, lambda r: r.hours))]
        if had_last:
            series.append(
                (ctx.word("previous_year", year=last), _per_month(previous, lambda r: r.hours))
            )
        charts.append(
            Chart(
                "volunteer_hours_per_month",
                ctx.word("volunteer_hours_per_month"),
                "hours",
                _months(ctx),
                tuple(series),
            )
        )
    peers = [o for o in ctx.offers if o.facilitation is Facilitation.PEERS]
    figures.append(ctx.figure("peer_offers", "offers", len(peers)))
    events = ctx.records(Participation)
    if events or ctx.has_records(Participation, last):
        figures += [
            ctx.figure(
                "participation_events",
                "events",
                len(events),
                _previous(ctx, Participation, len),
            ),
            ctx.figure(
                "participation_families",
                "families",
                sum(e.families for e in events),
                _previous(ctx, Participation, lambda rs: sum(e.families for e in rs)),
                sensitive=True,
            ),
        ]
    if events:
        bodies = [b for b in Body if any(e.body is b for e in events)]
        tables.append(
            ctx.sensitive_table(
                "participation_by_body",
                "families",
                [(b.value, ctx.label(b)) for b in bodies],
                [("families", ctx.word("families"))],
                [[sum(e.families for e in events if e.body is b)] for b in bodies],
                row_totals=False,
            )
        )
    return Section(
        key="engagement",
        title=ctx.word("engagement"),
        argument=ctx.word("engagement_argument"),
        figures=tuple(figures),
        tables=tuple(tables),
        charts=tuple(charts),
        offers=_offer_list(ctx, offers),
        empty=_emptiness(ctx, [*offers, *peers], bool(records), bool(events)),
        notes=_notes(ctx, offers, bool(records), bool(events)),
    )


def network(ctx: ReportContext) -> Section:
    """The spider in the web: partners, cooperation agreements, network meetings."""
    last = ctx.year - 1
    cooperations = [c for c in ctx.all_records(Cooperation) if c.active_in(ctx.year)]
    previous = [c for c in ctx.all_records(Cooperation) if c.active_in(last)]
    meetings = ctx.records(NetworkMeeting)
    names = {p.id: data_text(p.name, ctx.language) for p in ctx.partners}
    figures: list[Figure] = []
    tables: list[Table] = []
    if ctx.partners:
        figures.append(ctx.figure("partners", "partners", len(ctx.partners)))
        kinds = [k for k in PartnerKind if any(p.kind is k for p in ctx.partners)]
        tables.append(
            ctx.table(
                "partners_by_kind",
                "partners",
                [(k.value, ctx.label(k)) for k in kinds],
                [("count", ctx.word("count"))],
                [[sum(1 for p in ctx.partners if p.kind is k)] for k in kinds],
            )
        )
    if ctx.all_records(Cooperation):
        figures.append(
            ctx.figure(
                "cooperations",
                "agreements",
                len(cooperations),
                len(previous) if previous else None,
            )
        )
    if meetings or ctx.has_records(NetworkMeeting, last):
        for role, key in (
            (MeetingRole.HOSTED, "meetings_hosted"),
            (MeetingRole.ATTENDED, "meetings_attended"),
        ):
            figures.append(
                ctx.figure(
                    key,
                    "meetings",
                    sum(1 for m in meetings if m.role is role),
                    _previous(ctx, NetworkMeeting, _meetings_of(role)),
                )
            )
    notes = tuple(
        TaggedText.join(
            [
                names.get(c.partner, c.partner),
                ": ",
                data_text(c.subject, ctx.language),
                f" ({ctx.word('since_date', date=month_year(c.since, ctx.language))})",
            ]
        )
        for c in sorted(cooperations, key=lambda c: (c.since, c.id))
    )
    empty = None if figures else ctx.word("empty_partners")
    return Section(
        key="network",
        title=ctx.word("network"),
        argument=ctx.word("network_argument"),
        figures=tuple(figures),
        tables=tuple(tables),
        empty=empty,
        notes=notes,
    )


def _meetings_of(role: MeetingRole) -> Callable[[list[NetworkMeeting]], int]:
    def count(meetings: list[NetworkMeeting]) -> int:
        return sum(1 for m in meetings if m.role is role)

    return count


def demand(ctx: ReportContext) -> Section:
    """Demand and response: wishes, needs and waiting lists, and the offers that answered."""
    last = ctx.year - 1
    records = ctx.records(Demand)
    figures: list[Figure] = []
    tables: list[Table] = []
    if records or ctx.has_records(Demand, last):
        answered = (ResponseKind.STARTED, ResponseKind.CHANGED, ResponseKind.EXTENDED)
        figures += [
            ctx.figure("demands", "cases", len(records), _previous(ctx, Demand, len)),
            ctx.figure(
                "demand_families",
                "families",
                sum(d.families for d in records),
                _previous(ctx, Demand, lambda rs: sum(d.families for d in rs)),
                sensitive=True,
            ),
            ctx.figure(
                "waiting",
                "families",
                sum(d.families for d in records if d.kind is DemandKind.WAITING_LIST),
                sensitive=True,
            ),
            ctx.figure(
                "answered",
                "cases",
                sum(1 for d in records if d.response is not None and d.response.kind in answered),
            ),
        ]
    if records:
        kinds = [k for k in DemandKind if any(d.kind is k for d in records)]
        tables.append(
            ctx.sensitive_table(
                "demand_by_kind",
                "families",
                [(k.value, ctx.label(k)) for k in kinds],
                [("families", ctx.word("families"))],
                [[sum(d.families for d in records if d.kind is k)] for k in kinds],
                row_totals=False,
            )
        )
    notes = []
    for d in sorted(records, key=lambda d: (d.date, d.id)):
        if d.response is None:
            continue
        answer: list[str] = [ctx.label(d.response.kind)]
        if d.response.offer is not None:
            answer += [": ", ctx.offer_title(d.response.offer)]
        when = f" ({date(d.response.date, ctx.language)})"
        notes.append(TaggedText.join([data_text(d.topic, ctx.language), " → ", *answer, when]))
    return Section(
        key="demand",
        title=ctx.word("demand"),
        argument=ctx.word("demand_argument"),
        figures=tuple(figures),
        tables=tuple(tables),
        empty=None if figures else ctx.word("empty_demand", year=ctx.year),
        notes=tuple(notes),
    )


BUILTIN_SECTIONS: dict[str, Callable[[ReportContext], Section | None]] = {
    "overview": overview,
    "relief": relief,
    "emergencies": emergencies,
    "everyday_life": everyday_life,
    "family_budget": family_budget,
    "integration": integration,
    "generations": generations,
    "counselling": counselling,
    "education": education,
    "engagement": engagement,
    "network": network,
    "demand": demand,
}
"""The built-in sections in the order they are shown; plugins' sections follow them."""


@hookimpl(trylast=True)
def register_report_sections(register: Callable[..., None]) -> None:
    """Register the built-in sections."""
    for name, build in BUILTIN_SECTIONS.items():
        register(name, build)
