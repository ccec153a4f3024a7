"""Selecting what an export covers: centres and offers by the export options."""

from __future__ import annotations

from familycentre.errors import NotFound
from familycentre.export.base import ExportOptions
from familycentre.export.sources import ExportSource
from familycentre.model.centre import Centre
from familycentre.model.offer import Offer
from familycentre.storage.base import Query, Stored
from familycentre.taxonomy import Audience, Category

__all__ = ["any_offers", "offer_query", "selected_centres", "selected_offers"]

_BY_ID = 8  # up to this many named centres are read one by one


def selected_centres(source: ExportSource, options: ExportOptions) -> list[Stored[Centre]]:
    """The centres ``options.centres`` names (all when it names none), ordered by id.

    :raises NotFound: naming every centre id that the source does not hold.
    """
    if options.centres and len(set(options.centres)) <= _BY_ID:
        # a few centres: read each by its id rather than listing the whole network
        try:
            return [source.record(Centre, centre) for centre in sorted(set(options.centres))]
        except NotFound:
            pass  # listed below, to name every unknown id at once
    centres = source.records(Centre)
    if not options.centres:
        return centres
    known = {record.id for record in centres}
    missing = [centre for centre in options.centres if centre not in known]
    if missing:
        raise NotFound(
            "unknown centre "
            + ", ".join(repr(centre) for centre in missing)
            + (f" (known: {', '.join(sorted(known))})" if len(known) <= 20 else "")
        )
    wanted = set(options.centres)
    return [record for record in centres if record.id in wanted]


def selected_offers(
    source: ExportSource, options: ExportOptions, centre: str
) -> list[Stored[Offer]]:
    """The offers of ``centre`` in the options' categories and audiences, ordered by id."""
    categories = set(options.categories)
    audiences = set(options.audiences)
    return [
        record
        for record in source.records(Offer, Query(centre=centre))
        if (not categories or record.value.category in categories)
        and (not audiences or audiences.intersection(record.value.audiences))
    ]


def offer_query(options: ExportOptions, centre: str) -> Query | None:
    """The one query that lists what :func:`selected_offers` selects, when there is one.

    ``None`` when the options name several categories or several audiences (a query
    selects by one of each).
    """
    if len(options.categories) > 1 or len(options.audiences) > 1:
        return None
    try:
        category = Category(options.categories[0]) if options.categories else None
        audience = Audience(options.audiences[0]) if options.audiences else None
    except ValueError:  # not a term: selected_offers matches nothing by it, no query can
        return None
    return Query(centre=centre, category=category, audience=audience)


def any_offers(source: ExportSource, options: ExportOptions, centres: list[str]) -> bool:
    """Whether :func:`selected_offers` selects an offer of any of ``centres``.

    Asks the source for the offers' stamps (id, revision, time) where one query
    selects them, so that no offer is decoded only to be counted.
    """
    for centre in centres:
        query = offer_query(options, centre)
        if query is not None:
            if source.stamps(Offer, query):
                return True
        elif selected_offers(source, options, centre):
            return True
    return False
