"""Hypothesis strategies for every model class, for the project's tests and for plugins'.

One module for everyone: familycentre's own tests, the conformance suites in
:mod:`familycentre.testing`, and the tests of plugins (a storage backend that keeps
what :func:`centre_data` and :func:`referrals` draw keeps everything a store must).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
import zoneinfo
from typing import Any

from hypothesis import strategies as st

from familycentre.errors import ConsentError
from familycentre.model.activities import ACTIVITY_SECTIONS, ActivityData
from familycentre.model.attendance import Attendance, AudienceCount
from familycentre.model.centre import Centre, Closure
from familycentre.model.contact import Address, Contact, ContactPerson, Geo, Phone, PhoneKind
from familycentre.model.counselling import CounsellingContact
from familycentre.model.data import CentreData
from familycentre.model.demand import Demand, Response
from familycentre.model.engagement import AgeCount, Engagement
from familycentre.model.help import HelpCase
from familycentre.model.lifecycle import Role
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.offer import Cost, CostKind, Facilitation, Offer, OfferStatus, Registration
from familycentre.model.participation import Participation
from familycentre.model.partner import Partner
from familycentre.model.reach import FamiliesReached
from familycentre.model.referral import (
    Consent,
    ConsentForm,
    DataCategory,
    Priority,
    Referral,
    RequestedWindow,
)
from familycentre.model.schedule import (
    _ORDINAL_NAMES,
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
    OpenOn,
    Schedule,
    ScheduleKind,
    TimeWindow,
    Weekday,
)
from familycentre.model.text import Text
from familycentre.schedule.overlap import schedules_overlaps
from familycentre.taxonomy import (
    Accessibility,
    AgeGroup,
    Audience,
    Body,
    Category,
    CentreKind,
    ContactKind,
    DemandKind,
    HelpKind,
    MeetingRole,
    Need,
    PartnerKind,
    Period,
    ResponseKind,
)

# Valid numbers of several countries, in E.164 and as people write them.
PHONES = [
    "+492314711230",
    "0231 4711230",
    "+4915123456789",
    "0151 23456789",
    "+49 30 12345678",
    "+43 1 5134567",
    "+90 212 345 67 89",
    "+380 44 123 4567",
    "+33 1 42 68 53 00",
    "+1 202-555-0123",
]

LANGUAGES = ["en", "tr", "ar", "uk", "ru", "fa", "pl", "pt-BR", "ku", "ro"]
RTL_AND_SCRIPTS = [
    "مركز الأمهات",
    "Ayçiçeği",
    "Соняшник",
    "Frühstück „Café“",
    "👪 Familie",
    "קהילה",
]

slugs = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
"""Valid record ids."""

ids = slugs
"""Valid record ids (another name for :data:`slugs`)."""

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


def _apart(items: list[Schedule]) -> bool:
    """Schedule tables of one offer never give the same time twice (data files refuse it)."""
    return not schedules_overlaps(items)


def _visible(text: str) -> bool:
    try:
        Text(text)  # not blank, not only invisible characters, no control characters
    except ValueError:
        return False
    return True


plain_text = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(RTL_AND_SCRIPTS),
    st.text(alphabet=string.printable.replace("\x0b", "").replace("\x0c", ""), max_size=60)
    .map(lambda s: s.replace("\r", ""))
    .map(lambda s: "x" + s),
    st.just("Kaffee, Kuchen; Tee\\Saft\nzweite Zeile"),
).filter(_visible)

texts = st.builds(
    Text,
    plain_text,
    st.dictionaries(st.sampled_from(LANGUAGES), plain_text, max_size=3),
)
maybe_texts = st.none() | texts

phones = st.builds(
    Phone,
    st.sampled_from(PHONES),
    st.sampled_from(PhoneKind),
    st.none() | plain_text,
)
emails = st.from_regex(
    r"[a-z][a-z0-9_+-]{0,6}(\.[a-z0-9_+-]{1,4})?@[a-z]{1,10}\.(de|org|example)", fullmatch=True
)
urls = st.from_regex(r"https://[a-z]{1,10}\.example\.org/[a-z0-9/-]{0,12}", fullmatch=True)
contacts = st.builds(
    Contact,
    phones=st.lists(phones, max_size=3, unique_by=lambda p: p.number),
    emails=st.lists(emails, max_size=2, unique=True),
    website=st.none() | urls,
)
geos = st.builds(
    Geo,
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False),
)
addresses = st.builds(
    Address,
    street=plain_text,
    postal_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
    city=plain_text,
    geo=st.none() | geos,
)
contact_persons = st.builds(
    ContactPerson,
    name=plain_text,
    role=st.none() | plain_text,
    phones=st.lists(phones, max_size=2, unique_by=lambda p: p.number),
    emails=st.lists(emails, max_size=2, unique=True),
)

dates = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


@st.composite
def time_windows(draw: st.DrawFn) -> TimeWindow:
    """A time window of a day (start before end)."""
    start = draw(st.integers(6 * 60, 21 * 60))
    length = draw(st.integers(15, 4 * 60))
    end = min(start + length, 23 * 60 + 59)
    return TimeWindow(dt.time(*divmod(start, 60)), dt.time(*divmod(end, 60)))


@st.composite
def window_lists(draw: st.DrawFn) -> list[TimeWindow]:
    """Time windows of one schedule that do not overlap."""
    """One to three time windows on a day, not overlapping."""
    count = draw(st.integers(1, 3))
    points = sorted(
        draw(
            st.lists(
                st.integers(6 * 4, 23 * 4), min_size=2 * count, max_size=2 * count, unique=True
            )
        )
    )
    return [
        TimeWindow(dt.time(*divmod(points[i] * 15, 60)), dt.time(*divmod(points[i + 1] * 15, 60)))
        for i in range(0, 2 * count, 2)
    ]


monthly_weekdays = st.builds(
    MonthlyWeekday, st.sampled_from(sorted(_ORDINAL_NAMES)), st.sampled_from(Weekday)
)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """A valid schedule of any kind: weekly, monthly, dates, with its closure policy."""
    pattern = draw(st.sampled_from(["weekly", "monthly", "monthly_days", "daily", "dates"]))
    kwargs: dict[str, object] = {
        "kind": draw(st.sampled_from(ScheduleKind)),
        "closures": draw(st.sampled_from(ClosurePolicy)),
        "open_on": draw(st.lists(st.sampled_from(OpenOn), unique=True, max_size=2)),
    }
    if pattern == "weekly":
        kwargs["weekly"] = draw(st.lists(st.sampled_from(Weekday), min_size=1, unique=True))
    elif pattern == "monthly":
        kwargs["monthly"] = draw(st.lists(monthly_weekdays, min_size=1, max_size=3, unique=True))
    elif pattern == "monthly_days":
        kwargs["monthly_days"] = draw(
            st.lists(
                st.integers(1, 31) | st.integers(-31, -1), min_size=1, max_size=3, unique=True
            )
        )
    elif pattern == "daily":
        kwargs["daily"] = draw(st.sampled_from(Daily))
    start = draw(st.none() | dates)
    if pattern != "dates":
        every = draw(st.sampled_from([1, 1, 2, 3]))
        if every > 1 and start is None:
            start = draw(dates)
        kwargs["every"] = every
        if start is not None and draw(st.booleans()):
            kwargs["sessions"] = draw(st.integers(1, 30))
        elif start is not None and draw(st.booleans()):
            kwargs["until"] = start + dt.timedelta(days=draw(st.integers(0, 400)))
    kwargs["start"] = start
    kwargs["dates"] = draw(
        st.lists(dates, min_size=1 if pattern == "dates" else 0, max_size=4, unique=True)
    )
    kwargs["cancelled"] = draw(st.lists(dates, max_size=3, unique=True))
    if draw(st.booleans()):
        kwargs["all_day"] = True
    else:
        kwargs["times"] = draw(window_lists())
    return Schedule(**kwargs)  # type: ignore[arg-type]


@st.composite
def closures(draw: st.DrawFn) -> Closure:
    """A closure period of a centre."""
    start = draw(dates)
    return Closure(start, start + dt.timedelta(days=draw(st.integers(0, 30))), draw(maybe_texts))


centres = st.builds(
    Centre,
    id=slugs,
    name=texts,
    kind=st.sampled_from(CentreKind),
    municipality=plain_text,
    district=st.none() | plain_text,
    address=st.none() | addresses,
    contact=contacts,
    timezone=st.sampled_from(["Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "UTC"]),
    region=st.sampled_from(["DE-NW", "DE-BY", "DE-BE", "DE-SN", "DE-HH"]),  # school data: DE-xx
    description=maybe_texts,
    accessibility=st.lists(st.sampled_from(Accessibility), unique=True),
    accessibility_note=maybe_texts,
    languages=st.lists(st.sampled_from(["de", *LANGUAGES]), min_size=1, max_size=4, unique=True),
    opening_hours=st.lists(schedules(), max_size=2).filter(_apart),
    closures=st.lists(closures(), max_size=3),
    retention_months=st.none() | st.integers(1, 120),
)


@st.composite
def costs(draw: st.DrawFn) -> Cost:
    """A cost of an offer (free, a fee, by donation, ...)."""
    kind = draw(st.sampled_from(CostKind))
    amount = None
    if kind is CostKind.FEE or (kind is not CostKind.FREE and draw(st.booleans())):
        amount = draw(st.integers(0, 100_000))
    return Cost(kind, amount, draw(maybe_texts))


registrations = st.builds(
    Registration,
    required=st.booleans(),
    contact=st.none() | plain_text,
    capacity=st.none() | st.integers(1, 500),
    note=maybe_texts,
)


def offers(centre_id: st.SearchStrategy[str] = slugs) -> st.SearchStrategy[Offer]:
    """Offers of the centre drawn from ``centre_id``."""
    """Offers of a centre whose id ``centre_id`` draws."""
    return st.builds(
        Offer,
        id=slugs,
        centre=centre_id,
        title=texts,
        category=st.sampled_from(Category),
        description=maybe_texts,
        audiences=st.lists(st.sampled_from(Audience), unique=True, max_size=4),
        schedule=st.lists(schedules(), max_size=3).filter(_apart),
        location=st.none() | plain_text,
        cost=costs(),
        registration=registrations,
        childcare=st.booleans(),
        languages=st.lists(
            st.sampled_from(["de", *LANGUAGES]), min_size=1, max_size=3, unique=True
        ),
        facilitation=st.sampled_from(Facilitation),
        status=st.sampled_from(OfferStatus),
        accessibility=st.lists(st.sampled_from(Accessibility), unique=True, max_size=3),
        url=st.none() | urls,
        closures=st.lists(closures(), max_size=2),
    )


partners = st.builds(
    Partner,
    id=slugs,
    name=texts,
    kind=st.sampled_from(PartnerKind),
    contact=contacts,
    contacts=st.lists(contact_persons, max_size=3),
    address=st.none() | addresses,
    languages=st.lists(st.sampled_from(["de", *LANGUAGES]), min_size=1, max_size=3, unique=True),
    notes=maybe_texts,
)


UTC_PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def aware_datetimes(start: dt.date, days: int = 400) -> st.SearchStrategy[dt.datetime]:
    """Timezone-aware times from ``start`` on, within ``days`` days."""
    """Timezone-aware datetimes, whole seconds, from ``start`` on for ``days`` days."""
    first = dt.datetime.combine(start, dt.time(), UTC_PLUS_ONE)
    return st.integers(0, days * 86_400).map(lambda s: first + dt.timedelta(seconds=s))


@st.composite
def consents(draw: st.DrawFn, partner: str | None = None, given: dt.date | None = None) -> Consent:
    """A consent, optionally naming ``partner``, given on or after ``given``."""
    """A consent; when ``partner`` is given it covers that partner (by id or by kind)."""
    moment = draw(aware_datetimes(given or draw(dates), 30))
    partners = draw(st.lists(slugs, max_size=3, unique=True))
    if partner is not None and partner not in partners:
        partners.append(partner)
    kinds = draw(st.lists(st.sampled_from(PartnerKind), max_size=2, unique=True))
    if not partners and not kinds:
        partners = [draw(slugs)]
    return Consent(
        given=moment,
        form=draw(st.sampled_from(ConsentForm)),
        categories=draw(st.lists(st.sampled_from(DataCategory), min_size=1, unique=True)),
        partners=partners,
        partner_kinds=kinds,
        note=draw(st.none() | plain_text),
    )


def _step(draw: st.DrawFn, referral: Referral, at: dt.datetime) -> Referral | None:
    """One random allowed move of ``referral`` at ``at``, or ``None`` when none is possible."""
    from familycentre.model import lifecycle

    choices = []
    for target in referral.allowed_next():
        roles = lifecycle.edge(referral.status, target).roles  # type: ignore[union-attr]
        choices.append((target, sorted(roles)))
    while choices:
        target, roles = draw(st.sampled_from(choices))
        choices.remove((target, roles))
        reason: str | None = None
        if target in lifecycle.CLOSE_REASONS:
            reason = draw(st.sampled_from(sorted(lifecycle.CLOSE_REASONS[target])))
        elif lifecycle.needs_reason(referral.status, target):
            reason = draw(plain_text)
        try:
            return referral.transition(
                target,
                at=at,
                role=draw(st.sampled_from(roles)),
                reason=reason,
                note=draw(st.none() | plain_text),
                by=draw(st.none() | plain_text),
            )
        except ConsentError:
            continue
    return None


@st.composite
def referrals(draw: st.DrawFn, max_steps: int = 6) -> Referral:
    """A referral with up to ``max_steps`` allowed moves in its history."""
    """Valid referrals with a history of up to ``max_steps`` random allowed transitions."""
    created = draw(dates)
    accompanied = draw(st.booleans())
    partner = draw(slugs)
    appointment = draw(
        st.none()
        | st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2031, 1, 1)).map(
            lambda d: d.replace(microsecond=0, tzinfo=UTC_PLUS_ONE)
        )
    )
    window = None
    if draw(st.booleans()):
        first = created + dt.timedelta(days=draw(st.integers(0, 30)))
        window = RequestedWindow(
            first,
            draw(st.none() | st.just(first + dt.timedelta(days=draw(st.integers(0, 60))))),
            draw(st.none() | plain_text),
        )
    referral = Referral(
        id=draw(slugs),
        centre=draw(slugs),
        family=draw(plain_text),
        need=draw(st.sampled_from(Need)),
        partner=partner,
        created=created,
        appointment=appointment,
        accompanied=accompanied,
        accompanied_by=draw(st.none() | plain_text) if accompanied else None,
        follow_up=draw(st.none() | st.just(created + dt.timedelta(days=draw(st.integers(0, 90))))),
        consent=draw(st.none() | consents(draw(st.none() | st.just(partner)), created)),
        note=draw(st.none() | plain_text),
        priority=draw(st.sampled_from(Priority)),
        requested_window=window,
        shares=draw(st.lists(st.sampled_from(DataCategory), max_size=3, unique=True)),
    )
    at = dt.datetime.combine(created, dt.time(8), UTC_PLUS_ONE) + dt.timedelta(days=40)
    for _ in range(draw(st.integers(0, max_steps))):
        at += dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 30)))
        moved = _step(draw, referral, at)
        if moved is None:
            break
        referral = moved
    if referral.consent is not None and draw(st.booleans()):
        at += dt.timedelta(days=1)
        referral = referral.withdraw_consent(
            at=at, role=draw(st.sampled_from([Role.STAFF, Role.SYSTEM]))
        )
    return referral


@st.composite
def centre_data(draw: st.DrawFn) -> CentreData:
    """A centre with offers and partners, as a data file holds them."""
    centre = draw(centres)
    return CentreData(
        centre,
        draw(st.lists(offers(st.just(centre.id)), max_size=4, unique_by=lambda o: o.id)),
        draw(st.lists(partners, max_size=3, unique_by=lambda p: p.id)),
    )


# --- programmes on the nights the clocks change ---------------------------------------------

#: Zones with daylight saving time (changes at 02:00, at midnight, by 30 minutes) and without.
CHANGE_ZONES = (
    "Europe/Berlin",
    "America/Havana",
    "America/Santiago",
    "Australia/Lord_Howe",
    "America/New_York",
    "Asia/Tokyo",
    "UTC",
)
_CHANGE_YEARS = (2025, 2028)


@functools.cache
def change_instants(zone: str) -> tuple[tuple[dt.datetime, dt.timedelta, dt.timedelta], ...]:
    """(UTC instant, offset before, offset after) of every change of ``zone``'s UTC offset."""
    tz = zoneinfo.ZoneInfo(zone)
    step = dt.timedelta(hours=1)
    moment = dt.datetime(_CHANGE_YEARS[0], 1, 1, tzinfo=dt.UTC)
    last = dt.datetime(_CHANGE_YEARS[1] + 1, 1, 1, tzinfo=dt.UTC)
    before = moment.astimezone(tz).utcoffset()
    found = []
    while moment < last:
        following = moment + step
        after = following.astimezone(tz).utcoffset()
        if after != before:
            low, high = moment, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            assert before is not None
            assert after is not None
            found.append((high.replace(second=0, microsecond=0), before, after))
            before = after
        moment = following
    return tuple(found)


@st.composite
def _night_windows(
    draw: st.DrawFn, moment: dt.datetime, offsets: list[dt.timedelta]
) -> tuple[dt.date, TimeWindow]:
    """A local date and a time window near ``moment``, as either offset would show it."""
    offset = draw(st.sampled_from(offsets))
    local = (moment + offset).replace(tzinfo=None)
    start = local + dt.timedelta(minutes=5 * draw(st.integers(-30, 24)))
    start_minute = min(start.hour * 60 + start.minute, 23 * 60 + 50)
    length = 5 * draw(st.integers(1, 48))
    end_minute = min(start_minute + length, 23 * 60 + 59)
    window = TimeWindow(dt.time(*divmod(start_minute, 60)), dt.time(*divmod(end_minute, 60)))
    return start.date(), window


@st.composite
def change_night_programmes(
    draw: st.DrawFn,
) -> tuple[CentreData, dt.date, dt.date, str]:
    """A centre, an export window and a recurrence mode, with occurrences on change nights.

    Windows start or end in gaps, in repeated hours, span a change or lie elsewhere;
    series start on a change night, one-off dates and cancelled dates fall on them.
    """
    zone = draw(st.sampled_from(CHANGE_ZONES))
    changes = change_instants(zone)
    offers = []
    nights: list[dt.date] = []
    for number in range(draw(st.integers(1, 3))):
        schedules_ = []
        for _ in range(draw(st.integers(1, 2))):
            if changes:
                moment, before, after = draw(st.sampled_from(changes))
                night, window = draw(_night_windows(moment, [before, after]))
            else:
                night = draw(st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))
                window = draw(time_windows())
            nights.append(night)
            windows = [window]
            if draw(st.booleans()):
                other = draw(time_windows())
                if other.end <= window.start or other.start >= window.end:
                    windows.append(other)
            kwargs: dict[str, object] = {
                "kind": draw(st.sampled_from(ScheduleKind)),
                # mostly on every date: a school-holiday policy rarely meets a change night
                "closures": draw(
                    st.sampled_from([*ClosurePolicy, *[ClosurePolicy.REGARDLESS] * 4])
                ),
            }
            if draw(st.integers(0, 9)) == 0:
                kwargs["all_day"] = True
            else:
                kwargs["times"] = windows
            pattern = draw(
                st.sampled_from(["weekly", "daily", "monthly", "monthly_days", "dates"])
            )
            first = night - dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 7, 14, 30, 60])))
            if pattern == "weekly":
                days = {Weekday(list(Weekday)[night.weekday()])}
                days.update(draw(st.lists(st.sampled_from(Weekday), max_size=2)))
                kwargs["weekly"] = sorted(days, key=lambda d: d.number)
            elif pattern == "daily":
                kwargs["daily"] = draw(st.sampled_from(Daily))
            elif pattern == "monthly":
                nth = (night.day - 1) // 7 + 1
                kwargs["monthly"] = [MonthlyWeekday(nth, Weekday(list(Weekday)[night.weekday()]))]
            elif pattern == "monthly_days":
                kwargs["monthly_days"] = [night.day]
            if pattern != "dates":
                every = draw(st.sampled_from([1, 1, 1, 2]))
                kwargs["every"] = every
                kwargs["start"] = first
                if draw(st.booleans()):
                    kwargs["sessions"] = draw(st.integers(1, 12))
                elif draw(st.booleans()):
                    kwargs["until"] = night + dt.timedelta(days=draw(st.integers(0, 90)))
            extra = [night] if pattern == "dates" or draw(st.booleans()) else []
            extra += draw(
                st.lists(
                    st.dates(night - dt.timedelta(days=40), night + dt.timedelta(days=40)),
                    max_size=2,
                )
            )
            kwargs["dates"] = sorted(set(extra))
            candidates = [night, *extra, night + dt.timedelta(days=7)]
            kwargs["cancelled"] = sorted(
                set(draw(st.lists(st.sampled_from(candidates), max_size=2)))
            )
            schedules_.append(Schedule(**kwargs))  # type: ignore[arg-type]
        offers.append(
            Offer(
                id=f"angebot-{number}",
                centre="zentrum",
                title=f"Angebot {number}",
                category=draw(st.sampled_from(Category)),
                schedule=tuple(schedules_),  # type: ignore[arg-type]
                status=draw(st.sampled_from([OfferStatus.ACTIVE] * 8 + list(OfferStatus))),
            )
        )
    centre = Centre(
        id="zentrum",
        name="Zentrum",
        kind="family_centre",
        municipality="Dortmund",
        region="DE-NW",
        timezone=zone,
    )
    anchor = draw(st.sampled_from(nights))
    start = max(anchor - dt.timedelta(days=draw(st.integers(0, 60))), dt.date(2025, 1, 1))
    end = min(anchor + dt.timedelta(days=draw(st.integers(0, 150))), dt.date(2029, 7, 31))
    mode = draw(st.sampled_from(["rrule", "rrule", "list", "expand"]))
    return CentreData(centre, tuple(offers)), start, end, mode


# --- activity records ------------------------------------------------------------------------

counts = st.integers(0, 500)
"""Counts of people or cases."""

hour_amounts = st.floats(0, 500, allow_nan=False, allow_infinity=False).map(lambda h: round(h, 2))
"""Numbers of hours (two decimals: what a tally sheet holds)."""


@st.composite
def period_starts(draw: st.DrawFn) -> tuple[dt.date, Period]:
    """A period and a day that may start it (a Monday for a week, the 1st for a month)."""
    period = draw(st.sampled_from(Period))
    day = draw(dates)
    if period is Period.WEEK:
        day -= dt.timedelta(days=day.weekday())
    elif period is Period.MONTH:
        day = day.replace(day=1)
    return day, period


@st.composite
def attendances(draw: st.DrawFn, centre: str | None = None) -> Attendance:
    """Attendance records (of ``centre``, or of a drawn one)."""
    participants = draw(counts)
    day, period = draw(period_starts())
    up_to = st.none() | st.integers(0, participants)
    audiences = draw(st.lists(st.sampled_from(Audience), unique=True, max_size=4))
    return Attendance(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        offer=draw(slugs),
        date=day,
        participants=participants,
        period=period,
        first_time=draw(up_to),
        families=draw(up_to),
        audiences=[AudienceCount(a, draw(st.integers(0, participants))) for a in audiences],
        note=draw(st.none() | plain_text),
    )


@st.composite
def help_cases(draw: st.DrawFn, centre: str | None = None) -> HelpCase:
    """Records of help given on request."""
    return HelpCase(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        date=draw(dates),
        kind=draw(st.sampled_from(HelpKind)),
        cases=draw(st.integers(1, 50)),
        hours=draw(st.none() | hour_amounts),
        need=draw(st.none() | st.sampled_from(Need)),
        offer=draw(st.none() | slugs),
        note=draw(st.none() | plain_text),
    )


@st.composite
def counselling_contacts(draw: st.DrawFn, centre: str | None = None) -> CounsellingContact:
    """Counselling and information contact tallies."""
    day, period = draw(period_starts())
    return CounsellingContact(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        date=day,
        kind=draw(st.sampled_from(ContactKind)),
        topic=draw(st.sampled_from(Need)),
        count=draw(st.integers(1, 200)),
        period=period,
    )


@st.composite
def engagements(draw: st.DrawFn, centre: str | None = None) -> Engagement:
    """Monthly volunteering records."""
    volunteers = draw(st.integers(0, 80))
    groups = draw(st.lists(st.sampled_from(AgeGroup), unique=True, max_size=4))
    left = volunteers
    age_groups = []
    for group in groups:
        number = draw(st.integers(0, left))
        left -= number
        age_groups.append(AgeCount(group, number))
    return Engagement(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        month=draw(dates).replace(day=1),
        field=draw(st.sampled_from(Category)),
        volunteers=volunteers,
        hours=draw(hour_amounts),
        age_groups=age_groups,
        self_help_groups=draw(st.integers(0, 5)),
    )


@st.composite
def participations(draw: st.DrawFn, centre: str | None = None) -> Participation:
    """Families at events of local bodies."""
    return Participation(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        date=draw(dates),
        body=draw(st.sampled_from(Body)),
        event=draw(plain_text),
        families=draw(counts),
    )


@st.composite
def cooperations(
    draw: st.DrawFn, centre: str | None = None, partner: str | None = None
) -> Cooperation:
    """Cooperation agreements (with ``partner``, or a drawn partner id)."""
    since = draw(dates)
    return Cooperation(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        partner=partner if partner is not None else draw(slugs),
        subject=draw(plain_text),
        since=since,
        until=draw(st.none() | st.dates(since, dt.date(2031, 12, 31))),
    )


@st.composite
def network_meetings(draw: st.DrawFn, centre: str | None = None) -> NetworkMeeting:
    """Network meetings hosted or attended."""
    return NetworkMeeting(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        date=draw(dates),
        role=draw(st.sampled_from(MeetingRole)),
        title=draw(plain_text),
        organisations=draw(st.none() | st.integers(0, 40)),
    )


@st.composite
def demands(draw: st.DrawFn, centre: str | None = None) -> Demand:
    """Wishes, needs and waiting lists, with or without a response."""
    day = draw(dates)
    kind = draw(st.sampled_from(DemandKind))
    response = None
    if draw(st.booleans()):
        answer = draw(st.sampled_from(ResponseKind))
        response = Response(
            kind=answer,
            date=draw(st.dates(day, dt.date(2031, 12, 31))),
            offer=draw(slugs) if answer is not ResponseKind.REFERRED else draw(st.none() | slugs),
        )
    return Demand(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        date=day,
        kind=kind,
        topic=draw(plain_text),
        families=draw(st.integers(1, 60)),
        offer=draw(slugs) if kind is DemandKind.WAITING_LIST else draw(st.none() | slugs),
        response=response,
    )


@st.composite
def families_reached(draw: st.DrawFn, centre: str | None = None) -> FamiliesReached:
    """Distinct families reached in a year."""
    return FamiliesReached(
        id=draw(slugs),
        centre=centre if centre is not None else draw(slugs),
        year=draw(st.integers(2020, 2030)),
        families=draw(counts),
        how=draw(st.none() | plain_text),
    )


ACTIVITY_STRATEGIES = {
    Attendance: attendances,
    HelpCase: help_cases,
    CounsellingContact: counselling_contacts,
    Engagement: engagements,
    Participation: participations,
    Cooperation: cooperations,
    NetworkMeeting: network_meetings,
    Demand: demands,
    FamiliesReached: families_reached,
}
"""A strategy function for each activity record class, taking the centre's id."""


def _unique(records: list[Any]) -> list[Any]:
    seen: set[str] = set()
    kept = []
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            kept.append(record)
    return kept


@st.composite
def activity_data(
    draw: st.DrawFn, centre: str | None = None, partners: tuple[str, ...] = ()
) -> ActivityData:
    """An activity file's records for one centre; cooperations name one of ``partners``.

    Without ``partners``, no cooperations are drawn (they need a partner that exists).
    """
    centre_id = centre if centre is not None else draw(slugs)
    sections: dict[str, Any] = {}
    for name, kind in ACTIVITY_SECTIONS.items():
        if kind is Cooperation:
            if not partners:
                continue
            strategy: st.SearchStrategy[Any] = cooperations(
                centre_id, draw(st.sampled_from(partners))
            )
        else:
            strategy = ACTIVITY_STRATEGIES[kind](centre_id)
        sections[name] = _unique(draw(st.lists(strategy, max_size=4)))
    return ActivityData(centre_id, **sections)


_TALLY_MONTHS = (1, 2, 6, 12)
"""Few months, so that many drawn records share one (and weeks reach into the next year)."""


@st.composite
def tallies(
    draw: st.DrawFn,
    centres: tuple[str, ...],
    offers: tuple[str, ...],
    years: tuple[int, ...] = (2025, 2026),
    max_size: int = 25,
) -> list[Attendance | HelpCase]:
    """Attendance and help records of ``centres`` in ``years``, counting a few ``offers``.

    Many of them share a centre, month and offer (or kind and need), so that monthly
    totals add up several records; weekly tallies may start in the year before.
    """
    records: list[Attendance | HelpCase] = []
    for index in range(draw(st.integers(0, max_size))):
        centre = draw(st.sampled_from(centres))
        day = dt.date(
            draw(st.sampled_from(years)),
            draw(st.sampled_from(_TALLY_MONTHS)),
            draw(st.integers(1, 28)),
        )
        if draw(st.booleans()):
            period = draw(st.sampled_from(Period))
            if period is Period.WEEK:
                day -= dt.timedelta(days=day.weekday())
            elif period is Period.MONTH:
                day = day.replace(day=1)
            participants = draw(st.integers(0, 60))
            up_to = st.none() | st.integers(0, participants)
            groups = draw(st.lists(st.sampled_from(Audience), unique=True, max_size=3))
            records.append(
                Attendance(
                    id=f"a-{index}",
                    centre=centre,
                    offer=draw(st.sampled_from(offers)),
                    date=day,
                    participants=participants,
                    period=period,
                    first_time=draw(up_to),
                    families=draw(up_to),
                    audiences=[
                        AudienceCount(g, draw(st.integers(0, participants))) for g in groups
                    ],
                )
            )
        else:
            records.append(
                HelpCase(
                    id=f"h-{index}",
                    centre=centre,
                    date=day,
                    kind=draw(st.sampled_from(HelpKind)),
                    cases=draw(st.integers(1, 12)),
                    hours=draw(st.none() | hour_amounts),
                    need=draw(st.none() | st.sampled_from([Need.HEALTH, Need.PARENTING])),
                )
            )
    return records
