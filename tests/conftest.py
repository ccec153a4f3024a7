from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _command_line_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks English in tests, whatever the machine's locale."""
    monkeypatch.setenv("FAMILYCENTRE_LANG", "en")
    from familycentre.cli.common import set_language

    set_language("en")


@pytest.fixture
def example_path() -> Path:
    return ROOT / "examples" / "sonnenblume.toml"


@pytest.fixture(autouse=True)
def _private_load_journal(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``familycentre load`` remembers its loads; tests keep that out of the user's cache."""
    folder = tmp_path_factory.mktemp("journal")
    monkeypatch.setenv("FAMILYCENTRE_LOAD_JOURNAL", str(folder / "loads.json"))
