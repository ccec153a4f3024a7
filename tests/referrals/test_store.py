"""Referrals in the stores: the conformance part, erasure down to the bytes, the commands."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import familycentre as fc
from familycentre.cli import main
from familycentre.testing import ReferralConformance
from familycentre.testing.builders import make_centre, make_offer, make_partner, make_referral
from familycentre.testing.referrals import MARKERS, add_marked_family

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def stored_referral_setup(store: fc.Store) -> dt.datetime:
    """A centre, a partner and a draft referral ``r-1`` with consent; returns a time."""
    store.add(make_centre("sonnenblume"))
    store.add(make_partner("schuldnerberatung", kind="debt_counselling"))
    consent = fc.Consent(
        given=AT,
        form="verbal",
        categories=["need", "contact_details"],
        partner_kinds=["debt_counselling"],
    )
    store.add(make_referral("r-1", "sonnenblume", "schuldnerberatung", consent=consent))
    return AT + dt.timedelta(hours=1)


class TestMemoryReferrals(ReferralConformance):
    @pytest.fixture
    def store(self) -> Iterator[fc.Store]:
        with fc.open_store("memory:") as store:
            yield store


class TestSQLiteReferrals(ReferralConformance):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[fc.Store]:
        with fc.open_store(f"sqlite://{tmp_path / 'fc.db'}") as store:
            yield store


def test_consent_by_partner_kind_is_checked_with_the_stored_partner() -> None:
    with fc.open_store("memory:") as store:
        at = stored_referral_setup(store)
        moved = fc.transition_referral(store, "r-1", "requested", at=at)
        assert moved.status is fc.ReferralStatus.REQUESTED


def _bytes_of(path: Path) -> bytes:
    data = path.read_bytes()
    for extra in ("-wal", "-journal"):
        side = path.with_name(path.name + extra)
        if side.exists():
            data += side.read_bytes()
    return data


def test_erased_values_are_not_in_the_sqlite_files(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    url = f"sqlite://{path}"
    with fc.open_store(url) as store:
        add_marked_family(store)
        # update the records a few times, so old versions sit in several pages
        for minute in range(3):
            record = store.record(fc.Referral, "r-3")
            store.update(record.value, revision=record.revision)
            assert minute >= 0
        store.checkpoint()  # type: ignore[attr-defined]
        raw = _bytes_of(path)
        assert all(marker.encode() in raw for marker in MARKERS)  # the check can fail
        assert fc.erase_family(store, MARKERS[0]) == 2
        raw = _bytes_of(path)
        found = [marker for marker in MARKERS if marker.encode() in raw]
        assert found == []
    raw = _bytes_of(path)
    assert [marker for marker in MARKERS if marker.encode() in raw] == []
    assert b"OTHERFAMILY" in raw  # other families' data is untouched


def test_erase_command_and_no_marker_in_reports_or_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fc.db"
    url = f"sqlite://{path}"
    with fc.open_store(url) as store:
        add_marked_family(store)
        store.add(make_offer("fruehstueck", "sonnenblume"))
    # public exports never read referrals, erased or not
    for exporter, name in (("ical", "before.ics"), ("vcard", "before.vcf")):
        target = tmp_path / name
        assert main(["export", exporter, "--store", url, "-o", str(target), "-q"]) == 0
        text = target.read_text(encoding="utf-8")
        assert [marker for marker in MARKERS if marker in text] == []
    assert main(["erase", MARKERS[0], "--store", url]) == 0
    assert "erased the personal data of 2 referral(s)" in capsys.readouterr().out
    outputs = []
    for form in ("json", "markdown", "html"):
        assert main(["report", "--year", "2026", "--store", url, "--format", form]) == 0
        outputs.append(capsys.readouterr().out)
    for exporter, name in (("ical", "out.ics"), ("vcard", "out.vcf")):
        target = tmp_path / name
        assert main(["export", exporter, "--store", url, "-o", str(target), "-q"]) == 0
        outputs.append(target.read_text(encoding="utf-8"))
    outputs.append(_bytes_of(path).decode("latin-1"))
    for text in outputs:
        for marker in MARKERS:
            assert marker not in text
    assert main(["erase", MARKERS[0], "--store", url]) == 1
    assert "no referral of the family" in capsys.readouterr().err


def test_purge_and_followups_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        add_marked_family(store)
    assert main(["followups", "--store", url, "--today", "2026-03-02", "--due-within", "7d"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "2026-03-05  r-3  sonnenblume  OTHERFAMILY  housing -> schuldnerberatung"
    )
    assert "r-1" not in out
    assert main(["followups", "--store", url, "--today", "2026-03-20", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["overdue"]) for r in rows] == [("r-3", True), ("r-1", True)]
    assert main(["purge", "--store", url, "--older-than", "24m", "--today", "2026-04-01"]) == 0
    assert "0 closed referral(s)" in capsys.readouterr().out
    assert main(["purge", "--store", url, "--older-than", "24m", "--today", "2028-04-01"]) == 0
    assert "1 closed referral(s)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["purge", "--store", url, "--older-than", "soon"])
    assert caught.value.code == 2
    assert "'soon' is not a period like 24m" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["followups", "--store", url, "--due-within", "2m"])
    assert "give days or weeks" in capsys.readouterr().err


def test_report_command_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        add_marked_family(store)
    out = tmp_path / "bericht.html"
    args = ["report", "--year", "2026", "--store", url, "--centre", "sonnenblume"]
    assert main([*args, "--format", "html", "-o", str(out), "--lang", "en"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h1>What the centre does for the municipality 2026</h1>" in page
    for marker in MARKERS:  # nothing about the family itself
        assert marker not in page
    assert main([*args, "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    table = plain["sections"]["counselling"]["tables"]["referrals_by_need_and_partner_kind"]
    assert table["total"] == "<5"
    assert main(["report", "--year", "2026", "--store", url, "--centre", "nirgends"]) == 1
    assert "nirgends" in capsys.readouterr().err
    assert main([*args, "--threshold", "0"]) == 1


def test_copy_keeps_family_contacts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, destination = f"sqlite://{tmp_path / 'a.db'}", f"sqlite://{tmp_path / 'b.db'}"
    with fc.open_store(source) as store:
        add_marked_family(store)
        expected = fc.family_contact(store, MARKERS[0])
    assert expected is not None
    assert main(["copy", source, destination, "-q"]) == 0
    with fc.open_store(destination) as store:
        assert fc.family_contact(store, MARKERS[0]) == expected
        assert len(store.referrals()) == 3


def test_purge_by_each_centres_retention_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --older-than, each centre's retention_months applies; no setting, no purge."""
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        add_marked_family(store)  # r-2 of 'sonnenblume' is closed in early 2026
    assert main(["purge", "--store", url, "--today", "2030-01-01"]) == 0
    assert "0 closed referral(s)" in capsys.readouterr().out  # no setting: left alone
    with fc.open_store(url) as store:
        record = store.record(fc.Centre, "sonnenblume")
        store.update(attrs.evolve(record.value, retention_months=24), revision=record.revision)
    assert main(["purge", "--store", url, "--today", "2027-01-01"]) == 0
    assert "0 closed referral(s)" in capsys.readouterr().out  # not yet 24 months
    assert main(["purge", "--store", url, "--today", "2028-06-01"]) == 0
    assert "1 closed referral(s)" in capsys.readouterr().out
    with fc.open_store(url) as store:
        assert MARKERS[0] not in {
            r.family for r in store.referrals(centre="sonnenblume") if not r.is_open
        }


def test_retention_months_must_be_positive() -> None:
    with pytest.raises(fc.InvalidData, match="retention_months: must be at least 1"):
        fc.structure(
            {
                "id": "x",
                "name": "X",
                "kind": "ohja",
                "municipality": "Bochum",
                "retention_months": 0,
            },
            fc.Centre,
        )
