"""The report's reference pages say what the code does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from familycentre.report import json_schema
from familycentre.tally import SHEETS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_documented_schema_is_the_schema() -> None:
    documented = json.loads((DOCS / "reference" / "report-schema.json").read_text("utf-8"))
    assert documented == json_schema()


def test_every_tally_column_is_documented() -> None:
    page = (DOCS / "reference" / "tally-sheets.md").read_text("utf-8")
    for sheet in SHEETS.values():
        heading = f"### {sheet.kind} ({sheet.german})"
        assert heading in page
        part = page.split(heading, 1)[1].split("\n### ", 1)[0]
        for column in sheet.columns:
            name = f"**{column.key}**" if column.required else column.key
            assert f"| {name} | {column.german} |" in part, (sheet.kind, column.key)


def test_the_python_examples_of_the_guides_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS.parent)
    for page in ("how-to/municipal-report.md", "how-to/referrals.md"):
        text = (DOCS / page).read_text("utf-8")
        blocks = [part.split("```", 1)[0] for part in text.split("```python\n")[1:]]
        assert blocks, page
        for block in blocks:
            if "familycentre.report" in block:
                exec(compile(block, page, "exec"), {})  # our own docs
