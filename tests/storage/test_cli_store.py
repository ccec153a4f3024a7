"""`familycentre load` and the data source options that commands share."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.cli import add_source_arguments, main, open_source, read_centre_data

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"


def test_load_into_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    assert main(["load", str(EXAMPLE), "--store", url]) == 0
    assert "33 added, 0 updated, 0 unchanged, 0 deleted" in capsys.readouterr().out
    assert main(["load", str(EXAMPLE), "--store", url]) == 0
    assert "0 added, 0 updated, 33 unchanged, 0 deleted" in capsys.readouterr().out
    with fc.open_store(url) as store:
        assert store.centre_data("sonnenblume").centre == fc.load(EXAMPLE).centre


def test_load_uses_the_environment_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAMILYCENTRE_STORE", f"sqlite://{tmp_path / 'env.db'}")
    assert main(["load", "-q", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "env.db").is_file()


def test_load_checks_every_file_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[centre]\nid = 'x'\n", encoding="utf-8")
    url = f"sqlite://{tmp_path / 'fc.db'}"
    assert main(["load", str(EXAMPLE), str(bad), "--store", url]) == 1
    err = capsys.readouterr().err
    assert "bad.toml:1: centre.name: is required" in err
    with fc.open_store(url) as store:
        assert store.centres() == []


def test_load_reports_a_damaged_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fc.db"
    path.write_bytes(b"definitely not sqlite" * 10)
    assert main(["load", str(EXAMPLE), "--store", str(path)]) == 1
    assert "not an SQLite database" in capsys.readouterr().err
    assert path.read_bytes() == b"definitely not sqlite" * 10


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_source_arguments(parser)
    return parser.parse_args(argv)


def test_source_from_file_or_store(tmp_path: Path) -> None:
    with open_source(parse(str(EXAMPLE))) as store:
        assert [c.id for c in store.centres()] == ["sonnenblume"]
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        store.load(fc.load(EXAMPLE))
    [data] = read_centre_data(parse("--store", url), centre="sonnenblume")
    assert set(data.offers) == set(fc.load(EXAMPLE).offers)
    with pytest.raises(fc.NotFound, match=r"no centre 'elsewhere'.*'sonnenblume'"):
        read_centre_data(parse("--store", url), centre="elsewhere")
    with pytest.raises(fc.FamilyCentreError, match="either a data file or --store"):
        open_source(parse(str(EXAMPLE), "--store", url))


def test_occurrences_reads_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    window = ["--from", "2026-09-07", "--to", "2026-09-13", "--format", "json"]
    assert main(["occurrences", str(EXAMPLE), *window]) == 0
    from_file = capsys.readouterr().out
    assert main(["load", "-q", str(EXAMPLE), "--store", url]) == 0
    assert main(["occurrences", "--store", url, "--centre", "sonnenblume", *window]) == 0
    assert capsys.readouterr().out == from_file
    assert main(["occurrences", "--store", url, "--centre", "mond", *window]) == 1
    assert "no centre 'mond' in sqlite://" in capsys.readouterr().err
