"""Building the yearly report: the sections registry and the builders over records and stores."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from familycentre.i18n import check_language
from familycentre.model.activities import ACTIVITY_CLASSES
from familycentre.model.centre import Centre
from familycentre.model.lifecycle import ReferralStatus
from familycentre.model.network import Cooperation
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.partner import Partner
from familycentre.model.referral import Referral
from familycentre.model.totals import TOTALLED, MonthlyTotal
from familycentre.plugins import PluginManager, get_plugin_manager
from familycentre.referrals.suppression import DEFAULT_THRESHOLD
from familycentre.report.context import OccurrenceCounter, RecordLoader, ReportContext
from familycentre.report.model import Section, YearlyReport
from familycentre.report.words import data_text, word

if TYPE_CHECKING:
    from familycentre.storage import Store

__all__ = [
    "MunicipalReport",
    "SectionBuilder",
    "build_sections",
    "municipal_report",
    "report_context",
    "report_sections",
    "store_activities",
    "store_report",
    "yearly_report",
]

SectionBuilder = Callable[[ReportContext], "Section | None"]
"""Builds a section from the report's context; ``None`` leaves the section out."""

MunicipalReport = YearlyReport
"""The former name of :class:`YearlyReport`."""


def _section_entry(name: object, build: object) -> tuple[str, SectionBuilder]:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"a section's name is a word like 'library_visits', not {name!r}")
    if not callable(build):
        raise TypeError(f"the section {name!r} needs a function build(context) -> Section")
    return name, build


def report_sections(plugin_manager: PluginManager | None = None) -> dict[str, SectionBuilder]:
    """The report's sections by name, in order: the built-in ones, then plugins' by name.

    :raises PluginError: when two plugins register the same name.
    """
    from familycentre.report.builtin import BUILTIN_SECTIONS

    manager = plugin_manager or get_plugin_manager()
    entries = manager.registry("register_report_sections", _section_entry, "the report section")
    found = {name: entry.value for name, entry in entries.items()}
    ordered = {name: found[name] for name in BUILTIN_SECTIONS if name in found}
    ordered.update({name: found[name] for name in sorted(found) if name not in ordered})
    return ordered


def yearly_report(
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
    sections: Mapping[str, SectionBuilder] | None = None,
    totals: Iterable[MonthlyTotal] | None = None,
    load_records: RecordLoader | None = None,
) -> YearlyReport:
    """Build the report for ``year`` over ``centres``.

    Offers, referrals and activity records of other centres are ignored; so are
    cancelled offers, referrals entered in error and drafts never sent. Activity
    records count in the year of their day; last year's are shown beside this
    year's.

    :param year: The calendar year.
    :param centres: The centres to report on.
    :param offers: Their offers.
    :param partners: The partners (for their kinds and names).
    :param referrals: Their referrals.
    :param activities: Their activity records (any kind, this year and last year).
    :param threshold: Counts about families below this are suppressed (at least 1).
    :param language: The language of the report's words: one of
        :data:`familycentre.i18n.LANGUAGES` (``"de"``, the default, ``"en"``, ``"tr"``,
        ``"ar"``, ``"uk"``); data text is in it where the data has a translation.
    :param count_occurrences: Counts an offer's occurrences and hours in a window;
        by default the schedule engine.
    :param sections: The section builders by name; by default :func:`report_sections`.
    :param totals: The monthly totals of the centres' attendance and help records
        (this year and last year), added up elsewhere, in place of those records
        (see :class:`~familycentre.report.ReportContext`).
    :param load_records: With ``totals``: reads the attendance or help records
        themselves, when a section asks for them.
    """
    context = report_context(
        year=year,
        centres=centres,
        offers=offers,
        partners=partners,
        referrals=referrals,
        activities=activities,
        threshold=threshold,
        language=language,
        count_occurrences=count_occurrences,
        totals=totals,
        load_records=load_records,
    )
    return build_sections(context, sections)


def report_context(
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
) -> ReportContext:
    """The context :func:`yearly_report` builds its sections from (same parameters).

    What belongs to other centres, cancelled offers and referrals entered in error
    are left out. Useful to try a section builder: ``build(report_context(...))``.
    """
    if threshold < 1:
        raise ValueError(f"the threshold must be at least 1, not {threshold}")
    check_language(language)
    centre_list = sorted(centres, key=lambda c: c.id)
    ids = {centre.id for centre in centre_list}
    load: RecordLoader | None = None
    if load_records is not None:
        source = load_records

        def load(kind: type[Any]) -> list[Any]:
            return [r for r in source(kind) if type(r) is kind and r.centre in ids]

    return ReportContext(
        year=year,
        language=language,
        threshold=threshold,
        centres=centre_list,
        offers=sorted(
            (o for o in offers if o.centre in ids and o.status is not OfferStatus.CANCELLED),
            key=lambda o: (o.centre, o.id),
        ),
        partners=sorted(partners, key=lambda p: p.id),
        referrals=[
            r
            for r in referrals
            if r.centre in ids and r.status is not ReferralStatus.ENTERED_IN_ERROR
        ],
        activities=[a for a in activities if type(a) in ACTIVITY_CLASSES and a.centre in ids],
        totals=None if totals is None else [t for t in totals if t.centre in ids],
        load_records=load,
        count_occurrences=count_occurrences,
    )


def build_sections(
    context: ReportContext, sections: Mapping[str, SectionBuilder] | None = None
) -> YearlyReport:
    """The report of ``context``: each section builder's section, in order.

    :param sections: The section builders by name; by default :func:`report_sections`.
    """
    builders = sections if sections is not None else report_sections()
    built = [build(context) for build in builders.values()]
    language = context.language
    title = word("title" if len(context.centres) == 1 else "title_many", language)
    return YearlyReport(
        year=context.year,
        centres=tuple((c.id, data_text(c.name, language)) for c in context.centres),
        threshold=context.threshold,
        language=language,
        sections=tuple(section for section in built if section is not None),
        title=title,
    )


municipal_report = yearly_report
"""The former name of :func:`yearly_report`."""


def store_report(
    store: Store,
    *,
    year: int,
    centre: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    language: str = "de",
) -> YearlyReport:
    """:func:`yearly_report` over what a store holds (one centre, or all of them).

    Reads this year's and last year's activity records, in one consistent state:
    attendance and help records as monthly totals added up by the store
    (:meth:`~familycentre.storage.Store.monthly_totals`), and one by one only when a
    section asks for them.

    :raises NotFound: when ``centre`` is given and the store has no such centre.
    """
    with store.reading():
        centres = [store.get(Centre, centre)] if centre else store.centres()
        activities, totals, load = store_activities(store, year=year, centre=centre)
        return yearly_report(
            year=year,
            centres=centres,
            offers=store.offers(centre=centre),
            partners=store.partners(),
            referrals=store.referrals(centre=centre),
            activities=activities,
            threshold=threshold,
            language=language,
            totals=totals,
            load_records=load,
        )


def store_activities(
    store: Store, *, year: int, centre: str | None = None
) -> tuple[list[Any], list[MonthlyTotal], RecordLoader]:
    """What a report over a store reads of its activity records (call it in ``reading()``).

    :return: The records of this year and last year of every kind that is not added
        up by month (cooperations of every year: they may still be in force), the
        monthly totals of attendance and help records of those years, and a loader
        of the attendance and help records themselves (for sections that ask).
    """
    activities: list[Any] = []
    totals: list[MonthlyTotal] = []
    years = (year, year - 1)
    for kind in ACTIVITY_CLASSES:
        if kind is Cooperation:  # agreements began in any year and may still be in force
            activities += store.activities(kind, centre=centre)
        elif kind in TOTALLED:
            for wanted in years:
                totals += store.monthly_totals(kind, centre=centre, year=wanted)
        else:
            for wanted in years:
                activities += store.activities(kind, centre=centre, year=wanted)

    def load(kind: type[Any]) -> list[Any]:
        with store.reading():  # the state the totals were read in, when still in it
            return [
                record
                for wanted in years
                for record in store.activities(kind, centre=centre, year=wanted)
            ]

    return activities, totals, load
