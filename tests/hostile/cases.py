"""The catalogue of hostile inputs: one row per bad input, grouped by area.

Each :class:`Case` is a bad data file (checked through ``validate``, ``load``,
``occurrences`` and ``export``) or a bad command line (checked as given). Every
one must end with a non-zero exit, a message naming the place (``expect``), no
traceback, and nothing written. :mod:`tests.hostile.test_catalogue` runs them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

BASE = """\
[centre]
id = "sonnenblume"
name = "Mütterzentrum Sonnenblume e.V."
kind = "mothers_centre"
municipality = "Dortmund"
description = "Ein offenes Haus"

[[offers]]
id = "fruehstueck"
title = "Familienfrühstück"
category = "breakfast"
cost = { kind = "fee", amount_cents = 250 }
description = "Frühstück für alle"

[[offers.schedule]]
weekly = ["tue", "thu"]
times = ["09:00-11:00"]

[[partners]]
id = "jugendamt"
name = "Jugendamt"
kind = "youth_welfare_office"
notes = "Ansprechpartnerin im Haus"
[partners.contact]
phones = ["0231 5001234"]
"""

BASE_JSON: dict[str, object] = {
    "centre": {
        "id": "sonnenblume",
        "name": "Mütterzentrum Sonnenblume e.V.",
        "kind": "mothers_centre",
        "municipality": "Dortmund",
    },
    "offers": [
        {
            "id": "fruehstueck",
            "title": "Familienfrühstück",
            "category": "breakfast",
            "schedule": [{"weekly": ["tue"], "times": ["09:00-11:00"]}],
        }
    ],
    "partners": [{"id": "jugendamt", "name": "Jugendamt", "kind": "youth_welfare_office"}],
}


@dataclass(frozen=True)
class Case:
    """One bad input.

    :param area: The group it counts under in the report.
    :param name: A unique name (the test id).
    :param expect: Text the error message must contain: the place it names.
    :param content: The data file's bytes (for a data file case).
    :param suffix: The data file's suffix.
    :param special: A data file that is not a plain file: ``fifo``, ``device``,
        ``directory``, ``large``, ``missing``, ``link-device``.
    :param argv: A command line instead (``{file}``: a valid data file, ``{store}``:
        a store URL, ``{out}``: an output path, ``{tmp}``: the folder).
    :param setup: For command-line cases: what to prepare (``store``: a loaded
        store; ``fifo-out``, ``dir-out``, ``link-fifo-out``; ``conflict-files``).
    """

    area: str
    name: str
    expect: str
    content: bytes | None = None
    suffix: str = ".toml"
    special: str | None = None
    argv: tuple[str, ...] = ()
    setup: tuple[str, ...] = field(default=())


def _toml(old: str, new: str) -> bytes:
    assert old in BASE, old
    return BASE.replace(old, new, 1).encode("utf-8")


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode("utf-8")


def _json_with(path: tuple[str | int, ...], value: object) -> bytes:
    data = json.loads(json.dumps(BASE_JSON))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return _json(data)


CASES: list[Case] = []


def add(area: str, name: str, expect: str, **kwargs: object) -> None:
    """Add one case to the catalogue."""
    CASES.append(Case(area, name, expect, **kwargs))  # type: ignore[arg-type]


# --- the existing catalogue (tests/test_bad_input.py), as data files -------------------------

_EXISTING = [
    (
        "municipality-number",
        'municipality = "Dortmund"',
        "municipality = 44263",
        "centre.municipality: expected text",
    ),
    (
        "unknown-key",
        'title = "Familienfrühstück"',
        'title = "Familienfrühstück"\ncolour = "gelb"',
        "offers[0].colour: unknown key",
    ),
    (
        "misspelt-key",
        'category = "breakfast"',
        'category = "breakfast"\ncategry = "x"',
        "offers[0].categry: unknown key",
    ),
    ("missing-municipality", 'municipality = "Dortmund"', "", "centre.municipality: is required"),
    ("missing-offer-id", 'id = "fruehstueck"\n', "", "offers[0].id: is required"),
    (
        "phone-too-short",
        'phones = ["0231 5001234"]',
        'phones = ["12"]',
        "partners[0].contact.phones[0]",
    ),
    (
        "phone-unknown-country",
        'phones = ["0231 5001234"]',
        'phones = ["+999 1234567"]',
        "partners[0].contact.phones[0]",
    ),
    (
        "phone-letters",
        'phones = ["0231 5001234"]',
        'phones = ["0231 ABC123"]',
        "partners[0].contact.phones[0]",
    ),
    (
        "timezone-unknown",
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ntimezone = "Europe/Dortmund"',
        "centre.timezone",
    ),
    (
        "category-misspelt",
        'category = "breakfast"',
        'category = "brekfast"',
        "offers[0].category: unknown category",
    ),
    ("id-slash", 'id = "fruehstueck"', 'id = "a/b"', "offers[0].id"),
    ("id-dotdot", 'id = "fruehstueck"', 'id = ".."', "offers[0].id"),
    ("id-umlaut", 'id = "fruehstueck"', 'id = "Frühstück"', "offers[0].id"),
    (
        "id-too-long",
        'id = "fruehstueck"',
        f'id = "{"a" * 65}"',
        "offers[0].id: must be at most 64",
    ),
    ("title-blank", 'title = "Familienfrühstück"', 'title = "   "', "offers[0].title"),
    (
        "title-no-german",
        'title = "Familienfrühstück"',
        'title = { en = "Breakfast" }',
        "offers[0].title",
    ),
    (
        "amount-negative",
        "amount_cents = 250",
        "amount_cents = -250",
        "offers[0].cost.amount_cents",
    ),
    (
        "fee-without-amount",
        'cost = { kind = "fee", amount_cents = 250 }',
        'cost = "fee"',
        "offers[0].cost",
    ),
    (
        "weekday-misspelt",
        'weekly = ["tue", "thu"]',
        'weekly = ["tue", "thrsday"]',
        "offers[0].schedule[0].weekly[1]",
    ),
    ("weekly-empty", 'weekly = ["tue", "thu"]', "weekly = []", "offers[0].schedule[0].weekly"),
    (
        "window-reversed",
        'times = ["09:00-11:00"]',
        'times = ["11:00-09:00"]',
        "offers[0].schedule[0].times[0]",
    ),
    (
        "window-garbled",
        'times = ["09:00-11:00"]',
        'times = ["9 bis"]',
        "offers[0].schedule[0].times[0]",
    ),
    (
        "every-zero",
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nevery = 0',
        "offers[0].schedule[0].every",
    ),
    (
        "until-before-from",
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = 2026-09-01\nuntil = 2026-08-01',
        "offers[0].schedule[0].until",
    ),
    (
        "sessions-zero",
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = 2026-09-01\nsessions = 0',
        "offers[0].schedule[0].sessions",
    ),
    (
        "from-words",
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = "next week"',
        "offers[0].schedule[0].from",
    ),
    (
        "monthly-day-32",
        'weekly = ["tue", "thu"]',
        "monthly_days = [32]",
        "offers[0].schedule[0].monthly_days",
    ),
    (
        "monthly-weekday-long",
        'weekly = ["tue", "thu"]',
        'monthly = ["first mondey"]',
        "offers[0].schedule[0].monthly[0]",
    ),
    ("partner-kind-number", 'kind = "youth_welfare_office"', "kind = 3", "partners[0].kind"),
    (
        "region-de-xx",
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\nregion = "DE-XX"',
        "centre.region",
    ),
    (
        "language-word",
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\nlanguages = ["deutsch"]',
        "centre.languages",
    ),
    (
        "email-incomplete",
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ncontact = { emails = ["info@"] }',
        "centre.contact.emails",
    ),
    (
        "website-no-scheme",
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ncontact = { website = "www.x.de" }',
        "centre.contact.website",
    ),
    (
        "offer-other-centre",
        'id = "fruehstueck"',
        'id = "fruehstueck"\ncentre = "anderes"',
        "offers: offer 'fruehstueck' belongs to centre 'anderes'",
    ),
    ("toml-malformed", 'kind = "mothers_centre"', "kind = mothers_centre", "not valid TOML"),
]
for _name, _old, _new, _expect in _EXISTING:
    add("existing: data files", _name, _expect, content=_toml(_old, _new))

add(
    "existing: data files",
    "offer-id-twice",
    "offers: id 'fruehstueck' is used twice",
    content=BASE.replace(
        "\n\n[[partners]]",
        '\n\n[[offers]]\nid = "fruehstueck"\ntitle = "Noch eins"\ncategory = "other"'
        "\n\n[[partners]]",
        1,
    ).encode(),
)
add(
    "existing: data files",
    "json-malformed",
    "not valid JSON",
    content=b'{"centre": ',
    suffix=".json",
)
add("existing: data files", "file-missing", "no such file", special="missing")
add("existing: data files", "file-empty", "the file is empty", content=b"")
add("existing: data files", "file-blank", "the file is empty", content=b"\n  \n")
add(
    "existing: data files",
    "file-latin1",
    "not UTF-8 text: byte 0xe9 on line 2",
    content='[centre]\nname = "Caf\xe9"\n'.encode("latin-1"),
)
add("existing: data files", "centre-table-empty", "centre.id: is required", content=b"[centre]\n")
add(
    "existing: data files",
    "suffix-yaml",
    "unknown file type '.yaml'",
    content=b"centre: {}",
    suffix=".yaml",
)
add("existing: data files", "file-directory", "is a directory", special="directory")
add(
    "existing: data files",
    "json-top-list",
    "expected a table at the top",
    content=b"[1, 2]",
    suffix=".json",
)

# --- the existing schedule catalogue (tests/schedule/test_bad_input.py) -----------------------

_SCHEDULES = [
    (
        "every-negative",
        'weekly = ["tue"]\nevery = -2\nfrom = 2026-01-01',
        "schedule[0].every: must be at least 1",
    ),
    (
        "weekday-german-misspelt",
        'weekly = ["tue", "Mittwooch"]',
        "schedule[0].weekly[1]: unknown weekday 'Mittwooch' (did you mean 'mittwoch'?)",
    ),
    ("monthly-funday", 'monthly = ["first funday"]', "schedule[0].monthly[0]: 'first funday'"),
    ("every-without-from", 'weekly = ["tue"]\nevery = 2', "schedule[0].from: needs a first date"),
    (
        "sessions-zero-course",
        'weekly = ["wed"]\nfrom = 2026-09-02\nsessions = 0',
        "schedule[0].sessions: must be at least 1",
    ),
    (
        "two-patterns",
        'weekly = ["wed"]\ndaily = "weekdays"',
        "schedule[0].daily: give only one pattern",
    ),
    ("no-pattern", "every = 1", "schedule[0].dates: a schedule needs a pattern"),
    (
        "all-day-with-times",
        'weekly = ["wed"]\nall_day = true\ntimes = ["09:00-11:00"]',
        "schedule[0].times: an all-day schedule has no times",
    ),
    (
        "windows-overlap-in-table",
        'weekly = ["wed"]\ntimes = ["09:00-11:00", "10:00-12:00"]\n#',
        "schedule[0].times: 09:00-11:00 and 10:00-12:00 overlap",
    ),
    ("monthly-day-zero", "monthly_days = [0]", "schedule[0].monthly_days"),
    ("weekday-twice", 'weekly = ["wed", "wed"]', "schedule[0].weekly: lists a day twice"),
    (
        "sessions-and-until",
        'weekly = ["wed"]\nfrom = 2026-09-02\nsessions = 3\nuntil = 2026-12-01',
        "schedule[0].sessions: give either sessions or until",
    ),
    (
        "closure-policy-unknown",
        'weekly = ["wed"]\nclosures = "never"',
        "schedule[0].closures: unknown closure policy",
    ),
]
for _name, _pattern, _expect in _SCHEDULES:
    add(
        "existing: schedules",
        _name,
        "offers[0]." + _expect,
        content=_toml(
            'weekly = ["tue", "thu"]\ntimes = ["09:00-11:00"]',
            _pattern
            + (
                '\ntimes = ["09:00-11:00"]'
                if "times" not in _pattern and "all_day" not in _pattern
                else ""
            ),
        ),
    )

# --- control characters, surrogates and invisible text (item 9, item 6) -----------------------

_CONTROLS = {
    "nul": "\x00",
    "bel": "\x07",
    "bs": "\x08",
    "vt": "\x0b",
    "ff": "\x0c",
    "cr": "\r",
    "esc": "\x1b",
    "esc-csi": "\x1b[2J",
    "us": "\x1f",
    "del": "\x7f",
    "c1-nel": "\x85",
    "c1-csi": "\x9b",
}
for _name, _char in _CONTROLS.items():
    add(
        "control characters",
        f"title-{_name}",
        "offers[0].title",
        content=_json_with(("offers", 0, "title"), f"Früh{_char}stück"),
        suffix=".json",
    )
for _field, _path in {
    "centre-name": ("centre", "name"),
    "municipality": ("centre", "municipality"),
    "partner-name": ("partners", 0, "name"),
    "offer-location": ("offers", 0, "location"),
    "title-translation": ("offers", 0, "title"),
}.items():
    _value: object = (
        {"de": "Frühstück", "en": "Break\x1bfast"}
        if _field == "title-translation"
        else "Haus\x1b]0;pwned\x07"
    )
    add(
        "control characters",
        f"esc-in-{_field}",
        ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in _path).replace(".[", "["),
        content=_json_with(_path, _value),
        suffix=".json",
    )
add(
    "control characters",
    "esc-in-email",
    "centre.contact.emails",
    content=_json_with(("centre", "contact"), {"emails": ["info\x1b@example.org"]}),
    suffix=".json",
)
add(
    "control characters",
    "esc-in-website",
    "centre.contact.website",
    content=_json_with(("centre", "contact"), {"website": "https://example.org/\x1b"}),
    suffix=".json",
)
add(
    "control characters",
    "esc-in-toml-escape",
    "offers[0].title",
    content=_toml('title = "Familienfrühstück"', 'title = "Frühstück\\u001b[31m"'),
)
add(
    "control characters",
    "bel-in-toml-description",
    "centre.description",
    content=_toml('description = "Ein offenes Haus"', 'description = "Ein offenes\\u0007 Haus"'),
)

for _name, _path in {
    "title": ("offers", 0, "title"),
    "municipality": ("centre", "municipality"),
    "partner-name": ("partners", 0, "name"),
    "offer-id": ("offers", 0, "id"),
}.items():
    add(
        "surrogates",
        f"lone-surrogate-{_name}",
        ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in _path).replace(".[", "["),
        content=_json_with(_path, "a\ud800b"),
        suffix=".json",
    )
add(
    "surrogates",
    "low-surrogate-title",
    "offers[0].title",
    content=_json_with(("offers", 0, "title"), "\udc00"),
    suffix=".json",
)
add(
    "surrogates",
    "surrogate-in-key",
    "unknown key",
    content=_json_with(("centre", "x\ud800"), 1),
    suffix=".json",
)

_INVISIBLE = {
    "zwsp": "\u200b",
    "zwsp-twice": "\u200b\u200b",
    "zwj": "\u200d",
    "bom": "\ufeff",
    "lrm": "\u200e",
    "hangul-filler": "\u3164",
    "braille-blank": "\u2800",
    "nbsp-zwsp": "\u00a0\u200b",
    "word-joiner": "\u2060",
    "rtl-override": "\u202e",
}
for _name, _text in _INVISIBLE.items():
    add(
        "invisible texts",
        f"title-{_name}",
        "offers[0].title: must not be empty",
        content=_json_with(("offers", 0, "title"), _text),
        suffix=".json",
    )
add(
    "invisible texts",
    "translation-zwsp",
    "offers[0].title.en: must not be empty",
    content=_json_with(("offers", 0, "title"), {"de": "Frühstück", "en": "\u200b"}),
    suffix=".json",
)
add(
    "invisible texts",
    "municipality-zwsp",
    "centre.municipality: must not be empty",
    content=_json_with(("centre", "municipality"), "\u200b \u200b"),
    suffix=".json",
)

# --- parser limits: nesting, numbers, duplicate keys (items 6, 10) ----------------------------

add(
    "parser limits",
    "toml-nesting-1200",
    "nested",
    content=b"a = " + b"[" * 1200 + b"]" * 1200 + b"\n",
)
add(
    "parser limits",
    "json-nesting-1200",
    "nested",
    content=b'{"centre": ' + b"[" * 1200 + b"]" * 1200 + b"}",
    suffix=".json",
)
add(
    "parser limits",
    "json-nesting-100-objects",
    "nested",
    content=b'{"centre": ' + b'{"a": ' * 100 + b"1" + b"}" * 100 + b"}",
    suffix=".json",
)
add(
    "parser limits",
    "toml-nesting-tables-40",
    "nested",
    content=("[" + ".".join(f"t{i}" for i in range(40)) + "]\nx = 1\n").encode(),
)
add(
    "parser limits",
    "json-5000-digits",
    "digits is too long",
    content=b'{"centre": {"retention_months": ' + b"9" * 5000 + b"}}",
    suffix=".json",
)
add(
    "parser limits",
    "json-19-digits",
    "digits is too long",
    content=_json_with(("centre", "retention_months"), 0).replace(
        b'"retention_months": 0', b'"retention_months": 1234567890123456789'
    ),
    suffix=".json",
)
add(
    "parser limits",
    "toml-5000-digits",
    "not valid TOML",
    content=b"[centre]\nretention_months = " + b"9" * 5000 + b"\n",
)
add(
    "parser limits",
    "json-nan",
    "not a number JSON allows",
    content=b'{"centre": {"retention_months": NaN}}',
    suffix=".json",
)
add(
    "parser limits",
    "json-infinity",
    "not a number JSON allows",
    content=b'{"centre": {"retention_months": -Infinity}}',
    suffix=".json",
)
add(
    "parser limits",
    "json-duplicate-id",
    "the key 'id' is given twice",
    content=_json(BASE_JSON).replace(
        b'"id": "sonnenblume"', b'"id": "sonnenblume", "id": "andere"'
    ),
    suffix=".json",
)
add(
    "parser limits",
    "json-duplicate-centre",
    "the key 'centre' is given twice",
    content=b'{"centre": {}, "centre": {}}',
    suffix=".json",
)
add(
    "parser limits",
    "json-duplicate-nested",
    "the key 'weekly' is given twice",
    content=_json(BASE_JSON).replace(
        b'"weekly": ["tue"]', b'"weekly": ["tue"], "weekly": ["wed"]'
    ),
    suffix=".json",
)
add(
    "parser limits",
    "toml-duplicate-key",
    "not valid TOML",
    content=_toml('name = "Jugendamt"', 'name = "Jugendamt"\nname = "Amt"'),
)
add(
    "parser limits",
    "offers-single-table-toml",
    "offers: must be a list of tables",
    content=_toml("[[offers]]", "[offers]").replace(
        b"[[offers.schedule]]", b"[[offers.schedule]]"
    ),
)
add(
    "parser limits",
    "offers-single-object-json",
    "offers: must be a list of tables",
    content=_json_with(("offers",), {"id": "x", "title": "X", "category": "other"}),
    suffix=".json",
)
add(
    "parser limits",
    "json-top-string",
    "expected a table at the top",
    content=b'"hello"',
    suffix=".json",
)
add("parser limits", "json-bom-only", "the file is empty", content=b"\xef\xbb\xbf", suffix=".json")

# --- long values are cut in messages (item 11) ------------------------------------------------

add(
    "long values",
    "id-1mb",
    "offers[0].id",
    content=_toml('id = "fruehstueck"', 'id = "' + "A" * 1_000_000 + '"'),
)
add(
    "long values",
    "unknown-key-100k",
    "unknown key",
    content=_json_with(("centre", "k" * 100_000), 1),
    suffix=".json",
)
add(
    "long values",
    "category-1mb",
    "offers[0].category",
    content=_toml('category = "breakfast"', 'category = "' + "x" * 1_000_000 + '"'),
)
add(
    "long values",
    "email-100k",
    "centre.contact.emails",
    content=_json_with(("centre", "contact"), {"emails": ["a" * 100_000 + "@"]}),
    suffix=".json",
)

# --- dates at the calendar's edges in data files (item 6) -------------------------------------

add(
    "dates in data",
    "schedule-from-0001",
    "offers[0].schedule[0].from: the date 0001-01-01 lies outside",
    content=_toml('times = ["09:00-11:00"]', 'times = ["09:00-11:00"]\nfrom = 0001-01-01'),
)
add(
    "dates in data",
    "schedule-until-9999",
    "offers[0].schedule[0].until: the date 9999-12-31 lies outside",
    content=_toml('times = ["09:00-11:00"]', 'times = ["09:00-11:00"]\nuntil = 9999-12-31'),
)
add(
    "dates in data",
    "schedule-dates-2500",
    "offers[0].schedule[0].dates[0]",
    content=_toml('weekly = ["tue", "thu"]', "dates = [2500-01-01]"),
)
add(
    "dates in data",
    "closure-9999",
    "centre.closures[0].until",
    content=_toml(
        'description = "Ein offenes Haus"',
        'description = "x"\nclosures = [{ from = 2026-01-01, until = 9999-12-31 }]',
    ),
)
add(
    "dates in data",
    "cancelled-1800",
    "offers[0].schedule[0].cancelled[0]",
    content=_toml('times = ["09:00-11:00"]', 'times = ["09:00-11:00"]\ncancelled = [1800-01-01]'),
)

# --- regions (item 7) -------------------------------------------------------------------------

for _name, _region, _expect in [
    ("zz-99", "ZZ-99", "centre.region: 'ZZ-99'"),
    ("fr-idf", "FR-IDF", "centre.region: 'FR-IDF'"),
    ("lowercase", "de-nw", "centre.region"),
    ("number", "49", "centre.region"),
    ("de-bayern", "DE-BAY", "centre.region"),
]:
    add(
        "regions",
        _name,
        _expect,
        content=_toml('kind = "mothers_centre"', f'kind = "mothers_centre"\nregion = "{_region}"'),
    )
add(
    "regions",
    "zz-with-phones",
    "centre.region",
    content=_toml('kind = "mothers_centre"', 'kind = "mothers_centre"\nregion = "ZZ"'),
)
add(
    "regions",
    "school-rule-in-austria",
    "centre.region: 'AT-9' has no school holiday data",
    content=_toml(
        'times = ["09:00-11:00"]', 'times = ["09:00-11:00"]\nclosures = "school_days_only"'
    )
    .replace(b'kind = "mothers_centre"', b'kind = "mothers_centre"\nregion = "AT-9"')
    .replace(b"0231 5001234", b"+49 231 5001234"),
)
add(
    "regions",
    "holiday-rule-in-germany-only-country",
    "centre.region: 'DE' has no school holiday data",
    content=_toml(
        'times = ["09:00-11:00"]', 'times = ["09:00-11:00"]\nclosures = "school_holidays_only"'
    ).replace(b'kind = "mothers_centre"', b'kind = "mothers_centre"\nregion = "DE"'),
)

# --- bounded work (item 8) --------------------------------------------------------------------

_MINUTES = ", ".join(
    f'"{m // 60:02d}:{m % 60:02d}-{(m + 1) // 60:02d}:{(m + 1) % 60:02d}"' for m in range(0, 1439)
)
add(
    "bounded work",
    "1439-windows-a-day",
    "offers[0].schedule[0].times: gives 1439 time windows a day",
    content=_toml('times = ["09:00-11:00"]', f"times = [{_MINUTES}]"),
)
_49 = ", ".join(
    f'"{m // 60:02d}:{m % 60:02d}-{m // 60:02d}:{m % 60 + 10:02d}"' for m in range(0, 49 * 20, 20)
)
add(
    "bounded work",
    "49-windows-a-day",
    "offers[0].schedule[0].times: gives 49 time windows",
    content=_toml('times = ["09:00-11:00"]', f"times = [{_49}]"),
)
_MANY_DATES = ", ".join(
    f"{2030 + d // 365}-{1 + (d % 365) // 31:02d}-{1 + d % 28:02d}" for d in range(12000)
)
add(
    "bounded work",
    "12000-dates",
    "offers[0].schedule[0].dates: lists",
    content=_toml('weekly = ["tue", "thu"]', f"dates = [{_MANY_DATES}]"),
)
add(
    "bounded work",
    "sessions-huge",
    "offers[0].schedule[0].sessions",
    content=_toml(
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = 2026-01-01\nsessions = 1000000000',
    ),
)
add(
    "bounded work",
    "sessions-1001",
    "offers[0].schedule[0].sessions: must be at most 1,000",
    content=_toml(
        'times = ["09:00-11:00"]', 'times = ["09:00-11:00"]\nfrom = 2026-01-01\nsessions = 1001'
    ),
)

# --- overlapping schedule tables (item 11) ----------------------------------------------------

_SECOND = "\n\n[[offers.schedule]]\n{}\n\n[[partners]]"
for _name, _table, _expect in [
    (
        "same-day-same-time",
        'weekly = ["tue"]\ntimes = ["10:00-12:00"]',
        "offers[0].schedule[1].times: overlaps schedule[0]",
    ),
    (
        "daily-vs-weekly",
        'daily = "weekdays"\ntimes = ["08:00-09:30"]',
        "offers[0].schedule[1].times: overlaps schedule[0]",
    ),
    (
        "all-day-vs-weekly",
        'weekly = ["thu"]\nall_day = true',
        "offers[0].schedule[1].times: overlaps schedule[0]",
    ),
    (
        "dates-vs-weekly",
        'dates = [2026-09-01]\ntimes = ["10:30-11:30"]',
        "offers[0].schedule[1].times: overlaps schedule[0]",
    ),
    (
        "monthly-vs-weekly",
        'monthly = ["first tue"]\ntimes = ["09:00-11:00"]',
        "offers[0].schedule[1].times: overlaps schedule[0]",
    ),
]:
    add(
        "overlapping tables",
        _name,
        _expect,
        content=BASE.replace("\n\n[[partners]]", _SECOND.format(_table), 1).encode(),
    )
add(
    "overlapping tables",
    "opening-hours",
    "centre.opening_hours[1].times: overlaps schedule[0]",
    content=_toml(
        'description = "Ein offenes Haus"',
        'description = "x"\n\n[[centre.opening_hours]]\ndaily = "every_day"\n'
        'times = ["09:00-17:00"]\n\n[[centre.opening_hours]]\nweekly = ["sat"]\n'
        'times = ["16:00-18:00"]',
    ),
)

# --- files that are not plain data files (item 6) ---------------------------------------------

add("not a plain file", "fifo", "is a FIFO (named pipe), not a regular file", special="fifo")
add("not a plain file", "device-link", "is a device, not a regular file", special="link-device")
add("not a plain file", "device-dev-null", "is a device, not a regular file", special="device")
add("not a plain file", "too-large", "data files may be at most", special="large")
add("not a plain file", "socket", "is a socket, not a regular file", special="socket")

# --- command lines: dates, years and periods at the edges (item 6) ----------------------------

for _name, _argv, _expect in [
    (
        "occurrences-from-9999-12-20",
        ("occurrences", "{file}", "--from", "9999-12-20", "--to", "9999-12-31"),
        "--from",
    ),
    (
        "occurrences-from-0001-01-01",
        ("occurrences", "{file}", "--from", "0001-01-01", "--to", "0001-02-01"),
        "--from",
    ),
    (
        "occurrences-to-10000",
        ("occurrences", "{file}", "--from", "2026-01-01", "--to", "10000-01-01"),
        "--to",
    ),
    (
        "occurrences-to-before-from",
        ("occurrences", "{file}", "--from", "2026-02-01", "--to", "2026-01-01"),
        "--to 2026-01-01 lies before",
    ),
    (
        "occurrences-eleven-years",
        ("occurrences", "{file}", "--from", "2026-01-01", "--to", "2037-01-01"),
        "ten years",
    ),
    (
        "occurrences-from-2199-12-31-window",
        ("occurrences", "{file}", "--from", "2199-12-31", "--to", "2200-01-01"),
        "--to",
    ),
    (
        "export-whole-calendar",
        ("export", "ical", "{file}", "-o", "{out}", "--from", "0001-01-01", "--to", "9999-12-31"),
        "--from",
    ),
    (
        "export-to-9999",
        ("export", "ical", "{file}", "-o", "{out}", "--from", "2026-01-01", "--to", "9999-12-31"),
        "--to",
    ),
    (
        "export-eleven-years",
        ("export", "ical", "{file}", "-o", "{out}", "--from", "2026-01-01", "--to", "2037-01-01"),
        "ten years",
    ),
    ("report-year-0", ("report", "--year", "0", "--store", "{store}"), "--year"),
    ("report-year-minus-5", ("report", "--year=-5", "--store", "{store}"), "--year"),
    ("report-year-100000", ("report", "--year", "100000", "--store", "{store}"), "--year"),
    ("report-year-words", ("report", "--year", "zwanzig", "--store", "{store}"), "--year"),
    (
        "followups-3000000d",
        ("followups", "--due-within", "3000000d", "--store", "{store}"),
        "--due-within",
    ),
    (
        "followups-today-9999",
        ("followups", "--today", "9999-12-31", "--store", "{store}"),
        "--today",
    ),
    (
        "followups-today-0001",
        ("followups", "--today", "0001-01-01", "--store", "{store}"),
        "--today",
    ),
    (
        "followups-in-months",
        ("followups", "--due-within", "2m", "--store", "{store}"),
        "--due-within",
    ),
    ("purge-30000y", ("purge", "--older-than", "30000y", "--store", "{store}"), "--older-than"),
    (
        "purge-huge-digits",
        ("purge", "--older-than", "9" * 30 + "d", "--store", "{store}"),
        "--older-than",
    ),
    (
        "purge-today-0001",
        ("purge", "--older-than", "1y", "--today", "0001-01-01", "--store", "{store}"),
        "--today",
    ),
    (
        "purge-period-words",
        ("purge", "--older-than", "forever", "--store", "{store}"),
        "--older-than",
    ),
]:
    add("command-line dates", _name, _expect, argv=_argv, setup=("store",))

# --- bounded requests (item 8) ----------------------------------------------------------------

add(
    "bounded work",
    "occurrences-two-million",
    "could give",
    argv=("occurrences", "{big}", "--from", "2026-01-01", "--to", "2035-12-31"),
    setup=("big",),
)
add(
    "bounded work",
    "export-expand-two-million",
    "could give",
    argv=(
        "export",
        "ical",
        "{big}",
        "-o",
        "{out}",
        "--recurrence",
        "expand",
        "--from",
        "2026-01-01",
        "--to",
        "2035-12-31",
    ),
    setup=("big",),
)
add(
    "bounded work",
    "occurrences-two-million-json",
    "could give",
    argv=(
        "occurrences",
        "{big}",
        "--format",
        "json",
        "--from",
        "2026-01-01",
        "--to",
        "2035-12-31",
    ),
    setup=("big",),
)

# --- output paths (items 4, 5) ----------------------------------------------------------------

add(
    "output paths",
    "out-fifo",
    "is a FIFO (named pipe)",
    argv=("export", "ical", "{file}", "-o", "{tmp}/out.ics"),
    setup=("fifo-out",),
)
add(
    "output paths",
    "out-directory",
    "is a directory",
    argv=("export", "ical", "{file}", "-o", "{tmp}/out.ics"),
    setup=("dir-out",),
)
add(
    "output paths",
    "out-link-to-fifo",
    "the link leads to",
    argv=("export", "ical", "{file}", "-o", "{tmp}/out.ics"),
    setup=("link-fifo-out",),
)
add(
    "output paths",
    "out-device",
    "is a device",
    argv=("export", "vcard", "{file}", "-o", "/dev/null"),
)
add(
    "output paths",
    "out-missing-directory",
    "no such directory",
    argv=("export", "ical", "{file}", "-o", "{tmp}/nowhere/out.ics"),
)
add(
    "output paths",
    "report-out-fifo",
    "is a FIFO (named pipe)",
    argv=("report", "--year", "2026", "--store", "{store}", "-o", "{tmp}/out.ics"),
    setup=("store", "fifo-out"),
)
add(
    "output paths",
    "report-out-directory",
    "is a directory",
    argv=("report", "--year", "2026", "--store", "{store}", "-o", "{tmp}/out.ics"),
    setup=("store", "dir-out"),
)

# --- one load, several files (item 10, 11) ----------------------------------------------------

add(
    "several files",
    "partner-differs",
    "partner \"jugendamt\": partner 'jugendamt' is also given in",
    argv=("load", "{tmp}/a.toml", "{tmp}/c.toml", "--store", "{store}"),
    setup=("store", "conflict-files"),
)
add(
    "several files",
    "offer-id-in-two-centres",
    "offer \"fruehstueck\": offer 'fruehstueck' of centre 'zweite'",
    argv=("load", "{tmp}/a.toml", "{tmp}/b.toml", "--store", "{store}"),
    setup=("store", "conflict-files"),
)
add(
    "several files",
    "offer-id-held-by-store",
    "the store already holds an offer 'fruehstueck' of centre 'sonnenblume'",
    argv=("load", "{tmp}/b.toml", "--store", "{store}"),
    setup=("store", "conflict-files"),
)
add(
    "several files",
    "same-file-twice-changed",
    "centre 'sonnenblume' is also given in",
    argv=("load", "{tmp}/a.toml", "{tmp}/d.toml", "--store", "{store}"),
    setup=("store", "conflict-files"),
)
