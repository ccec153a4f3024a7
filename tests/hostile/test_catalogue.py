"""Run the catalogue of hostile inputs (:mod:`tests.hostile.cases`) through the CLI.

Every case: a non-zero exit, a message naming the place, no traceback, and nothing
written (no store file created or changed, no output file, no temporary file).
Commands run in this process through :func:`familycentre.cli.main`; files that
could hang a reader (a FIFO, a device) run in a subprocess with a timeout, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from familycentre.cli import main
from familycentre.cli.problems import render_problem
from familycentre.errors import Problem
from tests.hostile.cases import BASE, CASES, Case

MAX_LINE = 1000  # no message line may be longer (values are cut to 80 characters)
SUBPROCESS = {"fifo", "link-device", "device"}
RESULTS: dict[str, list[bool]] = collections.defaultdict(list)


class _Stdout(io.TextIOWrapper):
    """A text stream over bytes, like the real standard output (it has ``.buffer``)."""


def run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in this process: (exit status, stdout, stderr)."""
    out = _Stdout(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            status = exc.code if isinstance(exc.code, int) else 2
    raw = out.buffer.getvalue()  # type: ignore[attr-defined]
    return status, raw.decode("utf-8", "replace"), err.getvalue()


def run_subprocess(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in a fresh interpreter, failing after 60 s instead of hanging."""
    code = "import sys; from familycentre.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout, done.stderr


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry of ``folder`` with a digest of regular files (what 'nothing written' means)."""
    found: dict[str, str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and not entry.is_symlink():
            found[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()
        else:
            found[entry.name] = "link" if entry.is_symlink() else "special"
    return found


def big_file() -> str:
    """Eight daily offers with 48 windows each: about 1.4 million occurrences in ten years."""
    windows = ", ".join(
        f'"{h:02d}:{m:02d}-{h:02d}:{m + 20:02d}"' for h in range(24) for m in (0, 30)
    )
    offers = "".join(
        f'\n[[offers]]\nid = "o{i}"\ntitle = "Angebot {i}"\ncategory = "other"\n'
        f'[[offers.schedule]]\ndaily = "every_day"\ntimes = [{windows}]\nclosures = "regardless"\n'
        for i in range(8)
    )
    return BASE.split("[[offers]]")[0] + offers


@contextlib.contextmanager
def prepared(case: Case, folder: Path) -> Iterator[dict[str, str]]:
    """Create what the case needs in ``folder``; yield the placeholders."""
    names = {
        "tmp": str(folder),
        "file": str(folder / "base.toml"),
        "store": f"sqlite:///{folder / 'store.db'}",
        "out": str(folder / "out.ics"),
        "big": str(folder / "big.toml"),
    }
    (folder / "base.toml").write_text(BASE, encoding="utf-8")
    keep: list[socket.socket] = []
    if "store" in case.setup:
        assert run(["load", names["file"], "--store", names["store"], "-q"])[0] == 0
    if "big" in case.setup:
        (folder / "big.toml").write_text(big_file(), encoding="utf-8")
    if "fifo-out" in case.setup:
        os.mkfifo(folder / "out.ics")
    if "dir-out" in case.setup:
        (folder / "out.ics").mkdir()
    if "link-fifo-out" in case.setup:
        os.mkfifo(folder / "pipe")
        (folder / "out.ics").symlink_to(folder / "pipe")
    if "conflict-files" in case.setup:
        (folder / "a.toml").write_text(BASE, encoding="utf-8")
        (folder / "b.toml").write_text(
            BASE.replace('id = "sonnenblume"', 'id = "zweite"'), encoding="utf-8"
        )
        (folder / "c.toml").write_text(
            BASE.replace('id = "sonnenblume"', 'id = "dritte"')
            .replace('id = "fruehstueck"', 'id = "fruehstueck-drei"')
            .replace('name = "Jugendamt"', 'name = "Jugendamt Nord"'),
            encoding="utf-8",
        )
        (folder / "d.toml").write_text(
            BASE.replace('municipality = "Dortmund"', 'municipality = "Bochum"'),
            encoding="utf-8",
        )
    if case.argv:
        yield names
        return
    data = folder / f"data{case.suffix}"
    if case.special == "fifo":
        os.mkfifo(data)
    elif case.special == "link-device":
        data.symlink_to("/dev/zero")
    elif case.special == "device":
        data.symlink_to("/dev/null")
    elif case.special == "directory":
        data.mkdir()
    elif case.special == "large":
        with open(data, "wb") as stream:
            stream.truncate(17 * 1024 * 1024)  # sparse: costs no disk
    elif case.special == "socket":
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(data))
        keep.append(server)
    elif case.special != "missing":
        assert case.content is not None
        data.write_bytes(case.content)
    names["data"] = str(data)
    try:
        yield names
    finally:
        for item in keep:
            item.close()


def commands(case: Case, names: dict[str, str]) -> list[list[str]]:
    """The command lines that must refuse the case."""
    if case.argv:
        return [[part.format(**names) for part in case.argv]]
    data = names["data"]
    return [
        ["validate", data],
        ["load", data, "--store", names["store"]],
        ["occurrences", data, "--from", "2026-01-01", "--to", "2026-12-31"],
        ["export", "ical", data, "-o", names["out"]],
        ["export", "vcard", data, "-o", str(Path(names["tmp"]) / "out.vcf")],
    ]


_PATH = re.compile(r"(?P<path>[a-z_]+(?:\[\d+\]|\.[a-z_]+)*)(?:: (?P<message>.*))?", re.DOTALL)


def as_shown(case: Case) -> str:
    """The expectation as the command line shows it: offers by id, schedules by number.

    ``offers[0].schedule[0].every: must ...`` is shown as ``offer "fruehstueck",
    schedule 1: every: must ...`` (see :mod:`familycentre.cli.problems`).
    """
    found = _PATH.fullmatch(case.expect)
    if found is None or not found["path"].startswith(("offers[", "partners[")):
        return case.expect
    path: list[str | int] = []
    for name, index in re.findall(r"([a-z_]+)|\[(\d+)\]", found["path"]):
        path.append(name if name else int(index))
    raw = None
    if case.content is not None:
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            text = case.content.decode("utf-8")
            raw = tomllib.loads(text) if case.suffix == ".toml" else json.loads(text)
    message = found["message"] or ""
    shown = render_problem(Problem(tuple(path), message or "-"), None, {}, raw)
    return shown if message else shown.removesuffix(": -")


def check(case: Case, folder: Path) -> None:
    with prepared(case, folder) as names:
        before = snapshot(folder)
        for argv in commands(case, names):
            runner = run_subprocess if case.special in SUBPROCESS else run
            status, out, err = runner(argv)
            where = f"{' '.join(argv)[:200]}\n{err[:2000]}"
            assert status != 0, where
            assert "Traceback" not in err, where
            assert case.expect in err or as_shown(case) in err, where
            assert all(len(line) <= MAX_LINE for line in err.splitlines()), where
            assert snapshot(folder) == before, where  # nothing created, changed or left
            assert not out.strip(), where  # no data printed for a refused command


@pytest.mark.parametrize("case", CASES, ids=[f"{c.area}/{c.name}" for c in CASES])
def test_hostile_input_is_refused_cleanly(case: Case, tmp_path: Path) -> None:
    ok = False
    try:
        check(case, tmp_path)
        ok = True
    finally:
        RESULTS[case.area].append(ok)


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(CASES) >= 130
    assert len({case.name for case in CASES}) == len(CASES)
    contents = [case.content for case in CASES if case.content is not None]
    assert len(set(contents)) == len(contents)  # no two data files alike
    argvs = [(case.argv, case.setup) for case in CASES if case.argv]
    assert len(set(argvs)) == len(argvs)


def test_zz_counts_by_area(capsys: pytest.CaptureFixture[str]) -> None:
    """Print the cases tried and held by area (run last in this module)."""
    with capsys.disabled():
        total = held = 0
        for area, results in sorted(RESULTS.items()):
            print(f"\n  {area:24} {len(results):4} tried {sum(results):4} held", end="")
            total += len(results)
            held += sum(results)
        print(f"\n  {'all':24} {total:4} tried {held:4} held")
