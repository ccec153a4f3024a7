"""``familycentre referral``: record and follow referrals with every rule applied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sonnenblume.toml"
ID = "sonnenblume-20261207-1"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fc.db'}"
    assert main(["load", str(EXAMPLE), "--store", url, "-q"]) == 0
    return url


def test_a_referral_from_first_note_to_closing(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def ok(*argv: str) -> str:
        status, out, err = run(capsys, "referral", *argv, "--store", store)
        assert status == 0, err
        return out

    ok(
        "new",
        "--centre",
        "sonnenblume",
        "--family",
        "F-17",
        "--need",
        "debt",
        "--partner",
        "schuldnerberatung",
        "--created",
        "07.12.2026",
    )
    status, _, err = run(
        capsys, "referral", "move", ID, "requested", "--store", store, "--at", "07.12.2026 10:00"
    )
    assert status == 1
    assert "there is no consent" in err  # the consent rule applies
    ok(
        "consent",
        ID,
        "--categories",
        "contact_details",
        "need",
        "--at",
        "07.12.2026 10:00",
        "--by",
        "Ayşe K.",
    )
    ok("move", ID, "requested", "--at", "07.12.2026 10:05", "--by", "Ayşe K.")
    ok("move", ID, "accepted", "--role", "partner", "--at", "08.12.2026 09:00", "--by", "Ayşe K.")
    status, _, err = run(capsys, "referral", "reopen", ID, "--reason", "x", "--store", store)
    assert status == 1
    assert "only a closed referral can be reopened" in err
    ok("close", ID, "need_met", "--at", "20.12.2026 12:00", "--by", "Jana M.")
    ok("reopen", ID, "--reason", "neuer Bedarf", "--at", "21.12.2026 08:00", "--by", "Jana M.")
    shown = ok("show", ID)
    assert "(Ayşe K.)" in shown
    assert "completed → draft  (Jana M.)  neuer Bedarf" in shown
    plain = json.loads(ok("show", ID, "--format", "json"))
    assert [step["to"] for step in plain["history"]] == [
        "requested",
        "accepted",
        "completed",
        "draft",
    ]
    assert plain["history"][2]["by"] == "Jana M."
    with fc.open_store(store) as opened:
        referral = opened.get(fc.Referral, ID)
        assert referral.status is fc.ReferralStatus.DRAFT
    # erasure clears the names in the history
    assert main(["erase", "F-17", "--store", store, "-q"]) == 0
    with fc.open_store(store) as opened:
        erased = opened.get(fc.Referral, ID)
    assert all(step.by is None for step in erased.history)


def test_unknown_partner_and_bad_need_are_refused(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys,
        "referral",
        "new",
        "--centre",
        "sonnenblume",
        "--family",
        "F",
        "--need",
        "debt",
        "--partner",
        "schuldnerbertung",
        "--store",
        store,
    )
    assert status == 1
    assert "unknown partner 'schuldnerbertung' (did you mean 'schuldnerberatung'?)" in err
    status, _, err = run(
        capsys,
        "referral",
        "new",
        "--centre",
        "sonnenblume",
        "--family",
        "F",
        "--need",
        "Schulden",
        "--partner",
        "schuldnerberatung",
        "--store",
        store,
    )
    assert status == 2
    assert "invalid choice: 'Schulden'" in err


def test_import_is_all_or_nothing_with_lines(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "vermittlungen.csv"
    bad.write_text(
        "centre,family,need,partner,created,status,by\n"
        "sonnenblume,F-1,debt,schuldnerberatung,2026-12-01,,Jana\n"
        "sonnenblume,F-2,dept,schuldnerberatung,2026-12-01,,Jana\n"
        "sonnenblume,F-3,debt,schuldnerberatung,2026-12-01,completed,Jana\n",
        "utf-8",
    )
    status, _, err = run(capsys, "referral", "import", str(bad), "--store", store)
    assert status == 1
    assert f"{bad}:3: need: unknown need 'dept'" in err
    assert f"{bad}:4:" in err
    assert "cannot become completed" in err
    assert "nothing imported" in err
    with fc.open_store(store) as opened:
        assert opened.referrals() == []
    good = tmp_path / "vermittlungen.toml"
    good.write_text(
        '[[referrals]]\ncentre = "sonnenblume"\nfamily = "F-1"\nneed = "debt"\n'
        'partner = "schuldnerberatung"\ncreated = 2026-12-01\nshares = []\n'
        'status = "requested"\nby = "Jana"\n',
        "utf-8",
    )
    status, _out, err = run(capsys, "referral", "import", str(good), "--store", store)
    assert status == 0, err
    with fc.open_store(store) as opened:
        (referral,) = opened.referrals()
    assert referral.status is fc.ReferralStatus.REQUESTED
    assert referral.history[-1].by == "Jana"
