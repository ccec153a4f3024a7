"""A plugin that adds a section to the yearly report: the centre's lending library.

The centre counts the library's visits as attendance of an offer with the id
``bibliothek``; the section shows them beside last year's, and the books lent,
which the centre notes as help of the kind ``other`` with the note ``Ausleihe``.
Register the module under the entry-point group ``familycentre`` to use it.
"""

from __future__ import annotations

import familycentre as fc
from familycentre.report import ReportContext, Section


def library(context: ReportContext) -> Section | None:
    """The library's section; left out when the centre has no library."""
    if not any(offer.id == "bibliothek" for offer in context.offers):
        return None
    # sums: the monthly totals, quick however many daily tallies there are
    visits = [a for a in context.monthly(fc.Attendance) if a.offer == "bibliothek"]
    last = [a for a in context.monthly(fc.Attendance, context.year - 1) if a.offer == "bibliothek"]
    # a note is not summed: the records themselves, read from the store when asked for
    loans = [h for h in context.records(fc.HelpCase) if h.note == "Ausleihe"]
    german = context.language == "de"
    return Section(
        key="library",
        title="Bibliothek" if german else "Library",
        argument=(
            "Bücher für alle Familien, ohne Ausweis und Gebühr."
            if german
            else "Books for every family, without a card or a fee."
        ),
        figures=(
            context.figure(
                "visits",
                "visits",
                sum(a.participants for a in visits),
                sum(a.participants for a in last) if last else None,
            ),
            context.figure(
                "loans",
                "cases",
                sum(h.cases for h in loans),
                sensitive=True,  # about families: fewer than 5 shows as "<5"
                label="Ausleihen" if german else "Loans",
            ),
        ),
    )


@fc.hookimpl
def register_report_sections(register):  # type: ignore[no-untyped-def]
    """Add the library section after the built-in ones."""
    register("library", library)
