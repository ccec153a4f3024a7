"""The command line: exit codes, output, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import familycentre as fc
from familycentre.cli import main


def test_validate_example(example_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(example_path)]) == 0
    assert (
        capsys.readouterr().out == f"{example_path}: valid (sonnenblume: 21 offers, 11 partners)\n"
    )


def test_validate_several_files_reports_each(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.toml"
    assert main(["validate", str(example_path), str(empty), str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{empty}: the file is empty",
        f"{missing}: no such file",
    ]
    assert "valid" in captured.out


def test_quiet(example_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "-q", str(example_path)]) == 0
    assert capsys.readouterr().out == ""


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"familycentre {fc.__version__}"


def test_python_dash_m_and_console_script(example_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "familycentre", "validate", str(example_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_bad_file_from_subprocess_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe[centre]")
    result = subprocess.run(
        [sys.executable, "-m", "familycentre", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"{bad}: not UTF-8 text: byte 0xff on line 1\n"


def test_load_journal_skips_unchanged_files_only_when_the_store_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAMILYCENTRE_LOAD_JOURNAL", str(tmp_path / "journal.json"))
    example = Path(__file__).parents[1] / "examples" / "sonnenblume.toml"
    data = tmp_path / "centre.toml"
    data.write_bytes(example.read_bytes())
    url = f"sqlite://{tmp_path / 'fc.db'}"
    skipped = "no file changed since the last load"

    def load(*extra: str) -> str:
        assert main(["load", str(data), "--store", url, *extra]) == 0
        out: str = capsys.readouterr().out
        return out

    assert "0 added" not in load()  # the first load adds the records
    second = load()  # the first load wrote: the journal cannot vouch, so it compares
    assert "0 added, 0 updated" in second
    assert skipped not in second
    assert skipped in load()  # nothing changed since a load that wrote nothing
    assert skipped not in load("--full")
    assert skipped in load()
    with fc.open_store(url) as store:  # someone writes to the store in between
        record = store.record(fc.Offer, "fruehstueck")
        store.update(attrs.evolve(record.value, location="Küche"), revision=record.revision)
    assert "1 updated" in load()  # the file is the truth again
    assert skipped not in load()  # that load wrote: compared once more
    assert skipped in load()
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = load()  # other bytes: read again, though the data is the same
    assert skipped not in changed
    assert "0 added, 0 updated" in changed
