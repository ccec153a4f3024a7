"""Output paths: links are written through, pipes and devices refused, temporary files cleaned."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest

import familycentre as fc
from familycentre.files import UnsafeOutput, atomic_write, check_output
from tests.hostile.cases import BASE
from tests.hostile.test_catalogue import run

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".familycentre-tmp"))


def test_a_link_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.ics"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "programme.ics"
    link.symlink_to(target)
    assert run(["export", "ical", str(EXAMPLE), "-o", str(link), "-q"])[0] == 0
    assert link.is_symlink()
    assert link.resolve() == target
    assert icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert target.stat().st_mode & 0o777 == 0o640  # the target's mode is kept
    # no temporary file left; beside the link, the parts kept for the next export
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".programme.ics.familycentre-parts",
        "programme.ics",
        "real.ics",
    ]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "partners.vcf"
    link.symlink_to(tmp_path / "made.vcf")
    assert run(["export", "vcard", str(EXAMPLE), "-o", str(link), "-q"])[0] == 0
    assert link.is_symlink()
    assert (tmp_path / "made.vcf").read_bytes().startswith(b"BEGIN:VCARD")


@pytest.mark.parametrize("kind", ["fifo", "directory", "device", "link-to-fifo"])
def test_what_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "out.ics"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/null")
    else:
        os.mkfifo(tmp_path / "pipe")
        path.symlink_to(tmp_path / "pipe")
    with pytest.raises(UnsafeOutput, match="not a regular file: give a file name, or -"):
        check_output(path)
    with pytest.raises(UnsafeOutput), atomic_write(path) as stream:
        stream.write(b"never")
    assert temporaries(tmp_path) == []


def test_dash_writes_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["export", "ical", str(EXAMPLE), "-o", "-"])
    assert status == 0, err
    assert icalendar.Calendar.from_ical(out.encode()).walk("VEVENT")
    assert list(tmp_path.iterdir()) == []  # no file called "-"


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("before")

    def half_written() -> None:
        with atomic_write(path) as stream:
            stream.write(b"half")
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        half_written()
    assert path.read_text() == "before"
    assert temporaries(tmp_path) == []


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    (tmp_path / f".out.txt.{dead_pid}.familycentre-tmp").write_text("stale")
    (tmp_path / f".out.txt.{dead_pid}.3.familycentre-tmp").write_text("stale too")
    (tmp_path / ".out.txt.1.familycentre-tmp").write_text("pid 1 lives: not ours to remove")
    (tmp_path / ".other.txt.999999.familycentre-tmp").write_text("another file's")
    with atomic_write(path) as stream:
        stream.write(b"new")
    assert path.read_text() == "new"
    assert temporaries(tmp_path) == [
        ".other.txt.999999.familycentre-tmp",
        ".out.txt.1.familycentre-tmp",
    ]


def test_two_writes_in_one_process_use_two_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with atomic_write(path) as first, atomic_write(path) as second:
        assert len(temporaries(tmp_path)) == 2
        first.write(b"1")
        second.write(b"2")
    assert path.read_text() == "1"  # the outer block replaced last
    assert temporaries(tmp_path) == []


KILLS = 12


def test_killed_exports_leave_at_most_one_temporary_file_and_the_next_cleans_it(
    tmp_path: Path,
) -> None:
    """SIGKILL an export while its temporary file exists, again and again (bounded)."""
    data = tmp_path / "sonnenblume.toml"
    data.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "programme.ics"
    argv = [
        sys.executable,
        "-c",
        "import sys; from familycentre.cli import main; sys.exit(main(sys.argv[1:]))",
        "export",
        "ical",
        str(data),
        "-o",
        str(out),
        "--recurrence",
        "expand",
        "--from",
        "2026-01-01",
        "--to",
        "2029-06-30",
        "-q",
    ]
    killed_mid_write = 0
    for _ in range(KILLS):
        process = subprocess.Popen(argv, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if temporaries(tmp_path):
                process.send_signal(signal.SIGKILL)
                killed_mid_write += 1
                break
            time.sleep(0.002)
        process.wait(timeout=60)
        assert len(temporaries(tmp_path)) <= 1, temporaries(tmp_path)
    assert killed_mid_write >= KILLS // 2  # the kills really came while writing
    process = subprocess.run(argv, capture_output=True, timeout=120)
    assert process.returncode == 0, process.stderr
    assert temporaries(tmp_path) == []
    assert icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")


def test_a_data_file_above_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with open(path, "wb") as stream:
        stream.truncate(fc.files.MAX_FILE_BYTES + 1)
    with pytest.raises(fc.InvalidData, match="data files may be at most 16,777,216 bytes"):
        fc.load(path)
    small = tmp_path / "small.toml"
    small.write_text(BASE)
    assert fc.files.read_bytes(small, limit=10_000) == BASE.encode()
    with pytest.raises(fc.InvalidData, match="may be at most 100 bytes"):
        fc.files.read_bytes(small, limit=100)
    assert io.BytesIO(fc.files.read_bytes(small)).read() == BASE.encode()
