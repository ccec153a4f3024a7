"""Write the example tally sheets of the Sonnenblume centre (2025 and 2026).

The sheets in this folder were made by this script; run it again to remake them
(the same seed gives the same files)::

    python examples/tally/make_example_tallies.py

2026 is kept as staff keep it day by day (attendance per offer and day, help per
case); 2025 as monthly sums, as many centres kept it before. The numbers are
invented but plausible for a mothers' centre in a large city district.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

import familycentre as fc

HERE = Path(__file__).resolve().parent
DATA = fc.load(HERE.parent / "sonnenblume.toml")

# typical visitors per occurrence, and the share of audience groups among them
TYPICAL = {
    "offener-treff": 18,
    "fruehstueck": 16,
    "mittagstisch": 22,
    "waeschedienst": 6,
    "hausaufgaben": 11,
    "ferienprogramm": 14,
    "babysitter-vermittlung": 3,
    "secondhand-laden": 13,
    "elternberatung": 5,
    "elternabend": 12,
    "pc-kurs-wiedereinstieg": 8,
    "erste-hilfe-kind": 11,
    "sprachcafe": 9,
    "inklusive-spielgruppe": 7,
    "lesepaten": 8,
    "mitmachtreffen": 10,
    "adventsbasar": 140,
}
GROUPS = {  # German labels as column headers: (label, share of participants)
    "offener-treff": {"Kinder": 0.35, "Seniorinnen und Senioren": 0.1},
    "fruehstueck": {"Kinder": 0.3, "Neu zugezogene Familien": 0.15},
    "mittagstisch": {"Seniorinnen und Senioren": 0.4, "Schulkinder": 0.3},
    "hausaufgaben": {"Schulkinder": 1.0, "Familien mit Migrationsgeschichte": 0.5},
    "ferienprogramm": {"Schulkinder": 1.0},
    "sprachcafe": {
        "Familien mit Migrationsgeschichte": 0.8,
        "Neu zugezogene Familien": 0.4,
    },
    "inklusive-spielgruppe": {"Kinder": 0.5, "Menschen mit Behinderung": 0.3},
    "lesepaten": {"Seniorinnen und Senioren": 0.4, "Kinder": 0.6},
}
GROUP_COLUMNS = sorted({label for groups in GROUPS.values() for label in groups})


def occurrence_days(offer: fc.Offer, year: int) -> list[dt.date]:
    """The days an offer takes place in ``year``."""
    found = fc.occurrences(offer, DATA.centre, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return sorted({o.start.date() for o in found})


def write(name: str, header: list[str], rows: list[list[object]], *, excel: bool) -> None:
    """Excel's way (semicolon, byte order mark) or a plain UTF-8 CSV."""
    path = HERE / name
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def german(day: dt.date) -> str:
    """A day as Germans write it (02.03.2026)."""
    return day.strftime("%d.%m.%Y")


def decimal_comma(hours: float) -> str:
    """Hours with a decimal comma (1,5)."""
    return f"{hours:.1f}".replace(".", ",")


def attendance(year: int, rng: random.Random, *, monthly: bool) -> None:
    """The attendance sheet: daily (2026) or monthly sums (2025)."""
    rows: list[list[object]] = []
    sums: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0] + [0] * 7)
    for offer in DATA.offers:
        if offer.id not in TYPICAL:
            continue
        for day in occurrence_days(offer, year):
            base = TYPICAL[offer.id] * (0.9 if year == 2025 else 1.0)
            participants = max(0, round(rng.gauss(base, base * 0.25)))
            first = min(participants, max(0, round(rng.gauss(participants * 0.08, 1))))
            groups = {
                label: min(participants, round(participants * share * rng.uniform(0.8, 1.1)))
                for label, share in GROUPS.get(offer.id, {}).items()
            }
            cells = [groups.get(label, "") for label in GROUP_COLUMNS]
            if monthly:
                total = sums[(offer.id, day.month)]
                total[0] += participants
                total[1] += first
                for i, label in enumerate(GROUP_COLUMNS):
                    total[3 + i] += groups.get(label, 0)
                continue
            rows.append([german(day), offer.id, participants, "", first, *cells])
    if monthly:
        for (offer_id, month), total in sorted(sums.items()):
            cells = [
                total[3 + i] if label in GROUPS.get(offer_id, {}) else ""
                for i, label in enumerate(GROUP_COLUMNS)
            ]
            day = dt.date(year, month, 1)
            rows.append([german(day), offer_id, total[0], "Monat", total[1], *cells])
    rows.sort(key=lambda r: (dt.datetime.strptime(str(r[0]), "%d.%m.%Y"), str(r[1])))
    header = ["Datum", "Angebot", "Teilnehmende", "Zeitraum", "Erstbesuche", *GROUP_COLUMNS]
    write(f"teilnahme-{year}.csv", header, rows, excel=True)


HELP = [  # kind, offer, cases a year, hours per case, needs
    ("emergency_childcare", "notfall-kinderbetreuung", 38, 5.0, ["health", "employment"]),
    ("household_help", "haushaltshilfe", 24, 3.5, ["health", "disability"]),
    ("transport_ride", "fahrdienst", 160, 1.5, ["health", "benefits", "disability"]),
    ("laundry", "waeschedienst", 180, 1.0, [""]),
    ("babysitter_brokerage", "babysitter-vermittlung", 31, 0.5, ["childcare"]),
    ("childminder_brokerage", "babysitter-vermittlung", 12, 1.0, ["childcare"]),
    ("school_assistance_brokerage", "schulassistenz", 9, 2.0, ["disability", "education"]),
]


def help_cases(year: int, rng: random.Random) -> None:
    """Help given on request, one line per day, kind, need and offer."""
    days = [
        dt.date(year, 1, 1) + dt.timedelta(days=i)
        for i in range(365 + (year % 4 == 0))
        if (dt.date(year, 1, 1) + dt.timedelta(days=i)).weekday() < 5
    ]
    tallies: dict[tuple[dt.date, str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for kind, offer, per_year, hours, needs in HELP:
        number = round(per_year * (0.85 if year == 2025 else 1.0))
        for _ in range(number):
            day = rng.choice(days)
            need = rng.choice(needs)
            tally = tallies[(day, kind, need, offer)]
            tally[0] += 1
            tally[1] += round(max(0.5, rng.gauss(hours, hours * 0.3)) * 2) / 2
    rows = [
        [german(day), kind, int(c), decimal_comma(h), need, offer]
        for (day, kind, need, offer), (c, h) in sorted(tallies.items())
    ]
    header = ["Datum", "Art", "Fälle", "Stunden", "Anlass", "Angebot"]
    write(f"hilfe-{year}.csv", header, rows, excel=True)


def counselling(year: int, rng: random.Random) -> None:
    """Counselling and information contacts, monthly tallies."""
    rows: list[list[object]] = []
    plan = {
        "peer_talk": {"parenting": 14, "childcare": 6, "separation": 3, "health": 4},
        "information": {"benefits": 9, "housing": 4, "education": 5, "language": 3},
        "encouraged_self_help": {"benefits": 3, "debt": 2, "employment": 2},
        "topic_group": {"parenting": 2},
    }
    for month in range(1, 13):
        if month == 8:
            continue  # summer break
        for kind, topics in plan.items():
            for topic, mean in topics.items():
                count = max(0, round(rng.gauss(mean * (0.9 if year == 2025 else 1.0), 2)))
                if count:
                    rows.append([f"{year}-{month:02d}-01", "month", kind, topic, count])
    write(
        f"beratung-{year}.csv",
        ["date", "period", "kind", "topic", "count"],
        rows,
        excel=False,
    )


def engagement(year: int, rng: random.Random) -> None:
    """Volunteers and their hours per month and field."""
    fields = {  # field: (volunteers, hours per volunteer and month, self-help groups)
        "open_meeting_point": (9, 9.0, 0),
        "lunch_table": (6, 12.0, 0),
        "homework_supervision": (4, 8.0, 0),
        "intergenerational": (5, 4.0, 0),
        "second_hand_shop": (7, 10.0, 0),
        "emergency_childcare": (3, 6.0, 0),
        "peer_counselling": (2, 5.0, 2),
    }
    ages = ["unter 27", "27 bis 49", "50 bis 64", "65 und älter"]
    rows: list[list[object]] = []
    for month in range(1, 13):
        for field, (volunteers, hours, groups) in fields.items():
            people = max(1, volunteers + rng.randint(-2, 1) - (year == 2025))
            if month == 8:
                people = max(1, people // 2)
            shares = [0.1, 0.4, 0.3, 0.2]
            split = [int(people * share) for share in shares]
            total_hours = round(people * hours * rng.uniform(0.8, 1.2), 1)
            rows.append([f"{year}-{month:02d}", field, people, total_hours, groups, *split])
    header = ["month", "field", "volunteers", "hours", "self_help_groups", *ages]
    write(f"engagement-{year}.csv", header, rows, excel=False)


def participation(year: int, rng: random.Random) -> None:
    """Families at events of local bodies."""
    events = [
        ("district_conference", "Stadtteilkonferenz Hörde", [3, 6, 9, 11]),
        ("youth_welfare_committee", "Jugendhilfeausschuss: Familienzentren", [5]),
        ("hearing", "Bürgeranhörung Spielplatz Hafenwiese", [4]),
        ("council_consultation", "Ratsberatung Familienbudget", [10]),
        ("other", "Kinder- und Jugendforum", [2, 7]),
    ]
    rows = []
    for body, event, months in events:
        for month in months:
            day = dt.date(year, month, rng.randint(3, 25))
            rows.append([day.isoformat(), body, event, rng.randint(2, 14)])
    rows.sort()
    write(f"beteiligung-{year}.csv", ["date", "body", "event", "families"], rows, excel=False)


def network(year: int, rng: random.Random) -> None:
    """Cooperation agreements and network meetings."""
    cooperations = [
        ["familienberatung-sued", "Offene Sprechstunde im Café, monatlich", "2019-03-01", ""],
        ["kita-regenbogen", "Elternabende und Übergang Kita–Grundschule", "2021-08-01", ""],
        ["grundschule-am-hafen", "Hausaufgabenbetreuung und Ferienprogramm", "2018-09-01", ""],
        ["migrationsberatung", "Sprachcafé und Begleitung zu Ämtern", "2022-01-15", ""],
        ["schuldnerberatung", "Kurzberatung im Zentrum", "2020-05-01", "2025-06-30"],
        ["kinderschutzbund", "Fortbildung der Ehrenamtlichen", "2026-02-01", ""],
    ]
    write("kooperationen.csv", ["partner", "subject", "since", "until"], cooperations, excel=False)
    meetings = [
        ("hosted", "Netzwerk Frühe Hilfen Hörde", [2, 5, 9, 11], 9),
        ("attended", "Arbeitskreis Familienzentren Dortmund", [1, 4, 6, 10], 14),
        ("attended", "Stadtteilrunde Soziales", [3, 7, 12], 11),
        ("hosted", "Runder Tisch Alleinerziehende", [6, 11], 6),
    ]
    rows = []
    for role, title, months, organisations in meetings:
        for month in months:
            day = dt.date(year, month, rng.randint(3, 25))
            rows.append([day.isoformat(), role, title, organisations + rng.randint(-2, 2)])
    rows.sort()
    write(
        f"netzwerktreffen-{year}.csv",
        ["date", "role", "title", "organisations"],
        rows,
        excel=False,
    )


def demand(year: int) -> None:
    """Wishes, needs and waiting lists, and the responses."""
    rows = [
        [
            f"{year}-01-20",
            "wish",
            "Krabbelgruppe am Nachmittag",
            7,
            "",
            "started",
            f"{year}-03-02",
            "inklusive-spielgruppe",
        ],
        [
            f"{year}-02-10",
            "waiting_list",
            "Plätze in der Hausaufgabenbetreuung",
            9,
            "hausaufgaben",
            "extended",
            f"{year}-04-13",
            "hausaufgaben",
        ],
        [
            f"{year}-03-05",
            "need",
            "Hilfe bei Anträgen (Bürgergeld, Kinderzuschlag)",
            12,
            "",
            "changed",
            f"{year}-04-01",
            "elternberatung",
        ],
        [
            f"{year}-04-22",
            "wish",
            "Deutschkurs für Mütter mit Kinderbetreuung",
            8,
            "",
            "referred",
            f"{year}-05-06",
            "",
        ],
        [
            f"{year}-05-18",
            "waiting_list",
            "Plätze im PC-Kurs",
            6,
            "pc-kurs-wiedereinstieg",
            "",
            "",
            "",
        ],
        [f"{year}-06-09", "wish", "Vätertreff am Samstag", 4, "", "", "", ""],
        [
            f"{year}-09-14",
            "need",
            "Fahrten zur Kinderklinik",
            5,
            "",
            "extended",
            f"{year}-10-01",
            "fahrdienst",
        ],
        [f"{year}-10-27", "wish", "Lesepaten auch auf Türkisch", 3, "", "", "", ""],
    ]
    header = [
        "date",
        "kind",
        "topic",
        "families",
        "offer",
        "response",
        "response_date",
        "response_offer",
    ]
    write(f"bedarf-{year}.csv", header, rows, excel=False)


def reach(year: int, families: int) -> None:
    """Distinct families reached in the year."""
    write(
        f"familien-erreicht-{year}.csv",
        ["Jahr", "Familien", "Erhebung"],
        [[year, families, "Familienkarte (Zählung der ausgegebenen Karten)"]],
        excel=True,
    )


def main() -> None:
    """Write every sheet."""
    for year, monthly in ((2025, True), (2026, False)):
        rng = random.Random(year)
        attendance(year, rng, monthly=monthly)
        help_cases(year, rng)
        counselling(year, rng)
        engagement(year, rng)
        participation(year, rng)
        reach(year, 371 if year == 2025 else 412)
    network(2026, random.Random(7))
    demand(2026)


if __name__ == "__main__":
    main()
