"""Set-up findings: the docs extra, sqlite URLs, the example the tutorial validates."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from familycentre.errors import StoreError
from familycentre.storage.sqlite import path_from_url

ROOT = Path(__file__).resolve().parent.parent


def test_the_docs_extra_has_what_autodoc_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {
        requirement.split(">")[0].split("=")[0].split("[")[0].strip().lower()
        for requirement in project["optional-dependencies"]["docs"]
    }
    # the testing helpers (familycentre.testing) import both; the API page documents them
    assert {"sphinx", "myst-parser", "pytest", "hypothesis"} <= names


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///srv/fc/familycentre.db", "/srv/fc/familycentre.db"),
        ("sqlite:////srv/fc/familycentre.db", "/srv/fc/familycentre.db"),
        ("sqlite:zentrum.db", "zentrum.db"),
        ("sqlite:daten/zentrum.db", "daten/zentrum.db"),
        ("zentrum.db", "zentrum.db"),
    ],
)
def test_sqlite_urls(url: str, path: str) -> None:
    assert path_from_url(url) == Path(path)


@pytest.mark.parametrize("url", ["sqlite:///zentrum.db", "sqlite:////zentrum.db"])
def test_a_database_in_the_filesystem_root_is_refused(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        path_from_url(url)
    assert "filesystem root" in str(caught.value)
    assert "sqlite:zentrum.db" in str(caught.value)


def test_the_getting_started_tutorial_shows_what_it_validates() -> None:
    text = (ROOT / "docs" / "tutorials" / "getting-started.md").read_text("utf-8")
    assert "pip install familycentre " not in text
    assert "examples/broken.toml" in text
    assert (ROOT / "examples" / "broken.toml").is_file()


def test_the_cli_reference_shows_purge_older_than_as_optional() -> None:
    text = (ROOT / "docs" / "reference" / "cli.md").read_text("utf-8")
    assert "## `familycentre purge [--older-than PERIOD]" in text
