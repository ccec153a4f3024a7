"""Hypothesis strategies for records, for conformance suites and plugin tests.

Compact on purpose: every model class field that a store must keep faithfully is
exercised (multilingual texts, enumerations, schedules, contacts), without the
whole variety of the project's own test strategies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from familycentre.model.centre import Centre
from familycentre.model.contact import Contact, Phone
from familycentre.model.data import CentreData
from familycentre.model.offer import Cost, CostKind, Offer, Registration
from familycentre.model.partner import Partner
from familycentre.model.schedule import Schedule, TimeWindow, Weekday
from familycentre.model.text import Text
from familycentre.schedule.overlap import schedules_overlaps
from familycentre.taxonomy import Audience, Category, CentreKind, PartnerKind

__all__ = ["centre_data", "centres", "ids", "offers", "partners", "plain_text", "texts"]

ids = st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
"""Valid record ids."""

HOSTILE = [
    "'; DROP TABLE offers; --",
    'Robert"); DELETE FROM centres; --',
    "Kaffee; Kuchen; 'Tee'",
    "\\x00 is not a NUL",
    "مركز الأمهات",
    "👪 Familie „Café“",
    "line one\nline two\n\tline three",
    "%s %d {0} ?",
]
"""Texts that break careless SQL, formatting or encoding."""

plain_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\t\n"),
        min_size=1,
        max_size=30,
    ),
).filter(lambda text: _accepted(text))
"""Single texts the model accepts: not blank, no control characters but tab and newline."""


def _apart(items: list[Schedule]) -> bool:
    return not schedules_overlaps(items)  # data files refuse overlapping tables


def _accepted(text: str) -> bool:
    try:
        Text(text)
    except ValueError:
        return False
    return True


texts = st.builds(
    Text,
    plain_text,
    st.dictionaries(st.sampled_from(["en", "tr", "ar", "uk", "pt-BR"]), plain_text, max_size=2),
)
"""Multilingual texts."""

_windows = st.sampled_from(["09:00-11:00", "14:30-17:30", "10:00-12:00", "16:00-18:00"]).map(
    TimeWindow.parse
)
schedules = st.builds(
    Schedule,
    weekly=st.lists(st.sampled_from(list(Weekday)), min_size=1, max_size=3, unique=True).map(
        tuple
    ),
    times=_windows.map(lambda window: (window,)),
    until=st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
)
"""Weekly schedules."""

contacts = st.builds(
    Contact,
    phones=st.lists(st.sampled_from(["+492314711230", "+4915123456789"]), max_size=1).map(
        lambda numbers: tuple(Phone(number) for number in numbers)
    ),
    emails=st.lists(st.sampled_from(["info@example.org"]), max_size=1).map(tuple),
)


def centres(id: st.SearchStrategy[str] = ids) -> st.SearchStrategy[Centre]:
    """Centres with ids drawn from ``id``."""
    return st.builds(
        Centre,
        id=id,
        name=texts,
        kind=st.sampled_from(list(CentreKind)),
        municipality=plain_text,
        district=st.none() | plain_text,
        contact=contacts,
        description=st.none() | texts,
    )


def offers(
    centre: st.SearchStrategy[str], id: st.SearchStrategy[str] = ids
) -> st.SearchStrategy[Offer]:
    """Offers of the centre whose id ``centre`` draws."""
    return st.builds(
        Offer,
        id=id,
        centre=centre,
        title=texts,
        category=st.sampled_from(list(Category)),
        description=st.none() | texts,
        audiences=st.lists(st.sampled_from(list(Audience)), max_size=3, unique=True).map(tuple),
        schedule=st.lists(schedules, max_size=2).filter(_apart).map(tuple),
        location=st.none() | plain_text,
        cost=st.sampled_from([Cost(), Cost(CostKind.FEE, 350), Cost(CostKind.DONATION)]),
        registration=st.builds(Registration, required=st.booleans()),
    )


def partners(id: st.SearchStrategy[str] = ids) -> st.SearchStrategy[Partner]:
    """Partners with ids drawn from ``id``."""
    return st.builds(
        Partner,
        id=id,
        name=texts,
        kind=st.sampled_from(list(PartnerKind)),
        contact=contacts,
        notes=st.none() | texts,
    )


@st.composite
def centre_data(draw: st.DrawFn) -> CentreData:
    """A centre with up to four offers and three partners."""
    centre = draw(centres())
    offer_list: list[Offer] = draw(st.lists(offers(st.just(centre.id)), max_size=4, unique_by=_id))
    partner_list: list[Partner] = draw(st.lists(partners(), max_size=3, unique_by=_id))
    make: Any = CentreData  # attrs' converters confuse type checkers about the lists
    data: CentreData = make(centre, offer_list, partner_list)
    return data


def _id(record: Offer | Partner) -> str:
    return record.id
