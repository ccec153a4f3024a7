"""The programme page's JSON-LD, written piece by piece, is what ``json.dumps`` writes.

The page writes each event from pre-encoded pieces (for speed); these tests compare it
with the plain definition: every event as a dictionary, encoded by the standard
library's encoder, in the order of the occurrences, made safe for a ``<script>``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.export import html
from familycentre.i18n import LANGUAGES, translator
from familycentre.schedule import ClosureCalendar, MissingHolidayData, occurrences
from familycentre.testing import strategies

# Around the autumn change of the clocks, over a school-holiday border.
WINDOWS = [
    (dt.date(2026, 10, 19), dt.date(2026, 10, 25)),
    (dt.date(2026, 9, 1), dt.date(2027, 2, 28)),
    (dt.date(2027, 3, 22), dt.date(2027, 4, 4)),
]


def _plain(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _safe(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _event_fields(offer: fc.Offer, centre: fc.Centre, place_id: str, t: Any) -> dict[str, Any]:
    """The definition: what every event of an offer says, apart from its dates."""
    event: dict[str, Any] = {
        "name": offer.title.get(t.language),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@id": place_id},
        "organizer": {"@id": place_id},
        "inLanguage": list(offer.languages),
        "isAccessibleForFree": offer.cost.kind is fc.CostKind.FREE,
        "offers": {
            "@type": "Offer",
            "price": f"{(offer.cost.amount_cents or 0) / 100:.2f}",
            "priceCurrency": "EUR",
        },
    }
    url = offer.url or centre.contact.website
    if url:
        event["offers"]["url"] = url
    if offer.description is not None:
        event["description"] = offer.description.get(t.language)
    if offer.audiences:
        event["audience"] = {
            "@type": "Audience",
            "audienceType": ", ".join(a.label(t.language) for a in offer.audiences),
        }
    return event


def _definition(
    centre: fc.Centre, found: list[fc.Occurrence], place: dict[str, Any], language: str
) -> str:
    t = translator(language)
    place_id = place["@id"]
    events = []
    used: set[str] = set()
    for occurrence in found:
        offer = occurrence.offer
        if occurrence.all_day:
            begin = finish = occurrence.start.date().isoformat()
        else:
            begin, finish = occurrence.start.isoformat(), occurrence.end.isoformat()
        stamp = f"#{offer.id}-{occurrence.start:%Y%m%dT%H%M}"
        event_id, number = stamp, 1
        while event_id in used:  # two windows moved past a clock-change gap to one minute
            number += 1
            event_id = f"{stamp}-{number}"
        used.add(event_id)
        event = {
            "@type": "Event",
            "@id": event_id,
            "startDate": begin,
            "endDate": finish,
            **_event_fields(offer, centre, place_id, t),
        }
        events.append(_plain(event))
    return _safe(
        '{"@context":"https://schema.org","@graph":[\n'
        + ",\n".join([_plain(place), *events])
        + "\n]}"
    )


@st.composite
def _pages(draw: st.DrawFn) -> tuple[fc.CentreData, dt.date, dt.date, str]:
    centre = attrs.evolve(draw(strategies.centres), region="DE-NW", timezone="Europe/Berlin")
    drawn = draw(
        st.lists(
            strategies.offers(st.just(centre.id)), min_size=1, max_size=4, unique_by=lambda o: o.id
        )
    )
    # Active, with a schedule each (sometimes an offer with two, sometimes on request).
    offers = tuple(
        attrs.evolve(
            offer,
            status=fc.OfferStatus.ACTIVE,
            schedule=offer.schedule or (draw(strategies.schedules()),),
        )
        for offer in drawn
    )
    # Windows where the schedules take place: from one's start, or around a change of
    # the clocks; a week or half a year.
    starts = [s.start for o in offers for s in o.schedule if s.start is not None]
    start, end = draw(st.sampled_from(WINDOWS))
    if starts and draw(st.booleans()):
        start = draw(st.sampled_from(starts))
        end = start + dt.timedelta(days=draw(st.sampled_from([6, 180])))
    return fc.CentreData(centre, offers, ()), start, end, draw(st.sampled_from(LANGUAGES))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pages())
def test_json_ld_is_what_the_standard_encoder_writes(
    case: tuple[fc.CentreData, dt.date, dt.date, str],
) -> None:
    data, start, end, language = case
    calendar = ClosureCalendar.for_centre(data.centre, start, end)
    try:
        found = sorted(
            (o for offer in data.offers for o in occurrences(offer, calendar, start, end)),
            key=lambda o: (o.start, o.end, o.offer.id),
        )
    except MissingHolidayData:  # school holidays are shipped up to 2029
        reject()
    written = html._json_ld(data.centre, list(data.offers), found, translator(language))
    place = json.loads(written)["@graph"][0]
    assert written == _definition(data.centre, found, place, language)


@settings(max_examples=150, deadline=None)
@given(strategies.centre_data(), st.sampled_from(LANGUAGES), st.booleans())
def test_an_events_fixed_part_is_what_the_standard_encoder_writes(
    data: fc.CentreData, language: str, odd_id: bool
) -> None:
    t = translator(language)
    place_id = '#centre-"<&>' if odd_id else f"#centre-{data.centre.id}"
    for offer in data.offers:
        fields = _event_fields(offer, data.centre, place_id, t)
        written = html._event_json(offer, data.centre, _plain(place_id), t)
        assert written == _plain(fields)[1:-1]
        assert json.loads("{" + written + "}") == fields


def test_two_windows_moved_to_one_minute_get_distinct_ids() -> None:
    """On the spring-forward night, 02:00 is moved to 03:00, where the next window starts."""
    centre = fc.Centre(id="zentrum", name="Zentrum", kind="family_centre", municipality="Dortmund")
    night = fc.Schedule(
        weekly=["sun"], times=["02:00-02:30", "03:00-04:00"], closures="regardless"
    )
    offer = fc.Offer(
        id="nachtcafe",
        centre="zentrum",
        title="Nachtcafé",
        category="open_meeting_point",
        schedule=(night,),
    )
    start, end = dt.date(2027, 3, 22), dt.date(2027, 3, 28)
    found = occurrences(offer, centre, start, end)
    assert [o.start.hour for o in found] == [3, 3]  # the case this test is about
    t = translator("de")
    written = html._json_ld(centre, [offer], found, t)
    events = [node for node in json.loads(written)["@graph"] if node["@type"] == "Event"]
    assert [e["@id"] for e in events] == [
        "#nachtcafe-20270328T0300",
        "#nachtcafe-20270328T0300-2",
    ]
    place = json.loads(written)["@graph"][0]
    assert written == _definition(centre, found, place, "de")
