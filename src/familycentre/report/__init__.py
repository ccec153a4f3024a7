"""The yearly report: what the centres offer, do and achieve, for the municipality.

The report answers the question of the state association's brief — "Was leisten die
Zentren für die Kommune?" — with one section per argument: relief for families, help
in emergencies, organising everyday life, the family budget, integration and
inclusion, generations, counselling and referral, education, engagement and
participation, the network, demand and response; an overview first. Each section
holds key figures (this year beside last year), tables, charts and the offers behind
it, or says why it is empty.

Build it from records with :func:`yearly_report` (pure: no store, no clock) or from a
store with :func:`store_report`; :func:`network_report` compares the centres of a
network. :func:`render` writes JSON, Markdown, HTML (charts drawn by pygal, the
``report`` extra) or PDF (through headless Chromium)::

    import familycentre as fc
    from familycentre.report import render, store_report

    with fc.open_store() as store:
        report = store_report(store, year=2026, centre="sonnenblume")
    print(render(report, "markdown"))

Privacy: counts about families (help cases, counselling contacts, referrals, families
at events or voicing wishes) and splits of attendance by audience group below the
threshold (5) are shown as ``<5``; further cells are hidden (``×``) so that none can
be worked out from the totals. Visits of offers and counts of offers are aggregate
numbers and are published in full.

Plugins add sections through the ``register_report_sections`` hook.
"""

from familycentre.report.build import (
    MunicipalReport,
    SectionBuilder,
    build_sections,
    municipal_report,
    report_context,
    report_sections,
    store_report,
    yearly_report,
)
from familycentre.report.context import ReportContext, referral_sent
from familycentre.report.formats import FORMATS, json_schema, render, render_pdf
from familycentre.report.model import (
    Cell,
    Chart,
    Figure,
    Section,
    Table,
    TaggedText,
    YearlyReport,
)
from familycentre.report.network import network_report, network_store_report

__all__ = [
    "FORMATS",
    "Cell",
    "Chart",
    "Figure",
    "MunicipalReport",
    "ReportContext",
    "Section",
    "SectionBuilder",
    "Table",
    "TaggedText",
    "YearlyReport",
    "build_sections",
    "json_schema",
    "municipal_report",
    "network_report",
    "network_store_report",
    "referral_sent",
    "render",
    "render_pdf",
    "report_context",
    "report_sections",
    "store_report",
    "yearly_report",
]
