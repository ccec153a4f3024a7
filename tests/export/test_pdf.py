"""The pdf exporter: Chromium prints the programme pages on the documented paper."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import unicodedata

import pytest

import familycentre as fc
from familycentre.export.pdf import ChromiumMissing, chromium
from tests.export.conftest import export_bytes

pypdf = pytest.importorskip("pypdf") if not os.environ.get("CI") else __import__("pypdf")

HAVE_CHROMIUM = any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))
needs_chromium = pytest.mark.skipif(
    not HAVE_CHROMIUM and not os.environ.get("CI"),
    reason="Chromium is not installed (CI installs it and fails without it)",
)
A4_LONG, A4_SHORT = 297 / 25.4 * 72, 210 / 25.4 * 72  # points


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    from tests.conftest import ROOT

    return fc.load(ROOT / "examples" / "sonnenblume.toml")


@needs_chromium
@pytest.mark.parametrize(
    ("layout", "landscape", "pages"), [("week", True, 2), ("list", False, None)]
)
def test_pdf_pages_are_a4_in_the_layouts_orientation(
    example: fc.CentreData, layout: str, landscape: bool, pages: int | None
) -> None:
    window = (
        (dt.date(2026, 10, 5), dt.date(2026, 10, 11))
        if layout == "week"
        else (dt.date(2026, 9, 1), dt.date(2027, 2, 28))
    )
    data = export_bytes(
        example, "pdf", start=window[0], end=window[1], language="ar", extra={"layout": layout}
    )
    reader = pypdf.PdfReader(io.BytesIO(data))
    if pages is not None:
        assert len(reader.pages) == pages  # the example week: two A4 landscape pages (documented)
    else:
        assert 2 <= len(reader.pages) <= 12
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        expected = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
        assert (width, height) == pytest.approx(expected, abs=2)
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    assert "البرنامج" in text  # Arabic presentation forms, normalised


def test_missing_chromium_is_a_clear_error(
    example: fc.CentreData, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("FAMILYCENTRE_CHROMIUM", raising=False)
    with pytest.raises(ChromiumMissing, match="apt-get install chromium"):
        chromium()
    with pytest.raises(ChromiumMissing):
        export_bytes(example, "pdf", language="de")


@needs_chromium
def test_pdf_is_deterministic_and_selects_centres(example: fc.CentreData) -> None:
    other = fc.CentreData(
        fc.Centre(id="anderes", name="Anderes Zentrum", kind="ohja", municipality="Köln"),
        offers=(),
    )
    options = {"start": dt.date(2026, 9, 28), "end": dt.date(2026, 10, 4), "language": "de"}
    first = export_bytes([example, other], "pdf", centres=("sonnenblume",), **options)
    second = export_bytes([example, other], "pdf", centres=("sonnenblume",), **options)
    assert first == second  # Chromium's time stamp replaced by the data's
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert reader.metadata["/CreationDate"] == "D:20261101083000+00'00'"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Sonnenblume" in text
    assert "Anderes Zentrum" not in text
