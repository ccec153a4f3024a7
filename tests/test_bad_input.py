"""A catalogue of bad inputs: each gives its exact path and a plain message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.cli import main

BASE = """
[centre]
id = "sonnenblume"
name = "Mütterzentrum Sonnenblume e.V."
kind = "mothers_centre"
municipality = "Dortmund"

[[offers]]
id = "fruehstueck"
title = "Familienfrühstück"
category = "breakfast"
cost = { kind = "fee", amount_cents = 250 }

[[offers.schedule]]
weekly = ["tue", "thu"]
times = ["09:00-11:00"]

[[partners]]
id = "jugendamt"
name = "Jugendamt"
kind = "youth_welfare_office"
[partners.contact]
phones = ["0231 5001234"]
"""


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(fc.InvalidData) as info:
        fc.loads(text)
    return [(p.location, p.message) for p in info.value.problems]


def test_base_is_valid() -> None:
    data = fc.loads(BASE)
    assert data.offers[0].cost.amount_cents == 250
    assert data.partners[0].contact.phones[0].number == "+492315001234"


CASES = [
    # (replace this, with that, expected path, expected message start)
    (
        'municipality = "Dortmund"',
        "municipality = 44263",
        "centre.municipality",
        "expected text, not a whole number",
    ),
    (
        'title = "Familienfrühstück"',
        'title = "Familienfrühstück"\ncolour = "gelb"',
        "offers[0].colour",
        "unknown key",
    ),
    (
        'category = "breakfast"',
        'category = "breakfast"\ncategry = "x"',
        "offers[0].categry",
        "unknown key (did you mean 'category'?)",
    ),
    ('municipality = "Dortmund"', "", "centre.municipality", "is required"),
    ('id = "fruehstueck"\n', "", "offers[0].id", "is required"),
    (
        'phones = ["0231 5001234"]',
        'phones = ["12"]',
        "partners[0].contact.phones[0]",
        "'12' is not a valid phone number: too short",
    ),
    (
        'phones = ["0231 5001234"]',
        'phones = ["+999 1234567"]',
        "partners[0].contact.phones[0]",
        "'+999 1234567' is not a valid phone number: unknown country code",
    ),
    (
        'phones = ["0231 5001234"]',
        'phones = ["0231 ABC123"]',
        "partners[0].contact.phones[0]",
        "'0231 ABC123' is not a valid phone number: it contains letters",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ntimezone = "Europe/Dortmund"',
        "centre.timezone",
        "'Europe/Dortmund' is not a known IANA time zone",
    ),
    (
        'category = "breakfast"',
        'category = "brekfast"',
        "offers[0].category",
        "unknown category 'brekfast' (did you mean 'breakfast'?)",
    ),
    ('id = "fruehstueck"', 'id = "a/b"', "offers[0].id", "'a/b' is not a valid id"),
    ('id = "fruehstueck"', 'id = ".."', "offers[0].id", "'..' is not a valid id"),
    ('id = "fruehstueck"', 'id = "Frühstück"', "offers[0].id", "'Frühstück' is not a valid id"),
    (
        'id = "fruehstueck"',
        f'id = "{"a" * 65}"',
        "offers[0].id",
        "must be at most 64 characters long",
    ),
    ('title = "Familienfrühstück"', 'title = "   "', "offers[0].title", "must not be empty"),
    (
        'title = "Familienfrühstück"',
        'title = { en = "Breakfast" }',
        "offers[0].title",
        "needs the German text under the key 'de'",
    ),
    (
        "amount_cents = 250",
        "amount_cents = -250",
        "offers[0].cost.amount_cents",
        "must not be negative, not -250",
    ),
    (
        'cost = { kind = "fee", amount_cents = 250 }',
        'cost = "fee"',
        "offers[0].cost",
        "a fee needs an amount in euro cents",
    ),
    (
        'weekly = ["tue", "thu"]',
        'weekly = ["tue", "thrs"]',
        "offers[0].schedule[0].weekly[1]",
        "unknown weekday 'thrs' (did you mean 'thurs'?); use mon, tue, wed, thu",
    ),
    (
        'weekly = ["tue", "thu"]',
        "weekly = []",
        "offers[0].schedule[0].weekly",
        "must list at least one day",
    ),
    (
        'times = ["09:00-11:00"]',
        'times = ["11:00-09:00"]',
        "offers[0].schedule[0].times[0]",
        "11:00-09:00 ends before it starts",
    ),
    (
        'times = ["09:00-11:00"]',
        'times = ["9 bis"]',
        "offers[0].schedule[0].times[0]",
        "'9 bis' is not a time window like '09:00-11:00'",
    ),
    (
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nevery = 0',
        "offers[0].schedule[0].every",
        "must be at least 1, not 0",
    ),
    (
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = 2026-09-01\nuntil = 2026-08-01',
        "offers[0].schedule[0].until",
        "2026-08-01 lies before from (2026-09-01)",
    ),
    (
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = 2026-09-01\nsessions = 0',
        "offers[0].schedule[0].sessions",
        "must be at least 1, not 0",
    ),
    (
        'times = ["09:00-11:00"]',
        'times = ["09:00-11:00"]\nfrom = "next week"',
        "offers[0].schedule[0].from",
        "expected a date like 2026-09-01, not text",
    ),
    (
        'weekly = ["tue", "thu"]',
        "monthly_days = [32]",
        "offers[0].schedule[0].monthly_days",
        "days of the month run from 1 to 31 (or -1 to -31), not 32",
    ),
    (
        'weekly = ["tue", "thu"]',
        'monthly = ["first mondy"]',
        "offers[0].schedule[0].monthly[0]",
        "'first mondy': unknown weekday 'mondy'",
    ),
    (
        'kind = "youth_welfare_office"',
        "kind = 3",
        "partners[0].kind",
        "expected text naming a partner kind (one of: youth_welfare_office, ",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\nregion = "DE-XX"',
        "centre.region",
        "'DE-XX': 'XX' is not a German state",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\nlanguages = ["deutsch"]',
        "centre.languages",
        "'deutsch' is not a language tag",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ncontact = { emails = ["info@"] }',
        "centre.contact.emails",
        "'info@' is not an email address",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ncontact = { emails = ["info.@example.org"] }',
        "centre.contact.emails",
        "'info.@example.org' is not an email address",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ncontact = { emails = ["in..fo@example.org"] }',
        "centre.contact.emails",
        "'in..fo@example.org' is not an email address",
    ),
    (
        'kind = "mothers_centre"',
        'kind = "mothers_centre"\ncontact = { website = "www.x.de" }',
        "centre.contact.website",
        "'www.x.de' is not a web address",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "message"), CASES)
def test_bad_input_names_path_and_problem(old: str, new: str, path: str, message: str) -> None:
    assert old in BASE
    found = problems(BASE.replace(old, new, 1))
    assert any(location == path and text.startswith(message) for location, text in found), found


def test_every_problem_is_reported_at_once() -> None:
    text = (
        BASE.replace('category = "breakfast"', 'category = "brekfast"')
        .replace('phones = ["0231 5001234"]', 'phones = ["12", "abc"]')
        .replace('municipality = "Dortmund"', "")
    )
    locations = [location for location, _ in problems(text)]
    assert locations == [
        "centre.municipality",
        "offers[0].category",
        "partners[0].contact.phones[0]",
        "partners[0].contact.phones[1]",
    ]


def test_duplicate_offer_ids() -> None:
    text = BASE + '\n[[offers]]\nid = "fruehstueck"\ntitle = "Noch eins"\ncategory = "other"\n'
    assert problems(text) == [("offers", "id 'fruehstueck' is used twice")]


def test_offer_of_another_centre() -> None:
    text = BASE.replace('id = "fruehstueck"', 'id = "fruehstueck"\ncentre = "anderes"')
    assert problems(text) == [
        ("offers", "offer 'fruehstueck' belongs to centre 'anderes', not 'sonnenblume'")
    ]


def test_malformed_toml_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BASE.replace('kind = "mothers_centre"', "kind = mothers_centre"))
    with pytest.raises(fc.InvalidData) as info:
        fc.load(path)
    (problem,) = info.value.problems
    assert problem.path == ()
    assert problem.message.startswith("not valid TOML")
    assert "line 5" in problem.message
    assert str(info.value).startswith(f"{path}: not valid TOML")


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"centre": ')
    with pytest.raises(fc.InvalidData, match="not valid JSON"):
        fc.load(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\n  \n", "the file is empty"),
        ('[centre]\nname = "Caf\xe9"\n'.encode("latin-1"), "not UTF-8 text: byte 0xe9 on line 2"),
        (b"[centre]\n", None),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes | None, message: str | None) -> None:
    path = tmp_path / "centre.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(fc.InvalidData) as info:
        fc.load(path)
    if message is not None:
        assert [p.message for p in info.value.problems] == [message]
    else:  # a table without its required keys
        assert {p.location for p in info.value.problems} >= {"centre.id", "centre.name"}


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(fc.InvalidData, match=r"unknown file type '\.yaml'"):
        fc.load(tmp_path / "centre.yaml")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(fc.InvalidData, match="is a directory"):
        fc.load(tmp_path / "dir.toml")


def test_top_level_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(fc.InvalidData, match="expected a table at the top"):
        fc.load(path)


def test_nul_characters_are_refused() -> None:
    with pytest.raises(ValueError, match="must not contain control characters: NUL"):
        fc.Offer(id="x", centre="c", title="a\x00b", category="other")


def test_constructing_invalid_objects_in_python_fails() -> None:
    with pytest.raises(ValueError, match="id: 'A B' is not a valid id"):
        fc.Centre(id="A B", name="x", kind="ohja", municipality="Bochum")
    with pytest.raises(ValueError, match="is not a valid phone number"):
        fc.Phone("0231 1")
    with pytest.raises(ValueError, match="until"):
        fc.Closure(dt.date(2026, 8, 1), dt.date(2026, 7, 1))


def test_failed_dump_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = fc.loads(BASE)
    path = tmp_path / "centre.toml"
    fc.dump(data, path)
    before = path.read_bytes()

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr("familycentre.files.os.fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        fc.dump(data, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centre.toml"]


def test_cli_reports_each_problem_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE.replace('category = "breakfast"', 'category = "brekfast"'))
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    line = bad.read_text().splitlines().index('category = "brekfast"') + 1
    assert err.splitlines() == [
        f"{bad}:{line}: offer \"fruehstueck\": category: unknown category 'brekfast' "
        "(did you mean 'breakfast'?); "
        "known: " + ", ".join(c.value for c in fc.Category)
    ]
    assert "Traceback" not in err
