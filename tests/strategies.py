"""Hypothesis strategies for every model class; all tests draw from these."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

import familycentre as fc
from familycentre.model.schedule import _ORDINAL_NAMES
from familycentre.schedule.overlap import schedules_overlaps

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


def _apart(schedules: list[fc.Schedule]) -> bool:
    """Schedule tables of one offer never give the same time twice (data files refuse it)."""
    return not schedules_overlaps(schedules)


def _visible(text: str) -> bool:
    try:
        fc.Text(text)  # not blank, not only invisible characters
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
    fc.Text,
    plain_text,
    st.dictionaries(st.sampled_from(LANGUAGES), plain_text, max_size=3),
)
maybe_texts = st.none() | texts

phones = st.builds(
    fc.Phone,
    st.sampled_from(PHONES),
    st.sampled_from(fc.PhoneKind),
    st.none() | plain_text,
)
emails = st.from_regex(r"[a-z][a-z0-9._+-]{0,10}@[a-z]{1,10}\.(de|org|example)", fullmatch=True)
urls = st.from_regex(r"https://[a-z]{1,10}\.example\.org/[a-z0-9/-]{0,12}", fullmatch=True)
contacts = st.builds(
    fc.Contact,
    phones=st.lists(phones, max_size=3, unique_by=lambda p: p.number),
    emails=st.lists(emails, max_size=2, unique=True),
    website=st.none() | urls,
)
geos = st.builds(
    fc.Geo,
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False),
)
addresses = st.builds(
    fc.Address,
    street=plain_text,
    postal_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
    city=plain_text,
    geo=st.none() | geos,
)
contact_persons = st.builds(
    fc.ContactPerson,
    name=plain_text,
    role=st.none() | plain_text,
    phones=st.lists(phones, max_size=2, unique_by=lambda p: p.number),
    emails=st.lists(emails, max_size=2, unique=True),
)

dates = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


@st.composite
def time_windows(draw: st.DrawFn) -> fc.TimeWindow:
    start = draw(st.integers(6 * 60, 21 * 60))
    length = draw(st.integers(15, 4 * 60))
    end = min(start + length, 23 * 60 + 59)
    return fc.TimeWindow(dt.time(*divmod(start, 60)), dt.time(*divmod(end, 60)))


@st.composite
def window_lists(draw: st.DrawFn) -> list[fc.TimeWindow]:
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
        fc.TimeWindow(
            dt.time(*divmod(points[i] * 15, 60)), dt.time(*divmod(points[i + 1] * 15, 60))
        )
        for i in range(0, 2 * count, 2)
    ]


monthly_weekdays = st.builds(
    fc.MonthlyWeekday, st.sampled_from(sorted(_ORDINAL_NAMES)), st.sampled_from(fc.Weekday)
)


@st.composite
def schedules(draw: st.DrawFn) -> fc.Schedule:
    pattern = draw(st.sampled_from(["weekly", "monthly", "monthly_days", "daily", "dates"]))
    kwargs: dict[str, object] = {
        "kind": draw(st.sampled_from(fc.ScheduleKind)),
        "closures": draw(st.sampled_from(fc.ClosurePolicy)),
    }
    if pattern == "weekly":
        kwargs["weekly"] = draw(st.lists(st.sampled_from(fc.Weekday), min_size=1, unique=True))
    elif pattern == "monthly":
        kwargs["monthly"] = draw(st.lists(monthly_weekdays, min_size=1, max_size=3, unique=True))
    elif pattern == "monthly_days":
        kwargs["monthly_days"] = draw(
            st.lists(
                st.integers(1, 31) | st.integers(-31, -1), min_size=1, max_size=3, unique=True
            )
        )
    elif pattern == "daily":
        kwargs["daily"] = draw(st.sampled_from(fc.Daily))
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
    return fc.Schedule(**kwargs)  # type: ignore[arg-type]


@st.composite
def closures(draw: st.DrawFn) -> fc.Closure:
    start = draw(dates)
    return fc.Closure(
        start, start + dt.timedelta(days=draw(st.integers(0, 30))), draw(maybe_texts)
    )


centres = st.builds(
    fc.Centre,
    id=slugs,
    name=texts,
    kind=st.sampled_from(fc.CentreKind),
    municipality=plain_text,
    district=st.none() | plain_text,
    address=st.none() | addresses,
    contact=contacts,
    timezone=st.sampled_from(["Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "UTC"]),
    region=st.sampled_from(["DE-NW", "DE-BY", "DE-BE", "DE-SN", "DE-HH"]),  # school data: DE-xx
    description=maybe_texts,
    accessibility=st.lists(st.sampled_from(fc.Accessibility), unique=True),
    accessibility_note=maybe_texts,
    languages=st.lists(st.sampled_from(["de", *LANGUAGES]), min_size=1, max_size=4, unique=True),
    opening_hours=st.lists(schedules(), max_size=2).filter(_apart),
    closures=st.lists(closures(), max_size=3),
    retention_months=st.none() | st.integers(1, 120),
)


@st.composite
def costs(draw: st.DrawFn) -> fc.Cost:
    kind = draw(st.sampled_from(fc.CostKind))
    amount = None
    if kind is fc.CostKind.FEE or (kind is not fc.CostKind.FREE and draw(st.booleans())):
        amount = draw(st.integers(0, 100_000))
    return fc.Cost(kind, amount, draw(maybe_texts))


registrations = st.builds(
    fc.Registration,
    required=st.booleans(),
    contact=st.none() | plain_text,
    capacity=st.none() | st.integers(1, 500),
    note=maybe_texts,
)


def offers(centre_id: st.SearchStrategy[str] = slugs) -> st.SearchStrategy[fc.Offer]:
    """Offers of a centre whose id ``centre_id`` draws."""
    return st.builds(
        fc.Offer,
        id=slugs,
        centre=centre_id,
        title=texts,
        category=st.sampled_from(fc.Category),
        description=maybe_texts,
        audiences=st.lists(st.sampled_from(fc.Audience), unique=True, max_size=4),
        schedule=st.lists(schedules(), max_size=3).filter(_apart),
        location=st.none() | plain_text,
        cost=costs(),
        registration=registrations,
        childcare=st.booleans(),
        languages=st.lists(
            st.sampled_from(["de", *LANGUAGES]), min_size=1, max_size=3, unique=True
        ),
        facilitation=st.sampled_from(fc.Facilitation),
        status=st.sampled_from(fc.OfferStatus),
        accessibility=st.lists(st.sampled_from(fc.Accessibility), unique=True, max_size=3),
        url=st.none() | urls,
    )


partners = st.builds(
    fc.Partner,
    id=slugs,
    name=texts,
    kind=st.sampled_from(fc.PartnerKind),
    contact=contacts,
    contacts=st.lists(contact_persons, max_size=3),
    address=st.none() | addresses,
    languages=st.lists(st.sampled_from(["de", *LANGUAGES]), min_size=1, max_size=3, unique=True),
    notes=maybe_texts,
)


UTC_PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def aware_datetimes(start: dt.date, days: int = 400) -> st.SearchStrategy[dt.datetime]:
    """Timezone-aware datetimes, whole seconds, from ``start`` on for ``days`` days."""
    first = dt.datetime.combine(start, dt.time(), UTC_PLUS_ONE)
    return st.integers(0, days * 86_400).map(lambda s: first + dt.timedelta(seconds=s))


@st.composite
def consents(
    draw: st.DrawFn, partner: str | None = None, given: dt.date | None = None
) -> fc.Consent:
    """A consent; when ``partner`` is given it covers that partner (by id or by kind)."""
    moment = draw(aware_datetimes(given or draw(dates), 30))
    partners = draw(st.lists(slugs, max_size=3, unique=True))
    if partner is not None and partner not in partners:
        partners.append(partner)
    kinds = draw(st.lists(st.sampled_from(fc.PartnerKind), max_size=2, unique=True))
    if not partners and not kinds:
        partners = [draw(slugs)]
    return fc.Consent(
        given=moment,
        form=draw(st.sampled_from(fc.ConsentForm)),
        categories=draw(st.lists(st.sampled_from(fc.DataCategory), min_size=1, unique=True)),
        partners=partners,
        partner_kinds=kinds,
        note=draw(st.none() | plain_text),
    )


def _step(draw: st.DrawFn, referral: fc.Referral, at: dt.datetime) -> fc.Referral | None:
    """One random allowed move of ``referral`` at ``at``, or ``None`` when none is possible."""
    from familycentre.referrals import lifecycle

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
            )
        except fc.ConsentError:
            continue
    return None


@st.composite
def referrals(draw: st.DrawFn, max_steps: int = 6) -> fc.Referral:
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
        window = fc.RequestedWindow(
            first,
            draw(st.none() | st.just(first + dt.timedelta(days=draw(st.integers(0, 60))))),
            draw(st.none() | plain_text),
        )
    referral = fc.Referral(
        id=draw(slugs),
        centre=draw(slugs),
        family=draw(plain_text),
        need=draw(st.sampled_from(fc.Need)),
        partner=partner,
        created=created,
        appointment=appointment,
        accompanied=accompanied,
        accompanied_by=draw(st.none() | plain_text) if accompanied else None,
        follow_up=draw(st.none() | st.just(created + dt.timedelta(days=draw(st.integers(0, 90))))),
        consent=draw(st.none() | consents(draw(st.none() | st.just(partner)), created)),
        note=draw(st.none() | plain_text),
        priority=draw(st.sampled_from(fc.Priority)),
        requested_window=window,
        shares=draw(st.lists(st.sampled_from(fc.DataCategory), max_size=3, unique=True)),
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
            at=at, role=draw(st.sampled_from([fc.Role.STAFF, fc.Role.SYSTEM]))
        )
    return referral


@st.composite
def centre_data(draw: st.DrawFn) -> fc.CentreData:
    centre = draw(centres)
    return fc.CentreData(
        centre,
        draw(st.lists(offers(st.just(centre.id)), max_size=4, unique_by=lambda o: o.id)),
        draw(st.lists(partners, max_size=3, unique_by=lambda p: p.id)),
    )
