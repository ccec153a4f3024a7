"""What the command line imports: a version string loads nothing of the library.

Counted in modules, not in time (times are too noisy to assert in a unit test; the
benchmarks measure them). Each check runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("attrs", "cattrs", "icalendar", "vobject", "phonenumbers", "holidays", "psycopg")


def imported_after(argv: list[str]) -> set[str]:
    """The modules loaded by ``familycentre ARGV`` (run through ``main``) in a new process."""
    code = (
        "import sys, json, contextlib, io\n"
        "from familycentre.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_version_imports_nothing_heavy() -> None:
    modules = imported_after(["--version"])
    assert {name.split(".")[0] for name in modules} & set(HEAVY) == set()
    library = {m for m in modules if m.startswith("familycentre.")}
    assert library <= {"familycentre._version", "familycentre.cli", "familycentre.cli.common"}


@pytest.mark.parametrize("argv", [["--help"], ["export", "--list"], ["plugins", "--all"]])
def test_commands_that_open_no_store_do_not_import_database_drivers(argv: list[str]) -> None:
    modules = imported_after(argv)
    assert "psycopg" not in modules  # the PostgreSQL plugin is installed, but not used here
    assert "familycentre_postgres.store" not in modules
    assert "familycentre.referrals.report" not in modules
